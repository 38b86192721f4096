package xmlenc

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/asn1"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"software.sslmate.com/src/go-pkcs12"
)

const testKeys = "../../testdata/keys"

// spKey reads the fixtures' SP key and certificate.
func spKey(t testing.TB) (*rsa.PrivateKey, *x509.Certificate) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(testKeys, "sp.key.pem"))
	require.NoError(t, err)
	block, _ := pem.Decode(data)
	require.NotNil(t, block)
	var priv *rsa.PrivateKey
	if k, err := x509.ParsePKCS1PrivateKey(block.Bytes); err == nil {
		priv = k
	} else {
		k8, err := x509.ParsePKCS8PrivateKey(block.Bytes)
		require.NoError(t, err)
		priv = k8.(*rsa.PrivateKey)
	}
	cdata, err := os.ReadFile(filepath.Join(testKeys, "sp.crt.pem"))
	require.NoError(t, err)
	cblock, _ := pem.Decode(cdata)
	cert, err := x509.ParseCertificate(cblock.Bytes)
	require.NoError(t, err)
	return priv, cert
}

// encryptPKCS8 writes priv as an encrypted PKCS#8 PEM (PBES2, PBKDF2 with
// HMAC-SHA-256, AES-256-CBC), as "openssl pkcs8 -topk8 -v2 aes256" does.
func encryptPKCS8(t *testing.T, priv *rsa.PrivateKey, pass string) []byte {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	require.NoError(t, err)
	salt, iv := make([]byte, 16), make([]byte, 16)
	_, _ = rand.Read(salt)
	_, _ = rand.Read(iv)
	key, err := pbkdf2.Key(sha256.New, pass, salt, 2048, 32)
	require.NoError(t, err)
	n := 16 - len(der)%16
	padded := append(der, []byte(strings.Repeat(string(rune(n)), n))...)
	block, _ := aes.NewCipher(key)
	ct := make([]byte, len(padded))
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(ct, padded)
	raw := func(v any) asn1.RawValue {
		b, err := asn1.Marshal(v)
		require.NoError(t, err)
		return asn1.RawValue{FullBytes: b}
	}
	kdf := algorithmIdentifier{Algorithm: oidPBKDF2, Parameters: raw(pbkdf2Params{Salt: salt, IterationCount: 2048, PRF: algorithmIdentifier{Algorithm: oidHMACSHA256, Parameters: asn1.NullRawValue}})}
	enc := algorithmIdentifier{Algorithm: oidAES256CBC, Parameters: raw(iv)}
	out, err := asn1.Marshal(encryptedPrivateKeyInfo{
		Algorithm:     algorithmIdentifier{Algorithm: oidPBES2, Parameters: raw(pbes2Params{KeyDerivationFunc: kdf, EncryptionScheme: enc})},
		EncryptedData: ct,
	})
	require.NoError(t, err)
	return pem.EncodeToMemory(&pem.Block{Type: "ENCRYPTED PRIVATE KEY", Bytes: out})
}

// TestParseKeys reads the SP key in every format an SP key comes in.
func TestParseKeys(t *testing.T) {
	priv, cert := spKey(t)
	pkcs1 := x509.MarshalPKCS1PrivateKey(priv)
	pkcs8, err := x509.MarshalPKCS8PrivateKey(priv)
	require.NoError(t, err)
	//lint:ignore SA1019 legacy encrypted PEM is a format samlcheck reads: the test writes one
	legacy, err := x509.EncryptPEMBlock(rand.Reader, "RSA PRIVATE KEY", pkcs1, []byte("s3cret"), x509.PEMCipherAES256)
	require.NoError(t, err)
	p12, err := pkcs12.Modern2023.Encode(priv, cert, nil, "s3cret")
	require.NoError(t, err)
	p12DES, err := pkcs12.LegacyDES.Encode(priv, cert, nil, "s3cret")
	require.NoError(t, err)
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw})
	cases := []struct {
		name      string
		data      []byte
		pass      string
		withCerts bool
	}{
		{"pkcs1.pem", pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: pkcs1}), "", false},
		{"pkcs8.pem", pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8}), "", false},
		{"bundle.pem", append(append([]byte{}, certPEM...), pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8})...), "", true},
		{"pkcs1.der", pkcs1, "", false},
		{"pkcs8.der", pkcs8, "", false},
		{"legacy-aes256.pem", pem.EncodeToMemory(legacy), "s3cret", false},
		{"pbes2.pem", encryptPKCS8(t, priv, "s3cret"), "s3cret", false},
		{"sp.p12", p12, "s3cret", true},
		{"sp-legacy.pfx", p12DES, "s3cret", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			keys, err := ParseKeys(tc.name, tc.data, []byte(tc.pass))
			require.NoError(t, err)
			require.Len(t, keys, 1)
			assert.True(t, keys[0].Public().Equal(&priv.PublicKey))
			assert.Equal(t, tc.withCerts, len(keys[0].Certs) == 1)
			if tc.pass == "" {
				return
			}
			_, err = ParseKeys(tc.name, tc.data, nil)
			assert.ErrorIs(t, err, ErrPassphrase, "no passphrase")
			assert.Contains(t, err.Error(), tc.name)
			_, err = ParseKeys(tc.name, tc.data, []byte("wrong"))
			assert.ErrorIs(t, err, ErrPassphrase, "wrong passphrase")
		})
	}
}

// TestParseKeysOpenSSL reads keys openssl encrypted (an implementation
// independent of the test's own PBES2 writer).
func TestParseKeysOpenSSL(t *testing.T) {
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Skip("openssl is not installed: the encrypted PKCS#8 files it writes are not cross-checked (TestParseKeys covers PBES2)")
	}
	priv, _ := spKey(t)
	dir := t.TempDir()
	for _, args := range [][]string{
		{"-v2", "aes256", "-v2prf", "hmacWithSHA256"},
		{"-v2", "aes128", "-v2prf", "hmacWithSHA1"},
		{"-v2", "des3"},
	} {
		name := strings.Join(args, "")
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(dir, name+".pem")
			cmd := exec.Command("openssl", append([]string{"pkcs8", "-topk8", "-in", filepath.Join(testKeys, "sp.key.pem"), "-out", out, "-passout", "pass:s3cret"}, args...)...)
			b, err := cmd.CombinedOutput()
			require.NoError(t, err, "%s", b)
			data, err := os.ReadFile(out)
			require.NoError(t, err)
			keys, err := ParseKeys(out, data, []byte("s3cret"))
			require.NoError(t, err)
			assert.True(t, keys[0].Public().Equal(&priv.PublicKey))
		})
	}
}

// TestParseKeysErrors names the file and the reason.
func TestParseKeysErrors(t *testing.T) {
	_, cert := spKey(t)
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	ecDER, err := x509.MarshalPKCS8PrivateKey(ec)
	require.NoError(t, err)
	cases := []struct {
		name string
		data []byte
		is   error
		want string
	}{
		{"ec.pem", pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: ecDER}), ErrNotRSA, "not an RSA private key"},
		{"cert.pem", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw}), ErrNoKey, "only certificates"},
		{"empty.pem", nil, nil, "empty"},
		{"garbage.key", []byte("not a key at all"), nil, "not a PEM, DER"},
		{"sp.p12", []byte("\x30\x03\x02\x01\x03"), nil, "PKCS#12"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseKeys(tc.name, tc.data, nil)
			require.Error(t, err)
			var ke *KeyError
			require.ErrorAs(t, err, &ke)
			assert.Equal(t, tc.name, ke.File)
			if tc.is != nil {
				assert.ErrorIs(t, err, tc.is)
			}
			assert.Contains(t, err.Error(), tc.want)
			assert.Contains(t, err.Error(), tc.name)
		})
	}
}

// TestKeyNeverPrinted formats a Key every way fmt and encoding/json can and
// finds none of the private key's material in the output.
func TestKeyNeverPrinted(t *testing.T) {
	priv, _ := spKey(t)
	keys, err := ParseKeys("sp.key.pem", pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(priv)}), nil)
	require.NoError(t, err)
	k := keys[0]
	var outs []string
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%x", "%X", "%q", "%d"} {
		outs = append(outs, fmt.Sprintf(verb, k), fmt.Sprintf(verb, *k), fmt.Sprintf(verb, []*Key{k}), fmt.Sprintf(verb, struct{ K *Key }{k}), fmt.Sprintf(verb, struct{ K Key }{*k}))
	}
	js, err := json.Marshal(struct {
		K  *Key
		V  Key
		Ks []*Key
	}{k, *k, []*Key{k}})
	require.NoError(t, err)
	outs = append(outs, string(js))
	var nilKey *Key
	assert.Equal(t, "<nil>", fmt.Sprint(nilKey))
	for _, secret := range KeyMaterial(priv) {
		for _, o := range outs {
			assert.NotContains(t, o, secret)
		}
	}
	assert.Contains(t, k.String(), k.Fingerprint())
}

// KeyMaterial returns the strings by which a private key could leak:
// its primes and private exponent in decimal, hex and Base64, and the
// Base64 of its DER forms (cut to 40 characters so a line-wrapped copy
// is found too).
func KeyMaterial(priv *rsa.PrivateKey) []string {
	var out []string
	add := func(b []byte) {
		for _, s := range []string{hex.EncodeToString(b), strings.ToUpper(hex.EncodeToString(b)), base64.StdEncoding.EncodeToString(b)} {
			if len(s) > 40 {
				s = s[8:48]
			}
			out = append(out, s)
		}
	}
	for _, n := range append([]*big.Int{priv.D}, priv.Primes...) {
		out = append(out, n.String()[:40])
		add(n.Bytes())
	}
	add(x509.MarshalPKCS1PrivateKey(priv))
	return out
}
