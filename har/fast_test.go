package har

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/samlcheck/samlcheck/har/capture"
	"github.com/samlcheck/samlcheck/har/internal/hargen"
	"github.com/samlcheck/samlcheck/saml"
)

// captureView is what the fast and strict paths must agree on, in a form
// that compares well (times as text, errors as their messages).
type captureView struct {
	Entries      int
	Creator      string
	Messages     []messageView
	Pages        []capture.Page
	PagesDropped int
	EntryErrors  []string
	Skipped      []SkippedBody
	Fatal        string
}

type messageView struct {
	Binding, Param, Value, RelayState, SigAlg, Signature, RawQuery string
	Sightings                                                      string
}

func view(t *testing.T, c *Capture, err error) captureView {
	t.Helper()
	require.NotNil(t, c)
	v := captureView{Entries: c.Entries, Creator: c.Creator.String(), Pages: c.Pages, PagesDropped: c.PagesDropped, Skipped: c.Skipped}
	for _, m := range c.Messages {
		s, jerr := json.Marshal(m.Sightings)
		require.NoError(t, jerr)
		v.Messages = append(v.Messages, messageView{string(m.Binding), m.Param, m.Value, m.RelayState, m.SigAlg, m.Signature, m.RawQuery, string(s)})
	}
	for _, ee := range c.EntryErrors {
		v.EntryErrors = append(v.EntryErrors, ee.Error())
	}
	for i := range v.Pages {
		v.Pages[i].Source.Started = v.Pages[i].Source.Started.UTC()
	}
	for i := range v.Skipped {
		v.Skipped[i].Source.Started = v.Skipped[i].Source.Started.UTC()
	}
	if err != nil {
		v.Fatal = err.Error()
		var fe *FileError
		assert.True(t, errors.As(err, &fe), "fatal error %T is a *FileError", err)
	}
	return v
}

// keepAll keeps every page offered whose first maxText bytes (all that
// both paths promise to pass) are not all spaces.
func keepAll(maxText int) func(*Entry, []byte) bool {
	return func(_ *Entry, body []byte) bool {
		return len(bytes.TrimSpace(body[:min(len(body), maxText)])) > 0
	}
}

// sameBothWays scans data with the fast path (with the given buffer
// size) and the strict path, and requires the same results.
func sameBothWays(t *testing.T, name string, data []byte, opt ScanOptions, bufSize int, wrap func(io.Reader) io.Reader) captureView {
	t.Helper()
	if wrap == nil {
		wrap = func(r io.Reader) io.Reader { return r }
	}
	strictOpt := opt
	strictOpt.Strict = true
	sc, serr := ScanWith(wrap(bytes.NewReader(data)), name, strictOpt)
	fc, ferr := scanWith(wrap(bytes.NewReader(data)), name, opt, bufSize)
	want, got := view(t, sc, serr), view(t, fc, ferr)
	if bufSize > 0 {
		// Entries longer than the buffer cannot be handed to the strict
		// decoder: the fast path words their errors itself.
		want.Fatal, got.Fatal = fatalClass(want.Fatal), fatalClass(got.Fatal)
	}
	require.Equal(t, want, got, "fast path (buffer %d) differs from the strict path on %s", bufSize, name)
	return got
}

// fatalClass reduces a fatal error message to its kind.
func fatalClass(msg string) string {
	for _, kind := range []string{"truncated", "read:", "invalid JSON", "not a HAR file", "no log.entries"} {
		if strings.Contains(msg, kind) {
			return kind
		}
	}
	return msg
}

// scanOptionVariants are the options every differential test runs with.
func scanOptionVariants() []ScanOptions {
	return []ScanOptions{
		{},
		{KeepPage: keepAll(100), MaxText: 100, MaxPages: 3},
		{KeepPage: keepAll(capture.DefaultMaxPageText)},
		{MaxBody: 300},
	}
}

func TestFastMatchesStrictTestdata(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "testdata", "har", "*.har"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		t.Run(filepath.Base(f), func(t *testing.T) {
			for _, opt := range scanOptionVariants() {
				v := sameBothWays(t, filepath.Base(f), data, opt, 0, nil)
				if opt.MaxBody == 0 {
					assert.NotEmpty(t, v.Messages, "testdata HARs hold SAML logins")
				}
			}
			sameBothWays(t, filepath.Base(f), data, ScanOptions{KeepPage: keepAll(64), MaxText: 64}, 64, iotest.OneByteReader)
		})
	}
}

func TestFastMatchesStrictCorpus(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "har", "*", "*.har"))
	if len(files) == 0 {
		t.Skip("../shared/corpus not found: no " + filepath.Join(corpusDir, "har", "*", "*.har"))
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		rel, _ := filepath.Rel(corpusDir, f)
		t.Run(rel, func(t *testing.T) {
			variants := scanOptionVariants()
			if raceEnabled {
				variants = variants[1:2]
			}
			for _, opt := range variants {
				sameBothWays(t, filepath.Base(f), data, opt, 0, nil)
			}
			sameBothWays(t, filepath.Base(f), data, ScanOptions{KeepPage: keepAll(50), MaxText: 50}, 256, nil)
		})
	}
}

func TestFastMatchesStrictGenerated(t *testing.T) {
	size, seeds := int64(3<<20), uint64(3)
	if raceEnabled {
		size, seeds = 256<<10, 2
	}
	for seed := range seeds {
		var buf bytes.Buffer
		st, err := hargen.Write(&buf, hargen.Options{Size: size, Seed: seed, Flows: 2 + int(seed)})
		require.NoError(t, err)
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			for _, opt := range scanOptionVariants()[:3] {
				v := sameBothWays(t, "gen.har", buf.Bytes(), opt, 0, nil)
				assert.Len(t, v.Messages, st.Messages)
				assert.Equal(t, st.Entries, v.Entries)
				sightings := 0
				for _, m := range v.Messages {
					var s []json.RawMessage
					require.NoError(t, json.Unmarshal([]byte(m.Sightings), &s))
					assert.Len(t, s, 2, "each planted message is seen twice")
					sightings += len(s)
				}
				assert.Equal(t, st.Sightings, sightings)
			}
			sameBothWays(t, "gen.har", buf.Bytes(), ScanOptions{}, 4096, iotest.HalfReader)
		})
	}
	for _, kind := range []string{"video", "html", "script"} {
		var buf bytes.Buffer
		st, err := hargen.Write(&buf, hargen.Options{Size: 256 << 10, Flows: 1, Body: 3 * size / 4, BodyKind: kind})
		require.NoError(t, err)
		t.Run("one big "+kind+" body", func(t *testing.T) {
			v := sameBothWays(t, "gen.har", buf.Bytes(), ScanOptions{KeepPage: keepAll(1000), MaxText: 1000}, 0, nil)
			assert.Len(t, v.Messages, st.Messages)
			v = sameBothWays(t, "gen.har", buf.Bytes(), ScanOptions{MaxBody: size / 8}, 0, nil)
			if kind == "html" {
				require.Len(t, v.Skipped, 1, "a body over MaxBody that may be HTML is listed")
				assert.Equal(t, "response.content.text", v.Skipped[0].Field)
			} else {
				assert.Empty(t, v.Skipped, "scripts and videos are never scanned for forms")
			}
		})
	}
}

// smallDocs are HARs with quirks, SAML and errors of every kind, for the
// byte-by-byte differential tests.
func smallDocs() map[string]string {
	form := `{"request":{"method":"POST","url":"https://sp/acs","postData":{"params":[{"name":"SAMLResponse","value":"` + respB64 + `"}]}}}`
	return map[string]string{
		"chrome":          chromeHAR,
		"flow":            loginFlow("https://sp.example.com/deep", "p"),
		"errors":          doc(form, `{"request":{"headers":{}}}`, getEntry("https://x/"), `null`, `"x"`, `{"request":5}`, `{"response":{"content":[]}}`, `{"request":{"queryString":[1]}}`, form),
		"pages":           pagesHAR([3]string{"iVBORw0KGgo=", "image/png", "base64"}, [3]string{"not base64 at all!", "text/html", "base64"}, [3]string{b64(`{"message":"boom"}`), "application/json", "base64"}, [3]string{"plain é\\u00e9\\ud83d\\ude00\\ud800x", "text/plain", "utf-8"}, [3]string{"var x = 1", "application/javascript", ""}),
		"order":           doc(`{"response":{"content":{"text":"` + b64(`<html><form action="/acs"><input name="SAMLResponse" value="`+respB64+`"></form></html>`) + `","encoding":"base64","mimeType":"text/html"},"status":200},"request":{"url":"https://idp/x","method":"GET"},"startedDateTime":"2024-05-01T10:00:00Z"}`),
		"sniffed":         doc(`{"request":{"url":"https://idp/x"},"response":{"content":{"text":"\ufeff  \n<!DOCTYPE html><form action='/a'><textarea name=SAMLRequest>` + reqB64 + `</textarea></form>"}}}`),
		"dupes":           doc(`{"request":{"url":"https://a/?SAMLRequest=1","url":"https://b/?SAMLRequest=2","postData":{"text":"SAMLResponse=3"},"postData":{"mimeType":"x"}},"request":{"method":"POST"},"Response":{"status":302,"headers":[{"name":"Location","value":"/?SAMLResponse=4"}]}}`),
		"nulls":           doc(`{"request":null,"response":{"content":null,"headers":null,"status":"302"}}`, `{"request":{"postData":null,"queryString":[null,{"name":"SAMLRequest","value":"zz"}]},"response":null}`),
		"bare":            `{"startedDateTime":"2024-05-01T10:00:00Z","request":{"url":"https://idp/?SAMLRequest=abc"},"response":{"status":200}}`,
		"jsonp":           "\xef\xbb\xbfonInputData(" + doc(getEntry("https://idp/sso?SAMLRequest=abc%2B&RelayState=x")) + ");",
		"two arrays":      `{"log":{"entries":[` + getEntry("https://a/?SAMLRequest=1") + `],"creator":{"name":"x","version":"1"},"entries":[` + getEntry("https://a/?SAMLRequest=2") + `]}}`,
		"garbage between": `{"log":{"entries":[` + getEntry("u") + ` x ` + getEntry("v") + `]}}`,
		"bad escape":      doc(getEntry("u"), `{"request":{"url":"a\x"}}`),
		"bad literal":     doc(getEntry("u"), `{"time":tru,"request":{"url":"a"}}`),
		"control char":    doc(`{"request":{"url":"a` + "\x01" + `b"}}`),
		"wrong bracket":   doc(`{"request":{"url":"a"]}`),
		"unicode key":     doc(`{"request":{"\u212arl":"x","url":"https://a/?SAMLRequest=k"}}`),
		"multipart":       doc(`{"request":{"method":"POST","url":"https://sp/acs","postData":{"mimeType":"multipart/form-data; boundary=XX","text":"--XX\r\nContent-Disposition: form-data; name=\"SAMLResponse\"\r\n\r\n` + respB64 + `\r\n--XX--\r\n"}}}`),
		"b64 post":        doc(`{"request":{"method":"POST","url":"https://sp/acs","postData":{"text":"` + b64("SAMLResponse="+qe(respB64)) + `","encoding":"base64"}}}`),
		"numbers as text": doc(`{"request":{"url":5,"postData":{"text":12}},"response":{"content":{"text":true,"mimeType":"text/plain"}}}`),
	}
}

func TestFastMatchesStrictSmallDocs(t *testing.T) {
	for name, d := range smallDocs() {
		t.Run(name, func(t *testing.T) {
			for _, opt := range scanOptionVariants() {
				for _, size := range []int{0, 16, 64} {
					sameBothWays(t, "t.har", []byte(d), opt, size, nil)
				}
				sameBothWays(t, "t.har", []byte(d), opt, 0, iotest.OneByteReader)
			}
		})
	}
}

// TestFastMatchesStrictCutsAndReadErrors cuts small documents at every
// third byte, and makes their reader fail there: the fast path reports
// what the strict path reports, after the same entries.
func TestFastMatchesStrictCutsAndReadErrors(t *testing.T) {
	boom := errors.New("disk on fire")
	for _, name := range []string{"chrome", "flow", "errors", "pages", "order", "dupes", "jsonp", "two arrays"} {
		d := smallDocs()[name]
		t.Run(name, func(t *testing.T) {
			// Every third byte (every 29th with -race) keeps the test
			// quick; the offsets differ between documents, so each kind
			// of place is hit.
			step := 3
			if raceEnabled {
				step = 29
			}
			for i := 0; i <= len(d); i += step {
				sameBothWays(t, "t.har", []byte(d[:i]), ScanOptions{KeepPage: keepAll(40), MaxText: 40}, 0, nil)
				fail := func(r io.Reader) io.Reader {
					return io.MultiReader(io.LimitReader(r, int64(i)), iotest.ErrReader(boom))
				}
				sameBothWays(t, "t.har", []byte(d), ScanOptions{}, 0, fail)
				if t.Failed() {
					t.Fatalf("at byte %d of %d", i, len(d))
				}
			}
		})
	}
}

// TestFastBigEntryErrors checks what the fast path reports itself, for an
// entry too long to hand to the strict decoder.
func TestFastBigEntryErrors(t *testing.T) {
	big := strings.Repeat("A", 4096)
	entry := `{"request":{"url":"https://a/"},"response":{"content":{"mimeType":"video/mp4","encoding":"base64","text":"` + big + `"}}}`
	d := doc(getEntry("u"), entry, getEntry("v"))
	c, err := scanWith(strings.NewReader(d), "t.har", ScanOptions{}, 64)
	require.NoError(t, err)
	assert.Equal(t, 3, c.Entries)

	// Cut inside the long entry.
	cut := d[:strings.Index(d, big)+100]
	c, err = scanWith(strings.NewReader(cut), "t.har", ScanOptions{}, 64)
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrTruncated)
	assert.Equal(t, fmt.Sprintf("har: t.har: byte %d: entry 2: truncated JSON (unexpected end of file)", len(cut)), err.Error())
	assert.Equal(t, 1, c.Entries, "the entry before the cut is read")

	// A syntax error after the long body.
	bad := doc(getEntry("u"), strings.Replace(entry, `}}}`, `}}]`, 1))
	_, err = scanWith(strings.NewReader(bad), "t.har", ScanOptions{}, 64)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "entry 2: invalid JSON: invalid character ']'")

	// A field of the wrong kind after the long body.
	wrong := doc(strings.Replace(entry, `}}}`, `},"headers":{}}}`, 1), getEntry("v"))
	c, err = scanWith(strings.NewReader(wrong), "t.har", ScanOptions{}, 64)
	require.NoError(t, err)
	require.Len(t, c.EntryErrors, 1)
	assert.Equal(t, "har: t.har: entry 1: response.headers: JSON object where an array was expected", c.EntryErrors[0].Error())
	assert.Equal(t, 2, c.Entries)
}

// TestFastUnescape compares the fast path's string reading with
// encoding/json on random strings with escapes, invalid UTF-8 and
// surrogates, through buffers of every small size.
func TestFastUnescape(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"a", "é", "\\\"", "\\\\", "\\/", "\\n", "\\t", "\\b", "\\f", "\\r", "\\u00e9", "\\u0041", "\\ud83d\\ude00", "\\ud800", "\\udc00x", "\\ud800\\u0041", "\xff", "\xe2\x82", "€", "𝄞", " ", "SAMLResponse"}
	for range 400 {
		var b strings.Builder
		for range rng.IntN(20) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		raw := `"` + b.String() + `"`
		var want string
		require.NoError(t, json.Unmarshal([]byte(raw), &want), raw)
		for _, size := range []int{16, 17, 19, 23, 64} {
			s := newScanner(strings.NewReader(raw+","), 0, &fastConfig{bufSize: size, maxBody: -1})
			got, err := s.lenientString()
			require.NoError(t, err, raw)
			require.Equal(t, want, got, "%q through a %d-byte buffer", raw, size)
			c, err := s.peek()
			require.NoError(t, err)
			require.Equal(t, byte(','), c, "the whole string was consumed")
		}
		// Skipping consumes exactly the string too.
		s := newScanner(strings.NewReader(raw+","), 0, &fastConfig{bufSize: 16})
		require.NoError(t, s.skipValue())
		c, err := s.peek()
		require.NoError(t, err)
		require.Equal(t, byte(','), c)
	}
}

// repeatReader yields prefix, n bytes of unit repeated, then suffix,
// without holding them.
func repeatReader(prefix, unit string, n int64, suffix string) io.Reader {
	return io.MultiReader(strings.NewReader(prefix), io.LimitReader(&cycle{unit: unit}, n), strings.NewReader(suffix))
}

type cycle struct {
	unit string
	off  int
}

func (c *cycle) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		k := copy(p[n:], c.unit[c.off:])
		n += k
		c.off = (c.off + k) % len(c.unit)
	}
	return n, nil
}

// TestScanHugeBodyMemory scans single bodies of 200 MB (20 MB with
// -short, 8 MB with -race), streamed from a generator: what the scan
// allocates does not grow with them.
func TestScanHugeBodyMemory(t *testing.T) {
	size := int64(200 << 20)
	switch {
	case raceEnabled:
		size = 8 << 20
	case testing.Short():
		size = 20 << 20
	}
	html := strings.Repeat(`<p class=\"x\">lorem ipsum dolor sit amet, consectetur \u00e9 adipiscing</p>\n`, 64)
	acs := `{"request":{"method":"POST","url":"https://sp/acs","postData":{"mimeType":"application/x-www-form-urlencoded","text":"SAMLResponse=` + qe(respB64) + `"}}}`
	over := 0 // bodies longer than MaxBody that may be HTML are listed
	if size > DefaultMaxBody {
		over = 1
	}
	cases := []struct {
		name, mime, enc, unit string
		skipped               int
	}{
		{"html text", "text/html", "", html, over},
		{"base64 video", "video/mp4", "base64", "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0MTIz", 0},
		{"base64 of unknown type", "application/octet-stream", "base64", "PGh0bWw+PGJvZHk+bG9yZW0gaXBzdW0gZG9sb3I8L3A+", over},
		{"script", "application/javascript", "", `var s=\"SAMLResponse\";`, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			prefix := `{"log":{"entries":[` + acs + `,{"request":{"method":"GET","url":"https://a/big"},"response":{"status":200,"content":{"mimeType":"` + tc.mime + `","encoding":"` + tc.enc + `","text":"`
			suffix := `"}}},` + acs + `]}}`
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			c, err := ScanWith(repeatReader(prefix, tc.unit, size/int64(len(tc.unit))*int64(len(tc.unit)), suffix), "big.har",
				ScanOptions{KeepPage: keepAll(capture.DefaultMaxPageText)})
			runtime.ReadMemStats(&after)
			require.NoError(t, err)
			assert.Equal(t, 3, c.Entries)
			require.Len(t, c.Messages, 1)
			assert.Len(t, c.Messages[0].Sightings, 2)
			assert.Len(t, c.Skipped, tc.skipped)
			allocated := after.TotalAlloc - before.TotalAlloc
			t.Logf("%d MB body: %.1f MiB allocated", size>>20, float64(allocated)/(1<<20))
			assert.Less(t, allocated, uint64(32<<20), "allocation must not grow with the body")
		})
	}
}

func TestScanOnMessage(t *testing.T) {
	var got []string
	c, err := ScanWith(strings.NewReader(loginFlow("r", "p")), "flow.har", ScanOptions{OnMessage: func(i int, m saml.Encoded) {
		got = append(got, fmt.Sprintf("%d %s entry %d, %d sighting", i, m.Param, m.Source.Entry, len(m.Sightings)))
	}})
	require.NoError(t, err)
	assert.Equal(t, []string{"0 SAMLRequest entry 0, 1 sighting", "1 SAMLResponse entry 2, 1 sighting"}, got)
	require.Len(t, c.Messages, 2)
	assert.Len(t, c.Messages[1].Sightings, 2, "later sightings are merged into the capture")
}

func TestScanMaxBody(t *testing.T) {
	page := `<html><form action="/acs"><input name="SAMLResponse" value="` + respB64 + `"></form></html>`
	d := doc(
		`{"request":{"method":"POST","url":"https://idp/login"},"response":{"status":200,"content":{"mimeType":"text/html","text":`+jsonString(page)+`}}}`,
		`{"request":{"method":"POST","url":"https://sp/acs","postData":{"mimeType":"application/x-www-form-urlencoded","text":"SAMLResponse=`+qe(respB64)+`"}}}`,
	)
	for _, strict := range []bool{false, true} {
		c, err := ScanWith(strings.NewReader(d), "t.har", ScanOptions{MaxBody: 100, Strict: strict})
		require.NoError(t, err)
		assert.Empty(t, c.Messages, "both bodies are over the limit")
		require.Len(t, c.Skipped, 2)
		assert.Equal(t, "response.content.text", c.Skipped[0].Field)
		assert.Equal(t, 0, c.Skipped[0].Source.Entry)
		assert.Equal(t, "https://idp/login", c.Skipped[0].Source.URL)
		assert.Equal(t, "request.postData.text", c.Skipped[1].Field)
		c, err = ScanWith(strings.NewReader(d), "t.har", ScanOptions{MaxBody: -1, Strict: strict})
		require.NoError(t, err)
		assert.Len(t, c.Messages, 1)
		assert.Empty(t, c.Skipped)
	}
}

// FuzzFastMatchesStrict scans any input both ways: on valid JSON the fast
// path finds exactly what the strict path finds; on anything else it
// never panics and reports a fatal error only as a *FileError.
func FuzzFastMatchesStrict(f *testing.F) {
	for _, d := range smallDocs() {
		f.Add([]byte(d))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		opt := ScanOptions{KeepPage: keepAll(30), MaxText: 30, MaxPages: 2, MaxBody: 200}
		if !json.Valid(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))) {
			c, err := ScanWith(bytes.NewReader(data), "f.har", opt)
			view(t, c, err)
			return
		}
		sameBothWays(t, "f.har", data, opt, 0, nil)
		sameBothWays(t, "f.har", data, opt, 32, nil)
	})
}

func TestValidNumber(t *testing.T) {
	for _, n := range []string{"0", "-0", "12", "1.5", "-0.25e+10", "1E3", "63596250212317", "1e999999"} {
		assert.True(t, validNumber([]byte(n)), n)
		assert.True(t, json.Valid([]byte(n)), n)
	}
	for _, n := range []string{"-", "01", "1.", ".5", "1e", "1e+", "+1", "0x10", "1.2.3", "--1", "Infinity"} {
		assert.False(t, validNumber([]byte(n)), n)
		assert.False(t, json.Valid([]byte(n)), n)
	}
}

// TestFastWindow shows the one way the fast path reads a body unlike the
// strict path: in a body longer than 1 MiB, only the last 512 KiB or more
// before the first SAML parameter name are kept, so a form whose start is
// further away loses its action.
func TestFastWindow(t *testing.T) {
	filler := func(n int) string {
		return strings.Repeat("<p>lorem ipsum dolor sit amet</p>\n", n/34+1)
	}
	input := `<input type="hidden" name="SAMLResponse" value="` + respB64 + `">`
	page := func(lead, gap int) string {
		return `{"request":{"method":"POST","url":"https://idp/login"},"response":{"status":200,"content":{"mimeType":"text/html","text":` +
			jsonString("<html><body>"+filler(lead)+`<form method="post" action="https://sp/acs">`+filler(gap)+input+"</form></body></html>") + `}}}`
	}
	near := doc(page(1500<<10, 100<<10)) // the window is trimmed before the form starts
	v := sameBothWays(t, "w.har", []byte(near), ScanOptions{}, 0, nil)
	require.Len(t, v.Messages, 1)
	assert.Contains(t, v.Messages[0].Sightings, `"target":"https://sp/acs"`)

	far := doc(page(1<<10, 1200<<10))
	strict, err := ScanWith(strings.NewReader(far), "w.har", ScanOptions{Strict: true})
	require.NoError(t, err)
	fast, err := ScanWith(strings.NewReader(far), "w.har", ScanOptions{})
	require.NoError(t, err)
	require.Len(t, strict.Messages, 1)
	require.Len(t, fast.Messages, 1)
	assert.Equal(t, strict.Messages[0].Value, fast.Messages[0].Value, "the value is found either way")
	assert.Equal(t, "https://sp/acs", strict.Messages[0].Source.Target)
	assert.Equal(t, "https://idp/login", fast.Messages[0].Source.Target, "the form's start was dropped: the page's URL is the target")
}

// TestFastResponseHeaders checks the response headers the fast path
// keeps, whatever the order and shape of their members.
func TestFastResponseHeaders(t *testing.T) {
	d := doc(`{"request":{"url":"https://sp/x"},"response":{"status":302,"headers":[` +
		`{"value":"x","name":"Server"},{"name":" Location ","value":"https://idp/?SAMLRequest=abc"},{"value":"text/html"},null,{"name":"content-type","value":"text/html"},{"name":"Set-Cookie","value":"s=1"}]}}`)
	var got [][]string
	r := NewReader(strings.NewReader(d), "h.har")
	r.fast = &fastConfig{maxBody: -1}
	for e, err := range r.Entries() {
		require.NoError(t, err)
		for _, h := range e.Response.Headers {
			got = append(got, []string{h.Name, h.Value})
		}
	}
	assert.Equal(t, [][]string{{" Location ", "https://idp/?SAMLRequest=abc"}, {"content-type", "text/html"}}, got)
	c, err := ScanWith(strings.NewReader(d), "h.har", ScanOptions{})
	require.NoError(t, err)
	require.Len(t, c.Messages, 1)
	assert.Equal(t, "https://idp/?SAMLRequest=abc", c.Messages[0].Source.Target)
}

func TestScanKeepPagePanicReachesCaller(t *testing.T) {
	assert.PanicsWithValue(t, "boom", func() {
		_, _ = ScanWith(strings.NewReader(pagesHAR(
			[3]string{"first", "text/plain", ""},
			[3]string{"second", "text/plain", ""},
			[3]string{"third", "text/plain", ""},
		)), "p.har", ScanOptions{KeepPage: func(*Entry, []byte) bool { panic("boom") }})
	}, "a panic in KeepPage is raised again by ScanWith")
}

// TestIndexQuoteOrBackslash: the register search agrees with a byte loop
// at every position and length, for quotes, backslashes and bytes that
// differ from them by one bit or one borrow.
func TestIndexQuoteOrBackslash(t *testing.T) {
	naive := func(b []byte) int {
		for i, c := range b {
			if c == '"' || c == '\\' {
				return i
			}
		}
		return -1
	}
	fill := []byte("a#!]\\x5d\x21\x23\xa2\xdc\x00\xff")
	for n := 0; n <= 140; n++ {
		for _, c := range []byte{'"', '\\'} {
			for pos := -1; pos < n; pos++ {
				b := make([]byte, n)
				for i := range b {
					b[i] = fill[(i*7+n)%len(fill)]
					if b[i] == '"' || b[i] == '\\' {
						b[i] = 'x'
					}
				}
				if pos >= 0 {
					b[pos] = c
					if pos+3 < n {
						b[pos+3] = '"' ^ c ^ '\\' // the other one after it
					}
				}
				if got, want := indexQuoteOrBackslash(b), naive(b); got != want {
					t.Fatalf("n=%d pos=%d %q: got %d, want %d", n, pos, b, got, want)
				}
			}
		}
	}
}

// TestSkipPlain: the register search stops where a byte loop stops, for
// each bracket and quote at every position, and not at the bytes that
// differ from them by the 0x20 bit alone or by one.
func TestSkipPlain(t *testing.T) {
	naive := func(b []byte) int {
		for i, c := range b {
			switch c {
			case '"', '{', '[', '}', ']':
				return i
			}
		}
		return len(b)
	}
	near := []byte{0x02, 0x3b, 0x3d, 0x5c, 0x5e, 0x7a, 0x7c, 0x7e, 0xfb, 0xfd, 0xa2, 'a', ' ', 0x00, 0xff}
	for n := 0; n <= 40; n++ {
		for _, c := range []byte{'"', '{', '[', '}', ']'} {
			for pos := -1; pos < n; pos++ {
				b := make([]byte, n)
				for i := range b {
					b[i] = near[(i*5+n)%len(near)]
				}
				if pos >= 0 {
					b[pos] = c
				}
				if got, want := skipPlain(b), naive(b); got != want {
					t.Fatalf("n=%d pos=%d %q: got %d, want %d", n, pos, b, got, want)
				}
			}
		}
	}
}
