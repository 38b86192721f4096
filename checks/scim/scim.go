// Package scim models the SCIM 2.0 documents (RFC 7643, RFC 7644) an
// identity provider sends to IAM Identity Center's SCIM endpoint: User and
// Group resources, PatchOp requests, list responses and error responses,
// and the endpoint URLs and filters of the requests. It judges nothing:
// the scim/* rules of package checks do.
package scim

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// The schema URNs of RFC 7643 §8.7 and RFC 7644 §3.
const (
	SchemaUser         = "urn:ietf:params:scim:schemas:core:2.0:User"
	SchemaGroup        = "urn:ietf:params:scim:schemas:core:2.0:Group"
	SchemaEnterprise   = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
	SchemaPatchOp      = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
	SchemaListResponse = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
	SchemaError        = "urn:ietf:params:scim:api:messages:2.0:Error"
	SchemaBulkRequest  = "urn:ietf:params:scim:api:messages:2.0:BulkRequest"
)

// Kind is what a document is, by its schemas.
type Kind string

// The kinds of documents.
const (
	KindUser         Kind = "User"
	KindGroup        Kind = "Group"
	KindPatchOp      Kind = "PatchOp"
	KindListResponse Kind = "ListResponse"
	KindError        Kind = "Error"
	KindOther        Kind = "other"
)

// MaxDocument is the largest document Parse reads.
const MaxDocument = 16 << 20

// Document is one SCIM JSON document. Attribute names are case-insensitive
// in SCIM (RFC 7643 §2.1): Attrs holds them lower-cased, at every level.
type Document struct {
	// Schemas is the "schemas" array.
	Schemas []string
	// Kind is the kind its schemas say.
	Kind Kind
	// Attrs are the top-level attributes, names lower-cased; values are
	// string, json.Number, bool, nil, []any or map[string]any (with
	// lower-cased keys).
	Attrs map[string]any
}

// ErrNotSCIM is returned by Parse for JSON without a "schemas" array of
// SCIM URNs.
var ErrNotSCIM = errors.New(`not a SCIM document (no "schemas" array of urn:ietf:params:scim: URNs)`)

// Parse reads a SCIM document.
func Parse(data []byte) (*Document, error) {
	data = bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	if len(data) > MaxDocument {
		return nil, fmt.Errorf("scim: longer than %d bytes", MaxDocument)
	}
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil {
		return nil, fmt.Errorf("scim: %w", err)
	}
	doc := &Document{Attrs: lower(m).(map[string]any)}
	raw, _ := doc.Attrs["schemas"].([]any)
	for _, s := range raw {
		if str, ok := s.(string); ok {
			doc.Schemas = append(doc.Schemas, str)
		}
	}
	if !slices.ContainsFunc(doc.Schemas, func(s string) bool { return strings.HasPrefix(strings.ToLower(s), "urn:ietf:params:scim:") }) {
		return nil, ErrNotSCIM
	}
	doc.Kind = KindOther
	for _, s := range doc.Schemas {
		switch {
		case strings.EqualFold(s, SchemaUser):
			doc.Kind = KindUser
		case strings.EqualFold(s, SchemaGroup):
			doc.Kind = KindGroup
		case strings.EqualFold(s, SchemaPatchOp):
			doc.Kind = KindPatchOp
		case strings.EqualFold(s, SchemaListResponse):
			doc.Kind = KindListResponse
		case strings.EqualFold(s, SchemaError):
			doc.Kind = KindError
		default:
			continue
		}
		break
	}
	return doc, nil
}

// Looks reports whether data is a JSON object whose "schemas" names a SCIM
// URN: how a SCIM file is recognised.
func Looks(data []byte) bool {
	t := bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	if len(t) == 0 || t[0] != '{' || !bytes.Contains(t, []byte("urn:ietf:params:scim:")) {
		return false
	}
	_, err := Parse(t)
	return err == nil
}

func lower(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, val := range x {
			out[strings.ToLower(k)] = lower(val)
		}
		return out
	case []any:
		for i := range x {
			x[i] = lower(x[i])
		}
		return x
	}
	return v
}

// Get returns the attribute at a dotted path ("name.givenName"), names
// compared without case.
func (d *Document) Get(path string) (any, bool) {
	return Lookup(d.Attrs, path)
}

// Lookup returns the value at a dotted path in a map with lower-cased keys.
func Lookup(m map[string]any, path string) (any, bool) {
	var cur any = m
	for _, p := range strings.Split(strings.ToLower(path), ".") {
		mm, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = mm[p]; !ok {
			return nil, false
		}
	}
	return cur, true
}

// String returns the attribute at path as a string ("" when absent or not a
// string).
func (d *Document) String(path string) string {
	v, _ := d.Get(path)
	s, _ := v.(string)
	return s
}

// Operation is one operation of a PatchOp request (RFC 7644 §3.5.2).
type Operation struct {
	// Index is its position in "Operations".
	Index int
	// Op is "op" as written ("" when absent); compare without case.
	Op string
	// Path is "path" ("" when absent).
	Path string
	// Value is "value"; HasValue reports whether it was present.
	Value    any
	HasValue bool
}

// Operations returns a PatchOp's operations.
func (d *Document) Operations() []Operation {
	raw, _ := d.Attrs["operations"].([]any)
	var out []Operation
	for i, r := range raw {
		m, _ := r.(map[string]any)
		op := Operation{Index: i}
		op.Op, _ = m["op"].(string)
		op.Path, _ = m["path"].(string)
		op.Value, op.HasValue = m["value"]
		out = append(out, op)
	}
	return out
}

// Error is a SCIM error response (RFC 7644 §3.12).
type Error struct {
	// Status is "status" as written (a string in the RFC, a number from
	// some servers).
	Status string
	// Detail is "detail"; Type is "scimType".
	Detail, Type string
}

// ErrorOf returns the error a document carries, when it is an error
// response; Identity Center also answers with {"message":…} objects, read
// here too.
func ErrorOf(data []byte) (*Error, bool) {
	var m map[string]any
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	if d.Decode(&m) != nil {
		return nil, false
	}
	m = lower(m).(map[string]any)
	e := &Error{}
	switch s := m["status"].(type) {
	case string:
		e.Status = s
	case json.Number:
		e.Status = s.String()
	}
	e.Detail, _ = m["detail"].(string)
	if e.Detail == "" {
		e.Detail, _ = m["message"].(string)
	}
	e.Type, _ = m["scimtype"].(string)
	if e.Detail == "" && e.Status == "" {
		return nil, false
	}
	return e, true
}
