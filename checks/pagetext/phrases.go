package pagetext

import (
	"bytes"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/net/html"
)

// This file holds Phrases and the quick test FoundIn applies before it
// reads a body as a page. A phrase is on a page when its words, in order,
// are words of the visible text (Text.Find); so each of its words is in the
// body, in any case, unless the body spells it in a way the raw bytes hide:
// a character reference or a JSON \u escape, a letter such as the Kelvin
// sign that lower-cases to an ASCII letter, or markup that joins two pieces
// of text into one word ("Un<b>expected</b>"). mayShow accepts a body when
// every word of one phrase is there, or when the body has one of those
// spellings that could hide a word.

// Phrases is a set of phrases prepared to be looked for in many raw
// response bodies ([Phrases.FoundIn]). It is not changed after
// [NewPhrases]: one value can serve many goroutines.
type Phrases struct {
	// words are the distinct words of the phrases, in lower case, and
	// key the offset in each of its least common letter.
	words []string
	key   []int
	// phrases are the distinct phrases.
	phrases []phrase
	// pairs[a][b] holds when letters a and b follow each other in a word;
	// follows[a] when some letter follows a.
	pairs   [utf8.RuneSelf][utf8.RuneSelf]bool
	follows [utf8.RuneSelf]bool
	// first maps the first word of each phrase to the phrases' indexes.
	first map[string][]int
	// readAll is set when the quick test cannot judge the phrases (a
	// word outside ASCII, too many words): FoundIn reads every body.
	readAll bool
}

// phrase is one phrase of a Phrases as the quick test and the match read
// it.
type phrase struct {
	// words index Phrases.words, the rarest first.
	words []int
	// pattern is the phrase as Text.norm spells it, with a space at each
	// end.
	pattern string
}

// NewPhrases prepares phrases for [Phrases.FoundIn]. Phrases are compared
// as [Text.Find] compares them; repeated phrases count once, and a phrase
// with no letter or digit is ignored.
func NewPhrases(phrases []string) *Phrases {
	t := &Phrases{first: map[string][]int{}}
	for _, p := range phrases {
		t.add(p)
	}
	return t
}

// FoundIn reports whether the visible text of body, read as [Read] reads
// it with the given media type, holds one of the phrases, compared as
// [Text.Find] compares them: it is Read(mimeType, string(body)).Find(phrases)
// without reading most bodies. A body in which one of the phrases' words
// is missing (in any ASCII case), and which spells no text in a way that
// could hide a word (a character reference, a JSON \u escape, markup
// inside a word, a letter outside ASCII that lower-cases to one in it), is
// dropped with a few byte searches; the others are read.
func (t *Phrases) FoundIn(mimeType string, body []byte) bool {
	if len(body) == 0 {
		return false
	}
	// A read-only view of body: nothing below keeps it past the call.
	s := unsafe.String(unsafe.SliceData(body), len(body))
	kind := pageKindOf(mimeType, s)
	if kind == notPage || !t.mayShow(kind, s) {
		return false
	}
	return t.anyPhraseIn(pageNorm(pageVisible(kind, s), nil))
}

// maxSignWords bounds the distinct words of the phrases mayShow compares
// word by word (it keeps one state per word on the stack); with more it
// reads every body.
const maxSignWords = 256

// letterRarity orders ASCII letters from the most to the least common in
// English text.
const letterRarity = "etaoinshrdlcumwfgypbvkjxqz"

// add adds phrase p, unless it is there already or has no word.
func (t *Phrases) add(p string) {
	n := normalizePhrase(p)
	if n == "" || slices.ContainsFunc(t.phrases, func(q phrase) bool { return q.pattern == " "+n+" " }) {
		return
	}
	sp := phrase{pattern: " " + n + " "}
	for _, w := range strings.Fields(n) {
		if !isASCII(w) {
			t.readAll = true // the byte search folds ASCII only
		}
		k := slices.Index(t.words, w)
		if k < 0 {
			k = len(t.words)
			t.words = append(t.words, w)
			t.key = append(t.key, rarestByte(w))
			for i := 1; i < len(w); i++ {
				if w[i-1] < utf8.RuneSelf && w[i] < utf8.RuneSelf {
					t.pairs[w[i-1]][w[i]] = true
					t.follows[w[i-1]] = true
				}
			}
		}
		if !slices.Contains(sp.words, k) {
			sp.words = append(sp.words, k)
		}
	}
	// Look for the rarest word first: the one with the least common key
	// letter, the longest of those.
	slices.SortStableFunc(sp.words, func(a, b int) int {
		if ra, rb := byteRarity(t.words[a][t.key[a]]), byteRarity(t.words[b][t.key[b]]); ra != rb {
			return rb - ra
		}
		return len(t.words[b]) - len(t.words[a])
	})
	w, _, _ := strings.Cut(n, " ")
	t.first[w] = append(t.first[w], len(t.phrases))
	t.phrases = append(t.phrases, sp)
}

// anyPhraseIn reports whether norm, spelt as Text.norm is (words
// separated by one space, a space at each end), holds one of the phrases.
// It walks the words once and compares a phrase only where its first word
// is: searching for each pattern in turn, which begins with a space, stops
// at every word.
func (t *Phrases) anyPhraseIn(norm string) bool {
	for i := 0; i+1 < len(norm); {
		j := strings.IndexByte(norm[i+1:], ' ')
		if j < 0 {
			return false
		}
		for _, p := range t.first[norm[i+1:i+1+j]] {
			if strings.HasPrefix(norm[i:], t.phrases[p].pattern) {
				return true
			}
		}
		i += 1 + j
	}
	return false
}

// rarestByte returns the offset of the least common letter of w.
func rarestByte(w string) int {
	best := 0
	for i := range len(w) {
		if byteRarity(w[i]) > byteRarity(w[best]) {
			best = i
		}
	}
	return best
}

// byteRarity ranks a lower case letter by how rare it is in English text;
// digits and other bytes rank above every letter.
func byteRarity(c byte) int {
	if j := strings.IndexByte(letterRarity, c); j >= 0 {
		return j
	}
	return len(letterRarity)
}

// mayShow reports whether body, read as kind, could show one of the
// phrases: every word of one phrase is in it (ASCII case folded), or it
// could hide a word from a byte search.
func (t *Phrases) mayShow(kind pageKind, body string) bool {
	if t.readAll || len(t.words) > maxSignWords {
		return true // the quick test cannot judge: read the body
	}
	var state [maxSignWords]int8 // 0 not looked for, 1 found, -1 absent
	for _, p := range t.phrases {
		all := true
		for _, w := range p.words {
			if state[w] == 0 {
				state[w] = -1
				if containsFoldASCII(body, t.words[w], t.key[w]) {
					state[w] = 1
				}
			}
			if state[w] < 0 {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return mayHideWord(kind, body, t)
}

// containsFoldASCII reports whether s holds w (lower case ASCII) in any
// ASCII case. It looks for the byte w[k] in both cases and compares around
// it.
func containsFoldASCII(s, w string, k int) bool {
	lo, up := w[k], w[k]
	if 'a' <= lo && lo <= 'z' {
		up = lo - 'a' + 'A'
	}
	next := func(from int, c byte) int {
		if from >= len(s) {
			return -1
		}
		if j := strings.IndexByte(s[from:], c); j >= 0 {
			return from + j
		}
		return -1
	}
	nl, nu := next(k, lo), -1
	if up != lo {
		nu = next(k, up)
	}
	for nl >= 0 || nu >= 0 {
		var p int
		if nu < 0 || (nl >= 0 && nl < nu) {
			p, nl = nl, next(nl+1, lo)
		} else {
			p, nu = nu, next(nu+1, up)
		}
		if start := p - k; start+len(w) <= len(s) && equalLowerASCII(s[start:start+len(w)], w) {
			return true
		}
	}
	return false
}

// equalLowerASCII reports whether s, ASCII letters lower-cased, is w.
func equalLowerASCII(s, w string) bool {
	for i := range len(w) {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != w[i] {
			return false
		}
	}
	return true
}

// foldsToASCIIWord reports whether r, lower-cased, is an ASCII letter or
// digit of a word (Text.norm).
func foldsToASCIIWord(r rune) bool {
	return isPageWordRune(r) && unicode.ToLower(r) < utf8.RuneSelf
}

// nonASCIIFoldingToASCII are the characters outside ASCII that lower-case
// to an ASCII letter or digit (the Kelvin sign to k, the dotted capital I
// to i); a test checks the list against the Unicode tables.
const nonASCIIFoldingToASCII = "\u0130\u212a"

// mayHideWord reports whether body, read as kind, spells some text so that
// a word of its visible text is not in its bytes.
func mayHideWord(kind pageKind, body string, t *Phrases) bool {
	for _, r := range nonASCIIFoldingToASCII {
		if strings.Contains(body, string(r)) {
			return true
		}
	}
	switch kind {
	case jsonPage:
		return hasWordEscape(body)
	case markupPage:
		return hasWordReference(body) || hasWordJoin(body, t)
	}
	return false
}

// hasWordEscape reports a JSON \u escape of a character that can be part
// of a word.
func hasWordEscape(s string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], `\u`)
		if j < 0 {
			return false
		}
		i += j + 2
		if i+4 > len(s) {
			return false
		}
		var r rune
		for _, c := range []byte(s[i : i+4]) {
			d := hexDigit(c)
			if d < 0 {
				r = -1
				break
			}
			r = r<<4 | rune(d)
		}
		if r >= 0 && foldsToASCIIWord(r) {
			return true
		}
	}
}

func hexDigit(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// hasWordReference reports an HTML character reference that could decode
// to a character of a word.
func hasWordReference(s string) bool {
	for i := 0; ; {
		j := strings.IndexByte(s[i:], '&')
		if j < 0 {
			return false
		}
		i += j + 1
		if i < len(s) && s[i] == '#' {
			if numericReferenceIsWord(s[i+1:]) {
				return true
			}
			continue
		}
		end := i
		for end < len(s) && end-i <= maxEntityName && isASCIIAlnum(s[end]) {
			end++
		}
		name := s[i:end]
		if name == "" || plainEntity(name) {
			continue
		}
		if end < len(s) && s[end] == ';' {
			end++
		}
		// A rare reference: decode it as markupText would.
		for _, r := range html.UnescapeString(s[i-1 : end]) {
			if foldsToASCIIWord(r) {
				return true
			}
		}
	}
}

// maxEntityName is longer than the longest HTML character reference name.
const maxEntityName = 40

// numericReferenceIsWord reports whether the numeric character reference
// whose text after "&#" is s could decode to a character of a word.
func numericReferenceIsWord(s string) bool {
	base, i := 10, 0
	if i < len(s) && (s[i] == 'x' || s[i] == 'X') {
		base, i = 16, 1
	}
	v, digits := 0, 0
	for ; i < len(s); i++ {
		d := hexDigit(s[i])
		if d < 0 || d >= base {
			break
		}
		digits++
		if v <= unicode.MaxRune {
			v = v*base + d
		}
	}
	if digits == 0 || v > unicode.MaxRune {
		return false // not a reference, or U+FFFD
	}
	// 0x80-0x9F decode as Windows-1252: none is a letter that folds to
	// ASCII, but they are counted as words to stay on the safe side.
	return foldsToASCIIWord(rune(v)) || 0x80 <= v && v <= 0x9f
}

// plainEntity reports the common character references that decode to no
// character of a word (a test checks them).
func plainEntity(name string) bool {
	switch name {
	case "amp", "lt", "gt", "quot", "apos", "nbsp", "copy", "reg", "trade", "hellip", "mdash", "ndash",
		"lsquo", "rsquo", "ldquo", "rdquo", "laquo", "raquo", "middot", "bull", "times", "shy":
		return true
	}
	return false
}

func isASCII(s string) bool {
	for i := range len(s) {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func isASCIIAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// hasWordJoin reports markup that markupText reads as nothing between two
// letters that follow each other in a word of a phrase: inline tags,
// declarations and processing instructions ("Un<b>expected</b>"), or a
// CDATA section. A byte test (mayJoin) picks the markup that could do it;
// the HTML tokenizer, as markupText runs it, reads that markup: from each
// of the first few picked '<' (tokenJoin), then, when there are more, the
// whole body once (markupJoin).
func hasWordJoin(s string, t *Phrases) bool {
	if strings.Contains(s, "<![CDATA[") {
		return true
	}
	picked := 0
	var joinable *[utf8.RuneSelf]bool
	for i := 0; ; {
		j := strings.IndexByte(s[i:], '<')
		if j < 0 {
			return false
		}
		lt := i + j
		i = lt + 1
		if lt == 0 || !isASCIIAlnum(s[lt-1]) {
			continue
		}
		if joinable == nil {
			joinable = t.joinable(s)
		}
		if !joinable[lowerASCII(s[lt-1])] || !mayJoin(s, lt, t) {
			continue
		}
		if picked++; picked > maxTokenJoins {
			return markupJoin(s, t)
		}
		if tokenJoin(s, lt, t) {
			return true
		}
	}
}

// joinable returns the letters a markup run could join to a following
// letter of a phrase word in s: the run's last token ends with '>', so the
// letter after it follows a '>' somewhere in s.
func (t *Phrases) joinable(s string) *[utf8.RuneSelf]bool {
	var after [utf8.RuneSelf]bool
	for i := 0; ; {
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			break
		}
		i += j + 1
		if i < len(s) && isASCIIAlnum(s[i]) {
			after[lowerASCII(s[i])] = true
		}
	}
	j := new([utf8.RuneSelf]bool)
	for a := range utf8.RuneSelf {
		if !t.follows[a] {
			continue
		}
		for b := range utf8.RuneSelf {
			if after[b] && t.pairs[a][b] {
				j[a] = true
				break
			}
		}
	}
	return j
}

// maxTokenJoins is how many runs of markup hasWordJoin reads one by one
// before it reads the whole body: a tokenizer costs a 4 KB buffer, a read of
// the body about as much as 500 of them.
const maxTokenJoins = 8

// markupJoin is hasWordJoin read with the tokenizer over the whole body:
// it follows markupText token by token (the same hidden content skipped,
// the same raw-text elements) and reports text whose last byte, a letter,
// and the first byte of the next text, a letter following it in a phrase
// word, are separated only by markup markupText reads as nothing.
func markupJoin(s string, t *Phrases) bool {
	z := html.NewTokenizer(strings.NewReader(s))
	z.AllowCDATA(true)
	var tags tagReader // the same tags as markupText reads
	var a byte         // the last byte of the text read, lower case; 0 when not a letter or after a separator
	joined := false    // markup read as nothing since that text
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return false
		case html.TextToken:
			if raw := z.Raw(); !tags.skipping() && len(raw) > 0 {
				if joined && a != 0 && isASCIIAlnum(raw[0]) && t.pairs[a][lowerASCII(raw[0])] {
					return true
				}
				a, joined = 0, false
				if c := raw[len(raw)-1]; isASCIIAlnum(c) {
					a = lowerASCII(c)
				}
			}
			continue
		case html.CommentToken:
			if bytes.HasPrefix(z.Raw(), []byte("<!--")) {
				a = 0 // read as a space
			}
			joined = true
			continue
		case html.DoctypeToken:
			joined = true
			continue
		}
		switch tags.read(z, tt) {
		case tagInline:
			joined = true
			if tags.skipping() {
				a = 0 // left-out content ends with a line break
			}
		case tagBreak:
			joined, a = true, 0
		}
	}
}

// mayJoin is a byte test, without reading tags, of whether the markup at
// s[lt] == '<' could join the letter before it to a letter after it: false
// only when it cannot (hasWordJoin has already dropped the letters
// joinable rules out). No letter of a phrase word follows that letter; or
// the markup is a comment; or every '<' of the run of markup is followed,
// before any quote, by a '>' (where the tokenizer ends a tag, a comment
// that is not "<!--" and a doctype when no quoted attribute value can hide
// a '>'), and the byte after the run is no letter that follows it in a
// phrase word.
func mayJoin(s string, lt int, t *Phrases) bool {
	a := lowerASCII(s[lt-1])
	if !t.follows[a] {
		return false
	}
	i := lt
	for i < len(s) && s[i] == '<' {
		if strings.HasPrefix(s[i:], "<!--") {
			return false // a comment reads as a space
		}
		q := strings.IndexByte(s[i+1:], '>')
		if q < 0 {
			return false // the input ends inside the markup: no letter after it
		}
		q += i + 1
		if strings.ContainsAny(s[i:q], `"'`) {
			return true // a quoted value may hold a '>': the tokenizer tells
		}
		i = q + 1
	}
	return i < len(s) && isASCIIAlnum(s[i]) && t.pairs[a][lowerASCII(s[i])]
}

// tokenJoin reads the markup starting at s[lt] == '<' with the HTML
// tokenizer, as markupText does, and reports whether markupText reads the
// whole run as nothing (inline tags, declarations, processing
// instructions) and a letter following the one before the run in a phrase
// word comes right after it. FuzzFoundIn and TestFoundInQuickTest
// check that the quick test never drops a body
// the full read keeps.
func tokenJoin(s string, lt int, t *Phrases) bool {
	z := html.NewTokenizer(strings.NewReader(s[lt:]))
	z.AllowCDATA(true)
	end := lt // where the run read so far ends
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return false // the input ends inside the run
		case html.TextToken:
			return end > lt && isASCIIAlnum(s[end]) && t.pairs[lowerASCII(s[lt-1])][lowerASCII(s[end])]
		case html.CommentToken:
			if bytes.HasPrefix(z.Raw(), []byte("<!--")) {
				return false // read as a space
			}
		case html.DoctypeToken:
		default:
			raw, _ := z.TagName()
			name := string(raw)
			if c := strings.IndexByte(name, ':'); c >= 0 { // XML prefix
				name = name[c+1:]
			}
			if !inlineTag(name) {
				return false // a line break
			}
			if tt == html.StartTagToken && !voidTag(name) && (hiddenContent(name) || tagHidden(z)) {
				return false // its content is skipped, then a line break
			}
		}
		end += len(z.Raw())
	}
}
