package har

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/samlcheck/samlcheck/saml"
)

// loginFlow is an SP-initiated login as Firefox exports it: the SP
// redirects to the IdP with a SAMLRequest (entries 0 and 1), the IdP
// answers the password POST with an auto-post page stored Base64 (entry
// 2), the browser posts the SAMLResponse to the ACS with params still
// URL-encoded (entry 3), and lands on the app (entry 4).
func loginFlow(htmlRelay, postRelay string) string {
	redirect := "https://idp.example.com/sso?SAMLRequest=" + qe(reqB64) + "&RelayState=token1"
	relayInput := ""
	if htmlRelay != "" {
		relayInput = `<input type="hidden" name="RelayState" value="` + htmlRelay + `"/>`
	}
	page := `<html><body onload="document.forms[0].submit()"><form method="post" action="https://sp.example.com/acs">` +
		`<input type="hidden" name="SAMLResponse" value="` + respB64 + `"/>` + relayInput + `</form></body></html>`
	post := `{"mimeType":"application/x-www-form-urlencoded","text":"SAMLResponse=` + qe(respB64) + `","params":[{"name":"SAMLResponse","value":"` + qe(respB64) + `"}]}`
	if postRelay != "" {
		post = `{"mimeType":"application/x-www-form-urlencoded","text":"SAMLResponse=` + qe(respB64) + `&RelayState=` + qe(postRelay) + `","params":[{"name":"SAMLResponse","value":"` + qe(respB64) + `"},{"name":"RelayState","value":"` + qe(postRelay) + `"}]}`
	}
	return `{"log":{"version":"1.2","creator":{"name":"Firefox","version":"125.0"},"browser":{"name":"Firefox","version":"125.0"},"pages":[],"entries":[
{"startedDateTime":"2024-05-01T10:00:00.000+02:00","time":10,"request":{"method":"GET","url":"https://sp.example.com/app","headers":[],"queryString":[],"cookies":[]},
 "response":{"status":302,"headers":[{"name":"Location","value":` + jsonString(redirect) + `}],"cookies":[],"content":{"size":0,"mimeType":"text/html"},"redirectURL":` + jsonString(redirect) + `},"cache":{},"timings":{"send":0,"wait":10,"receive":0}},
{"startedDateTime":"2024-05-01T10:00:00.100+02:00","time":10,"request":{"method":"GET","url":` + jsonString(redirect) + `,"headers":[],"queryString":[{"name":"SAMLRequest","value":` + jsonString(reqB64) + `},{"name":"RelayState","value":"token1"}],"cookies":[]},
 "response":{"status":200,"headers":[],"cookies":[],"content":{"size":20,"mimeType":"text/html","text":"<html>login</html>"},"redirectURL":""},"cache":{},"timings":{"send":0,"wait":10,"receive":0}},
{"startedDateTime":"2024-05-01T10:00:05.000+02:00","time":10,"request":{"method":"POST","url":"https://idp.example.com/login","headers":[],"queryString":[],"cookies":[],"postData":{"mimeType":"application/x-www-form-urlencoded","params":[{"name":"password","value":"SECRET"}]}},
 "response":{"status":200,"headers":[],"cookies":[],"content":{"size":900,"mimeType":"text/html; charset=utf-8","text":"` + b64(page) + `","encoding":"base64"},"redirectURL":""},"cache":{},"timings":{"send":0,"wait":10,"receive":0}},
{"startedDateTime":"2024-05-01T10:00:05.300+02:00","time":10,"request":{"method":"POST","url":"https://sp.example.com/acs","headers":[],"queryString":[],"cookies":[],"postData":` + post + `},
 "response":{"status":302,"headers":[{"name":"Location","value":"/app"}],"cookies":[],"content":{"size":0,"mimeType":"text/html"},"redirectURL":"/app"},"cache":{},"timings":{"send":0,"wait":10,"receive":0}},
{"startedDateTime":"2024-05-01T10:00:05.500+02:00","time":10,"request":{"method":"GET","url":"https://sp.example.com/app","headers":[],"queryString":[],"cookies":[]},
 "response":{"status":200,"headers":[],"cookies":[],"content":{"size":10,"mimeType":"text/html","text":"<html>hi</html>"},"redirectURL":""},"cache":{},"timings":{"send":0,"wait":10,"receive":0}}
]}}`
}

func TestScanLoginFlow(t *testing.T) {
	c, err := Scan(strings.NewReader(loginFlow("https://sp.example.com/deep", "")), "flow.har")
	require.NoError(t, err)
	assert.Equal(t, "flow.har", c.File)
	assert.Equal(t, 5, c.Entries)
	assert.Equal(t, "Firefox 125.0", c.Creator.String())
	assert.Empty(t, c.EntryErrors)
	require.Len(t, c.Messages, 2)

	req := c.Messages[0]
	assert.Equal(t, saml.BindingRedirect, req.Binding)
	assert.Equal(t, "SAMLRequest", req.Param)
	assert.Equal(t, reqB64, req.Value)
	assert.Equal(t, "token1", req.RelayState)
	assert.Equal(t, "SAMLRequest="+qe(reqB64)+"&RelayState=token1", req.RawQuery)
	require.Len(t, req.Sightings, 2, "Location header and the next request's URL")
	assert.Equal(t, req.Source, req.Sightings[0])
	assert.Equal(t, saml.InLocation, req.Sightings[0].Where)
	assert.Equal(t, 0, req.Sightings[0].Entry)
	assert.Equal(t, saml.InQuery, req.Sightings[1].Where)
	assert.Equal(t, 1, req.Sightings[1].Entry)

	resp := c.Messages[1]
	assert.Equal(t, saml.BindingPOST, resp.Binding)
	assert.Equal(t, "SAMLResponse", resp.Param)
	assert.Equal(t, respB64, resp.Value)
	assert.Equal(t, "https://sp.example.com/deep", resp.RelayState)
	require.Len(t, resp.Sightings, 2, "the auto-post page and the POST are one message")
	assert.Equal(t, saml.InHTML, resp.Sightings[0].Where)
	assert.Equal(t, 2, resp.Sightings[0].Entry)
	assert.Equal(t, "https://sp.example.com/acs", resp.Sightings[0].Target)
	assert.Equal(t, "https://idp.example.com/login", resp.Sightings[0].URL)
	assert.Equal(t, saml.InForm, resp.Sightings[1].Where)
	assert.Equal(t, 3, resp.Sightings[1].Entry)
	assert.Equal(t, "https://sp.example.com/acs", resp.Sightings[1].URL)
	assert.Equal(t, "2024-05-01T10:00:05.300+02:00", resp.Sightings[1].StartedRaw)
	assert.Equal(t, resp.Source, resp.Sightings[0])
}

func TestScanRelayStateFirstNonEmpty(t *testing.T) {
	// Only the POST has RelayState: it is taken.
	c, err := Scan(strings.NewReader(loginFlow("", "from-post")), "flow.har")
	require.NoError(t, err)
	require.Len(t, c.Messages, 2)
	assert.Equal(t, "from-post", c.Messages[1].RelayState)
	// Both have one: the first (the auto-post page's) wins.
	c, err = Scan(strings.NewReader(loginFlow("from-html", "from-post")), "flow.har")
	require.NoError(t, err)
	assert.Equal(t, "from-html", c.Messages[1].RelayState)
}

func TestScanMergesEncodingVariants(t *testing.T) {
	// The same value written four ways is one message; a different value
	// is another.
	raw := respB64 + "=="
	urlSafe := strings.NewReplacer("+", "-", "/", "_").Replace(respB64)
	wrapped := respB64[:20] + "\r\n" + respB64[20:]
	d := doc(
		`{"request":{"method":"POST","url":"https://sp/acs","postData":{"mimeType":"application/x-www-form-urlencoded","text":"SAMLResponse=`+qe(raw)+`"}}}`,
		`{"request":{"method":"POST","url":"https://sp/acs","postData":{"params":[{"name":"SAMLResponse","value":`+jsonString(urlSafe)+`}]}}}`,
		`{"request":{"method":"POST","url":"https://sp/acs","postData":{"mimeType":"application/x-www-form-urlencoded","text":"SAMLResponse=`+respB64+`"}}}`,
		`{"request":{"method":"POST","url":"https://sp/acs","postData":{"params":[{"name":"SAMLResponse","value":`+jsonString(wrapped)+`}]}}}`,
		`{"request":{"method":"POST","url":"https://sp/acs","postData":{"params":[{"name":"SAMLResponse","value":"b3RoZXI="}]}}}`,
	)
	c, err := Scan(strings.NewReader(d), "t.har")
	require.NoError(t, err)
	require.Len(t, c.Messages, 2)
	assert.Len(t, c.Messages[0].Sightings, 4)
	assert.Equal(t, raw, c.Messages[0].Value, "the first sighting's value is kept")
	assert.Len(t, c.Messages[1].Sightings, 1)
}

func TestScanEntryErrorsAndFatal(t *testing.T) {
	form := `{"request":{"method":"POST","url":"https://sp/acs","postData":{"params":[{"name":"SAMLResponse","value":"` + respB64 + `"}]}}}`
	d := doc(form, `{"request":{"headers":{}}}`, getEntry("https://x/"), form)
	c, err := Scan(strings.NewReader(d), "t.har")
	require.NoError(t, err)
	assert.Equal(t, 4, c.Entries)
	require.Len(t, c.EntryErrors, 1)
	assert.Equal(t, 1, c.EntryErrors[0].Entry)
	assert.Equal(t, "request.headers", c.EntryErrors[0].Field)
	require.Len(t, c.Messages, 1)
	assert.Len(t, c.Messages[0].Sightings, 2)

	// Truncated after the first entry: what was read is returned.
	cut := d[:strings.Index(d, `{"request":{"headers"`)+3]
	c, err = Scan(strings.NewReader(cut), "cut.har")
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrTruncated)
	assert.Contains(t, err.Error(), "har: cut.har: byte ")
	require.NotNil(t, c)
	assert.Equal(t, "test 1", c.Creator.String())
	require.Len(t, c.Messages, 1)
	assert.Equal(t, respB64, c.Messages[0].Value)
}

func TestCanonical(t *testing.T) {
	want := canonical("ab+c/d==")
	for _, v := range []string{"ab+c/d", "ab-c_d==", "ab c/d=", "ab%2Bc%2Fd%3D%3D", "ab%252Bc%252Fd", "a\r\nb+c/d==", "\tab+c/d==\n"} {
		assert.Equal(t, want, canonical(v), v)
	}
	assert.NotEqual(t, want, canonical("ab+c/e=="))
	assert.NotEqual(t, want, canonical("ab+c/d+"))
	assert.Equal(t, "100%", canonical("100%"))
}

// genHAR is an io.Reader producing a HAR of n entries on the fly, so a
// test can see how far the input had been read when an entry came out.
type genHAR struct {
	n, next int
	pending []byte
	read    int64
	done    bool
	entry   func(i int) string
}

func (g *genHAR) Read(p []byte) (int, error) {
	for len(g.pending) == 0 {
		switch {
		case g.done:
			return 0, io.EOF
		case g.next == 0 && g.read == 0 && g.pending == nil:
			g.pending = []byte(`{"log":{"version":"1.2","creator":{"name":"gen","version":"1"},"entries":[`)
			g.pending = append(g.pending, g.entry(0)...)
			g.next = 1
		case g.next < g.n:
			g.pending = append([]byte(","), g.entry(g.next)...)
			g.next++
		default:
			g.pending = []byte(`]}}`)
			g.done = true
		}
	}
	n := copy(p, g.pending)
	g.pending = g.pending[n:]
	g.read += int64(n)
	return n, nil
}

func plainEntry(i int) string {
	return fmt.Sprintf(`{"startedDateTime":"2024-05-01T10:00:00.%03dZ","time":%d.5,"request":{"method":"GET","url":"https://cdn.example.com/asset/%d.js","httpVersion":"h2","headers":[{"name":"accept","value":"*/*"}],"queryString":[],"cookies":[]},"response":{"status":200,"statusText":"OK","httpVersion":"h2","headers":[{"name":"content-type","value":"text/javascript"}],"cookies":[],"content":{"size":30,"mimeType":"text/javascript","text":"console.log('SAMLResponse');"},"redirectURL":""},"cache":{},"timings":{"send":0.1,"wait":3.2,"receive":0.4}}`, i%1000, i, i)
}

func TestScanStreams(t *testing.T) {
	const n = 20000
	form := `{"request":{"method":"POST","url":"https://sp/acs","postData":{"params":[{"name":"SAMLResponse","value":"` + respB64 + `"}]}}}`
	g := &genHAR{n: n, entry: func(i int) string {
		if i == n/2 {
			return form
		}
		return plainEntry(i)
	}}
	r := NewReader(g, "big.har")
	count := 0
	var found []saml.Encoded
	for e, err := range r.Entries() {
		require.NoError(t, err)
		if e.Index == 0 {
			assert.Less(t, g.read, int64(256<<10), "the first entry comes out before the file is read")
		}
		if e.Index == n/2 {
			assert.Less(t, g.read, int64(len(plainEntry(n))*n*3/4), "the middle entry comes out before the end")
		}
		found = append(found, Extract("big.har", e)...)
		count++
	}
	assert.Equal(t, n, count)
	require.Len(t, found, 1)
	assert.Equal(t, n/2, found[0].Source.Entry)
}

func TestScanLargeBody(t *testing.T) {
	// One entry with a ~12 MB Base64 HTML body whose form is at the end.
	var page strings.Builder
	page.WriteString("<html><body>")
	for page.Len() < 9<<20 {
		page.WriteString("<p>lorem ipsum dolor sit amet, consectetur adipiscing elit</p>\n")
	}
	page.WriteString(`<form action="https://sp/acs"><input name="SAMLResponse" value="` + respB64 + `"></form></body></html>`)
	d := doc(`{"request":{"method":"POST","url":"https://idp/login"},"response":{"status":200,"content":{"mimeType":"text/html","encoding":"base64","text":"` + b64(page.String()) + `"}}}`)
	c, err := Scan(io.MultiReader(strings.NewReader(d)), "large.har")
	require.NoError(t, err)
	require.Len(t, c.Messages, 1)
	assert.Equal(t, respB64, c.Messages[0].Value)
	assert.Equal(t, "https://sp/acs", c.Messages[0].Source.Target)
}

func BenchmarkScan(b *testing.B) {
	// ~20 MB: a login flow among thousands of ordinary entries.
	var buf bytes.Buffer
	flow := loginFlow("r", "")
	entries := flow[strings.Index(flow, `"entries":[`)+len(`"entries":[`) : strings.LastIndex(flow, "]}}")]
	buf.WriteString(`{"log":{"version":"1.2","creator":{"name":"bench","version":"1"},"entries":[`)
	for i := 0; buf.Len() < 20<<20; i++ {
		if i > 0 {
			buf.WriteByte(',')
		}
		if i%5000 == 2500 {
			buf.WriteString(entries)
			continue
		}
		buf.WriteString(plainEntry(i))
	}
	buf.WriteString(`]}}`)
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		c, err := Scan(bytes.NewReader(data), "bench.har")
		if err != nil || len(c.Messages) != 2 {
			b.Fatalf("scan: %d messages, %v", len(c.Messages), err)
		}
	}
}

func TestScanNotHAR(t *testing.T) {
	c, err := Scan(strings.NewReader(`{"log":{"version":"1.1"}}`), "x.har")
	require.Error(t, err)
	assert.Equal(t, "har: x.har: no log.entries", err.Error())
	assert.True(t, errors.Is(err, ErrNoEntries))
	require.NotNil(t, c)
	assert.Zero(t, c.Entries)
}
