package jwt

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var enc = base64.RawURLEncoding.EncodeToString

func sign(t testing.TB, key crypto.Signer, alg, kid string, claims map[string]any) string {
	t.Helper()
	h, _ := json.Marshal(map[string]any{"alg": alg, "kid": kid})
	c, _ := json.Marshal(claims)
	in := enc(h) + "." + enc(c)
	d := sha256.Sum256([]byte(in))
	var sig []byte
	var err error
	switch k := key.(type) {
	case *rsa.PrivateKey:
		sig, err = rsa.SignPKCS1v15(nil, k, crypto.SHA256, d[:])
	case *ecdsa.PrivateKey:
		var r, s *big.Int
		r, s, err = ecdsa.Sign(rand.Reader, k, d[:])
		sig = append(r.FillBytes(make([]byte, 32)), s.FillBytes(make([]byte, 32))...)
	}
	require.NoError(t, err)
	return in + "." + enc(sig)
}

func jwksOf(t testing.TB, keys ...map[string]any) *KeySet {
	t.Helper()
	b, _ := json.Marshal(map[string]any{"keys": keys})
	ks, err := ParseJWKS("test", b)
	require.NoError(t, err)
	return ks
}

func rsaJWK(kid string, k *rsa.PublicKey) map[string]any {
	return map[string]any{"kty": "RSA", "kid": kid, "n": enc(k.N.Bytes()), "e": enc(big.NewInt(int64(k.E)).Bytes())}
}

func TestParse(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	tok := sign(t, key, "RS256", "k1", map[string]any{"iss": "https://issuer", "aud": []string{"a", "b"}, "exp": 1793610000, "token_use": "id", "email": "x@example.com"})
	p, err := Parse("Bearer " + tok + "\n")
	require.NoError(t, err)
	assert.Equal(t, "https://issuer", p.Issuer())
	assert.Equal(t, []string{"a", "b"}, p.Audience())
	assert.Equal(t, "id", p.TokenUse())
	assert.Equal(t, "RS256", p.Alg())
	assert.Equal(t, "k1", p.Kid())
	exp, ok := p.Time("exp")
	assert.True(t, ok)
	assert.Equal(t, time.Unix(1793610000, 0).UTC(), exp)
	v, ok := p.Claim("email")
	assert.True(t, ok)
	assert.Equal(t, "x@example.com", v)
	_, ok = p.Claim("upn")
	assert.False(t, ok)
	assert.True(t, p.Signed())
	assert.False(t, p.Redacted())
	sig := tok[strings.LastIndexByte(tok, '.')+1:]
	assert.NotContains(t, p.String(), sig, "String never shows the signature")
	assert.Contains(t, p.String(), `"iss":"https://issuer"`)

	for _, bad := range []string{"", "a.b", "a.b.c.d", "eyJ!.eyJ.x"} {
		_, err := Parse(bad)
		assert.Error(t, err, bad)
	}
	_, err = Parse(enc([]byte(`{"alg":"none"}`)) + "." + enc([]byte(`[1]`)) + ".")
	var pe *ParseError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "claims", pe.Part)
	none, err := Parse(enc([]byte(`{"alg":"none"}`)) + "." + enc([]byte(`{"iss":"x"}`)) + ".")
	require.NoError(t, err)
	assert.False(t, none.Signed())
}

func TestVerify(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	other, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	ks := jwksOf(t, rsaJWK("k1", &key.PublicKey), rsaJWK("k2", &other.PublicKey),
		map[string]any{"kty": "EC", "kid": "e1", "crv": "P-256", "x": enc(ec.X.FillBytes(make([]byte, 32))), "y": enc(ec.Y.FillBytes(make([]byte, 32)))},
		map[string]any{"kty": "oct", "kid": "h1", "k": "c2VjcmV0"})
	assert.Len(t, ks.Keys, 3, "the symmetric key is ignored")

	good, _ := Parse(sign(t, key, "RS256", "k1", map[string]any{"iss": "x"}))
	k, err := good.Verify(ks)
	require.NoError(t, err)
	assert.Equal(t, "k1", k.ID)

	wrongKid, _ := Parse(sign(t, key, "RS256", "k2", map[string]any{"iss": "x"}))
	_, err = wrongKid.Verify(ks)
	assert.ErrorIs(t, err, ErrBadSignature)

	unknown, _ := Parse(sign(t, key, "RS256", "k9", map[string]any{"iss": "x"}))
	_, err = unknown.Verify(ks)
	assert.ErrorIs(t, err, ErrNoKey)

	es, _ := Parse(sign(t, ec, "ES256", "e1", map[string]any{"iss": "x"}))
	_, err = es.Verify(ks)
	assert.NoError(t, err)

	// Claims changed after signing.
	parts := strings.Split(sign(t, key, "RS256", "k1", map[string]any{"iss": "x"}), ".")
	forged, _ := Parse(parts[0] + "." + enc([]byte(`{"iss":"y"}`)) + "." + parts[2])
	_, err = forged.Verify(ks)
	assert.ErrorIs(t, err, ErrBadSignature)

	hs, _ := Parse(enc([]byte(`{"alg":"HS256"}`)) + "." + enc([]byte(`{"iss":"x"}`)) + ".c2ln")
	_, err = hs.Verify(ks)
	assert.True(t, errors.Is(err, ErrUnsupportedAlg))
}

func TestFindAndLooks(t *testing.T) {
	a := enc([]byte(`{"alg":"RS256"}`)) + "." + enc([]byte(`{"iss":"x"}`)) + ".c2ln"
	assert.Equal(t, []string{a}, Find(`{"id_token":"`+a+`","again":"`+a+`"}`))
	assert.True(t, Looks(" "+a+"\n"))
	assert.False(t, Looks("token: "+a))
	assert.Empty(t, Find("PHNhbWxwOlJlc3BvbnNl eyJub3QiOiJhIGp3dCJ9"))
}

func TestDiscovery(t *testing.T) {
	d, ok := ParseDiscovery("u", []byte(`{"issuer":"https://i","jwks_uri":"https://i/jwks"}`))
	require.True(t, ok)
	assert.Equal(t, "https://i", d.Issuer)
	_, ok = ParseDiscovery("u", []byte(`{"keys":[]}`))
	assert.False(t, ok)
	assert.True(t, IsJWKS([]byte(`{"keys":[{"kty":"RSA"}]}`)))
	assert.False(t, IsJWKS([]byte(`{"keys":[]}`)))
}

func FuzzParse(f *testing.F) {
	f.Add(enc([]byte(`{"alg":"RS256"}`)) + "." + enc([]byte(`{"iss":"x","aud":["a",1],"exp":1e300}`)) + ".c2ln")
	f.Add("a.b.c")
	f.Fuzz(func(t *testing.T, s string) {
		tok, err := Parse(s)
		if err != nil {
			return
		}
		_ = tok.String()
		_ = tok.Audience()
		_, _ = tok.Time("exp")
		_, _ = tok.Verify(&KeySet{})
	})
}

func FuzzParseJWKS(f *testing.F) {
	f.Add([]byte(`{"keys":[{"kty":"RSA","n":"AQAB","e":"AQAB"},{"kty":"EC","crv":"P-256","x":"AQ","y":"AQ"}]}`))
	f.Add([]byte(`{"keys":[{"kty":"RSA","n":"AA","e":"AQAB"},{"kty":"EC","crv":"P-521","x":"AA","y":"AA"}]}`))
	toks := []*Token{}
	for _, alg := range []string{"RS256", "PS384", "ES256", "ES512"} {
		tok, err := Parse(enc([]byte(`{"alg":"`+alg+`"}`)) + "." + enc([]byte(`{"iss":"x"}`)) + "." + enc(make([]byte, 64)))
		if err != nil {
			f.Fatal(err)
		}
		toks = append(toks, tok)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ks, err := ParseJWKS("fuzz", data)
		if err == nil {
			for _, tok := range toks {
				_, _ = tok.Verify(ks)
			}
		}
		_, _ = ParseDiscovery("fuzz", data)
	})
}
