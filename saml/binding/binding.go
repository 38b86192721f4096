// Package binding reads the SAML 2.0 bindings as they reach an analyzer:
// the parameter names, query strings and form bodies with their companion
// parameters (saml-bindings-2.0-os §3.4.4 HTTP-Redirect, §3.5.4 HTTP-POST),
// the HTML auto-post form a browser submits, lenient Base64 (whole and
// streaming) and the sniffing of HTML. It is the one reading of the wire
// format: the HAR reader (package har), saml.ParseInput, the redactor
// (har/redact) and the error-page reader all use it, so a message reads the
// same however it arrived.
//
// Its decisions, where the specification leaves room:
//
//   - Names. saml-bindings §3.4.4.1 and §3.5.4 spell the parameters
//     SAMLRequest, SAMLResponse, RelayState, SigAlg and Signature. All five
//     match in any ASCII case (a "relaystate" is a RelayState), as receivers
//     built on case-insensitive parameter maps (ASP.NET, many proxies) read
//     them, and are reported as the sender spelled them. The first field of
//     a name wins, as in net/url's Values.Get.
//   - Values. A query string or form body is application/x-www-form-urlencoded
//     (HTML §4.10.21.7, which saml-bindings §3.4.4.1 and §3.5.4 defer to):
//     every value, Signature included, is decoded exactly once, '+' as a
//     space and "%2B" as '+', as browsers (URLSearchParams), servlet
//     containers and net/url do. So "Signature=ab+cd%2Bef" is "ab cd+ef": a
//     sender that left '+' unescaped sent a space, and the service provider
//     sees one. Decoding Base64 later repairs such spaces and says so.
//   - HTML. Pages are read with golang.org/x/net/html's tokenizer, by the
//     HTML5 rules a browser uses: unquoted attributes, character
//     references, raw-text elements and comments. A control inside <script>
//     (or <style>, <noscript>, <template>, a comment) is not a control: a
//     browser with scripting on, which an auto-post page relies on, never
//     posts it, and neither path reports it.
package binding

import "strings"

// The parameter and form-field names of the SAML bindings
// (saml-bindings-2.0-os §3.4.4.1, §3.5.4).
const (
	ParamRequest    = "SAMLRequest"
	ParamResponse   = "SAMLResponse"
	ParamRelayState = "RelayState"
	ParamSigAlg     = "SigAlg"
	ParamSignature  = "Signature"
)

// IsMessageParam reports whether name is SAMLRequest or SAMLResponse, in
// any ASCII case.
func IsMessageParam(name string) bool {
	return strings.EqualFold(name, ParamResponse) || strings.EqualFold(name, ParamRequest)
}

// Field is one name/value pair of a query string, form body or HTML form,
// both decoded.
type Field struct {
	Name, Value string
}

// Lookup returns the value of the first field named name (in any ASCII
// case) and whether there is one.
func Lookup(fields []Field, name string) (string, bool) {
	for _, f := range fields {
		if strings.EqualFold(f.Name, name) {
			return f.Value, true
		}
	}
	return "", false
}

// Message is one SAML protocol message value of a field set with the
// companion parameters of the same set.
type Message struct {
	// Param is the field name as the sender spelled it (SAMLRequest or
	// SAMLResponse in some case).
	Param string
	// Value is the field's value, decoded once (still Base64, perhaps
	// DEFLATE-compressed).
	Value string
	// RelayState, SigAlg and Signature are the first fields of those
	// names in the set, "" when absent.
	RelayState, SigAlg, Signature string
}

// Messages returns one Message per SAMLRequest or SAMLResponse field of
// fields whose value is not blank, in order, each with the set's companion
// parameters.
func Messages(fields []Field) []Message {
	var out []Message
	for _, f := range fields {
		if !IsMessageParam(f.Name) || strings.TrimSpace(f.Value) == "" {
			continue
		}
		m := Message{Param: f.Name, Value: f.Value}
		m.RelayState, _ = Lookup(fields, ParamRelayState)
		m.SigAlg, _ = Lookup(fields, ParamSigAlg)
		m.Signature, _ = Lookup(fields, ParamSignature)
		out = append(out, m)
	}
	return out
}

// HasMessageName reports whether s mentions SAMLRequest or SAMLResponse
// in any ASCII case: a cheap test before parsing a body.
func HasMessageName(s string) bool {
	return indexFold(s, ParamResponse) >= 0 || indexFold(s, ParamRequest) >= 0
}

// indexFold is strings.Index ignoring ASCII case; sub must be ASCII.
func indexFold(s, sub string) int {
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
