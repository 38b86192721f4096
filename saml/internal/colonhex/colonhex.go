// Package colonhex writes bytes as upper-case hex pairs separated by
// colons ("3B:9A:0F"), the form samlcheck prints fingerprints, serial
// numbers and key identifiers in. Package saml and its XML Encryption
// package saml/xmlenc both print them (xmlenc cannot import saml, which
// imports it).
package colonhex

import (
	"encoding/hex"
	"strings"
)

// Encode returns b as upper-case hex pairs separated by colons.
func Encode(b []byte) string {
	h := strings.ToUpper(hex.EncodeToString(b))
	var s strings.Builder
	for i := 0; i < len(h); i += 2 {
		if i > 0 {
			s.WriteByte(':')
		}
		s.WriteString(h[i : i+2])
	}
	return s.String()
}
