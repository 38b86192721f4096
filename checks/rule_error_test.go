package checks

import (
	"crypto/x509"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/samlcheck/samlcheck/checks/pagetext"
	"github.com/samlcheck/samlcheck/checks/users"
	"github.com/samlcheck/samlcheck/har/capture"
	"github.com/samlcheck/samlcheck/saml"
)

// errorPage returns a page of entry n at u with the given body.
func errorPage(n int, u, mime, text string) capture.Page {
	return capture.Page{Source: saml.Source{File: "login.har", Entry: n, Method: "GET", URL: u, Status: 200}, MimeType: mime, Text: text}
}

// result returns a decoded response of entry n, message index i, with the
// given Role values.
func result(i, n int, roles ...string) *Decoded {
	a := &saml.Assertion{ID: "_a"}
	if len(roles) > 0 {
		at := saml.Attribute{Name: "https://aws.amazon.com/SAML/Attributes/Role"}
		for _, r := range roles {
			at.Values = append(at.Values, saml.AttributeValue{Text: r})
		}
		a.Attributes = []saml.Attribute{{Name: "x"}, at}
	}
	return &Decoded{
		Index:   i,
		Encoded: &saml.Encoded{Source: saml.Source{File: "login.har", Entry: n}},
		Message: &saml.Message{Response: &saml.Response{Assertions: []*saml.Assertion{a}}},
	}
}

// runError runs rule id on pages with the given message findings and
// results, and returns what it reported.
func runError(t *testing.T, id string, cfg *Config, pages []capture.Page, results []*Decoded, fs ...Finding) []Finding {
	t.Helper()
	r := Lookup(id)
	require.NotNil(t, r, id)
	require.NotNil(t, r.RunCapture)
	if cfg == nil {
		cfg = &Config{}
	}
	p := &CapturePass{Rule: r, Config: cfg, Capture: &capture.Capture{File: "login.har", Pages: pages}, Messages: results, Findings: fs}
	r.RunCapture(p)
	for _, f := range p.findings {
		assert.Equal(t, id, f.Rule)
		assert.Equal(t, Error, f.Severity)
		assert.Equal(t, -1, f.Location.MessageIndex)
		assert.Equal(t, "login.har", f.Location.File)
		assert.NotEmpty(t, f.Why)
		assert.NotEmpty(t, f.Fix)
	}
	return p.findings
}

func finding(rule string, sev Severity, msg, entry int) Finding {
	return Finding{Rule: rule, Severity: sev, Location: Location{File: "login.har", Entry: entry, MessageIndex: msg}}
}

const idcErrorURL = "https://us-east-1.signin.aws.amazon.com/platform/d-9067c1a2b3/error?code=x"

func TestIdCUnexpectedPointsAtLikelyCauses(t *testing.T) {
	page := errorPage(9, idcErrorURL, "text/html", `<html><body><h1>Error</h1><p>An unexpected error has occurred</p></body></html>`)
	fs := runError(t, "error/idc-unexpected", nil, []capture.Page{page}, []*Decoded{result(0, 2), result(1, 7)},
		finding("saml/time-window", Warning, 1, 7),
		finding("idc/nameid-format", Error, 1, 7),
		finding("idc/nameid-email", Error, 0, 2),
		finding("idc/nameid-user", Info, 1, 7),            // info: not a cause
		finding("error/idc-not-you-its-us", Error, -1, 9), // another error page
		finding("idc/nameid-format", Error, 2, 12),        // sent after the error page
		finding("iam/role-attribute", Error, 1, 7),        // unrelated family
	)
	require.Len(t, fs, 1)
	f := fs[0]
	assert.Equal(t, 9, f.Location.Entry)
	assert.Equal(t, `entry 10 (GET https://us-east-1.signin.aws.amazon.com/platform/d-9067c1a2b3/error?…, status 200) shows "An unexpected error has occurred"; `+
		"likely cause: idc/nameid-format on message 2, idc/nameid-email on message 1, saml/time-window on message 2", f.Message)
	assert.Contains(t, f.Why, "NameID Format is not emailAddress")
	assert.Contains(t, f.Why, idcUnexpectedError.Section)
	assert.Contains(t, f.Fix, "ExternalIdPDirectoryLogin")
}

func TestIdCUnexpectedNeedsAnAWSPage(t *testing.T) {
	body := `<p>An unexpected error has occurred</p>`
	assert.Empty(t, runError(t, "error/idc-unexpected", nil, []capture.Page{errorPage(3, "https://idp.example.com/login", "text/html", body)}, nil))
	assert.Len(t, runError(t, "error/idc-unexpected", nil, []capture.Page{errorPage(3, "https://d-1.awsapps.com/start/", "text/html", body)}, nil), 1)
}

func TestErrorHintsNameMissingInputs(t *testing.T) {
	page := errorPage(5, idcErrorURL, "text/html", `<p>An unexpected error has occurred</p>`)
	fs := runError(t, "error/idc-unexpected", nil, []capture.Page{page}, []*Decoded{result(0, 2)})
	require.Len(t, fs, 1)
	assert.Contains(t, fs[0].Message, "no rule found its cause in the SAML messages of this capture; pass "+
		"--users FILE (the output of aws identitystore list-users) to check that the NameID is the user name of a provisioned Identity Center user; "+
		"--idp-cert FILE")
	assert.Contains(t, fs[0].Message, "; --acs URL or --sp-metadata FILE")

	cfg := &Config{Users: users.New("users.txt", []string{"alice@example.com"}), IdPCerts: []*x509.Certificate{{}}}
	fs = runError(t, "error/idc-unexpected", cfg, []capture.Page{page}, []*Decoded{result(0, 2)})
	require.Len(t, fs, 1)
	assert.NotContains(t, fs[0].Message, "--users")
	assert.NotContains(t, fs[0].Message, "--idp-cert")
	assert.Contains(t, fs[0].Message, "pass --acs URL")

	cfg.ACS = "https://us-east-1.signin.aws.amazon.com/platform/saml/acs/x"
	fs = runError(t, "error/idc-unexpected", cfg, []capture.Page{page}, []*Decoded{result(0, 2)})
	require.Len(t, fs, 1)
	assert.True(t, strings.HasSuffix(fs[0].Message, "no rule found its cause in the SAML messages of this capture; check the documented causes"), fs[0].Message)

	fs = runError(t, "error/idc-unexpected", cfg, []capture.Page{page}, nil)
	require.Len(t, fs, 1)
	assert.Contains(t, fs[0].Message, "no SAML message in this capture")
}

func TestErrorReportedOncePerMessage(t *testing.T) {
	body := `{"__type":"com.amazonaws.switchboard.portal#UnauthorizedException","message":"Session token not found or invalid"}`
	pages := []capture.Page{
		errorPage(10, "https://portal.sso.us-east-1.amazonaws.com/instance/appinstances", "application/json", body),
		errorPage(11, "https://portal.sso.us-east-1.amazonaws.com/user", "application/json", body),
		errorPage(14, "https://portal.sso.us-east-1.amazonaws.com/user", "application/json", body),
	}
	fs := runError(t, "error/idc-session-token", nil, pages, []*Decoded{result(0, 2)})
	require.Len(t, fs, 1)
	assert.Equal(t, 10, fs[0].Location.Entry)
	assert.Contains(t, fs[0].Message, `shows "Session token not found or invalid" (also entries 12, 15); no SAML cause to look for: `)
}

func TestIAMSAMLErrorsEachWithTheirCauses(t *testing.T) {
	pages := []capture.Page{
		errorPage(6, "https://signin.aws.amazon.com/saml", "text/html",
			`<html><body><div id="error"><h1>Error</h1><p>Your request included an invalid SAML response. To logout, click <a href="/logout">here</a>.</p></div></body></html>`),
		errorPage(8, "https://sts.amazonaws.com/", "text/xml",
			`<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>InvalidIdentityToken</Code>`+
				`<Message>RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}</Message></Error></ErrorResponse>`),
	}
	fs := runError(t, "error/iam-saml", nil, pages, []*Decoded{result(0, 4, "arn:aws:iam::123456789012:role/Admin,arn:aws:iam::123456789012:saml-provider/ExampleIdP")},
		finding("iam/role-attribute", Error, 0, 4),
		finding("iam/role-session-name", Error, 0, 4),
		finding("saml/audience", Error, 0, 4))
	require.Len(t, fs, 2)
	assert.Equal(t, `entry 7 (GET https://signin.aws.amazon.com/saml, status 200) shows "Your request included an invalid SAML response."; `+
		"likely cause: iam/role-attribute on message 1, iam/role-session-name on message 1, saml/audience on message 1; "+
		"Role value: arn:aws:iam::123456789012:role/Admin,arn:aws:iam::123456789012:saml-provider/ExampleIdP (message 1)", fs[0].Message)
	assert.Contains(t, fs[0].Why, "https://aws.amazon.com/SAML/Attributes/Role")
	assert.Contains(t, fs[1].Message, `shows "RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}"; likely cause: iam/role-session-name on message 1`)
	assert.NotContains(t, fs[1].Message, "iam/role-attribute", "each error points at its own causes")
	assert.Contains(t, fs[1].Why, "too long")
}

func TestConnectErrors(t *testing.T) {
	res := []*Decoded{result(0, 4, "arn:aws:iam::123456789012:role/ConnectFederation,arn:aws:iam::123456789012:saml-provider/ExampleIdP")}
	fed := errorPage(7, "https://us-east-1.console.aws.amazon.com/connect/federate/0a1b2c3d", "text/html",
		`<html><body><h1>Access denied</h1><p>Please contact your AWS account administrator for assistance.</p></body></html>`)
	onboard := errorPage(7, "https://us-east-1.console.aws.amazon.com/connect/federate/0a1b2c3d", "text/html",
		`<html><body><h1>Access Denied.</h1><p>Your account has been authenticated, but has not been onboarded to this application. Please contact your administrator.</p></body></html>`)

	fs := runError(t, "error/connect-federation-token", nil, []capture.Page{fed}, res)
	require.Len(t, fs, 1)
	assert.Contains(t, fs[0].Message, "no SAML cause to look for: the role's IAM policies are not in the capture; Role value: arn:aws:iam::123456789012:role/ConnectFederation")
	assert.Empty(t, runError(t, "error/connect-federation-token", nil, []capture.Page{onboard}, res), "the onboarding error is another error")

	fs = runError(t, "error/connect-not-onboarded", nil, []capture.Page{onboard}, res, finding("connect/role-session-name", Error, 0, 4))
	require.Len(t, fs, 1)
	assert.Contains(t, fs[0].Message, "likely cause: connect/role-session-name on message 1")
	fs = runError(t, "error/connect-not-onboarded", nil, []capture.Page{onboard}, res)
	require.Len(t, fs, 1)
	assert.Contains(t, fs[0].Message, "pass --users FILE (the output of aws connect list-users) to check that RoleSessionName is exactly a Connect username")
	assert.Empty(t, runError(t, "error/connect-not-onboarded", nil, []capture.Page{fed}, res))
}

func TestTokenAndChatSyncErrorsNeedTheirContext(t *testing.T) {
	app := "https://qbiz.example.com/api/chat"
	relayed := func(op string) capture.Page {
		return errorPage(12, app, "application/json", `{"error":"An error occurred (AccessDeniedException) when calling the `+op+` operation: You do not have sufficient access to perform this action."}`)
	}
	bare := errorPage(12, app, "application/json", `{"__type":"AccessDeniedException","message":"You do not have sufficient access to perform this action."}`)
	oidc := errorPage(12, "https://oidc.us-east-1.amazonaws.com/token?aws_iam=t", "application/json", `{"__type":"AccessDeniedException","error":"access_denied"}`)
	chat := errorPage(12, "https://qbusiness.us-east-1.api.aws/applications/a-1/conversations?sync", "application/json", `{"message":"Access denied"}`)
	chatTyped := errorPage(12, "https://qbusiness.us-east-1.api.aws/applications/a-1/conversations?sync", "application/json", `{"__type":"AccessDeniedException"}`)
	notSubscribed := errorPage(12, app, "application/json", `{"detail":"User is not authorized for this service call."}`)

	count := func(id string, pg capture.Page) int { return len(runError(t, id, nil, []capture.Page{pg}, nil)) }
	assert.Equal(t, 1, count("error/create-token-access-denied", relayed("CreateTokenWithIAM")))
	assert.Equal(t, 1, count("error/create-token-access-denied", oidc))
	assert.Equal(t, 0, count("error/create-token-access-denied", relayed("ChatSync")))
	assert.Equal(t, 0, count("error/create-token-access-denied", bare))

	assert.Equal(t, 1, count("error/chatsync-access-denied", relayed("ChatSync")))
	assert.Equal(t, 1, count("error/chatsync-access-denied", chatTyped))
	assert.Equal(t, 1, count("error/chatsync-access-denied", notSubscribed))
	assert.Equal(t, 0, count("error/chatsync-access-denied", chat), "no AccessDeniedException")
	assert.Equal(t, 0, count("error/chatsync-access-denied", bare))
	assert.Equal(t, 0, count("error/chatsync-access-denied", relayed("CreateTokenWithIAM")))

	fs := runError(t, "error/chatsync-access-denied", nil, []capture.Page{notSubscribed, chatTyped}, nil)
	require.Len(t, fs, 1, "both signs of a rule with one quote are one finding")
	assert.Contains(t, fs[0].Message, `shows "User is not authorized for this service call." (also entry 13)`)
}

func TestInvalidGrant(t *testing.T) {
	pg := errorPage(15, "https://qbiz.example.com/api/token", "application/json",
		`{"__type":"InvalidGrantException","error":"invalid_grant","error_description":"Invalid grant provided"}`)
	fs := runError(t, "error/invalid-grant", nil, []capture.Page{pg}, []*Decoded{result(0, 4)}, finding("idc/nameid-user", Error, 0, 4))
	require.Len(t, fs, 1)
	assert.Contains(t, fs[0].Message, `shows "InvalidGrantException"; likely cause: idc/nameid-user on message 1`)
	assert.Contains(t, fs[0].Why, "trailing slash")

	oauth := errorPage(15, "https://idp.example.com/oauth2/v1/token", "application/json", `{"error":"invalid_grant","error_description":"The refresh token is invalid or expired."}`)
	assert.Empty(t, runError(t, "error/invalid-grant", nil, []capture.Page{oauth}, nil), "a bare OAuth invalid_grant is not Identity Center's")
}

func TestErrorSignsTable(t *testing.T) {
	ids := map[string]bool{}
	for _, r := range errorRules {
		ids[r.ID] = true
		assert.True(t, strings.HasPrefix(r.ID, "error/"), r.ID)
		assert.NotNil(t, r.RunCapture, r.ID)
		assert.Nil(t, r.Run, r.ID)
		assert.Len(t, r.Profiles, len(Profiles()), "%s runs on every HAR", r.ID)
	}
	seen := map[string]bool{}
	for _, s := range errorSigns {
		assert.True(t, ids[s.rule], "sign %q names no error rule", s.quote)
		seen[s.rule] = true
		assert.NotEmpty(t, s.phrases, s.quote)
		assert.NotEmpty(t, s.why, s.quote)
		assert.NotEmpty(t, s.fix, s.quote)
		assert.NotEmpty(t, s.section, s.quote)
		for _, p := range s.phrases {
			assert.Regexp(t, `[\pL\p{Nd}]`, p, "%s: a phrase has a word", s.quote)
			// Each phrase recognises itself, in a page as in plain text.
			pt := pagetext.Read("text/html", "<p>"+p+"</p>")
			_, ok := pt.Find([]string{p})
			assert.True(t, ok, p)
			assert.True(t, MayBeErrorPage("text/plain", []byte(p)), p)
		}
		for _, r := range s.related {
			assert.Regexp(t, `^(saml|idc|iam|connect)/[a-z0-9-]*$`, r, s.quote)
		}
		assert.False(t, s.notSAML != "" && len(s.hints) > 0, "%s: hints are never shown with notSAML", s.quote)
	}
	for id := range ids {
		assert.True(t, seen[id], "%s has no sign", id)
	}
}

func TestMayBeErrorPage(t *testing.T) {
	for _, tc := range []struct {
		name, mime, body string
		want             bool
	}{
		{"idc unexpected", "text/html", `<html><body><h1>Error</h1><p>An unexpected error has occurred</p></body></html>`, true},
		{"curly apostrophes", "text/html; charset=utf-8", `<p>It&rsquo;s not you, it&rsquo;s us</p>`, true},
		{"only in a script", "text/html", `<script>var e={"x":"An unexpected error has occurred"}</script><div id=root></div>`, false},
		{"only in a comment", "text/html", `<!-- Invalid MFA credentials --><p>Welcome</p>`, false},
		{"a script file", "application/javascript", `t("An unexpected error has occurred")`, false},
		{"error json", "application/json", `{"__type":"InvalidGrantException","error":"invalid_grant"}`, true},
		{"bare access denied", "application/json", `{"__type":"AccessDeniedException","message":"no"}`, true},
		{"json data field", "application/json", `{"data":"An unexpected error has occurred"}`, false},
		{"sts xml", "text/xml", `<ErrorResponse><Error><Code>AccessDenied</Code><Message>Not authorized to perform sts:AssumeRoleWithSAML</Message></Error></ErrorResponse>`, true},
		{"plain", "text/plain", "Session token not found or invalid", true},
		{"nothing", "text/html", `<p>Welcome back</p>`, false},
		{"empty", "text/html", ``, false},
	} {
		assert.Equal(t, tc.want, MayBeErrorPage(tc.mime, []byte(tc.body)), tc.name)
	}
	// Only the first capture.DefaultMaxPageText bytes count, as a Page keeps no more.
	late := "<p>" + strings.Repeat("x ", capture.DefaultMaxPageText/2) + "An unexpected error has occurred</p>"
	assert.False(t, MayBeErrorPage("text/html", []byte(late)))
}

func TestIsAWSPageHost(t *testing.T) {
	for u, want := range map[string]bool{
		"https://us-east-1.signin.aws.amazon.com/platform/d-1/error": true,
		"https://d-9067c1a2b3.awsapps.com/start/":                    true,
		"https://example-corp.my.connect.aws/agent-app-v2/":          true,
		"https://portal.sso.us-east-1.amazonaws.com/user":            true,
		"https://signin.amazonaws-us-gov.com/saml":                   true,
		"https://idp.example.com/error":                              false,
		"https://aws.amazon.com.evil.example/":                       false,
		"https://notamazonaws.com/":                                  false,
		"":                                                           false,
		"://bad":                                                     false,
	} {
		assert.Equal(t, want, isAWSPageHost(u), u)
	}
}
