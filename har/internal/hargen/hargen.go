// Package hargen writes realistic Chrome-style HAR files of any size, for
// benchmarks and for tests of the har package's streaming scanner.
//
// The output is shaped like a Chrome DevTools export: 2-space indentation,
// _initiator stacks, float timings, request cookies with "expires": null,
// HTTP/2 pseudo-headers. About 70 % of its bytes are Base64 response
// bodies (images, fonts and multi-megabyte video segments) and about 30 %
// JSON-escaped text (JavaScript, CSS, JSON and HTML, with many \"). A few
// SAML logins are planted at even intervals: the service provider's 302
// with a SAMLRequest in its Location header, the IdP's Redirect-binding
// GET, the IdP's auto-post page (the first one stored with "encoding":
// "base64"), and the browser's POST to the ACS with both postData.text and
// URL-encoded params. Decoys mention SAMLResponse in scripts, JSON and
// script elements of HTML pages without carrying a message.
//
// [Write] streams: it never holds the file, only a few megabytes of text
// and random pools. The output is deterministic for a given [Options].
// [Stats] says how many SAML messages and sightings a reader must find.
package hargen

import (
	"bufio"
	"bytes"
	"compress/flate"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Options says what [Write] generates.
type Options struct {
	// Size is the target file size in bytes. The file ends at the first
	// entry boundary after it, and holds at least the SAML flows.
	Size int64
	// Seed makes the output deterministic: the same Options give the same
	// bytes.
	Seed uint64
	// Flows is the number of SAML logins planted; 0 means 3 plus one per
	// 128 MiB of Size.
	Flows int
	// Body, when positive, adds one entry whose response body is Body
	// bytes long (as written in the file), in the middle of the flows.
	Body int64
	// BodyKind is the kind of that body: "video" (Base64, video/mp4, the
	// default), "html" (JSON-escaped text/html without any form) or
	// "script" (JSON-escaped JavaScript that mentions SAMLResponse).
	BodyKind string
	// Mix is the make-up of the entries besides the SAML flows: one of
	// [Mixes]. "" is "chrome".
	Mix string
}

// Mixes are the make-ups [Options.Mix] accepts:
//   - chrome: a Chrome export of a web app: ~70 % of body bytes Base64
//     (video segments, images, fonts), ~30 % JSON-escaped text;
//   - js: almost all bytes JSON-escaped minified JavaScript;
//   - video: almost all bytes Base64 video segments;
//   - html: HTML pages of 20 to 180 KB full of the words error pages use
//     ("unexpected", "error", "occurred", "denied", "invalid", ...),
//     scattered so that no page shows a whole error phrase;
//   - json: a JSON API: small XHR responses and JSON POST bodies;
//   - giant: one body (of [Options.BodyKind]) of seven eighths of the size,
//     unless [Options.Body] is set, after the first flow;
//   - tiny: many small entries without bodies, headers or cookies.
var Mixes = []string{"chrome", "js", "video", "html", "json", "giant", "tiny"}

// Stats describes what [Write] wrote.
type Stats struct {
	// Bytes is the file size.
	Bytes int64
	// Entries is the number of entries in log.entries.
	Entries int
	// Flows is the number of SAML logins planted.
	Flows int
	// Messages is the number of distinct SAML messages planted: Requests
	// plus Responses.
	Messages int
	// Requests is the number of AuthnRequests planted.
	Requests int
	// Responses is the number of Responses planted.
	Responses int
	// Sightings is the number of places those messages appear: each
	// AuthnRequest in a Location header and in the next request's query,
	// each Response in an auto-post page and in the POST to the ACS.
	Sightings int
	// Base64Bytes and TextBytes are the bytes of response body text
	// written Base64-encoded and as JSON-escaped text.
	Base64Bytes, TextBytes int64
	// Decoys is the number of bodies that mention SAMLResponse or
	// SAMLRequest without carrying a message.
	Decoys int
}

// String returns the stats as "key=value" pairs, one line, for scripts.
func (s Stats) String() string {
	return fmt.Sprintf("bytes=%d entries=%d flows=%d messages=%d requests=%d responses=%d sightings=%d base64=%d text=%d decoys=%d",
		s.Bytes, s.Entries, s.Flows, s.Messages, s.Requests, s.Responses, s.Sightings, s.Base64Bytes, s.TextBytes, s.Decoys)
}

// Write writes one HAR document to w and reports what it holds.
func Write(w io.Writer, opt Options) (Stats, error) {
	if opt.Size < 0 || opt.Body < 0 || opt.Flows < 0 {
		return Stats{}, errors.New("hargen: negative size, body or flows")
	}
	switch opt.BodyKind {
	case "", "video", "html", "script":
	default:
		return Stats{}, fmt.Errorf("hargen: unknown body kind %q (want video, html or script)", opt.BodyKind)
	}
	if opt.Mix == "" {
		opt.Mix = "chrome"
	}
	if !slices.Contains(Mixes, opt.Mix) {
		return Stats{}, fmt.Errorf("hargen: unknown mix %q (want one of %s)", opt.Mix, strings.Join(Mixes, ", "))
	}
	if opt.Mix == "giant" && opt.Body == 0 {
		opt.Body = max(opt.Size/8*7, 1)
	}
	g := newGen(w, opt)
	g.write()
	if err := g.out.Flush(); err != nil && g.err == nil {
		g.err = err
	}
	g.stats.Bytes = g.cw.n
	if g.err != nil {
		return g.stats, fmt.Errorf("hargen: %w", g.err)
	}
	return g.stats, nil
}

// countWriter counts bytes and keeps the first error.
type countWriter struct {
	w   io.Writer
	n   int64
	err error
}

func (c *countWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(p)
	c.n += int64(n)
	c.err = err
	return n, err
}

// gen is one run of the generator.
type gen struct {
	opt   Options
	cw    *countWriter
	out   *bufio.Writer
	rng   *rand.Rand
	stats Stats
	err   error

	random []byte     // pool of random bytes for binary bodies
	texts  [5]textSet // JS, CSS, JSON, HTML, error-word HTML: JSON-escaped pools
	clock  time.Time  // startedDateTime of the next entry
	nextID int        // request id, for URLs and connection numbers
}

// The text kinds, indexes into gen.texts.
const (
	kindJS = iota
	kindCSS
	kindJSON
	kindHTML
	kindErrHTML
)

// textSet is a JSON-escaped text pool and the offsets at which it can be
// cut without splitting an escape sequence.
type textSet struct {
	mime string
	esc  []byte
	cuts []int
}

const indentUnit = "  "

func newGen(w io.Writer, opt Options) *gen {
	cw := &countWriter{w: w}
	g := &gen{
		opt:   opt,
		cw:    cw,
		out:   bufio.NewWriterSize(cw, 256<<10),
		rng:   rand.New(rand.NewPCG(opt.Seed, 0x5a4d4c)),
		clock: time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC),
	}
	var seed [32]byte
	for i := range 4 {
		v := g.rng.Uint64()
		for j := range 8 {
			seed[i*8+j] = byte(v >> (8 * j))
		}
	}
	g.random = make([]byte, 4<<20)
	_, _ = rand.NewChaCha8(seed).Read(g.random)
	g.texts[kindJS] = g.textPool("application/javascript", 512<<10, g.jsLine)
	g.texts[kindCSS] = g.textPool("text/css", 128<<10, g.cssLine)
	g.texts[kindJSON] = g.textPool("application/json", 128<<10, g.jsonLine)
	g.texts[kindHTML] = g.textPool("text/html", 256<<10, g.htmlLine)
	if opt.Mix == "html" {
		g.texts[kindErrHTML] = g.textPool("text/html; charset=utf-8", 512<<10, g.errHTMLLine)
	}
	return g
}

func (g *gen) raw(s string) {
	if g.err == nil {
		_, g.err = g.out.WriteString(s)
	}
}

func (g *gen) rawBytes(b []byte) {
	if g.err == nil {
		_, g.err = g.out.Write(b)
	}
}

// line writes one indented line.
func (g *gen) line(depth int, s string) {
	for range depth {
		g.raw(indentUnit)
	}
	g.raw(s)
	g.raw("\n")
}

// q quotes s as a JSON string.
func q(s string) string {
	var b strings.Builder
	writeJSONString(&b, s)
	return b.String()
}

// writeJSONString writes s quoted and escaped as JSON.stringify does.
func writeJSONString(b *strings.Builder, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if c < 0x20 {
				fmt.Fprintf(b, `\u%04x`, c)
				continue
			}
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
}

// textPool builds a pool of about size bytes of text from lines, escaped.
func (g *gen) textPool(mime string, size int, line func() string) textSet {
	var b strings.Builder
	ts := textSet{mime: mime}
	for b.Len() < size {
		l := line()
		var e strings.Builder
		writeJSONString(&e, l+"\n")
		s := e.String()
		b.WriteString(s[1 : len(s)-1])
		ts.cuts = append(ts.cuts, b.Len())
	}
	ts.esc = []byte(b.String())
	return ts
}

var (
	jsIdents = []string{"e", "t", "n", "r", "o", "i", "a", "s", "u", "c", "l", "f", "d", "p", "h", "m", "g", "v", "y", "b", "exports", "module", "window", "document", "props", "state", "children", "className", "onClick", "useEffect", "useState", "createElement", "Object", "Array", "Promise", "fetch", "JSON", "require", "__webpack_require__", "console"}
	jsWords  = []string{"data-testid", "aria-label", "button", "container", "Loading…", "Sign in", "Continue", "Cancel", "error", "warning", "https://app.example.com/api/v2/", "/static/media/logo.svg", "application/json", "Content-Type", "Authorization", "X-Requested-With", "click", "submit", "keydown", "Érable", "naïve", "→", "…", "日本語", "Ünïcödé"}
	cssProps = []string{"color", "background", "margin", "padding", "display", "font-family", "border-radius", "box-shadow", "transition", "grid-template-columns", "content", "background-image"}
	tags     = []string{"div", "span", "p", "a", "li", "section", "article", "button", "h2", "img"}
	lorem    = strings.Fields("lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris")
)

func (g *gen) pick(list []string) string { return list[g.rng.IntN(len(list))] }

func (g *gen) words(n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = g.pick(lorem)
	}
	return strings.Join(w, " ")
}

// jsLine is a line of minified JavaScript, with many double quotes.
func (g *gen) jsLine() string {
	var b strings.Builder
	for b.Len() < 120+g.rng.IntN(400) {
		switch g.rng.IntN(8) {
		case 0:
			fmt.Fprintf(&b, `function %s(%s,%s){return %s&&%s.__esModule?%s:{default:%s}}`, g.pick(jsIdents), g.pick(jsIdents), g.pick(jsIdents), g.pick(jsIdents), g.pick(jsIdents), g.pick(jsIdents), g.pick(jsIdents))
		case 1:
			fmt.Fprintf(&b, `var %s="%s",%s='%s';`, g.pick(jsIdents), g.pick(jsWords), g.pick(jsIdents), g.pick(jsWords))
		case 2:
			fmt.Fprintf(&b, `%s.createElement("%s",{className:"%s-%d","%s":"%s"},"%s");`, g.pick(jsIdents), g.pick(tags), g.pick(jsIdents), g.rng.IntN(999), g.pick(jsWords), g.pick(jsWords), g.words(3))
		case 3:
			fmt.Fprintf(&b, `if(%s[%d]!==void 0){%s.push({"id":%d,"label":"%s"})}`, g.pick(jsIdents), g.rng.IntN(64), g.pick(jsIdents), g.rng.IntN(1e6), g.pick(jsWords))
		case 4:
			fmt.Fprintf(&b, `%s=%s.replace(/\\s+/g," ").split("\\n");`, g.pick(jsIdents), g.pick(jsIdents))
		case 5:
			fmt.Fprintf(&b, "\t%s.on(\"%s\",function(){%s(\"%s\")});", g.pick(jsIdents), g.pick(jsWords), g.pick(jsIdents), g.words(2))
		case 6:
			fmt.Fprintf(&b, `throw new Error("Unexpected token \"%s\" at %d");`, g.pick(jsIdents), g.rng.IntN(1e4))
		default:
			fmt.Fprintf(&b, `%s.%s=%d.%d;`, g.pick(jsIdents), g.pick(jsIdents), g.rng.IntN(1000), g.rng.IntN(1000))
		}
	}
	return b.String()
}

func (g *gen) cssLine() string {
	var b strings.Builder
	fmt.Fprintf(&b, `.%s-%d > %s:hover{`, g.pick(jsIdents), g.rng.IntN(500), g.pick(tags))
	for range 2 + g.rng.IntN(6) {
		p := g.pick(cssProps)
		switch p {
		case "content":
			fmt.Fprintf(&b, `content:"%s";`, g.pick(jsWords))
		case "background-image":
			fmt.Fprintf(&b, `background-image:url("/static/media/img-%d.png");`, g.rng.IntN(99))
		case "font-family":
			b.WriteString(`font-family:"Amazon Ember","Helvetica Neue",Roboto,Arial,sans-serif;`)
		default:
			fmt.Fprintf(&b, `%s:%dpx;`, p, g.rng.IntN(40))
		}
	}
	b.WriteString("}")
	return b.String()
}

func (g *gen) jsonLine() string {
	return fmt.Sprintf(`{"id":%d,"name":"%s","description":"%s","tags":["%s","%s"],"price":%d.%02d,"active":%t,"owner":{"id":"u-%d","display":"%s"}},`,
		g.rng.IntN(1e7), g.pick(jsWords), g.words(6), g.pick(lorem), g.pick(lorem), g.rng.IntN(999), g.rng.IntN(100), g.rng.IntN(2) == 0, g.rng.IntN(1e5), g.pick(jsWords))
}

func (g *gen) htmlLine() string {
	t := g.pick(tags)
	switch g.rng.IntN(4) {
	case 0:
		return fmt.Sprintf(`<%s class="c-%d" data-id="%d"><a href="/docs/%s?ref=nav&amp;x=%d">%s</a></%s>`, t, g.rng.IntN(99), g.rng.IntN(1e5), g.pick(lorem), g.rng.IntN(9), g.words(4), t)
	case 1:
		return fmt.Sprintf(`<img src="/static/media/p-%d.webp" alt="%s" width="%d" height="%d">`, g.rng.IntN(999), g.words(3), g.rng.IntN(800), g.rng.IntN(600))
	case 2:
		return fmt.Sprintf(`<p>%s &mdash; %s</p>`, g.words(12), g.pick(jsWords))
	default:
		return fmt.Sprintf(`<%s>%s</%s>`, t, g.words(6), t)
	}
}

// errorWords are words of the phrases error pages show (checks'
// errorSigns), which an HTML-heavy capture's pages use in other orders.
var errorWords = strings.Fields("an unexpected error has occurred the request was not valid and could not be processed access denied please contact your account administrator invalid session token found or mfa credentials it's you us sign in failed")

// errHTMLLine is a line of an application page that uses error-page
// words in its text, navigation and scripts, never a whole phrase in order.
func (g *gen) errHTMLLine() string {
	ws := make([]string, 10)
	for i := range ws {
		if i%2 == 0 {
			ws[i] = g.pick(errorWords)
		} else {
			ws[i] = g.pick(lorem)
		}
	}
	t := g.pick(tags)
	switch g.rng.IntN(5) {
	case 0:
		return fmt.Sprintf(`<div class="alert alert-%s" role="status"><span>%s</span></div>`, g.pick(lorem), strings.Join(ws, " "))
	case 1:
		return fmt.Sprintf(`<script>window.__i18n={"%s":"%s","%s":"%s"};</script>`, g.pick(errorWords), strings.Join(ws[:5], " "), g.pick(errorWords), strings.Join(ws[5:], " "))
	case 2:
		return fmt.Sprintf(`<li><a href="/help/%s-%s?ref=nav&amp;x=%d">%s</a></li>`, g.pick(errorWords), g.pick(errorWords), g.rng.IntN(9), strings.Join(ws[:4], " "))
	default:
		return fmt.Sprintf(`<%s>%s %s</%s>`, t, strings.Join(ws, " "), g.words(8), t)
	}
}

// write writes the whole document.
func (g *gen) write() {
	flows := g.opt.Flows
	if flows == 0 {
		flows = 3 + int(g.opt.Size/(128<<20))
	}
	g.stats.Flows = flows
	g.raw("{\n  \"log\": {\n    \"version\": \"1.2\",\n    \"creator\": {\n      \"name\": \"WebInspector\",\n      \"version\": \"537.36\"\n    },\n")
	g.raw("    \"pages\": [\n      {\n        \"startedDateTime\": " + q(g.stamp()) + ",\n        \"id\": \"page_1\",\n        \"title\": \"https://app.example.com/\",\n        \"pageTimings\": {\n          \"onContentLoad\": 812.345,\n          \"onLoad\": null\n        }\n      }\n    ],\n")
	g.raw("    \"entries\": [")
	planted, bodyDone := 0, g.opt.Body == 0
	for g.err == nil {
		// Plant flow k once (k+0.5)/flows of the target size is written.
		if planted < flows && g.cw.n+int64(g.out.Buffered()) >= int64(float64(g.opt.Size)*(float64(planted)+0.5)/float64(flows)) {
			g.flow(planted)
			planted++
			continue
		}
		// The body comes in the middle of the flows; a giant one after the
		// first, so that the file stays near its size.
		if !bodyDone && (planted >= (flows+1)/2 || (g.opt.Mix == "giant" && planted >= 1)) {
			g.bigBody()
			bodyDone = true
			continue
		}
		if planted >= flows && bodyDone && g.cw.n+int64(g.out.Buffered()) >= g.opt.Size {
			break
		}
		g.ordinary()
	}
	g.raw("\n    ]\n  }\n}\n")
}

// stamp returns the next startedDateTime and advances the clock.
func (g *gen) stamp() string {
	s := g.clock.Format("2006-01-02T15:04:05.000Z")
	g.clock = g.clock.Add(time.Duration(1+g.rng.IntN(40)) * time.Millisecond)
	return s
}

// ms is a Chrome-style float duration.
func (g *gen) ms(max int) string {
	return strconv.FormatFloat(float64(g.rng.IntN(max*1000))/1000+0.001, 'f', 3, 64)
}

// entry is the variable part of one HAR entry.
type entry struct {
	method, url, resourceType string
	reqHeaders                []nv
	query                     []nv
	post                      *post
	status                    int
	respHeaders               []nv
	mime                      string
	bodyLen                   int64 // bytes of content.text as written
	body                      func()
	base64                    bool
	redirectURL               string
	bare                      bool // no _initiator stack and no cookies
}

type nv struct{ name, value string }

type post struct {
	mime, text string
	params     []nv
}

func (g *gen) beginEntry() {
	if g.stats.Entries > 0 {
		g.raw(",")
	}
	g.raw("\n")
	g.stats.Entries++
	g.nextID++
}

// writeEntry writes one entry in Chrome's member order.
func (g *gen) writeEntry(e entry) {
	g.beginEntry()
	d := 3
	g.line(d, "{")
	if e.bare {
		g.initiator(d+1, "document") // type "other"
	} else {
		g.initiator(d+1, e.resourceType)
	}
	g.line(d+1, `"_priority": "`+g.pick([]string{"VeryHigh", "High", "Medium", "Low"})+`",`)
	g.line(d+1, `"_resourceType": "`+e.resourceType+`",`)
	g.line(d+1, `"cache": {},`)
	g.line(d+1, `"connection": "`+strconv.Itoa(10000+g.nextID%997)+`",`)
	g.line(d+1, `"pageref": "page_1",`)
	// request
	g.line(d+1, `"request": {`)
	g.line(d+2, `"method": `+q(e.method)+`,`)
	g.line(d+2, `"url": `+q(e.url)+`,`)
	g.line(d+2, `"httpVersion": "http/2.0",`)
	g.headers(d+2, "headers", e.reqHeaders, true)
	g.headers(d+2, "queryString", e.query, true)
	if e.bare {
		g.line(d+2, `"cookies": [],`)
	} else {
		g.cookies(d + 2)
	}
	g.line(d+2, `"headersSize": -1,`)
	if e.post == nil {
		g.line(d+2, `"bodySize": 0`)
	} else {
		g.line(d+2, `"bodySize": `+strconv.Itoa(len(e.post.text))+`,`)
		g.line(d+2, `"postData": {`)
		g.line(d+3, `"mimeType": `+q(e.post.mime)+`,`)
		if e.post.params == nil {
			g.line(d+3, `"text": `+q(e.post.text))
		} else {
			g.line(d+3, `"text": `+q(e.post.text)+`,`)
			g.headers(d+3, "params", e.post.params, false)
		}
		g.line(d+2, "}")
	}
	g.line(d+1, "},")
	// response
	g.line(d+1, `"response": {`)
	g.line(d+2, `"status": `+strconv.Itoa(e.status)+`,`)
	g.line(d+2, `"statusText": "",`)
	g.line(d+2, `"httpVersion": "http/2.0",`)
	g.headers(d+2, "headers", e.respHeaders, true)
	g.line(d+2, `"cookies": [],`)
	g.line(d+2, `"content": {`)
	g.line(d+3, `"size": `+strconv.FormatInt(e.bodyLen*3/4, 10)+`,`)
	if e.body == nil {
		g.line(d+3, `"mimeType": `+q(e.mime))
	} else {
		g.line(d+3, `"mimeType": `+q(e.mime)+`,`)
		if g.rng.IntN(2) == 0 {
			g.line(d+3, `"compression": `+strconv.Itoa(g.rng.IntN(5000))+`,`)
		}
		for range d + 3 {
			g.raw(indentUnit)
		}
		g.raw(`"text": "`)
		e.body()
		if e.base64 {
			g.raw("\",\n")
			g.line(d+3, `"encoding": "base64"`)
			g.stats.Base64Bytes += e.bodyLen
		} else {
			g.raw("\"\n")
			g.stats.TextBytes += e.bodyLen
		}
	}
	g.line(d+2, "},")
	g.line(d+2, `"redirectURL": `+q(e.redirectURL)+`,`)
	g.line(d+2, `"headersSize": -1,`)
	g.line(d+2, `"bodySize": -1,`)
	g.line(d+2, `"_transferSize": `+strconv.FormatInt(e.bodyLen/2+300, 10)+`,`)
	g.line(d+2, `"_error": null,`)
	g.line(d+2, `"_fetchedViaServiceWorker": false`)
	g.line(d+1, "},")
	g.line(d+1, `"serverIPAddress": "203.0.113.`+strconv.Itoa(1+g.nextID%250)+`",`)
	g.line(d+1, `"startedDateTime": `+q(g.stamp())+`,`)
	g.line(d+1, `"time": `+g.ms(900)+`,`)
	g.line(d+1, `"timings": {`)
	for _, k := range []string{"blocked", "dns", "ssl", "connect", "send", "wait", "receive"} {
		v := g.ms(80)
		if k == "dns" || k == "ssl" || k == "connect" {
			v = "-1"
		}
		g.line(d+2, `"`+k+`": `+v+`,`)
	}
	g.line(d+2, `"_blocked_queueing": `+g.ms(5)+`,`)
	g.line(d+2, `"_workerStart": -1,`)
	g.line(d+2, `"_workerReady": -1`)
	g.line(d+1, "}")
	for range d {
		g.raw(indentUnit)
	}
	g.raw("}")
}

// initiator writes an _initiator member: a script stack, the parser, or
// other.
func (g *gen) initiator(d int, resourceType string) {
	switch {
	case resourceType == "document":
		g.line(d, `"_initiator": {`)
		g.line(d+1, `"type": "other"`)
		g.line(d, "},")
	case g.rng.IntN(3) == 0:
		g.line(d, `"_initiator": {`)
		g.line(d+1, `"type": "parser",`)
		g.line(d+1, `"url": "https://app.example.com/",`)
		g.line(d+1, `"lineNumber": `+strconv.Itoa(g.rng.IntN(300)))
		g.line(d, "},")
	default:
		g.line(d, `"_initiator": {`)
		g.line(d+1, `"type": "script",`)
		g.line(d+1, `"stack": {`)
		g.line(d+2, `"callFrames": [`)
		n := 1 + g.rng.IntN(12)
		for i := range n {
			g.line(d+3, "{")
			g.line(d+4, `"functionName": `+q(g.pick(jsIdents))+`,`)
			g.line(d+4, `"scriptId": "`+strconv.Itoa(10+g.rng.IntN(90))+`",`)
			g.line(d+4, `"url": "https://app.example.com/static/js/main.`+strconv.FormatUint(g.rng.Uint64()>>36, 16)+`.js",`)
			g.line(d+4, `"lineNumber": `+strconv.Itoa(g.rng.IntN(3))+`,`)
			g.line(d+4, `"columnNumber": `+strconv.Itoa(g.rng.IntN(400000)))
			if i < n-1 {
				g.line(d+3, "},")
			} else {
				g.line(d+3, "}")
			}
		}
		g.line(d+2, "]")
		g.line(d+1, "}")
		g.line(d, "},")
	}
}

// headers writes an array of name/value objects.
func (g *gen) headers(d int, key string, list []nv, comma bool) {
	end := "]"
	if comma {
		end = "],"
	}
	if len(list) == 0 {
		g.line(d, `"`+key+`": []`+end[1:])
		return
	}
	g.line(d, `"`+key+`": [`)
	for i, h := range list {
		g.line(d+1, "{")
		g.line(d+2, `"name": `+q(h.name)+`,`)
		g.line(d+2, `"value": `+q(h.value))
		if i < len(list)-1 {
			g.line(d+1, "},")
		} else {
			g.line(d+1, "}")
		}
	}
	g.line(d, end)
}

// cookies writes request cookies as Chrome does, with "expires": null.
func (g *gen) cookies(d int) {
	g.line(d, `"cookies": [`)
	names := []string{"session-id", "csrf-token", "lang"}
	for i, n := range names {
		g.line(d+1, "{")
		g.line(d+2, `"name": "`+n+`",`)
		g.line(d+2, `"value": "`+strconv.FormatUint(g.rng.Uint64(), 36)+`",`)
		g.line(d+2, `"path": "/",`)
		g.line(d+2, `"domain": ".example.com",`)
		g.line(d+2, `"expires": null,`)
		g.line(d+2, `"httpOnly": true,`)
		g.line(d+2, `"secure": true,`)
		g.line(d+2, `"sameSite": "Lax"`)
		if i < len(names)-1 {
			g.line(d+1, "},")
		} else {
			g.line(d+1, "}")
		}
	}
	g.line(d, "],")
}

func (g *gen) requestHeaders(u, accept string) []nv {
	p, _ := url.Parse(u)
	path := "/"
	host := "app.example.com"
	if p != nil {
		path, host = p.RequestURI(), p.Host
	}
	return []nv{
		{":authority", host}, {":method", "GET"}, {":path", path}, {":scheme", "https"},
		{"accept", accept}, {"accept-encoding", "gzip, deflate, br, zstd"}, {"accept-language", "en-US,en;q=0.9"},
		{"cookie", "session-id=" + strconv.FormatUint(g.rng.Uint64(), 36) + "; lang=en"},
		{"referer", "https://app.example.com/"},
		{"sec-ch-ua", `"Chromium";v="124", "Google Chrome";v="124", "Not-A.Brand";v="99"`},
		{"sec-fetch-dest", "empty"}, {"sec-fetch-mode", "cors"},
		{"user-agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"},
	}
}

func (g *gen) responseHeaders(mime string, n int64) []nv {
	return []nv{
		{"cache-control", "public, max-age=31536000, immutable"},
		{"content-length", strconv.FormatInt(n, 10)},
		{"content-type", mime},
		{"date", "Wed, 01 May 2024 10:00:00 GMT"},
		{"etag", `"` + strconv.FormatUint(g.rng.Uint64(), 16) + `"`},
		{"server", "AmazonS3"},
		{"strict-transport-security", "max-age=63072000; includeSubDomains; preload"},
		{"vary", "Accept-Encoding"},
		{"via", "1.1 " + strconv.FormatUint(g.rng.Uint64()>>20, 16) + ".cloudfront.net (CloudFront)"},
		{"x-amz-cf-id", strconv.FormatUint(g.rng.Uint64(), 36) + strconv.FormatUint(g.rng.Uint64(), 36)},
	}
}

// ordinary writes one entry that carries no SAML: ~70 % of body bytes
// are Base64 (video segments, images, fonts), ~30 % JSON-escaped text;
// three entries in ten have no body at all.
func (g *gen) ordinary() {
	id := g.nextID
	switch g.opt.Mix {
	case "js", "video", "html":
		if g.rng.IntN(10) == 0 {
			g.noBody(id)
			return
		}
		switch g.opt.Mix {
		case "js":
			g.textOf(id, kindJS, int64(50<<10+g.rng.IntN(800<<10)), g.rng.IntN(8) == 0)
		case "video":
			g.video(id)
		default:
			g.textOf(id, kindErrHTML, int64(20<<10+g.rng.IntN(160<<10)), false)
		}
		return
	case "json":
		g.jsonAPI(id)
		return
	case "tiny":
		g.tiny(id)
		return
	}
	switch {
	case g.rng.IntN(10) < 3:
		g.noBody(id)
	case g.stats.Base64Bytes*3 < g.stats.TextBytes*7:
		g.binary(id)
	default:
		g.text(id)
	}
}

func (g *gen) noBody(id int) {
	u := fmt.Sprintf("https://telemetry.example.com/v1/beacon?id=%d&t=%d&ev=%s", id, g.rng.IntN(1e9), g.pick(lorem))
	e := entry{method: "GET", url: u, resourceType: "ping", status: 204, mime: "text/plain",
		query: []nv{{"id", strconv.Itoa(id)}, {"ev", "view"}}}
	e.reqHeaders = g.requestHeaders(u, "*/*")
	e.respHeaders = g.responseHeaders("text/plain", 0)
	if g.rng.IntN(3) == 0 {
		e.method = "POST"
		e.resourceType = "xhr"
		e.status = 200
		body := fmt.Sprintf(`{"event":"click","target":"%s","ts":%d,"session":"%x"}`, g.pick(jsWords), g.rng.IntN(1e12), g.rng.Uint64())
		e.post = &post{mime: "application/json", text: body}
	}
	g.writeEntry(e)
}

// binary writes an entry with a Base64 body: a video segment of 1-3 MB
// (at most a tenth of the target size), an image or a font.
func (g *gen) binary(id int) {
	var mime, u, rt string
	var n int64
	switch r := g.rng.IntN(20); {
	case r < 3:
		mime, rt = "video/mp2t", "media"
		u = fmt.Sprintf("https://media.example.com/hls/720p/segment-%05d.ts", id)
		n = int64(1<<20 + g.rng.IntN(2<<20))
		n = min(n, max(g.opt.Size/10, 64<<10))
	case r < 17:
		mime = g.pick([]string{"image/png", "image/jpeg", "image/webp", "image/avif"})
		rt = "image"
		u = fmt.Sprintf("https://cdn.example.com/img/%d.%s", id, mime[6:])
		n = int64(2<<10 + g.rng.IntN(150<<10))
	default:
		mime, rt = "font/woff2", "font"
		u = fmt.Sprintf("https://cdn.example.com/fonts/ember-%d.woff2", id)
		n = int64(15<<10 + g.rng.IntN(65<<10))
	}
	n = n / 3 * 3
	e := entry{method: "GET", url: u, resourceType: rt, status: 200, mime: mime, base64: true}
	e.reqHeaders = g.requestHeaders(u, "*/*")
	e.respHeaders = g.responseHeaders(mime, n)
	e.bodyLen = n / 3 * 4
	e.body = func() { g.base64Body(n) }
	g.writeEntry(e)
}

// video writes an entry with a Base64 video segment of 1 to 3 MB (at most
// a tenth of the target size).
func (g *gen) video(id int) {
	n := int64(1<<20 + g.rng.IntN(2<<20))
	n = min(n, max(g.opt.Size/10, 64<<10)) / 3 * 3
	u := fmt.Sprintf("https://media.example.com/hls/1080p/segment-%05d.ts", id)
	e := entry{method: "GET", url: u, resourceType: "media", status: 200, mime: "video/mp2t", base64: true}
	e.reqHeaders = g.requestHeaders(u, "*/*")
	e.respHeaders = g.responseHeaders(e.mime, n)
	e.bodyLen = n / 3 * 4
	e.body = func() { g.base64Body(n) }
	g.writeEntry(e)
}

// jsonAPI writes an XHR of a JSON API: a GET or a POST with a JSON body,
// answered with 300 bytes to 30 KB of JSON; one in eight mentions
// SAMLResponse (a decoy).
func (g *gen) jsonAPI(id int) {
	ts := &g.texts[kindJSON]
	n := int64(300 + g.rng.IntN(30<<10))
	u := fmt.Sprintf("https://api.example.com/v2/items?page=%d&limit=50", id)
	e := entry{method: "GET", url: u, resourceType: "xhr", status: 200, mime: ts.mime,
		query: []nv{{"page", strconv.Itoa(id)}, {"limit", "50"}}}
	if g.rng.IntN(3) == 0 {
		e.method, e.query = "POST", nil
		e.url = fmt.Sprintf("https://api.example.com/v2/items/%d", id)
		e.post = &post{mime: "application/json", text: fmt.Sprintf(`{"id":%d,"name":"%s","tags":["%s","%s"],"note":"%s"}`,
			id, g.pick(jsWords), g.pick(lorem), g.pick(lorem), g.words(20))}
	}
	e.reqHeaders = g.requestHeaders(e.url, "application/json")
	e.respHeaders = g.responseHeaders(ts.mime, n)
	head := ""
	if g.rng.IntN(8) == 0 {
		g.stats.Decoys++
		head = `{\"help\":\"POST the SAMLResponse parameter to the ACS\"},\n`
	}
	g.writeTextEntry(e, ts, n, head, "")
}

// tiny writes a small entry: a beacon without headers, cookies or body.
func (g *gen) tiny(id int) {
	u := fmt.Sprintf("https://telemetry.example.com/v1/b?id=%d&ev=%s", id, g.pick(lorem))
	g.writeEntry(entry{method: "GET", url: u, resourceType: "ping", status: 204, mime: "text/plain", bare: true})
}

// base64Body writes n random bytes Base64-encoded.
func (g *gen) base64Body(n int64) {
	var buf [48 << 10]byte
	var enc [64 << 10]byte
	off := g.rng.IntN(len(g.random))
	for n > 0 {
		k := int(min(n, int64(len(buf))))
		for i := 0; i < k; {
			c := copy(buf[i:k], g.random[off:])
			i += c
			off = (off + c) % len(g.random)
		}
		base64.StdEncoding.Encode(enc[:], buf[:k])
		g.rawBytes(enc[:base64.StdEncoding.EncodedLen(k)])
		n -= int64(k)
	}
}

// text writes an entry with a JSON-escaped text body: JavaScript, CSS,
// JSON or HTML. Some scripts, JSON documents and pages mention
// SAMLResponse: decoys that carry no message.
func (g *gen) text(id int) {
	var kind int
	var n int64
	switch r := g.rng.IntN(20); {
	case r < 8:
		kind, n = kindJS, int64(5<<10+g.rng.IntN(400<<10))
	case r < 11:
		kind, n = kindCSS, int64(2<<10+g.rng.IntN(80<<10))
	case r < 18:
		kind, n = kindJSON, int64(300+g.rng.IntN(30<<10))
	default:
		kind, n = kindHTML, int64(5<<10+g.rng.IntN(80<<10))
	}
	g.textOf(id, kind, n, g.rng.IntN(8) == 0)
}

// textOf writes an entry with a text body of kind, about n bytes long; a
// decoy mentions SAMLResponse.
func (g *gen) textOf(id, kind int, n int64, decoy bool) {
	ts := &g.texts[kind]
	exts := [...]string{kindJS: "js", kindCSS: "css", kindJSON: "json", kindHTML: "html", kindErrHTML: "html"}
	u := fmt.Sprintf("https://app.example.com/static/%d.%s", id, exts[kind])
	rt := map[int]string{kindJS: "script", kindCSS: "stylesheet", kindJSON: "fetch", kindHTML: "document", kindErrHTML: "document"}[kind]
	e := entry{method: "GET", url: u, resourceType: rt, status: 200, mime: ts.mime}
	e.reqHeaders = g.requestHeaders(u, "*/*")
	e.respHeaders = g.responseHeaders(ts.mime, n)
	var head, tail string
	if decoy {
		g.stats.Decoys++
		switch kind {
		case kindJS:
			head = `if(r.SAMLResponse){var f=document.createElement(\"form\");f.innerHTML='<input type=\"hidden\" name=\"SAMLResponse\" value=\"'+r.SAMLResponse+'\">';location.href=u+\"?SAMLResponse=\"+encodeURIComponent(x)}\n`
		case kindCSS:
			head = `/* form[name=SAMLResponse] */\n`
		case kindJSON:
			head = `{\"help\":\"POST the SAMLResponse parameter to the ACS\",\"param\":\"SAMLRequest\"},\n`
		default:
			head = `<!DOCTYPE html><html><head><title>Sign in</title><script>var t='<form><input type=\"hidden\" name=\"SAMLResponse\" value=\"'+v+'\"></form>';</script></head><body>\n`
			tail = `</body></html>`
		}
	} else if kind == kindHTML || kind == kindErrHTML {
		head = `<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>App</title></head><body>\n`
		tail = `</body></html>`
	}
	g.writeTextEntry(e, ts, n, head, tail)
}

// writeTextEntry writes e with a body of head, about n bytes of ts's text
// from a random cut (textSpan), and tail.
func (g *gen) writeTextEntry(e entry, ts *textSet, n int64, head, tail string) {
	reps, from, to := g.textSpan(ts, n)
	e.bodyLen = int64(len(head)+len(tail)) + spanLen(ts, reps, from, to)
	e.body = func() {
		g.raw(head)
		g.writeSpan(ts, reps, from, to)
		g.raw(tail)
	}
	g.writeEntry(e)
}

// textSpan returns the pool offsets [from, to) of a slice of about n bytes
// starting at a random cut, repeating the pool when n exceeds it: it
// returns whole-pool repetitions and the remainder span.
func (g *gen) textSpan(ts *textSet, n int64) (reps int64, from, to int) {
	reps = n / int64(len(ts.esc))
	rest := int(n % int64(len(ts.esc)))
	start := g.rng.IntN(len(ts.cuts))
	from = 0
	if start > 0 {
		from = ts.cuts[start-1]
	}
	if from+rest > len(ts.esc) {
		start, from = 0, 0 // too near the end: start at the beginning
	}
	to = from
	for i := start; i < len(ts.cuts) && ts.cuts[i]-from <= rest; i++ {
		to = ts.cuts[i]
	}
	return reps, from, to
}

// spanLen is the length of a span returned by textSpan.
func spanLen(ts *textSet, reps int64, from, to int) int64 {
	return reps*int64(len(ts.esc)) + int64(to-from)
}

// writeSpan writes a span returned by textSpan.
func (g *gen) writeSpan(ts *textSet, reps int64, from, to int) {
	for range reps {
		g.rawBytes(ts.esc)
	}
	g.rawBytes(ts.esc[from:to])
}

// bigBody writes the one entry of Options.Body bytes.
func (g *gen) bigBody() {
	n := g.opt.Body
	switch g.opt.BodyKind {
	case "html", "script":
		kind := kindHTML
		if g.opt.BodyKind == "script" {
			kind = kindJS
		}
		ts := &g.texts[kind]
		u := fmt.Sprintf("https://app.example.com/huge/%d", g.nextID)
		e := entry{method: "GET", url: u, resourceType: "document", status: 200, mime: ts.mime}
		e.reqHeaders = g.requestHeaders(u, "*/*")
		e.respHeaders = g.responseHeaders(ts.mime, n)
		head := ""
		if kind == kindJS {
			head = `var k=\"SAMLResponse\";\n`
			g.stats.Decoys++
		}
		g.writeTextEntry(e, ts, n, head, "")
	default:
		raw := n / 4 * 3
		u := fmt.Sprintf("https://media.example.com/vod/full-%d.mp4", g.nextID)
		e := entry{method: "GET", url: u, resourceType: "media", status: 200, mime: "video/mp4", base64: true}
		e.reqHeaders = g.requestHeaders(u, "*/*")
		e.respHeaders = g.responseHeaders("video/mp4", raw)
		e.bodyLen = raw / 3 * 4
		e.body = func() { g.base64Body(raw / 3 * 3) }
		g.writeEntry(e)
	}
}

// flow writes one SP-initiated SAML login: five entries, an AuthnRequest
// seen twice and a Response seen twice. Flow 0 stores the IdP's auto-post
// page Base64-encoded.
func (g *gen) flow(k int) {
	sp, idp := "https://app.example.com", "https://idp.example.com"
	acs := sp + "/saml/acs"
	relay := fmt.Sprintf("%s/dashboard?tab=%d", sp, k)
	reqXML := g.authnRequest(k, idp, acs)
	reqValue := deflateBase64(reqXML)
	query := "SAMLRequest=" + url.QueryEscape(reqValue) + "&RelayState=" + url.QueryEscape(relay)
	ssoURL := idp + "/sso/saml?" + query

	// 1. The SP redirects to the IdP: SAMLRequest in Location (sighting 1).
	u := fmt.Sprintf("%s/login?flow=%d", sp, k)
	e := entry{method: "GET", url: u, resourceType: "document", status: 302, mime: "text/html", redirectURL: ssoURL}
	e.reqHeaders = g.requestHeaders(u, "text/html")
	e.respHeaders = append(g.responseHeaders("text/html", 0), nv{"location", ssoURL})
	g.writeEntry(e)

	// 2. The browser follows: SAMLRequest in the query (sighting 2).
	e = entry{method: "GET", url: ssoURL, resourceType: "document", status: 200, mime: "text/html; charset=utf-8",
		query: []nv{{"SAMLRequest", url.QueryEscape(reqValue)}, {"RelayState", url.QueryEscape(relay)}}}
	e.reqHeaders = g.requestHeaders(ssoURL, "text/html")
	login := `<!DOCTYPE html><html><head><title>Sign in</title></head><body><form method="post" action="/login"><input name="username"><input type="password" name="password"><input type="hidden" name="csrf" value="` +
		strconv.FormatUint(g.rng.Uint64(), 36) + `"><button>Sign in</button></form><script>if(window.SAMLRequest){console.log("SAMLRequest")}</script></body></html>`
	g.textEntry(&e, login, false)
	g.writeEntry(e)

	// 3. The IdP answers the password POST with the auto-post page
	// (Response sighting 1), Base64 in flow 0.
	respValue := base64.StdEncoding.EncodeToString([]byte(g.response(k, idp, acs)))
	page := `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Working...</title></head><body onload="document.forms[0].submit()">` +
		`<noscript><p>JavaScript is disabled. Click Continue.</p></noscript>` +
		`<form method="post" action="` + acs + `"><input type="hidden" name="SAMLResponse" value="` + respValue + `"/>` +
		`<input type="hidden" name="RelayState" value="` + strings.ReplaceAll(relay, "&", "&amp;") + `"/>` +
		`<noscript><input type="submit" value="Continue"/></noscript></form></body></html>`
	u = idp + "/login"
	e = entry{method: "POST", url: u, resourceType: "document", status: 200, mime: "text/html; charset=utf-8",
		post: &post{mime: "application/x-www-form-urlencoded", text: "username=jdoe&password=hunter2", params: []nv{{"username", "jdoe"}, {"password", "hunter2"}}}}
	e.reqHeaders = g.requestHeaders(u, "text/html")
	g.textEntry(&e, page, k == 0)
	g.writeEntry(e)

	// 4. The browser posts the Response to the ACS (sighting 2).
	text := "SAMLResponse=" + url.QueryEscape(respValue) + "&RelayState=" + url.QueryEscape(relay)
	e = entry{method: "POST", url: acs, resourceType: "document", status: 302, mime: "text/html", redirectURL: relay,
		post: &post{mime: "application/x-www-form-urlencoded", text: text,
			params: []nv{{"SAMLResponse", url.QueryEscape(respValue)}, {"RelayState", url.QueryEscape(relay)}}}}
	e.reqHeaders = g.requestHeaders(acs, "text/html")
	e.respHeaders = append(g.responseHeaders("text/html", 0), nv{"location", relay})
	g.writeEntry(e)

	// 5. The app.
	e = entry{method: "GET", url: relay, resourceType: "document", status: 200, mime: "text/html"}
	e.reqHeaders = g.requestHeaders(relay, "text/html")
	g.textEntry(&e, `<!DOCTYPE html><html><body><div id="root"></div><script src="/static/js/main.js"></script></body></html>`, false)
	g.writeEntry(e)

	g.stats.Requests++
	g.stats.Responses++
	g.stats.Messages += 2
	g.stats.Sightings += 4
}

// textEntry sets e's body to s, JSON-escaped or Base64.
func (g *gen) textEntry(e *entry, s string, asBase64 bool) {
	e.respHeaders = g.responseHeaders(e.mime, int64(len(s)))
	if asBase64 {
		enc := base64.StdEncoding.EncodeToString([]byte(s))
		e.base64, e.bodyLen = true, int64(len(enc))
		e.body = func() { g.raw(enc) }
		return
	}
	var b strings.Builder
	writeJSONString(&b, s)
	esc := b.String()
	esc = esc[1 : len(esc)-1]
	e.bodyLen = int64(len(esc))
	e.body = func() { g.raw(esc) }
}

func (g *gen) authnRequest(k int, idp, acs string) string {
	return fmt.Sprintf(`<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_req%d_%x" Version="2.0" IssueInstant="%s" Destination="%s/sso/saml" AssertionConsumerServiceURL="%s" ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"><saml:Issuer>https://app.example.com/saml/metadata</saml:Issuer><samlp:NameIDPolicy Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress" AllowCreate="true"/></samlp:AuthnRequest>`,
		k, g.rng.Uint64(), g.clock.Format(time.RFC3339), idp, acs)
}

func (g *gen) response(k int, idp, acs string) string {
	now := g.clock
	issue := now.Format(time.RFC3339)
	later := now.Add(5 * time.Minute).Format(time.RFC3339)
	var attrs strings.Builder
	for i := range 12 {
		fmt.Fprintf(&attrs, `<saml:AttributeValue xsi:type="xs:string">group-%d-%s</saml:AttributeValue>`, i, g.pick(lorem))
	}
	return fmt.Sprintf(`<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="_resp%d_%x" Version="2.0" IssueInstant="%[3]s" Destination="%[4]s"><saml:Issuer>%[5]s/metadata</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>`+
		`<saml:Assertion ID="_a%[1]d_%[2]x" Version="2.0" IssueInstant="%[3]s"><saml:Issuer>%[5]s/metadata</saml:Issuer><saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">jdoe@example.com</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="%[6]s" Recipient="%[4]s"/></saml:SubjectConfirmation></saml:Subject>`+
		`<saml:Conditions NotBefore="%[3]s" NotOnOrAfter="%[6]s"><saml:AudienceRestriction><saml:Audience>https://app.example.com/saml/metadata</saml:Audience></saml:AudienceRestriction></saml:Conditions><saml:AuthnStatement AuthnInstant="%[3]s" SessionIndex="_s%[1]d"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>`+
		`<saml:AttributeStatement><saml:Attribute Name="groups">%[7]s</saml:Attribute></saml:AttributeStatement></saml:Assertion></samlp:Response>`,
		k, g.rng.Uint64(), issue, acs, idp, later, attrs.String())
}

// deflateBase64 is the Redirect binding's encoding, before URL encoding.
func deflateBase64(s string) string {
	var buf bytes.Buffer
	w, _ := flate.NewWriter(&buf, flate.BestCompression) // level is valid: no error
	_, _ = w.Write([]byte(s))
	_ = w.Close()
	return base64.StdEncoding.EncodeToString(buf.Bytes())
}
