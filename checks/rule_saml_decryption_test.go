package checks_test

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/saml"
	"github.com/samlcheck/samlcheck/saml/xmlenc"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// decryptionFinding returns the saml/decryption finding of a fixture.
func decryptionFinding(t *testing.T, file string) checks.Finding {
	t.Helper()
	_, fs, _ := checkFixture(t, filepath.Join(rulesDir, "saml/decryption/fail", file), "saml/decryption")
	for _, f := range fs {
		if f.Rule == "saml/decryption" {
			return f
		}
	}
	t.Fatalf("%s: no saml/decryption finding in %v", file, fs)
	return checks.Finding{}
}

// TestDecryptionFailureCauses checks that each failure fixture is explained
// by its cause, with the fingerprints an administrator compares.
func TestDecryptionFailureCauses(t *testing.T) {
	spKey := readTestKey(t, "sp.key.pem")
	oldCert := readTestCert(t, "sp-old.crt.pem")
	cases := []struct {
		file     string
		severity checks.Severity
		want     []string
	}{
		{"encrypted-for-old-certificate.xml", checks.Error, []string{
			`encrypted for certificate "CN=samlcheck test SP encryption (previous)`,
			"certificate SHA-256 " + saml.Fingerprint(oldCert.Raw, true),
			"--sp-key holds ../../../../keys/sp.key.pem (RSA 2048, public key SHA-256 " + spKey.Fingerprint(),
			"old SP certificate"}},
		{"encrypted-for-other-key-name.xml", checks.Error, []string{`KeyName "samlcheck test SP encryption (previous)"`, spKey.Fingerprint()}},
		{"encrypted-for-unnamed-other-key.xml", checks.Error, []string{"does not say which key", spKey.Fingerprint()}},
		{"gcm-tag-altered.xml", checks.Error, []string{"matching key", "AES-GCM authentication tag does not verify", "altered or corrupted"}},
		{"cbc-padding-altered.xml", checks.Error, []string{"matching key", "CBC padding is invalid"}},
		{"encrypted-key-altered.xml", checks.Error, []string{"matching key", "RSA decryption of the EncryptedKey fails"}},
		{"unsupported-data-algorithm.xml", checks.Error, []string{"uses camellia128-cbc", "does not decrypt"}},
		{"unsupported-key-wrap.xml", checks.Error, []string{"uses kw-aes128"}},
		{"no-encrypted-key.xml", checks.Error, []string{"malformed", "no xenc:EncryptedKey"}},
		{"content-not-an-assertion.xml", checks.Error, []string{"decrypted with", "NameID element", "expected one saml:Assertion"}},
		{"no-sp-key.xml", checks.Warning, []string{"no --sp-key was given", "nothing inside it"}},
		{"iam-encrypted-no-sp-key.har", checks.Warning, []string{"no --sp-key was given"}},
		{"rsa-1_5-tripledes-cbc.xml", checks.Warning, []string{"decrypted with", "deprecated", "Bleichenbacher"}},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			f := decryptionFinding(t, tc.file)
			assert.Equal(t, tc.severity, f.Severity, f.Message)
			for _, w := range tc.want {
				assert.Contains(t, f.Message, w)
			}
			assert.NotContains(t, f.Message, "\n")
		})
	}
}

// TestDecryptedAssertionsAreChecked checks that every pass fixture decrypts
// to the base assertion with the algorithms its name says, and that the
// summary says with which key.
func TestDecryptedAssertionsAreChecked(t *testing.T) {
	spKey := readTestKey(t, "sp.key.pem")
	files, err := filepath.Glob(filepath.Join(rulesDir, "saml/decryption/pass/*.xml"))
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(files), 28)
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			exp := readExpectation(t, path, data)
			cfg := &checks.Config{Profile: checks.SAML}
			configure(t, cfg, filepath.Dir(path), exp.flags)
			msgs, err := saml.ParseInput(path, data)
			require.NoError(t, err)
			rep, err := checks.Run(context.Background(), cfg, msgs)
			require.NoError(t, err)
			require.Len(t, rep.Messages, 1)
			m := rep.Messages[0]
			assert.Equal(t, "alice@example.com", m.NameID, "the summary reads the decrypted assertion")
			require.Len(t, m.Decryptions, 1)
			d := m.Decryptions[0]
			assert.True(t, d.Decrypted)
			assert.Equal(t, spKey.Fingerprint(), d.KeyFingerprint)
			name := strings.TrimSuffix(filepath.Base(path), ".xml")
			assert.True(t, strings.HasSuffix(name, d.DataAlgorithm) || !strings.Contains(name, "-cbc") && !strings.Contains(name, "-gcm"), "%s decrypted with %s", name, d.DataAlgorithm)
			switch {
			case strings.HasPrefix(name, "mgf1p-sha256"):
				assert.Equal(t, []string{"rsa-oaep-mgf1p", "sha256", "mgf1sha1"}, []string{d.KeyAlgorithm, d.DigestAlgorithm, d.MGFAlgorithm})
			case strings.HasPrefix(name, "oaep11-sha256-mgf1sha256"):
				assert.Equal(t, []string{"rsa-oaep", "sha256", "mgf1sha256"}, []string{d.KeyAlgorithm, d.DigestAlgorithm, d.MGFAlgorithm})
			case strings.HasPrefix(name, "oaep11-defaults"):
				assert.Equal(t, []string{"rsa-oaep", "sha1", "mgf1sha1"}, []string{d.KeyAlgorithm, d.DigestAlgorithm, d.MGFAlgorithm})
			}
			// The decrypted assertion's own signature (or the Response's,
			// over the ciphertext) was verified.
			valid := false
			for _, s := range m.Signatures {
				valid = valid || s.Status == saml.StatusValid
			}
			assert.True(t, valid, "no valid signature in %+v", m.Signatures)
		})
	}
}

func readTestKey(t *testing.T, name string) *xmlenc.Key {
	t.Helper()
	p := filepath.Join("../testdata/keys", name)
	data, err := os.ReadFile(p)
	require.NoError(t, err)
	keys, err := xmlenc.ParseKeys(p, data, nil)
	require.NoError(t, err)
	return keys[0]
}

func readTestCert(t *testing.T, name string) *x509.Certificate {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("../testdata/keys", name))
	require.NoError(t, err)
	block, _ := pem.Decode(data)
	require.NotNil(t, block)
	c, err := x509.ParseCertificate(block.Bytes)
	require.NoError(t, err)
	return c
}
