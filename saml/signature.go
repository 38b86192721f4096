package saml

import (
	"bytes"
	"encoding/base64"
	"encoding/pem"
	"strings"

	"github.com/beevik/etree"
)

// parseSignature reads what a ds:Signature claims (xmldsig-core §4):
// the element it sits in, its first Reference URI, its algorithms and the
// X509 certificates in its KeyInfo. It does not verify anything.
func parseSignature(el *etree.Element) *Signature {
	if el == nil {
		return nil
	}
	s := &Signature{Element: el, Parent: el.Parent()}
	if s.Parent != nil && s.Parent.Tag != "" {
		s.ParentPath = Path(s.Parent)
	} else {
		s.Parent = nil
	}
	si := child(el, NSDSig, "SignedInfo")
	s.CanonicalizationMethod = attr(child(si, NSDSig, "CanonicalizationMethod"), "Algorithm")
	s.SignatureMethod = attr(child(si, NSDSig, "SignatureMethod"), "Algorithm")
	ref := child(si, NSDSig, "Reference")
	s.ReferenceURI = attr(ref, "URI")
	s.DigestMethod = attr(child(ref, NSDSig, "DigestMethod"), "Algorithm")
	for _, data := range children(child(el, NSDSig, "KeyInfo"), NSDSig, "X509Data") {
		for _, c := range children(data, NSDSig, "X509Certificate") {
			if der := certificateDER(allText(c)); der != nil {
				s.Certificates = append(s.Certificates, der)
			}
		}
	}
	return s
}

// certificateDER decodes the text of a ds:X509Certificate: Base64 with any
// whitespace. Some ADFS deployments put Base64 of a whole PEM file there
// (double encoding); that PEM block is unwrapped. It returns nil when the
// text is not Base64.
func certificateDER(text string) []byte {
	text = strings.TrimRight(removeWhitespace(text), "=")
	der, err := base64.RawStdEncoding.DecodeString(text)
	if err != nil || len(der) == 0 {
		return nil
	}
	if bytes.HasPrefix(der, []byte("-----BEGIN")) {
		if block, _ := pem.Decode(der); block != nil {
			return block.Bytes
		}
	}
	return der
}

// parseEncryptedAssertion reads the algorithms of a saml:EncryptedAssertion
// (xmlenc-core §3): the EncryptedData's EncryptionMethod and that of the
// EncryptedKey, found in EncryptedData's KeyInfo or beside EncryptedData.
func parseEncryptedAssertion(el *etree.Element) *EncryptedAssertion {
	ea := &EncryptedAssertion{Element: el}
	data := child(el, NSXEnc, "EncryptedData")
	ea.DataAlgorithm = attr(child(data, NSXEnc, "EncryptionMethod"), "Algorithm")
	key := child(child(data, NSDSig, "KeyInfo"), NSXEnc, "EncryptedKey")
	if key == nil {
		key = child(el, NSXEnc, "EncryptedKey")
	}
	ea.KeyAlgorithm = attr(child(key, NSXEnc, "EncryptionMethod"), "Algorithm")
	return ea
}
