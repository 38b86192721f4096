package checks

import (
	"html"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// This file holds the quick test MayBeErrorPage applies before it reads a
// body as a page. A message is on a page when its words, in order, are
// words of the visible text (pageText.find); so each of its words is in
// the body, in any case, unless the body spells it in a way the raw bytes
// hide: a character reference or a JSON \u escape, a letter such as the
// Kelvin sign that lower-cases to an ASCII letter, or markup that joins
// two pieces of text into one word ("Un<b>expected</b>"). mayShowSign
// accepts a body when every word of one message is there, or when the
// body has one of those spellings that could hide a word.

// signPhrase is a phrase of errorSigns as the quick test and the match
// read it.
type signPhrase struct {
	// words index signTable.words, the rarest first.
	words []int
	// pattern is the phrase as pageText.norm spells it, with a space at
	// each end.
	pattern string
}

// signTable is every phrase of errorSigns, prepared once.
type signTable struct {
	// words are the distinct words of the phrases, in lower case ASCII,
	// and key the offset in each of its least common letter.
	words []string
	key   []int
	// phrases are the distinct phrases.
	phrases []signPhrase
	// pairs[a][b] holds when letters a and b follow each other in a word.
	pairs [utf8.RuneSelf][utf8.RuneSelf]bool
	// first maps the first word of each phrase to the phrases' indexes.
	first map[string][]int
}

// maxSignWords bounds the distinct words of errorSigns (mayShowSign keeps
// one state per word on the stack).
const maxSignWords = 256

// signIndex returns the table of errorSigns' phrases, computed on first use
// and never changed after.
var signIndex = sync.OnceValue(func() *signTable {
	t := &signTable{}
	for i := range errorSigns {
		for _, p := range errorSigns[i].phrases {
			t.addPhrase(p)
		}
	}
	return t
})

// letterRarity orders ASCII letters from the most to the least common in
// English text.
const letterRarity = "etaoinshrdlcumwfgypbvkjxqz"

func (t *signTable) addPhrase(p string) {
	n := normalizePhrase(p)
	if n == "" || slices.ContainsFunc(t.phrases, func(q signPhrase) bool { return q.pattern == " "+n+" " }) {
		return
	}
	sp := signPhrase{pattern: " " + n + " "}
	for _, w := range strings.Fields(n) {
		k := slices.Index(t.words, w)
		if k < 0 {
			k = len(t.words)
			t.words = append(t.words, w)
			t.key = append(t.key, rarestByte(w))
			for i := 1; i < len(w); i++ {
				if w[i-1] < utf8.RuneSelf && w[i] < utf8.RuneSelf {
					t.pairs[w[i-1]][w[i]] = true
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
	if t.first == nil {
		t.first = map[string][]int{}
	}
	w, _, _ := strings.Cut(n, " ")
	t.first[w] = append(t.first[w], len(t.phrases))
	t.phrases = append(t.phrases, sp)
}

// anyPhraseIn reports whether norm, spelt as pageText.norm is (words
// separated by one space, a space at each end), holds one of the phrases.
// It walks the words once and compares a phrase only where its first word
// is: searching for each pattern in turn, which begins with a space, stops
// at every word.
func (t *signTable) anyPhraseIn(norm string) bool {
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

// mayShowSign reports whether body, read as kind, could show a phrase of
// errorSigns: every word of one phrase is in it (ASCII case folded), or it
// could hide a word from a byte search.
func mayShowSign(kind pageKind, body string) bool {
	t := signIndex()
	if len(t.words) > maxSignWords {
		return true // never: a test guards the bound
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
// digit of a word (pageText.norm).
func foldsToASCIIWord(r rune) bool {
	return isPageWordRune(r) && unicode.ToLower(r) < utf8.RuneSelf
}

// nonASCIIFoldingToASCII are the characters outside ASCII that lower-case
// to an ASCII letter or digit (the Kelvin sign to k, the dotted capital I
// to i); a test checks the list against the Unicode tables.
const nonASCIIFoldingToASCII = "\u0130\u212a"

// mayHideWord reports whether body, read as kind, spells some text so that
// a word of its visible text is not in its bytes.
func mayHideWord(kind pageKind, body string, t *signTable) bool {
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
// CDATA section. It parses tags as markupText does.
func hasWordJoin(s string, t *signTable) bool {
	for i := 0; ; {
		j := strings.IndexByte(s[i:], '<')
		if j < 0 {
			return false
		}
		lt := i + j
		i = lt + 1
		if strings.HasPrefix(s[lt:], "<![CDATA[") {
			return true
		}
		if lt == 0 || !isASCIIAlnum(s[lt-1]) {
			continue
		}
		end, joins := joinRun(s, lt)
		if joins && end < len(s) && isASCIIAlnum(s[end]) && t.pairs[lowerASCII(s[lt-1])][lowerASCII(s[end])] {
			return true
		}
	}
}

// joinRun reads the markup run starting at s[i] == '<' as markupText does
// and returns where the run ends and whether markupText reads it as
// nothing at all (so that the text on both sides joins).
func joinRun(s string, i int) (int, bool) {
	for i < len(s) && s[i] == '<' {
		rest := s[i:]
		switch {
		case strings.HasPrefix(rest, "<!--"):
			return i, false // read as a space
		case strings.HasPrefix(rest, "<![CDATA["):
			return i, true // hasWordJoin counts every CDATA section
		case strings.HasPrefix(rest, "<!") || strings.HasPrefix(rest, "<?"):
			i = skipPast(s, i+2, ">")
		default:
			tag, end, ok := parseTag(s, i)
			if !ok || !inlineTag(tag.name) {
				return i, false // "<" as text, or a line break
			}
			if tag.hidden && !tag.closing && !tag.selfClosing {
				return i, false // its content is skipped, then a line break
			}
			i = end
		}
	}
	return i, true
}
