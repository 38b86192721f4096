package saml

import (
	"compress/flate"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseInput(t *testing.T) {
	std := b64([]byte(sampleXML))
	deflated := b64(deflateRaw(t, []byte(sampleXML), flate.BestCompression))
	q := "SAMLResponse=" + url.QueryEscape(deflated) + "&RelayState=" + url.QueryEscape("https://app/?a=b c") +
		"&SigAlg=" + url.QueryEscape("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256") + "&Signature=" + url.QueryEscape("ab+/cd==")

	tests := []struct {
		name     string
		data     string
		binding  Binding
		param    string
		where    Where
		relay    string
		sigAlg   string
		sig      string
		rawQuery string
		url      string
		target   string
	}{
		{name: "raw XML", data: sampleXML, binding: BindingNone, where: InFile},
		{name: "XML with BOM and comment", data: "\ufeff<!-- saved -->\n" + sampleXML, binding: BindingNone, where: InFile},
		{name: "base64", data: std + "\n", binding: BindingNone, where: InFile},
		{name: "URL-encoded base64", data: url.QueryEscape(std), binding: BindingNone, where: InFile},
		{
			name: "POST form body", data: "SAMLResponse=" + url.QueryEscape(std) + "&RelayState=token%2B1+2\n",
			binding: BindingPOST, param: "SAMLResponse", where: InFile, relay: "token+1 2",
		},
		{
			name: "redirect query string", data: q,
			binding: BindingRedirect, param: "SAMLResponse", where: InFile, relay: "https://app/?a=b c",
			sigAlg: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", sig: "ab+/cd==", rawQuery: q,
		},
		{
			name: "query string with '?'", data: "?SAMLRequest=" + url.QueryEscape(std),
			binding: BindingRedirect, param: "SAMLRequest", where: InFile, rawQuery: "SAMLRequest=" + url.QueryEscape(std),
		},
		{
			name: "unsigned deflated query", data: "SAMLRequest=" + url.QueryEscape(deflated) + "&RelayState=x",
			binding: BindingRedirect, param: "SAMLRequest", where: InFile, relay: "x",
			rawQuery: "SAMLRequest=" + url.QueryEscape(deflated) + "&RelayState=x",
		},
		{
			name: "redirect URL", data: "https://idp.example.com/sso?" + q + "\n",
			binding: BindingRedirect, param: "SAMLResponse", where: InFile, relay: "https://app/?a=b c",
			sigAlg: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", sig: "ab+/cd==", rawQuery: q,
			url: "https://idp.example.com/sso?" + q,
		},
		{
			name: "HTML auto-post page",
			data: `<!DOCTYPE html><html><body><form method="post" action="https://sp.example.com/acs"><input type="hidden" name="SAMLResponse" value="` +
				std + `"/><input type="hidden" name="RelayState" value="a&amp;b"/></form></body></html>`,
			binding: BindingPOST, param: "SAMLResponse", where: InHTML, relay: "a&b", target: "https://sp.example.com/acs",
		},
		{
			name:    "HTML form only",
			data:    `<form action="/acs"><input name="SAMLResponse" value="` + std + `"></form>`,
			binding: BindingPOST, param: "SAMLResponse", where: InHTML, target: "/acs",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			encs, err := ParseInput("in.txt", []byte(tt.data))
			require.NoError(t, err)
			require.Len(t, encs, 1)
			e := encs[0]
			assert.Equal(t, tt.binding, e.Binding)
			assert.Equal(t, tt.param, e.Param)
			assert.Equal(t, tt.relay, e.RelayState)
			assert.Equal(t, tt.sigAlg, e.SigAlg)
			assert.Equal(t, tt.sig, e.Signature)
			assert.Equal(t, tt.rawQuery, e.RawQuery)
			want := Source{File: "in.txt", Entry: -1, Where: tt.where, Param: tt.param, URL: tt.url, Target: tt.target}
			assert.Equal(t, want, e.Source)
			assert.Equal(t, []Source{want}, e.Sightings)

			m, err := Decode(e, nil)
			require.NoError(t, err)
			assert.Equal(t, KindResponse, m.Kind)
			assert.Equal(t, "_r1", m.ID())
		})
	}
}

func TestParseInputSeveralMessages(t *testing.T) {
	std := b64([]byte(sampleXML))
	page := `<form action="/a"><input name="SAMLRequest" value="` + std + `"><input name="RelayState" value="one"></form>
<form action="/b"><input name="RelayState" value="two"><input name="SAMLResponse" value="` + std + `"></form>`
	encs, err := ParseInput("p.html", []byte(page))
	require.NoError(t, err)
	require.Len(t, encs, 2)
	assert.Equal(t, "SAMLRequest", encs[0].Param)
	assert.Equal(t, "one", encs[0].RelayState)
	assert.Equal(t, "/a", encs[0].Source.Target)
	assert.Equal(t, "SAMLResponse", encs[1].Param)
	assert.Equal(t, "two", encs[1].RelayState, "RelayState of the same form, wherever it sits")
	assert.Equal(t, "/b", encs[1].Source.Target)

	encs, err = ParseInput("q", []byte("SAMLRequest=a&SAMLResponse=b&RelayState=r&RelayState=ignored"))
	require.NoError(t, err)
	require.Len(t, encs, 2)
	assert.Equal(t, "a", encs[0].Value)
	assert.Equal(t, "b", encs[1].Value)
	assert.Equal(t, "r", encs[1].RelayState, "the first RelayState counts")
}

func TestParseInputErrors(t *testing.T) {
	tests := map[string]string{
		"empty":           " \n",
		"URL without":     "https://idp.example.com/sso?foo=bar",
		"HTML without":    `<html><body><form action="/x"><input name="user"></form></body></html>`,
		"doctype without": "<!DOCTYPE html>\n<p>hello</p>",
		"HAR JSON":        `{"log":{"entries":[{"request":{"postData":{"text":"RelayState=x&SAMLResponse=PHN"}}}]}}`,
	}
	for name, data := range tests {
		t.Run(name, func(t *testing.T) {
			encs, err := ParseInput("f", []byte(data))
			assert.Nil(t, encs)
			assert.ErrorIs(t, err, ErrNoMessage)
			assert.Regexp(t, `^saml: f: `, err.Error())
		})
	}
	_, err := ParseInput("f", []byte("https://[::1"))
	assert.ErrorContains(t, err, "saml: f: ")
}

func TestParseInputKeepsOtherXML(t *testing.T) {
	// A DOCTYPE that is not HTML is XML: Decode refuses it later.
	encs, err := ParseInput("x.xml", []byte(`<!DOCTYPE r [<!ENTITY x "y">]><r>&x;</r>`))
	require.NoError(t, err)
	require.Len(t, encs, 1)
	assert.Equal(t, BindingNone, encs[0].Binding)
	_, err = Decode(encs[0], nil)
	assert.ErrorIs(t, err, ErrDTD)

	encs, err = ParseInput("md.xml", []byte(`<?xml version="1.0"?><!-- md --><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"/>`))
	require.NoError(t, err)
	m, err := Decode(encs[0], nil)
	require.NoError(t, err)
	assert.Equal(t, KindOther, m.Kind)
}
