package xmlenc

import (
	"bytes"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/base64"
	"encoding/hex"
	"math/big"
	"path/filepath"
	"strings"

	"github.com/beevik/etree"
	"github.com/samlcheck/samlcheck/saml/internal/colonhex"
	"github.com/samlcheck/samlcheck/saml/internal/xmltree"
)

// Recipient is what an EncryptedKey's ds:KeyInfo says about the key it was
// encrypted for (xmldsig-core §4.4): a certificate, an RSA public key, an
// issuer and serial number, a subject key identifier, a subject name or a
// key name. IdPs write the SP encryption certificate they hold; comparing it
// with the given keys tells a stale certificate at the IdP from corrupt data.
type Recipient struct {
	// Cert is the X509Certificate, if any.
	Cert *x509.Certificate
	// Public is the RSA public key of Cert or of an RSAKeyValue.
	Public *rsa.PublicKey
	// IssuerName and Serial are the X509IssuerSerial, if any.
	IssuerName string
	Serial     *big.Int
	// SKI is the X509SKI, if any.
	SKI []byte
	// SubjectName is the X509SubjectName, if any.
	SubjectName string
	// KeyName is the ds:KeyName, if any.
	KeyName string
	// Match is the given key the recipient names, nil when none (or none
	// could be told).
	Match *Key

	decidable bool
}

// Named reports whether the EncryptedKey names its recipient at all.
func (r Recipient) Named() bool {
	return r.Cert != nil || r.Public != nil || r.Serial != nil || r.SKI != nil || r.SubjectName != "" || r.KeyName != ""
}

// Decidable reports whether the given keys could be compared with the
// recipient: a certificate, public key, SKI or key name always can; an
// issuer-serial or subject name only when every key came with a
// certificate.
func (r Recipient) Decidable() bool { return r.decidable }

// PublicKeyFingerprint returns the SHA-256 fingerprint of the recipient's
// public key (comparable with Key.Fingerprint), or "".
func (r Recipient) PublicKeyFingerprint() string {
	if r.Public == nil {
		return ""
	}
	der, err := x509.MarshalPKIXPublicKey(r.Public)
	if err != nil {
		return ""
	}
	return colonhex.Encode(sha256Sum(der))
}

// String describes the recipient for people: `certificate "CN=sp" (SHA-256
// AB:…; public key SHA-256 CD:…)`, `KeyName "sp-2024"`, ….
func (r Recipient) String() string {
	var parts []string
	if r.Cert != nil {
		parts = append(parts, "certificate \""+r.Cert.Subject.String()+"\" (certificate SHA-256 "+colonhex.Encode(sha256Sum(r.Cert.Raw))+"; public key SHA-256 "+r.PublicKeyFingerprint()+")")
	} else if r.Public != nil {
		parts = append(parts, "RSA public key SHA-256 "+r.PublicKeyFingerprint())
	}
	if r.Serial != nil {
		parts = append(parts, "issuer \""+r.IssuerName+"\" serial "+r.Serial.String())
	}
	if r.SKI != nil {
		parts = append(parts, "subject key identifier "+colonhex.Encode(r.SKI))
	}
	if r.SubjectName != "" {
		parts = append(parts, "subject \""+r.SubjectName+"\"")
	}
	if r.KeyName != "" {
		parts = append(parts, "KeyName \""+r.KeyName+"\"")
	}
	if len(parts) == 0 {
		return "an unnamed key (the EncryptedKey has no KeyInfo)"
	}
	return strings.Join(parts, ", ")
}

// readRecipient reads the recipient of ek and finds which of keys it names.
func readRecipient(ek *etree.Element, keys []*Key) Recipient {
	var r Recipient
	ki := xmltree.Child(ek, NSDSig, "KeyInfo")
	for _, xd := range xmltree.Children(ki, NSDSig, "X509Data") {
		for _, c := range xd.ChildElements() {
			if c.NamespaceURI() != NSDSig {
				continue
			}
			switch c.Tag {
			case "X509Certificate":
				if der, err := base64.StdEncoding.DecodeString(removeSpace(text(c))); err == nil && r.Cert == nil {
					if cert, err := x509.ParseCertificate(der); err == nil {
						r.Cert = cert
						if pub, ok := cert.PublicKey.(*rsa.PublicKey); ok {
							r.Public = pub
						}
					}
				}
			case "X509IssuerSerial":
				r.IssuerName = strings.TrimSpace(text(xmltree.Child(c, NSDSig, "X509IssuerName")))
				if n, ok := new(big.Int).SetString(strings.TrimSpace(text(xmltree.Child(c, NSDSig, "X509SerialNumber"))), 10); ok {
					r.Serial = n
				}
			case "X509SKI":
				if b, err := base64.StdEncoding.DecodeString(removeSpace(text(c))); err == nil && len(b) > 0 {
					r.SKI = b
				}
			case "X509SubjectName":
				r.SubjectName = strings.TrimSpace(text(c))
			}
		}
	}
	if kv := xmltree.Child(xmltree.Child(ki, NSDSig, "KeyValue"), NSDSig, "RSAKeyValue"); kv != nil && r.Public == nil {
		n, err1 := base64.StdEncoding.DecodeString(removeSpace(text(xmltree.Child(kv, NSDSig, "Modulus"))))
		e, err2 := base64.StdEncoding.DecodeString(removeSpace(text(xmltree.Child(kv, NSDSig, "Exponent"))))
		if err1 == nil && err2 == nil && len(n) > 0 && len(e) > 0 && len(e) <= 4 {
			r.Public = &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(e).Int64())}
		}
	}
	r.KeyName = strings.TrimSpace(text(xmltree.Child(ki, NSDSig, "KeyName")))

	allCerts := len(keys) > 0
	for _, k := range keys {
		if len(k.Certs) == 0 {
			allCerts = false
		}
	}
	switch {
	case r.Public != nil || r.SKI != nil || r.KeyName != "":
		r.decidable = true
	case r.Serial != nil || r.SubjectName != "":
		r.decidable = allCerts
	}
	for _, k := range keys {
		if r.names(k) {
			r.Match = k
			break
		}
	}
	return r
}

// names reports whether the recipient names k.
func (r Recipient) names(k *Key) bool {
	if r.Public != nil {
		return k.matchesPublic(r.Public)
	}
	if r.SKI != nil {
		if bytes.Equal(r.SKI, subjectKeyID(k.spki)) {
			return true
		}
		for _, c := range k.Certs {
			if len(c.SubjectKeyId) > 0 && bytes.Equal(c.SubjectKeyId, r.SKI) {
				return true
			}
		}
		return false
	}
	for _, c := range k.Certs {
		if r.Serial != nil && c.SerialNumber != nil && c.SerialNumber.Cmp(r.Serial) == 0 &&
			(r.IssuerName == "" || sameDN(r.IssuerName, c.Issuer)) {
			return true
		}
		if r.SubjectName != "" && sameDN(r.SubjectName, c.Subject) {
			return true
		}
	}
	if r.KeyName != "" {
		return keyNameMatches(r.KeyName, k)
	}
	return false
}

// keyNameMatches reports whether a ds:KeyName plausibly names k: the file
// name (with or without extension), the public key fingerprint, or a
// certificate's subject, common name or fingerprint (SHA-1 or SHA-256, hex
// with or without colons, any case).
func keyNameMatches(name string, k *Key) bool {
	norm := func(s string) string {
		return strings.ToLower(strings.ReplaceAll(strings.ReplaceAll(s, ":", ""), " ", ""))
	}
	n := norm(name)
	base := filepath.Base(k.File)
	cands := []string{base, strings.TrimSuffix(base, filepath.Ext(base)), hex.EncodeToString(sha256Sum(k.spki))}
	for _, c := range k.Certs {
		s1 := sha1.Sum(c.Raw)
		cands = append(cands, c.Subject.String(), c.Subject.CommonName, hex.EncodeToString(s1[:]), hex.EncodeToString(sha256Sum(c.Raw)))
	}
	for _, c := range cands {
		if c != "" && norm(c) == n {
			return true
		}
	}
	return false
}

// sameDN compares a distinguished name as written in XML with a parsed one,
// ignoring spaces after separators and case.
func sameDN(written string, dn pkix.Name) bool {
	norm := func(s string) string {
		s = strings.ToLower(s)
		s = strings.ReplaceAll(s, ", ", ",")
		s = strings.ReplaceAll(s, " = ", "=")
		return strings.TrimSpace(s)
	}
	return norm(written) == norm(dn.String())
}

// subjectKeyID returns the RFC 5280 §4.2.1.2 method 1 key identifier: the
// SHA-1 of the subjectPublicKey BIT STRING of the SubjectPublicKeyInfo.
func subjectKeyID(spki []byte) []byte {
	var info struct {
		Algorithm pkix.AlgorithmIdentifier
		PublicKey asn1.BitString
	}
	if _, err := asn1.Unmarshal(spki, &info); err != nil {
		return nil
	}
	s := sha1.Sum(info.PublicKey.Bytes)
	return s[:]
}

// text returns el's text, "" for nil.
func text(el *etree.Element) string {
	if el == nil {
		return ""
	}
	return el.Text()
}
