package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/samlcheck/samlcheck/har/redact"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// candidateFormats are the --format values the leak test tries; those the
// CLI refuses are left out, so that a format added to the CLI is covered
// once it is named here (text and json must always be accepted).
var candidateFormats = []string{"text", "json", "sarif", "junit", "github", "html"}

// Planted secrets: each one must never appear in any output.
const (
	plantedJWT       = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJQTEFOVEVELWp3dC1zdWJqZWN0In0.UExBTlRFRC1qd3Qtc2lnbmF0dXJl"
	plantedBodyJWT   = "eyJhbGciOiJIUzI1NiJ9.eyJlbWFpbCI6InBsYW50ZWRAZXhhbXBsZS5vcmcifQ.UExBTlRFRC1ib2R5LXNpZw"
	plantedCookie    = "PLANTEDcookieA1b2C3d4"
	plantedCookie2   = "PLANTEDcookieE5f6G7h8"
	plantedSetCookie = "PLANTEDsetCookieI9j0K1"
	plantedAmzToken  = "PLANTEDamzSecurityTokenL2m3N4"
	plantedCSRF      = "PLANTEDcsrfTokenO5p6Q7"
	plantedProxyAuth = "UExBTlRFRHByb3h5OnB3ZC1SOHM5VDA="
	plantedCode      = "PLANTEDoauthCodeU1v2W3"
	plantedPassword  = "PLANTEDpassWord-X4y5Z6"
	plantedAccess    = "PLANTEDaccessTokenA7b8C9"
	plantedBearer    = "PLANTEDbearerInTextD1e2F3"
	plantedPresign   = "PLANTEDpresignTokenG4h5I6"
	plantedPageToken = "PLANTEDpageTokenJ7k8L9"
)

var plantedSecrets = []string{
	plantedJWT, plantedBodyJWT, plantedCookie, plantedCookie2, plantedSetCookie, plantedAmzToken, plantedCSRF,
	plantedProxyAuth, plantedCode, plantedPassword, plantedAccess, plantedBearer, plantedPresign, plantedPageToken,
}

// plantSecrets returns the HAR data with secrets planted next to its SAML
// messages and pages: cookies and credential headers on every entry, an
// OAuth code in the query of every request (the Redirect-binding ones
// included), a login form POST with a password, a JSON body with tokens, a
// pre-signed URL, and a bearer token in every HTML and JSON body (the error
// pages included).
func plantSecrets(t *testing.T, data []byte) []byte {
	t.Helper()
	var doc map[string]any
	require.NoError(t, json.Unmarshal(data, &doc))
	log := doc["log"].(map[string]any)
	entries, _ := log["entries"].([]any)
	nv := func(name, value string) map[string]any { return map[string]any{"name": name, "value": value} }
	for _, e := range entries {
		entry := e.(map[string]any)
		req := entry["request"].(map[string]any)
		hs, _ := req["headers"].([]any)
		req["headers"] = append(hs,
			nv("Cookie", "sid="+plantedCookie+"; pref="+plantedCookie2),
			nv("Authorization", "Bearer "+plantedJWT),
			nv("Proxy-Authorization", "Basic "+plantedProxyAuth),
			nv("X-Amz-Security-Token", plantedAmzToken),
			nv("X-CSRF-Token", plantedCSRF))
		cs, _ := req["cookies"].([]any)
		req["cookies"] = append(cs, nv("sid", plantedCookie))
		if u, ok := req["url"].(string); ok {
			sep := "?"
			if strings.Contains(u, "?") {
				sep = "&"
			}
			req["url"] = u + sep + "code=" + plantedCode
		}
		resp, ok := entry["response"].(map[string]any)
		if !ok {
			continue
		}
		rhs, _ := resp["headers"].([]any)
		resp["headers"] = append(rhs, nv("Set-Cookie", "session="+plantedSetCookie+"; Path=/; Secure; HttpOnly"))
		rcs, _ := resp["cookies"].([]any)
		resp["cookies"] = append(rcs, nv("session", plantedSetCookie))
		if c, ok := resp["content"].(map[string]any); ok {
			mt, _ := c["mimeType"].(string)
			text, _ := c["text"].(string)
			if text != "" && c["encoding"] == nil && (strings.Contains(mt, "html") || strings.Contains(mt, "json")) {
				if strings.Contains(mt, "json") {
					c["text"] = strings.Replace(text, "{", `{"debugToken":"`+plantedPageToken+`","debug":"Authorization: Bearer `+plantedBearer+`",`, 1)
				} else {
					c["text"] = text + "\n<p>Authorization: Bearer " + plantedBearer + "</p><input type=hidden name=csrf_token value=" + plantedPageToken + ">"
				}
			}
		}
	}
	started := "2026-11-01T09:59:59.000Z"
	if len(entries) > 0 {
		started, _ = entries[0].(map[string]any)["startedDateTime"].(string)
	}
	login := map[string]any{
		"startedDateTime": started,
		"time":            12.5,
		"request": map[string]any{
			"method": "POST", "url": "https://idp.example.net/login", "httpVersion": "HTTP/1.1",
			"headers": []any{nv("Content-Type", "application/x-www-form-urlencoded")},
			"postData": map[string]any{
				"mimeType": "application/x-www-form-urlencoded",
				"text":     "username=planted.user%40example.org&password=" + plantedPassword,
				"params":   []any{nv("username", "planted.user@example.org"), nv("password", plantedPassword)},
			},
		},
		"response": map[string]any{
			"status": 200, "statusText": "OK", "httpVersion": "HTTP/1.1", "headers": []any{},
			"content": map[string]any{
				"mimeType": "application/json",
				"text":     `{"id_token":"` + plantedBodyJWT + `","access_token":"` + plantedAccess + `","token_type":"Bearer"}`,
			},
		},
	}
	presigned := map[string]any{
		"startedDateTime": started,
		"request": map[string]any{
			"method": "GET", "httpVersion": "HTTP/1.1", "headers": []any{},
			"url": "https://bucket.s3.amazonaws.com/report.csv?X-Amz-Security-Token=" + plantedPresign + "&X-Amz-Signature=abc123",
		},
		"response": map[string]any{"status": 200, "headers": []any{}, "content": map[string]any{"mimeType": "text/csv", "text": "a,b"}},
	}
	log["entries"] = append([]any{login, presigned}, entries...)
	out, err := json.Marshal(doc)
	require.NoError(t, err)
	return out
}

// leakFixtures are the HARs secrets are planted in: the login captures and
// the error-page fixtures (pages the error rules quote).
func leakFixtures(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("../../testdata/har/*.har")
	require.NoError(t, err)
	errs, err := filepath.Glob("../../testdata/rules/error/*/fail/*.har")
	require.NoError(t, err)
	files = append(files, errs...)
	require.GreaterOrEqual(t, len(files), 10)
	return files
}

// acceptedFormats returns the candidate formats the CLI accepts.
func acceptedFormats(t *testing.T, file string) []string {
	t.Helper()
	var out []string
	for _, f := range candidateFormats {
		code, _, stderr := runCLI("--format", f, file)
		if code != exitInput || !strings.Contains(stderr, "format") {
			out = append(out, f)
		}
	}
	require.Subset(t, out, []string{"text", "json"})
	return out
}

// assertNoLeak fails when any planted secret is in out.
func assertNoLeak(t *testing.T, what, out string) {
	t.Helper()
	assertNoneOf(t, out, plantedSecrets, what+" leaks a planted secret")
}

// TestNoLeaks plants secrets in fixture HARs, next to their SAML messages
// and error pages, and runs every output format of the CLI on them (and
// the decode and redact commands): no planted secret may appear on
// standard output or standard error.
func TestNoLeaks(t *testing.T) {
	dir := t.TempDir()
	var formats []string
	for _, f := range leakFixtures(t) {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		planted := plantSecrets(t, data)
		for _, s := range plantedSecrets {
			require.Contains(t, string(planted), s, "the secret is planted")
		}
		file := filepath.Join(dir, strings.ReplaceAll(strings.TrimPrefix(f, "../../testdata/"), "/", "_"))
		require.NoError(t, os.WriteFile(file, planted, 0o644))
		if formats == nil {
			formats = acceptedFormats(t, file)
		}
		t.Run(filepath.Base(file), func(t *testing.T) {
			for _, format := range formats {
				code, stdout, stderr := runCLI("--format", format, file)
				assert.NotEqual(t, exitInput, code, "--format %s: %s", format, stderr)
				assert.NotEmpty(t, stdout, "--format %s wrote nothing", format)
				assertNoLeak(t, "--format "+format+" stdout", stdout)
				assertNoLeak(t, "--format "+format+" stderr", stderr)
			}
			_, stdout, stderr := runCLI("decode", file)
			assertNoLeak(t, "decode stdout", stdout)
			assertNoLeak(t, "decode stderr", stderr)

			out := filepath.Join(dir, "redacted-"+filepath.Base(file))
			var rout, rerr bytes.Buffer
			code := runRedact(context.Background(), []string{"-o", out, file}, nil, &rout, &rerr)
			require.Equal(t, exitOK, code, rerr.String())
			red, err := os.ReadFile(out)
			require.NoError(t, err)
			assert.True(t, redact.IsRedacted(red))
			assertNoLeak(t, "the redacted HAR", string(red))
			assertNoLeak(t, "the redact receipt", rout.String()+rerr.String())
			assert.NotContains(t, string(red), "planted.user", "the user name is replaced")
		})
	}
	assert.True(t, slices.Contains(formats, "json"))
}
