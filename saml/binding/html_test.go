package binding

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestForms(t *testing.T) {
	for _, tc := range []struct {
		name, page string
		want       []Form
	}{
		{
			"typical auto-post page",
			`<html><body onload="document.forms[0].submit()"><form method="post" action="https://sp.example.com/acs?a=1&amp;b=2">
<input type="hidden" name="SAMLResponse" value="PHNhbWw&#43;Pz8&#x2b;Pz8&#X2B;"/>
<input type="hidden" name="RelayState" value="https://app/?x=1&amp;y=&quot;2&quot;" />
<input type="submit" value="Continue"/></form></body></html>`,
			[]Form{{Action: "https://sp.example.com/acs?a=1&b=2", Fields: []Field{{"SAMLResponse", "PHNhbWw+Pz8+Pz8+"}, {"RelayState", `https://app/?x=1&y="2"`}}}},
		},
		{
			"unquoted, upper case, value before name, duplicates",
			"<FORM\nACTION=https://sp/acs\tMETHOD=POST><INPUT VALUE=abc&#43;def&#x3D; TYPE=HIDDEN NAME = SAMLResponse><input name=RelayState value='it&apos;s' name=ignored value=no></FORM>",
			[]Form{{Action: "https://sp/acs", Fields: []Field{{"SAMLResponse", "abc+def="}, {"RelayState", "it's"}}}},
		},
		{
			"controls outside forms, several forms, textarea, button",
			`<input name=orphan value=1 /><form action="/one"><input name="SAMLRequest" value="r1"><button name=b value=v>x</button></form>
<form><textarea name=SAMLResponse>
x&lt;y</textarea></form><input name=late value=2>`,
			[]Form{
				{Index: -1, Fields: []Field{{"orphan", "1"}, {"late", "2"}}},
				{Action: "/one", Index: 0, Fields: []Field{{"SAMLRequest", "r1"}, {"b", "v"}}},
				{Index: 1, Fields: []Field{{"SAMLResponse", "x<y"}}},
			},
		},
		{
			"script, style, noscript, template, comments are not controls",
			`<script>document.write('<form action="/s"><input name="SAMLResponse" value="S"></form>')</script>` +
				`<style>input[name="SAMLResponse"]{}</style><noscript><input name="SAMLResponse" value="N"></noscript>` +
				`<template><form action="/t"><input name="SAMLResponse" value="T"></form></template>` +
				`<!-- <input name="SAMLResponse" value="C"> --><form action="/real"><input name="SAMLResponse" value="R"></form>`,
			[]Form{{Action: "/real", Index: 0, Fields: []Field{{"SAMLResponse", "R"}}}},
		},
		{
			"script end tag in any case, and a '<' in script",
			`<SCRIPT>if (a</b) {}</ScRiPt><form action=/x><input name=SAMLResponse value=v></form>`,
			[]Form{{Action: "/x", Fields: []Field{{"SAMLResponse", "v"}}}},
		},
		{
			"a form inside a form is ignored, as the parser does",
			`<form action=/outer><form action=/inner><input name=SAMLResponse value=v></form><input name=RelayState value=after>`,
			[]Form{{Action: "/outer", Fields: []Field{{"SAMLResponse", "v"}}}, {Index: -1, Fields: []Field{{"RelayState", "after"}}}},
		},
		{
			"CRLF in a value reads as LF, as in browsers",
			"<input name=SAMLResponse value=\"PHNh\r\nbWw+\">",
			[]Form{{Index: -1, Fields: []Field{{"SAMLResponse", "PHNh\nbWw+"}}}},
		},
		{"truncated in a quoted value", `<form action="/acs"><input name="SAMLResponse" value="abc`, []Form{{Action: "/acs", Fields: []Field{{"SAMLResponse", "abc"}}}}},
		{"truncated in a single-quoted value", `<input name='SAMLResponse' value='abc`, []Form{{Index: -1, Fields: []Field{{"SAMLResponse", "abc"}}}}},
		{"truncated in an unquoted value", `<input name=SAMLResponse value=abc`, []Form{{Index: -1, Fields: []Field{{"SAMLResponse", "abc"}}}}},
		{"truncated textarea", `<textarea name=SAMLResponse>abc`, []Form{{Index: -1, Fields: []Field{{"SAMLResponse", "abc"}}}}},
		{"unterminated comment", `<input name="a" value="1"><!-- <input name="SAMLResponse" value="b">`, []Form{{Index: -1, Fields: []Field{{"a", "1"}}}}},
		{"input-like tag names", `<inputs name="SAMLResponse" value="x"><formx action="/y"><input name="SAMLResponse" value="z">`, []Form{{Index: -1, Fields: []Field{{"SAMLResponse", "z"}}}}},
		{"no named controls", `<html><p>a < b <input value=x></p></html>`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, Forms(tc.page))
		})
	}
}

func TestFormsMalformed(t *testing.T) {
	// Broken markup ends quietly, in linear time.
	value := strings.Repeat("QUJD", 1<<18) // a 1 MiB value
	for _, s := range []string{
		"", "<", "<<<", "</", "<!", "<!--", "<form", "<form action=", `<form action="`,
		strings.Repeat("<!", 100000),
		strings.Repeat("<a b", 100000),
		strings.Repeat("<script", 50000),
		strings.Repeat("<!--", 50000),
		strings.Repeat("<textarea name=a>", 20000),
		strings.Repeat(`<input value="`, 100_000),
		strings.Repeat(`<div class="x"><input name="a" value="b">`, 100_000),
		"<input " + strings.Repeat(`a=b `, 200_000) + `name=SAMLResponse value=v>`,
		`<form action="/acs"><input type="hidden" name="SAMLResponse" value="` + value + `"></form>`,
	} {
		start := time.Now()
		forms := Forms(s)
		assert.Less(t, time.Since(start), 30*time.Second)
		for _, f := range forms {
			for _, fl := range f.Fields {
				if IsMessageParam(fl.Name) {
					assert.True(t, fl.Value == "v" || fl.Value == value, s[:min(len(s), 20)])
				}
			}
		}
	}
}

func TestSniffHTML(t *testing.T) {
	for _, s := range []string{
		"<!doctype HTML><p>", "\xef\xbb\xbf \r\n<html>", `<?xml version="1.0"?><!-- x --><html>`, "<FORM action=x>",
		`<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x"><html>`, "<body onload=x>", "<script>x</script><form>",
	} {
		assert.True(t, SniffHTML([]byte(s)), s)
	}
	for _, s := range []string{
		"", "text <html>", "<samlp:Response>", "<Response>", "<!DOCTYPE r>", "<!-- unterminated", "<?xml unterminated",
		`<?xml version="1.0"?><md:EntityDescriptor>`, "</html>", "<" + strings.Repeat("!-- x -->", SniffLen) + "<html>",
	} {
		assert.False(t, SniffHTML([]byte(s)), s)
	}
}

func TestNeverHTML(t *testing.T) {
	for _, mt := range []string{"application/javascript", "Application/JSON; charset=utf-8", "text/css", "image/png", "application/wasm"} {
		assert.True(t, NeverHTML(mt), mt)
	}
	for _, mt := range []string{"", "text/html", "text/plain", "application/xhtml+xml", "application/octet-stream"} {
		assert.False(t, NeverHTML(mt), mt)
	}
}

// FuzzForms reads any page: it never panics, and writing the forms it
// found as a plain page and reading that again gives the same forms.
func FuzzForms(f *testing.F) {
	f.Add(`<form method="post" action="https://sp/acs?a=1&amp;b=2"><input type="hidden" name="SAMLResponse" value="PHNhbWw+"/><INPUT NAME=RelayState VALUE='x&#43;y'></form>`)
	f.Add(`<script>"<form><input name=SAMLResponse value=no>"</script><textarea name=SAMLRequest>a&lt;b</textarea><!-- <input name=x value=y> -->`)
	f.Add(`<form action=/a><input name="SAMLResponse" value="a" name="x" value=b></form></form><form action=`)
	f.Add(`<template><input name=a value=b></template><noscript><input name=c value=d></noscript><style>x</style><input name=e value=f>`)
	f.Add(`<input name=SAMLResponse value="abc`)
	f.Fuzz(func(t *testing.T, page string) {
		forms := Forms(page)
		again := Forms(writeForms(forms))
		if len(forms) == 0 {
			forms = nil
		}
		for i := range forms {
			if forms[i].Index >= 0 {
				forms[i].Index = i - orphanBefore(forms, i)
			}
		}
		require.Equal(t, forms, again, "page %q", page)
	})
}

// orphanBefore is 1 when the orphan controls' Form comes before forms[i].
func orphanBefore(forms []Form, i int) int {
	for _, f := range forms[:i] {
		if f.Index < 0 {
			return 1
		}
	}
	return 0
}

// writeForms writes forms as a page: every field an input with a quoted,
// escaped value; the orphan controls first outside any form.
func writeForms(forms []Form) string {
	var b strings.Builder
	esc := strings.NewReplacer("&", "&amp;", `"`, "&quot;", "\r", "&#13;", "\x00", "&#0;")
	field := func(f Field) {
		b.WriteString(`<input name="` + esc.Replace(f.Name) + `" value="` + esc.Replace(f.Value) + `">`)
	}
	for _, f := range forms {
		if f.Index < 0 {
			for _, fl := range f.Fields {
				field(fl)
			}
			continue
		}
		b.WriteString(`<form action="` + esc.Replace(f.Action) + `">`)
		for _, fl := range f.Fields {
			field(fl)
		}
		b.WriteString(`</form>`)
	}
	return b.String()
}
