package checks

import (
	"github.com/samlcheck/samlcheck/saml"
	"github.com/samlcheck/samlcheck/saml/xmlenc"
)

// DecryptionSummary says how one EncryptedAssertion was decrypted with the
// --sp-key keys. It never holds key material: the key is named by its file
// and the SHA-256 fingerprint of its public key.
type DecryptionSummary struct {
	// XMLPath is the EncryptedAssertion's path.
	XMLPath string `json:"xmlPath"`
	// Decrypted reports success; AssertionID is then the decrypted
	// assertion's ID.
	Decrypted   bool   `json:"decrypted"`
	AssertionID string `json:"assertionID,omitempty"`
	// KeyFile and KeyFingerprint name the key that opened it.
	KeyFile        string `json:"keyFile,omitempty"`
	KeyFingerprint string `json:"keyFingerprint,omitempty"`
	// KeyAlgorithm, DigestAlgorithm, MGFAlgorithm and DataAlgorithm are
	// the short names of the algorithms (rsa-oaep-mgf1p, sha256,
	// mgf1sha256, aes256-gcm).
	KeyAlgorithm    string `json:"keyAlgorithm,omitempty"`
	DigestAlgorithm string `json:"digestAlgorithm,omitempty"`
	MGFAlgorithm    string `json:"mgfAlgorithm,omitempty"`
	DataAlgorithm   string `json:"dataAlgorithm,omitempty"`
	// Error says why it was not decrypted (see saml/decryption).
	Error string `json:"error,omitempty"`
}

// decryptionSummaries summarises the decryption of m's EncryptedAssertions;
// nil when none was attempted (no --sp-key).
func decryptionSummaries(m *saml.Message) []DecryptionSummary {
	var out []DecryptionSummary
	for _, ea := range m.EncryptedAssertions() {
		d := ea.Decryption
		if d == nil {
			continue
		}
		s := DecryptionSummary{XMLPath: saml.Path(ea.Element), Decrypted: d.Decrypted()}
		if d.Key != nil {
			s.KeyFile, s.KeyFingerprint = d.Key.File, d.Key.Fingerprint()
			s.KeyAlgorithm, s.DataAlgorithm = xmlenc.AlgorithmName(d.KeyAlgorithm), xmlenc.AlgorithmName(d.DataAlgorithm)
			if d.DigestAlgorithm != "" {
				s.DigestAlgorithm, s.MGFAlgorithm = xmlenc.AlgorithmName(d.DigestAlgorithm), xmlenc.AlgorithmName(d.MGFAlgorithm)
			}
		}
		if d.Assertion != nil {
			s.AssertionID = d.Assertion.ID
		}
		if d.Err != nil {
			s.Error = flatten(d.Err)
		}
		out = append(out, s)
	}
	return out
}
