package saml

import (
	"encoding/base64"
	"encoding/pem"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseCertificates(t *testing.T) {
	pemData, err := os.ReadFile("../testdata/keys/idp.crt.pem")
	require.NoError(t, err)
	other, err := os.ReadFile("../testdata/keys/other.crt.pem")
	require.NoError(t, err)
	block, _ := pem.Decode(pemData)
	require.NotNil(t, block)

	for name, data := range map[string][]byte{
		"pem":       pemData,
		"der":       block.Bytes,
		"base64":    []byte(base64.StdEncoding.EncodeToString(block.Bytes)),
		"base64-76": []byte(base64.StdEncoding.EncodeToString(block.Bytes)[:76] + "\n" + base64.StdEncoding.EncodeToString(block.Bytes)[76:]),
		"bom-pem":   append([]byte("\xef\xbb\xbf"), pemData...),
	} {
		certs, err := ParseCertificates(name, data)
		require.NoError(t, err, name)
		require.Len(t, certs, 1, name)
		assert.Equal(t, "samlcheck test IdP", certs[0].Subject.CommonName, name)
	}
	two, err := ParseCertificates("two.pem", append(append([]byte{}, pemData...), other...))
	require.NoError(t, err)
	assert.Len(t, two, 2)

	_, err = ParseCertificates("key.pem", []byte("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"))
	assert.ErrorContains(t, err, "key.pem: no CERTIFICATE block")
	_, err = ParseCertificates("junk.cer", []byte("hello"))
	assert.ErrorContains(t, err, "junk.cer: not a certificate")
}
