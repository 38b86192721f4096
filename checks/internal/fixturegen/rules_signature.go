package main

import (
	"crypto"
	"crypto/rsa"
	"crypto/x509"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"time"

	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"
)

// Certificates of the signature fixtures, relative to a fixture's folder
// (testdata/rules/saml/<rule>/<kind>/).
const (
	sigTrustedIdPCert = "../../../../keys/idp.crt.pem"
	// sigExpiredIdPCert is the IdP key's certificate that expired on
	// 2025-01-01, before fixtureTime.
	sigExpiredIdPCert = "../../../../keys/idp-expired.crt.pem"
	// sigWeakCert is the certificate of a 1024-bit RSA key.
	sigWeakCert = "../../../../keys/weak.crt.pem"
)

// sigHmacSHA256 is the XML Signature HMAC-SHA256 method (RFC 6931 §2.2.2).
const sigHmacSHA256 = "http://www.w3.org/2001/04/xmldsig-more#hmac-sha256"

// signatureRuleFixtures lists the XML fixtures of the signature, trust and XML-attack rules.
func signatureRuleFixtures() []ruleFixture {
	trusted := map[string]string{"idp-cert": sigTrustedIdPCert}
	return []ruleFixture{
		{rule: "saml/signature-missing", kind: "fail", file: "unsigned.xml", mutate: sigUnsigned},
		{rule: "saml/signature-missing", kind: "fail", file: "unsigned-saml2.xml", mutate: both(style(styleSAML2), sigUnsigned)},
		{rule: "saml/signature-missing", kind: "pass", file: "response-signed.xml", mutate: sigResponseSignedOnly},
		{rule: "saml/signature-missing", kind: "pass", file: "assertion-signed.xml", mutate: sigAssertionSignedOnly},
		{rule: "saml/signature-missing", kind: "pass", file: "both-signed.xml"},

		{rule: "saml/signature-invalid", kind: "fail", file: "tampered-nameid.xml", flags: trusted, mutate: sigTamper(sigSetNameID("mallory@example.com"))},
		{rule: "saml/signature-invalid", kind: "fail", file: "tampered-attribute.xml", flags: trusted, mutate: both(sigAssertionSignedOnly, sigTamper(sigSetDisplayName("Mallory Example")))},
		{rule: "saml/signature-invalid", kind: "fail", file: "pretty-printed.xml", flags: trusted, mutate: both(sigCompact, sigTamper(sigPrettyPrint))},
		{rule: "saml/signature-invalid", kind: "fail", file: "hmac.xml", mutate: both(sigAssertionSignedOnly, sigTamper(sigSetSignatureMethod(sigHmacSHA256)))},
		// A valid but large Response (1,200 group values): goxmldsig stops
		// traversing at 1,000 elements, which must be said as a warning that
		// the signature was not verified, never as an invalid signature.
		{rule: "saml/signature-invalid", kind: "fail", file: "too-large-to-verify.xml", flags: trusted, mutate: func(o *respOpts) {
			groups := attribute{name: "https://example.com/groups", nameFormat: attrFormatURI}
			for i := range 1200 {
				groups.values = append(groups.values, fmt.Sprintf("group-%04d", i))
			}
			o.attrs = append(ordinaryAttrs(), groups)
			o.compact = true
		}},
		{rule: "saml/signature-invalid", kind: "pass", file: "signed.xml", flags: trusted},
		{rule: "saml/signature-invalid", kind: "pass", file: "compact.xml", flags: trusted, mutate: sigCompact},
		{rule: "saml/signature-invalid", kind: "pass", file: "embedded-cert.xml"},

		{rule: "saml/signature-untrusted", kind: "fail", file: "other-key.xml", flags: trusted, mutate: sigSignedWithOther},
		{rule: "saml/signature-untrusted", kind: "fail", file: "other-key-assertion-only.xml", flags: trusted, mutate: both(sigAssertionSignedOnly, sigSignedWithOther)},
		{rule: "saml/signature-untrusted", kind: "pass", file: "idp-key.xml", flags: trusted},
		{rule: "saml/signature-untrusted", kind: "pass", file: "idp-key-default-ns.xml", flags: trusted, mutate: style(styleDefaultNS)},

		{rule: "saml/signature-algorithm", kind: "fail", file: "rsa-sha1.xml", flags: trusted, mutate: sigSignWith(sigSha1Signer)},
		{rule: "saml/signature-algorithm", kind: "fail", file: "rsa-sha1-assertion-only.xml", flags: trusted, mutate: both(sigAssertionSignedOnly, sigSignWith(sigSha1Signer))},
		{rule: "saml/signature-algorithm", kind: "pass", file: "rsa-sha256.xml", flags: trusted},

		{rule: "saml/certificate", kind: "fail", file: "expired.xml", flags: map[string]string{"idp-cert": sigExpiredIdPCert}, mutate: sigSignWith(sigExpiredSigner)},
		{rule: "saml/certificate", kind: "fail", file: "rsa-1024.xml", flags: map[string]string{"idp-cert": sigWeakCert}, mutate: sigSignWith(sigWeakSigner)},
		{rule: "saml/certificate", kind: "pass", file: "valid.xml", flags: trusted},

		{rule: "saml/signature-wrapping", kind: "fail", file: "signed-beside-unsigned.xml", flags: trusted,
			also: []string{"idc/assertion-count", "saml/signature-missing"}, mutate: both(sigAssertionSignedOnly, sigTamper(sigEvilAssertionBefore("_evil-assert", "admin@example.com")))},
		{rule: "saml/signature-wrapping", kind: "fail", file: "signed-assertion-in-extensions.xml", flags: trusted,
			also: []string{"saml/signature-missing"}, mutate: both(sigAssertionSignedOnly, sigTamper(sigSignedAssertionToExtensions("admin@example.com")))},
		{rule: "saml/signature-wrapping", kind: "fail", file: "reference-elsewhere.xml", flags: trusted,
			also: []string{"saml/signature-missing"}, mutate: both(sigAssertionSignedOnly, sigTamper(sigMoveAssertionSignatureToResponse))},
		{rule: "saml/signature-wrapping", kind: "fail", file: "signature-in-extensions.xml", flags: trusted,
			also: []string{"saml/signature-missing"}, mutate: both(sigAssertionSignedOnly, sigTamper(sigMoveAssertionSignatureToExtensions))},
		{rule: "saml/signature-wrapping", kind: "fail", file: "duplicate-id.xml", flags: trusted,
			also: []string{"idc/assertion-count", "saml/duplicate-id", "saml/signature-missing"}, mutate: both(sigAssertionSignedOnly, sigTamper(sigEvilAssertionBefore("", "admin@example.com")))},
		{rule: "saml/signature-wrapping", kind: "pass", file: "both-signed.xml", flags: trusted},
		{rule: "saml/signature-wrapping", kind: "pass", file: "assertion-signed.xml", flags: trusted, mutate: sigAssertionSignedOnly},

		{rule: "saml/xml-comment", kind: "fail", file: "nameid-comment.xml", mutate: both(nameID("alice@example.com.evil.com"), sigTamper(sigSplitNameID(etree.NewComment(""))))},
		{rule: "saml/xml-comment", kind: "fail", file: "nameid-cdata.xml", mutate: both(nameID("alice@example.com.evil.com"), sigTamper(sigSplitNameID(nil)))},
		{rule: "saml/xml-comment", kind: "fail", file: "attribute-comment.xml", mutate: sigEdit(sigCommentInDisplayName)},
		{rule: "saml/xml-comment", kind: "pass", file: "plain.xml"},

		{rule: "saml/xml-roundtrip", kind: "fail", file: "prefixed-id.xml", mutate: sigEdit(sigPrefixedAssertionID)},
		{rule: "saml/xml-roundtrip", kind: "fail", file: "rebound-prefix.xml", mutate: sigEdit(sigRebindSAMLPrefix)},
		{rule: "saml/xml-roundtrip", kind: "fail", file: "lookalike-namespace.xml", mutate: sigEdit(sigLookalikeNamespace)},
		{rule: "saml/xml-roundtrip", kind: "pass", file: "samlp.xml"},
		{rule: "saml/xml-roundtrip", kind: "pass", file: "saml2.xml", mutate: style(styleSAML2)},
		{rule: "saml/xml-roundtrip", kind: "pass", file: "default-ns.xml", mutate: style(styleDefaultNS)},

		{rule: "saml/duplicate-id", kind: "fail", file: "evil-copy.xml", flags: trusted,
			also: []string{"idc/assertion-count", "saml/signature-missing", "saml/signature-wrapping"}, mutate: both(sigAssertionSignedOnly, sigTamper(sigEvilAssertionBefore("", "admin@example.com")))},
		{rule: "saml/duplicate-id", kind: "fail", file: "response-id-reused.xml", flags: trusted,
			also: []string{"saml/signature-wrapping"}, mutate: sigEdit(sigReuseResponseID)},
		{rule: "saml/duplicate-id", kind: "pass", file: "unique.xml", flags: trusted},
	}
}

// Mutators of the signature fixtures.
var (
	sigUnsigned            = func(o *respOpts) { o.signResponse, o.signAssert = false, false }
	sigResponseSignedOnly  = func(o *respOpts) { o.signAssert = false }
	sigAssertionSignedOnly = func(o *respOpts) { o.signResponse = false }
	sigCompact             = func(o *respOpts) { o.compact = true }
	sigSignedWithOther     = func(o *respOpts) { o.signWithOther = true }
)

// sigTamper sets a change made after signing.
func sigTamper(f func(resp *etree.Element)) func(*respOpts) {
	return func(o *respOpts) { o.tamper = f }
}

// sigEdit sets a change made before signing.
func sigEdit(f func(resp *etree.Element)) func(*respOpts) {
	return func(o *respOpts) { o.edit = f }
}

// sigSignWith signs with the signer f returns.
func sigSignWith(f func(g *generator) (*signer, error)) func(*respOpts) {
	return func(o *respOpts) { o.signWith = f }
}

// sigChildTag returns el's first child element named local (any prefix).
func sigChildTag(el *etree.Element, local string) *etree.Element {
	if el == nil {
		return nil
	}
	for _, c := range el.ChildElements() {
		if c.Tag == local {
			return c
		}
	}
	return nil
}

// sigFirstAssertion returns the Response's first Assertion.
func sigFirstAssertion(resp *etree.Element) *etree.Element { return sigChildTag(resp, "Assertion") }

// sigNameIDOf returns an assertion's Subject NameID.
func sigNameIDOf(a *etree.Element) *etree.Element {
	return sigChildTag(sigChildTag(a, "Subject"), "NameID")
}

// sigSetNameID changes the first assertion's NameID.
func sigSetNameID(v string) func(resp *etree.Element) {
	return func(resp *etree.Element) { sigNameIDOf(sigFirstAssertion(resp)).SetText(v) }
}

// sigDisplayNameValue returns the AttributeValue of the displayName attribute.
func sigDisplayNameValue(resp *etree.Element) *etree.Element {
	for _, at := range sigChildTag(sigFirstAssertion(resp), "AttributeStatement").ChildElements() {
		if at.SelectAttrValue("FriendlyName", "") == "displayName" {
			return sigChildTag(at, "AttributeValue")
		}
	}
	return nil
}

// sigSetDisplayName changes the displayName attribute's value.
func sigSetDisplayName(v string) func(resp *etree.Element) {
	return func(resp *etree.Element) { sigDisplayNameValue(resp).SetText(v) }
}

// sigSetSignatureMethod changes the first assertion's SignatureMethod (the
// key-confusion attack keeps the SignatureValue and claims an HMAC).
func sigSetSignatureMethod(method string) func(resp *etree.Element) {
	return func(resp *etree.Element) {
		sig := sigChildTag(sigFirstAssertion(resp), "Signature")
		sigChildTag(sigChildTag(sig, "SignedInfo"), "SignatureMethod").CreateAttr("Algorithm", method)
	}
}

// sigPrettyPrint indents a compact response after signing, as a proxy or a
// copy through a formatter does.
func sigPrettyPrint(resp *etree.Element) {
	doc := etree.NewDocument()
	parent := resp.Parent()
	doc.SetRoot(resp)
	doc.Indent(2)
	if parent != nil {
		parent.AddChild(resp)
	}
}

// sigEvilAssertionBefore inserts, before the first (signed) assertion, an
// unsigned copy of it with NameID nameID and ID id ("" keeps the signed
// assertion's ID: the duplicate-ID trick).
func sigEvilAssertionBefore(id, nameID string) func(resp *etree.Element) {
	return func(resp *etree.Element) {
		genuine := sigFirstAssertion(resp)
		evil := sigUnsignedCopy(genuine, id, nameID)
		resp.InsertChildAt(genuine.Index(), evil)
	}
}

// sigUnsignedCopy returns a copy of assertion a without its signature, with
// NameID nameID and, unless id is "", ID id.
func sigUnsignedCopy(a *etree.Element, id, nameID string) *etree.Element {
	evil := a.Copy()
	if sig := sigChildTag(evil, "Signature"); sig != nil {
		evil.RemoveChild(sig)
	}
	if id != "" {
		evil.CreateAttr("ID", id)
	}
	sigNameIDOf(evil).SetText(nameID)
	return evil
}

// sigSignedAssertionToExtensions moves the signed assertion into the
// Response's Extensions and puts an unsigned copy with another NameID in its
// place (pysaml2's signed-xsw-assertion-extensions).
func sigSignedAssertionToExtensions(nameID string) func(resp *etree.Element) {
	return func(resp *etree.Element) {
		genuine := sigFirstAssertion(resp)
		pos := genuine.Index()
		evil := sigUnsignedCopy(genuine, "_evil-assert", nameID)
		resp.RemoveChild(genuine)
		resp.InsertChildAt(pos, evil)
		ext := etree.NewElement("samlp:Extensions")
		ext.AddChild(genuine)
		resp.InsertChildAt(sigChildTag(resp, "Issuer").Index()+1, ext)
	}
}

// sigMoveAssertionSignatureToResponse moves the assertion's signature into the
// Response, where it references the assertion (samlify's sample signed
// response has this shape).
func sigMoveAssertionSignatureToResponse(resp *etree.Element) {
	sig := sigChildTag(sigFirstAssertion(resp), "Signature")
	sig.Parent().RemoveChild(sig)
	resp.InsertChildAt(sigChildTag(resp, "Issuer").Index()+1, sig)
}

// sigMoveAssertionSignatureToExtensions moves the assertion's signature into
// the Response's Extensions: a detached signature that verifiers looking
// signatures up by ID may accept.
func sigMoveAssertionSignatureToExtensions(resp *etree.Element) {
	sig := sigChildTag(sigFirstAssertion(resp), "Signature")
	sig.Parent().RemoveChild(sig)
	ext := etree.NewElement("samlp:Extensions")
	ext.AddChild(sig)
	resp.InsertChildAt(sigChildTag(resp, "Issuer").Index()+1, ext)
}

// sigSplitNameID splits the NameID alice@example.com.evil.com after
// "alice@example.com" with sep, or with a CDATA section when sep is nil
// (CVE-2017-11427; ruby-saml's response_node_text_attack3).
func sigSplitNameID(sep etree.Token) func(resp *etree.Element) {
	return func(resp *etree.Element) {
		n := sigNameIDOf(sigFirstAssertion(resp))
		for _, t := range append([]etree.Token(nil), n.Child...) {
			n.RemoveChild(t)
		}
		n.CreateText("alice@example.com")
		if sep == nil {
			n.CreateCData(".evil.com")
			return
		}
		n.AddChild(sep)
		n.CreateText(".evil.com")
	}
}

// sigCommentInDisplayName puts a comment inside the displayName value before
// signing.
func sigCommentInDisplayName(resp *etree.Element) {
	v := sigDisplayNameValue(resp)
	for _, t := range append([]etree.Token(nil), v.Child...) {
		v.RemoveChild(t)
	}
	v.CreateText("Alice")
	v.CreateComment(" internal ")
	v.CreateText(" Example")
}

// sigPrefixedAssertionID gives the assertion a second, prefixed ID beside its
// own.
func sigPrefixedAssertionID(resp *etree.Element) {
	a := sigFirstAssertion(resp)
	a.CreateAttr("xmlns:x", "urn:example:x")
	a.CreateAttr("x:ID", "_evil-assert")
}

// sigRebindSAMLPrefix binds the saml prefix to another namespace on the
// AuthnContextClassRef.
func sigRebindSAMLPrefix(resp *etree.Element) {
	ctx := sigChildTag(sigChildTag(sigChildTag(sigFirstAssertion(resp), "AuthnStatement"), "AuthnContext"), "AuthnContextClassRef")
	ctx.CreateAttr("xmlns:saml", "urn:example:not-saml")
}

// sigLookalikeNamespace declares a namespace that looks like SAML's assertion
// namespace (capital A) on the assertion.
func sigLookalikeNamespace(resp *etree.Element) {
	sigFirstAssertion(resp).CreateAttr("xmlns:saml2", "urn:oasis:names:tc:SAML:2.0:Assertion")
}

// sigReuseResponseID gives the assertion the Response's ID.
func sigReuseResponseID(resp *etree.Element) {
	sigFirstAssertion(resp).CreateAttr("ID", resp.SelectAttrValue("ID", ""))
}

// sigIdpKeyPair returns the IdP's key pair from the generator's signer.
func sigIdpKeyPair(g *generator) (keyPair, error) {
	key, der, err := g.signer.ctx.KeyStore.GetKeyPair()
	if err != nil {
		return keyPair{}, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return keyPair{}, err
	}
	return keyPair{key: key, cert: cert, der: der}, nil
}

// sigSha1Signer signs with the IdP key using RSA-SHA1 and SHA-1 digests.
func sigSha1Signer(g *generator) (*signer, error) {
	kp, err := sigIdpKeyPair(g)
	if err != nil {
		return nil, err
	}
	s := newSigner(kp)
	s.ctx.Hash = crypto.SHA1
	if s.ctx.GetSignatureMethodIdentifier() != dsig.RSASHA1SignatureMethod {
		return nil, fmt.Errorf("sha1 signer: signature method is %s", s.ctx.GetSignatureMethodIdentifier())
	}
	return s, nil
}

// sigExpiredSigner signs with the IdP key, embedding a certificate of that key
// that expired on 2025-01-01 (written to keys/idp-expired.crt.pem).
func sigExpiredSigner(g *generator) (*signer, error) {
	kp, err := sigIdpKeyPair(g)
	if err != nil {
		return nil, err
	}
	expired, err := sigSelfSigned(g, kp.key, "idp-expired", "samlcheck test IdP (expired)", 0x5a4d4c03,
		time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		return nil, err
	}
	return newSigner(expired), nil
}

// sigWeakSigner signs with a 1024-bit RSA key (keys/weak.key.pem, created once
// when missing) and its certificate (keys/weak.crt.pem).
func sigWeakSigner(g *generator) (*signer, error) {
	path := filepath.Join(g.keys, "weak.key.pem")
	key, err := readKey(path)
	if errors.Is(err, fs.ErrNotExist) {
		key, err = createKey(path, 1024)
	}
	if err != nil {
		return nil, err
	}
	kp, err := sigSelfSigned(g, key, "weak", "samlcheck weak test key", 0x5a4d4c04,
		time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2045, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		return nil, err
	}
	return newSigner(kp), nil
}

// sigSelfSigned makes a deterministic self-signed certificate for key (PKCS#1
// v1.5 signatures are deterministic) and writes it to keys/<name>.crt.pem
// under the output directory, where fixtures refer to it.
func sigSelfSigned(g *generator, key *rsa.PrivateKey, name, cn string, serial int64, notBefore, notAfter time.Time) (keyPair, error) {
	kp, err := selfSigned(key, name, cn, serial, notBefore, notAfter)
	if err != nil {
		return keyPair{}, err
	}
	if err := g.write("keys/"+name+".crt.pem", kp.certPEM()); err != nil {
		return keyPair{}, err
	}
	return kp, nil
}
