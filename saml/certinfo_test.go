package saml

import (
	"crypto/x509"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// verifyTestCert reads the first certificate of a PEM file.
func verifyTestCert(t testing.TB, path string) *x509.Certificate {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	certs, err := ParseCertificates(path, data)
	require.NoError(t, err)
	return certs[0]
}

func TestDescribeCert(t *testing.T) {
	info := DescribeCert(verifyTestCert(t, "../testdata/keys/idp.crt.pem"))
	// As `openssl x509 -noout -fingerprint -sha1` / `-sha256` print them.
	assert.Equal(t, "E6:2C:20:45:58:2F:79:D1:23:21:CF:69:F4:FF:28:AD:23:B3:AB:99", info.SHA1)
	assert.Equal(t, "D8:40:B9:68:B8:E8:16:2A:9E:CE:DC:44:EA:D8:18:05:22:EB:18:0B:A1:DA:CE:51:C4:24:B7:23:A3:9F:E0:CD", info.SHA256)
	assert.Equal(t, "CN=samlcheck test IdP,O=samlcheck test fixtures", info.Subject)
	assert.Equal(t, info.Subject, info.Issuer)
	assert.True(t, info.SelfSigned)
	assert.Equal(t, "RSA", info.KeyAlgorithm)
	assert.Equal(t, 2048, info.KeyBits)
	assert.Equal(t, "5A:4D:4C:01", info.SerialNumber)
	assert.Equal(t, time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), info.NotBefore)
	assert.Equal(t, time.Date(2045, 1, 1, 0, 0, 0, 0, time.UTC), info.NotAfter)
	assert.True(t, info.ValidAt(info.NotBefore))
	assert.True(t, info.ValidAt(info.NotAfter))
	assert.False(t, info.ValidAt(info.NotAfter.Add(time.Second)))
	assert.False(t, info.ValidAt(info.NotBefore.Add(-time.Second)))
	assert.Contains(t, info.String(), `subject "CN=samlcheck test IdP,O=samlcheck test fixtures", valid 2020-01-01T00:00:00Z to 2045-01-01T00:00:00Z, SHA-1 E6:2C`)

	weak := DescribeCert(verifyTestCert(t, "../testdata/keys/weak.crt.pem"))
	assert.Equal(t, 1024, weak.KeyBits)
	assert.Equal(t, CertInfo{}, DescribeCert(nil))
}

// TestDescribeCertCorpus checks the fingerprint the ruby-saml project pins
// for its ADFS test certificate.
func TestDescribeCertCorpus(t *testing.T) {
	dir := corpusSAML(t)
	info := DescribeCert(verifyTestCert(t, filepath.Join(dir, "ruby-saml", "adfs_response_sha256.keyinfo_inner.pem")))
	assert.Equal(t, "28:74:9B:E8:1F:E8:10:9C:A8:7C:A9:C3:E3:C5:01:6C:92:1C:B4:BA", info.SHA1)
}

func TestFingerprint(t *testing.T) {
	assert.Equal(t, "DA:39:A3:EE:5E:6B:4B:0D:32:55:BF:EF:95:60:18:90:AF:D8:07:09", Fingerprint(nil, false))
	assert.Len(t, Fingerprint([]byte("x"), true), 32*3-1)
}
