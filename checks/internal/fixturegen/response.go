package main

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/beevik/etree"
)

// Namespaces and the SAML identifiers the fixtures use (saml-core-2.0-os).
const (
	nsProtocol  = "urn:oasis:names:tc:SAML:2.0:protocol"
	nsAssertion = "urn:oasis:names:tc:SAML:2.0:assertion"
	nsXS        = "http://www.w3.org/2001/XMLSchema"
	nsXSI       = "http://www.w3.org/2001/XMLSchema-instance"
	nsXenc      = "http://www.w3.org/2001/04/xmlenc#"
	nsDS        = "http://www.w3.org/2000/09/xmldsig#"

	nameIDEmail       = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"
	nameIDUnspecified = "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"
	nameIDPersistent  = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"
	nameIDEntity      = "urn:oasis:names:tc:SAML:2.0:nameid-format:entity"

	attrFormatURI         = "urn:oasis:names:tc:SAML:2.0:attrname-format:uri"
	attrFormatBasic       = "urn:oasis:names:tc:SAML:2.0:attrname-format:basic"
	attrFormatUnspecified = "urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified"

	statusSuccess  = "urn:oasis:names:tc:SAML:2.0:status:Success"
	methodBearer   = "urn:oasis:names:tc:SAML:2.0:cm:bearer"
	authnPassword  = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
	bindingPOST    = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
	encAES256CBC   = "http://www.w3.org/2001/04/xmlenc#aes256-cbc"
	encAES128GCM   = "http://www.w3.org/2009/xmlenc11#aes128-gcm"
	encRSAOAEP     = "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"
	encTypeElement = "http://www.w3.org/2001/04/xmlenc#Element"
	digestSHA1     = "http://www.w3.org/2000/09/xmldsig#sha1"
)

// The identity provider and the AWS service providers of the fixtures.
const (
	idpIssuer   = "https://idp.example.com/saml/metadata"
	idpSSO      = "https://idp.example.com/sso/saml"
	idcACS      = "https://us-east-1.signin.aws.amazon.com/platform/saml/acs/6a2e3f7c-1b4d-4c9e-9f7a-2d3b5c8e1a90"
	idcAudience = "https://us-east-1.signin.aws.amazon.com/platform/saml/d-9067c1a2b3"
	idcStoreID  = "d-9067c1a2b3"
	idcPortal   = "https://d-9067c1a2b3.awsapps.com/start/"
	iamACS      = "https://signin.aws.amazon.com/saml"
	iamRole     = "arn:aws:iam::123456789012:role/Admin,arn:aws:iam::123456789012:saml-provider/ExampleIdP"
	connectRole = "arn:aws:iam::123456789012:role/ConnectFederation,arn:aws:iam::123456789012:saml-provider/ExampleIdP"
	connectURL  = "https://us-east-1.console.aws.amazon.com/connect/federate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d"
	// idcRelayState is an opaque RelayState as a service provider might
	// send it: Base64 JSON, so it needs URL-encoding ("=").
	idcRelayState = "eyJyZWdpb24iOiJ1cy1lYXN0LTEifQ=="

	awsAttr           = "https://aws.amazon.com/SAML/Attributes/"
	attrRole          = awsAttr + "Role"
	attrRoleSession   = awsAttr + "RoleSessionName"
	attrSessionLength = awsAttr + "SessionDuration"
	attrAccessControl = awsAttr + "AccessControl:"
)

// fixtureTime is T, the instant every fixture's IdP issued its response.
func fixtureTime() time.Time { return time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC) }

// checkTime is the reference time of the expectations: T+30s.
func checkTime() time.Time { return fixtureTime().Add(30 * time.Second) }

// nsStyle is how a response spells its namespaces, after a family of real IdPs.
type nsStyle int

const (
	// styleSAMLP: samlp:/saml: prefixes declared on the Response, the
	// Assertion redeclaring saml, xs and xsi (Keycloak, SimpleSAMLphp).
	styleSAMLP nsStyle = iota
	// styleSAML2: saml2p:/saml2: prefixes declared where used, Issuer Format
	// entity, xsi:type on every AttributeValue (Okta, Shibboleth).
	styleSAML2
	// styleDefaultNS: samlp: for the protocol, the assertion namespace as the
	// default namespace on Issuer and Assertion (ADFS, Entra ID).
	styleDefaultNS
)

// protocol returns the protocol namespace prefix.
func (s nsStyle) protocol() string {
	if s == styleSAML2 {
		return "saml2p"
	}
	return "samlp"
}

// assertion returns the assertion namespace prefix ("" for the default namespace).
func (s nsStyle) assertion() string {
	switch s {
	case styleSAML2:
		return "saml2"
	case styleDefaultNS:
		return ""
	default:
		return "saml"
	}
}

// instant formats a SAML timestamp (xs:dateTime in UTC) the way the style's IdPs do.
func (s nsStyle) instant(t time.Time) string {
	if s == styleSAMLP {
		return t.UTC().Format("2006-01-02T15:04:05Z")
	}
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}

// attribute is one saml:Attribute.
type attribute struct {
	name, nameFormat, friendlyName string
	values                         []string
	// xmlValue puts each value inside an element (<x:dept xmlns:x="urn:x">)
	// instead of as text.
	xmlValue bool
}

// respOpts describes one SAML Response to build.
type respOpts struct {
	id           string // fixture-specific part of the IDs: _resp-<id>, _assert-<id>
	style        nsStyle
	compact      bool   // no indentation (as most IdPs send it); else 2-space indent
	destination  string // Response Destination and bearer Recipient
	audience     string
	inResponseTo string // AuthnRequest ID in an SP-initiated flow; "" when IdP-initiated
	nameID       string
	nameIDFormat string // "" leaves the Format attribute out
	attrs        []attribute
	assertions   int    // number of plain assertions
	encryption   string // data encryption algorithm: one EncryptedAssertion instead
	signResponse bool
	signAssert   bool
	// edit changes the built Response before it is signed (any change the
	// fields above cannot express); tamper changes it after signing.
	edit, tamper func(resp *etree.Element)
	// signWithOther signs with the untrusted "other" key.
	signWithOther bool
	// signWith, when set, returns the signer to use instead (another hash,
	// a certificate of its own: see rules_signature.go).
	signWith func(g *generator) (*signer, error)
	// seal, when set, replaces the signed Assertion by an EncryptedAssertion
	// before the Response is signed (rules_decryption.go).
	seal func(g *generator, resp *etree.Element) error
}

// ordinaryAttrs returns the two non-ABAC attributes of the base response.
func ordinaryAttrs() []attribute {
	return []attribute{
		{name: "urn:oid:0.9.2342.19200300.100.1.3", nameFormat: attrFormatURI, friendlyName: "email", values: []string{"alice@example.com"}},
		{name: "urn:oid:2.16.840.1.113730.3.1.241", nameFormat: attrFormatURI, friendlyName: "displayName", values: []string{"Alice Example"}},
	}
}

// idcResponse returns the base response: valid for IAM Identity Center,
// IdP-initiated, signed twice.
func idcResponse(id string) respOpts {
	return respOpts{
		id:           id,
		style:        styleSAMLP,
		destination:  idcACS,
		audience:     idcAudience,
		nameID:       "alice@example.com",
		nameIDFormat: nameIDEmail,
		attrs:        ordinaryAttrs(),
		assertions:   1,
		signResponse: true,
		signAssert:   true,
	}
}

// iamResponse returns a response valid for AWS IAM SAML federation
// (IdP-initiated, posted to https://signin.aws.amazon.com/saml).
func iamResponse(id, role string) respOpts {
	o := idcResponse(id)
	o.destination = iamACS
	o.audience = iamACS
	o.nameID = "4f2b1c3d-0a9e-4e71-b6c2-8d4f7a1e9b03"
	o.nameIDFormat = nameIDPersistent
	o.attrs = []attribute{
		{name: attrRole, nameFormat: attrFormatURI, values: []string{role}},
		{name: attrRoleSession, nameFormat: attrFormatURI, values: []string{"alice@example.com"}},
		{name: attrSessionLength, nameFormat: attrFormatURI, values: []string{"3600"}},
	}
	return o
}

// xmlDecl is the XML declaration every serialised response starts with.
const xmlDecl = `<?xml version="1.0" encoding="UTF-8"?>`

// buildResponse builds the unsigned response as a document (indented unless
// o.compact: indentation must come before signing, it is signed content).
func buildResponse(o respOpts) *etree.Document {
	st := o.style
	resp := etree.NewElement(qname(st.protocol(), "Response"))
	resp.CreateAttr("xmlns:"+st.protocol(), nsProtocol)
	if st == styleSAMLP {
		resp.CreateAttr("xmlns:saml", nsAssertion)
	}
	resp.CreateAttr("ID", "_resp-"+o.id)
	resp.CreateAttr("Version", "2.0")
	resp.CreateAttr("IssueInstant", st.instant(fixtureTime()))
	resp.CreateAttr("Destination", o.destination)
	if o.inResponseTo != "" {
		resp.CreateAttr("InResponseTo", o.inResponseTo)
	}
	addIssuer(resp, st, true)
	status := resp.CreateElement(qname(st.protocol(), "Status"))
	status.CreateElement(qname(st.protocol(), "StatusCode")).CreateAttr("Value", statusSuccess)
	for i := range o.assertions {
		id := "_assert-" + o.id
		if o.assertions > 1 {
			id += fmt.Sprintf("-%d", i+1)
		}
		addAssertion(resp, o, id)
	}
	if o.encryption != "" {
		addEncryptedAssertion(resp, o)
	}
	doc := etree.NewDocument()
	doc.SetRoot(resp)
	if !o.compact {
		doc.Indent(2)
		unindentXMLValues(resp)
	}
	return doc
}

// unindentXMLValues removes the indentation Indent put into AttributeValues
// holding an element, so they read <AttributeValue><x:dept …>eng</x:dept></AttributeValue>.
func unindentXMLValues(el *etree.Element) {
	for _, c := range el.ChildElements() {
		if c.Tag != "AttributeValue" {
			unindentXMLValues(c)
			continue
		}
		for _, tok := range slices.Clone(c.Child) {
			if cd, ok := tok.(*etree.CharData); ok && cd.IsWhitespace() {
				c.RemoveChild(cd)
			}
		}
	}
}

// qname joins a prefix and a local name.
func qname(prefix, local string) string {
	if prefix == "" {
		return local
	}
	return prefix + ":" + local
}

// addIssuer adds the saml:Issuer; top marks the Response's own Issuer, which
// declares the assertion namespace itself in the Okta and ADFS styles.
func addIssuer(parent *etree.Element, st nsStyle, top bool) {
	issuer := parent.CreateElement(qname(st.assertion(), "Issuer"))
	if top {
		switch st {
		case styleSAML2:
			issuer.CreateAttr("xmlns:saml2", nsAssertion)
		case styleDefaultNS:
			issuer.CreateAttr("xmlns", nsAssertion)
		}
	}
	if st == styleSAML2 {
		issuer.CreateAttr("Format", nameIDEntity)
	}
	issuer.SetText(idpIssuer)
}

// addAssertion adds one plain assertion. It declares every namespace it uses
// itself, as real IdPs do, so that it can be verified on its own.
func addAssertion(resp *etree.Element, o respOpts, id string) {
	st := o.style
	p := st.assertion()
	t := fixtureTime()
	a := resp.CreateElement(qname(p, "Assertion"))
	switch st {
	case styleSAMLP:
		a.CreateAttr("xmlns:saml", nsAssertion)
		a.CreateAttr("xmlns:xs", nsXS)
		a.CreateAttr("xmlns:xsi", nsXSI)
	case styleSAML2:
		a.CreateAttr("xmlns:saml2", nsAssertion)
	case styleDefaultNS:
		a.CreateAttr("xmlns", nsAssertion)
	}
	a.CreateAttr("ID", id)
	a.CreateAttr("Version", "2.0")
	a.CreateAttr("IssueInstant", st.instant(t))
	addIssuer(a, st, false)

	subject := a.CreateElement(qname(p, "Subject"))
	nameID := subject.CreateElement(qname(p, "NameID"))
	if o.nameIDFormat != "" {
		nameID.CreateAttr("Format", o.nameIDFormat)
	}
	nameID.SetText(o.nameID)
	sc := subject.CreateElement(qname(p, "SubjectConfirmation"))
	sc.CreateAttr("Method", methodBearer)
	scd := sc.CreateElement(qname(p, "SubjectConfirmationData"))
	if o.inResponseTo != "" {
		scd.CreateAttr("InResponseTo", o.inResponseTo)
	}
	scd.CreateAttr("NotOnOrAfter", st.instant(t.Add(5*time.Minute)))
	scd.CreateAttr("Recipient", o.destination)

	cond := a.CreateElement(qname(p, "Conditions"))
	cond.CreateAttr("NotBefore", st.instant(t.Add(-time.Minute)))
	cond.CreateAttr("NotOnOrAfter", st.instant(t.Add(5*time.Minute)))
	cond.CreateElement(qname(p, "AudienceRestriction")).CreateElement(qname(p, "Audience")).SetText(o.audience)

	authn := a.CreateElement(qname(p, "AuthnStatement"))
	authn.CreateAttr("AuthnInstant", st.instant(t))
	authn.CreateAttr("SessionIndex", "_session-"+o.id)
	authn.CreateElement(qname(p, "AuthnContext")).CreateElement(qname(p, "AuthnContextClassRef")).SetText(authnPassword)

	if len(o.attrs) == 0 {
		return
	}
	stmt := a.CreateElement(qname(p, "AttributeStatement"))
	for _, at := range o.attrs {
		attr := stmt.CreateElement(qname(p, "Attribute"))
		attr.CreateAttr("Name", at.name)
		if at.nameFormat != "" {
			attr.CreateAttr("NameFormat", at.nameFormat)
		}
		if at.friendlyName != "" {
			attr.CreateAttr("FriendlyName", at.friendlyName)
		}
		for _, v := range at.values {
			av := attr.CreateElement(qname(p, "AttributeValue"))
			if at.xmlValue {
				dept := av.CreateElement("x:dept")
				dept.CreateAttr("xmlns:x", "urn:x")
				dept.SetText(v)
				continue
			}
			switch st {
			case styleSAMLP:
				av.CreateAttr("xsi:type", "xs:string")
			case styleSAML2:
				av.CreateAttr("xmlns:xs", nsXS)
				av.CreateAttr("xmlns:xsi", nsXSI)
				av.CreateAttr("xsi:type", "xs:string")
			}
			av.SetText(v)
		}
	}
}

// addEncryptedAssertion adds an EncryptedAssertion (saml-core §2.3.4) with the
// XML Encryption structure real IdPs send: AES content encryption, the key
// wrapped with RSA-OAEP. The cipher values are pseudo-random bytes: nothing
// here can or should be decrypted.
func addEncryptedAssertion(resp *etree.Element, o respOpts) {
	ea, ed := newEncryptedAssertion(o.style, o.id)
	resp.AddChild(ea)
	ed.CreateElement("xenc:EncryptionMethod").CreateAttr("Algorithm", o.encryption)
	ki := ed.CreateElement("ds:KeyInfo")
	ki.CreateAttr("xmlns:ds", nsDS)
	ek := ki.CreateElement("xenc:EncryptedKey")
	ek.CreateAttr("Id", "_key-"+o.id)
	em := ek.CreateElement("xenc:EncryptionMethod")
	em.CreateAttr("Algorithm", encRSAOAEP)
	em.CreateElement("ds:DigestMethod").CreateAttr("Algorithm", digestSHA1)
	ek.CreateElement("xenc:CipherData").CreateElement("xenc:CipherValue").SetText(
		base64.StdEncoding.EncodeToString(pseudoRandom("key/"+o.id, 256)))
	// An encrypted assertion of this size: IV (16 or 12 bytes) + ~2.4 kB.
	ed.CreateElement("xenc:CipherData").CreateElement("xenc:CipherValue").SetText(
		base64.StdEncoding.EncodeToString(pseudoRandom("data/"+o.id, 2416)))
}

// newEncryptedAssertion returns an EncryptedAssertion in style st's
// assertion prefix and its EncryptedData (Id "_enc-"+id, Type Element),
// still empty.
func newEncryptedAssertion(st nsStyle, id string) (ea, ed *etree.Element) {
	ea = etree.NewElement(qname(st.assertion(), "EncryptedAssertion"))
	switch st {
	case styleSAML2:
		ea.CreateAttr("xmlns:saml2", nsAssertion)
	case styleDefaultNS:
		ea.CreateAttr("xmlns", nsAssertion)
	}
	ed = ea.CreateElement("xenc:EncryptedData")
	ed.CreateAttr("xmlns:xenc", nsXenc)
	ed.CreateAttr("Id", "_enc-"+id)
	ed.CreateAttr("Type", encTypeElement)
	return ea, ed
}

// pseudoRandom returns n deterministic pseudo-random bytes for seed
// (SHA-256 in counter mode).
func pseudoRandom(seed string, n int) []byte {
	out := make([]byte, 0, n+sha256.Size)
	var block [8]byte
	for i := uint64(0); len(out) < n; i++ {
		binary.BigEndian.PutUint64(block[:], i)
		sum := sha256.Sum256(append([]byte(seed), block[:]...))
		out = append(out, sum[:]...)
	}
	return out[:n]
}

// token returns a deterministic URL-safe secret-looking token for seed.
func token(seed string, n int) string {
	return base64.RawURLEncoding.EncodeToString(pseudoRandom(seed, n))
}

// indentation returns a newline and two spaces per depth level.
func indentation(depth int) string {
	return "\n" + strings.Repeat("  ", depth)
}
