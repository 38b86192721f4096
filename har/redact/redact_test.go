package redact

import (
	"bytes"
	"compress/flate"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/samlcheck/samlcheck/har"
	"github.com/samlcheck/samlcheck/saml"
)

var testKey = []byte("redact unit test key")

// responseXML is a SAML Response with the identities redact replaces.
const responseXML = `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r1" Version="2.0" Destination="https://signin.aws.amazon.com/saml">` +
	`<saml:Issuer>https://idp.corp.example.com/</saml:Issuer>` +
	`<saml:Assertion ID="_a1" Version="2.0"><saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">Alice.Smith@Corp.com</saml:NameID></saml:Subject>` +
	`<saml:AttributeStatement>` +
	`<saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/RoleSessionName"><saml:AttributeValue>CORP\asmith</saml:AttributeValue></saml:Attribute>` +
	`<saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/Role"><saml:AttributeValue>arn:aws:iam::123456789012:role/Admin,arn:aws:iam::123456789012:saml-provider/Okta</saml:AttributeValue></saml:Attribute>` +
	`<saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/SessionDuration"><saml:AttributeValue>3600</saml:AttributeValue></saml:Attribute>` +
	`<saml:Attribute Name="department"><saml:AttributeValue>Finance &amp; Ops</saml:AttributeValue></saml:Attribute>` +
	`</saml:AttributeStatement></saml:Assertion></samlp:Response>`

// requestXML is an AuthnRequest without identities.
const requestXML = `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_q1" Version="2.0" AssertionConsumerServiceURL="https://signin.aws.amazon.com/saml"/>`

func deflateB64(t testing.TB, s string) string {
	t.Helper()
	var b bytes.Buffer
	w, err := flate.NewWriter(&b, flate.DefaultCompression)
	require.NoError(t, err)
	_, _ = w.Write([]byte(s))
	require.NoError(t, w.Close())
	return base64.StdEncoding.EncodeToString(b.Bytes())
}

// testHAR builds a HAR with a redirect-binding AuthnRequest, a login form,
// the IdP's auto-post page and the browser's POST of the same Response,
// and a later page naming the user.
func testHAR(t testing.TB) []byte {
	t.Helper()
	req := url.QueryEscape(deflateB64(t, requestXML))
	resp := base64.StdEncoding.EncodeToString([]byte(responseXML))
	entries := []string{
		`{"startedDateTime":"2026-11-01T10:00:00Z","request":{"method":"GET","url":"https://idp.corp.example.com/sso?SAMLRequest=` + req + `&RelayState=https%3A%2F%2Fapp%2F%3Fuser%3Dalice.smith%40corp.com","headers":[{"name":":path","value":"/sso?SAMLRequest=` + req + `"}],"queryString":[{"name":"SAMLRequest","value":"` + req + `"}]},"response":{"status":200,"headers":[{"name":"Set-Cookie","value":"idp_sess=Sess-0123456789abcdef; Path=/; HttpOnly"}],"content":{"mimeType":"text/html","text":"<html>login</html>"}}}`,
		`{"startedDateTime":"2026-11-01T10:00:05Z","request":{"method":"POST","url":"https://idp.corp.example.com/login","headers":[{"name":"Cookie","value":"idp_sess=Sess-0123456789abcdef; lang=en"},{"name":"Authorization","value":"Bearer abcdefghijklmnop"}],"cookies":[{"name":"idp_sess","value":"Sess-0123456789abcdef"}],"postData":{"mimeType":"application/x-www-form-urlencoded","text":"username=asmith&password=S3cret%21pw","params":[{"name":"username","value":"asmith"},{"name":"password","value":"S3cret!pw"}]}},"response":{"status":200,"headers":[],"content":{"mimeType":"text/html","text":"<html><body onload=\"document.forms[0].submit()\"><form method=\"post\" action=\"https://signin.aws.amazon.com/saml\"><input type=\"hidden\" name=\"SAMLResponse\" value=\"` + resp + `\"/><input type=hidden name=RelayState value=\"https://app/?user=alice.smith@corp.com\"></form><p>Welcome asmith, the tracking id is Sess-0123456789abcdef</p></body></html>"}}}`,
		`{"startedDateTime":"2026-11-01T10:00:06Z","request":{"method":"POST","url":"https://signin.aws.amazon.com/saml","headers":[],"postData":{"mimeType":"application/x-www-form-urlencoded","text":"SAMLResponse=` + url.QueryEscape(resp) + `&RelayState=https%3A%2F%2Fapp%2F%3Fuser%3Dalice.smith%40corp.com","params":[{"name":"SAMLResponse","value":"` + url.QueryEscape(resp) + `"}]}},"response":{"status":302,"headers":[{"name":"Location","value":"https://console.aws.amazon.com/?code=AuthCode12345678"}]}}`,
		`{"startedDateTime":"2026-11-01T10:00:07Z","request":{"method":"GET","url":"https://console.aws.amazon.com/?code=AuthCode12345678"},"response":{"status":403,"headers":[],"content":{"mimeType":"application/json","text":"{\"message\":\"User asmith (Alice.Smith@Corp.com) is not authorized\",\"accountId\":\"123456789012\",\"id_token\":\"opaque-token-value-1\"}"}}}`,
	}
	return []byte(`{"log":{"version":"1.2","creator":{"name":"test","version":"1"},"entries":[` + strings.Join(entries, ",") + `]}}`)
}

func redactString(t *testing.T, in []byte, opt Options) (string, *Receipt) {
	t.Helper()
	if opt.Key == nil {
		opt.Key = testKey
	}
	var out bytes.Buffer
	rc, err := Redact(context.Background(), &out, bytes.NewReader(in), "test.har", opt)
	require.NoError(t, err)
	require.True(t, json.Valid(out.Bytes()), "valid JSON:\n%s", out.String())
	return out.String(), rc
}

// samlValues returns the decoded XML of every SAMLResponse/SAMLRequest
// value in a redacted HAR, in order: query, form params and text, HTML.
func samlValues(t *testing.T, har string) []string {
	t.Helper()
	var out []string
	re := regexp.MustCompile(`(SAMLRequest|SAMLResponse)(?:=|\\",\\"value\\":\\"|","value":"|\\" value=\\")([^&"\\]+)`)
	for _, m := range re.FindAllStringSubmatch(har, -1) {
		msg, err := saml.Decode(saml.Encoded{Value: m[2]}, nil)
		require.NoError(t, err, "a redacted SAML value decodes: %s", m[2])
		out = append(out, string(msg.XML))
	}
	return out
}

func TestRedactSecretsAndIdentities(t *testing.T) {
	out, rc := redactString(t, testHAR(t), Options{})
	for _, secret := range []string{"Sess-0123456789abcdef", "abcdefghijklmnop", "S3cret", "AuthCode12345678", "opaque-token-value-1"} {
		assert.NotContains(t, out, secret)
	}
	for _, id := range []string{"alice.smith", "Alice.Smith", "asmith", "corp.com", "Corp.com", "123456789012"} {
		assert.NotContains(t, out, id)
	}
	xmls := samlValues(t, out)
	require.Len(t, xmls, 6, "the request in the URL, :path and queryString; the response in the page, the POST text and params")
	for _, x := range xmls {
		for _, id := range []string{"alice", "Alice", "asmith", "Corp.com", "123456789012"} {
			assert.NotContains(t, x, id)
		}
	}
	assert.Equal(t, xmls[0], requestXML, "the AuthnRequest has nothing to replace: kept byte for byte")
	assert.Equal(t, xmls[3], xmls[4], "the page's and the POST's Response are the same message")
	assert.Equal(t, xmls[3], xmls[5])
	assert.Contains(t, xmls[3], "Finance &amp; Ops", "escapes are kept")
	assert.Contains(t, xmls[3], "<saml:AttributeValue>3600</saml:AttributeValue>")

	// Consistent pseudonyms: the NameID, the RelayState's e-mail and the
	// error JSON's are one pseudonym; the user name of the login form,
	// RoleSessionName's user part and the page's word are another.
	nameID := regexp.MustCompile(`<saml:NameID[^>]*>([^<]*)<`).FindStringSubmatch(xmls[3])[1]
	assert.Regexp(t, `^[A-Z][a-z]{4}\.[A-Z][a-z]{4}@[A-Z][a-z]{2}\.test$`, nameID, "shape and case kept")
	assert.Contains(t, out, strings.ToLower(strings.Replace(nameID, "@", "%40", 1)), "the RelayState in URLs")
	assert.Contains(t, out, `(`+nameID+`)`, "the error JSON")
	rsn := regexp.MustCompile(`RoleSessionName"><saml:AttributeValue>([^<]*)<`).FindStringSubmatch(xmls[3])[1]
	dom, user, ok := strings.Cut(rsn, `\`)
	require.True(t, ok, "DOMAIN\\user keeps its shape: %s", rsn)
	assert.Regexp(t, `^[A-Z]{4}$`, dom)
	assert.Contains(t, out, "username="+user+"&", "the login form's user name")
	assert.Contains(t, out, "Welcome "+user+",", "the page's word")
	assert.Contains(t, out, "User "+user+" (", "the error JSON's word")
	acct := regexp.MustCompile(`arn:aws:iam::(\d{12}):role/Admin,arn:aws:iam::(\d{12}):saml-provider`).FindStringSubmatch(xmls[3])
	require.NotNil(t, acct)
	assert.Equal(t, acct[1], acct[2], "one account, one pseudonym")
	assert.Contains(t, out, `\"accountId\":\"`+acct[1]+`\"`, "the account met again in a body")

	assert.True(t, IsRedacted([]byte(out)))
	assert.Equal(t, 4, rc.Entries)
	assert.Equal(t, 1, rc.Counts[CountNameID])
	assert.Positive(t, rc.Counts[CountCookie])
	assert.Equal(t, 2, rc.Counts[CountPassword], "form text and params")
	assert.Positive(t, rc.Counts[CountCode])
	assert.Positive(t, rc.Counts[CountRepeated], "the session id repeated in the page")
	assert.Equal(t, 3, rc.Counts[CountSAMLRewritten])
	assert.Equal(t, 3, rc.Counts[CountSAMLKept])
	var text bytes.Buffer
	require.NoError(t, rc.WriteText(&text))
	assert.Contains(t, text.String(), "1  NameIDs")
	assert.NotContains(t, text.String(), "asmith")
}

func TestRedactKeepIdentities(t *testing.T) {
	in := testHAR(t)
	out, rc := redactString(t, in, Options{KeepIdentities: true})
	assert.NotContains(t, out, "Sess-0123456789abcdef")
	assert.NotContains(t, out, "S3cret")
	assert.Contains(t, out, "username=asmith")
	assert.Contains(t, out, `"identities":"kept"`)
	for _, x := range samlValues(t, out) {
		assert.NotContains(t, x, "example\"", "nothing pseudonymised")
	}
	assert.Zero(t, rc.Counts[CountSAMLRewritten])
	assert.Equal(t, 6, rc.Counts[CountSAMLKept])
	assert.Contains(t, out, base64.StdEncoding.EncodeToString([]byte(responseXML)), "the Response byte for byte")
}

func TestRedactDeterministic(t *testing.T) {
	in := testHAR(t)
	a, _ := redactString(t, in, Options{})
	b, _ := redactString(t, in, Options{})
	assert.Equal(t, a, b, "the same key gives the same output")
	c, _ := redactString(t, in, Options{Key: []byte("another key")})
	assert.NotEqual(t, a, c, "another key other pseudonyms")
	d, _ := redactString(t, in, Options{Key: nil})
	assert.NotContains(t, d, "asmith")
}

func TestStyleLike(t *testing.T) {
	core := base64.StdEncoding.EncodeToString([]byte(responseXML))
	for _, tc := range []struct {
		name, orig string
	}{
		{"plain", "PHNhbWxwOlJlc3BvbnNl+/=="},
		{"url-safe", "PHNhbWxwOlJlc3BvbnNl-_"},
		{"unpadded", "PHNhbWxwOlJlc3BvbnNlAB"},
		{"wrapped", strings.Repeat("A", 76) + "\r\n" + strings.Repeat("B", 76) + "\r\n" + "CC=="},
		{"plus as space", "PHNhbW xwOlJlc3 BvbnNl"},
		{"url-encoded", url.QueryEscape("PHNhbWxw+OlJl/c3BvbnNl=")},
		{"twice url-encoded", url.QueryEscape(url.QueryEscape("PHNhbWxw+OlJl/c3BvbnNl="))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := styleLike(tc.orig, core)
			m, err := saml.Decode(saml.Encoded{Value: got}, nil)
			require.NoError(t, err)
			assert.Equal(t, responseXML, string(m.XML))
			assert.Equal(t, saml.Canonical(core), saml.Canonical(got), "every style is the same message to the reader")
			switch tc.name {
			case "url-safe":
				assert.NotContains(t, got, "+")
			case "unpadded":
				assert.False(t, strings.HasSuffix(got, "="))
			case "wrapped":
				assert.Equal(t, 76, strings.Index(got, "\r\n"))
			case "plus as space":
				assert.NotContains(t, got, "+")
			case "twice url-encoded":
				assert.Contains(t, got, "%25")
			}
		})
	}
}

func TestPseudonymShapes(t *testing.T) {
	p := newPseudonyms(testKey)
	for _, tc := range []struct{ in, shape string }{
		{"alice@corp.com", `^[a-z]{5}@[a-z]{3}\.test$`},
		{"Alice@Corp.COM", `^[A-Z][a-z]{4}@[A-Z][a-z]{2}\.TEST$`},
		{"alice@example.com", `^[a-z]{5}@[a-z]{3}\.example$`},
		{"j.doe@mail.corp.example.org", `^[a-z]\.[a-z]{3}@[a-z]{4}\.[a-z]{4}\.[a-z]{3}\.example$`},
		{"9067C1A2-4D5E-4F70-8192-4A3BB5C6D7E8", `^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-8[0-9A-F]{3}-[0-9A-F]{12}$`},
		{"9067c1a2b3-4d5e6f70-8192-4a3b-b5c6-d7e8f9a0b1c2", `^[0-9a-f]{10}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`},
		{"{6a2e3f7c-1b4d-4c9e-9f7a-2d3b5c8e1a90}", `^\{[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-9[0-9a-f]{3}-[0-9a-f]{12}\}$`},
		{"user@corp", `^[a-z]{4}@[a-z]{4}$`},
		{`CORP\alice`, `^[A-Z]{4}\\[a-z]{5}$`},
		{"alice_corp.com#EXT#@tenant.onmicrosoft.com", `^[a-z]{5}_[a-z]{4}\.[a-z]{3}#EXT#@[a-z]{6}\.[a-z]{7}\.example$`},
		{"aws:bob", `^aws:[a-z]{3}$`},
		{"John Smith", `^[A-Z][a-z]{3} [A-Z][a-z]{4}$`},
		{"José", `^[A-Z][a-z]{2}[àáâäåçèéêëìíîïñòóôöùúûüý]$`},
		{"  padded ", `^  [a-z]{6} $`},
	} {
		got := p.identity(tc.in)
		assert.Regexp(t, tc.shape, got, "%q", tc.in)
		assert.Equal(t, utf8.RuneCountInString(tc.in), utf8.RuneCountInString(got), "%q: the length is kept", tc.in)
		assert.NotEqual(t, tc.in, got)
		assert.Equal(t, got, p.identity(tc.in), "the same input, the same pseudonym")
	}
	assert.Equal(t, strings.ToLower(p.identity("alice@corp.com")), strings.ToLower(p.identity("ALICE@CORP.COM")), "case-insensitive")
	assert.NotEqual(t, p.identity("alice@corp.com"), p.identity("ALICE@CORP.COM"), "but the case pattern is kept")
	local, _, _ := strings.Cut(p.identity("alice@corp.com"), "@")
	_, user, _ := strings.Cut(p.identity(`CORP\alice`), `\`)
	assert.Equal(t, local, user, "alice is alice in an address and in DOMAIN\\user")
	seen := map[string]string{}
	for i := range 200 {
		in := fmt.Sprintf("u%d", i%100)
		got := p.identity(in)
		if prev, ok := seen[got]; ok {
			assert.Equal(t, prev, in, "two inputs share pseudonym %q", got)
		}
		seen[got] = in
		assert.Regexp(t, `^[a-z]\d{1,2}\d?$`, got)
	}
	acct := p.account("123456789012")
	assert.Regexp(t, `^\d{12}$`, acct)
	assert.Equal(t, acct, p.account("123456789012"))
}

func TestRedactInputs(t *testing.T) {
	entry := `{"startedDateTime":"2026-11-01T10:00:00Z","request":{"method":"GET","url":"https://x.example/?access_token=tok-1234567890","headers":[{"name":"Cookie","value":"a=secret-cookie-1"}]},"response":{"status":200}}`
	for _, tc := range []struct{ name, in string }{
		{"bom", "\ufeff" + `{"log":{"entries":[` + entry + `]}}`},
		{"jsonp", `onInputData({"log":{"entries":[` + entry + `]}});`},
		{"bare entry", entry},
		{"log after other members", `{"x":{"note":"a=b"},"log":{"entries":[` + entry + `]}}`},
		{"marker already there", `{"log":{"_samlcheckRedacted":{"tool":"other"},"entries":[` + entry + `],"_samlcheckRedactedCounts":{}}}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, rc := redactString(t, []byte(tc.in), Options{})
			assert.Equal(t, 1, rc.Entries)
			assert.NotContains(t, out, "tok-1234567890")
			assert.NotContains(t, out, "secret-cookie-1")
			assert.True(t, strings.HasPrefix(out, `{"log":{"`+Marker+`":{"tool":"samlcheck"`), out)
			assert.Equal(t, 1, strings.Count(out, Marker+`"`), "one marker")
			assert.Equal(t, 1, strings.Count(out, CountsMember), "one counts member")
			var doc struct {
				Log struct {
					Entries []json.RawMessage `json:"entries"`
				} `json:"log"`
			}
			require.NoError(t, json.Unmarshal([]byte(out), &doc))
			assert.Len(t, doc.Log.Entries, 1)
		})
	}
}

func TestRedactErrors(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"empty", "", "empty file"},
		{"not json", "hello world", "not JSON"},
		{"array", `[1,2]`, "the document is a JSON array"},
		{"no log", `{"a":1}`, "no log object"},
		{"no entries", `{"log":{"version":"1.2"}}`, "no entries array"},
		{"entries not array", `{"log":{"entries":{}}}`, "log.entries is a JSON object"},
		{"truncated", `{"log":{"entries":[{"request":{"url":"https://x/?code=12345678`, "har: in.har: byte 62: entry 1: truncated JSON"},
		{"bad json", `{"log":{"entries":[{"request":}]}}`, "entry 1: invalid JSON"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			_, err := Redact(context.Background(), &out, strings.NewReader(tc.in), "in.har", Options{Key: testKey})
			require.Error(t, err)
			if tc.name != "truncated" {
				assert.Contains(t, err.Error(), "har/redact: in.har: ")
			}
			assert.Contains(t, err.Error(), tc.want)
			assert.NotContains(t, err.Error(), "12345678", "errors never quote values")
			switch tc.name {
			case "truncated":
				assert.ErrorIs(t, err, har.ErrTruncated)
			case "bad json":
				assert.NotErrorIs(t, err, har.ErrNotHAR)
			default:
				assert.ErrorIs(t, err, har.ErrNotHAR, "one sentinel for the reader and the redactor")
			}
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Redact(ctx, &bytes.Buffer{}, bytes.NewReader(testHAR(t)), "in.har", Options{Key: testKey})
	require.ErrorIs(t, err, context.Canceled)
}

func TestIsRedacted(t *testing.T) {
	assert.True(t, IsRedacted([]byte(`{"log":{"_samlcheckRedacted":{}}`)))
	assert.True(t, IsRedacted([]byte(`{"log":{"version":"1.2","_samlcheckRedacted":{},"entries":[`)))
	assert.False(t, IsRedacted([]byte(`{"log":{"entries":[{"x":"_samlcheckRedacted"}]}}`)), "the marker comes before entries")
	assert.False(t, IsRedacted([]byte(`{"log":{"entries":[]}}`)))
	assert.False(t, IsRedacted(nil))
	late := `{"log":{"comment":"` + strings.Repeat("x", 5000) + `","_samlcheckRedacted":{}}}`
	assert.False(t, IsRedacted([]byte(late)), "only the head is read")
}

func TestTextScanners(t *testing.T) {
	r := &redactor{opt: Options{}, ps: newPseudonyms(testKey), counts: map[string]int{}, samlCache: map[[32]byte]samlCore{}}
	for _, tc := range []struct{ in, gone, kept string }{
		// A JWT keeps its header and claims (sub pseudonymised); its
		// signature is replaced (tokens.go).
		{"see eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl here", "c2lnbmF0dXJl", "see eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI2In0.UkVEQUNURUQ here"},
		{"see eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2lnbmF0dXJl here", "c2lnbmF0dXJl", "see REDACTED here"},
		{"Authorization: Bearer abc.def-ghi_jkl", "abc.def", "Bearer REDACTED"},
		{"key AKIAABCDEFGHIJKLMNOP", "AKIAABCDEFGHIJKLMNOP", "key REDACTED"},
		{`{"client_secret": "s3cr3t-value", "name": "x"}`, "s3cr3t-value", `"name": "x"`},
		{"https://x/cb#access_token=t0k3n-value&state=1", "t0k3n-value", "state=1"},
		{"a /path;jsessionid=ABCDEF123456 b", "ABCDEF123456", "jsessionid=REDACTED"},
		{"logo@2x.png and v@1.2.3", "", "logo@2x.png and v@1.2.3"},
		{"arn%3Aaws%3Aiam%3A%3A210987654321%3Arole%2Fx", "210987654321", "arn%3Aaws%3Aiam%3A%3A"},
	} {
		got := r.text(tc.in, modeBody)
		if tc.gone != "" {
			assert.NotContains(t, got, tc.gone, tc.in)
		}
		assert.Contains(t, got, tc.kept, tc.in)
	}
}

func TestUnescape(t *testing.T) {
	for _, s := range []string{`plain`, `a\"b\\c\/d`, `\b\f\n\r\t`, `caf\u00e9 \ud83d\ude00`, `lone \ud83d here`, `\u0041\u00`} {
		var want string
		err := json.Unmarshal([]byte(`"`+s+`"`), &want)
		got := unescape([]byte(s))
		if err != nil {
			assert.Contains(t, got, "\ufffd", "a malformed escape reads as U+FFFD: %q", s)
			continue
		}
		assert.Equal(t, want, got, "%q", s)
	}
}
