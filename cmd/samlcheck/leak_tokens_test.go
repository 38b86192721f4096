package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Planted token secrets: none may appear in any output. The JWTs' header
// and claims may (they are what an admin needs), their signatures never.
const (
	plantedRefresh     = "PLANTEDrefreshTokenM1n2O3"
	plantedClientSec   = "PLANTEDclientSecretP4q5R6"
	plantedOpaqueToken = "PLANTEDopaqueAccessS7t8U9"
	plantedSCIMBearer  = "PLANTEDscimBearerV1w2X3"
	plantedIdCToken    = "PLANTEDidcAccessTokenY4z5"
	plantedFormCode    = "PLANTEDformCodeA9b8C7"
	plantedSigID       = "UExBTlRFRC1pZC10b2tlbi1zaWduYXR1cmU"      // "PLANTED-id-token-signature"
	plantedSigAccess   = "UExBTlRFRC1hY2Nlc3MtdG9rZW4tc2lnbmF0dXJl" // "PLANTED-access-token-signature"
)

// tokenSecrets are the planted secrets of plantedTokenHAR.
var tokenSecrets = []string{plantedRefresh, plantedClientSec, plantedOpaqueToken, plantedSCIMBearer, plantedIdCToken, plantedFormCode, plantedSigID, plantedSigAccess}

func plantedJWTWith(claims map[string]any, sig string) string {
	h, _ := json.Marshal(map[string]any{"alg": "RS256", "kid": "k1"})
	c, _ := json.Marshal(claims)
	return base64.RawURLEncoding.EncodeToString(h) + "." + base64.RawURLEncoding.EncodeToString(c) + "." + sig
}

// plantedTokenHAR is a HAR with tokens in every place samlcheck reads
// them: an id_token in a form post and in a URL fragment, a token
// endpoint's JSON response (ID, access and refresh tokens), a client
// secret and code in a token request, a CreateTokenWithIAM request whose
// assertion is an access token (so findings quote the token), its
// InvalidGrantException, and SCIM calls with a bearer token answered 400
// and 401.
func plantedTokenHAR(t *testing.T) []byte {
	t.Helper()
	iss := "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Pl4nted"
	idt := plantedJWTWith(map[string]any{"aud": "client1", "iss": iss, "token_use": "id", "exp": 1793610000, "iat": 1793606400}, plantedSigID)
	at := plantedJWTWith(map[string]any{"client_id": "client1", "iss": iss, "token_use": "access", "exp": 1793610000, "iat": 1793606400}, plantedSigAccess)
	nv := func(n, v string) map[string]any { return map[string]any{"name": n, "value": v} }
	entry := func(method, url, mime, body string, headers []any, status int, location, rmime, rbody string) map[string]any {
		e := map[string]any{
			"startedDateTime": "2026-11-02T09:00:10.000Z", "time": 10,
			"request": map[string]any{"method": method, "url": url, "httpVersion": "h2", "headers": headers, "queryString": []any{}, "cookies": []any{}},
			"response": map[string]any{"status": status, "statusText": "", "httpVersion": "h2", "cookies": []any{}, "redirectURL": location,
				"headers": []any{nv("location", location)}, "content": map[string]any{"mimeType": rmime, "text": rbody, "size": len(rbody)}},
		}
		if body != "" {
			e["request"].(map[string]any)["postData"] = map[string]any{"mimeType": mime, "text": body}
		}
		return e
	}
	scimBody := `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"planted.user@example.org","name":{"givenName":"Plan"},"emails":[{"value":"planted.user@example.org"},{"value":"x@example.org"}]}`
	entries := []any{
		entry("POST", "https://app.example.com/callback?code="+plantedFormCode, "application/x-www-form-urlencoded", "id_token="+idt+"&state=s1", []any{}, 302, "https://app.example.com/", "text/html", ""),
		entry("GET", "https://auth.example.com/oauth2/authorize?client_id=client1&response_type=token", "", "", []any{}, 302,
			"https://app.example.com/cb#id_token="+idt+"&access_token="+plantedOpaqueToken+"&token_type=Bearer", "text/html", ""),
		entry("POST", "https://auth.example.com/oauth2/token", "application/x-www-form-urlencoded",
			"grant_type=authorization_code&code="+plantedFormCode+"&client_id=client1&client_secret="+plantedClientSec, []any{}, 200, "", "application/json",
			`{"id_token":"`+idt+`","access_token":"`+at+`","refresh_token":"`+plantedRefresh+`","token_type":"Bearer"}`),
		entry("POST", "https://oidc.us-east-1.amazonaws.com/token", "application/json",
			`{"clientId":"arn:aws:sso::111122223333:application/ssoins-1/apl-1","grantType":"urn:ietf:params:oauth:grant-type:jwt-bearer","assertion":"`+at+`"}`,
			[]any{}, 400, "", "application/json", `{"__type":"InvalidGrantException","error":"invalid_grant","error_description":"Invalid grant provided"}`),
		entry("POST", "https://oidc.us-east-1.amazonaws.com/token", "application/json",
			`{"clientId":"arn:aws:sso::111122223333:application/ssoins-1/apl-1","grantType":"urn:ietf:params:oauth:grant-type:jwt-bearer","assertion":"`+idt+`"}`,
			[]any{}, 200, "", "application/json", `{"accessToken":"`+plantedIdCToken+`","tokenType":"Bearer","expiresIn":3600}`),
		entry("POST", "https://scim.us-east-1.amazonaws.com/t-1/scim/v2/Users", "application/scim+json", scimBody,
			[]any{nv("authorization", "Bearer "+plantedSCIMBearer)}, 400, "", "application/json",
			`{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"400","detail":"Request is unparsable, syntactically incorrect, or violates schema."}`),
		entry("GET", "https://scim.us-east-1.amazonaws.com/t-1/scim/v2/Users?filter=userName%20eq%20%22x%22", "", "",
			[]any{nv("authorization", "Bearer "+plantedSCIMBearer)}, 401, "", "application/json",
			`{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"401","detail":"Authorization header is invalid or missing."}`),
	}
	out, err := json.Marshal(map[string]any{"log": map[string]any{"version": "1.2", "creator": map[string]any{"name": "WebInspector", "version": "537.36"}, "entries": entries}})
	require.NoError(t, err)
	return out
}

var jwtInText = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.([A-Za-z0-9_-]{8,})`)

// secretsOf returns the secrets of an input file: the planted ones, every
// JWT whole and every JWT signature in it.
func secretsOf(data []byte) []string {
	out := append([]string(nil), tokenSecrets...)
	for _, m := range jwtInText.FindAllStringSubmatch(string(data), -1) {
		out = append(out, m[0], m[1])
	}
	return out
}

// TestNoTokenLeaks runs every output format, decode and redact on HARs and
// files holding JWTs, bearer and refresh tokens, codes, client secrets and
// SCIM bearer tokens (a planted capture and the token and SCIM rule
// fixtures), with the flags that make the oidc/* rules report on them: no
// secret, whole JWT or JWT signature may appear.
func TestNoTokenLeaks(t *testing.T) {
	dir := t.TempDir()
	planted := filepath.Join(dir, "planted-tokens.har")
	require.NoError(t, os.WriteFile(planted, plantedTokenHAR(t), 0o644))
	files := []string{planted}
	for _, pat := range []string{"oidc/*/*/*", "scim/*/*/*", "error/scim-response/*/*", "error/cognito-redirect-mismatch/*/*", "error/cert-name-mismatch/*/*"} {
		m, err := filepath.Glob(filepath.Join("../../testdata/rules", pat))
		require.NoError(t, err)
		for _, f := range m {
			if !strings.HasSuffix(f, ".want") && !strings.HasPrefix(filepath.Base(f), "jwks.") {
				files = append(files, f)
			}
		}
	}
	require.Greater(t, len(files), 30)
	flags := []string{"--trusted-token-issuer", "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Ab12Cd34E/", "--token-audience", "other-client", "--token-claim", "email", "--fail-on", "never"}
	formats := acceptedFormats(t, planted)
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		secrets := secretsOf(data)
		t.Run(filepath.Base(f), func(t *testing.T) {
			check := func(what, out string) {
				t.Helper()
				assertNoneOf(t, out, secrets, what+" leaks a token secret")
			}
			for _, format := range formats {
				code, stdout, stderr := runCLI(append([]string{"--format", format, f}, flags...)...)
				assert.Equal(t, exitOK, code, "--format %s: %s", format, stderr)
				check("--format "+format+" stdout", stdout)
				check("--format "+format+" stderr", stderr)
			}
			_, stdout, stderr := runCLI("decode", f)
			check("decode", stdout+stderr)
			if strings.HasSuffix(f, ".har") {
				out := filepath.Join(dir, "redacted-"+filepath.Base(f))
				var rout, rerr bytes.Buffer
				require.Equal(t, exitOK, runRedact(context.Background(), []string{"-o", out, f}, nil, &rout, &rerr), rerr.String())
				red, err := os.ReadFile(out)
				require.NoError(t, err)
				check("the redacted HAR", string(red))
				check("the redact receipt", rout.String()+rerr.String())
			}
		})
	}
	// The planted capture's findings show what the admin needs: the
	// token's issuer and kind, and the SCIM request that failed.
	_, stdout, _ := runCLI(append([]string{"--format", "json", planted}, flags...)...)
	for _, s := range []string{"oidc/issuer", "oidc/audience", "error/invalid-grant", "error/scim-response", "scim/single-value", "scim/required-attributes",
		"us-east-1_Pl4nted", "an access token (token_use"} {
		assert.Contains(t, stdout, s)
	}
}

// TestRedactKeepsTokenFindings checks that the rules judge a redacted copy
// of the token and SCIM captures as they judge the original: JWT claims
// and SCIM documents are pseudonymised, not removed, and consistently
// (only oidc/signature changes: a redacted token is not verified).
func TestRedactKeepsTokenFindings(t *testing.T) {
	dir := t.TempDir()
	var files []string
	for _, pat := range []string{"oidc/*/*/*.har", "scim/*/*/*.har", "error/scim-response/*/*.har", "error/cognito-redirect-mismatch/*/*.har", "error/cert-name-mismatch/*/*.har"} {
		m, err := filepath.Glob(filepath.Join("../../testdata/rules", pat))
		require.NoError(t, err)
		files = append(files, m...)
	}
	require.Greater(t, len(files), 15)
	flags := []string{"--format", "json", "--fail-on", "never", "--trusted-token-issuer", "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Ab12Cd34E/", "--token-audience", "5n3qkmn1ej6dvl7r4ih0sample"}
	rules := func(t *testing.T, file string) []string {
		t.Helper()
		code, stdout, stderr := runCLI(append(flags, file)...)
		require.Equal(t, exitOK, code, stderr)
		var rep struct {
			Findings []struct {
				Rule     string `json:"rule"`
				Severity string `json:"severity"`
			} `json:"findings"`
		}
		require.NoError(t, json.Unmarshal([]byte(stdout), &rep))
		var out []string
		for _, f := range rep.Findings {
			if f.Rule != "oidc/signature" {
				out = append(out, f.Rule+" "+f.Severity)
			}
		}
		return out
	}
	for _, f := range files {
		t.Run(filepath.Base(filepath.Dir(filepath.Dir(f)))+"/"+filepath.Base(f), func(t *testing.T) {
			out := filepath.Join(dir, strings.ReplaceAll(f, "/", "_"))
			var stdout, stderr bytes.Buffer
			require.Equal(t, exitOK, runRedact(context.Background(), []string{"-o", out, f}, nil, &stdout, &stderr), stderr.String())
			assert.Equal(t, rules(t, f), rules(t, out))
		})
	}
}
