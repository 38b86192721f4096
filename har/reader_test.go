package har

import (
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// chromeHAR is shaped like a Chrome DevTools export: pages first, float
// times, "_" extensions, cookies with null expires, a base64 body.
var chromeHAR = `{
  "log": {
    "version": "1.2",
    "creator": {"name": "WebInspector", "version": "537.36"},
    "pages": [{"startedDateTime": "2024-05-01T10:00:00.000Z", "id": "page_1", "title": "x", "pageTimings": {"onContentLoad": 12.5, "onLoad": null}}],
    "entries": [
      {
        "_initiator": {"type": "other", "stack": {"callFrames": []}},
        "_priority": "VeryHigh",
        "_resourceType": "document",
        "cache": {},
        "connection": "443",
        "pageref": "page_1",
        "request": {
          "method": "POST",
          "url": "https://sp.example.com/saml/acs",
          "httpVersion": "http/2.0",
          "headers": [
            {"name": ":method", "value": "POST"},
            {"name": "content-type", "value": "application/x-www-form-urlencoded"},
            {"name": "cookie", "value": "sid=SECRET-SID; lang=en"},
            {"name": "authorization", "value": "Bearer SECRET-TOKEN"}
          ],
          "queryString": [],
          "cookies": [{"name": "sid", "value": "SECRET-SID", "path": "/", "domain": "sp.example.com", "expires": null, "httpOnly": true, "secure": true}],
          "headersSize": -1,
          "bodySize": 1234,
          "postData": {
            "mimeType": "application/x-www-form-urlencoded",
            "text": "SAMLResponse=` + qe(respB64) + `&RelayState=%2Fhome",
            "params": [{"name": "SAMLResponse", "value": "` + respB64 + `"}, {"name": "RelayState", "value": "/home"}]
          }
        },
        "response": {
          "status": 302,
          "statusText": "",
          "httpVersion": "http/2.0",
          "headers": [
            {"name": "location", "value": "/home"},
            {"name": "set-cookie", "value": "sid=SECRET-NEW; Path=/; SameSite=None; Secure"}
          ],
          "cookies": [{"name": "sid", "value": "SECRET-NEW", "expires": "2024-05-02T10:00:00.000Z", "sameSite": "None"}],
          "content": {"size": 0, "mimeType": "x-unknown", "compression": 12},
          "redirectURL": "/home",
          "headersSize": -1,
          "bodySize": -1,
          "_transferSize": 300,
          "_error": null
        },
        "serverIPAddress": "192.0.2.1",
        "startedDateTime": "2024-05-01T10:00:00.123Z",
        "time": 123.456,
        "timings": {"blocked": 1.2, "dns": -1, "ssl": -1, "connect": -1, "send": 0.1, "wait": 100.5, "receive": 1.3, "_blocked_queueing": 0.9}
      },
      {
        "request": {"method": "GET", "url": "https://sp.example.com/logo.png", "httpVersion": "http/2.0", "headers": [], "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 0},
        "response": {"status": 200, "statusText": "", "httpVersion": "http/2.0", "headers": [], "cookies": [],
          "content": {"size": 4, "mimeType": "image/png", "text": "iVBORw==", "encoding": "base64"}, "redirectURL": "", "headersSize": -1, "bodySize": -1},
        "startedDateTime": "2024-05-01T10:00:01.000Z",
        "time": 5.5,
        "timings": {"blocked": -1, "dns": -1, "ssl": -1, "connect": -1, "send": 0, "wait": 5, "receive": 0.5}
      }
    ]
  }
}`

func TestReaderChrome(t *testing.T) {
	r := NewReader(strings.NewReader(chromeHAR), "chrome.har")
	var got []*Entry
	for e, err := range r.Entries() {
		require.NoError(t, err)
		got = append(got, e)
	}
	require.Len(t, got, 2)
	assert.Equal(t, "WebInspector", r.Creator().Name)
	assert.Equal(t, "537.36", r.Creator().Version)
	assert.Equal(t, "1.2", r.Creator().HARVersion)
	assert.Equal(t, "WebInspector 537.36", r.Creator().String())

	e := got[0]
	assert.Equal(t, 0, e.Index)
	assert.Equal(t, "2024-05-01T10:00:00.123Z", e.StartedDateTime)
	assert.Equal(t, time.Date(2024, 5, 1, 10, 0, 0, 123e6, time.UTC), e.Started.UTC())
	assert.InDelta(t, 123.456, e.Time, 1e-9)
	assert.Equal(t, "POST", e.Request.Method)
	assert.Equal(t, "https://sp.example.com/saml/acs", e.Request.URL)
	assert.Equal(t, "http/2.0", e.Request.HTTPVersion)
	require.NotNil(t, e.Request.PostData)
	assert.Equal(t, "application/x-www-form-urlencoded", e.Request.PostData.MimeType)
	require.Len(t, e.Request.PostData.Params, 2)
	assert.Equal(t, respB64, e.Request.PostData.Params[0].Value)
	assert.Equal(t, 302, e.Response.Status)
	assert.Equal(t, "/home", e.Response.RedirectURL)
	assert.Equal(t, "x-unknown", e.Response.Content.MimeType)

	// No secret survives: cookies are dropped, secret headers redacted.
	for _, h := range append(e.Request.Headers, e.Response.Headers...) {
		assert.NotContains(t, h.Value, "SECRET", h.Name)
	}
	assert.Equal(t, "sid=<redacted>; lang=<redacted>", e.Request.Headers[2].Value)
	assert.Equal(t, "Bearer <redacted>", e.Request.Headers[3].Value)
	assert.Equal(t, "sid=<redacted>; Path=/; SameSite=None; Secure", e.Response.Headers[1].Value)

	// An image body is dropped to save memory, and says so.
	img := got[1].Response.Content
	assert.Equal(t, "image/png", img.MimeType)
	assert.Empty(t, img.Text)
	assert.True(t, img.Omitted)
	assert.Equal(t, int64(4), img.Size)
}

func TestReaderBadEntryContinues(t *testing.T) {
	// Entry 1's request is a number, entry 2's postData is an array, entry
	// 3 is not an object at all: each is reported, and the next is read.
	d := doc(
		getEntry("https://a.example/0"),
		`{"startedDateTime":"2024-05-01T10:00:00Z","request":5,"response":{"status":200}}`,
		`{"request":{"method":"POST","url":"https://a.example/2","postData":[1,2]}}`,
		`"not an entry"`,
		getEntry("https://a.example/4"),
	)
	entries, errs, fatal := readAll(t, d)
	require.NoError(t, fatal)
	require.Len(t, entries, 2)
	assert.Equal(t, 0, entries[0].Index)
	assert.Equal(t, 4, entries[1].Index)
	assert.Equal(t, "https://a.example/4", entries[1].Request.URL)

	require.Len(t, errs, 3)
	assert.Equal(t, 1, errs[0].Entry)
	assert.Equal(t, "request", errs[0].Field)
	assert.Equal(t, "t.har", errs[0].File)
	assert.Equal(t, "har: t.har: entry 2: request: JSON number where an object was expected", errs[0].Error())
	var te *json.UnmarshalTypeError
	assert.True(t, errors.As(errs[0], &te), "EntryError unwraps to the JSON error")

	assert.Equal(t, 2, errs[1].Entry)
	assert.Equal(t, "request.postData", errs[1].Field)
	assert.Equal(t, "har: t.har: entry 3: request.postData: JSON array where an object was expected", errs[1].Error())

	assert.Equal(t, 3, errs[2].Entry)
	assert.Empty(t, errs[2].Field)
	assert.Equal(t, "har: t.har: entry 4: JSON string where an object was expected", errs[2].Error())
}

func TestReaderTruncated(t *testing.T) {
	full := doc(getEntry("https://a.example/0"), getEntry("https://a.example/1"))
	cut := full[:strings.Index(full, "https://a.example/1")+5]
	entries, _, fatal := readAll(t, cut)
	require.Len(t, entries, 1, "the entry before the damage is read")
	require.Error(t, fatal)
	var fe *FileError
	require.True(t, errors.As(fatal, &fe))
	assert.True(t, errors.Is(fatal, ErrTruncated))
	assert.Equal(t, "t.har", fe.File)
	assert.Equal(t, int64(len(cut)), fe.Offset)
	assert.Equal(t, "har: t.har: byte "+strconv.Itoa(len(cut))+": entry 2: truncated JSON (unexpected end of file)", fatal.Error())

	// Truncated between entries, and right after the opening brace.
	for _, cut := range []string{full[:strings.Index(full, `,{"startedDateTime"`)+1], `{"log":{`, `{`} {
		_, _, fatal := readAll(t, cut)
		assert.ErrorIs(t, fatal, ErrTruncated, cut)
		assert.Contains(t, fatal.Error(), "har: t.har: byte ")
	}
}

func TestReaderQuirks(t *testing.T) {
	one := getEntry("https://a.example/x")
	tests := []struct {
		name    string
		doc     string
		entries int
		check   func(t *testing.T, es []*Entry, r *Reader)
	}{
		{name: "utf-8 BOM", doc: "\xef\xbb\xbf" + doc(one), entries: 1},
		{name: "BOM and white space", doc: "\xef\xbb\xbf \r\n\t" + doc(one) + "\n", entries: 1},
		{name: "JSONP wrapper", doc: "onInputData(" + doc(one, one) + ");", entries: 2},
		{name: "JSONP with spaces and dotted name", doc: "\n window.cb ( " + doc(one) + " );\n", entries: 1},
		{name: "bare entry", doc: one, entries: 1, check: func(t *testing.T, es []*Entry, _ *Reader) {
			assert.Equal(t, 0, es[0].Index)
			assert.Equal(t, "https://a.example/x", es[0].Request.URL)
		}},
		{name: "bare entry, request last", doc: `{"serverIPAddress":"1.2.3.4","cache":{},"startedDateTime":"2015-02-22T19:28:12.136-08:00","pageref":"page_3","response":{"status":200},"request":{"url":"http://h/"}}`, entries: 1, check: func(t *testing.T, es []*Entry, _ *Reader) {
			assert.Equal(t, "http://h/", es[0].Request.URL)
			assert.Equal(t, 200, es[0].Response.Status)
		}},
		{name: "log keys in any order, creator last", doc: `{"log":{"entries":[` + one + `],"pages":[],"browser":{"name":"Firefox","version":"111.0.1"},"creator":{"name":"Firefox","version":"111.0.1"},"version":"1.2"}}`, entries: 1, check: func(t *testing.T, _ []*Entry, r *Reader) {
			assert.Equal(t, "Firefox", r.Creator().Name)
			assert.Equal(t, "Firefox", r.Creator().Browser.Name)
			assert.Equal(t, "Firefox 111.0.1", r.Creator().String())
		}},
		{name: "creator and browser differ", doc: `{"log":{"creator":{"name":"Firebug","version":"1.12"},"browser":{"name":"Firefox","version":"25.0.1"},"entries":[]}}`, entries: 0, check: func(t *testing.T, _ []*Entry, r *Reader) {
			assert.Equal(t, "Firebug 1.12 / Firefox 25.0.1", r.Creator().String())
		}},
		{name: "no pages, no creator", doc: `{"log":{"entries":[` + one + `]}}`, entries: 1},
		{name: "empty entries", doc: `{"log":{"entries":[]}}`, entries: 0},
		{name: "creator of the wrong shape is ignored", doc: `{"log":{"creator":"me","entries":[` + one + `]}}`, entries: 1},
		{name: "NaN date", doc: doc(`{"startedDateTime":"NaN-NaN-NaNTNaN:NaN:NaN.NaN+NaN:NaN","time":1,"request":{"url":"u"}}`), entries: 1, check: func(t *testing.T, es []*Entry, _ *Reader) {
			assert.Equal(t, "NaN-NaN-NaNTNaN:NaN:NaN.NaN+NaN:NaN", es[0].StartedDateTime)
			assert.True(t, es[0].Started.IsZero())
		}},
		{name: "dates with offsets, microseconds, no colon", doc: doc(
			`{"startedDateTime":"2014-01-26T18:37:43.813+01:00"}`,
			`{"startedDateTime":"2019-06-12T20:36:27.543911+00:00"}`,
			`{"startedDateTime":"2020-01-01T00:00:00.000+0000"}`,
			`{"startedDateTime":"2020-01-01T00:00:00"}`), entries: 4, check: func(t *testing.T, es []*Entry, _ *Reader) {
			assert.Equal(t, time.Date(2014, 1, 26, 17, 37, 43, 813e6, time.UTC), es[0].Started.UTC())
			assert.Equal(t, time.Date(2019, 6, 12, 20, 36, 27, 543911e3, time.UTC), es[1].Started.UTC())
			assert.Equal(t, time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), es[2].Started.UTC())
			assert.True(t, es[3].Started.IsZero(), "no zone: unknown rather than guessed")
		}},
		{name: "huge, float, string and null numbers", doc: doc(
			`{"time":63596250212317,"timings":{"receive":63596250212317},"response":{"status":"302","content":{"size":1e300}}}`,
			`{"time":"12.5","response":{"status":null,"content":{"size":-1}}}`,
			`{"time":null,"response":{"status":200.0}}`,
			`{"time":"NaN","response":{"status":true}}`,
			`{"time":1e999999}`), entries: 5, check: func(t *testing.T, es []*Entry, _ *Reader) {
			assert.InDelta(t, 63596250212317.0, es[0].Time, 0.5)
			assert.Equal(t, 302, es[0].Response.Status)
			assert.Equal(t, int64(9223372036854775807), es[0].Response.Content.Size)
			assert.InDelta(t, 12.5, es[1].Time, 1e-9)
			assert.Equal(t, 0, es[1].Response.Status)
			assert.Equal(t, int64(-1), es[1].Response.Content.Size)
			assert.Equal(t, 200, es[2].Response.Status)
			assert.Zero(t, es[3].Time)
			assert.Zero(t, es[4].Time, "an infinite time reads as 0")
		}},
		{name: "nulls and missing fields everywhere", doc: doc(
			`{"startedDateTime":null,"time":null,"request":null,"response":null,"cache":null,"timings":null}`,
			`{"request":{"method":null,"url":null,"headers":null,"queryString":null,"cookies":null,"postData":null},"response":{"headers":null,"cookies":null,"content":null,"redirectURL":null}}`,
			`{"request":{"method":"POST","url":"u","postData":{"mimeType":"application/x-www-form-urlencoded"}}}`,
			`{"request":{"method":"POST","url":"u","postData":{"mimeType":"text/plain","text":"x","params":null}}}`,
			`{"request":{"headers":[{"name":"X","value":null},{"name":5,"value":6}]}}`), entries: 5, check: func(t *testing.T, es []*Entry, _ *Reader) {
			assert.Empty(t, es[0].Request.URL)
			assert.Nil(t, es[1].Request.PostData)
			require.NotNil(t, es[2].Request.PostData)
			assert.Empty(t, es[2].Request.PostData.Text)
			assert.Empty(t, es[3].Request.PostData.Params)
			assert.Equal(t, "5", es[4].Request.Headers[1].Name)
			assert.Equal(t, "6", es[4].Request.Headers[1].Value)
		}},
		{name: "status 0, websocket messages, _error", doc: doc(
			`{"request":{"method":"GET","url":"wss://h/ws"},"response":{"status":101,"_error":null},"_resourceType":"websocket","_webSocketMessages":[{"type":"send","time":1.5,"opcode":1,"data":"SAMLResponse"}]}`,
			`{"request":{"method":"GET","url":"http://h/"},"response":{"status":0,"statusText":"","_error":"net::ERR_ABORTED","content":{"size":0,"mimeType":"x-unknown"}}}`), entries: 2, check: func(t *testing.T, es []*Entry, _ *Reader) {
			assert.Equal(t, 101, es[0].Response.Status)
			assert.Equal(t, 0, es[1].Response.Status)
		}},
		{name: "content encoding utf-8 is plain text", doc: doc(`{"response":{"status":200,"content":{"mimeType":"text/html","text":"<p>\"q\" \\ ü</p>","encoding":"utf-8"}}}`), entries: 1, check: func(t *testing.T, es []*Entry, _ *Reader) {
			body, err := es[0].Response.Content.Body()
			require.NoError(t, err)
			assert.Equal(t, `<p>"q" \ ü</p>`, string(body))
		}},
		{name: "entries null after entries", doc: `{"log":{"entries":null,"entries":[` + one + `]}}`, entries: 1},
		{name: "unknown top-level members beside log", doc: `{"comment":"x","_ext":{"a":[1,{"b":2}]},"log":{"entries":[` + one + `]},"trailer":[]}`, entries: 1},
		{name: "escapes in strings", doc: doc(`{"request":{"url":"https://h/p?a=\u0062\/c"}}`), entries: 1, check: func(t *testing.T, es []*Entry, _ *Reader) {
			assert.Equal(t, "https://h/p?a=b/c", es[0].Request.URL)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewReader(strings.NewReader(tt.doc), "t.har")
			var es []*Entry
			for e, err := range r.Entries() {
				require.NoError(t, err)
				es = append(es, e)
			}
			require.Len(t, es, tt.entries)
			for i, e := range es {
				assert.Equal(t, i, e.Index)
			}
			if tt.check != nil {
				tt.check(t, es, r)
			}
		})
	}
}

func TestReaderNegative(t *testing.T) {
	tests := []struct {
		name, doc string
		is        error
		msg       string
	}{
		{name: "empty", doc: "", is: ErrNotHAR, msg: "har: t.har: byte 0: not a HAR file: empty file"},
		{name: "only a BOM and spaces", doc: "\xef\xbb\xbf  \n", is: ErrNotHAR, msg: "har: t.har: byte 6: not a HAR file: empty file"},
		{name: "not JSON", doc: "hello world", is: ErrNotHAR, msg: "har: t.har: byte 0: not a HAR file: not JSON"},
		{name: "XML", doc: "<samlp:Response/>", msg: "har: t.har: byte 0: invalid JSON: invalid character '<' looking for beginning of value"},
		{name: "array", doc: "[1,2]", is: ErrNotHAR, msg: "har: t.har: byte 0: not a HAR file: the document is a JSON array, not an object"},
		{name: "null", doc: "null", is: ErrNotHAR, msg: "har: t.har: byte 0: not a HAR file: the document is a JSON null, not an object"},
		{name: "string", doc: `"log"`, is: ErrNotHAR},
		{name: "no log", doc: `{"version":"1.2","pages":[]}`, is: ErrNotHAR, msg: "har: t.har: not a HAR file: no log object"},
		{name: "no entries (harviewer not-valid.har)", doc: `{"log":{"version":"1.1","creator":{"name":"Firebug","version":"1.7X.0a3"},"browser":{"name":"Firefox","version":"3.6.11pre"}}}`, is: ErrNoEntries, msg: "har: t.har: no log.entries"},
		{name: "entries null", doc: `{"log":{"entries":null}}`, is: ErrNoEntries},
		{name: "log is an array (mitmproxy brokenfile.har)", doc: "{\"log\":\n[\n    2,1,3\n]\n\"request:\"}", is: ErrNotHAR, msg: "har: t.har: byte 8: not a HAR file: log is a JSON array, not an object"},
		{name: "entries is an object", doc: `{"log":{"entries":{}}}`, is: ErrNotHAR, msg: "har: t.har: byte 18: not a HAR file: log.entries is a JSON object, not an array"},
		{name: "syntax error in log (harviewer not-json.har)", doc: "{\n  \"log\":{\n    \"version\":\"1.1\"\n    xxx\n  }\n}", msg: "har: t.har: byte 36: invalid JSON: invalid character 'x' after object key:value pair"},
		{name: "syntax error inside an entry", doc: doc(getEntry("u"), `{"request":{"url":"u",,}}`), msg: ": entry 2: invalid JSON: invalid character ',' looking for beginning of object key string"},
		{name: "JSONP without parenthesis", doc: "cb {}", is: ErrNotHAR},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, fatal := readAll(t, tt.doc)
			require.Error(t, fatal)
			var fe *FileError
			require.True(t, errors.As(fatal, &fe), "%T", fatal)
			if tt.is != nil {
				assert.ErrorIs(t, fatal, tt.is)
			}
			switch {
			case strings.HasPrefix(tt.msg, ": "):
				// Where the entry starts (its first byte, or the
				// comma before it, depending on the JSON decoder).
				start := strings.LastIndex(tt.doc, `,{"request"`)
				assert.Contains(t, []string{
					"har: t.har: byte " + strconv.Itoa(start) + tt.msg,
					"har: t.har: byte " + strconv.Itoa(start+1) + tt.msg,
				}, fatal.Error())
			case tt.msg != "":
				assert.Equal(t, tt.msg, fatal.Error())
			}
		})
	}
}

func TestReaderReadError(t *testing.T) {
	boom := errors.New("disk on fire")
	d := doc(getEntry("u"), getEntry("v"))
	r := io.MultiReader(strings.NewReader(d[:100]), iotest.ErrReader(boom))
	rd := NewReader(r, "t.har")
	var last error
	for _, err := range rd.Entries() {
		last = err
	}
	require.Error(t, last)
	assert.ErrorIs(t, last, boom)
	assert.Equal(t, "har: t.har: byte 100: entry 1: read: disk on fire", last.Error())
}

func TestReaderOnce(t *testing.T) {
	r := NewReader(strings.NewReader(doc(getEntry("a"), getEntry("b"), getEntry("c"))), "t.har")
	n := 0
	for e, err := range r.Entries() {
		require.NoError(t, err)
		n++
		if e.Index == 1 {
			break // stopping early is allowed
		}
	}
	assert.Equal(t, 2, n)
	var errs []error
	for e, err := range r.Entries() {
		assert.Nil(t, e)
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], ErrReused)
}

func TestContentBody(t *testing.T) {
	c := Content{Text: b64("<html>ü</html>"), Encoding: "base64"}
	b, err := c.Body()
	require.NoError(t, err)
	assert.Equal(t, "<html>ü</html>", string(b))

	c = Content{Text: "PGh0bWw+\nPC9odG1sPg", Encoding: "BASE64"} // wrapped, unpadded
	b, err = c.Body()
	require.NoError(t, err)
	assert.Equal(t, "<html></html>", string(b))

	c = Content{Text: "not base64!", Encoding: "base64"}
	_, err = c.Body()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "har: response.content.text: ")

	c = Content{Text: "plain", Encoding: "utf-8"}
	b, err = c.Body()
	require.NoError(t, err)
	assert.Equal(t, "plain", string(b))
}

func TestRedactHeader(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"Cookie", "a=1; b=2", "a=<redacted>; b=<redacted>"},
		{"cookie", "justavalue", "<redacted>"},
		{"Set-Cookie", "s=abc; Path=/; HttpOnly; SameSite=Lax", "s=<redacted>; Path=/; HttpOnly; SameSite=Lax"},
		{"set-cookie", "a=1; Secure\nb=2; SameSite=None", "a=<redacted>; Secure\nb=<redacted>; SameSite=None"},
		{"Authorization", "Basic dXNlcjpwYXNz", "Basic <redacted>"},
		{"Proxy-Authorization", "token", "<redacted>"},
		{"Authorization", "", ""},
		{"Location", "https://h/?SAMLRequest=x", "https://h/?SAMLRequest=x"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, redactHeader(tt.name, tt.in), tt.name+": "+tt.in)
	}
}
