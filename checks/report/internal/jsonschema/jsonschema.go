// Package jsonschema validates JSON documents against a JSON Schema
// (draft-07), so that the tests of package report can check samlcheck's
// SARIF and JSON outputs against their schemas without a dependency.
//
// It implements the subset of draft-07 that the SARIF 2.1.0 schema and
// samlcheck's report schema use, and refuses to compile a schema that uses
// anything else, so that a keyword it does not know can never be passed over
// silently:
//
//   - type (a name or a list; "integer" is any number without a fraction),
//     enum, const;
//   - properties, required, additionalProperties (true, false or a schema),
//     patternProperties, propertyNames, minProperties, maxProperties,
//     dependencies (lists of names or schemas);
//   - items (one schema for every element), minItems, maxItems, uniqueItems,
//     contains;
//   - minLength, maxLength (in code points), pattern (Go regexp syntax, which
//     covers the patterns the schemas use), format "uri", "uri-reference"
//     and "date-time";
//   - minimum, maximum, exclusiveMinimum, exclusiveMaximum (numbers, as in
//     draft-06 and later), multipleOf;
//   - allOf, anyOf, oneOf, not, if/then/else;
//   - $ref to a JSON pointer within the same document ("#",
//     "#/definitions/x", "#/$defs/x"); as draft-07 says, keywords beside a
//     $ref are ignored.
//
// Annotations (title, description, default, examples, $comment, readOnly,
// writeOnly, $schema, $id) are accepted and ignored. Numbers are compared
// exactly, as rationals.
package jsonschema

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Schema is a compiled JSON Schema.
type Schema struct {
	root *node
}

// node is one compiled schema (a JSON object or a boolean schema).
type node struct {
	ptr string // JSON pointer of the schema within its document

	always  *bool // a boolean schema: true accepts everything, false nothing
	ref     string
	target  *node // resolved $ref
	types   []string
	enum    []any
	konst   any
	hasKon  bool
	format  string
	pattern *regexp.Regexp

	props      map[string]*node
	patProps   []patProp
	additional *node
	required   []string
	propNames  *node
	minProps   *int
	maxProps   *int
	depNames   map[string][]string
	depSchemas map[string]*node

	items    *node
	minItems *int
	maxItems *int
	unique   bool
	contains *node

	minLength *int
	maxLength *int

	minimum, maximum         *big.Rat
	exclMinimum, exclMaximum *big.Rat
	multipleOf               *big.Rat

	allOf, anyOf, oneOf []*node
	not                 *node
	ifN, thenN, elseN   *node
}

type patProp struct {
	re     *regexp.Regexp
	schema *node
}

// annotations are keywords that carry no assertion.
var annotations = map[string]bool{
	"$schema": true, "$id": true, "$comment": true, "title": true, "description": true,
	"default": true, "examples": true, "readOnly": true, "writeOnly": true,
	"definitions": true, "$defs": true, "contentMediaType": true, "contentEncoding": true,
}

// supportedDrafts are the $schema values Compile accepts.
var supportedDrafts = []string{
	"http://json-schema.org/draft-07/schema#",
	"http://json-schema.org/draft-07/schema",
}

// Compile parses and compiles a schema document. It returns an error for
// malformed JSON, a $schema other than draft-07, a $ref that does not point
// into the document, and any keyword or format this package does not
// implement.
func Compile(data []byte) (*Schema, error) {
	doc, err := decode(data)
	if err != nil {
		return nil, fmt.Errorf("jsonschema: schema: %w", err)
	}
	if obj, ok := doc.(map[string]any); ok {
		if s, ok := obj["$schema"].(string); ok && !slices.Contains(supportedDrafts, s) {
			return nil, fmt.Errorf("jsonschema: $schema %q is not supported (want draft-07)", s)
		}
	}
	c := &compiler{doc: doc, nodes: map[string]*node{}}
	root, err := c.compile(doc, "")
	if err != nil {
		return nil, err
	}
	for len(c.pending) > 0 {
		n := c.pending[0]
		c.pending = c.pending[1:]
		t, err := c.resolve(n.ref)
		if err != nil {
			return nil, fmt.Errorf("jsonschema: %s: %w", pointerOrRoot(n.ptr), err)
		}
		n.target = t
	}
	return &Schema{root: root}, nil
}

type compiler struct {
	doc     any
	nodes   map[string]*node // by JSON pointer, so that a $ref target compiles once
	pending []*node          // nodes whose $ref is still to resolve
}

func (c *compiler) compile(v any, ptr string) (*node, error) {
	if n, ok := c.nodes[ptr]; ok {
		return n, nil
	}
	n := &node{ptr: ptr}
	c.nodes[ptr] = n
	switch s := v.(type) {
	case bool:
		n.always = &s
		return n, nil
	case map[string]any:
		if err := c.fill(n, s); err != nil {
			return nil, err
		}
		return n, nil
	}
	return nil, fmt.Errorf("jsonschema: %s: a schema must be an object or a boolean, not %s", pointerOrRoot(ptr), typeOf(v))
}

// fill compiles the keywords of schema object s into n.
func (c *compiler) fill(n *node, s map[string]any) error {
	at := func(kw string) string { return n.ptr + "/" + escapePointer(kw) }
	bad := func(kw, want string) error {
		return fmt.Errorf("jsonschema: %s: %s must be %s", at(kw), kw, want)
	}
	if ref, ok := s["$ref"]; ok {
		r, ok := ref.(string)
		if !ok {
			return bad("$ref", "a string")
		}
		n.ref = r
		c.pending = append(c.pending, n)
		// draft-07 §8.3: all other properties of a $ref object are ignored;
		// still compile the definitions it may hold, so refs into them work.
	}
	for _, defs := range []string{"definitions", "$defs"} {
		if d, ok := s[defs]; ok {
			m, ok := d.(map[string]any)
			if !ok {
				return bad(defs, "an object")
			}
			for _, k := range sortedKeys(m) {
				if _, err := c.compile(m[k], at(defs)+"/"+escapePointer(k)); err != nil {
					return err
				}
			}
		}
	}
	if n.ref != "" {
		return nil
	}
	for _, kw := range sortedKeys(s) {
		v := s[kw]
		var err error
		switch kw {
		case "type":
			n.types, err = typeList(v)
			if err != nil {
				return fmt.Errorf("jsonschema: %s: %w", at(kw), err)
			}
		case "enum":
			a, ok := v.([]any)
			if !ok || len(a) == 0 {
				return bad(kw, "a non-empty array")
			}
			n.enum = a
		case "const":
			n.konst, n.hasKon = v, true
		case "format":
			f, ok := v.(string)
			if !ok {
				return bad(kw, "a string")
			}
			if _, known := formats[f]; !known {
				return fmt.Errorf("jsonschema: %s: format %q is not implemented", at(kw), f)
			}
			n.format = f
		case "pattern":
			p, ok := v.(string)
			if !ok {
				return bad(kw, "a string")
			}
			if n.pattern, err = regexp.Compile(p); err != nil {
				return fmt.Errorf("jsonschema: %s: %w", at(kw), err)
			}
		case "properties", "patternProperties", "dependencies":
			m, ok := v.(map[string]any)
			if !ok {
				return bad(kw, "an object")
			}
			if err := c.fillObjectMap(n, kw, at(kw), m); err != nil {
				return err
			}
		case "additionalProperties", "propertyNames", "items", "contains", "not", "if", "then", "else":
			if _, isArray := v.([]any); isArray && kw == "items" {
				return fmt.Errorf("jsonschema: %s: items as an array (tuple validation) is not implemented", at(kw))
			}
			sub, err := c.compile(v, at(kw))
			if err != nil {
				return err
			}
			*n.subschema(kw) = sub
		case "allOf", "anyOf", "oneOf":
			a, ok := v.([]any)
			if !ok || len(a) == 0 {
				return bad(kw, "a non-empty array")
			}
			var subs []*node
			for i, e := range a {
				sub, err := c.compile(e, at(kw)+"/"+strconv.Itoa(i))
				if err != nil {
					return err
				}
				subs = append(subs, sub)
			}
			switch kw {
			case "allOf":
				n.allOf = subs
			case "anyOf":
				n.anyOf = subs
			default:
				n.oneOf = subs
			}
		case "required":
			a, ok := v.([]any)
			if !ok {
				return bad(kw, "an array of strings")
			}
			for _, e := range a {
				name, ok := e.(string)
				if !ok {
					return bad(kw, "an array of strings")
				}
				n.required = append(n.required, name)
			}
		case "minItems", "maxItems", "minLength", "maxLength", "minProperties", "maxProperties":
			i, ok := nonNegativeInt(v)
			if !ok {
				return bad(kw, "a non-negative integer")
			}
			*n.count(kw) = &i
		case "uniqueItems":
			b, ok := v.(bool)
			if !ok {
				return bad(kw, "a boolean")
			}
			n.unique = b
		case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf":
			num, ok := v.(json.Number)
			if !ok {
				return bad(kw, "a number")
			}
			r, ok := new(big.Rat).SetString(string(num))
			if !ok {
				return bad(kw, "a number")
			}
			if kw == "multipleOf" && r.Sign() <= 0 {
				return bad(kw, "greater than 0")
			}
			*n.bound(kw) = r
		default:
			if !annotations[kw] {
				return fmt.Errorf("jsonschema: %s: keyword %q is not implemented", pointerOrRoot(n.ptr), kw)
			}
		}
	}
	return nil
}

// subschema returns the field of n that holds keyword kw's schema.
func (n *node) subschema(kw string) **node {
	switch kw {
	case "additionalProperties":
		return &n.additional
	case "propertyNames":
		return &n.propNames
	case "items":
		return &n.items
	case "contains":
		return &n.contains
	case "not":
		return &n.not
	case "if":
		return &n.ifN
	case "then":
		return &n.thenN
	}
	return &n.elseN
}

// count returns the field of n that holds keyword kw's count.
func (n *node) count(kw string) **int {
	switch kw {
	case "minItems":
		return &n.minItems
	case "maxItems":
		return &n.maxItems
	case "minLength":
		return &n.minLength
	case "maxLength":
		return &n.maxLength
	case "minProperties":
		return &n.minProps
	}
	return &n.maxProps
}

// bound returns the field of n that holds keyword kw's number.
func (n *node) bound(kw string) **big.Rat {
	switch kw {
	case "minimum":
		return &n.minimum
	case "maximum":
		return &n.maximum
	case "exclusiveMinimum":
		return &n.exclMinimum
	case "exclusiveMaximum":
		return &n.exclMaximum
	}
	return &n.multipleOf
}

// fillObjectMap compiles properties, patternProperties and dependencies.
func (c *compiler) fillObjectMap(n *node, kw, ptr string, m map[string]any) error {
	for _, k := range sortedKeys(m) {
		sptr := ptr + "/" + escapePointer(k)
		if kw == "dependencies" {
			if list, ok := m[k].([]any); ok {
				names := []string{}
				for _, e := range list {
					name, ok := e.(string)
					if !ok {
						return fmt.Errorf("jsonschema: %s: a dependency list must hold strings", sptr)
					}
					names = append(names, name)
				}
				if n.depNames == nil {
					n.depNames = map[string][]string{}
				}
				n.depNames[k] = names
				continue
			}
		}
		sub, err := c.compile(m[k], sptr)
		if err != nil {
			return err
		}
		switch kw {
		case "properties":
			if n.props == nil {
				n.props = map[string]*node{}
			}
			n.props[k] = sub
		case "patternProperties":
			re, err := regexp.Compile(k)
			if err != nil {
				return fmt.Errorf("jsonschema: %s: %w", sptr, err)
			}
			n.patProps = append(n.patProps, patProp{re: re, schema: sub})
		case "dependencies":
			if n.depSchemas == nil {
				n.depSchemas = map[string]*node{}
			}
			n.depSchemas[k] = sub
		}
	}
	return nil
}

// resolve finds the schema a local $ref points to.
func (c *compiler) resolve(ref string) (*node, error) {
	frag, ok := strings.CutPrefix(ref, "#")
	if !ok {
		return nil, fmt.Errorf("$ref %q: only references within the document (#/…) are implemented", ref)
	}
	frag, err := url.PathUnescape(frag)
	if err != nil {
		return nil, fmt.Errorf("$ref %q: %w", ref, err)
	}
	if frag != "" && !strings.HasPrefix(frag, "/") {
		return nil, fmt.Errorf("$ref %q: anchors are not implemented", ref)
	}
	if n, ok := c.nodes[frag]; ok {
		return n, nil
	}
	v := c.doc
	for _, tok := range strings.Split(frag, "/")[1:] {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		switch cur := v.(type) {
		case map[string]any:
			next, ok := cur[tok]
			if !ok {
				return nil, fmt.Errorf("$ref %q: no %q in the document", ref, tok)
			}
			v = next
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(cur) {
				return nil, fmt.Errorf("$ref %q: no element %q in the document", ref, tok)
			}
			v = cur[i]
		default:
			return nil, fmt.Errorf("$ref %q: points into a %s", ref, typeOf(cur))
		}
	}
	return c.compile(v, frag)
}

// Error lists every way a document violates a schema.
type Error struct {
	// Violations are "instance-pointer: what is wrong", in document order.
	Violations []string
}

// Error returns the violations, one a line.
func (e *Error) Error() string {
	return "jsonschema: document does not match the schema:\n\t" + strings.Join(e.Violations, "\n\t")
}

// Validate checks a JSON document against the schema. It returns an *Error
// listing every violation found, or an error for malformed JSON.
func (s *Schema) Validate(data []byte) error {
	doc, err := decode(data)
	if err != nil {
		return fmt.Errorf("jsonschema: document: %w", err)
	}
	var v validator
	v.check(s.root, doc, "")
	if len(v.errs) > 0 {
		return &Error{Violations: v.errs}
	}
	return nil
}

// maxRefHops bounds a chain of $refs to $refs (a cycle never ends).
const maxRefHops = 64

type validator struct {
	errs []string
}

func (v *validator) fail(at, format string, args ...any) {
	v.errs = append(v.errs, pointerOrRoot(at)+": "+fmt.Sprintf(format, args...))
}

// valid reports whether x matches n, without recording violations.
func valid(n *node, x any) bool {
	var sub validator
	sub.check(n, x, "")
	return len(sub.errs) == 0
}

func (v *validator) check(n *node, x any, at string) {
	for hops := 0; n.target != nil; hops++ {
		if hops > maxRefHops {
			v.fail(at, "$ref chain at %s does not end", pointerOrRoot(n.ptr))
			return
		}
		n = n.target
	}
	if n.always != nil {
		if !*n.always {
			v.fail(at, "no value is allowed here")
		}
		return
	}
	if len(n.types) > 0 && !slices.ContainsFunc(n.types, func(t string) bool { return hasType(x, t) }) {
		v.fail(at, "%s is not of type %s", typeOf(x), strings.Join(n.types, " or "))
		return
	}
	if n.enum != nil && !slices.ContainsFunc(n.enum, func(e any) bool { return equal(e, x) }) {
		v.fail(at, "%s is not one of %s", brief(x), brief(n.enum))
	}
	if n.hasKon && !equal(n.konst, x) {
		v.fail(at, "%s is not %s", brief(x), brief(n.konst))
	}
	switch x := x.(type) {
	case string:
		v.checkString(n, x, at)
	case json.Number:
		v.checkNumber(n, x, at)
	case []any:
		v.checkArray(n, x, at)
	case map[string]any:
		v.checkObject(n, x, at)
	}
	for _, sub := range n.allOf {
		v.check(sub, x, at)
	}
	if n.anyOf != nil && !slices.ContainsFunc(n.anyOf, func(sub *node) bool { return valid(sub, x) }) {
		v.fail(at, "matches none of the schemas of anyOf")
	}
	if n.oneOf != nil {
		matched := 0
		for _, sub := range n.oneOf {
			if valid(sub, x) {
				matched++
			}
		}
		if matched != 1 {
			v.fail(at, "matches %d of the schemas of oneOf, not exactly one", matched)
		}
	}
	if n.not != nil && valid(n.not, x) {
		v.fail(at, "matches the schema of not")
	}
	if n.ifN != nil {
		if valid(n.ifN, x) {
			if n.thenN != nil {
				v.check(n.thenN, x, at)
			}
		} else if n.elseN != nil {
			v.check(n.elseN, x, at)
		}
	}
}

func (v *validator) checkString(n *node, s, at string) {
	length := utf8.RuneCountInString(s)
	if n.minLength != nil && length < *n.minLength {
		v.fail(at, "string is shorter than %d characters", *n.minLength)
	}
	if n.maxLength != nil && length > *n.maxLength {
		v.fail(at, "string is longer than %d characters", *n.maxLength)
	}
	if n.pattern != nil && !n.pattern.MatchString(s) {
		v.fail(at, "%s does not match pattern %q", brief(s), n.pattern)
	}
	if n.format != "" {
		if err := formats[n.format](s); err != nil {
			v.fail(at, "%s is not a valid %s: %v", brief(s), n.format, err)
		}
	}
}

func (v *validator) checkNumber(n *node, num json.Number, at string) {
	r, ok := new(big.Rat).SetString(string(num))
	if !ok {
		v.fail(at, "%s is not a number", num)
		return
	}
	if n.minimum != nil && r.Cmp(n.minimum) < 0 {
		v.fail(at, "%s is less than the minimum %s", num, n.minimum.RatString())
	}
	if n.maximum != nil && r.Cmp(n.maximum) > 0 {
		v.fail(at, "%s is greater than the maximum %s", num, n.maximum.RatString())
	}
	if n.exclMinimum != nil && r.Cmp(n.exclMinimum) <= 0 {
		v.fail(at, "%s is not greater than %s", num, n.exclMinimum.RatString())
	}
	if n.exclMaximum != nil && r.Cmp(n.exclMaximum) >= 0 {
		v.fail(at, "%s is not less than %s", num, n.exclMaximum.RatString())
	}
	if n.multipleOf != nil && !new(big.Rat).Quo(r, n.multipleOf).IsInt() {
		v.fail(at, "%s is not a multiple of %s", num, n.multipleOf.RatString())
	}
}

func (v *validator) checkArray(n *node, a []any, at string) {
	if n.minItems != nil && len(a) < *n.minItems {
		v.fail(at, "array has %d items, fewer than %d", len(a), *n.minItems)
	}
	if n.maxItems != nil && len(a) > *n.maxItems {
		v.fail(at, "array has %d items, more than %d", len(a), *n.maxItems)
	}
	if n.unique {
		for i := range a {
			for j := range i {
				if equal(a[i], a[j]) {
					v.fail(at, "items %d and %d are equal, but items must be unique", j, i)
				}
			}
		}
	}
	if n.items != nil {
		for i, e := range a {
			v.check(n.items, e, at+"/"+strconv.Itoa(i))
		}
	}
	if n.contains != nil && !slices.ContainsFunc(a, func(e any) bool { return valid(n.contains, e) }) {
		v.fail(at, "no item matches the schema of contains")
	}
}

func (v *validator) checkObject(n *node, o map[string]any, at string) {
	if n.minProps != nil && len(o) < *n.minProps {
		v.fail(at, "object has %d properties, fewer than %d", len(o), *n.minProps)
	}
	if n.maxProps != nil && len(o) > *n.maxProps {
		v.fail(at, "object has %d properties, more than %d", len(o), *n.maxProps)
	}
	for _, name := range n.required {
		if _, ok := o[name]; !ok {
			v.fail(at, "required property %q is missing", name)
		}
	}
	for _, k := range sortedKeys(o) {
		kat := at + "/" + escapePointer(k)
		if n.propNames != nil {
			v.check(n.propNames, k, kat)
		}
		matched := false
		if p, ok := n.props[k]; ok {
			matched = true
			v.check(p, o[k], kat)
		}
		for _, pp := range n.patProps {
			if pp.re.MatchString(k) {
				matched = true
				v.check(pp.schema, o[k], kat)
			}
		}
		if !matched && n.additional != nil {
			if n.additional.always != nil && !*n.additional.always {
				v.fail(at, "property %q is not allowed", k)
				continue
			}
			v.check(n.additional, o[k], kat)
		}
		for _, dep := range n.depNames[k] {
			if _, ok := o[dep]; !ok {
				v.fail(at, "property %q requires property %q", k, dep)
			}
		}
		if d, ok := n.depSchemas[k]; ok {
			v.check(d, o, at)
		}
	}
}

// formats are the implemented values of "format": each returns why s is not
// of the format, or nil.
var formats = map[string]func(s string) error{
	"date-time":     checkDateTime,
	"uri":           func(s string) error { return checkURI(s, true) },
	"uri-reference": func(s string) error { return checkURI(s, false) },
}

// checkDateTime accepts an RFC 3339 date-time (with T or t, Z or z or an
// offset, any fraction of a second).
func checkDateTime(s string) error {
	_, err := time.Parse(time.RFC3339Nano, strings.ToUpper(s))
	if err != nil {
		return errors.New("not an RFC 3339 date-time")
	}
	return nil
}

var schemeRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*$`)

// checkURI accepts an RFC 3986 URI (absolute: with a scheme) or URI
// reference: no spaces or control characters, every '%' followed by two hex
// digits, and a syntax net/url parses.
func checkURI(s string, absolute bool) error {
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) || r > unicode.MaxASCII || strings.ContainsRune(`"<>\^`+"`{|}", r) {
			return fmt.Errorf("character %q is not allowed", r)
		}
	}
	u, err := url.Parse(s)
	if err != nil {
		return errors.New("does not parse")
	}
	if absolute && !u.IsAbs() {
		return errors.New("has no scheme")
	}
	if u.Scheme != "" && !schemeRE.MatchString(u.Scheme) {
		return errors.New("malformed scheme")
	}
	return nil
}

// decode reads one JSON value, keeping numbers as json.Number; trailing
// data is an error.
func decode(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("data after the JSON value")
	}
	return v, nil
}

func typeList(v any) ([]string, error) {
	known := []string{"null", "boolean", "object", "array", "number", "string", "integer"}
	var names []string
	switch t := v.(type) {
	case string:
		names = []string{t}
	case []any:
		for _, e := range t {
			s, ok := e.(string)
			if !ok {
				return nil, errors.New("type must be a string or an array of strings")
			}
			names = append(names, s)
		}
	default:
		return nil, errors.New("type must be a string or an array of strings")
	}
	for _, name := range names {
		if !slices.Contains(known, name) {
			return nil, fmt.Errorf("unknown type %q", name)
		}
	}
	return names, nil
}

func hasType(x any, t string) bool {
	switch t {
	case "integer":
		num, ok := x.(json.Number)
		if !ok {
			return false
		}
		r, ok := new(big.Rat).SetString(string(num))
		return ok && r.IsInt()
	case "number":
		_, ok := x.(json.Number)
		return ok
	}
	return typeOf(x) == t
}

// typeOf names x's JSON type ("number" for every number).
func typeOf(x any) string {
	switch x.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case json.Number:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", x)
}

// equal is JSON equality: numbers by value, objects regardless of order.
func equal(a, b any) bool {
	switch a := a.(type) {
	case json.Number:
		bn, ok := b.(json.Number)
		if !ok {
			return false
		}
		ra, ok1 := new(big.Rat).SetString(string(a))
		rb, ok2 := new(big.Rat).SetString(string(bn))
		return ok1 && ok2 && ra.Cmp(rb) == 0
	case []any:
		ba, ok := b.([]any)
		return ok && slices.EqualFunc(a, ba, equal)
	case map[string]any:
		bm, ok := b.(map[string]any)
		if !ok || len(a) != len(bm) {
			return false
		}
		for k, av := range a {
			bv, ok := bm[k]
			if !ok || !equal(av, bv) {
				return false
			}
		}
		return true
	}
	return a == b
}

// brief renders a value for a message, cut to 80 bytes.
func brief(x any) string {
	b, err := json.Marshal(x)
	if err != nil {
		return fmt.Sprint(x)
	}
	if len(b) > 80 {
		return string(b[:77]) + "..."
	}
	return string(b)
}

func nonNegativeInt(v any) (int, bool) {
	num, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	i, err := strconv.Atoi(string(num))
	return i, err == nil && i >= 0
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func escapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

func pointerOrRoot(p string) string {
	if p == "" {
		return "(root)"
	}
	return p
}
