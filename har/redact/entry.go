package redact

import (
	"encoding/base64"
	"mime"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/samlcheck/samlcheck/har/internal/harvalue"
	"github.com/samlcheck/samlcheck/saml/binding"
)

// entry redacts one element of log.entries in place. Anything of an
// unexpected shape is still walked, every string in it redacted as text.
func (r *redactor) entry(e *node) {
	if e.kind != '{' {
		r.generic(e, modeValue)
		return
	}
	for i, k := range e.keys {
		v := e.vals[i]
		switch {
		case (k == "request" || k == "response") && v.kind == '{':
			r.message(v)
		case k == "_webSocketMessages":
			r.generic(v, modeBody)
		default:
			r.generic(v, modeValue)
		}
	}
}

// message redacts a request or a response (their members do not share
// names but headers and cookies).
func (r *redactor) message(n *node) {
	for i, k := range n.keys {
		v := n.vals[i]
		switch {
		case (k == "url" || k == "redirectURL") && v.kind == '"':
			v.str = r.url(v.str)
		case k == "headers" && v.kind == '[':
			r.headers(v)
		case k == "cookies" && v.kind == '[':
			r.cookies(v)
		case k == "queryString" && v.kind == '[':
			r.params(v)
		case k == "postData" && v.kind == '{':
			r.postData(v)
		case k == "content" && v.kind == '{':
			r.content(v)
		default:
			r.generic(v, modeValue)
		}
	}
}

// generic redacts every string of n as text (URLs as URLs).
func (r *redactor) generic(n *node, mode textMode) {
	switch n.kind {
	case '"':
		if mode == modeValue {
			n.str = r.value(n.str)
		} else {
			n.str = r.text(n.str, mode)
		}
	case '{', '[':
		for _, v := range n.vals {
			r.generic(v, mode)
		}
	}
}

// value redacts a short HAR string: as a URL when it is one, else as text.
func (r *redactor) value(s string) string {
	if (strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://")) && !strings.ContainsAny(s, " \t\r\n") {
		return r.url(s)
	}
	return r.text(s, modeValue)
}

// headers redacts a headers array: secrets by header name, URLs in
// Location, Referer and :path (SAML values in them included), and other
// values as text.
func (r *redactor) headers(arr *node) {
	r.values(arr, func(name string, v *node) bool {
		if v.kind != '"' {
			return false
		}
		v.str = r.header(name, v.str)
		return true
	})
}

// values walks an array of name/value objects (headers, cookies, query
// parameters), calling f with each object's name and value member; f
// reports whether it redacted the value. Everything else is redacted as
// values.
func (r *redactor) values(arr *node, f func(name string, value *node) bool) {
	for _, o := range arr.vals {
		if o.kind != '{' {
			r.generic(o, modeValue)
			continue
		}
		name := o.get("name").text()
		for i, k := range o.keys {
			if k != "value" || !f(name, o.vals[i]) {
				r.generic(o.vals[i], modeValue)
			}
		}
	}
}

// header returns the redacted value of one header.
func (r *redactor) header(name, value string) string {
	n := norm(name)
	if kind, ok := secretHeader(name); ok {
		switch n {
		case "cookie":
			return r.cookiePairs(value, ";")
		case "setcookie", "setcookie2":
			lines := strings.Split(value, "\n")
			for i, l := range lines {
				first, rest, found := strings.Cut(l, ";")
				lines[i] = r.cookiePairs(first, ";")
				if found {
					lines[i] += ";" + r.text(rest, modeValue)
				}
			}
			return strings.Join(lines, "\n")
		case "authorization", "proxyauthorization":
			if strings.TrimSpace(value) == "" || strings.HasSuffix(value, Placeholder) {
				return value
			}
			if scheme, cred, found := strings.Cut(strings.TrimSpace(value), " "); found {
				r.removed(kind, cred)
				return scheme + " " + Placeholder
			}
			r.removed(kind, value)
			return Placeholder
		}
		if value == "" || value == Placeholder {
			return value
		}
		r.removed(kind, value)
		return Placeholder
	}
	switch n {
	case "location", "contentlocation", "referer", "origin", "path":
		return r.url(value)
	}
	return r.value(value)
}

// cookiePairs replaces the values of "name=value" pairs separated by sep,
// keeping names (they tell which session was lost).
func (r *redactor) cookiePairs(s, sep string) string {
	parts := strings.Split(s, sep)
	for i, p := range parts {
		name, v, found := strings.Cut(p, "=")
		switch {
		case strings.TrimSpace(p) == "":
			continue
		case !found:
			if strings.TrimSpace(p) == Placeholder {
				continue
			}
			parts[i] = Placeholder
		case strings.TrimSpace(v) == "" || v == Placeholder:
			continue
		default:
			parts[i] = name + "=" + Placeholder
			r.secrets.add(v)
		}
		r.count(CountCookie, 1)
	}
	return strings.Join(parts, sep)
}

// cookies redacts a cookies array: each value becomes Placeholder, names
// and attributes stay.
func (r *redactor) cookies(arr *node) {
	r.values(arr, func(_ string, v *node) bool {
		if v.kind != '"' && (v.kind != 'l' || string(v.lit) == "null") {
			return false
		}
		if v.text() != "" && v.text() != Placeholder {
			r.removed(CountCookie, v.text())
		}
		*v = node{kind: '"', str: Placeholder}
		return true
	})
}

// params redacts a queryString or postData.params array. Values may be
// URL-encoded (Chrome) or not (Firefox); they are read as the har reader
// reads them and written back in the same form.
func (r *redactor) params(arr *node) {
	r.values(arr, func(name string, v *node) bool {
		if v.kind != '"' {
			return false
		}
		v.str = r.param(harvalue.MaybeUnescape(name), v.str)
		return true
	})
}

// param redacts the value of a queryString or params entry.
func (r *redactor) param(name, value string) string {
	if repl, ok := r.pairValue(name, value, harvalue.HasEscape(value)); ok {
		return repl
	}
	plain := harvalue.MaybeUnescape(value)
	red := r.paramValue(name, plain)
	if red == plain {
		return value
	}
	if plain != value {
		return url.QueryEscape(red)
	}
	return red
}

// paramValue redacts a decoded parameter value that is no secret nor
// identity by its name: a SAML message, or a value such as RelayState.
func (r *redactor) paramValue(name, plain string) string {
	switch {
	case isSAMLParam(name):
		return r.samlValue(plain)
	case strings.EqualFold(name, "RelayState"):
		return r.relayState(plain)
	}
	return r.value(plain)
}

// fieldValue redacts the value of a form field by its name, a SAML
// message included; false when the name says nothing.
func (r *redactor) fieldValue(name, plain string) (string, bool) {
	switch {
	case isSAMLParam(name):
		return r.samlValue(plain), true
	case strings.EqualFold(name, "RelayState"):
		return r.relayState(plain), true
	}
	return r.pairValue(name, plain, false)
}

// postData redacts a request body: its params, and its text as a form,
// multipart form, HTML, JSON or plain text.
func (r *redactor) postData(n *node) {
	mimeType := n.get("mimeType").text()
	b64 := strings.EqualFold(strings.TrimSpace(n.get("encoding").text()), "base64")
	for i, k := range n.keys {
		v := n.vals[i]
		switch {
		case k == "params" && v.kind == '[':
			r.params(v)
		case k == "text" && v.kind == '"':
			v.str = r.encodedBody(v.str, b64, func(s string) string { return r.requestBody(s, mimeType) })
		default:
			r.generic(v, modeValue)
		}
	}
}

// encodedBody applies f to a body, decoding it from Base64 first when b64
// says so (and encoding the result again). A Base64 body that does not
// decode to UTF-8 text is binary and left alone.
func (r *redactor) encodedBody(s string, b64 bool, f func(string) string) string {
	if !b64 {
		return f(s)
	}
	data, err := binding.DecodeBase64(s)
	if err != nil || !utf8.Valid(data) {
		return s
	}
	red := f(string(data))
	if red == string(data) {
		return s
	}
	return base64.StdEncoding.EncodeToString([]byte(red))
}

// requestBody redacts request body text. A body mentioning a SAML
// parameter is read as a form, as the har reader reads it.
func (r *redactor) requestBody(s, mimeType string) string {
	mt, params, _ := mime.ParseMediaType(mimeType)
	switch {
	case mt == "multipart/form-data" && params["boundary"] != "":
		return r.multipart(s, params["boundary"])
	case mt == "application/x-www-form-urlencoded" || binding.HasMessageName(s):
		return r.form(s)
	case strings.Contains(mt, "html"):
		return r.html(s)
	}
	return r.text(s, modeBody)
}

// content redacts a response body. Images, fonts, audio and video are left
// as they are.
func (r *redactor) content(n *node) {
	mimeType := n.get("mimeType").text()
	b64 := strings.EqualFold(strings.TrimSpace(n.get("encoding").text()), "base64")
	for i, k := range n.keys {
		v := n.vals[i]
		switch {
		case k == "text" && v.kind == '"':
			if isBinaryMime(mimeType) {
				continue
			}
			v.str = r.encodedBody(v.str, b64, func(s string) string { return r.responseBody(s, mimeType) })
		default:
			r.generic(v, modeValue)
		}
	}
}

// responseBody redacts response body text: HTML pages with their forms,
// anything else as text.
func (r *redactor) responseBody(s, mimeType string) string {
	mt := strings.ToLower(mimeType)
	if strings.Contains(mt, "html") || !binding.NeverHTML(mt) && binding.SniffHTML([]byte(s)) {
		return r.html(s)
	}
	return r.text(s, modeBody)
}

// isBinaryMime reports media types whose bodies are never text.
func isBinaryMime(mimeType string) bool {
	m := strings.ToLower(strings.TrimSpace(mimeType))
	for _, p := range []string{"image/", "font/", "audio/", "video/", "application/font", "application/x-font", "application/vnd.ms-fontobject", "application/wasm"} {
		if strings.HasPrefix(m, p) && m != "image/svg+xml" {
			return true
		}
	}
	return false
}
