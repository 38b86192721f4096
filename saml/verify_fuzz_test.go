package saml

import (
	"crypto/x509"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzVerify runs the signature and XML-attack checks on any XML: they must
// never panic, and a signature that verifies always has its signed element.
func FuzzVerify(f *testing.F) {
	for _, rel := range []string{
		"saml/signature-invalid/pass/signed.xml",
		"saml/signature-wrapping/fail/reference-elsewhere.xml",
		"saml/signature-wrapping/fail/duplicate-id.xml",
		"saml/xml-comment/fail/nameid-comment.xml",
		"saml/xml-roundtrip/fail/rebound-prefix.xml",
	} {
		data, err := os.ReadFile(filepath.Join("..", "testdata", "rules", filepath.FromSlash(rel)))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(data))
	}
	f.Add(`<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r"><ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo/></ds:Signature></samlp:Response>`)
	cert := verifyTestCertF(f, "../testdata/keys/idp.crt.pem")
	at := time.Date(2026, 11, 1, 10, 0, 30, 0, time.UTC)
	f.Fuzz(func(t *testing.T, xml string) {
		m, err := Decode(Encoded{Value: xml}, &DecodeOptions{MaxInflated: 1 << 20})
		if err != nil {
			return
		}
		for _, certs := range [][]*x509.Certificate{nil, {cert}} {
			results := m.Verify(VerifyOptions{Certs: certs, At: at})
			for _, r := range results {
				if r.CryptoOK() && r.Signed == nil {
					t.Fatalf("%s verifies without a signed element", r.Status)
				}
				if r.Status == "" || r.Trust == "" {
					t.Fatalf("empty status or trust: %+v", r)
				}
			}
			view := m.SignedView(results)
			for _, a := range view.Assertions {
				_, _ = SignedNameID(a.Signed)
			}
		}
		_ = m.XMLIssues()
		_ = m.SplitTexts()
		_ = m.DuplicateIDs()
	})
}

// verifyTestCertF reads a PEM certificate for a fuzz target.
func verifyTestCertF(f *testing.F, path string) *x509.Certificate {
	data, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	certs, err := ParseCertificates(path, data)
	if err != nil {
		f.Fatal(err)
	}
	return certs[0]
}
