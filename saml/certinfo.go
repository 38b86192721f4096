package saml

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"time"

	"github.com/samlcheck/samlcheck/saml/internal/colonhex"
)

// CertInfo describes an X.509 certificate the way IdP consoles and AWS show
// it, so an administrator can compare it with what they uploaded.
type CertInfo struct {
	// Subject and Issuer are the distinguished names (RFC 2253 form).
	Subject string `json:"subject"`
	Issuer  string `json:"issuer"`
	// SerialNumber is the serial number in upper-case hex with colons.
	SerialNumber string `json:"serialNumber"`
	// NotBefore and NotAfter bound the validity period.
	NotBefore time.Time `json:"notBefore"`
	NotAfter  time.Time `json:"notAfter"`
	// KeyAlgorithm is "RSA", "ECDSA", "Ed25519" or "unknown"; KeyBits the
	// RSA modulus or elliptic curve size in bits (0 when unknown).
	KeyAlgorithm string `json:"keyAlgorithm"`
	KeyBits      int    `json:"keyBits,omitempty"`
	// SHA1 and SHA256 are the fingerprints of the DER encoding, in
	// upper-case hex pairs separated by colons (as Okta, Entra ID, AD FS
	// and the AWS consoles show them).
	SHA1   string `json:"sha1"`
	SHA256 string `json:"sha256"`
	// SelfSigned reports that issuer and subject are the same.
	SelfSigned bool `json:"selfSigned,omitempty"`
}

// DescribeCert returns the CertInfo of c. It returns the zero CertInfo for
// nil.
func DescribeCert(c *x509.Certificate) CertInfo {
	if c == nil {
		return CertInfo{}
	}
	info := CertInfo{
		Subject:      c.Subject.String(),
		Issuer:       c.Issuer.String(),
		NotBefore:    c.NotBefore.UTC(),
		NotAfter:     c.NotAfter.UTC(),
		KeyAlgorithm: "unknown",
		SHA1:         Fingerprint(c.Raw, false),
		SHA256:       Fingerprint(c.Raw, true),
	}
	info.SelfSigned = info.Subject == info.Issuer
	if c.SerialNumber != nil {
		b := c.SerialNumber.Bytes()
		if len(b) == 0 {
			b = []byte{0}
		}
		info.SerialNumber = colonhex.Encode(b)
	}
	switch k := c.PublicKey.(type) {
	case *rsa.PublicKey:
		info.KeyAlgorithm, info.KeyBits = "RSA", k.N.BitLen()
	case *ecdsa.PublicKey:
		info.KeyAlgorithm = "ECDSA"
		if k.Curve != nil {
			info.KeyBits = k.Curve.Params().BitSize
		}
	case ed25519.PublicKey:
		info.KeyAlgorithm, info.KeyBits = "Ed25519", 256
	}
	return info
}

// Fingerprint returns the SHA-256 (sha256 true) or SHA-1 fingerprint of the
// DER bytes der as upper-case hex pairs separated by colons, such as
// "3B:9A:…:0F".
func Fingerprint(der []byte, sha256Sum bool) string {
	if sha256Sum {
		sum := sha256.Sum256(der)
		return colonhex.Encode(sum[:])
	}
	sum := sha1.Sum(der)
	return colonhex.Encode(sum[:])
}

// ValidAt reports whether t is inside the certificate's validity period
// (NotBefore and NotAfter inclusive, RFC 5280 §4.1.2.5).
func (ci CertInfo) ValidAt(t time.Time) bool {
	return !t.Before(ci.NotBefore) && !t.After(ci.NotAfter)
}

// String returns a one-line description: subject, validity and both
// fingerprints.
func (ci CertInfo) String() string {
	return "subject " + quoteDN(ci.Subject) + ", valid " + ci.NotBefore.Format(time.RFC3339) + " to " +
		ci.NotAfter.Format(time.RFC3339) + ", SHA-1 " + ci.SHA1 + ", SHA-256 " + ci.SHA256
}

// quoteDN quotes a distinguished name for display ("(empty)" when blank).
func quoteDN(dn string) string {
	if dn == "" {
		return "(empty)"
	}
	return `"` + dn + `"`
}
