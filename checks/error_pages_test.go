package checks

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/samlcheck/samlcheck/har/capture"
)

func TestMarkupText(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"entities", `<p>It&rsquo;s not&nbsp;you, it&#39;s&#x20;us &amp; more</p>`, "It’s not\u00a0you, it's us & more"},
		{"inline tags join words", `<p>Un<b>expected</b> <span>error</span></p>`, "Unexpected error"},
		{"blocks break lines", `<div>one</div><div>two</div>`, "one\n\ntwo"},
		{"script style template comment", `<script>var m="An unexpected error has occurred";</script><style>p{}</style>` +
			`<template><p>hidden</p></template><!-- An unexpected error has occurred --><p>shown</p>`, "shown"},
		{"script end tag in any case", `<SCRIPT type="text/javascript">if(a</b){}</ScRiPt>ok`, "ok"},
		{"script end tag needs a name boundary", `<script>"</scripts>"</script>ok`, "ok"},
		{"hidden attribute", `<div hidden><p>secret</p><div>nested</div></div><p>seen</p>`, "seen"},
		{"display none", `<div style="color:red; display: none"><div>secret</div></div><p>seen</p>`, "seen"},
		{"hidden void element", `<input hidden value="x"><p>seen</p>`, "seen"},
		{"attribute with >", `<a title="a>b" href="/x">link</a>`, "link"},
		{"lone less-than", `a < b <3`, "a < b <3"},
		{"cdata", `<m><![CDATA[Response signature invalid]]></m>`, "Response signature invalid"},
		{"xml prefix", `<ns:Error><ns:Message>boom</ns:Message></ns:Error>`, "boom"},
		{"unterminated", `<p>text<div class="x`, "text"},
		{"unterminated comment", `ok<!-- never closed`, "ok"},
		{"doctype and pi", `<!DOCTYPE html><?xml version="1.0"?><p>x</p>`, "x"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := markupText(tc.in)
			assert.Equal(t, tc.want, strings.TrimSpace(strings.Join(strings.FieldsFunc(got, func(r rune) bool { return r == ' ' }), " ")))
		})
	}
}

func TestReadPage(t *testing.T) {
	visible := func(mime, body string) string {
		pt := readPage(mime, body)
		if pt == nil {
			return "<nil>"
		}
		return strings.Join(strings.Fields(pt.visible), " ")
	}
	assert.Equal(t, "<nil>", visible("application/javascript", `alert("It's not you, it's us")`))
	assert.Equal(t, "<nil>", visible("text/css; charset=utf-8", `p{}`))
	assert.Equal(t, "<nil>", visible("image/png", `x`))
	assert.Equal(t, "boom", visible("text/html", "\ufeff<p>boom</p>"))
	assert.Equal(t, "boom", visible("", "  <html><p>boom</p></html>"))
	assert.Equal(t, "plain text", visible("text/plain", "plain text"))

	// JSON: the error fields only, AWS types reduced to the exception.
	assert.Equal(t, "InvalidGrantException invalid_grant Invalid grant provided",
		visible("application/x-amz-json-1.1", `{"__type":"com.amazonaws.ssooidc#InvalidGrantException","error":"invalid_grant","error_description":"Invalid grant provided","requestId":"r-1"}`))
	assert.Equal(t, "AccessDeniedException",
		visible("application/json", `{"__type":"AccessDeniedException:http://internal.amazon.com/coral/com.amazonaws.qbusiness/"}`))
	assert.Equal(t, "Other Nested one",
		visible("", ` {"errors":[{"code":"Nested","message":"one"}],"error":{"Message":"Other"},"data":"skip"}`))
	assert.Equal(t, "An error occurred (X) when calling: Y",
		visible("application/json", `{"error":"An error occurred (X) when calling: Y"}`), "a message in a type field is kept whole")

	// A translation bundle with many strings is data, not an error.
	var b strings.Builder
	b.WriteString(`{"errors":{"message":"An unexpected error has occurred"}`)
	for i := range maxJSONStrings {
		b.WriteString(`,"k` + strings.Repeat("x", i+1) + `":"v"`)
	}
	b.WriteString("}")
	assert.Empty(t, visible("application/json", b.String()))

	// Unparseable JSON: small bodies read as text, large ones not.
	assert.Equal(t, `{"message":"Session token not found or invalid"`, visible("application/json", `{"message":"Session token not found or invalid"`))
	big := `{"message":"Session token not found or invalid",` + strings.Repeat(" ", maxJSONFallback)
	assert.Empty(t, visible("application/json", big))
}

func TestPageTextFind(t *testing.T) {
	pt := newPageText("Error\nIt’s NOT you,\n  it's   us. Try later.")
	span, ok := pt.find([]string{"no such phrase", "It's not you, it's us"})
	require.True(t, ok)
	assert.Equal(t, "It’s NOT you,\n  it's   us", pt.visible[span[0]:span[1]])
	assert.Equal(t, "It’s NOT you, it's us.", pt.quote(span))

	_, ok = pt.find([]string{"not yo"})
	assert.False(t, ok, "phrases match whole words")
	_, ok = newPageText("Xinvalidgrantexception").find([]string{"InvalidGrantException"})
	assert.False(t, ok)
	_, ok = pt.find([]string{"", "  "})
	assert.False(t, ok)

	// A sentence is quoted up to its full stop, not one inside a word.
	pt = newPageText("Error: Not authorized to perform sts:AssumeRoleWithSAML (Service: AWSSecurityTokenService; Status Code: 403). To log out, click here.")
	span, ok = pt.find([]string{"Not authorized to perform sts:AssumeRoleWithSAML"})
	require.True(t, ok)
	assert.Equal(t, "Error: Not authorized to perform sts:AssumeRoleWithSAML (Service: AWSSecurityTokenService; Status Code: 403).", pt.quote(span))

	// And back to the start of its sentence.
	pt = newPageText("Access Denied. Your account has been authenticated, but has not been onboarded to this application. Please contact your administrator.")
	span, ok = pt.find([]string{"has not been onboarded to this application"})
	require.True(t, ok)
	assert.Equal(t, "Your account has been authenticated, but has not been onboarded to this application.", pt.quote(span))
	pt = newPageText(strings.Repeat("é", 80) + " InvalidGrantException")
	span, ok = pt.find([]string{"InvalidGrantException"})
	require.True(t, ok)
	assert.Equal(t, strings.Repeat("é", 49)+" InvalidGrantException", pt.quote(span), "at most maxQuoteBefore bytes back, at a rune boundary")

	long := newPageText("InvalidGrantException " + strings.Repeat("é", 300))
	span, ok = long.find([]string{"InvalidGrantException"})
	require.True(t, ok)
	q := long.quote(span)
	assert.LessOrEqual(t, len(q), maxQuote+len("…"))
	assert.True(t, strings.HasSuffix(q, "…"))
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
	// Only the first capture.DefaultMaxPageText bytes count, as a
	// capture.Page keeps no more.
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
