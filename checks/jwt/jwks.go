package jwt

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strings"
)

// Key is one public key of a JWKS document (RFC 7517 §4).
type Key struct {
	// ID is the key's "kid".
	ID string
	// Type is "kty": "RSA" or "EC".
	Type string
	// Alg is the key's "alg", if given.
	Alg string
	// Public is the *rsa.PublicKey or *ecdsa.PublicKey.
	Public crypto.PublicKey
}

// KeySet is a JWKS document: the keys samlcheck could read from it, and
// where it came from.
type KeySet struct {
	// Source names the document: a file name, or the URL of the HAR entry
	// that carried it.
	Source string
	// Keys are the RSA and EC keys read; keys of other types, and
	// private members, are ignored.
	Keys []Key
}

// ParseJWKS reads a JWKS document ({"keys":[…]}); source names it in
// errors and in KeySet.Source.
func ParseJWKS(source string, data []byte) (*KeySet, error) {
	var doc struct {
		Keys []map[string]any `json:"keys"`
	}
	if err := json.Unmarshal(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), &doc); err != nil {
		return nil, fmt.Errorf("jwt: JWKS %s: %w", source, err)
	}
	if doc.Keys == nil {
		return nil, fmt.Errorf("jwt: JWKS %s: no \"keys\" array", source)
	}
	ks := &KeySet{Source: source}
	for i, k := range doc.Keys {
		key, err := parseJWK(k)
		if err != nil {
			return nil, fmt.Errorf("jwt: JWKS %s: key %d: %w", source, i, err)
		}
		if key != nil {
			ks.Keys = append(ks.Keys, *key)
		}
	}
	return ks, nil
}

// IsJWKS reports whether data is a JSON object with a "keys" array of
// objects that have "kty": a JWKS document.
func IsJWKS(data []byte) bool {
	var doc struct {
		Keys []map[string]any `json:"keys"`
	}
	if json.Unmarshal(data, &doc) != nil || len(doc.Keys) == 0 {
		return false
	}
	_, ok := doc.Keys[0]["kty"]
	return ok
}

func str(m map[string]any, k string) string { s, _ := m[k].(string); return s }

func parseJWK(m map[string]any) (*Key, error) {
	k := &Key{ID: str(m, "kid"), Type: str(m, "kty"), Alg: str(m, "alg")}
	num := func(name string) (*big.Int, error) {
		b, err := b64(str(m, name))
		if err != nil || len(b) == 0 {
			return nil, fmt.Errorf("member %q is not Base64url", name)
		}
		return new(big.Int).SetBytes(b), nil
	}
	switch k.Type {
	case "RSA":
		n, err := num("n")
		if err != nil {
			return nil, err
		}
		e, err := num("e")
		if err != nil {
			return nil, err
		}
		if !e.IsInt64() || e.Int64() < 3 || e.Int64() > 1<<31 {
			return nil, errors.New("RSA exponent out of range")
		}
		k.Public = &rsa.PublicKey{N: n, E: int(e.Int64())}
	case "EC":
		var c elliptic.Curve
		switch str(m, "crv") {
		case "P-256":
			c = elliptic.P256()
		case "P-384":
			c = elliptic.P384()
		case "P-521":
			c = elliptic.P521()
		default:
			return nil, nil // a curve samlcheck does not verify with
		}
		x, err := num("x")
		if err != nil {
			return nil, err
		}
		y, err := num("y")
		if err != nil {
			return nil, err
		}
		k.Public = &ecdsa.PublicKey{Curve: c, X: x, Y: y}
	default:
		return nil, nil
	}
	return k, nil
}

// ErrNoKey is returned by Verify when no key of the set matches the
// token's kid (or, without a kid, none verifies).
var ErrNoKey = errors.New("no key with the token's kid")

// ErrUnsupportedAlg is returned by Verify for an algorithm it does not
// verify (HMAC needs the shared secret, which samlcheck never takes).
var ErrUnsupportedAlg = errors.New("unsupported algorithm")

// ErrBadSignature is returned by Verify when the signature does not verify
// with the key.
var ErrBadSignature = errors.New("signature does not verify")

// Verify checks the token's signature with the key of ks that has its kid
// (any key when the token has none). It returns the key used.
func (t *Token) Verify(ks *KeySet) (*Key, error) {
	alg := t.Alg()
	h, ok := map[string]crypto.Hash{"RS256": crypto.SHA256, "RS384": crypto.SHA384, "RS512": crypto.SHA512,
		"PS256": crypto.SHA256, "PS384": crypto.SHA384, "PS512": crypto.SHA512,
		"ES256": crypto.SHA256, "ES384": crypto.SHA384, "ES512": crypto.SHA512}[alg]
	if !ok {
		return nil, fmt.Errorf("jwt: alg %q: %w", alg, ErrUnsupportedAlg)
	}
	digest := hashOf(h, []byte(t.signingInput))
	var tried bool
	var lastErr error
	for i := range ks.Keys {
		k := &ks.Keys[i]
		if t.Kid() != "" && k.ID != t.Kid() {
			continue
		}
		tried = true
		if err := verifyWith(k, alg, h, digest, t.signature); err != nil {
			lastErr = err
			continue
		}
		return k, nil
	}
	if !tried {
		return nil, fmt.Errorf("jwt: kid %q: %w", t.Kid(), ErrNoKey)
	}
	return nil, lastErr
}

func hashOf(h crypto.Hash, data []byte) []byte {
	switch h {
	case crypto.SHA384:
		s := sha512.Sum384(data)
		return s[:]
	case crypto.SHA512:
		s := sha512.Sum512(data)
		return s[:]
	}
	s := sha256.Sum256(data)
	return s[:]
}

func verifyWith(k *Key, alg string, h crypto.Hash, digest, sig []byte) error {
	switch pub := k.Public.(type) {
	case *rsa.PublicKey:
		var err error
		switch {
		case strings.HasPrefix(alg, "RS"):
			err = rsa.VerifyPKCS1v15(pub, h, digest, sig)
		case strings.HasPrefix(alg, "PS"):
			err = rsa.VerifyPSS(pub, h, digest, sig, nil)
		default:
			return fmt.Errorf("jwt: key %q is RSA, the token's alg is %s: %w", k.ID, alg, ErrBadSignature)
		}
		if err != nil {
			return fmt.Errorf("jwt: key %q: %w", k.ID, ErrBadSignature)
		}
		return nil
	case *ecdsa.PublicKey:
		if !strings.HasPrefix(alg, "ES") {
			return fmt.Errorf("jwt: key %q is EC, the token's alg is %s: %w", k.ID, alg, ErrBadSignature)
		}
		size := (pub.Curve.Params().BitSize + 7) / 8
		if len(sig) != 2*size {
			return fmt.Errorf("jwt: key %q: %w", k.ID, ErrBadSignature)
		}
		r, s := new(big.Int).SetBytes(sig[:size]), new(big.Int).SetBytes(sig[size:])
		if !ecdsa.Verify(pub, digest, r, s) {
			return fmt.Errorf("jwt: key %q: %w", k.ID, ErrBadSignature)
		}
		return nil
	}
	return fmt.Errorf("jwt: key %q: %w", k.ID, ErrUnsupportedAlg)
}

// Discovery is the part of an OpenID Connect discovery document
// (/.well-known/openid-configuration, OpenID Connect Discovery 1.0 §3)
// samlcheck reads.
type Discovery struct {
	// Source names the document (a file, or the URL of the HAR entry).
	Source string
	// Issuer is "issuer": the exact iss value of the provider's tokens.
	Issuer string
	// JWKSURI is "jwks_uri".
	JWKSURI string
}

// ParseDiscovery reads a discovery document; ok is false when data is not
// one (no "issuer" string, or neither "jwks_uri" nor
// "authorization_endpoint").
func ParseDiscovery(source string, data []byte) (*Discovery, bool) {
	var m map[string]any
	if json.Unmarshal(data, &m) != nil {
		return nil, false
	}
	d := &Discovery{Source: source, Issuer: str(m, "issuer"), JWKSURI: str(m, "jwks_uri")}
	if d.Issuer == "" || (d.JWKSURI == "" && str(m, "authorization_endpoint") == "") {
		return nil, false
	}
	return d, true
}
