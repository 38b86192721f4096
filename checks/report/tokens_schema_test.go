package report_test

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/checks/analyze"
	"github.com/samlcheck/samlcheck/checks/report"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestJSONSchemaTokensAndSCIM: the report of a Q Business capture with
// tokens, a pasted JWT, a SCIM document and a SCIM client capture
// validates against the schema, lists the tokens with their claims, and
// names no signature.
func TestJSONSchemaTokensAndSCIM(t *testing.T) {
	s := reportSchema(t)
	paths := []string{
		filepath.Join(root, "testdata/rules/oidc/audience/fail/qbusiness-cognito-access-token.har"),
		filepath.Join(root, "testdata/rules/oidc/claim/fail/no-email.jwt"),
		filepath.Join(root, "testdata/rules/scim/single-value/fail/user-two-phones.json"),
		filepath.Join(root, "testdata/rules/error/scim-response/fail/scim-client-400.har"),
	}
	rep, err := analyze.Files(t.Context(), paths, &checks.Config{}, nil)
	require.NoError(t, err)
	require.Len(t, rep.Tokens, 3, "the ID and access tokens of the capture, and the pasted one")
	assert.Equal(t, "access token", rep.Tokens[0].Kind)
	assert.True(t, rep.Tokens[0].Exchanged)
	assert.True(t, rep.Tokens[0].Checked)
	assert.Equal(t, "ID token", rep.Tokens[1].Kind)
	assert.False(t, rep.Tokens[1].Checked, "not the token exchanged")
	assert.Equal(t, "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Ab12Cd34E", rep.Tokens[2].Claims["iss"])
	out := write(t, report.JSON, rep)
	require.NoError(t, s.Validate(out))
	assert.True(t, bytes.Contains(out, []byte(`"kind": "scim"`)) || bytes.Contains(out, []byte(`"kind":"scim"`)))
	for _, sig := range []string{"UkVEQUNURUQ"} {
		assert.NotContains(t, string(out), sig)
	}
}
