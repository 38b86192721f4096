// Package wire holds how HAR exporters write values, for the har reader
// and the redactor (har/redact) alike: one reading of form encoding,
// Base64 bodies, JSON token kinds and HTML sniffing, so that what the
// redactor rewrites is exactly what the reader will find.
package wire

import (
	"encoding/base64"
	"encoding/json"
	"net/url"
	"strings"
)

// Parameter names of the SAML bindings (saml-bindings §3.4.4, §3.5.4).
const (
	ParamRequest  = "SAMLRequest"
	ParamResponse = "SAMLResponse"
)

// SniffLen is how much of a body LooksLikeHTML reads.
const SniffLen = 2048

// TokenKind names the JSON kind of an encoding/json decoder token.
func TokenKind(tok json.Token) string {
	switch t := tok.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case float64, json.Number:
		return "number"
	case string:
		return "string"
	case json.Delim:
		if t == '{' {
			return "object"
		}
		return "array"
	}
	return "value"
}

// FormUnescape decodes form encoding ("+" is a space), keeping s as
// written when it holds a malformed escape.
func FormUnescape(s string) string {
	if !strings.ContainsAny(s, "%+") {
		return s
	}
	u, err := url.QueryUnescape(s)
	if err != nil {
		return s
	}
	return u
}

// MaybeUnescape form-decodes a value that visibly is still URL-encoded (it
// holds a "%XX" escape) and returns any other value unchanged: a literal
// "+" in an already decoded Base64 value must stay a "+".
func MaybeUnescape(s string) string {
	if !HasEscape(s) {
		return s
	}
	return FormUnescape(s)
}

// HasEscape reports a "%XX" escape in s.
func HasEscape(s string) bool {
	for i := 0; i+2 < len(s); i++ {
		if s[i] == '%' && IsHex(s[i+1]) && IsHex(s[i+2]) {
			return true
		}
	}
	return false
}

// IsHex reports whether c is a hexadecimal digit.
func IsHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// DecodeBase64 decodes standard or URL-safe Base64, with or without
// padding and line breaks.
func DecodeBase64(s string) ([]byte, error) {
	s = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\r', '\n':
			return -1
		case '-':
			return '+'
		case '_':
			return '/'
		}
		return r
	}, s)
	return base64.RawStdEncoding.DecodeString(strings.TrimRight(s, "="))
}

// IndexFold is strings.Index ignoring ASCII case; sub must be ASCII.
func IndexFold(s, sub string) int {
	n := len(sub)
	if n == 0 {
		return 0
	}
	first := sub[0] | 0x20
	for i := 0; i+n <= len(s); i++ {
		if s[i]|0x20 == first && strings.EqualFold(s[i:i+n], sub) {
			return i
		}
	}
	return -1
}

// HasSAMLName reports whether s mentions SAMLRequest or SAMLResponse, in
// any case: a cheap test before parsing a body.
func HasSAMLName(s string) bool {
	return IndexFold(s, ParamResponse) >= 0 || IndexFold(s, ParamRequest) >= 0
}

// NotHTMLMime reports media types that are never an HTML page.
func NotHTMLMime(mt string) bool {
	for _, w := range []string{"javascript", "ecmascript", "json", "css", "image/", "font/", "audio/", "video/"} {
		if strings.Contains(mt, w) {
			return true
		}
	}
	return false
}

// LooksLikeHTML sniffs a body whose media type does not say: its first
// non-space byte is "<" and its start names an HTML element.
func LooksLikeHTML(body string) bool {
	b := strings.TrimLeft(strings.TrimPrefix(body, "\xef\xbb\xbf"), " \t\r\n")
	return HTMLHead(b[:min(len(b), SniffLen)])
}

// HTMLHead is LooksLikeHTML of the first SniffLen bytes after white space.
func HTMLHead(head string) bool {
	if len(head) == 0 || head[0] != '<' {
		return false
	}
	for _, tag := range []string{"<!doctype html", "<html", "<head", "<body", "<form", "<input", "<meta", "<title"} {
		if IndexFold(head, tag) >= 0 {
			return true
		}
	}
	return false
}
