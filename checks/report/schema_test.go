package report_test

import (
	"bytes"
	"encoding"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/checks/analyze"
	"github.com/samlcheck/samlcheck/checks/report"
	"github.com/samlcheck/samlcheck/har/capture"
	"github.com/samlcheck/samlcheck/saml"
	"github.com/samlcheck/samlcheck/saml/xmlenc"
)

func TestJSONSchemaIsACopy(t *testing.T) {
	a := report.JSONSchema()
	var doc struct {
		ID     string `json:"$id"`
		Schema string `json:"$schema"`
	}
	require.NoError(t, json.Unmarshal(a, &doc))
	assert.Equal(t, report.JSONSchemaID, doc.ID)
	assert.Equal(t, "http://json-schema.org/draft-07/schema#", doc.Schema)
	a[0] = 'X'
	assert.Equal(t, byte('{'), report.JSONSchema()[0], "changing the slice returned does not change the schema")
	onDisk, err := os.ReadFile("schema/report-v1.schema.json")
	require.NoError(t, err)
	assert.Equal(t, onDisk, report.JSONSchema())
}

// rulesFixtures returns the non-HAR fixtures under testdata/rules and
// testdata/inputs: every input, and the first file of each rule's fail
// and pass folders (enough variety, in less time).
func rulesFixtures(t *testing.T) []string {
	t.Helper()
	var paths []string
	for _, dir := range []string{"testdata/rules", "testdata/inputs"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			name := d.Name()
			if strings.HasSuffix(name, ".har") || strings.HasSuffix(name, ".want") || strings.HasPrefix(name, "users.") || strings.HasSuffix(name, ".pem") {
				return nil
			}
			rel, err := filepath.Rel(root, p)
			if err != nil {
				return err
			}
			rel = filepath.ToSlash(rel)
			if dir == "testdata/rules" && slices.ContainsFunc(paths, func(q string) bool { return filepath.Dir(q) == filepath.Dir(rel) }) {
				return nil
			}
			paths = append(paths, rel)
			return nil
		})
		require.NoError(t, err)
	}
	sort.Strings(paths)
	require.Greater(t, len(paths), 40, "the rule fixtures are missing")
	return paths
}

// TestJSONSchemaValidatesReports checks the JSON output of reports on every
// rule fixture (run under each profile, with and without a trusted
// certificate) and of the golden scenarios against the schema.
func TestJSONSchemaValidatesReports(t *testing.T) {
	s := reportSchema(t)
	certData, err := os.ReadFile(filepath.Join(root, "testdata/keys/idp.crt.pem"))
	require.NoError(t, err)
	certs, err := saml.ParseCertificates("idp.crt.pem", certData)
	require.NoError(t, err)
	keyData, err := os.ReadFile(filepath.Join(root, "testdata/keys/sp.key.pem"))
	require.NoError(t, err)
	spKeys, err := xmlenc.ParseKeys("sp.key.pem", keyData, nil)
	require.NoError(t, err)

	var ins []checks.Input
	var caps []capture.Capture
	for _, p := range rulesFixtures(t) {
		data := readFixture(t, p)
		if len(data) > 32<<10 {
			continue // the few large fixtures add time, not variety
		}
		msgs, err := saml.ParseInput(p, []byte(data))
		if err != nil {
			continue // not a SAML value: the CLI reports it as an input error
		}
		ins = append(ins, checks.Input{File: p, Kind: "xml", Messages: len(msgs)})
		caps = append(caps, capture.Capture{File: p, Messages: msgs})
	}
	// A login as a HAR would show it: an AuthnRequest, then the Response
	// that answers it, with capture times.
	flow := inlineCapture(t, "flow.har", `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_req-one" Version="2.0" IssueInstant="2026-11-01T09:59:50Z"/>`)
	flow.Messages = append(flow.Messages, inlineCapture(t, "flow.har", readFixture(t, "testdata/rules/saml/in-response-to/fail/subject-confirmation-disagrees.xml")).Messages...)
	for i := range flow.Messages {
		src := &flow.Messages[i].Source
		src.Entry, src.Started, src.StartedRaw, src.Where = i+1, at.Add(time.Duration(i-10)*time.Second), "raw", saml.InForm
		flow.Messages[i].Sightings = []saml.Source{*src}
	}
	ins = append([]checks.Input{{File: "flow.har", Kind: "har", Entries: 3, Messages: 2}}, ins...)
	caps = append([]capture.Capture{flow}, caps...)

	seen := map[string]bool{}
	for _, run := range []struct {
		cfg *checks.Config
		n   int // the first n inputs
	}{
		{&checks.Config{Profile: checks.Auto, Now: at, SPKeys: spKeys}, len(caps)},
		{&checks.Config{Profile: checks.IdentityCenter, At: at, IdPCerts: certs}, 30}, // trusted certificates
	} {
		rep, err := checks.RunCaptures(t.Context(), run.cfg, caps[:run.n])
		require.NoError(t, err)
		rep.Inputs = ins[:run.n]
		out := write(t, report.JSON, rep)
		require.NoError(t, s.Validate(out), "profile %s", run.cfg.Profile)
		markSeen(t, out, seen)
	}
	for _, sc := range scenarios(t) {
		out := write(t, report.JSON, sc.rep)
		require.NoError(t, s.Validate(out), sc.name)
		markSeen(t, out, seen)
	}
	// The CLI's golden JSON of a whole HAR.
	headline := []byte(readFixture(t, "cmd/samlcheck/testdata/golden/headline.json"))
	require.NoError(t, s.Validate(headline), "cmd/samlcheck/testdata/golden/headline.json")
	markSeen(t, headline, seen)
	// The reports exercised the optional parts of the schema, not just the
	// required ones.
	for _, p := range []string{"version", "captures", "inputs.errors", "inputs.entries", "messages.decodeError", "messages.steps.repairs",
		"messages.signatures.certificate", "messages.signatures.trusted", "messages.signatures.cause", "messages.attributes",
		"messages.answers", "messages.flow", "messages.decryptions.keyFingerprint", "messages.decryptions.error", "messages.rules", "messages.sightings.started", "findings.xmlPath", "findings.why"} {
		assert.True(t, seen[p], "no report had %s", p)
	}
}

// readFixture returns a file under the repository root.
func readFixture(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, path))
	require.NoError(t, err)
	return string(data)
}

// inlineCapture is a capture of one input called name holding data.
func inlineCapture(t *testing.T, name, data string) capture.Capture {
	t.Helper()
	msgs, err := saml.ParseInput(name, []byte(data))
	require.NoError(t, err)
	return capture.Capture{File: name, Messages: msgs}
}

// markSeen records the paths of object properties present in a JSON
// document ("messages.signatures.cause").
func markSeen(t *testing.T, doc []byte, seen map[string]bool) {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal(doc, &v))
	var walk func(v any, path string)
	walk = func(v any, path string) {
		switch v := v.(type) {
		case map[string]any:
			for k, e := range v {
				p := strings.TrimPrefix(path+"."+k, ".")
				seen[p] = true
				walk(e, p)
			}
		case []any:
			for _, e := range v {
				walk(e, path)
			}
		}
	}
	walk(v, "")
}

func TestJSONSchemaRejects(t *testing.T) {
	s := reportSchema(t)
	out := string(write(t, report.JSON, scenarios(t)[0].rep))
	require.NoError(t, s.Validate([]byte(out)))
	for name, c := range map[string][2]string{
		"an unknown property":    {`"tool": "samlcheck",`, `"tool": "samlcheck", "extra": 1,`},
		"an unknown severity":    {`"severity": "error"`, `"severity": "fatal"`},
		"another schema version": {`"schemaVersion": "1"`, `"schemaVersion": "2"`},
		"a missing message list": {`"messages": [`, `"messagez": [`},
		"a string entry":         {`"entry": -1`, `"entry": "-1"`},
		"a null rules list":      {`"rules": [`, `"rules": null, "x": [`},
	} {
		require.Contains(t, out, c[0], name)
		doc := strings.Replace(out, c[0], c[1], 1)
		assert.Error(t, s.Validate([]byte(doc)), "the schema accepts %s", name)
	}
}

// TestJSONSchemaDescribesEveryField walks checks.Report's JSON form by
// reflection beside the schema: every field must be a property of the
// matching schema object (and every property a field), required exactly
// when the field is never left out, and every object must forbid other
// properties. A field added to the report without the schema fails here.
func TestJSONSchemaDescribesEveryField(t *testing.T) {
	var doc map[string]any
	require.NoError(t, json.Unmarshal(report.JSONSchema(), &doc))
	w := &schemaWalker{t: t, doc: doc, done: map[reflect.Type]bool{}}
	w.walk(reflect.TypeFor[checks.Report](), doc, "Report")
	assert.True(t, w.done[reflect.TypeFor[saml.CertInfo]()], "the walk reached the certificates")
}

type schemaWalker struct {
	t    *testing.T
	doc  map[string]any
	done map[reflect.Type]bool
}

// resolve follows a $ref.
func (w *schemaWalker) resolve(node map[string]any) map[string]any {
	ref, ok := node["$ref"].(string)
	if !ok {
		return node
	}
	v := any(w.doc)
	for _, tok := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
		v = v.(map[string]any)[tok]
	}
	require.NotNil(w.t, v, ref)
	return v.(map[string]any)
}

var (
	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
	timeType      = reflect.TypeFor[time.Time]()
)

// jsonField is a struct field as encoding/json writes it.
type jsonField struct {
	name     string
	typ      reflect.Type
	optional bool
}

// jsonFields lists typ's fields as encoding/json sees them, embedded
// structs flattened.
func jsonFields(typ reflect.Type) []jsonField {
	var out []jsonField
	for i := range typ.NumField() {
		f := typ.Field(i)
		tag := f.Tag.Get("json")
		if !f.IsExported() || tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			out = append(out, jsonFields(f.Type)...)
			continue
		}
		if name == "" {
			name = f.Name
		}
		optional := slices.Contains(strings.Split(opts, ","), "omitempty") || slices.Contains(strings.Split(opts, ","), "omitzero")
		out = append(out, jsonField{name: name, typ: f.Type, optional: optional})
	}
	return out
}

func (w *schemaWalker) walk(typ reflect.Type, node map[string]any, path string) {
	t := w.t
	node = w.resolve(node)
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	switch {
	case typ == timeType:
		assert.Equal(t, "string", node["type"], path)
		assert.Equal(t, "date-time", node["format"], path)
		return
	case reflect.PointerTo(typ).Implements(textMarshaler) || typ.Kind() == reflect.String:
		if _, isEnum := node["enum"]; !isEnum {
			if _, isConst := node["const"]; !isConst {
				assert.Equal(t, "string", node["type"], "%s is a string", path)
			}
		}
		return
	case typ.Kind() == reflect.Int:
		assert.Equal(t, "integer", node["type"], path)
		return
	case typ.Kind() == reflect.Bool:
		assert.Equal(t, "boolean", node["type"], path)
		return
	case typ.Kind() == reflect.Slice:
		assert.Equal(t, "array", node["type"], path)
		items, ok := node["items"].(map[string]any)
		require.True(t, ok, "%s: array without items", path)
		w.walk(typ.Elem(), items, path+"[]")
		return
	case typ.Kind() == reflect.Map && typ.Key().Kind() == reflect.String:
		// Free-form JSON objects (a JWT's header and claims).
		assert.Equal(t, "object", node["type"], path)
		return
	case typ.Kind() != reflect.Struct:
		t.Errorf("%s: type %s is not handled by the schema test", path, typ)
		return
	}
	if w.done[typ] {
		return
	}
	w.done[typ] = true
	assert.Equal(t, "object", node["type"], path)
	assert.Equal(t, false, node["additionalProperties"], "%s must forbid other properties", path)
	props, _ := node["properties"].(map[string]any)
	var required []string
	if req, ok := node["required"].([]any); ok {
		for _, r := range req {
			required = append(required, r.(string))
		}
	}
	var names []string
	for _, f := range jsonFields(typ) {
		names = append(names, f.name)
		p, ok := props[f.name].(map[string]any)
		if !assert.True(t, ok, "%s.%s (Go %s) is not in the schema", path, f.name, typ) {
			continue
		}
		assert.Equal(t, !f.optional, slices.Contains(required, f.name), "%s.%s: required exactly when never left out", path, f.name)
		w.walk(f.typ, p, path+"."+f.name)
	}
	for name := range props {
		assert.Contains(t, names, name, "%s: the schema describes %q, which Go %s does not have", path, name, typ)
	}
}

// The JSON of a report read back from JSON is the same: the schema's
// document and the Go types agree both ways.
func TestJSONRoundTrip(t *testing.T) {
	out := write(t, report.JSON, scenarios(t)[0].rep)
	var back checks.Report
	dec := json.NewDecoder(bytes.NewReader(out))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(&back))
	assert.Equal(t, string(out), string(write(t, report.JSON, &back)))
}

// TestJSONEmptyReportMatchesSchema: a hand-built report with nil lists is
// written with empty lists, which the schema accepts.
func TestJSONEmptyReportMatchesSchema(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, report.JSON(&buf, &checks.Report{SchemaVersion: checks.SchemaVersion, Tool: "samlcheck"}))
	assert.Contains(t, buf.String(), `"inputs": []`)
	assert.Contains(t, buf.String(), `"findings": []`)
	require.NoError(t, reportSchema(t).Validate(buf.Bytes()))
}

// validReport analyses paths with the default configuration and returns
// the report and its JSON, which validates against the report's schema.
func validReport(t *testing.T, paths ...string) (*checks.Report, []byte) {
	t.Helper()
	var files []string
	for _, p := range paths {
		files = append(files, filepath.Join(root, p))
	}
	rep, err := analyze.Files(t.Context(), files, &checks.Config{}, nil)
	require.NoError(t, err)
	out := write(t, report.JSON, rep)
	require.NoError(t, reportSchema(t).Validate(out))
	return rep, out
}

// TestJSONSchemaCharsetStep: the report of inputs in other text encodings
// (testdata/realworld), whose first decoding step is "charset", and of a
// truncated value, validates against the schema.
func TestJSONSchemaCharsetStep(t *testing.T) {
	_, out := validReport(t,
		"testdata/realworld/response-utf16le-bom-crlf.b64",
		"testdata/realworld/chrome-idc-ok-utf16le-bom.har",
		"testdata/rules/saml/decode/fail/truncated-in-assertion.b64")
	require.True(t, bytes.Contains(out, []byte(`"name": "charset"`)) || bytes.Contains(out, []byte(`"name":"charset"`)), "%s", out)
}

// TestJSONSchemaTokensAndSCIM: the report of a Q Business capture with
// tokens, a pasted JWT, a SCIM document and a SCIM client capture
// validates against the schema, lists the tokens with their claims, and
// names no signature.
func TestJSONSchemaTokensAndSCIM(t *testing.T) {
	rep, out := validReport(t,
		"testdata/rules/oidc/audience/fail/qbusiness-cognito-access-token.har",
		"testdata/rules/oidc/claim/fail/no-email.jwt",
		"testdata/rules/scim/single-value/fail/user-two-phones.json",
		"testdata/rules/error/scim-response/fail/scim-client-400.har")
	require.Len(t, rep.Tokens, 3, "the ID and access tokens of the capture, and the pasted one")
	assert.Equal(t, "access token", rep.Tokens[0].Kind)
	assert.True(t, rep.Tokens[0].Exchanged)
	assert.True(t, rep.Tokens[0].Checked)
	assert.Equal(t, "ID token", rep.Tokens[1].Kind)
	assert.False(t, rep.Tokens[1].Checked, "not the token exchanged")
	assert.Equal(t, "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Ab12Cd34E", rep.Tokens[2].Claims["iss"])
	assert.True(t, bytes.Contains(out, []byte(`"kind": "scim"`)) || bytes.Contains(out, []byte(`"kind":"scim"`)))
	for _, sig := range []string{"UkVEQUNURUQ"} {
		assert.NotContains(t, string(out), sig)
	}
}
