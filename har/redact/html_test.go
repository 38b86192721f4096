package redact

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/samlcheck/samlcheck/har"
	"github.com/samlcheck/samlcheck/saml"
)

// TestRedactHTMLAsABrowserReadsIt: the redactor reads pages with the HTML
// tokenizer, as the har reader does: unquoted values and character
// references are found, and a control written inside a script (which the
// reader does not report) is redacted all the same.
func TestRedactHTMLAsABrowserReadsIt(t *testing.T) {
	resp := base64.StdEncoding.EncodeToString([]byte(responseXML))
	page := `<html><body><FORM ACTION=https://signin.aws.amazon.com/saml METHOD=post>` +
		`<INPUT TYPE=hidden NAME=SAMLResponse VALUE=` + strings.ReplaceAll(resp, "+", "&#43;") + `>` +
		`<input name=password value=S3cret&amp;pw></FORM>` +
		`<script>var copy = '<input type="hidden" name="SAMLResponse" value="` + resp + `">';</script></body></html>`
	text, err := json.Marshal(page)
	require.NoError(t, err)
	in := `{"log":{"version":"1.2","creator":{"name":"test","version":"1"},"entries":[{"startedDateTime":"2026-11-01T10:00:05Z","request":{"method":"GET","url":"https://idp.corp.example.com/sso"},"response":{"status":200,"headers":[],"content":{"mimeType":"text/html","text":` + string(text) + `}}}]}}`
	out, _ := redactString(t, []byte(in), Options{})
	for _, secret := range []string{"S3cret", resp, strings.ReplaceAll(resp, "+", "&#43;")} {
		assert.NotContains(t, out, secret)
	}
	c, err := har.Scan(strings.NewReader(out), "redacted.har")
	require.NoError(t, err)
	require.Len(t, c.Messages, 1, "the form's SAMLResponse; the script's is no control")
	m, err := saml.Decode(c.Messages[0], nil)
	require.NoError(t, err)
	assert.NotContains(t, string(m.XML), "Alice.Smith@Corp.com")
	assert.Equal(t, "https://signin.aws.amazon.com/saml", c.Messages[0].Source.Target)
}
