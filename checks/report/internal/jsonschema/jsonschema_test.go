package jsonschema_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/samlcheck/samlcheck/checks/report/internal/jsonschema"
)

// sarifSchemaPath is the OASIS SARIF 2.1.0 schema, copied into the report
// package's testdata (see its README).
const sarifSchemaPath = "../../testdata/sarif-schema-2.1.0.json"

func compile(t *testing.T, schema string) *jsonschema.Schema {
	t.Helper()
	s, err := jsonschema.Compile([]byte(schema))
	require.NoError(t, err)
	return s
}

// violations returns the violations of doc, nil when it is valid.
func violations(t *testing.T, s *jsonschema.Schema, doc string) []string {
	t.Helper()
	err := s.Validate([]byte(doc))
	if err == nil {
		return nil
	}
	var ve *jsonschema.Error
	require.True(t, errors.As(err, &ve), "not a validation error: %v", err)
	require.NotEmpty(t, ve.Violations)
	return ve.Violations
}

const minimalSARIF = `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"samlcheck","rules":[{"id":"a/b","defaultConfiguration":{"level":"warning"}}]}},
 "results":[{"ruleId":"a/b","ruleIndex":0,"level":"error","message":{"text":"m"},
  "locations":[{"physicalLocation":{"artifactLocation":{"uri":"x/login.har","uriBaseId":"%SRCROOT%"}}}]}]}]}`

func TestSARIFSchemaAcceptsAndRejects(t *testing.T) {
	data, err := os.ReadFile(sarifSchemaPath)
	require.NoError(t, err)
	s, err := jsonschema.Compile(data)
	require.NoError(t, err)

	assert.Nil(t, violations(t, s, minimalSARIF))

	cases := []struct {
		name, from, to, want string
	}{
		{"level not in the enum", `"level":"error"`, `"level":"fatal"`, `/runs/0/results/0/level: "fatal" is not one of`},
		{"rule level not in the enum", `"level":"warning"`, `"level":"info"`, `/runs/0/tool/driver/rules/0/defaultConfiguration/level: "info"`},
		{"version missing", `"version":"2.1.0",`, ``, `(root): required property "version" is missing`},
		{"version other than 2.1.0", `"version":"2.1.0"`, `"version":"2.0.0"`, `/version: "2.0.0" is not one of ["2.1.0"]`},
		{"ruleIndex of the wrong type", `"ruleIndex":0`, `"ruleIndex":"0"`, `/runs/0/results/0/ruleIndex: string is not of type integer`},
		{"ruleIndex not an integer", `"ruleIndex":0`, `"ruleIndex":0.5`, `/runs/0/results/0/ruleIndex: number is not of type integer`},
		{"ruleIndex below the minimum", `"ruleIndex":0`, `"ruleIndex":-2`, `/runs/0/results/0/ruleIndex: -2 is less than the minimum -1`},
		{"message without text or id", `"message":{"text":"m"}`, `"message":{}`, `/runs/0/results/0/message: matches none of the schemas of anyOf`},
		{"unknown property", `"ruleId":"a/b"`, `"ruleId":"a/b","rule_id":"x"`, `/runs/0/results/0: property "rule_id" is not allowed`},
		{"tool missing", `"tool":{"driver":{"name":"samlcheck","rules":[{"id":"a/b","defaultConfiguration":{"level":"warning"}}]}},`, ``, `/runs/0: required property "tool" is missing`},
		{"uri not a URI reference", `"uri":"x/login.har"`, `"uri":"x/log in.har"`, `/runs/0/results/0/locations/0/physicalLocation/artifactLocation/uri: "x/log in.har" is not a valid uri-reference`},
		{"duplicate rules", `"rules":[{"id":"a/b","defaultConfiguration":{"level":"warning"}}]`,
			`"rules":[{"id":"a/b"},{"id":"a/b"}]`, `/runs/0/tool/driver/rules: items 0 and 1 are equal`},
		{"runs null", `"runs":[{`, `"runs":null,"x":[{`, `/runs: null is not of type array`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			require.Contains(t, minimalSARIF, c.from)
			v := violations(t, s, strings.Replace(minimalSARIF, c.from, c.to, 1))
			require.NotNil(t, v, "the schema accepted a document with %s", c.name)
			assert.Contains(t, strings.Join(v, "\n"), c.want)
		})
	}
}

func TestKeywords(t *testing.T) {
	s := compile(t, `{
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
	}`)
	valid := `{"n": 10, "c": {"a": [1.0, 2]}, "list": ["a", null], "one": "ab", "all": 1.5, "not": "yes",
		"tree": {"next": {"next": {"v": "abc"}}}, "when": "ab", "dt": "2026-11-01t10:00:00.123+02:00",
		"uri": "https://example.com/a?b#c", "x-flag": true, "a": 1, "b": 2}`
	assert.Nil(t, violations(t, s, valid))
	assert.Nil(t, violations(t, s, `{"n": 1e0, "when": false}`), "1e0 is an integer, a boolean takes else")

	bad := map[string]string{
		`{}`:                                         `(root): required property "n" is missing`,
		`{"n": 11}`:                                  `/n: 11 is greater than the maximum 10`,
		`{"n": 0}`:                                   `/n: 0 is less than the minimum 1`,
		`{"n": 1.5}`:                                 `/n: number is not of type integer`,
		`{"n": 1, "c": {"a": [1, 3]}}`:               `/c: {"a":[1,3]} is not {"a":[1,2.0]}`,
		`{"n": 1, "list": []}`:                       `/list: array has 0 items, fewer than 1`,
		`{"n": 1, "list": ["a", "b", "c"]}`:          `/list: array has 3 items, more than 2`,
		`{"n": 1, "list": ["a", "a"]}`:               `/list: items 0 and 1 are equal`,
		`{"n": 1, "list": [1]}`:                      `/list/0: number is not of type string or null`,
		`{"n": 1, "one": "abc"}`:                     `/one: matches 2 of the schemas of oneOf, not exactly one`,
		`{"n": 1, "all": 0}`:                         `/all: 0 is not greater than 0`,
		`{"n": 1, "all": 0.7}`:                       `/all: 0.7 is not a multiple of 1/2`,
		`{"n": 1, "not": "no"}`:                      `/not: matches the schema of not`,
		`{"n": 1, "tree": {"next": {"v": "ABC"}}}`:   `/tree/next/v: "ABC" does not match pattern`,
		`{"n": 1, "tree": {"next": {"v": "abcde"}}}`: `/tree/next/v: string is longer than 4 characters`,
		`{"n": 1, "tree": {"next": {"w": 1}}}`:       `/tree/next: property "w" is not allowed`,
		`{"n": 1, "when": "a"}`:                      `/when: string is shorter than 2 characters`,
		`{"n": 1, "when": 3}`:                        `/when: number is not of type boolean`,
		`{"n": 1, "dt": "2026-11-01 10:00:00Z"}`:     `/dt: "2026-11-01 10:00:00Z" is not a valid date-time`,
		`{"n": 1, "dt": "2026-13-01T10:00:00Z"}`:     `is not a valid date-time`,
		`{"n": 1, "uri": "login.har"}`:               `/uri: "login.har" is not a valid uri: has no scheme`,
		`{"n": 1, "uri": "https://example.com/%zz"}`: `is not a valid uri`,
		`{"n": 1, "x-flag": "yes"}`:                  `/x-flag: string is not of type boolean`,
		`{"n": 1, "y": 1}`:                           `(root): property "y" is not allowed`,
		`{"n": 1, "a": 1}`:                           `(root): property "a" requires property "b"`,
		`[1]`:                                        `(root): array is not of type object`,
	}
	for doc, want := range bad {
		v := violations(t, s, doc)
		require.NotNil(t, v, "accepted %s", doc)
		assert.Contains(t, strings.Join(v, "\n"), want, doc)
	}
}

func TestDependencySchema(t *testing.T) {
	s := compile(t, `{"dependencies": {"b": {"required": ["n"]}}}`)
	assert.Nil(t, violations(t, s, `{"b": 1, "n": 2}`))
	assert.Contains(t, strings.Join(violations(t, s, `{"b": 1}`), "\n"), `(root): required property "n" is missing`)
}

func TestBooleanSchemas(t *testing.T) {
	s := compile(t, `{"properties": {"yes": true, "no": false}}`)
	assert.Nil(t, violations(t, s, `{"yes": [1, {"a": null}]}`))
	assert.Equal(t, []string{"/no: no value is allowed here"}, violations(t, s, `{"no": 1}`))
}

func TestCompileRefusesWhatItDoesNotImplement(t *testing.T) {
	for schema, want := range map[string]string{
		`{"type": "object", "unevaluatedProperties": false}`:          `keyword "unevaluatedProperties" is not implemented`,
		`{"items": [{"type": "string"}]}`:                             `tuple validation) is not implemented`,
		`{"type": "string", "format": "email"}`:                       `format "email" is not implemented`,
		`{"$ref": "other.json#/definitions/x"}`:                       `only references within the document`,
		`{"definitions": {}, "$ref": "#/definitions/missing"}`:        `no "missing" in the document`,
		`{"$ref": "#anchor"}`:                                         `anchors are not implemented`,
		`{"$schema": "https://json-schema.org/draft/2020-12/schema"}`: `is not supported (want draft-07)`,
		`{"type": "float"}`:                                           `unknown type "float"`,
		`{"minItems": -1}`:                                            `minItems must be a non-negative integer`,
		`{"pattern": "("}`:                                            `missing closing )`,
		`{"properties": {"a": 3}}`:                                    `a schema must be an object or a boolean, not number`,
		`{"enum": []}`:                                                `enum must be a non-empty array`,
		`{"type": "object"} trailing`:                                 `data after the JSON value`,
	} {
		_, err := jsonschema.Compile([]byte(schema))
		require.Error(t, err, schema)
		assert.Contains(t, err.Error(), want, schema)
	}
}

func TestRefCycleDoesNotHang(t *testing.T) {
	s := compile(t, `{"definitions": {"a": {"$ref": "#/definitions/b"}, "b": {"$ref": "#/definitions/a"}}, "properties": {"x": {"$ref": "#/definitions/a"}}}`)
	v := violations(t, s, `{"x": 1}`)
	require.NotNil(t, v)
	assert.Contains(t, v[0], "does not end")
}

func TestValidateRejectsMalformedJSON(t *testing.T) {
	s := compile(t, `{}`)
	err := s.Validate([]byte(`{"a": `))
	require.Error(t, err)
	var ve *jsonschema.Error
	assert.False(t, errors.As(err, &ve), "malformed JSON is not a schema violation")
	assert.NoError(t, s.Validate([]byte(`{"a": 1}`)))
}
