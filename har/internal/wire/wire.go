// Package wire holds what the har reader and the redactor (har/redact)
// share about HAR's JSON: the names of token kinds in their errors. How
// SAML values travel (form encoding, Base64, HTML forms and sniffing) is
// package saml/binding's.
package wire

import "encoding/json"

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
