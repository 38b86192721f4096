package report_test

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/checks/analyze"
	"github.com/samlcheck/samlcheck/checks/report"
	"github.com/stretchr/testify/require"
)

// TestJSONSchemaCharsetStep: the report of inputs in other text encodings
// (testdata/realworld), whose first decoding step is "charset", and of a
// truncated value, validates against the schema.
func TestJSONSchemaCharsetStep(t *testing.T) {
	s := reportSchema(t)
	paths := []string{
		filepath.Join(root, "testdata/realworld/response-utf16le-bom-crlf.b64"),
		filepath.Join(root, "testdata/realworld/chrome-idc-ok-utf16le-bom.har"),
		filepath.Join(root, "testdata/rules/saml/decode/fail/truncated-in-assertion.b64"),
	}
	rep, err := analyze.Files(t.Context(), paths, &checks.Config{}, nil)
	require.NoError(t, err)
	out := write(t, report.JSON, rep)
	require.True(t, bytes.Contains(out, []byte(`"name": "charset"`)) || bytes.Contains(out, []byte(`"name":"charset"`)), "%s", out)
	require.NoError(t, s.Validate(out))
}
