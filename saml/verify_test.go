package saml

import (
	"crypto/x509"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/beevik/etree"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fixtureTime is the reference time of the generated rule fixtures.
var fixtureTime = time.Date(2026, 11, 1, 10, 0, 30, 0, time.UTC)

// ruleFixture decodes testdata/rules/<rel>.
func ruleFixture(t *testing.T, rel string) *Message {
	t.Helper()
	path := filepath.Join("..", "testdata", "rules", filepath.FromSlash(rel))
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	encs, err := ParseInput(path, data)
	require.NoError(t, err)
	m, err := Decode(encs[0], nil)
	require.NoError(t, err)
	return m
}

func idpCert(t *testing.T) *x509.Certificate {
	return verifyTestCert(t, "../testdata/keys/idp.crt.pem")
}

// trustIdP verifies at the fixtures' time with the IdP's certificate
// trusted.
func trustIdP(t *testing.T) VerifyOptions {
	return VerifyOptions{Certs: []*x509.Certificate{idpCert(t)}, At: fixtureTime}
}

// byParent returns the result of the signature in the element tagged tag.
func byParent(t *testing.T, results []SignatureResult, tag string) *SignatureResult {
	t.Helper()
	for i := range results {
		if results[i].Signature.Parent != nil && results[i].Signature.Parent.Tag == tag {
			return &results[i]
		}
	}
	require.Failf(t, "no signature", "no signature in a %s", tag)
	return nil
}

func TestVerifyValid(t *testing.T) {
	m := ruleFixture(t, "saml/signature-invalid/pass/signed.xml")
	results := m.Verify(trustIdP(t))
	require.Len(t, results, 2)
	for _, r := range results {
		assert.Equal(t, StatusValid, r.Status, r.Err)
		assert.Equal(t, TrustTrusted, r.Trust)
		assert.Equal(t, CauseNone, r.Cause)
		assert.True(t, r.CryptoOK())
		assert.True(t, r.DigestChecked && r.DigestOK)
		assert.False(t, r.KeyInfoMismatch)
		require.NotNil(t, r.Signed)
		assert.Equal(t, r.Signature.Parent.Tag, r.Signed.Tag, "Validate returns the signed element")
		assert.True(t, idpCert(t).Equal(r.Cert))
	}
	// The model's own *Signature values are reused.
	assert.Same(t, m.Response.Signature, results[0].Signature)
	assert.Same(t, m.Response.Assertions[0].Signature, results[1].Signature)

	view := m.SignedView(results)
	require.NotNil(t, view.Response)
	require.Len(t, view.Assertions, 1)
	assert.Same(t, &results[1], view.Assertions[0].By, "an assertion's own signature comes first")
	name, ok := SignedNameID(view.Assertions[0].Signed)
	assert.True(t, ok)
	assert.Equal(t, "alice@example.com", name)
}

func TestVerifyEmbedded(t *testing.T) {
	m := ruleFixture(t, "saml/signature-invalid/pass/signed.xml")
	for _, r := range m.Verify(VerifyOptions{At: fixtureTime}) {
		assert.Equal(t, StatusValid, r.Status)
		assert.Equal(t, TrustEmbedded, r.Trust)
		assert.Len(t, r.Embedded, 1)
	}
	// Without a reference time, validity is not checked.
	for _, r := range m.Verify(VerifyOptions{Certs: []*x509.Certificate{idpCert(t)}}) {
		assert.Equal(t, StatusValid, r.Status)
	}
}

func TestVerifyUntrusted(t *testing.T) {
	m := ruleFixture(t, "saml/signature-untrusted/fail/other-key.xml")
	for _, r := range m.Verify(trustIdP(t)) {
		assert.Equal(t, StatusUntrusted, r.Status)
		assert.Equal(t, TrustEmbedded, r.Trust)
		assert.Equal(t, "samlcheck untrusted test key", r.Cert.Subject.CommonName)
		assert.True(t, r.CryptoOK())
	}
	// Trusting only the other certificate, with the KeyInfo gone, the IdP's
	// signature does not verify: the SignatureValue is another key's.
	m = ruleFixture(t, "saml/signature-missing/pass/assertion-signed.xml")
	stripKeyInfo(t, m)
	other := verifyTestCert(t, "../testdata/keys/other.crt.pem")
	for _, r := range m.Verify(VerifyOptions{Certs: []*x509.Certificate{other}, At: fixtureTime}) {
		assert.Equal(t, StatusInvalid, r.Status)
		assert.Equal(t, CauseSignatureValue, r.Cause)
		assert.True(t, r.DigestOK, "the content is intact")
		assert.Nil(t, r.Cert)
		assert.Nil(t, r.Signed)
	}
}

// stripKeyInfo removes the ds:KeyInfo of m's only signature (the
// assertion's) and the certificate the model read from it.
func stripKeyInfo(t *testing.T, m *Message) {
	t.Helper()
	require.Nil(t, m.Response.Signature, "the Response's signature would cover the KeyInfo removed")
	s := m.Response.Assertions[0].Signature
	s.Element.RemoveChild(s.Element.SelectElement("KeyInfo"))
	s.Certificates = nil
}

func TestVerifyNoCertificate(t *testing.T) {
	m := ruleFixture(t, "saml/signature-missing/pass/assertion-signed.xml")
	stripKeyInfo(t, m)
	for _, r := range m.Verify(VerifyOptions{At: fixtureTime}) {
		assert.Equal(t, StatusUnverifiable, r.Status)
		assert.Equal(t, CauseNoCertificate, r.Cause)
		assert.True(t, r.DigestChecked && r.DigestOK)
	}
	// Without KeyInfo the trusted certificate alone decides (PingFederate).
	for _, r := range m.Verify(trustIdP(t)) {
		assert.Equal(t, StatusValid, r.Status)
		assert.Equal(t, TrustTrusted, r.Trust)
	}
}

func TestVerifyTampered(t *testing.T) {
	m := ruleFixture(t, "saml/signature-invalid/fail/tampered-nameid.xml")
	for _, r := range m.Verify(trustIdP(t)) {
		assert.Equal(t, StatusInvalid, r.Status)
		assert.Equal(t, CauseDigest, r.Cause, "the content changed, the SignatureValue is the IdP's")
		assert.True(t, r.DigestChecked)
		assert.False(t, r.DigestOK)
		assert.Equal(t, TrustTrusted, r.Trust)
		assert.True(t, idpCert(t).Equal(r.Cert))
		assert.Nil(t, r.Signed)
		assert.Error(t, r.Err)
	}
	// Without any certificate the digest alone shows the change.
	m = ruleFixture(t, "saml/signature-invalid/fail/tampered-attribute.xml")
	stripKeyInfo(t, m)
	for _, r := range m.Verify(VerifyOptions{At: fixtureTime}) {
		assert.Equal(t, StatusInvalid, r.Status)
		assert.Equal(t, CauseDigest, r.Cause)
	}
}

func TestVerifyHMAC(t *testing.T) {
	m := ruleFixture(t, "saml/signature-invalid/fail/hmac.xml")
	r := byParent(t, m.Verify(trustIdP(t)), "Assertion")
	assert.Equal(t, StatusInvalid, r.Status)
	assert.Equal(t, CauseAlgorithm, r.Cause)
	assert.True(t, errors.Is(r.Err, ErrHMACSignature))
}

func TestVerifyUnsupportedMethod(t *testing.T) {
	m := ruleFixture(t, "saml/signature-invalid/pass/signed.xml")
	sm := m.Response.Signature.Element.FindElement("SignedInfo/SignatureMethod")
	sm.CreateAttr("Algorithm", "http://www.w3.org/2000/09/xmldsig#dsa-sha1")
	m.Response.Signature.SignatureMethod = "http://www.w3.org/2000/09/xmldsig#dsa-sha1"
	r := byParent(t, m.Verify(VerifyOptions{At: fixtureTime}), "Response")
	assert.Equal(t, StatusUnverifiable, r.Status)
	assert.Equal(t, CauseAlgorithm, r.Cause)
	assert.ErrorIs(t, r.Err, ErrUnsupportedAlgorithm)
}

func TestVerifyCertExpired(t *testing.T) {
	m := ruleFixture(t, "saml/certificate/fail/expired.xml")
	expired := verifyTestCert(t, "../testdata/keys/idp-expired.crt.pem")
	for _, r := range m.Verify(VerifyOptions{Certs: []*x509.Certificate{expired}, At: fixtureTime}) {
		assert.Equal(t, StatusCertExpired, r.Status)
		assert.Equal(t, TrustTrusted, r.Trust)
		assert.NotNil(t, r.Signed, "the signature itself verifies")
	}
	// At a time the certificate was valid, it verifies.
	for _, r := range m.Verify(VerifyOptions{Certs: []*x509.Certificate{expired}, At: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)}) {
		assert.Equal(t, StatusValid, r.Status)
	}
	// Embedded only: still cert-expired, trust embedded.
	for _, r := range m.Verify(VerifyOptions{At: fixtureTime}) {
		assert.Equal(t, StatusCertExpired, r.Status)
		assert.Equal(t, TrustEmbedded, r.Trust)
	}
}

func TestVerifyKeyInfoMismatch(t *testing.T) {
	// The IdP key signs, the KeyInfo carries the "expired" certificate of
	// the same key: the trusted idp.crt.pem verifies, the KeyInfo differs.
	m := ruleFixture(t, "saml/certificate/fail/expired.xml")
	for _, r := range m.Verify(trustIdP(t)) {
		assert.Equal(t, StatusValid, r.Status)
		assert.True(t, r.KeyInfoMismatch)
	}
}

func TestVerifySHA1(t *testing.T) {
	m := ruleFixture(t, "saml/signature-algorithm/fail/rsa-sha1.xml")
	for _, r := range m.Verify(trustIdP(t)) {
		assert.Equal(t, StatusValid, r.Status)
		assert.True(t, IsWeakAlgorithm(r.Signature.SignatureMethod))
		assert.True(t, IsWeakAlgorithm(r.Signature.DigestMethod))
	}
}

func TestVerifyReferenceElsewhere(t *testing.T) {
	m := ruleFixture(t, "saml/signature-wrapping/fail/reference-elsewhere.xml")
	results := m.Verify(trustIdP(t))
	require.Len(t, results, 1)
	r := results[0]
	assert.False(t, r.Signature.ReferencesParent())
	assert.Equal(t, StatusInvalid, r.Status)
	assert.Equal(t, CauseReference, r.Cause)
	require.NotNil(t, r.Target)
	assert.Equal(t, "Assertion", r.Target.Tag)
	assert.True(t, r.DigestChecked && r.DigestOK, "the referenced assertion is intact")
	view := m.SignedView(results)
	assert.Nil(t, view.Response)
	assert.Nil(t, view.Assertions[0].By)
}

func TestSignedViewWrapping(t *testing.T) {
	m := ruleFixture(t, "saml/signature-wrapping/fail/signed-beside-unsigned.xml")
	results := m.Verify(trustIdP(t))
	view := m.SignedView(results)
	require.Len(t, view.Assertions, 2)
	assert.Nil(t, view.Assertions[0].By, "the evil assertion read first is not signed")
	assert.Equal(t, "admin@example.com", view.Assertions[0].Assertion.Subject.NameID.Value)
	require.NotNil(t, view.Assertions[1].By)
	name, _ := SignedNameID(view.Assertions[1].Signed)
	assert.Equal(t, "alice@example.com", name)

	// In Extensions, the signed assertion verifies but is not read.
	m = ruleFixture(t, "saml/signature-wrapping/fail/signed-assertion-in-extensions.xml")
	results = m.Verify(trustIdP(t))
	require.Len(t, results, 1)
	assert.Equal(t, StatusValid, results[0].Status)
	assert.Equal(t, "Extensions", results[0].Signature.Parent.Parent().Tag)
	view = m.SignedView(results)
	require.Len(t, view.Assertions, 1)
	assert.Nil(t, view.Assertions[0].By)
}

func TestSignedViewResponseCovers(t *testing.T) {
	m := ruleFixture(t, "saml/signature-missing/pass/response-signed.xml")
	results := m.Verify(trustIdP(t))
	view := m.SignedView(results)
	require.NotNil(t, view.Response)
	require.Len(t, view.Assertions, 1)
	assert.Same(t, view.Response, view.Assertions[0].By)
	assert.Equal(t, "Assertion", view.Assertions[0].Signed.Tag)
	name, ok := SignedNameID(view.Assertions[0].Signed)
	assert.True(t, ok)
	assert.Equal(t, "alice@example.com", name)
}

func TestVerifyNotChecked(t *testing.T) {
	m := ruleFixture(t, "saml/signature-invalid/pass/signed.xml")
	// A signature in Extensions (not a message or an Assertion).
	ext := etree.NewElement("samlp:Extensions")
	ext.AddChild(m.Response.Signature.Element.Copy())
	m.Response.Element.InsertChildAt(0, ext)
	results := m.Verify(VerifyOptions{At: fixtureTime})
	require.Len(t, results, 3)
	assert.Equal(t, StatusNotChecked, results[0].Status)
	assert.Equal(t, "Extensions", results[0].Signature.Parent.Tag)
	assert.Nil(t, (*Message)(nil).Verify(VerifyOptions{}))
}

func TestAlgorithmNames(t *testing.T) {
	for uri, weak := range map[string]bool{
		"http://www.w3.org/2000/09/xmldsig#rsa-sha1":         true,
		"http://www.w3.org/2000/09/xmldsig#sha1":             true,
		"http://www.w3.org/2001/04/xmldsig-more#rsa-md5":     true,
		"http://www.w3.org/2001/04/xmldsig-more#rsa-sha256":  false,
		"http://www.w3.org/2001/04/xmlenc#sha256":            false,
		"http://www.w3.org/2001/04/xmldsig-more#hmac-sha256": false,
		"http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1":  true,
		"":                false,
		"urn:no-fragment": false,
	} {
		assert.Equal(t, weak, IsWeakAlgorithm(uri), uri)
	}
	assert.Equal(t, "rsa-sha256", AlgorithmName("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"))
	assert.Equal(t, "urn:x", AlgorithmName("urn:x"))
	assert.True(t, isHMAC("http://www.w3.org/2000/09/xmldsig#hmac-sha1"))
	assert.False(t, isHMAC("http://www.w3.org/2000/09/xmldsig#rsa-sha1"))
}

// TestVerifyFixtures verifies every generated pass fixture with the IdP
// certificate: all must verify.
func TestVerifyFixtures(t *testing.T) {
	root := filepath.Join("..", "testdata", "rules")
	broken := []string{"/fail/"}
	n := 0
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".xml") {
			return err
		}
		rel := filepath.ToSlash(strings.TrimPrefix(path, root+string(filepath.Separator)))
		for _, b := range broken {
			if strings.Contains(rel, b) {
				return nil
			}
		}
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		encs, err := ParseInput(path, data)
		if err != nil || len(encs) == 0 {
			return nil
		}
		m, err := Decode(encs[0], nil)
		if err != nil {
			return nil
		}
		for _, r := range m.Verify(trustIdP(t)) {
			n++
			assert.Equal(t, StatusValid, r.Status, "%s: %s: %v", rel, Path(r.Signature.Element), r.Err)
		}
		return nil
	})
	require.NoError(t, err)
	assert.Greater(t, n, 20)
}
