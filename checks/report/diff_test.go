package report_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/checks/diff"
	"github.com/samlcheck/samlcheck/checks/report"
	"github.com/samlcheck/samlcheck/har/capture"
	"github.com/samlcheck/samlcheck/saml"
)

// diffSide reads and checks one message file of testdata/diff.
func diffSide(t *testing.T, name string, cfg *checks.Config) *diff.Side {
	t.Helper()
	data, err := os.ReadFile(name)
	require.NoError(t, err)
	msgs, err := saml.ParseInput(name, data)
	require.NoError(t, err)
	s, err := diff.NewSide(context.Background(), name, []capture.Capture{{File: name, Messages: msgs}}, nil, cfg)
	require.NoError(t, err)
	return s
}

// diffResults compares the pairs of testdata/diff (and each side with
// itself).
func diffResults(t *testing.T) map[string]*diff.Result {
	t.Helper()
	dirs, err := filepath.Glob(filepath.Join(root, "testdata/diff/*"))
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(dirs), 6)
	cfg := &checks.Config{Profile: checks.IdentityCenter, At: time.Date(2026, 11, 1, 10, 0, 30, 0, time.UTC)}
	out := map[string]*diff.Result{}
	for _, d := range dirs {
		good := diffSide(t, filepath.Join(d, "good.xml"), cfg)
		bad := diffSide(t, filepath.Join(d, "bad.xml"), cfg)
		out[filepath.Base(d)] = diff.Diff(good, bad)
		out[filepath.Base(d)+"-self"] = diff.Diff(good, good)
	}
	return out
}

func TestDiffJSONValidates(t *testing.T) {
	data, err := report.DiffJSONSchema()
	require.NoError(t, err)
	s, err := compileSchema(data)
	require.NoError(t, err)
	for name, r := range diffResults(t) {
		var b bytes.Buffer
		require.NoError(t, report.DiffJSON(&b, r))
		assert.NoError(t, s.Validate(b.Bytes()), "%s: %s", name, b.String())
	}
	// The schema rejects what is not a diff: a check report.
	var b bytes.Buffer
	require.NoError(t, report.JSON(&b, &checks.Report{SchemaVersion: "1", Tool: "samlcheck"}))
	assert.Error(t, s.Validate(b.Bytes()))
}

// TestDiffTextColumns: two columns where a difference fits the width,
// GOOD and BAD lines where it does not; cosmetic differences only with
// Verbose.
func TestDiffTextColumns(t *testing.T) {
	r := diffResults(t)["nameid-format"]
	require.True(t, r.HasChanges())
	var wide, narrow, verbose bytes.Buffer
	require.NoError(t, report.DiffText(&wide, r, report.DiffOptions{Width: 200}))
	require.NoError(t, report.DiffText(&narrow, r, report.DiffOptions{Width: 72}))
	require.NoError(t, report.DiffText(&verbose, r, report.DiffOptions{Width: 200, Verbose: true}))
	assert.Regexp(t, `(?m)^  NameID Format +urn:oasis:names:tc:SAML:1\.1:nameid-format:emailAddress +urn:oasis:names:tc:SAML:1\.1:nameid-format:unspecified$`, wide.String())
	assert.Regexp(t, `(?m)^    GOOD: urn:oasis:names:tc:SAML:1\.1:nameid-format:emailAddress$`, narrow.String())
	assert.Regexp(t, `(?m)^    BAD:  urn:oasis:names:tc:SAML:1\.1:nameid-format:unspecified$`, narrow.String())
	assert.Contains(t, narrow.String(), "ERROR idc/nameid-format fires on BAD only")
	for _, line := range strings.Split(narrow.String(), "\n") {
		assert.LessOrEqual(t, len([]rune(line)), 72, line)
	}
	assert.NotContains(t, wide.String(), "Cosmetic differences")
	assert.Contains(t, wide.String(), "(not shown; -v shows them)")
	assert.Contains(t, verbose.String(), "Cosmetic differences (1):")
	assert.Contains(t, wide.String(), "compared by their shape only")
}

// TestDiffHTML: GOOD and BAD side by side, the rule's finding beside its
// field, cosmetic differences collapsed unless Verbose; the page loads
// nothing and escapes what comes from the inputs.
func TestDiffHTML(t *testing.T) {
	r := diffResults(t)["nameid-format"]
	var page, verbose bytes.Buffer
	require.NoError(t, report.DiffHTML(&page, r, report.DiffHTMLOptions{Version: "v1.2.3"}))
	require.NoError(t, report.DiffHTML(&verbose, r, report.DiffHTMLOptions{Verbose: true}))
	s := page.String()
	assert.Contains(t, s, `<th scope="col">GOOD</th><th scope="col">BAD</th>`)
	assert.Regexp(t, `<tr class="k-rule"><th scope="row">NameID Format</th><td data-label="GOOD" class="">urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</td><td data-label="BAD" class="">urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified</td></tr>\s*<tr class="dfinding"><td colspan="3"><span class="badge sev-error">error</span> <code>idc/nameid-format</code> fires on BAD only`, s)
	assert.Contains(t, s, "<details>\n<summary><h2 id=\"cosmetic-h\">Cosmetic differences (1)</h2>")
	assert.Contains(t, verbose.String(), "<details open>")
	assert.Contains(t, s, "default-src &#39;none&#39;")
	assert.NotContains(t, s, "<script")

	hostile := *r
	evil := `<script>alert(1)</script>`
	hostile.Good = evil
	hostile.Differences = append([]diff.Difference{{Kind: diff.KindStructural, Field: "x", Label: evil, Good: &evil}}, r.Differences...)
	var b bytes.Buffer
	require.NoError(t, report.DiffHTML(&b, &hostile, report.DiffHTMLOptions{}))
	assert.NotContains(t, b.String(), evil)
	assert.Contains(t, b.String(), "&lt;script&gt;")
}
