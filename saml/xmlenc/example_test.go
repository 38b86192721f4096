package xmlenc_test

import (
	"errors"
	"fmt"
	"os"

	"github.com/beevik/etree"
	"github.com/samlcheck/samlcheck/saml/xmlenc"
)

// Decrypt an EncryptedAssertion with the SP's key, and say why the other
// SP key does not open it.
func ExampleDecrypt() {
	keyData, _ := os.ReadFile("../../testdata/keys/sp-old.key.pem")
	keys, err := xmlenc.ParseKeys("sp-old.key.pem", keyData, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	doc := etree.NewDocument()
	if err := doc.ReadFromFile("../../testdata/rules/saml/decryption/fail/encrypted-for-old-certificate.xml"); err != nil {
		fmt.Println(err)
		return
	}
	ea := doc.FindElement("//EncryptedAssertion")
	res, err := xmlenc.Decrypt(ea, keys, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(xmlenc.AlgorithmName(res.KeyAlgorithm), xmlenc.AlgorithmName(res.DataAlgorithm), res.Key.File)

	keyData, _ = os.ReadFile("../../testdata/keys/sp.key.pem")
	current, _ := xmlenc.ParseKeys("sp.key.pem", keyData, nil)
	_, err = xmlenc.Decrypt(ea, current, nil)
	var e *xmlenc.Error
	if errors.As(err, &e) {
		fmt.Println(e.Cause, e.Recipients[0].Cert.Subject.CommonName)
	}
	// Output:
	// rsa-oaep-mgf1p aes256-cbc sp-old.key.pem
	// key-mismatch samlcheck test SP encryption (previous)
}
