// Package pagetext reads what a person sees of an HTTP response body, and
// finds phrases in it as words: an error page's text without its tags,
// scripts, styles, comments or hidden elements, the error fields of a JSON
// document, plain text as is. [Read] gives a body's [Text], whose
// [Text.Find] looks phrases up (case, punctuation, apostrophes and white
// space do not matter) and [Text.Quote] quotes the sentence a phrase is in.
// [Phrases] is a set of phrases prepared for a quick look in many raw
// bodies, such as every response of a HAR: [Phrases.FoundIn] drops most
// bodies without reading them as pages.
//
// The package knows text, not SAML, HARs or rules: the error/* rules of
// package checks hold the phrases and the conditions around them.
package pagetext

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/net/html"
)

func isPageWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// Text is what a person (or a program reading an error JSON) sees of a
// response body, and the same text normalised for matching.
type Text struct {
	// visible is the visible text; blocks are separated by newlines.
	visible string
	// norm is visible in lower case, each run of characters other than
	// letters and digits replaced by one space, with a space at each end:
	// "It’s not you,\n it's us" reads " it s not you it s us ".
	norm string
	// offs maps each byte of norm to the offset in visible of the
	// character it came from.
	offs []int32
}

// Span is a part of a [Text]'s visible text: bytes Start to End.
type Span struct{ Start, End int }

// Visible returns the visible text; blocks (paragraphs, headings, table
// cells, lines of an error JSON) are separated by newlines.
func (t *Text) Visible() string { return t.visible }

// pageKind is how a body is read.
type pageKind int

const (
	notPage    pageKind = iota // scripts, style sheets, binary media
	jsonPage                   // the error fields of a JSON document
	markupPage                 // HTML or XML: the text between tags
	plainPage                  // the text itself
)

// pageKindOf tells how to read a body by its media type, sniffed from the
// content when the type says nothing useful.
func pageKindOf(mimeType, body string) pageKind {
	mt := strings.ToLower(mimeType)
	head := strings.TrimLeft(strings.TrimPrefix(body, "\ufeff"), " \t\r\n")
	switch {
	case mimeHas(mt, "javascript", "ecmascript", "css", "image/", "font/", "audio/", "video/", "wasm"):
		return notPage
	case strings.Contains(mt, "json") || strings.HasPrefix(head, "{") || strings.HasPrefix(head, "["):
		// Servers send JSON as text/html or text/plain too; an HTML page
		// never starts with a brace.
		return jsonPage
	case mimeHas(mt, "html", "xml") || strings.HasPrefix(head, "<"):
		return markupPage
	}
	return plainPage // text/plain and unknown types
}

// pageVisible returns the visible text of a body read as kind.
func pageVisible(kind pageKind, body string) string {
	body = strings.TrimPrefix(body, "\ufeff")
	switch kind {
	case jsonPage:
		return jsonText(body)
	case markupPage:
		return markupText(body)
	}
	return body
}

// Read returns the visible text of a response body, read by its media
// type (sniffed from the content when the type says nothing useful): HTML
// and XML without tags, comments, scripts, styles, templates and hidden
// elements (entities decoded, inline tags joining words as a browser shows
// them); the error fields of a JSON document ("__type", "code", "error",
// "message", "error_description" and their other spellings, at any depth,
// an AWS exception type reduced to its name; a document with more than 64
// string values is data, not an error, and reads as no text); plain text
// as is. A leading byte order mark is dropped. It returns nil for bodies
// that are never a page: scripts, style sheets, fonts, images, audio,
// video, WebAssembly. It is lenient: any other input gives some text.
func Read(mimeType, body string) *Text {
	kind := pageKindOf(mimeType, body)
	if kind == notPage {
		return nil
	}
	return newText(pageVisible(kind, body))
}

func mimeHas(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// newText normalises visible text for matching.
func newText(visible string) *Text {
	t := &Text{visible: visible}
	t.offs = make([]int32, 0, len(visible)+2)
	t.norm = pageNorm(visible, &t.offs)
	return t
}

// pageNorm returns visible as Text.norm spells it; with offs, it appends
// Text.offs to *offs.
func pageNorm(visible string, offs *[]int32) string {
	if offs == nil {
		return pageNormQuick(visible)
	}
	var b strings.Builder
	b.Grow(len(visible) + 2)
	mark := func(i int, n int) {
		if offs != nil {
			for range n {
				*offs = append(*offs, int32(i))
			}
		}
	}
	b.WriteByte(' ')
	mark(0, 1)
	space := true
	for i, r := range visible {
		// ASCII, most of a page: no table look-ups.
		ascii := r < utf8.RuneSelf
		if ascii && !isASCIIAlnum(byte(r)) || !ascii && !isPageWordRune(r) {
			if !space {
				b.WriteByte(' ')
				mark(i, 1)
				space = true
			}
			continue
		}
		n := b.Len()
		if ascii {
			b.WriteByte(lowerASCII(byte(r)))
		} else {
			b.WriteRune(unicode.ToLower(r))
		}
		mark(i, b.Len()-n)
		space = false
	}
	if !space {
		b.WriteByte(' ')
		mark(len(visible), 1)
	}
	return b.String()
}

// pageNormQuick is pageNorm without offsets, for Phrases.FoundIn: it walks
// bytes, reads ASCII without table look-ups and appends to one slice.
func pageNormQuick(visible string) string {
	b := make([]byte, 1, len(visible)+2)
	b[0] = ' '
	space := true
	for i := 0; i < len(visible); {
		c := visible[i]
		if c < utf8.RuneSelf {
			i++
			if !isASCIIAlnum(c) {
				if !space {
					b = append(b, ' ')
					space = true
				}
				continue
			}
			b = append(b, lowerASCII(c))
			space = false
			continue
		}
		r, size := utf8.DecodeRuneInString(visible[i:])
		i += size
		if !isPageWordRune(r) {
			if !space {
				b = append(b, ' ')
				space = true
			}
			continue
		}
		b = utf8.AppendRune(b, unicode.ToLower(r))
		space = false
	}
	if !space {
		b = append(b, ' ')
	}
	return unsafe.String(unsafe.SliceData(b), len(b)) // b is not changed after
}

// normalizePhrase returns s as Text.norm spells it, without the end spaces.
func normalizePhrase(s string) string {
	return strings.TrimSpace(newText(s).norm)
}

// Find looks for the first of phrases in the text, compared as words
// (case, punctuation, apostrophes and white space do not matter; a phrase
// matches whole words only), and returns the span of visible text it
// covers. A phrase with no letter or digit matches nothing.
func (t *Text) Find(phrases []string) (span Span, ok bool) {
	for _, p := range phrases {
		n := normalizePhrase(p)
		if n == "" {
			continue
		}
		i := strings.Index(t.norm, " "+n+" ")
		if i < 0 {
			continue
		}
		start, last := int(t.offs[i+1]), int(t.offs[i+len(n)])
		_, size := utf8.DecodeRuneInString(t.visible[last:])
		return Span{start, last + size}, true
	}
	return span, false
}

// maxQuote bounds the text a finding quotes from a page.
const maxQuote = 200

// maxQuoteBefore bounds how far a quote reaches back before the match.
const maxQuoteBefore = 100

// Quote returns the sentence of visible text that holds span, for a
// message to show: the span extended back to the start of its sentence or
// line (at most 100 bytes) and on to its end, white space folded, at most
// 200 bytes from the span's start (cut at a character boundary and ended
// with "…" when longer).
func (t *Text) Quote(span Span) string {
	start := span.Start
	for start > 0 && span.Start-start < maxQuoteBefore {
		c := t.visible[start-1]
		if c == '\n' || (c == '.' || c == '!' || c == '?') && (t.visible[start] == ' ' || t.visible[start] == '\n') {
			break
		}
		start--
	}
	for start < span.Start && !utf8.RuneStart(t.visible[start]) {
		start++
	}
	end, cut := span.End, false
	for end < len(t.visible) {
		if end-span.Start >= maxQuote {
			cut = true
			break
		}
		c := t.visible[end]
		if c == '\n' {
			break
		}
		end++
		if c == '.' || c == '!' || c == '?' {
			// A full stop ends the sentence unless it is inside a word
			// ("sts:AssumeRoleWithSAML", "example.com").
			if end == len(t.visible) || t.visible[end] == ' ' || t.visible[end] == '\n' {
				break
			}
		}
	}
	for cut && end > span.End && !utf8.RuneStart(t.visible[end]) {
		end--
	}
	q := strings.Join(strings.Fields(t.visible[start:end]), " ")
	if cut || len(q) > maxQuote {
		q, _ = cutQuote(q, maxQuote)
		q += "…"
	}
	return q
}

// cutQuote cuts s to at most n bytes at a rune boundary.
func cutQuote(s string, n int) (string, bool) {
	if len(s) <= n {
		return s, false
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n], true
}

// hiddenContent reports the elements whose content is never shown.
func hiddenContent(name string) bool {
	switch name {
	case "script", "style", "template":
		return true
	}
	return false
}

// inlineTag reports the elements that flow inline: no line break around
// them, so that "Un<b>expected</b>" reads "Unexpected".
func inlineTag(name string) bool {
	switch name {
	case "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd", "mark", "q",
		"s", "samp", "small", "span", "strong", "sub", "sup", "time", "tt", "u", "var":
		return true
	}
	return false
}

// voidTag reports the elements that have no content and no end tag.
func voidTag(name string) bool {
	switch name {
	case "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr":
		return true
	}
	return false
}

// markupText returns the visible text of an HTML or XML document: text
// between tags with character references decoded, CDATA as text; comments,
// declarations, processing instructions, and the content of script, style
// and template elements and of elements marked hidden (the hidden
// attribute, or an inline style with display:none) are left out. Block
// elements end lines. It reads the markup with golang.org/x/net/html's
// tokenizer, as a browser does (and as package saml/binding reads forms);
// the content of noscript, iframe, noembed, noframes and xmp is read as
// markup, as a browser without scripts shows it. An XML prefix is ignored
// ("<ns:Message>" is a "message" element). It is lenient: any input gives
// some text.
func markupText(s string) string {
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(s))
	z.AllowCDATA(true)
	var tags tagReader
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			if !tags.skipping() {
				b.Write(z.Text())
			}
			continue
		case html.CommentToken:
			// A comment reads as a space; declarations and processing
			// instructions (bogus comments to HTML) as nothing.
			if !tags.skipping() && bytes.HasPrefix(z.Raw(), []byte("<!--")) {
				b.WriteByte(' ')
			}
			continue
		case html.DoctypeToken:
			continue
		}
		if tags.read(z, tt) == tagBreak {
			b.WriteByte('\n')
		}
	}
}

// tagEffect is what a tag does to the visible text.
type tagEffect uint8

const (
	tagLeftOut tagEffect = iota // a tag inside left-out content: nothing
	tagInline                   // an inline tag: nothing between the texts around it
	tagBreak                    // a line break: a block tag, or the end of left-out content
)

// tagReader reads the tags of a document for markupText and markupJoin,
// which read the same tags alike: it keeps the element whose content is
// left out (script, style and template elements, elements marked hidden)
// and how deep in it the tokenizer is.
type tagReader struct {
	skip  string // the element whose content is being left out; "" when none
	depth int    // how many elements named skip are open
}

// skipping reports whether the tokenizer is inside left-out content.
func (r *tagReader) skipping() bool { return r.skip != "" }

// read reads the tokenizer's current tag, of type tt (a start, end or
// self-closing tag), and returns what it does to the visible text. A start
// tag of hidden content begins left-out content after it; the content of
// noscript, iframe, noembed, noframes and xmp is read as markup. An XML
// prefix is ignored.
func (r *tagReader) read(z *html.Tokenizer, tt html.TokenType) tagEffect {
	raw, _ := z.TagName()
	name := string(raw)
	if c := strings.IndexByte(name, ':'); c >= 0 { // XML prefix
		name = name[c+1:]
	}
	if r.skip != "" {
		switch {
		case name != r.skip || tt == html.SelfClosingTagToken || voidTag(name):
		case tt == html.EndTagToken:
			r.depth--
			if r.depth == 0 {
				r.skip = ""
				return tagBreak
			}
		default:
			r.depth++
		}
		return tagLeftOut
	}
	effect := tagBreak
	if inlineTag(name) {
		effect = tagInline
	}
	if tt != html.StartTagToken || voidTag(name) {
		return effect
	}
	switch name {
	case "noscript", "iframe", "noembed", "noframes", "xmp":
		z.NextIsNotRawText() // shown as markup without scripts
	}
	if hiddenContent(name) || tagHidden(z) {
		r.skip, r.depth = name, 1
	}
	return effect
}

// tagHidden reports whether the tokenizer's current tag hides its
// content: a hidden attribute, or an inline style with display:none or
// visibility:hidden.
func tagHidden(z *html.Tokenizer) bool {
	for {
		k, v, more := z.TagAttr()
		switch string(k) {
		case "hidden":
			return true
		case "style":
			st := strings.ToLower(strings.Join(strings.Fields(string(v)), ""))
			if strings.Contains(st, "display:none") || strings.Contains(st, "visibility:hidden") {
				return true
			}
		}
		if !more {
			return false
		}
	}
}

// jsonTypeKey and jsonMessageKey name the fields of an error JSON that
// name the error and those that say it, in lower case. AWS JSON protocols
// write {"__type": "…#InvalidGrantException", "message": …} or {"code": …,
// "message": …}; OAuth writes {"error": …, "error_description": …};
// relayed errors use many spellings.
func jsonTypeKey(k string) bool {
	switch k {
	case "__type", "code", "errorcode", "error_code", "error", "errortype", "error_type", "type", "exception", "name":
		return true
	}
	return false
}

func jsonMessageKey(k string) bool {
	switch k {
	case "message", "errormessage", "error_message", "error_description", "errordescription", "description",
		"detail", "details", "reason", "msg", "title":
		return true
	}
	return false
}

// maxJSONStrings is the most string values an error JSON has. A document
// with more is data, such as a translation bundle listing every message an
// application can show, not an error.
const maxJSONStrings = 64

// maxJSONFallback is the largest body that does not parse as JSON (a
// fragment, JSONP) still read as plain text.
const maxJSONFallback = 16 << 10

// jsonText returns the error fields of a JSON document, one a line: the
// string values of the keys named in jsonTypeKeys and jsonMessageKeys, at
// any depth, with an AWS type such as
// "com.amazonaws.ssooidc#InvalidGrantException" or
// "InvalidGrantException:http://internal.amazon.com/…" reduced to its
// exception name. A document with more than maxJSONStrings string values
// yields nothing; one that does not parse is read as text when small.
func jsonText(body string) string {
	dec := json.NewDecoder(strings.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		if len(body) <= maxJSONFallback {
			return body
		}
		return ""
	}
	strs := 0
	countStrings(v, &strs)
	if strs > maxJSONStrings {
		return ""
	}
	var lines []string
	collectJSON(v, "", &lines)
	return strings.Join(lines, "\n")
}

func countStrings(v any, n *int) {
	switch x := v.(type) {
	case string:
		*n++
	case map[string]any:
		for _, e := range x {
			countStrings(e, n)
		}
	case []any:
		for _, e := range x {
			countStrings(e, n)
		}
	}
}

// collectJSON appends the error fields under v (reached by key) to lines,
// in a deterministic order.
func collectJSON(v any, key string, lines *[]string) {
	switch x := v.(type) {
	case string:
		k := strings.ToLower(key)
		switch {
		case jsonTypeKey(k):
			*lines = append(*lines, exceptionName(x))
		case jsonMessageKey(k):
			*lines = append(*lines, x)
		}
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			collectJSON(x[k], k, lines)
		}
	case []any:
		for _, e := range x {
			collectJSON(e, key, lines)
		}
	}
}

// exceptionName reduces an AWS error type to the exception's name:
// "com.amazonaws.ssooidc#InvalidGrantException" and
// "InvalidGrantException:http://internal.amazon.com/coral/…" both give
// "InvalidGrantException". Text with spaces is a message and is kept.
func exceptionName(s string) string {
	t := strings.TrimSpace(s)
	if strings.ContainsAny(t, " \t\n") {
		return s
	}
	if i := strings.LastIndexByte(t, '#'); i >= 0 {
		t = t[i+1:]
	}
	if i := strings.IndexByte(t, ':'); i > 0 {
		t = t[:i]
	}
	return t
}
