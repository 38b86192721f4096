package report_test

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/samlcheck/samlcheck/checks/report"
)

// sarifSchemaPath is the OASIS SARIF 2.1.0 schema, copied into testdata
// (see its README).
const sarifSchemaPath = "testdata/sarif-schema-2.1.0.json"

// schema is a compiled JSON Schema that validates JSON text.
type schema struct{ *jsonschema.Schema }

// Validate reports whether data, JSON text, is valid: a
// *jsonschema.ValidationError when it is not, another error when it is
// not JSON.
func (s schema) Validate(data []byte) error {
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	return s.Schema.Validate(v)
}

// offline is the compiler's loader: it loads nothing, so every document a
// schema refers to must be registered with AddResource (draft-07's
// metaschema is built into the library) and a test never reaches the
// network.
type offline struct{}

func (offline) Load(url string) (any, error) {
	return nil, fmt.Errorf("offline: %s is not registered with the compiler", url)
}

// uriReference is the uri-reference format of RFC 3986 §4.1, stricter
// than the library's (which takes what net/url parses, spaces included):
// a URI reference has only unreserved and reserved characters and
// percent-encodings, and parses.
func uriReference(v any) error {
	s, ok := v.(string)
	if !ok {
		return nil // format applies to strings only
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', strings.IndexByte("-._~:/?#[]@!$&'()*+,;=", c) >= 0:
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			i += 2
		default:
			return fmt.Errorf("character %q at %d is not allowed in a URI reference", c, i)
		}
	}
	_, err := url.Parse(s)
	return err
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// compileSchema compiles the draft-07 schema data (JSON text), registered
// under its $id, with format assertions on and no loader.
func compileSchema(data []byte) (schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return schema{}, err
	}
	url := "urn:samlcheck:test-schema"
	if m, ok := doc.(map[string]any); ok {
		if id, ok := m["$id"].(string); ok {
			url = id
		}
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft7)
	c.AssertFormat()
	c.UseLoader(offline{})
	c.RegisterFormat(&jsonschema.Format{Name: "uri-reference", Validate: uriReference})
	if err := c.AddResource(url, doc); err != nil {
		return schema{}, err
	}
	s, err := c.Compile(url)
	if err != nil {
		return schema{}, err
	}
	return schema{s}, nil
}

func mustCompile(t *testing.T, data []byte) schema {
	t.Helper()
	s, err := compileSchema(data)
	require.NoError(t, err)
	return s
}

// reportSchema is the report's own schema (checks/report/schema).
func reportSchema(t *testing.T) schema {
	t.Helper()
	return mustCompile(t, report.JSONSchema())
}

// sarifSchema is the SARIF 2.1.0 schema.
func sarifSchema(t *testing.T) schema {
	t.Helper()
	data, err := os.ReadFile(sarifSchemaPath)
	require.NoError(t, err)
	return mustCompile(t, data)
}

// violations returns the violations of doc, each "POINTER: MESSAGE" (the
// root is "(root)"), nil when it is valid.
func violations(t *testing.T, s schema, doc string) []string {
	t.Helper()
	err := s.Validate([]byte(doc))
	if err == nil {
		return nil
	}
	var ve *jsonschema.ValidationError
	require.True(t, errors.As(err, &ve), "not a validation error: %v", err)
	var out []string
	var leaves func(e *jsonschema.ValidationError)
	leaves = func(e *jsonschema.ValidationError) {
		if len(e.Causes) == 0 {
			loc := "(root)"
			if len(e.InstanceLocation) > 0 {
				loc = "/" + strings.Join(e.InstanceLocation, "/")
			}
			out = append(out, loc+": "+e.ErrorKind.LocalizedString(english))
		}
		for _, c := range e.Causes {
			leaves(c)
		}
	}
	leaves(ve)
	require.NotEmpty(t, out, "a validation error without violations: %v", err)
	return out
}

var english = message.NewPrinter(language.English)

func joined(v []string) string { return strings.Join(v, "\n") }

const minimalSARIF = `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"samlcheck","rules":[{"id":"a/b","defaultConfiguration":{"level":"warning"}}]}},
 "results":[{"ruleId":"a/b","ruleIndex":0,"level":"error","message":{"text":"m"},
  "locations":[{"physicalLocation":{"artifactLocation":{"uri":"x/login.har","uriBaseId":"%SRCROOT%"}}}]}]}]}`

// TestSARIFSchemaAcceptsAndRejects checks that the SARIF schema, as the
// library compiles it, accepts a minimal log and rejects each defect the
// writer could make, at the right place.
func TestSARIFSchemaAcceptsAndRejects(t *testing.T) {
	s := sarifSchema(t)
	require.Nil(t, violations(t, s, minimalSARIF))

	cases := []struct {
		name, from, to, want string
	}{
		{"level not in the enum", `"level":"error"`, `"level":"fatal"`, `/runs/0/results/0/level: value must be one of`},
		{"rule level not in the enum", `"level":"warning"`, `"level":"info"`, `/runs/0/tool/driver/rules/0/defaultConfiguration/level: value must be one of`},
		{"version missing", `"version":"2.1.0",`, ``, `(root): missing property 'version'`},
		{"version other than 2.1.0", `"version":"2.1.0"`, `"version":"2.0.0"`, `/version: value must be '2.1.0'`},
		{"ruleIndex of the wrong type", `"ruleIndex":0`, `"ruleIndex":"0"`, `/runs/0/results/0/ruleIndex: got string, want integer`},
		{"ruleIndex not an integer", `"ruleIndex":0`, `"ruleIndex":0.5`, `/runs/0/results/0/ruleIndex: got number, want integer`},
		{"ruleIndex below the minimum", `"ruleIndex":0`, `"ruleIndex":-2`, `/runs/0/results/0/ruleIndex: minimum: got -2, want -1`},
		{"message without text or id", `"message":{"text":"m"}`, `"message":{}`, `/runs/0/results/0/message: missing property 'text'`},
		{"unknown property", `"ruleId":"a/b"`, `"ruleId":"a/b","rule_id":"x"`, `/runs/0/results/0: additional properties 'rule_id' not allowed`},
		{"tool missing", `"tool":{"driver":{"name":"samlcheck","rules":[{"id":"a/b","defaultConfiguration":{"level":"warning"}}]}},`, ``, `/runs/0: missing property 'tool'`},
		{"uri not a URI reference", `"uri":"x/login.har"`, `"uri":"x/log in.har"`, `/runs/0/results/0/locations/0/physicalLocation/artifactLocation/uri: 'x/log in.har' is not valid uri-reference: character ' ' at 5`},
		{"duplicate rules", `"rules":[{"id":"a/b","defaultConfiguration":{"level":"warning"}}]`,
			`"rules":[{"id":"a/b"},{"id":"a/b"}]`, `/runs/0/tool/driver/rules: items at 0 and 1 are equal`},
		{"runs null", `"runs":[{`, `"runs":null,"x":[{`, `/runs: got null, want array`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			require.Contains(t, minimalSARIF, c.from)
			v := violations(t, s, strings.Replace(minimalSARIF, c.from, c.to, 1))
			require.NotNil(t, v, "the schema accepted a document with %s", c.name)
			require.Contains(t, joined(v), c.want)
		})
	}
}

// TestSchemaKeywords checks, on a schema that uses every draft-07 keyword
// the two schemas use (and a few more), that the compiler is set up as
// the tests need it: formats asserted, references resolved inside the
// document, integers told from numbers.
func TestSchemaKeywords(t *testing.T) {
	s := mustCompile(t, []byte(`{
		"$schema": "http://json-schema.org/draft-07/schema#",
		"definitions": {
			"pos": {"type": "integer", "minimum": 1, "maximum": 10},
			"node": {"type": "object", "properties": {"next": {"$ref": "#/definitions/node"}, "v": {"$ref": "#/$defs/name"}}, "additionalProperties": false}
		},
		"$defs": {"name": {"type": "string", "minLength": 2, "maxLength": 4, "pattern": "^[a-z]+$"}},
		"type": "object",
		"properties": {
			"n": {"$ref": "#/definitions/pos"},
			"c": {"const": {"a": [1, 2.0]}},
			"list": {"type": "array", "items": {"type": ["string", "null"]}, "minItems": 1, "maxItems": 2, "uniqueItems": true},
			"one": {"oneOf": [{"type": "string"}, {"type": "string", "minLength": 3}]},
			"all": {"allOf": [{"type": "number"}, {"exclusiveMinimum": 0}, {"multipleOf": 0.5}]},
			"not": {"not": {"enum": ["no"]}},
			"tree": {"$ref": "#/definitions/node"},
			"when": {"if": {"type": "string"}, "then": {"minLength": 2}, "else": {"type": "boolean"}},
			"dt": {"type": "string", "format": "date-time"},
			"uri": {"type": "string", "format": "uri"},
			"a": {}, "b": {}
		},
		"patternProperties": {"^x-": {"type": "boolean"}},
		"additionalProperties": false,
		"dependencies": {"a": ["b"], "b": {"required": ["n"]}},
		"required": ["n"]
	}`))
	valid := `{"n": 10, "c": {"a": [1.0, 2]}, "list": ["a", null], "one": "ab", "all": 1.5, "not": "yes",
		"tree": {"next": {"next": {"v": "abc"}}}, "when": "ab", "dt": "2026-11-01t10:00:00.123+02:00",
		"uri": "https://example.com/a?b#c", "x-flag": true, "a": 1, "b": 2}`
	require.Nil(t, violations(t, s, valid))
	require.Nil(t, violations(t, s, `{"n": 1e0, "when": false}`), "1e0 is an integer, a boolean takes else")

	bad := map[string]string{
		`{}`:                                         `(root): missing property 'n'`,
		`{"n": 11}`:                                  `/n: maximum: got 11, want 10`,
		`{"n": 0}`:                                   `/n: minimum: got 0, want 1`,
		`{"n": 1.5}`:                                 `/n: got number, want integer`,
		`{"n": 1, "c": {"a": [1, 3]}}`:               `/c: 'const' failed`,
		`{"n": 1, "list": []}`:                       `/list: minItems: got 0, want 1`,
		`{"n": 1, "list": ["a", "b", "c"]}`:          `/list: maxItems: got 3, want 2`,
		`{"n": 1, "list": ["a", "a"]}`:               `/list: items at 0 and 1 are equal`,
		`{"n": 1, "list": [1]}`:                      `/list/0: got number, want null or string`,
		`{"n": 1, "one": "abc"}`:                     `/one: 'oneOf' failed, subschemas 0, 1 matched`,
		`{"n": 1, "all": 0}`:                         `/all: exclusiveMinimum: got 0, want 0`,
		`{"n": 1, "all": 0.7}`:                       `/all: multipleOf: got 0.7, want 0.5`,
		`{"n": 1, "not": "no"}`:                      `/not: 'not' failed`,
		`{"n": 1, "tree": {"next": {"v": "ABC"}}}`:   `/tree/next/v: 'ABC' does not match pattern`,
		`{"n": 1, "tree": {"next": {"v": "abcde"}}}`: `/tree/next/v: maxLength: got 5, want 4`,
		`{"n": 1, "tree": {"next": {"w": 1}}}`:       `/tree/next: additional properties 'w' not allowed`,
		`{"n": 1, "when": "a"}`:                      `/when: minLength: got 1, want 2`,
		`{"n": 1, "when": 3}`:                        `/when: got number, want boolean`,
		`{"n": 1, "dt": "2026-11-01 10:00:00Z"}`:     `/dt: '2026-11-01 10:00:00Z' is not valid date-time`,
		`{"n": 1, "dt": "2026-13-01T10:00:00Z"}`:     `is not valid date-time`,
		`{"n": 1, "uri": "login.har"}`:               `/uri: 'login.har' is not valid uri`,
		`{"n": 1, "uri": "https://example.com/%zz"}`: `is not valid uri`,
		`{"n": 1, "x-flag": "yes"}`:                  `/x-flag: got string, want boolean`,
		`{"n": 1, "y": 1}`:                           `(root): additional properties 'y' not allowed`,
		`{"n": 1, "a": 1}`:                           `(root): properties 'b' required, if 'a' exists`,
		`[1]`:                                        `(root): got array, want object`,
	}
	for doc, want := range bad {
		v := violations(t, s, doc)
		if assert.NotNil(t, v, "accepted %s", doc) {
			assert.Contains(t, joined(v), want, doc)
		}
	}
}

func TestDependencySchema(t *testing.T) {
	s := mustCompile(t, []byte(`{"dependencies": {"b": {"required": ["n"]}}}`))
	require.Nil(t, violations(t, s, `{"b": 1, "n": 2}`))
	require.Contains(t, joined(violations(t, s, `{"b": 1}`)), `(root): missing property 'n'`)
}

func TestBooleanSchemas(t *testing.T) {
	s := mustCompile(t, []byte(`{"properties": {"yes": true, "no": false}}`))
	require.Nil(t, violations(t, s, `{"yes": [1, {"a": null}]}`))
	require.Equal(t, []string{"/no: false schema"}, violations(t, s, `{"no": 1}`))
}

// TestCompileRefuses checks that a schema the library cannot use is an
// error, not a schema that accepts everything: above all a reference to a
// document that was not registered, which the offline loader refuses
// rather than fetch.
func TestCompileRefuses(t *testing.T) {
	for schema, want := range map[string]string{
		`{"$ref": "other.json#/definitions/x"}`:                   `not found`,
		`{"$id": "https://example.com/s.json", "$ref": "o.json"}`: `offline: https://example.com/o.json is not registered`,
		`{"definitions": {}, "$ref": "#/definitions/missing"}`:    `definitions/missing`,
		`{"type": "float"}`:           `jsonschema validation failed`,
		`{"minItems": -1}`:            `jsonschema validation failed`,
		`{"pattern": "("}`:            `missing closing )`,
		`{"properties": {"a": 3}}`:    `jsonschema validation failed`,
		`{"enum": []}`:                `jsonschema validation failed`,
		`{"type": "object"} trailing`: `invalid character`,
	} {
		_, err := compileSchema([]byte(schema))
		require.Error(t, err, schema)
		require.Contains(t, err.Error(), want, schema)
	}
}

// TestCompileTakesWhatTheOldValidatorRefused: the hand-written validator
// refused these schemas as not implemented; the library implements them.
func TestCompileTakesWhatTheOldValidatorRefused(t *testing.T) {
	for _, schema := range []string{
		`{"type": "object", "unevaluatedProperties": false}`,
		`{"items": [{"type": "string"}]}`,
		`{"type": "string", "format": "email"}`,
		`{"definitions": {"a": {"$id": "#anchor"}}, "$ref": "#anchor"}`,
		`{"$schema": "https://json-schema.org/draft/2020-12/schema"}`,
	} {
		_, err := compileSchema([]byte(schema))
		assert.NoError(t, err, schema)
	}
}

func TestRefCycleDoesNotHang(t *testing.T) {
	s := mustCompile(t, []byte(`{"definitions": {"a": {"$ref": "#/definitions/b"}, "b": {"$ref": "#/definitions/a"}}, "properties": {"x": {"$ref": "#/definitions/a"}}}`))
	v := violations(t, s, `{"x": 1}`)
	require.NotNil(t, v)
	require.Contains(t, joined(v), "/x: ")
}

func TestValidateRejectsMalformedJSON(t *testing.T) {
	s := mustCompile(t, []byte(`{}`))
	err := s.Validate([]byte(`{"a": `))
	require.Error(t, err)
	var ve *jsonschema.ValidationError
	require.False(t, errors.As(err, &ve), "malformed JSON is not a schema violation")
	require.NoError(t, s.Validate([]byte(`{"a": 1}`)))
}
