package saml_test

import (
	"fmt"
	"os"

	"github.com/samlcheck/samlcheck/saml"
	"github.com/samlcheck/samlcheck/saml/xmlenc"
)

// Decrypt a Response's EncryptedAssertion with the SP's key: the decrypted
// assertion is then read like a plain one.
func ExampleMessage_Decrypt() {
	data, _ := os.ReadFile("../testdata/rules/saml/decryption/pass/okta-retrieval-method.xml")
	m, err := saml.Decode(saml.Encoded{Binding: saml.BindingNone, Value: string(data)}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	keyData, _ := os.ReadFile("../testdata/keys/sp.key.pem")
	keys, err := xmlenc.ParseKeys("sp.key.pem", keyData, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	m.Decrypt(keys, nil)
	for _, a := range m.Assertions() {
		d := m.DecryptionOf(a)
		fmt.Println(a.Subject.NameID.Value, xmlenc.AlgorithmName(d.KeyAlgorithm), xmlenc.AlgorithmName(d.DataAlgorithm))
	}
	// Output: alice@example.com rsa-oaep-mgf1p aes256-cbc
}
