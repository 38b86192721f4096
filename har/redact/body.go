package redact

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/samlcheck/samlcheck/saml/binding"
	"golang.org/x/net/html"
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
// passwords removed, user names replaced), everything else as text. The
// page is read with golang.org/x/net/html's tokenizer, as package
// saml/binding reads forms, so every control the har reader finds is
// redacted by its name. The text of raw-text elements (script, style,
// noscript, …) is read again as a page: a browser never posts a control
// written there, but its value is redacted all the same. A tag whose value
// is redacted is written again with its attributes double-quoted.
func (r *redactor) html(s string) string {
	var spans []htmlSpan
	z := html.NewTokenizer(strings.NewReader(s))
	off, rawText := 0, false
	for {
		tt := z.Next()
		raw := z.Raw()
		start := off
		off += len(raw)
		if tt == html.ErrorToken {
			break
		}
		if tt == html.TextToken && rawText && strings.IndexByte(string(raw), '<') >= 0 {
			spans = append(spans, htmlSpan{start: start, end: off, repl: r.html(string(raw))})
		}
		rawText = false
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, _ := z.TagName()
		tag := string(name)
		switch tag {
		case "script", "style", "noscript", "iframe", "xmp", "noembed", "noframes":
			rawText = tt == html.StartTagToken
			continue
		case "input", "button", "meta", "textarea":
		default:
			continue
		}
		rawTag := string(raw)
		attrs := tokenAttrs(z)
		field := attrValue(attrs, "name")
		if tag == "textarea" {
			tstart := off
			var text strings.Builder
			for z.Next() == html.TextToken {
				text.Write(z.Text())
				off += len(z.Raw())
			}
			tend := off
			off += len(z.Raw()) // the end tag, or what ends the text
			plain := strings.TrimPrefix(text.String(), "\n")
			if field == "" || tend == tstart {
				continue
			}
			if red, ok := r.fieldValue(field, plain); ok {
				repl := s[tstart:tend]
				if red != plain {
					repl = escapeHTML(red)
				}
				spans = append(spans, htmlSpan{start: tstart, end: tend, repl: repl})
			}
			continue
		}
		valueAttr := "value"
		if tag == "meta" {
			valueAttr = "content"
		}
		plain := attrValue(attrs, valueAttr)
		if field == "" || plain == "" {
			continue
		}
		red, ok := r.fieldValue(field, plain)
		if !ok {
			continue // left to the text pass over the page
		}
		repl := rawTag
		if red != plain {
			repl = r.writeTag(rawTag, tag, attrs, valueAttr, red, tt == html.SelfClosingTagToken)
		}
		spans = append(spans, htmlSpan{start: start, end: start + len(rawTag), repl: repl})
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

// tokenAttrs returns the attributes of the tokenizer's current tag (names
// lower case, values decoded).
func tokenAttrs(z *html.Tokenizer) []html.Attribute {
	var attrs []html.Attribute
	for {
		k, v, more := z.TagAttr()
		if k != nil {
			attrs = append(attrs, html.Attribute{Key: string(k), Val: string(v)})
		}
		if !more {
			return attrs
		}
	}
}

// attrValue returns the value of the first attribute named key ("" if none).
func attrValue(attrs []html.Attribute, key string) string {
	for _, a := range attrs {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// writeTag writes a start tag again with the value of its first attribute
// named valueAttr replaced by value and every other attribute value
// redacted as text; the tag name keeps the case it was written in.
func (r *redactor) writeTag(rawTag, tag string, attrs []html.Attribute, valueAttr, value string, selfClosing bool) string {
	var b strings.Builder
	b.WriteString(rawTag[:1+len(tag)])
	done := false
	for _, a := range attrs {
		v := a.Val
		switch {
		case a.Key == valueAttr && !done:
			v, done = value, true
		case a.Key != "name":
			v = r.text(v, modeValue)
		}
		b.WriteString(" " + a.Key + `="` + escapeHTML(v) + `"`)
	}
	if selfClosing {
		b.WriteString("/")
	}
	b.WriteString(">")
	return b.String()
}

var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;")

func escapeHTML(s string) string { return htmlEscaper.Replace(s) }
