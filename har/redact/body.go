package redact

import (
	"html"
	"net/url"
	"regexp"
	"strings"

	"github.com/samlcheck/samlcheck/saml/binding"
)

// url redacts a URL (absolute or a path with a query): the query's SAML
// values as SAML messages, secret and identity parameters by name, other
// values (RelayState, a return URL) as values, and the rest as text.
func (r *redactor) url(s string) string {
	q := strings.IndexByte(s, '?')
	if q < 0 {
		return r.text(s, modeValue)
	}
	base, query := s[:q], s[q+1:]
	frag := ""
	if h := strings.IndexByte(query, '#'); h >= 0 {
		query, frag = query[:h], query[h:]
	}
	out := r.text(base, modeValue) + "?" + r.form(query)
	if frag != "" {
		out += r.text(frag, modeValue)
	}
	return out
}

// form redacts an application/x-www-form-urlencoded string (a query or a
// request body), keeping its layout: each name=value pair is decoded as
// the har reader decodes it, redacted by name, and encoded again only
// when it changed.
func (r *redactor) form(s string) string {
	pairs := strings.Split(s, "&")
	for i, p := range pairs {
		rawName, rawValue, found := strings.Cut(p, "=")
		if !found {
			pairs[i] = r.text(p, modeValue)
			continue
		}
		name := binding.FormUnescape(strings.TrimSpace(rawName))
		if repl, ok := r.pairValue(name, rawValue, true); ok {
			pairs[i] = rawName + "=" + repl
			continue
		}
		plain := binding.FormUnescape(rawValue)
		if red := r.paramValue(name, plain); red != plain {
			pairs[i] = rawName + "=" + url.QueryEscape(red)
		}
	}
	return strings.Join(pairs, "&")
}

// partName finds the field name of a multipart part.
var partName = regexp.MustCompile(`(?i)content-disposition:[^\r\n]*;\s*name="([^"]*)"`)

// multipart redacts a multipart/form-data body part by part. A body that
// does not split as expected is redacted as text.
func (r *redactor) multipart(s, boundary string) string {
	delim := "--" + boundary
	chunks := strings.Split(s, delim)
	if len(chunks) < 3 {
		return r.text(s, modeBody)
	}
	for i := 1; i < len(chunks)-1; i++ {
		c := chunks[i]
		hdrEnd := strings.Index(c, "\r\n\r\n")
		sepLen := 4
		if hdrEnd < 0 {
			hdrEnd, sepLen = strings.Index(c, "\n\n"), 2
		}
		if hdrEnd < 0 {
			chunks[i] = r.text(c, modeBody)
			continue
		}
		head, body := c[:hdrEnd+sepLen], c[hdrEnd+sepLen:]
		tail := ""
		switch {
		case strings.HasSuffix(body, "\r\n"):
			body, tail = body[:len(body)-2], "\r\n"
		case strings.HasSuffix(body, "\n"):
			body, tail = body[:len(body)-1], "\n"
		}
		name := ""
		if m := partName.FindStringSubmatch(head); m != nil {
			name = m[1]
		}
		red, ok := r.fieldValue(name, body)
		if !ok {
			red = r.text(body, modeBody)
		}
		chunks[i] = head + red + tail
	}
	return strings.Join(chunks, delim)
}

// htmlSpan is a part of an HTML page redacted by what it is: the value of
// a named form control or meta element.
type htmlSpan struct {
	start, end int
	repl       string
}

// html redacts an HTML page: the values of form controls and meta
// elements by their names (SAML values as SAML messages, tokens and
// passwords removed, user names replaced), everything else as text.
func (r *redactor) html(s string) string {
	var spans []htmlSpan
	for i := 0; i < len(s); {
		lt := strings.IndexByte(s[i:], '<')
		if lt < 0 {
			break
		}
		i += lt + 1
		start := i
		for i < len(s) && (s[i] >= 'a' && s[i] <= 'z' || s[i] >= 'A' && s[i] <= 'Z') {
			i++
		}
		tag := strings.ToLower(s[start:i])
		switch tag {
		case "input", "button", "meta", "textarea":
		default:
			continue
		}
		attrs, end := htmlAttrs(s, i)
		i = end
		name := html.UnescapeString(attrs.get("name").value)
		valueAttr := "value"
		if tag == "meta" {
			valueAttr = "content"
		}
		if tag == "textarea" {
			close := binding.IndexFold(s[i:], "</textarea")
			if close < 0 {
				continue
			}
			attrs = append(attrs, htmlAttr{name: "value", start: i, end: i + close, value: s[i : i+close]})
			i += close
		}
		v := attrs.get(valueAttr)
		if v.start == v.end || name == "" {
			continue
		}
		plain := html.UnescapeString(v.value)
		red, ok := r.fieldValue(name, plain)
		if !ok {
			continue // left to the text pass over the page
		}
		if red != plain {
			spans = append(spans, htmlSpan{start: v.start, end: v.end, repl: escapeHTML(red)})
		} else {
			spans = append(spans, htmlSpan{start: v.start, end: v.end, repl: v.value})
		}
	}
	if len(spans) == 0 {
		return r.text(s, modeBody)
	}
	var b strings.Builder
	last := 0
	for _, sp := range spans {
		if sp.start < last {
			continue
		}
		b.WriteString(r.text(s[last:sp.start], modeBody))
		b.WriteString(sp.repl)
		last = sp.end
	}
	b.WriteString(r.text(s[last:], modeBody))
	return b.String()
}

var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;")

func escapeHTML(s string) string { return htmlEscaper.Replace(s) }

// htmlAttr is one attribute of a tag: its lower-cased name and the span
// of its raw value in the page.
type htmlAttr struct {
	name       string
	value      string
	start, end int
}

type htmlAttrList []htmlAttr

// get returns the first attribute named name (the zero htmlAttr if none).
func (l htmlAttrList) get(name string) htmlAttr {
	for _, a := range l {
		if a.name == name {
			return a
		}
	}
	return htmlAttr{}
}

// htmlAttrs reads the attributes of the tag whose name ends at s[i], up
// to and including its ">", returning them and the offset after the tag.
func htmlAttrs(s string, i int) (htmlAttrList, int) {
	var attrs htmlAttrList
	for i < len(s) {
		switch s[i] {
		case '>':
			return attrs, i + 1
		case ' ', '\t', '\r', '\n', '\f', '/':
			i++
			continue
		}
		start := i
		for i < len(s) && !strings.ContainsRune(" \t\r\n\f/>=", rune(s[i])) {
			i++
		}
		name := strings.ToLower(s[start:i])
		for i < len(s) && strings.ContainsRune(" \t\r\n\f", rune(s[i])) {
			i++
		}
		a := htmlAttr{name: name}
		if i < len(s) && s[i] == '=' {
			i++
			for i < len(s) && strings.ContainsRune(" \t\r\n\f", rune(s[i])) {
				i++
			}
			if i < len(s) && (s[i] == '"' || s[i] == '\'') {
				q := s[i]
				end := strings.IndexByte(s[i+1:], q)
				if end < 0 {
					end = len(s) - i - 1
				}
				a.start, a.end = i+1, i+1+end
				i = min(len(s), i+1+end+1)
			} else {
				a.start = i
				for i < len(s) && !strings.ContainsRune(" \t\r\n\f>", rune(s[i])) {
					i++
				}
				a.end = i
			}
			a.value = s[a.start:a.end]
		}
		attrs = append(attrs, a)
	}
	return attrs, i
}
