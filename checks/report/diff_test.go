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
	"github.com/samlcheck/samlcheck/checks/report/internal/jsonschema"
	"github.com/samlcheck/samlcheck/saml"
)

// diffSide reads and checks one message file of testdata/diff.
func diffSide(t *testing.T, name string, cfg *checks.Config) *diff.Side {
	t.Helper()
	data, err := os.ReadFile(name)
	require.NoError(t, err)
	msgs, err := saml.ParseInput(name, data)
	require.NoError(t, err)
	s, err := diff.NewSide(context.Background(), name, []checks.Capture{{File: name, Messages: msgs}}, nil, cfg)
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
	s, err := jsonschema.Compile(data)
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
