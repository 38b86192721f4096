package report_test

import (
	"bytes"
	"context"
	"flag"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/checks/analyze"
	"github.com/samlcheck/samlcheck/checks/report"
	"github.com/samlcheck/samlcheck/har/capture"
	"github.com/samlcheck/samlcheck/saml"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden from the current output")

// root is the repository root, where the shared fixtures live.
const root = "../.."

// at is the reference time of the rule fixtures (testdata/README.md: T+30s).
var at = time.Date(2026, 11, 1, 10, 0, 30, 0, time.UTC)

// corpusReport checks the whole real-world corpus (../shared/corpus beside
// the repository) at the fixtures' reference time, skipping the test when
// it is absent; err is analyze.Files's (inputs it could not read).
func corpusReport(t *testing.T) (*checks.Report, error) {
	t.Helper()
	dir := filepath.Join(root, "..", "shared", "corpus")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("../shared/corpus not found: %v", err)
	}
	return analyze.Files(context.Background(), []string{dir}, &checks.Config{Now: at, At: at}, nil)
}

// fixtureCapture reads a fixture under the repository root (not a HAR: package
// report does not read HARs) as one capture called name (its path relative
// to the root when name is ""), with the pages given.
func fixtureCapture(t *testing.T, path, name string, pages ...capture.Page) (checks.Input, capture.Capture) {
	t.Helper()
	data := []byte(readFixture(t, path))
	if name == "" {
		name = path
	}
	msgs, err := saml.ParseInput(name, data)
	require.NoError(t, err, path)
	kind := "base64"
	if bytes.HasPrefix(bytes.TrimSpace(data), []byte("<")) {
		kind = "xml"
	}
	return checks.Input{File: name, Kind: kind, Messages: len(msgs)}, capture.Capture{File: name, Messages: msgs, Pages: pages}
}

// runReport checks the captures as the CLI would, at a fixed time and
// version, and fills in the inputs.
func runReport(t *testing.T, profile checks.Profile, ins []checks.Input, caps []capture.Capture) *checks.Report {
	t.Helper()
	rep, err := checks.RunCaptures(context.Background(), &checks.Config{Profile: profile, Now: at, At: at}, caps)
	require.NoError(t, err)
	rep.Version = "v0.0.0-test"
	rep.Inputs = ins
	return rep
}

// fixtureReport runs the checks on fixture files, each its own input.
func fixtureReport(t *testing.T, profile checks.Profile, paths ...string) *checks.Report {
	t.Helper()
	var ins []checks.Input
	var caps []capture.Capture
	for _, p := range paths {
		in, c := fixtureCapture(t, p, "")
		ins, caps = append(ins, in), append(caps, c)
	}
	return runReport(t, profile, ins, caps)
}

// golden compares got with testdata/golden/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "%s (run go test ./checks/report -update to create it)", path)
	require.Equal(t, string(want), string(got), "output differs from %s (go test ./checks/report -update rewrites it)", path)
}

// oddName is an input name with the characters the formats must escape.
const oddName = "odd dir/login, 10:00 100%.har"

// scenario is a report the goldens are made of.
type scenario struct {
	name string
	rep  *checks.Report
}

// scenarios returns the reports of the golden tests:
//
//   - fail: two inputs, one response with an error and two info findings
//     under identity-center, one value that does not decode;
//   - pass: a Redirect-binding AuthnRequest without any finding;
//   - capture: an input with an odd name, read errors and an error page that
//     a per-capture rule reports on, and an input without messages.
func scenarios(t *testing.T) []scenario {
	t.Helper()
	page := capture.Page{
		Source:   saml.Source{File: oddName, Entry: 9, Method: "GET", URL: "https://us-east-1.signin.aws.amazon.com/platform/d-9067c1a2b3/error?…", Status: 200},
		MimeType: "text/html",
		Text:     "<html><body><h1>It's not you, it's us</h1></body></html>",
	}
	in, c := fixtureCapture(t, "testdata/inputs/response.xml", oddName, page)
	in.Kind, in.Entries, in.Errors = "har", 13, []string{"har: entry 12: postData: unexpected end of JSON input", "har: truncated after entry 12"}
	empty := checks.Input{File: "empty.har", Kind: "har", Entries: 3}
	capRep := runReport(t, checks.Auto, []checks.Input{in, empty}, []capture.Capture{c, {File: "empty.har"}})
	return []scenario{
		{"fail", fixtureReport(t, checks.IdentityCenter, "testdata/rules/idc/nameid-format/fail/unspecified.xml", "testdata/rules/saml/decode/fail/truncated-base64.b64")},
		{"pass", fixtureReport(t, checks.Auto, "testdata/inputs/redirect.url")},
		{"capture", capRep},
	}
}

// write returns what format writes for r.
func write(t *testing.T, format func(io.Writer, *checks.Report) error, r *checks.Report) []byte {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, format(&b, r))
	return b.Bytes()
}

func TestFormatsRefuseNoReport(t *testing.T) {
	for name, format := range map[string]func(io.Writer, *checks.Report) error{"sarif": report.SARIF, "junit": report.JUnit, "github": report.GitHub} {
		var b bytes.Buffer
		err := format(&b, nil)
		require.Error(t, err, name)
		assert.Equal(t, "report: "+name+": no report", err.Error())
		assert.Zero(t, b.Len())
	}
}

// The formats take any report, however odd, without panicking.
func TestFormatsTakeOddReports(t *testing.T) {
	odd := []*checks.Report{
		{},
		{Messages: []checks.MessageSummary{{Index: -3}, {Index: 1 << 30, File: "x"}}},
		{Findings: []checks.Finding{{Location: checks.Location{Entry: -9, MessageIndex: -9, XMLPath: "/"}}, {Severity: 9, Rule: "\x00", Location: checks.Location{File: "\x00:,%", MessageIndex: 1 << 40}}}},
		{Inputs: []checks.Input{{}, {File: "a", Errors: []string{""}}}, Captures: []checks.CaptureSummary{{File: "z", Rules: []string{"r", "r"}}}},
	}
	s := sarifSchema(t)
	for i, r := range odd {
		for name, format := range map[string]func(io.Writer, *checks.Report) error{"sarif": report.SARIF, "junit": report.JUnit, "github": report.GitHub} {
			var b bytes.Buffer
			require.NotPanics(t, func() { require.NoError(t, format(&b, r)) }, "%s on report %d", name, i)
			if name == "sarif" {
				assert.NoError(t, s.Validate(b.Bytes()), "report %d", i)
			}
		}
	}
}
