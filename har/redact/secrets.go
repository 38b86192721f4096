package redact

import (
	"encoding/binary"
	"net/url"
	"strings"

	"github.com/samlcheck/samlcheck/har/internal/harvalue"
	"github.com/samlcheck/samlcheck/saml/binding"
)

// minSecret is the shortest removed value looked for again elsewhere:
// shorter ones ("1", "true", "en") occur everywhere by chance.
const minSecret = 8

// maxSecrets bounds how many removed values are remembered.
const maxSecrets = 1 << 16

// secrets remembers the values removed from cookies, credential headers
// and secret parameters, to remove them wherever else they appear as a
// whole token: a session id a page's script echoes into a tracking URL, a
// token copied into a JSON body. Values are indexed by their first eight
// bytes, so looking for all of them costs one map look-up per token start.
type secrets struct {
	byPrefix map[uint64][]string
	n        int
}

func prefixKey(s string) uint64 { return binary.LittleEndian.Uint64([]byte(s[:8])) }

// add remembers v, and its URL-decoded and URL-encoded forms. URLs and
// e-mail addresses are not remembered: they are redacted as URLs and
// replaced by pseudonyms.
func (s *secrets) add(v string) {
	v = strings.TrimSpace(v)
	if len(v) < minSecret || v == Placeholder || isJWT(v) || strings.Contains(v, "@") || strings.Contains(v, "%40") ||
		strings.Contains(v, "://") || strings.Contains(strings.ToLower(v), "%3a%2f%2f") {
		return
	}
	for _, f := range []string{v, binding.FormUnescape(v), url.QueryEscape(v)} {
		if len(f) < minSecret || s.n >= maxSecrets {
			continue
		}
		if s.byPrefix == nil {
			s.byPrefix = map[uint64][]string{}
		}
		k := prefixKey(f)
		dup := false
		for _, x := range s.byPrefix[k] {
			dup = dup || x == f
		}
		if !dup {
			s.byPrefix[k] = append(s.byPrefix[k], f)
			s.n++
		}
	}
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// replace replaces every remembered value that stands in text as a whole
// token (not preceded or followed by a letter or digit, a "%XX" escape
// counting as a separator) by ph(value), calling found for each.
func (s *secrets) replace(text string, found func(), ph func(string) string) string {
	if s.n == 0 || len(text) < minSecret {
		return text
	}
	var b strings.Builder
	last := 0
	for i := 0; i+minSecret <= len(text); i++ {
		if i > 0 && isAlnum(text[i-1]) && !(i >= 3 && text[i-3] == '%' && harvalue.IsHex(text[i-2])) {
			continue
		}
		cands := s.byPrefix[prefixKey(text[i:])]
		if len(cands) == 0 {
			continue
		}
		best := ""
		for _, c := range cands {
			end := i + len(c)
			if len(c) > len(best) && strings.HasPrefix(text[i:], c) && (end == len(text) || !isAlnum(text[end])) {
				best = c
			}
		}
		if best == "" {
			continue
		}
		found()
		b.WriteString(text[last:i])
		b.WriteString(ph(best))
		last = i + len(best)
		i = last - 1
	}
	return spliced(&b, text, last)
}

// collect remembers the secrets of an entry's request or response before
// any of it is redacted, so that a value the entry repeats elsewhere (a
// tracking URL carrying a cookie) is found there too.
func (r *redactor) collect(n *node) {
	if n == nil || n.kind != '{' {
		return
	}
	for _, c := range n.get("cookies").elems() {
		r.secrets.add(c.get("value").text())
	}
	for _, h := range n.get("headers").elems() {
		name, value := h.get("name").text(), h.get("value").text()
		switch norm(name) {
		case "cookie":
			for _, p := range strings.Split(value, ";") {
				if _, v, ok := strings.Cut(p, "="); ok {
					r.secrets.add(v)
				}
			}
		case "setcookie", "setcookie2":
			for _, l := range strings.Split(value, "\n") {
				first, _, _ := strings.Cut(l, ";")
				if _, v, ok := strings.Cut(first, "="); ok {
					r.secrets.add(v)
				}
			}
		case "authorization", "proxyauthorization":
			_, cred, _ := strings.Cut(strings.TrimSpace(value), " ")
			r.secrets.add(cred)
		default:
			if _, ok := secretHeader(name); ok {
				r.secrets.add(value)
			}
		}
	}
	params := n.get("queryString").elems()
	if pd := n.get("postData"); pd != nil {
		params = append(params, pd.get("params").elems()...)
	}
	for _, p := range params {
		if _, ok := secretParam(harvalue.MaybeUnescape(p.get("name").text())); ok {
			r.secrets.add(p.get("value").text())
		}
	}
}

// collectEntry collects the secrets of an entry's request and response.
func (r *redactor) collectEntry(e *node) {
	r.collect(e.get("request"))
	r.collect(e.get("response"))
}
