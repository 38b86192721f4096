// Package harvalue holds what the har reader and the redactor (har/redact)
// share about how HAR exporters write values: JSON token kinds, and
// queryString and postData.params values that may or may not still be
// URL-encoded. How SAML values travel (parameter names, form encoding,
// Base64, HTML forms and sniffing) is package saml/binding's.
package harvalue

import (
	"encoding/json"
	"strings"

	"github.com/samlcheck/samlcheck/saml/binding"
)

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

// MaybeUnescape form-decodes a value that visibly is still URL-encoded (it
// holds a "%XX" escape) and returns any other value unchanged. HAR
// exporters disagree on whether postData.params and queryString are
// decoded (Firefox keeps "%2B", Chrome writes '+'); a literal '+' in an
// already decoded Base64 value must stay a '+'.
func MaybeUnescape(s string) string {
	if !HasEscape(s) {
		return s
	}
	return binding.FormUnescape(s)
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
