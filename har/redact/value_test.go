package redact

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/samlcheck/samlcheck/har"
	"github.com/samlcheck/samlcheck/saml"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func newTestRedactor(t *testing.T) *Redactor {
	t.Helper()
	x, err := New(Options{Key: testKey})
	require.NoError(t, err)
	return x
}

// TestRedactValueForms redacts the response in each form a user pastes it
// in: the copy reads as the same form, its message carries the mark, and
// no identity is left.
func TestRedactValueForms(t *testing.T) {
	b64 := base64.StdEncoding.EncodeToString([]byte(responseXML))
	var wrapped strings.Builder
	for i := 0; i < len(b64); i += 76 {
		wrapped.WriteString(b64[i:min(i+76, len(b64))] + "\r\n")
	}
	for _, tc := range []struct{ name, in string }{
		{"xml", responseXML + "\n"},
		{"xml with bom and declaration", "\ufeff<?xml version=\"1.0\"?>\n" + responseXML},
		{"base64", b64},
		{"base64 wrapped", wrapped.String()},
		{"url-encoded base64", url.QueryEscape(b64)},
		{"form body", "SAMLResponse=" + url.QueryEscape(b64) + "&RelayState=https%3A%2F%2Fapp%2F"},
		{"query", "?SAMLRequest=" + url.QueryEscape(deflateB64(t, requestXML)) + "&RelayState=abc"},
		{"url", "https://idp.corp.example.com/sso?SAMLRequest=" + url.QueryEscape(deflateB64(t, requestXML)) + "&RelayState=abc&login_hint=alice.smith%40corp.com\n"},
		{"html", `<html><body><form method="post" action="https://signin.aws.amazon.com/saml"><input type="hidden" name="SAMLResponse" value="` + b64 + `"/></form></body></html>`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x := newTestRedactor(t)
			out, err := x.Value("v", []byte(tc.in))
			require.NoError(t, err)
			orig, err := saml.ParseInput("v", []byte(tc.in))
			require.NoError(t, err)
			red, err := saml.ParseInput("v", out)
			require.NoError(t, err)
			require.Len(t, red, len(orig))
			assert.Equal(t, orig[0].Binding, red[0].Binding)
			assert.Equal(t, orig[0].RelayState, red[0].RelayState)
			om, err := saml.Decode(orig[0], nil)
			require.NoError(t, err)
			rm, err := saml.Decode(red[0], nil)
			require.NoError(t, err)
			var steps, rsteps []string
			for _, s := range om.Steps {
				steps = append(steps, s.Name+strings.Join(s.Repairs, ","))
			}
			for _, s := range rm.Steps {
				rsteps = append(rsteps, s.Name+strings.Join(s.Repairs, ","))
			}
			assert.Equal(t, steps, rsteps, "decoded in the same steps")
			xml := string(rm.XML)
			if strings.Contains(tc.in, "SAMLRequest") {
				// The AuthnRequest names nobody: left byte for byte,
				// the rest redacted.
				assert.Equal(t, orig[0].Value, red[0].Value)
				assert.NotContains(t, string(out), "alice.smith")
				return
			}
			assert.NotContains(t, xml, ValueMark, "unsigned: no mark")
			assert.Len(t, rm.XML, len(om.XML), "pseudonyms keep lengths")
			for _, id := range []string{"Alice.Smith", "asmith", "123456789012", "alice.smith"} {
				assert.NotContains(t, xml, id)
				assert.NotContains(t, string(out), id)
			}
			assert.Equal(t, 1, x.Receipt().Values)
		})
	}
}

// TestRedactValueUnchanged checks that a value with nothing to replace is
// left byte for byte, unmarked, and that text that is no SAML message
// still loses its secrets and addresses.
func TestRedactValueUnchanged(t *testing.T) {
	x := newTestRedactor(t)
	plain := `<samlp:LogoutResponse xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_l" Version="2.0"/>`
	out, err := x.Value("v", []byte(plain))
	require.NoError(t, err)
	assert.Equal(t, plain, string(out))

	out, err = x.Value("v", []byte("note: alice.smith@corp.com sent password=hunter2-secret\n"))
	require.NoError(t, err)
	assert.NotContains(t, string(out), "alice.smith@corp.com")
	assert.NotContains(t, string(out), "hunter2-secret")

	_, err = x.Value("v", []byte(" \n"))
	assert.ErrorContains(t, err, "v: empty input")
}

// TestRedactBrokenMark checks that a message whose digest did not match
// before redaction gets BrokenMark, in a value and in a HAR.
func TestRedactBrokenMark(t *testing.T) {
	signed := `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r" Version="2.0">` +
		`<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>` +
		`<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/><ds:Reference URI="#_r"><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/><ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></ds:Transforms>` +
		`<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue>AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=</ds:DigestValue></ds:Reference></ds:SignedInfo><ds:SignatureValue>AAAA</ds:SignatureValue></ds:Signature>` +
		`<saml:Assertion ID="_a" Version="2.0"><saml:Subject><saml:NameID>alice@corp.com</saml:NameID></saml:Subject></saml:Assertion></samlp:Response>`
	x := newTestRedactor(t)
	out, err := x.Value("v", []byte(signed))
	require.NoError(t, err)
	assert.Contains(t, string(out), BrokenMark)
	assert.NotContains(t, string(out), ValueMark)

	b64 := base64.StdEncoding.EncodeToString([]byte(signed))
	har := `{"log":{"entries":[{"request":{"method":"POST","url":"https://signin.aws.amazon.com/saml","postData":{"mimeType":"application/x-www-form-urlencoded","text":"SAMLResponse=` + url.QueryEscape(b64) + `"}},"response":{"status":302}}]}}`
	var buf bytes.Buffer
	_, err = x.HAR(context.Background(), &buf, strings.NewReader(har), "h.har")
	require.NoError(t, err)
	var doc struct {
		Log struct {
			Entries []struct {
				Request struct {
					PostData struct{ Text string } `json:"postData"`
				} `json:"request"`
			} `json:"entries"`
		} `json:"log"`
	}
	require.NoError(t, json.Unmarshal(buf.Bytes(), &doc))
	v, _ := url.QueryUnescape(strings.TrimPrefix(doc.Log.Entries[0].Request.PostData.Text, "SAMLResponse="))
	xml, err := base64.StdEncoding.DecodeString(v)
	require.NoError(t, err)
	assert.Contains(t, string(xml), BrokenMark)
	assert.NotContains(t, string(xml), "alice@corp.com")
}

// lines reads a users list of one name a line.
func lines(b []byte) ([]string, error) {
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out, nil
}

// TestRedactUsers redacts users lists of several layouts with the
// pseudonyms of the message redacted before: the NameID and the listed
// name still match, case for case.
func TestRedactUsers(t *testing.T) {
	csv := func(b []byte) ([]string, error) {
		ls, _ := lines(b)
		var out []string
		for _, l := range ls[1:] {
			first, _, _ := strings.Cut(l, ",")
			out = append(out, first)
		}
		return out, nil
	}
	table := func(b []byte) ([]string, error) {
		var out []string
		for _, l := range strings.Split(string(b), "\n") {
			if cells := strings.Split(l, "|"); len(cells) > 2 && strings.Contains(cells[1], "@") {
				out = append(out, strings.TrimSpace(cells[1]))
			}
		}
		return out, nil
	}
	jsonStrings := func(b []byte) ([]string, error) {
		var out []string
		err := json.Unmarshal(b, &out)
		return out, err
	}
	identityStore := func(b []byte) ([]string, error) {
		var doc struct{ Users []struct{ UserName string } }
		err := json.Unmarshal(b, &doc)
		var out []string
		for _, u := range doc.Users {
			out = append(out, u.UserName)
		}
		return out, err
	}
	for _, tc := range []struct {
		name, list string
		parse      func([]byte) ([]string, error)
	}{
		{"lines", "alice.smith@corp.com\nbob@corp.com\n", lines},
		{"csv", "UserName,Email\nalice.smith@corp.com,alice.smith@corp.com\nbob@corp.com,bob@corp.com\n", csv},
		{"table", "+----------------------+\n|  alice.smith@corp.com |  Alice  | Smith |\n|  bob@corp.com |  Bob  | Jones |\n", table},
		{"cli text", "USERS\tAlice Smith\talice.smith@corp.com\td-9067c1a2b3\nUSERS\tBob\tbob@corp.com\td-9067c1a2b3\n", func(b []byte) ([]string, error) {
			var out []string
			for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
				out = append(out, strings.Split(l, "\t")[2])
			}
			return out, nil
		}},
		{"json strings", `["alice.smith@corp.com", "bob@corp.com"]`, jsonStrings},
		{"paginated", `{"Users":[{"UserName":"alice.smith@corp.com"},{"UserName":"bob@corp.com"}],"NextToken":"PLANTEDnextToken123"}`, identityStore},
		{"identity store", `{"Users":[{"UserName":"alice.smith@corp.com","UserId":"9067c1a2b3-4d5e6f70-8192-4a3b-b5c6-d7e8f9a0b1c2","DisplayName":"Alice Smith","Emails":[{"Value":"alice.smith@corp.com"}],"IdentityStoreId":"d-9067c1a2b3"},{"UserName":"bob@corp.com"}]}`, identityStore},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x := newTestRedactor(t)
			out, err := x.Value("r.xml", []byte(responseXML))
			require.NoError(t, err)
			nameID := x.r.ps.identity("Alice.Smith@Corp.com")
			assert.Contains(t, string(out), nameID)
			red, err := x.Users("users", []byte(tc.list), tc.parse)
			require.NoError(t, err)
			assert.NotContains(t, string(red), "alice")
			assert.NotContains(t, string(red), "Alice")
			assert.NotContains(t, string(red), "Smith")
			assert.NotContains(t, string(red), "bob@")
			assert.NotContains(t, string(red), "corp.com")
			assert.NotContains(t, string(red), "PLANTEDnextToken123")
			if strings.Contains(tc.list, "NextToken") {
				assert.Contains(t, string(red), `"NextToken":"REDACTED"`, "still paginated")
			}
			names, err := tc.parse(red)
			require.NoError(t, err)
			require.Len(t, names, 2)
			assert.True(t, strings.EqualFold(names[0], nameID) || strings.EqualFold(names[1], nameID), "%v has the NameID's pseudonym %s", names, nameID)
			assert.NotContains(t, names, nameID, "but not in its case: the case-only difference is kept")
			assert.Equal(t, 2, x.Receipt().Users)
		})
	}
}

// TestRedactUsersReadBack checks that Users refuses to write a list that
// its reader would not read back as the pseudonyms of the names it read.
func TestRedactUsersReadBack(t *testing.T) {
	x := newTestRedactor(t)
	// A reader that sees the domain as a separate column: the names read
	// back are not pseudonyms of the names read first.
	odd := func(b []byte) ([]string, error) {
		return []string{strings.Fields(string(b))[0], "fixed-name"}, nil
	}
	_, err := x.Users("users.txt", []byte("alice smith\n"), odd)
	assert.ErrorContains(t, err, "users list users.txt: the redacted list reads back as 2 names, 1 of them not the pseudonym of a listed name")

	keep, err := New(Options{Key: testKey, KeepIdentities: true})
	require.NoError(t, err)
	out, err := keep.Users("users.txt", []byte("alice@corp.com\n"), lines)
	require.NoError(t, err)
	assert.Equal(t, "alice@corp.com\n", string(out))
}

// TestRedactValueUTF16 checks that a value in UTF-16 (as PowerShell
// writes it) is redacted as its UTF-8 text is, and written back in the
// same encoding; and that a HAR in UTF-16 is redacted as a HAR.
func TestRedactValueUTF16(t *testing.T) {
	b64 := base64.StdEncoding.EncodeToString([]byte(responseXML))
	for _, enc := range []textEncoding{{utf16: true, bom: true}, {utf16: true}, {utf16: true, big: true, bom: true}, {utf16: true, big: true}} {
		for _, in := range []string{responseXML + "\r\n", b64 + "\r\n", "SAMLResponse=" + url.QueryEscape(b64)} {
			want, err := newTestRedactor(t).Value("v", []byte(in))
			require.NoError(t, err)
			encoded := enc.encode([]byte(in))
			require.Equal(t, enc, sniffUTF16(encoded), "sniffed")
			got, err := newTestRedactor(t).Value("v", encoded)
			require.NoError(t, err)
			assert.Equal(t, enc.encode(want), got, "%+v", enc)
			assert.Equal(t, string(want), string(enc.decode(got)))
		}
	}
	utf16HAR := enc16(testHAR(t))
	out, err := newTestRedactor(t).Value("h.har", utf16HAR)
	require.NoError(t, err)
	text := string(textEncoding{utf16: true, bom: true}.decode(out))
	assert.True(t, IsRedacted([]byte(text)), "redacted as a HAR")
	assert.NotContains(t, text, "Sess-0123456789abcdef")
	assert.NotContains(t, text, "S3cret")

	_, err = newTestRedactor(t).Value("h.har", enc16([]byte(`{"log":{"entries":[{"request":`)))
	assert.ErrorIs(t, err, har.ErrTruncated)
	assert.False(t, sniffUTF16([]byte("plain ASCII text")).utf16)
}

func enc16(b []byte) []byte { return textEncoding{utf16: true, bom: true}.encode(b) }

// TestRedactValueSecrets checks that the secrets pasted next to a SAML
// value go: tokens in a form body, in a URL and in an HTML page's form.
func TestRedactValueSecrets(t *testing.T) {
	b64 := base64.StdEncoding.EncodeToString([]byte(responseXML))
	req := url.QueryEscape(deflateB64(t, requestXML))
	for _, in := range []string{
		"SAMLResponse=" + url.QueryEscape(b64) + "&RelayState=x&authenticity_token=PLANTEDtok12345678",
		"https://idp.corp.example.com/sso?SAMLRequest=" + req + "&access_token=PLANTEDtok12345678",
		`<html><form method="post" action="https://signin.aws.amazon.com/saml"><input type="hidden" name="SAMLResponse" value="` + b64 + `"><input type="hidden" name="csrf_token" value="PLANTEDtok12345678"></form></html>`,
		`{"SAMLResponse":"` + b64 + `","id_token":"PLANTEDtok12345678"}`,
	} {
		out, err := newTestRedactor(t).Value("v", []byte(in))
		require.NoError(t, err)
		assert.NotContains(t, string(out), "PLANTEDtok12345678")
		assert.NotContains(t, string(out), b64, "the message is rewritten")
	}
}

// TestRedactTruncatedValue checks that a Base64 value cut short inside the
// Assertion loses its identities all the same, and stays cut at the same
// character: same length, same decoded prefix length.
func TestRedactTruncatedValue(t *testing.T) {
	b64 := base64.StdEncoding.EncodeToString([]byte(responseXML))
	cutAt := strings.Index(responseXML, "RoleSessionName") * 4 / 3
	for _, extra := range []int{0, 1, 2, 3} {
		cut := b64[:cutAt+extra]
		for _, in := range []string{cut, "SAMLResponse=" + url.QueryEscape(cut)} {
			out, err := newTestRedactor(t).Value("v", []byte(in))
			require.NoError(t, err)
			assert.Len(t, string(out), len(in), "cut at the same place")
			v := string(out)
			if strings.HasPrefix(v, "SAMLResponse=") {
				v, _ = url.QueryUnescape(strings.TrimPrefix(v, "SAMLResponse="))
			}
			raw, _ := base64.StdEncoding.DecodeString(v[:len(v)&^3])
			orig, _ := base64.StdEncoding.DecodeString(cut[:len(cut)&^3])
			assert.Len(t, raw, len(orig))
			assert.NotContains(t, string(raw), "Alice.Smith")
			assert.Contains(t, string(raw), "<saml:NameID", "the start of the message is still there")
		}
	}
}

// TestMarkXML checks where the mark goes: before the root element, after
// the declaration, comments and processing instructions before it.
func TestMarkXML(t *testing.T) {
	for in, want := range map[string]string{
		`<r/>`: `<!--m--><r/>`,
		`<?xml version="1.0"?>` + "\n" + `<!-- c --><r><a/></r>`: `<?xml version="1.0"?>` + "\n" + `<!-- c --><!--m--><r><a/></r>`,
		`<?pi x?><!DOCTYPE r><r/>`:                               `<?pi x?><!DOCTYPE r><!--m--><r/>`,
		`no element`:                                             `no element<!--m-->`,
	} {
		assert.Equal(t, want, string(markXML([]byte(in), "<!--m-->")))
	}
}
