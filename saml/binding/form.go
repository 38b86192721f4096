package binding

import (
	"net/url"
	"strings"
)

// ParseForm splits an application/x-www-form-urlencoded string (a query
// string without its '?', or a POST body) into fields, decoding names and
// values once ('+' is a space). Unlike net/url.ParseQuery it keeps order
// and duplicates, and keeps a name or value with a malformed escape as
// written instead of dropping the pair. Empty pairs ("a=1&&b=2") are
// skipped; a pair without '=' is a name with an empty value.
func ParseForm(s string) []Field {
	var out []Field
	for s != "" {
		var pair string
		pair, s, _ = strings.Cut(s, "&")
		if pair == "" {
			continue
		}
		name, value, _ := strings.Cut(pair, "=")
		out = append(out, Field{Name: FormUnescape(name), Value: FormUnescape(value)})
	}
	return out
}

// RawQuery returns the query of a URL as written: after the first '?', up
// to a '#' ("" without a '?'). The HTTP-Redirect signature is computed over
// these octets (saml-bindings §3.4.4.1), so they are kept undecoded.
func RawQuery(u string) string {
	_, q, ok := strings.Cut(u, "?")
	if !ok {
		return ""
	}
	q, _, _ = strings.Cut(q, "#")
	return q
}

// FormUnescape decodes form encoding ('+' is a space), keeping s as
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
