package saml_test

import (
	"fmt"
	"os"
	"time"

	"github.com/samlcheck/samlcheck/saml"
)

// ExampleMessage_Verify verifies a signed Response with the IdP certificate
// an administrator uploaded to the service provider, at the time the
// response was captured, and reads the NameID only from what the signature
// covers.
func ExampleMessage_Verify() {
	data, _ := os.ReadFile("../testdata/rules/saml/signature-untrusted/fail/other-key.xml")
	pemCert, _ := os.ReadFile("../testdata/keys/idp.crt.pem")
	trusted, err := saml.ParseCertificates("idp.crt.pem", pemCert)
	if err != nil {
		fmt.Println(err)
		return
	}
	encs, _ := saml.ParseInput("other-key.xml", data)
	m, err := saml.Decode(encs[0], nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	results := m.Verify(saml.VerifyOptions{Certs: trusted, At: time.Date(2026, 11, 1, 10, 0, 30, 0, time.UTC)})
	for _, r := range results {
		fmt.Println(r.Signature.Parent.Tag, r.Status, r.Trust, r.Cert.Subject.CommonName)
		fmt.Println("  SHA-256", saml.DescribeCert(r.Cert).SHA256[:23]+"…")
	}
	for _, a := range m.SignedView(results).Assertions {
		name, _ := saml.SignedNameID(a.Signed)
		fmt.Println("signed NameID:", name)
	}
	// Output:
	// Response untrusted embedded samlcheck untrusted test key
	//   SHA-256 2C:A0:CE:79:26:8C:71:25…
	// Assertion untrusted embedded samlcheck untrusted test key
	//   SHA-256 2C:A0:CE:79:26:8C:71:25…
	// signed NameID: alice@example.com
}
