// Package jwt decodes JSON Web Tokens (RFC 7519) as samlcheck meets them in
// trusted identity propagation: the ID and access tokens an OpenID Connect
// provider (Amazon Cognito, Okta, Entra ID) issues and an application
// exchanges with IAM Identity Center's CreateTokenWithIAM. It reads JWKS
// documents (RFC 7517) and OpenID Connect discovery documents, and verifies
// signatures with the keys of a document given to it. It never fetches
// anything: keys come only from the caller.
//
// A token's signature is a secret like the token itself: [Token] keeps it
// unexported, and [Token.String] shows the header and claims only.
package jwt

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
)

// MaxToken is the longest token text Parse accepts.
const MaxToken = 64 << 10

// Token is a decoded JWS compact serialisation (RFC 7515 §7.1).
type Token struct {
	// Header is the decoded JOSE header.
	Header map[string]any
	// Claims is the decoded claims set.
	Claims map[string]any

	signingInput string // header.payload, as written
	signature    []byte
}

// ErrNotJWT is returned by Parse for text that is not a compact JWS.
var ErrNotJWT = errors.New("not a JWT (want three Base64url parts separated by dots)")

// ParseError is a token that is JWT-shaped but cannot be decoded.
type ParseError struct {
	// Part is "header", "claims" or "signature".
	Part string
	Err  error
}

// Error names the part that failed and why.
func (e *ParseError) Error() string { return "jwt: " + e.Part + ": " + e.Err.Error() }

// Unwrap returns the underlying error.
func (e *ParseError) Unwrap() error { return e.Err }

// Parse decodes a compact JWS (header.payload.signature). Surrounding white
// space and a "Bearer " prefix are ignored. The signature is not verified.
func Parse(s string) (*Token, error) {
	s = strings.TrimSpace(s)
	if len(s) > 7 && strings.EqualFold(s[:7], "bearer ") {
		s = strings.TrimSpace(s[7:])
	}
	if len(s) > MaxToken {
		return nil, fmt.Errorf("jwt: longer than %d bytes: %w", MaxToken, ErrNotJWT)
	}
	parts := strings.Split(s, ".")
	if len(parts) != 3 {
		return nil, fmt.Errorf("jwt: %w", ErrNotJWT)
	}
	t := &Token{signingInput: parts[0] + "." + parts[1]}
	if err := decodeJSON(parts[0], &t.Header); err != nil {
		return nil, &ParseError{Part: "header", Err: err}
	}
	if err := decodeJSON(parts[1], &t.Claims); err != nil {
		return nil, &ParseError{Part: "claims", Err: err}
	}
	sig, err := b64(parts[2])
	if err != nil {
		return nil, &ParseError{Part: "signature", Err: err}
	}
	t.signature = sig
	return t, nil
}

func b64(s string) ([]byte, error) {
	return base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
}

func decodeJSON(part string, v *map[string]any) error {
	raw, err := b64(part)
	if err != nil {
		return err
	}
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if err := d.Decode(v); err != nil {
		return fmt.Errorf("not a JSON object: %w", err)
	}
	if *v == nil {
		return errors.New("not a JSON object: null")
	}
	return nil
}

// String returns the header and claims as JSON, and "<signature redacted>"
// in place of the signature: what may be shown of a token.
func (t *Token) String() string {
	h, _ := json.Marshal(t.Header)
	c, _ := json.Marshal(t.Claims)
	return string(h) + "." + string(c) + ".<signature redacted>"
}

// Signed reports whether the token has a signature (alg other than "none"
// and a non-empty signature part).
func (t *Token) Signed() bool { return len(t.signature) > 0 && t.Alg() != "none" }

// Alg returns the header's "alg".
func (t *Token) Alg() string { return t.HeaderString("alg") }

// Kid returns the header's "kid".
func (t *Token) Kid() string { return t.HeaderString("kid") }

// HeaderString returns a header parameter as a string ("" when absent or
// not a string).
func (t *Token) HeaderString(name string) string {
	s, _ := t.Header[name].(string)
	return s
}

// Claim returns a claim as text: a string as is, a number in its JSON
// form, true/false, other values as JSON; ok is false when the claim is
// absent or null.
func (t *Token) Claim(name string) (value string, ok bool) {
	v, present := t.Claims[name]
	if !present || v == nil {
		return "", false
	}
	switch x := v.(type) {
	case string:
		return x, true
	case json.Number:
		return x.String(), true
	case bool:
		return fmt.Sprint(x), true
	}
	b, _ := json.Marshal(v)
	return string(b), true
}

// Issuer returns the "iss" claim.
func (t *Token) Issuer() string { s, _ := t.Claims["iss"].(string); return s }

// Audience returns the "aud" claim as a list (RFC 7519 §4.1.3: a string or
// an array of strings); nil when absent.
func (t *Token) Audience() []string {
	switch a := t.Claims["aud"].(type) {
	case string:
		return []string{a}
	case []any:
		var out []string
		for _, v := range a {
			if s, ok := v.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// Time returns a NumericDate claim ("exp", "nbf", "iat": seconds since the
// epoch, RFC 7519 §2); ok is false when it is absent or not a number.
func (t *Token) Time(name string) (time.Time, bool) {
	n, ok := t.Claims[name].(json.Number)
	if !ok {
		return time.Time{}, false
	}
	f, err := n.Float64()
	if err != nil {
		return time.Time{}, false
	}
	sec := int64(f)
	return time.Unix(sec, int64((f-float64(sec))*1e9)).UTC(), true
}

// TokenUse returns Amazon Cognito's "token_use" claim: "id" or "access"
// (Cognito developer guide, using-the-id-token / using-the-access-token).
func (t *Token) TokenUse() string { s, _ := t.Claims["token_use"].(string); return s }

// shape matches a compact JWS whose header and payload start with '{"'
// (eyJ), as JOSE headers and claim sets do.
var shape = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*`)

// Find returns the JWT-shaped substrings of text, in order, each once.
// They are candidates: Parse says which decode.
func Find(text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range shape.FindAllString(text, -1) {
		if !seen[m] {
			seen[m] = true
			out = append(out, m)
		}
	}
	return out
}

// Looks reports whether text, trimmed, is one JWT-shaped value and nothing
// else (a token pasted alone into a file).
func Looks(text string) bool {
	s := strings.TrimSpace(text)
	if len(s) > 7 && strings.EqualFold(s[:7], "bearer ") {
		s = strings.TrimSpace(s[7:])
	}
	return len(s) <= MaxToken && shape.FindString(s) == s && s != ""
}

// Redacted reports a token whose signature is the word REDACTED: one
// pseudonymised by samlcheck redact (har/redact.RedactedSignature), whose
// claims were changed after signing.
func (t *Token) Redacted() bool { return string(t.signature) == "REDACTED" }
