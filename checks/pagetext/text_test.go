package pagetext

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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

func TestRead(t *testing.T) {
	visible := func(mime, body string) string {
		pt := Read(mime, body)
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

func TestFind(t *testing.T) {
	pt := newText("Error\nIt’s NOT you,\n  it's   us. Try later.")
	span, ok := pt.Find([]string{"no such phrase", "It's not you, it's us"})
	require.True(t, ok)
	assert.Equal(t, "It’s NOT you,\n  it's   us", pt.visible[span.Start:span.End])
	assert.Equal(t, "It’s NOT you, it's us.", pt.Quote(span))

	_, ok = pt.Find([]string{"not yo"})
	assert.False(t, ok, "phrases match whole words")
	_, ok = newText("Xinvalidgrantexception").Find([]string{"InvalidGrantException"})
	assert.False(t, ok)
	_, ok = pt.Find([]string{"", "  "})
	assert.False(t, ok)

	// A sentence is quoted up to its full stop, not one inside a word.
	pt = newText("Error: Not authorized to perform sts:AssumeRoleWithSAML (Service: AWSSecurityTokenService; Status Code: 403). To log out, click here.")
	span, ok = pt.Find([]string{"Not authorized to perform sts:AssumeRoleWithSAML"})
	require.True(t, ok)
	assert.Equal(t, "Error: Not authorized to perform sts:AssumeRoleWithSAML (Service: AWSSecurityTokenService; Status Code: 403).", pt.Quote(span))

	// And back to the start of its sentence.
	pt = newText("Access Denied. Your account has been authenticated, but has not been onboarded to this application. Please contact your administrator.")
	span, ok = pt.Find([]string{"has not been onboarded to this application"})
	require.True(t, ok)
	assert.Equal(t, "Your account has been authenticated, but has not been onboarded to this application.", pt.Quote(span))
	pt = newText(strings.Repeat("é", 80) + " InvalidGrantException")
	span, ok = pt.Find([]string{"InvalidGrantException"})
	require.True(t, ok)
	assert.Equal(t, strings.Repeat("é", 49)+" InvalidGrantException", pt.Quote(span), "at most maxQuoteBefore bytes back, at a rune boundary")

	long := newText("InvalidGrantException " + strings.Repeat("é", 300))
	span, ok = long.Find([]string{"InvalidGrantException"})
	require.True(t, ok)
	q := long.Quote(span)
	assert.LessOrEqual(t, len(q), maxQuote+len("…"))
	assert.True(t, strings.HasSuffix(q, "…"))
}

// FuzzRead feeds arbitrary bodies to the page reader, FoundIn and the
// quoting: none may panic, and what FoundIn keeps must be readable.
func FuzzRead(f *testing.F) {
	f.Add("text/html", `<p>It&rsquo;s not you, it&rsquo;s us</p><script>x</script>`)
	f.Add("application/json", `{"__type":"a#InvalidGrantException","message":"x"}`)
	f.Add("", `<div hidden><div>x</div><!-- </div> --></div>An unexpected error has occurred`)
	f.Add("text/xml", `<a><![CDATA[Response signature invalid]]></a><b x='>'/>`)
	f.Add("text/plain", "é\xffInvalid MFA credentials\xfe.")
	phrases := errorPhrases(f)
	tab := NewPhrases(phrases)
	f.Fuzz(func(t *testing.T, mime, body string) {
		keep := tab.FoundIn(mime, []byte(body))
		pt := Read(mime, body)
		if pt == nil {
			if keep {
				t.Fatal("kept a body that reads as no page")
			}
			return
		}
		if len(pt.offs) != len(pt.norm) {
			t.Fatalf("%d offsets for %d bytes", len(pt.offs), len(pt.norm))
		}
		for _, p := range phrases {
			if span, ok := pt.Find([]string{p}); ok {
				_ = pt.Quote(span)
			}
		}
	})
}
