package har

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/samlcheck/samlcheck/saml"
)

// extractOne reads a one-entry HAR and extracts from it.
func extractOne(t *testing.T, entry string) []saml.Encoded {
	t.Helper()
	entries, errs, fatal := readAll(t, doc(entry))
	require.NoError(t, fatal)
	require.Empty(t, errs)
	require.Len(t, entries, 1)
	return Extract("t.har", entries[0])
}

func TestTestValues(t *testing.T) {
	// The fixtures exercise what they are meant to: a "+" in Base64.
	require.Contains(t, respB64, "+")
	require.Contains(t, reqB64, "+")
}

func TestExtractRedirectQuery(t *testing.T) {
	rawQuery := "SAMLRequest=" + qe(reqB64) + "&RelayState=" + qe("https://sp.example.com/app?x=1") +
		"&SigAlg=" + qe("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256") + "&Signature=" + qe("c2ln+/==")
	u := "https://idp.example.com/sso?" + rawQuery
	got := extractOne(t, `{"startedDateTime":"2024-05-01T10:00:00.5+02:00","request":{"method":"GET","url":`+jsonString(u)+
		`,"queryString":[{"name":"SAMLRequest","value":"ignored-when-the-url-has-it"}]},"response":{"status":200}}`)
	require.Len(t, got, 1)
	m := got[0]
	assert.Equal(t, saml.BindingRedirect, m.Binding)
	assert.Equal(t, "SAMLRequest", m.Param)
	assert.Equal(t, reqB64, m.Value, "form-decoded once")
	assert.Equal(t, "https://sp.example.com/app?x=1", m.RelayState)
	assert.Equal(t, "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", m.SigAlg)
	assert.Equal(t, "c2ln+/==", m.Signature)
	assert.Equal(t, rawQuery, m.RawQuery, "raw bytes kept for the signature")
	assert.Equal(t, saml.Source{
		File:       "t.har",
		Entry:      0,
		Started:    m.Source.Started,
		StartedRaw: "2024-05-01T10:00:00.5+02:00",
		Method:     "GET",
		URL:        u,
		Status:     200,
		Param:      "SAMLRequest",
		Where:      saml.InQuery,
	}, m.Source)
	assert.Equal(t, "2024-05-01T08:00:00.5Z", m.Source.Started.UTC().Format("2006-01-02T15:04:05.999Z"))
	assert.Equal(t, []saml.Source{m.Source}, m.Sightings)
}

func TestExtractQueryStringFallback(t *testing.T) {
	// The URL lost its query; the exporter's queryString still has it,
	// Firefox-style (decoded) or Chrome-style (encoded).
	for _, v := range []string{reqB64, qe(reqB64)} {
		got := extractOne(t, `{"request":{"method":"GET","url":"https://idp.example.com/sso","queryString":[{"name":"SAMLRequest","value":`+jsonString(v)+`},{"name":"RelayState","value":"abc"}]}}`)
		require.Len(t, got, 1)
		assert.Equal(t, reqB64, got[0].Value)
		assert.Equal(t, "abc", got[0].RelayState)
		assert.Empty(t, got[0].RawQuery)
		assert.Equal(t, saml.InQuery, got[0].Source.Where)
	}
}

func TestExtractLocation(t *testing.T) {
	loc := "https://idp.example.com/sso?SAMLRequest=" + qe(reqB64) + "&RelayState=r1"
	got := extractOne(t, `{"request":{"method":"GET","url":"https://sp.example.com/login"},"response":{"status":302,
		"headers":[{"name":"Content-Type","value":"text/html"},{"name":"Location","value":`+jsonString(loc)+`}],"redirectURL":`+jsonString(loc)+`}}`)
	require.Len(t, got, 1, "Location and redirectURL are one sighting")
	m := got[0]
	assert.Equal(t, saml.BindingRedirect, m.Binding)
	assert.Equal(t, saml.InLocation, m.Source.Where)
	assert.Equal(t, loc, m.Source.Target)
	assert.Equal(t, "https://sp.example.com/login", m.Source.URL)
	assert.Equal(t, 302, m.Source.Status)
	assert.Equal(t, reqB64, m.Value)
	assert.Equal(t, "r1", m.RelayState)
	assert.Equal(t, "SAMLRequest="+qe(reqB64)+"&RelayState=r1", m.RawQuery)

	// A relative redirectURL without a Location header, resolved.
	got = extractOne(t, `{"request":{"method":"GET","url":"https://sp.example.com/a/login"},"response":{"status":303,"headers":[],"redirectURL":"/sso?SAMLResponse=abc%2B"}}`)
	require.Len(t, got, 1)
	assert.Equal(t, "https://sp.example.com/sso?SAMLResponse=abc%2B", got[0].Source.Target)
	assert.Equal(t, "abc+", got[0].Value)

	// Not a redirect: a Location header on a 200 is not a sighting.
	got = extractOne(t, `{"request":{"url":"https://sp.example.com/"},"response":{"status":200,"headers":[{"name":"Location","value":`+jsonString(loc)+`}]}}`)
	assert.Empty(t, got)
}

func TestExtractPostParams(t *testing.T) {
	tests := []struct {
		name, postData string
	}{
		{"chrome: params decoded", `{"mimeType":"application/x-www-form-urlencoded","text":"SAMLResponse=` + qe(respB64) + `&RelayState=%2Fapp","params":[{"name":"SAMLResponse","value":` + jsonString(respB64) + `},{"name":"RelayState","value":"/app"}]}`},
		{"firefox: params still URL-encoded", `{"mimeType":"application/x-www-form-urlencoded","text":"SAMLResponse=` + qe(respB64) + `&RelayState=%2Fapp","params":[{"name":"SAMLResponse","value":` + jsonString(qe(respB64)) + `},{"name":"RelayState","value":"%2Fapp"}]}`},
		{"text only, no params", `{"mimeType":"application/x-www-form-urlencoded","text":"SAMLResponse=` + qe(respB64) + `&RelayState=%2Fapp"}`},
		{"text only, charset and white space", `{"mimeType":"application/x-www-form-urlencoded; charset=UTF-8","text":"\r\nRelayState=%2Fapp&SAMLResponse=` + qe(respB64) + `\r\n","params":[]}`},
		{"text base64 encoded", `{"mimeType":"application/x-www-form-urlencoded","encoding":"base64","text":"` + b64("SAMLResponse="+qe(respB64)+"&RelayState=%2Fapp") + `"}`},
		{"params without the SAML field, text with it", `{"mimeType":"application/x-www-form-urlencoded","text":"SAMLResponse=` + qe(respB64) + `&RelayState=%2Fapp","params":[{"name":"other","value":"1"}]}`},
		{"multipart", `{"mimeType":"multipart/form-data; boundary=XyZ","text":"--XyZ\r\nContent-Disposition: form-data; name=\"SAMLResponse\"\r\n\r\n` + respB64 + `\r\n--XyZ\r\nContent-Disposition: form-data; name=\"RelayState\"\r\n\r\n/app\r\n--XyZ--\r\n"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := extractOne(t, `{"request":{"method":"POST","url":"https://sp.example.com/acs","postData":`+tt.postData+`},"response":{"status":302}}`)
			require.Len(t, got, 1)
			m := got[0]
			assert.Equal(t, saml.BindingPOST, m.Binding)
			assert.Equal(t, "SAMLResponse", m.Param)
			assert.Equal(t, respB64, m.Value)
			assert.Equal(t, "/app", m.RelayState)
			assert.Empty(t, m.RawQuery)
			assert.Equal(t, saml.InForm, m.Source.Where)
			assert.Equal(t, "https://sp.example.com/acs", m.Source.URL)
			assert.Equal(t, "POST", m.Source.Method)
			assert.Empty(t, m.Source.Target)
		})
	}
}

func TestExtractPostUnencodedPlus(t *testing.T) {
	// A body whose Base64 "+" was never URL-encoded reaches the server as
	// a space: the value is kept as the server decodes it, and the saml
	// package repairs (and reports) it.
	got := extractOne(t, `{"request":{"method":"POST","url":"https://sp/acs","postData":{"mimeType":"application/x-www-form-urlencoded","text":"SAMLResponse=`+respB64+`"}}}`)
	require.Len(t, got, 1)
	assert.Equal(t, strings.ReplaceAll(respB64, "+", " "), got[0].Value)

	// The same value in decoded params keeps its "+".
	got = extractOne(t, `{"request":{"method":"POST","url":"https://sp/acs","postData":{"mimeType":"application/x-www-form-urlencoded","params":[{"name":"SAMLResponse","value":"`+respB64+`"}]}}}`)
	require.Len(t, got, 1)
	assert.Equal(t, respB64, got[0].Value)
}

// autoPost is an IdP's auto-submit page, with character references and
// attributes in various quotings.
var autoPost = `<!DOCTYPE html>
<html><head><title>Working...</title>
<script>var decoy = '<form action="https://evil.example/"><input name="SAMLResponse" value="EVIL">';</script>
<!-- <input type="hidden" name="SAMLResponse" value="COMMENTED"> -->
</head>
<body onload="document.forms[0].submit()">
<FORM METHOD=POST ACTION='https://sp.example.com/saml/acs?tenant=a&amp;b=1'>
<input type=hidden name="SAMLResponse" value="` + strings.ReplaceAll(respB64, "+", "&#43;") + `"/>
<input type="hidden" name='RelayState' value="https://sp.example.com/app?x=1&amp;y=2">
<noscript><input type="submit" value="Continue"></noscript>
</FORM></body></html>`

func TestExtractHTMLAutoPost(t *testing.T) {
	for _, tt := range []struct{ name, content string }{
		{"plain", `{"size":1,"mimeType":"text/html; charset=utf-8","text":` + jsonString(autoPost) + `}`},
		{"base64", `{"size":1,"mimeType":"text/html","text":"` + b64(autoPost) + `","encoding":"base64"}`},
		{"no media type, sniffed", `{"size":1,"mimeType":"","text":` + jsonString(autoPost) + `}`},
		{"xhtml", `{"size":1,"mimeType":"application/xhtml+xml","text":` + jsonString(autoPost) + `}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := extractOne(t, `{"request":{"method":"POST","url":"https://idp.example.com/login"},"response":{"status":200,"content":`+tt.content+`}}`)
			require.Len(t, got, 1, "script and comment text is not a form")
			m := got[0]
			assert.Equal(t, saml.BindingPOST, m.Binding)
			assert.Equal(t, respB64, m.Value, "character references decoded")
			assert.Equal(t, "https://sp.example.com/app?x=1&y=2", m.RelayState)
			assert.Equal(t, saml.InHTML, m.Source.Where)
			assert.Equal(t, "https://sp.example.com/saml/acs?tenant=a&b=1", m.Source.Target)
			assert.Equal(t, "https://idp.example.com/login", m.Source.URL)
			assert.Equal(t, 200, m.Source.Status)
		})
	}
}

func TestExtractDecoys(t *testing.T) {
	js := `function post(v){ var f = document.createElement("form"); f.innerHTML = '<input type="hidden" name="SAMLResponse" value="' + v + '">'; }`
	tests := []struct{ name, entry string }{
		{"javascript body", `{"request":{"url":"https://idp/app.js"},"response":{"status":200,"content":{"mimeType":"application/javascript","text":` + jsonString(js) + `}}}`},
		{"javascript body base64", `{"request":{"url":"https://idp/app.js"},"response":{"status":200,"content":{"mimeType":"text/javascript","text":"` + b64(js) + `","encoding":"base64"}}}`},
		{"json body", `{"request":{"url":"https://idp/api"},"response":{"status":200,"content":{"mimeType":"application/json","text":"{\"SAMLResponse\":\"<input name=SAMLResponse value=x>\"}"}}}`},
		{"unlabelled script", `{"request":{"url":"https://idp/x"},"response":{"status":200,"content":{"mimeType":"","text":` + jsonString(js) + `}}}`},
		{"html with the form only in script", `{"request":{"url":"https://idp/x"},"response":{"status":200,"content":{"mimeType":"text/html","text":` + jsonString(`<html><script>`+js+`</script></html>`) + `}}}`},
		{"html with an empty value", `{"request":{"url":"https://idp/x"},"response":{"status":200,"content":{"mimeType":"text/html","text":"<form action=/acs><input name=SAMLResponse value=''></form>"}}}`},
		{"html without the parameter", `{"request":{"url":"https://idp/x"},"response":{"status":200,"content":{"mimeType":"text/html","text":"<form action=/acs><input name=q value=SAMLResponsez></form>"}}}`},
		{"image", `{"request":{"url":"https://idp/x.png?SAMLResponsee=1"},"response":{"status":200,"content":{"mimeType":"image/png","text":"` + b64(autoPost) + `","encoding":"base64"}}}`},
		{"broken base64 body", `{"request":{"url":"https://idp/x"},"response":{"status":200,"content":{"mimeType":"text/html","text":"<form><input name=SAMLResponse value=x></form>!!","encoding":"base64"}}}`},
		{"post body that is JSON", `{"request":{"method":"POST","url":"https://idp/x","postData":{"mimeType":"application/json","text":"{\"SAMLResponse\":\"abc\"}"}}}`},
		{"query parameter with an empty value", `{"request":{"url":"https://idp/sso?SAMLRequest=&RelayState=x"}}`},
		{"similar parameter names", `{"request":{"url":"https://idp/sso?SAMLRequestID=abc&xSAMLResponse=def"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Empty(t, extractOne(t, tt.entry))
		})
	}
}

func TestExtractHTMLForms(t *testing.T) {
	page := `<html><body>
<form id="a" action="/acs1"><input name="SAMLResponse" value="AAA"><input name="RelayState" value="r1"></form>
<form id="b"><textarea name="SAMLRequest">BB&#61;B</textarea></form>
<input name="samlresponse" value="CCC">
</body></html>`
	got := extractOne(t, `{"request":{"url":"https://idp.example.com/logout/page"},"response":{"status":200,"content":{"mimeType":"text/html","text":`+jsonString(page)+`}}}`)
	require.Len(t, got, 3)
	assert.Equal(t, "AAA", got[0].Value)
	assert.Equal(t, "r1", got[0].RelayState)
	assert.Equal(t, "https://idp.example.com/acs1", got[0].Source.Target)
	assert.Equal(t, "SAMLRequest", got[1].Param)
	assert.Equal(t, "BB=B", got[1].Value)
	assert.Empty(t, got[1].RelayState, "companions come from the same form")
	assert.Equal(t, "https://idp.example.com/logout/page", got[1].Source.Target, "no action: the page itself")
	assert.Equal(t, "samlresponse", got[2].Param, "the sender's spelling is kept")
	assert.Equal(t, "CCC", got[2].Value)
}

func TestExtractAllPlacesInOneEntry(t *testing.T) {
	// A request carrying a SAMLResponse in its body and a SAMLRequest in
	// its URL, answered by a redirect with another SAMLRequest and an HTML
	// body with a form: all four, in the documented order.
	body := `<html><form action="https://sp/acs"><input name="SAMLResponse" value="HTMLVALUE"></form></html>`
	got := extractOne(t, `{"request":{"method":"POST","url":"https://h/x?SAMLRequest=QUERYVALUE","postData":{"mimeType":"application/x-www-form-urlencoded","text":"SAMLResponse=FORMVALUE"}},
		"response":{"status":302,"headers":[{"name":"location","value":"https://idp/sso?SAMLRequest=LOCVALUE"}],"content":{"mimeType":"text/html","text":`+jsonString(body)+`}}}`)
	require.Len(t, got, 4)
	var wheres []saml.Where
	var values []string
	for _, m := range got {
		wheres = append(wheres, m.Source.Where)
		values = append(values, m.Value)
	}
	assert.Equal(t, []saml.Where{saml.InQuery, saml.InLocation, saml.InForm, saml.InHTML}, wheres)
	assert.Equal(t, []string{"QUERYVALUE", "LOCVALUE", "FORMVALUE", "HTMLVALUE"}, values)
}

func TestExtractNil(t *testing.T) {
	assert.Nil(t, Extract("t.har", nil))
	assert.Nil(t, Extract("t.har", &Entry{}))
}

func TestResolve(t *testing.T) {
	assert.Equal(t, "https://h/acs", resolve("https://h/a/b", "/acs"))
	assert.Equal(t, "https://h/a/acs", resolve("https://h/a/b", "acs"))
	assert.Equal(t, "https://o/x", resolve("https://h/a/b", "https://o/x"))
	assert.Equal(t, "/acs", resolve("not a url", "/acs"))
	assert.Equal(t, "%zz", resolve("https://h/", "%zz"))
}
