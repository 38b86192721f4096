package xmlenc

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/beevik/etree"
)

// FuzzStructure feeds mutated XML Encryption structures to everything that
// reads them before any RSA operation (the EncryptedKey search, recipients,
// algorithms, CipherValues): nothing panics, and without keys nothing ever
// decrypts. It runs thousands of inputs a second, where saml's FuzzDecrypt,
// doing RSA under the fuzzer's instrumentation, runs a few.
func FuzzStructure(f *testing.F) {
	// Seeds: the EncryptedAssertions of the fixtures, with the data's
	// CipherValue cut short: only the structure matters here.
	files, _ := filepath.Glob("../../testdata/rules/saml/decryption/*/*.xml")
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		doc := etree.NewDocument()
		if doc.ReadFromBytes(data) != nil {
			continue
		}
		ea := doc.FindElement("//EncryptedAssertion")
		if ea == nil {
			continue
		}
		seed := etree.NewDocument()
		seed.SetRoot(ea.Copy())
		for _, cv := range seed.FindElements("//EncryptedData/CipherData/CipherValue") {
			if t := cv.Text(); len(t) > 64 {
				cv.SetText(t[:64])
			}
		}
		// One element a line: the instrumented XML reader crawls on
		// documents written on one long line.
		seed.Indent(1)
		if b, err := seed.WriteToBytes(); err == nil {
			f.Add(b)
		}
	}
	keys := readKeys(f, "sp.key.pem")
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 64<<10 {
			return
		}
		doc := etree.NewDocument()
		doc.ReadSettings.MaxDepth = 64
		if doc.ReadFromBytes(data) != nil || doc.Root() == nil {
			return
		}
		walk(doc.Root(), func(e *etree.Element) {
			switch e.Tag {
			case "EncryptedAssertion", "EncryptedData":
				if res, err := Decrypt(e, nil, &Options{MaxCipherText: 32 << 10}); err == nil || res != nil {
					t.Fatalf("decrypted without a key")
				}
			case "EncryptedKey":
				_ = readRecipient(e, keys).String()
				_, _ = readTransport(e, 32<<10)
			}
		})
	})
}
