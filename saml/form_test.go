package saml

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFormValues(t *testing.T) {
	tests := []struct {
		name string
		page string
		want []FormField
	}{
		{
			"typical auto-post page",
			`<html><body onload="document.forms[0].submit()"><form method="post" action="https://sp.example.com/acs?a=1&amp;b=2">
<input type="hidden" name="SAMLResponse" value="PHNhbWw&#43;Pz8&#x2b;Pz8&#X2B;"/>
<input type="hidden" name="RelayState" value="https://app/?x=1&amp;y=&quot;2&quot;" />
<input type="submit" value="Continue"/></form></body></html>`,
			[]FormField{
				{Name: "SAMLResponse", Value: "PHNhbWw+Pz8+Pz8+", Action: "https://sp.example.com/acs?a=1&b=2", Form: 0},
				{Name: "RelayState", Value: `https://app/?x=1&y="2"`, Action: "https://sp.example.com/acs?a=1&b=2", Form: 0},
			},
		},
		{
			"single quotes, upper case, value before name",
			`<FORM ACTION='https://idp/sso' METHOD=POST><INPUT VALUE='abc+/=' TYPE=HIDDEN NAME='SAMLRequest'></FORM>`,
			[]FormField{{Name: "SAMLRequest", Value: "abc+/=", Action: "https://idp/sso", Form: 0}},
		},
		{
			"unquoted values and odd spacing",
			"<form\naction=https://sp/acs\tmethod=post><input name = SAMLResponse\nvalue = PHN== ><input name=RelayState value=rs/></form>",
			[]FormField{
				{Name: "SAMLResponse", Value: "PHN==", Action: "https://sp/acs", Form: 0},
				{Name: "RelayState", Value: "rs/", Action: "https://sp/acs", Form: 0},
			},
		},
		{
			"name case kept as written",
			`<form action="/acs"><input name="samlresponse" value="v"></form>`,
			[]FormField{{Name: "samlresponse", Value: "v", Action: "/acs", Form: 0}},
		},
		{
			"several forms, fields outside forms, comments skipped",
			`<input name="RelayState" value="outside"><!-- <input name="SAMLResponse" value="commented"> -->
<form action="/one"><input name="SAMLRequest" value="r1"></form>
<form><input name="SAMLResponse" value="r2"><input name="other" value="x"></form>`,
			[]FormField{
				{Name: "RelayState", Value: "outside", Form: -1},
				{Name: "SAMLRequest", Value: "r1", Action: "/one", Form: 0},
				{Name: "SAMLResponse", Value: "r2", Form: 1},
			},
		},
		{
			"no fields",
			`<html><p>Nothing here <input name="q"></p></html>`,
			nil,
		},
		{
			"truncated page",
			`<form action="/acs"><input name="SAMLResponse" value="abc`,
			[]FormField{{Name: "SAMLResponse", Value: "abc", Action: "/acs", Form: 0}},
		},
		{
			"unterminated comment",
			`<input name="SAMLResponse" value="a"><!-- <input name="SAMLResponse" value="b">`,
			[]FormField{{Name: "SAMLResponse", Value: "a", Form: -1}},
		},
		{
			"input-like tag names",
			`<inputs name="SAMLResponse" value="x"><formx action="/y"><input name="SAMLResponse" value="z" `,
			[]FormField{{Name: "SAMLResponse", Value: "z", Form: -1}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, FormValues([]byte(tt.page)))
		})
	}
}

func TestFormValuesHugePagesAreLinear(t *testing.T) {
	value := strings.Repeat("QUJD", 1<<18) // a 1 MiB value
	pages := map[string]string{
		"big value":              `<form action="/acs"><input type="hidden" name="SAMLResponse" value="` + value + `"></form>`,
		"many tags":              strings.Repeat(`<div class="x"><input name="a" value="b">`, 100_000),
		"unterminated quotes":    strings.Repeat(`<input value="`, 100_000),
		"many attributes":        "<input " + strings.Repeat(`a=b `, 200_000) + `name=SAMLResponse value=v>`,
		"angle brackets":         strings.Repeat("<", 1<<20),
		"nested comment openers": strings.Repeat("<!--", 200_000),
	}
	for name, page := range pages {
		t.Run(name, func(t *testing.T) {
			// A super-linear scan would take minutes on these pages; the
			// bound is generous so a loaded machine does not flake.
			start := time.Now()
			fields := FormValues([]byte(page))
			assert.Less(t, time.Since(start), 30*time.Second)
			switch name {
			case "big value":
				require.Len(t, fields, 1)
				assert.Len(t, fields[0].Value, len(value))
			case "many attributes":
				require.Len(t, fields, 1)
				assert.Equal(t, "v", fields[0].Value)
			default:
				assert.Empty(t, fields)
			}
		})
	}
}

func TestCanonical(t *testing.T) {
	std := b64([]byte(sampleXML))
	page := wrapLines(std, 76, "\r\n")
	same := []string{
		std,
		page,
		strings.TrimRight(std, "="),
		url.QueryEscape(std),
		url.QueryEscape(page),
		url.QueryEscape(url.QueryEscape(std)),
		strings.ReplaceAll(std, "+", " "),
		strings.ReplaceAll(page, "+", " "),
		strings.NewReplacer("+", "-", "/", "_").Replace(std),
		"  " + std + "\n",
	}
	want := Canonical(std)
	assert.NotContains(t, want, "=")
	for i, v := range same {
		assert.Equal(t, want, Canonical(v), "variant %d", i)
	}
	assert.NotEqual(t, want, Canonical(b64([]byte(sampleXML+" "))))
	assert.Equal(t, "<a>x y</a>", Canonical("\ufeff <a>x y</a>\n"), "XML is only trimmed")
	assert.Equal(t, "<a>x y</a>", Canonical(url.PathEscape("<a>x y</a>")))
	assert.Equal(t, "%zz", Canonical("%zz"), "never fails")
	assert.Empty(t, Canonical(""))
}
