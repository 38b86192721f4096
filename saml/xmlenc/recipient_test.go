package xmlenc

import (
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"testing"

	"github.com/beevik/etree"
	"github.com/samlcheck/samlcheck/saml/internal/colonhex"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// encryptedKeyWith returns an EncryptedKey whose KeyInfo holds keyInfo.
func encryptedKeyWith(t *testing.T, keyInfo string) *etree.Element {
	t.Helper()
	doc := etree.NewDocument()
	require.NoError(t, doc.ReadFromString(`<xenc:EncryptedKey xmlns:xenc="`+NSXEnc+`" xmlns:ds="`+NSDSig+`"><ds:KeyInfo>`+keyInfo+`</ds:KeyInfo></xenc:EncryptedKey>`))
	return doc.Root()
}

// TestRecipientIssuerSerial: an issuer-serial or subject name can be told
// only when the key came with its certificate.
func TestRecipientIssuerSerial(t *testing.T) {
	bare := readKeys(t, "sp.key.pem")[0]
	data, err := os.ReadFile(filepath.Join(testKeys, "sp.crt.pem"))
	require.NoError(t, err)
	block, _ := pem.Decode(data)
	cert, err := x509.ParseCertificate(block.Bytes)
	require.NoError(t, err)
	withCert, err := NewKey("sp.p12", bare.priv, []*x509.Certificate{cert})
	require.NoError(t, err)
	require.Len(t, withCert.Certs, 1)

	serial := `<ds:X509Data><ds:X509IssuerSerial><ds:X509IssuerName>` + cert.Issuer.String() + `</ds:X509IssuerName><ds:X509SerialNumber>` + cert.SerialNumber.String() + `</ds:X509SerialNumber></ds:X509IssuerSerial></ds:X509Data>`
	r := readRecipient(encryptedKeyWith(t, serial), []*Key{withCert})
	assert.True(t, r.Decidable())
	assert.Same(t, withCert, r.Match)
	assert.Contains(t, r.String(), "serial "+cert.SerialNumber.String())

	r = readRecipient(encryptedKeyWith(t, serial), []*Key{bare})
	assert.False(t, r.Decidable(), "a key without its certificate cannot be compared with an issuer-serial")
	assert.Nil(t, r.Match)

	other := `<ds:X509Data><ds:X509IssuerSerial><ds:X509IssuerName>CN=someone else</ds:X509IssuerName><ds:X509SerialNumber>7</ds:X509SerialNumber></ds:X509IssuerSerial></ds:X509Data>`
	r = readRecipient(encryptedKeyWith(t, other), []*Key{withCert})
	assert.True(t, r.Decidable())
	assert.Nil(t, r.Match)

	subject := `<ds:X509Data><ds:X509SubjectName>` + cert.Subject.String() + `</ds:X509SubjectName></ds:X509Data>`
	r = readRecipient(encryptedKeyWith(t, subject), []*Key{withCert})
	assert.Same(t, withCert, r.Match)

	// A KeyName matching the certificate's common name or a fingerprint.
	for _, name := range []string{cert.Subject.CommonName, colonhex.Encode(sha256Sum(cert.Raw))} {
		r = readRecipient(encryptedKeyWith(t, `<ds:KeyName>`+name+`</ds:KeyName>`), []*Key{withCert})
		assert.Same(t, withCert, r.Match, name)
	}
	r = readRecipient(encryptedKeyWith(t, `<ds:KeyName>sp-2019</ds:KeyName>`), []*Key{withCert})
	assert.True(t, r.Decidable())
	assert.Nil(t, r.Match)

	// No KeyInfo at all.
	r = readRecipient(encryptedKeyWith(t, ``), []*Key{withCert})
	assert.False(t, r.Named())
	assert.False(t, r.Decidable())
}
