package checks_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/checks/users"
	"github.com/samlcheck/samlcheck/har/capture"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runHAR checks a HAR fixture as the CLI does: pages kept by
// MayBeErrorPage, the profile and users file of its .want sidecar.
func runHAR(t *testing.T, path string) []checks.Finding {
	t.Helper()
	side, err := os.ReadFile(path + ".want")
	require.NoError(t, err)
	cfg := &checks.Config{}
	for _, kv := range strings.Fields(string(side)) {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "profile":
			cfg.Profile, err = checks.ParseProfile(v)
			require.NoError(t, err)
		case "users":
			up := filepath.Join(filepath.Dir(path), v)
			data, err := os.ReadFile(up)
			require.NoError(t, err)
			cfg.Users, err = users.Parse(up, data)
			require.NoError(t, err)
		}
	}
	capt := harCapture(t, path)
	rep, err := checks.RunCaptures(context.Background(), cfg, []capture.Capture{capt})
	require.NoError(t, err)
	return rep.Findings
}

// TestErrorFindingsPointAtCauses reads login captures as the CLI does
// (pages kept by MayBeErrorPage) and checks that each error/* finding
// quotes the page and names, as its likely cause, the rule that found the
// problem in the SAML response of the same login. The harness compares
// rule ids only; this test checks the link between them.
func TestErrorFindingsPointAtCauses(t *testing.T) {
	for _, tc := range []struct {
		file, rule string
		want       []string // substrings of the finding's message
	}{
		{"rules/error/idc-unexpected/fail/nameid-unspecified.har", "error/idc-unexpected",
			[]string{`entry 9 (GET https://us-east-1.signin.aws.amazon.com/platform/d-9067c1a2b3/error, status 200) shows "An unexpected error has occurred"`,
				"; likely cause: idc/nameid-format on message 2"}},
		{"rules/error/idc-unexpected/fail/firefox-entities.har", "error/idc-unexpected",
			[]string{`shows "An unexpected error has occurred"`, "pass --users FILE (the output of aws identitystore list-users)"}},
		{"rules/error/idc-not-you-its-us/fail/nameid-unspecified.har", "error/idc-not-you-its-us",
			[]string{`shows "It’s not you, it’s us"; likely cause: idc/nameid-format on message 2`}},
		{"rules/error/idc-invalid-mfa/fail/not-provisioned.har", "error/idc-invalid-mfa",
			[]string{`shows "Invalid MFA credentials"; likely cause: idc/nameid-user on message 2`}},
		{"rules/error/connect-not-onboarded/fail/username-case.har", "error/connect-not-onboarded",
			[]string{`shows "Your account has been authenticated, but has not been onboarded to this application."; likely cause: connect/role-session-name on message 1`}},
		{"rules/error/connect-bad-request/fail/two-roles.har", "error/connect-bad-request",
			[]string{"likely cause: connect/single-role on message 1", "; Role values: arn:aws:iam::123456789012:role/ConnectFederation,"}},
		{"rules/error/iam-saml/fail/no-role-attribute.har", "error/iam-saml",
			[]string{`(POST https://signin.aws.amazon.com/saml, status 200) shows "Your request included an invalid SAML response."; likely cause: iam/role-attribute on message 1`}},
		{"rules/error/create-token-access-denied/fail/relayed.har", "error/create-token-access-denied",
			[]string{`shows "An error occurred (AccessDeniedException) when calling the CreateTokenWithIAM operation: You do not have sufficient access to perform this action."`}},
		{"rules/error/chatsync-access-denied/fail/not-subscribed.har", "error/chatsync-access-denied",
			[]string{"(POST https://chat.example.com/api/chat, status 403)", "User is not authorized for this service call."}},
		// The captures of testdata/har that end on Identity Center's error.
		{"har/chrome-idc-nameid-unspecified.har", "error/idc-unexpected",
			[]string{"likely cause: idc/nameid-format on message 2 (same cause: idc/nameid-email)"}},
		{"har/firefox-idc-encrypted.har", "error/idc-unexpected",
			[]string{"likely cause: idc/encrypted-assertion on message 2"}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			fs := runHAR(t, filepath.Join("../testdata", tc.file))
			var got []checks.Finding
			for _, f := range fs {
				if f.Rule == tc.rule {
					got = append(got, f)
				}
			}
			require.Len(t, got, 1, "findings: %v", fs)
			f := got[0]
			assert.Equal(t, checks.Error, f.Severity)
			assert.Equal(t, -1, f.Location.MessageIndex)
			assert.GreaterOrEqual(t, f.Location.Entry, 0)
			for _, w := range tc.want {
				assert.Contains(t, f.Message, w)
			}
		})
	}
}
