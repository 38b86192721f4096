package checks

import (
	"encoding/json"
	"html"
	"net/url"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// MayBeErrorPage reports whether a response body of the given media type
// could be one of the error pages or error JSON the error/* rules recognise:
// one of their messages appears in its visible text (HTML and XML without
// tags, scripts, styles, comments or hidden elements; the error fields of a
// JSON document; plain text as is). It reads the first MaxPageText bytes
// only, as a Page keeps no more, and ignores the conditions the rules add
// about where the page came from, so it keeps every body a rule could
// match. A HAR reader uses it to keep only the bodies that can matter;
// scripts, style sheets and binary media are never kept.
//
// It is quick on the bodies it drops: a body is read as a page only when
// every word of one of the messages appears in it (see mayShowSign).
func MayBeErrorPage(mimeType string, body []byte) bool {
	body = body[:min(len(body), MaxPageText)]
	if len(body) == 0 {
		return false
	}
	// A read-only view of body: nothing below keeps it past the call.
	s := unsafe.String(unsafe.SliceData(body), len(body))
	kind := pageKindOf(mimeType, s)
	if kind == notPage || !mayShowSign(kind, s) {
		return false
	}
	return signIndex().anyPhraseIn(pageNorm(pageVisible(kind, s), nil))
}

func isPageWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// pageText is what a person (or a program reading an error JSON) sees of a
// response body, and the same text normalised for matching.
type pageText struct {
	// visible is the visible text; blocks are separated by newlines.
	visible string
	// norm is visible in lower case, each run of characters other than
	// letters and digits replaced by one space, with a space at each end:
	// "It’s not you,\n it's us" reads " it s not you it s us ".
	norm string
	// offs maps each byte of norm to the offset in visible of the
	// character it came from (a Page holds at most MaxPageText bytes).
	offs []int32
}

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

// readPage extracts the visible text of a body by its media type (sniffed
// from the content when the type says nothing useful). It returns nil for
// bodies that are never a page: scripts, style sheets, binary media.
func readPage(mimeType, body string) *pageText {
	kind := pageKindOf(mimeType, body)
	if kind == notPage {
		return nil
	}
	return newPageText(pageVisible(kind, body))
}

func mimeHas(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// newPageText normalises visible text for matching.
func newPageText(visible string) *pageText {
	t := &pageText{visible: visible}
	t.offs = make([]int32, 0, len(visible)+2)
	t.norm = pageNorm(visible, &t.offs)
	return t
}

// pageNorm returns visible as pageText.norm spells it; with offs, it
// appends pageText.offs to *offs.
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
		if r < utf8.RuneSelf {
			// ASCII, most of a page: no table look-ups.
			c := byte(r)
			switch {
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			default:
				if !space {
					b.WriteByte(' ')
					mark(i, 1)
					space = true
				}
				continue
			}
			b.WriteByte(c)
			mark(i, 1)
			space = false
			continue
		}
		if !isPageWordRune(r) {
			if !space {
				b.WriteByte(' ')
				mark(i, 1)
				space = true
			}
			continue
		}
		n := b.Len()
		b.WriteRune(unicode.ToLower(r))
		mark(i, b.Len()-n)
		space = false
	}
	if !space {
		b.WriteByte(' ')
		mark(len(visible), 1)
	}
	return b.String()
}

// pageNormQuick is pageNorm without offsets, for MayBeErrorPage: it walks
// bytes, reads ASCII without table look-ups and appends to one slice.
func pageNormQuick(visible string) string {
	b := make([]byte, 1, len(visible)+2)
	b[0] = ' '
	space := true
	for i := 0; i < len(visible); {
		c := visible[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			default:
				if !space {
					b = append(b, ' ')
					space = true
				}
				continue
			}
			b = append(b, c)
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

// normalizePhrase returns s as pageText.norm spells it, without the end spaces.
func normalizePhrase(s string) string {
	return strings.TrimSpace(newPageText(s).norm)
}

// find looks for the first of phrases in the text, compared as words
// (case, punctuation, apostrophes and white space do not matter), and
// returns the span of visible text it covers.
func (t *pageText) find(phrases []string) (span [2]int, ok bool) {
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
		return [2]int{start, last + size}, true
	}
	return span, false
}

// maxQuote bounds the text a finding quotes from a page.
const maxQuote = 200

// maxQuoteBefore bounds how far a quote reaches back before the match.
const maxQuoteBefore = 100

// quote returns the sentence of visible text that holds span: the span
// extended back to the start of its sentence or line and on to its end,
// white space folded, at most maxQuote bytes after the span's start.
func (t *pageText) quote(span [2]int) string {
	start := span[0]
	for start > 0 && span[0]-start < maxQuoteBefore {
		c := t.visible[start-1]
		if c == '\n' || (c == '.' || c == '!' || c == '?') && (t.visible[start] == ' ' || t.visible[start] == '\n') {
			break
		}
		start--
	}
	for start < span[0] && !utf8.RuneStart(t.visible[start]) {
		start++
	}
	end, cut := span[1], false
	for end < len(t.visible) {
		if end-span[0] >= maxQuote {
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
	for cut && end > span[1] && !utf8.RuneStart(t.visible[end]) {
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
// between tags with character references decoded, CDATA as is; comments,
// declarations, processing instructions, and the content of script, style
// and template elements and of elements marked hidden (the hidden
// attribute, or an inline style with display:none) are left out. Block
// elements end lines. It is lenient: any input gives some text.
func markupText(s string) string {
	var b strings.Builder
	text := func(chunk string) {
		if strings.IndexByte(chunk, '&') >= 0 {
			chunk = html.UnescapeString(chunk)
		}
		b.WriteString(chunk)
	}
	for i := 0; i < len(s); {
		lt := strings.IndexByte(s[i:], '<')
		if lt < 0 {
			text(s[i:])
			break
		}
		text(s[i : i+lt])
		i += lt
		rest := s[i:]
		switch {
		case strings.HasPrefix(rest, "<!--"):
			i = skipPast(s, i+4, "-->")
			b.WriteByte(' ')
		case strings.HasPrefix(rest, "<![CDATA["):
			end := strings.Index(s[i+9:], "]]>")
			if end < 0 {
				b.WriteString(s[i+9:])
				i = len(s)
			} else {
				b.WriteString(s[i+9 : i+9+end])
				i += 9 + end + 3
			}
		case strings.HasPrefix(rest, "<!") || strings.HasPrefix(rest, "<?"):
			i = skipPast(s, i+2, ">")
		default:
			tag, end, ok := parseTag(s, i)
			if !ok { // a "<" that starts no tag is text
				b.WriteByte('<')
				i++
				continue
			}
			i = end
			if !inlineTag(tag.name) {
				b.WriteByte('\n')
			}
			if tag.closing || tag.selfClosing || voidTag(tag.name) {
				continue
			}
			if hiddenContent(tag.name) {
				i = skipRaw(s, i, tag.name)
				continue
			}
			if tag.hidden {
				i = skipElement(s, i, tag.name)
				b.WriteByte('\n')
			}
		}
	}
	return b.String()
}

// skipPast returns the offset just after the first sep at or after i, or
// len(s).
func skipPast(s string, i int, sep string) int {
	if i > len(s) {
		return len(s)
	}
	j := strings.Index(s[i:], sep)
	if j < 0 {
		return len(s)
	}
	return i + j + len(sep)
}

// skipRaw skips the raw text content of a script-like element and its end
// tag, returning the offset after it.
func skipRaw(s string, i int, name string) int {
	for i < len(s) {
		j := indexFoldASCII(s[i:], "</"+name)
		if j < 0 {
			return len(s)
		}
		i += j
		if k := i + 2 + len(name); k >= len(s) || !isNameByte(s[k]) {
			return skipPast(s, i, ">")
		}
		i += 2
	}
	return len(s)
}

// skipElement skips the content of an element named name up to its
// matching end tag (same-named elements nested inside are counted).
func skipElement(s string, i int, name string) int {
	depth := 1
	for i < len(s) {
		lt := strings.IndexByte(s[i:], '<')
		if lt < 0 {
			return len(s)
		}
		i += lt
		if strings.HasPrefix(s[i:], "<!--") {
			i = skipPast(s, i+4, "-->")
			continue
		}
		tag, end, ok := parseTag(s, i)
		if !ok {
			i++
			continue
		}
		i = end
		switch {
		case hiddenContent(tag.name) && !tag.closing && !tag.selfClosing:
			i = skipRaw(s, i, tag.name)
		case tag.name != name || tag.selfClosing || voidTag(name):
		case tag.closing:
			depth--
			if depth == 0 {
				return i
			}
		default:
			depth++
		}
	}
	return len(s)
}

// tagInfo is what markupText needs of a tag.
type tagInfo struct {
	name                 string // lower case
	closing, selfClosing bool
	hidden               bool // hidden attribute or style display:none
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == ':' || c == '_' || c == '.'
}

// parseTag reads the tag starting at s[i] == '<'. It returns the offset
// after its '>' (or the end of s), and false when no tag starts there.
func parseTag(s string, i int) (tagInfo, int, bool) {
	var t tagInfo
	j := i + 1
	if j < len(s) && s[j] == '/' {
		t.closing = true
		j++
	}
	k := j
	for k < len(s) && isNameByte(s[k]) {
		k++
	}
	if k == j || !(s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z') {
		return t, i, false
	}
	t.name = strings.ToLower(s[j:k])
	if c := strings.IndexByte(t.name, ':'); c >= 0 { // XML prefix
		t.name = t.name[c+1:]
	}
	// Attributes: name, name=value, name="value", name='value'.
	for k < len(s) {
		for k < len(s) && (s[k] == ' ' || s[k] == '\t' || s[k] == '\n' || s[k] == '\r' || s[k] == '\f') {
			k++
		}
		if k >= len(s) {
			break
		}
		switch s[k] {
		case '>':
			return t, k + 1, true
		case '/':
			if k+1 < len(s) && s[k+1] == '>' {
				t.selfClosing = true
				return t, k + 2, true
			}
			k++
			continue
		}
		a := k
		for k < len(s) && s[k] != '=' && s[k] != '>' && s[k] != ' ' && s[k] != '\t' && s[k] != '\n' && s[k] != '\r' && !(s[k] == '/' && k+1 < len(s) && s[k+1] == '>') {
			k++
		}
		attr := strings.ToLower(s[a:k])
		var value string
		if k < len(s) && s[k] == '=' {
			k++
			if k < len(s) && (s[k] == '"' || s[k] == '\'') {
				q := s[k]
				e := strings.IndexByte(s[k+1:], q)
				if e < 0 {
					return t, len(s), true
				}
				value = s[k+1 : k+1+e]
				k += e + 2
			} else {
				v := k
				for k < len(s) && s[k] != '>' && s[k] != ' ' && s[k] != '\t' && s[k] != '\n' && s[k] != '\r' {
					k++
				}
				value = s[v:k]
			}
		}
		switch attr {
		case "hidden":
			t.hidden = true
		case "style":
			st := strings.ToLower(strings.Join(strings.Fields(html.UnescapeString(value)), ""))
			if strings.Contains(st, "display:none") || strings.Contains(st, "visibility:hidden") {
				t.hidden = true
			}
		}
	}
	return t, len(s), true
}

// indexFoldASCII is strings.Index ignoring ASCII case; sub must be ASCII.
func indexFoldASCII(s, sub string) int {
	n := len(sub)
	for i := 0; i+n <= len(s); i++ {
		if strings.EqualFold(s[i:i+n], sub) {
			return i
		}
	}
	return -1
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

// isAWSPageHost reports whether raw is a URL on an AWS domain (sign-in,
// access portal, console, Amazon Connect, APIs).
func isAWSPageHost(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	h := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	// The domains AWS serves its sign-in pages, portals, consoles and APIs
	// from ("aws" is the top-level domain of my.connect.aws and api.aws).
	for _, s := range []string{"aws.amazon.com", "amazonaws.com", "amazonaws.com.cn", "amazonaws.cn", "amazonaws-us-gov.com", "awsapps.com", "aws", "amazoncognito.com"} {
		if h == s || strings.HasSuffix(h, "."+s) {
			return true
		}
	}
	return false
}
