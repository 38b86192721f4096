package checks

import (
	"encoding/base64"
	"encoding/json"
	"testing"

	"github.com/samlcheck/samlcheck/har/capture"
	"github.com/samlcheck/samlcheck/saml"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func testJWT(claims map[string]any) string {
	c, _ := json.Marshal(claims)
	return base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"RS256"}`)) + "." + base64.RawURLEncoding.EncodeToString(c) + ".c2lnbmF0dXJl"
}

// TestCapturedTokens checks where tokens are found (a form post, a URL
// fragment, a token endpoint's JSON, a CreateTokenWithIAM assertion, a
// pasted file) and which are judged: the exchanged ones when the capture
// has any, else the ID tokens and pasted ones, never an access token that
// was only received.
func TestCapturedTokens(t *testing.T) {
	id := testJWT(map[string]any{"iss": "https://i", "aud": "c", "token_use": "id"})
	id2 := testJWT(map[string]any{"iss": "https://i", "aud": "c", "nonce": "2"})
	at := testJWT(map[string]any{"iss": "https://i", "client_id": "c", "token_use": "access"})
	src := func(i int, method, url string) saml.Source {
		return saml.Source{File: "f", Entry: i, Method: method, URL: url}
	}
	c := &capture.Capture{Exchanges: []capture.Exchange{
		{Source: src(0, "POST", "https://app/cb"), Form: []capture.Field{{Name: "id_token", Value: id2}, {Name: "state", Value: "s"}}},
		{Source: src(1, "GET", "https://idp/authorize"), Location: "https://app/cb#id_token=" + id + "&token_type=Bearer"},
		{Source: src(2, "POST", "https://idp/token"), ResponseBody: `{"access_token":"` + at + `","id_token":"` + id + `"}`},
	}}
	all := capturedTokens(c)
	require.Len(t, all, 3)
	assert.Equal(t, "form field id_token of the request", all[0].where)
	assert.Equal(t, "id_token in the fragment of the redirect (Location)", all[1].where)
	assert.Equal(t, "member access_token of the JSON response body", all[2].where)
	assert.Empty(t, judgedTokens(&Config{}, all), "another OIDC login: nothing says what to expect of its tokens")
	cfg := &Config{Tokens: TokenConfig{Audiences: []string{"c"}}}
	judged := judgedTokens(cfg, all)
	require.Len(t, judged, 2, "the ID tokens; the access token was only received")
	assert.Equal(t, 0, judged[0].entry())
	assert.Equal(t, 1, judged[1].entry())

	c.Exchanges = append(c.Exchanges, capture.Exchange{Source: src(4, "POST", "https://idp/other"), RequestMime: "application/json",
		RequestBody: `{"assertion":"` + id2 + `"}`})
	assert.False(t, capturedTokens(c)[0].exchanged, "an assertion sent to something that is no token exchange")
	c.Exchanges = append(c.Exchanges, capture.Exchange{Source: src(3, "POST", "https://oidc.us-east-1.amazonaws.com/token"),
		RequestMime: "application/json", RequestBody: `{"assertion":"` + at + `","grantType":"urn:ietf:params:oauth:grant-type:jwt-bearer"}`})
	judged = judgedTokens(&Config{}, capturedTokens(c))
	require.Len(t, judged, 1, "only the token exchanged")
	assert.Equal(t, 3, judged[0].entry())
	assert.Equal(t, "member assertion of the JSON request body", judged[0].where)
	assert.Contains(t, judged[0].describe(), "the access token in entry 3 (POST https://oidc.us-east-1.amazonaws.com/token)")

	pasted := &capture.Capture{Documents: []capture.Document{{Source: saml.Source{File: "t.jwt", Entry: -1}, Kind: capture.DocumentJWT, Text: "Bearer " + at + "\n"}}}
	judged = judgedTokens(&Config{}, capturedTokens(pasted))
	require.Len(t, judged, 1, "a pasted token is judged, whatever its kind")
	assert.Equal(t, "the access token in file t.jwt", judged[0].describe())
}

func TestIssuerNearMiss(t *testing.T) {
	const n = "the configured URL"
	for _, tc := range []struct{ got, want, says string }{
		{"https://i/p", "https://i/p/", "the configured URL has a trailing slash"},
		{"https://i/p/", "https://i/p", "the token's iss has a trailing slash"},
		{"https://i/p", "https://i/p/.well-known/openid-configuration", "ends in /.well-known/openid-configuration"},
		{"https://i/P", "https://i/p", "differ only in case"},
		{"http://i/p", "https://i/p", "the schemes differ (http, https)"},
		{"https://a/p", "https://b/q", ""},
	} {
		got := issuerNearMiss(tc.got, tc.want, n)
		if tc.says == "" {
			assert.Empty(t, got)
			continue
		}
		assert.Contains(t, got, tc.says, tc.got)
	}
}

// TestInvalidGrantTokenHints: error/invalid-grant says what would let
// samlcheck check the token when the capture has none, or when no flag
// says what to expect; and names the token's finding as the cause.
func TestInvalidGrantTokenHints(t *testing.T) {
	page := capture.Page{Source: saml.Source{File: "f", Entry: 5, Method: "POST", URL: "https://oidc.us-east-1.amazonaws.com/token", Status: 400},
		MimeType: "application/json", Text: `{"__type":"InvalidGrantException","error":"invalid_grant"}`}
	run := func(cfg *Config, xs ...capture.Exchange) string {
		t.Helper()
		p := &CapturePass{Rule: invalidGrantRule, Config: cfg, Capture: &capture.Capture{File: "f", Pages: []capture.Page{page}, Exchanges: xs}}
		invalidGrantRule.RunCapture(p)
		require.Len(t, p.findings, 1)
		return p.findings[0].Message
	}
	assert.Contains(t, run(&Config{}), "the token exchanged is not in this capture")

	tok := testJWT(map[string]any{"iss": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_X", "aud": "c1", "token_use": "id", "email": "a@example.com"})
	x := capture.Exchange{Source: saml.Source{File: "f", Entry: 5, Method: "POST", URL: "https://oidc.us-east-1.amazonaws.com/token", Status: 400},
		RequestMime: "application/json", RequestBody: `{"assertion":"` + tok + `"}`}
	msg := run(&Config{}, x)
	assert.Contains(t, msg, "no oidc/* rule found a cause in the token; pass --trusted-token-issuer URL")
	assert.NotContains(t, msg, "SAML", "a token exchange without SAML says nothing about SAML")

	msg = run(&Config{Tokens: TokenConfig{Issuer: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_X/", Audiences: []string{"c1"}}}, x)
	assert.Contains(t, msg, "likely cause: oidc/issuer on the ID token in entry 5")

	msg = run(&Config{Tokens: TokenConfig{Issuer: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_X", Audiences: []string{"c1"}}}, x)
	assert.Contains(t, msg, "check that the user exists in IAM Identity Center")
}
