package har

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestFormValues(t *testing.T) {
	page := `<!DOCTYPE html><?xml version="1.0"?>
<p>a < b</p>
<form action="https://sp/acs?a=1&amp;b=2" method=post>
  <INPUT TYPE=hidden NAME=SAMLResponse VALUE=abc&#43;def&#x3D;>
  <input name="RelayState" value='it&apos;s' name="ignored">
  <input type="submit" value="Go">
  <button name="b" value="v">x</button>
</form>
<style>input[name="SAMLResponse"] { display: none }</style>
<template><form action="/t"><input name="SAMLResponse" value="T"></form></template>
<input name=orphan value=1 />
<form action=/second><textarea name=SAMLRequest>x&lt;y</textarea></form>`
	got := formValues(page)
	assert.Equal(t, []htmlForm{
		{action: "https://sp/acs?a=1&b=2", fields: []field{{"samlresponse", "abc+def="}, {"relaystate", "it's"}, {"b", "v"}}},
		{action: "", fields: []field{{"orphan", "1"}}},
		{action: "/second", fields: []field{{"samlrequest", "x<y"}}},
	}, lowerNames(got))
}

// lowerNames lower-cases field names for comparison (HTML attribute values
// keep their case; the test page mixes them on purpose).
func lowerNames(forms []htmlForm) []htmlForm {
	for i := range forms {
		for j := range forms[i].fields {
			forms[i].fields[j].name = strings.ToLower(forms[i].fields[j].name)
		}
	}
	return forms
}

func TestFormValuesMalformed(t *testing.T) {
	// Broken markup ends the scan quietly, in linear time.
	for _, s := range []string{
		"", "<", "<<<", "</", "<!", "<!--", "<form", "<form action=", `<form action="`,
		strings.Repeat("<!", 100000),
		strings.Repeat("<a b", 100000),
		strings.Repeat("<script", 50000),
		strings.Repeat("<!--", 50000),
		strings.Repeat("<textarea name=a>", 20000),
	} {
		got := formValues(s)
		for _, f := range got {
			for _, fl := range f.fields {
				assert.NotEqual(t, "SAMLResponse", fl.name, s[:min(len(s), 20)])
			}
		}
	}
	// An unterminated attribute runs to the end of the page, as in browsers.
	got := formValues(`<input name="SAMLResponse" value="unterminated`)
	assert.Equal(t, []htmlForm{{fields: []field{{"SAMLResponse", "unterminated"}}}}, got)
}
