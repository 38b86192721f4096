package saml

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// responseTemplate is a Response exercising most of the model. {P}, {A}
// and {D} are the protocol, assertion and dsig prefixes (with colon, or
// empty for a default namespace); {RD} are the root's namespace
// declarations, {AD} and {DD} the declarations put on assertion-namespace
// and dsig elements that need them when default namespaces are used.
const responseTemplate = `<?xml version="1.0" encoding="UTF-8"?>
<{P}Response {RD} xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xs="http://www.w3.org/2001/XMLSchema"
    ID="_resp" Version="2.0" IssueInstant="2024-05-01T10:00:00.123Z"
    Destination="https://signin.aws.amazon.com/saml" InResponseTo="_req">
  <{A}Issuer {AD} Format="urn:oasis:names:tc:SAML:2.0:nameid-format:entity">https://idp.example.com/</{A}Issuer>
  <{D}Signature {DD}>
    <{D}SignedInfo>
      <{D}CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
      <{D}SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>
      <{D}Reference URI="#_resp">
        <{D}DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>
        <{D}DigestValue>AAAA</{D}DigestValue>
      </{D}Reference>
    </{D}SignedInfo>
    <{D}SignatureValue>AAAA</{D}SignatureValue>
    <{D}KeyInfo><{D}X509Data><{D}X509Certificate>
      {CERT}
    </{D}X509Certificate></{D}X509Data></{D}KeyInfo>
  </{D}Signature>
  <{P}Status>
    <{P}StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Responder">
      <{P}StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:AuthnFailed"/>
    </{P}StatusCode>
    <{P}StatusMessage>Login failed</{P}StatusMessage>
  </{P}Status>
  <{A}Assertion {AD} ID="_a1" Version="2.0" IssueInstant="2024-05-01T10:00:00+02:00">
    <{A}Issuer>https://idp.example.com/</{A}Issuer>
    <{A}Subject>
      <{A}NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress" NameQualifier="nq" SPNameQualifier="spnq" SPProvidedID="spid">jane@<!-- split -->example.com</{A}NameID>
      <{A}SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
        <{A}SubjectConfirmationData Recipient="https://signin.aws.amazon.com/saml" NotBefore="2024-05-01T09:59:00Z" NotOnOrAfter="2024-05-01T10:05:00Z" InResponseTo="_req" Address="192.0.2.1"/>
      </{A}SubjectConfirmation>
      <{A}SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:holder-of-key"/>
    </{A}Subject>
    <{A}Conditions NotBefore="2024-05-01T09:55:00Z" NotOnOrAfter="not a time">
      <{A}AudienceRestriction>
        <{A}Audience>urn:amazon:webservices</{A}Audience>
        <{A}Audience>https://signin.aws.amazon.com/saml</{A}Audience>
      </{A}AudienceRestriction>
      <{A}AudienceRestriction><{A}Audience>urn:other</{A}Audience></{A}AudienceRestriction>
    </{A}Conditions>
    <{A}Advice>
      <{A}Assertion ID="_nested"><{A}Issuer>https://evil.example/</{A}Issuer>
        <{D}Signature {DD}><{D}SignedInfo><{D}Reference URI="#_nested"/></{D}SignedInfo></{D}Signature>
      </{A}Assertion>
    </{A}Advice>
    <{A}AuthnStatement AuthnInstant="2024-05-01T10:00:00Z" SessionIndex="_s1" SessionNotOnOrAfter="2024-05-01T18:00:00Z">
      <{A}AuthnContext><{A}AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</{A}AuthnContextClassRef></{A}AuthnContext>
    </{A}AuthnStatement>
    <{A}AttributeStatement>
      <{A}Attribute Name="https://aws.amazon.com/SAML/Attributes/Role" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri" FriendlyName="Role">
        <{A}AttributeValue xsi:type="xs:string">arn:aws:iam::123456789012:role/Admin,arn:aws:iam::123456789012:saml-provider/IdP</{A}AttributeValue>
        <{A}AttributeValue xsi:type="xs:string">arn:aws:iam::123456789012:role/<!-- c -->ReadOnly,arn:aws:iam::123456789012:saml-provider/IdP</{A}AttributeValue>
      </{A}Attribute>
    </{A}AttributeStatement>
    <{A}AttributeStatement>
      <{A}Attribute Name="complex"><{A}AttributeValue><x:v xmlns:x="urn:x">in</x:v>side</{A}AttributeValue></{A}Attribute>
      <{A}Attribute Name="empty"><{A}AttributeValue xsi:nil="true"/></{A}Attribute>
    </{A}AttributeStatement>
  </{A}Assertion>
  <{A}EncryptedAssertion {AD}>
    <xenc:EncryptedData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#">
      <xenc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes256-cbc"/>
      <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
        <xenc:EncryptedKey><xenc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"/></xenc:EncryptedKey>
      </ds:KeyInfo>
    </xenc:EncryptedData>
  </{A}EncryptedAssertion>
</{P}Response>`

// testCert returns a self-signed certificate's DER bytes.
func testCert(t *testing.T) []byte {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "idp.example.com"},
		NotBefore:    time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:     time.Date(2034, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	return der
}

func renderResponse(prefixes map[string]string, cert string) string {
	pairs := []string{"{CERT}", cert}
	for k, v := range prefixes {
		pairs = append(pairs, "{"+k+"}", v)
	}
	return strings.NewReplacer(pairs...).Replace(responseTemplate)
}

var prefixVariants = map[string]map[string]string{
	"samlp/saml/ds": {
		"P": "samlp:", "A": "saml:", "D": "ds:", "AD": "", "DD": "",
		"RD": `xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:ds="http://www.w3.org/2000/09/xmldsig#"`,
	},
	"saml2p/saml2/dsig": {
		"P": "saml2p:", "A": "saml2:", "D": "dsig:", "AD": "", "DD": "",
		"RD": `xmlns:saml2p="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:dsig="http://www.w3.org/2000/09/xmldsig#"`,
	},
	"ns1/ns2/ns3": {
		"P": "ns1:", "A": "ns2:", "D": "ns3:", "AD": "", "DD": "",
		"RD": `xmlns:ns1="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:ns2="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:ns3="http://www.w3.org/2000/09/xmldsig#"`,
	},
	"default namespaces": {
		"P": "", "A": "", "D": "",
		"RD": `xmlns="urn:oasis:names:tc:SAML:2.0:protocol"`,
		"AD": `xmlns="urn:oasis:names:tc:SAML:2.0:assertion"`,
		"DD": `xmlns="http://www.w3.org/2000/09/xmldsig#"`,
	},
}

func TestModelResponse(t *testing.T) {
	der := testCert(t)
	// Base64 with line breaks and indentation, as IdPs write it.
	certText := wrapLines(base64.StdEncoding.EncodeToString(der), 64, "\n      ")
	for name, prefixes := range prefixVariants {
		t.Run(name, func(t *testing.T) {
			m := mustDecode(t, renderResponse(prefixes, certText))
			require.Equal(t, KindResponse, m.Kind)
			r := m.Response
			require.NotNil(t, r)
			assert.Same(t, m.Doc.Root(), r.Element)
			assert.Same(t, r.Element, m.Element())
			assert.Equal(t, "_resp", r.ID)
			assert.Equal(t, "2.0", r.Version)
			assert.Equal(t, time.Date(2024, 5, 1, 10, 0, 0, 123e6, time.UTC), r.IssueInstant.Time)
			assert.Equal(t, "2024-05-01T10:00:00.123Z", r.IssueInstant.Raw)
			assert.Equal(t, "https://signin.aws.amazon.com/saml", r.Destination)
			assert.Equal(t, "_req", r.InResponseTo)
			require.NotNil(t, r.Issuer)
			assert.Equal(t, "https://idp.example.com/", r.Issuer.Value)
			assert.Equal(t, "urn:oasis:names:tc:SAML:2.0:nameid-format:entity", r.Issuer.Format)
			assert.Equal(t, "https://idp.example.com/", m.Issuer())
			assert.Equal(t, "_resp", m.ID())
			assert.Equal(t, "https://signin.aws.amazon.com/saml", m.Destination())

			assert.Equal(t, "urn:oasis:names:tc:SAML:2.0:status:Responder", r.Status.Code)
			assert.Equal(t, "urn:oasis:names:tc:SAML:2.0:status:AuthnFailed", r.Status.SubCode)
			assert.Equal(t, "Login failed", r.Status.Message)
			assert.NotNil(t, r.Status.Element)

			checkResponseSignature(t, r.Signature, der, prefixes["P"]+"Response")
			require.Len(t, r.Assertions, 1, "the assertion nested in Advice is not the response's")
			checkAssertion(t, r.Assertions[0], prefixes)
			require.Len(t, r.EncryptedAssertions, 1)
			ea := r.EncryptedAssertions[0]
			assert.Equal(t, "http://www.w3.org/2001/04/xmlenc#aes256-cbc", ea.DataAlgorithm)
			assert.Equal(t, "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p", ea.KeyAlgorithm)
		})
	}
}

func checkResponseSignature(t *testing.T, s *Signature, der []byte, rootName string) {
	t.Helper()
	require.NotNil(t, s)
	assert.Equal(t, "/"+rootName, s.ParentPath)
	assert.Equal(t, "#_resp", s.ReferenceURI)
	assert.Equal(t, "http://www.w3.org/2001/10/xml-exc-c14n#", s.CanonicalizationMethod)
	assert.Equal(t, "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", s.SignatureMethod)
	assert.Equal(t, "http://www.w3.org/2001/04/xmlenc#sha256", s.DigestMethod)
	require.Len(t, s.Certificates, 1)
	assert.Equal(t, der, s.Certificates[0])
	_, err := x509.ParseCertificate(s.Certificates[0])
	assert.NoError(t, err)
}

func checkAssertion(t *testing.T, a *Assertion, prefixes map[string]string) {
	t.Helper()
	assert.Equal(t, "_a1", a.ID)
	assert.Equal(t, "2.0", a.Version)
	assert.Equal(t, time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC), a.IssueInstant.Time, "offset converted to UTC")
	assert.Equal(t, "https://idp.example.com/", a.Issuer.Value)
	assert.Nil(t, a.Signature, "the nested assertion's signature is not this one's")

	require.NotNil(t, a.Subject)
	n := a.Subject.NameID
	require.NotNil(t, n)
	assert.Equal(t, "jane@example.com", n.Value, "a comment does not truncate the NameID")
	assert.Equal(t, "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress", n.Format)
	assert.Equal(t, "nq", n.NameQualifier)
	assert.Equal(t, "spnq", n.SPNameQualifier)
	assert.Equal(t, "spid", n.SPProvidedID)
	assert.False(t, a.Subject.EncryptedID)
	assert.Equal(t, "/"+prefixes["P"]+"Response/"+prefixes["A"]+"Assertion/"+prefixes["A"]+"Subject/"+prefixes["A"]+"NameID", Path(n.Element))

	require.Len(t, a.Subject.Confirmations, 2)
	sc := a.Subject.Confirmations[0]
	assert.Equal(t, "urn:oasis:names:tc:SAML:2.0:cm:bearer", sc.Method)
	require.NotNil(t, sc.Data)
	assert.Equal(t, "https://signin.aws.amazon.com/saml", sc.Data.Recipient)
	assert.Equal(t, "_req", sc.Data.InResponseTo)
	assert.Equal(t, "192.0.2.1", sc.Data.Address)
	assert.Equal(t, time.Date(2024, 5, 1, 9, 59, 0, 0, time.UTC), sc.Data.NotBefore.Time)
	assert.Equal(t, time.Date(2024, 5, 1, 10, 5, 0, 0, time.UTC), sc.Data.NotOnOrAfter.Time)
	assert.Nil(t, a.Subject.Confirmations[1].Data)
	assert.Equal(t, "/"+prefixes["P"]+"Response/"+prefixes["A"]+"Assertion/"+prefixes["A"]+"Subject/"+prefixes["A"]+"SubjectConfirmation[2]", Path(a.Subject.Confirmations[1].Element))

	c := a.Conditions
	require.NotNil(t, c)
	assert.True(t, c.NotBefore.Valid())
	assert.True(t, c.NotOnOrAfter.IsSet())
	assert.False(t, c.NotOnOrAfter.Valid(), "a malformed time keeps Raw and sets Err")
	assert.Equal(t, "not a time", c.NotOnOrAfter.Raw)
	assert.Error(t, c.NotOnOrAfter.Err)
	require.Len(t, c.AudienceRestrictions, 2)
	assert.Equal(t, []string{"urn:amazon:webservices", "https://signin.aws.amazon.com/saml"}, c.AudienceRestrictions[0].Audiences)
	assert.Equal(t, []string{"urn:other"}, c.AudienceRestrictions[1].Audiences)

	require.Len(t, a.AuthnStatements, 1)
	as := a.AuthnStatements[0]
	assert.Equal(t, "_s1", as.SessionIndex)
	assert.True(t, as.AuthnInstant.Valid())
	assert.Equal(t, time.Date(2024, 5, 1, 18, 0, 0, 0, time.UTC), as.SessionNotOnOrAfter.Time)
	assert.Equal(t, "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport", as.AuthnContextClassRef)

	checkAttributes(t, a.Attributes)
}

func checkAttributes(t *testing.T, attrs []Attribute) {
	t.Helper()
	require.Len(t, attrs, 3, "attributes of every AttributeStatement")
	role := attrs[0]
	assert.Equal(t, "https://aws.amazon.com/SAML/Attributes/Role", role.Name)
	assert.Equal(t, "urn:oasis:names:tc:SAML:2.0:attrname-format:uri", role.NameFormat)
	assert.Equal(t, "Role", role.FriendlyName)
	require.Len(t, role.Values, 2)
	assert.Equal(t, "xs:string", role.Values[0].Type)
	assert.Equal(t, "arn:aws:iam::123456789012:role/ReadOnly,arn:aws:iam::123456789012:saml-provider/IdP", role.Values[1].Text)
	assert.False(t, role.Values[1].HasElements)
	assert.Empty(t, role.Values[1].Inner)

	complexValue := attrs[1].Values[0]
	assert.Equal(t, "complex", attrs[1].Name)
	assert.True(t, complexValue.HasElements)
	assert.Equal(t, `<x:v xmlns:x="urn:x">in</x:v>side`, complexValue.Inner)
	assert.Equal(t, "inside", complexValue.Text)

	assert.Equal(t, "empty", attrs[2].Name)
	require.Len(t, attrs[2].Values, 1)
	assert.True(t, attrs[2].Values[0].Nil)
	assert.Empty(t, attrs[2].Values[0].Text)
}

func TestModelMatchesByNamespaceNotPrefix(t *testing.T) {
	// "saml" is bound to the wrong namespace: its Assertion is not SAML.
	m := mustDecode(t, `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:evil" ID="r">
  <saml:Issuer>fake</saml:Issuer><saml:Assertion ID="a"/></samlp:Response>`)
	require.Equal(t, KindResponse, m.Kind)
	assert.Nil(t, m.Response.Issuer)
	assert.Empty(t, m.Response.Assertions)
	assert.Empty(t, m.Issuer())

	// Prefixes swapped: "samlp" names the assertion namespace.
	m = mustDecode(t, `<saml:Response xmlns:saml="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:samlp="urn:oasis:names:tc:SAML:2.0:assertion" ID="r">
  <samlp:Issuer>real</samlp:Issuer><samlp:Assertion ID="a"/></saml:Response>`)
	require.Equal(t, KindResponse, m.Kind)
	assert.Equal(t, "real", m.Issuer())
	require.Len(t, m.Response.Assertions, 1)

	// No namespace at all (hand-redacted fixtures): not SAML.
	m = mustDecode(t, `<Response ID="r"><Assertion ID="a"/></Response>`)
	assert.Equal(t, KindOther, m.Kind)
	assert.Nil(t, m.Response)
	assert.Same(t, m.Doc.Root(), m.Element())

	// Prefixed attributes do not count as the unprefixed ones.
	m = mustDecode(t, `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" samlp:ID="evil" ID="good"/>`)
	assert.Equal(t, "good", m.ID())
}

func TestModelOtherKinds(t *testing.T) {
	const p = `xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"`
	t.Run("AuthnRequest", func(t *testing.T) {
		m := mustDecode(t, `<samlp:AuthnRequest `+p+` ID="_q" Version="2.0" IssueInstant="2024-05-01T10:00:00Z"
  Destination="https://idp.example.com/sso" AssertionConsumerServiceURL="https://sp.example.com/acs"
  ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" ForceAuthn="true" IsPassive="0">
  <saml:Issuer>https://sp.example.com/</saml:Issuer>
  <samlp:NameIDPolicy Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress" AllowCreate="true"/>
</samlp:AuthnRequest>`)
		require.Equal(t, KindAuthnRequest, m.Kind)
		r := m.AuthnRequest
		assert.Equal(t, "_q", r.ID)
		assert.Equal(t, "https://idp.example.com/sso", r.Destination)
		assert.Equal(t, "https://sp.example.com/acs", r.AssertionConsumerServiceURL)
		assert.Equal(t, "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST", r.ProtocolBinding)
		assert.Equal(t, "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress", r.NameIDPolicyFormat)
		assert.True(t, r.ForceAuthn)
		assert.False(t, r.IsPassive)
		assert.Nil(t, r.Signature)
		assert.Equal(t, "https://sp.example.com/", m.Issuer())
		assert.Equal(t, "_q", m.ID())
		assert.Equal(t, "https://idp.example.com/sso", m.Destination())
		assert.Same(t, r.Element, m.Element())
	})
	t.Run("LogoutRequest", func(t *testing.T) {
		m := mustDecode(t, `<samlp:LogoutRequest `+p+` ID="_l" Version="2.0" IssueInstant="2024-05-01T10:00:00Z" Destination="https://idp/slo">
  <saml:Issuer>sp</saml:Issuer><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:transient">_n</saml:NameID>
  <samlp:SessionIndex>s1</samlp:SessionIndex><samlp:SessionIndex>s2</samlp:SessionIndex></samlp:LogoutRequest>`)
		require.Equal(t, KindLogoutRequest, m.Kind)
		r := m.LogoutRequest
		assert.Equal(t, "_l", r.ID)
		assert.Equal(t, "_n", r.NameID.Value)
		assert.Equal(t, []string{"s1", "s2"}, r.SessionIndexes)
		assert.Equal(t, "sp", m.Issuer())
		assert.Equal(t, "https://idp/slo", m.Destination())
		assert.Same(t, r.Element, m.Element())
		assert.Equal(t, "_l", m.ID())
	})
	t.Run("LogoutResponse", func(t *testing.T) {
		m := mustDecode(t, `<samlp:LogoutResponse `+p+` ID="_lr" InResponseTo="_l" Destination="https://sp/slo">
  <saml:Issuer>idp</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status></samlp:LogoutResponse>`)
		require.Equal(t, KindLogoutResponse, m.Kind)
		r := m.LogoutResponse
		assert.Equal(t, "_l", r.InResponseTo)
		assert.Equal(t, "urn:oasis:names:tc:SAML:2.0:status:Success", r.Status.Code)
		assert.Empty(t, r.Status.SubCode)
		assert.Equal(t, "idp", m.Issuer())
		assert.Equal(t, "_lr", m.ID())
		assert.Equal(t, "https://sp/slo", m.Destination())
		assert.Same(t, r.Element, m.Element())
	})
	t.Run("bare Assertion", func(t *testing.T) {
		m := mustDecode(t, `<saml2:Assertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" ID="_a"><saml2:Issuer>idp</saml2:Issuer>
  <saml2:Subject><saml2:EncryptedID/></saml2:Subject></saml2:Assertion>`)
		require.Equal(t, KindAssertion, m.Kind)
		assert.Equal(t, "_a", m.ID())
		assert.Equal(t, "idp", m.Issuer())
		assert.Empty(t, m.Destination())
		assert.True(t, m.Assertion.Subject.EncryptedID)
		assert.Nil(t, m.Assertion.Subject.NameID)
		assert.Same(t, m.Assertion.Element, m.Element())
	})
	t.Run("bare EncryptedAssertion", func(t *testing.T) {
		m := mustDecode(t, `<saml2:EncryptedAssertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion">
  <xenc:EncryptedData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#"><xenc:EncryptionMethod Algorithm="http://www.w3.org/2009/xmlenc11#aes128-gcm"/></xenc:EncryptedData>
  <xenc:EncryptedKey xmlns:xenc="http://www.w3.org/2001/04/xmlenc#"><xenc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#rsa-1_5"/></xenc:EncryptedKey>
</saml2:EncryptedAssertion>`)
		require.Equal(t, KindEncryptedAssertion, m.Kind)
		assert.Equal(t, "http://www.w3.org/2009/xmlenc11#aes128-gcm", m.EncryptedAssertion.DataAlgorithm)
		assert.Equal(t, "http://www.w3.org/2001/04/xmlenc#rsa-1_5", m.EncryptedAssertion.KeyAlgorithm, "EncryptedKey beside EncryptedData")
		assert.Empty(t, m.ID())
		assert.Empty(t, m.Issuer())
		assert.Same(t, m.EncryptedAssertion.Element, m.Element())
	})
	t.Run("metadata", func(t *testing.T) {
		m := mustDecode(t, `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp"/>`)
		assert.Equal(t, KindOther, m.Kind)
		assert.Empty(t, m.ID())
		assert.Empty(t, m.Issuer())
		assert.Empty(t, m.Destination())
		assert.Equal(t, "EntityDescriptor", m.Element().Tag)
	})
}

func TestModelSOAPEnvelope(t *testing.T) {
	m := mustDecode(t, `<soap11:Envelope xmlns:soap11="http://schemas.xmlsoap.org/soap/envelope/">
  <soap11:Header><ecp:Response xmlns:ecp="urn:oasis:names:tc:SAML:2.0:profiles:SSO:ecp" AssertionConsumerServiceURL="https://sp/acs"/></soap11:Header>
  <soap11:Body>
    <saml2p:Response xmlns:saml2p="urn:oasis:names:tc:SAML:2.0:protocol" ID="_inner">
      <saml2:Issuer xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion">urn:idp</saml2:Issuer>
      <saml2:Assertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" ID="_a"/>
    </saml2p:Response>
  </soap11:Body>
</soap11:Envelope>`)
	require.Equal(t, KindResponse, m.Kind)
	assert.Equal(t, "_inner", m.ID())
	assert.Equal(t, "urn:idp", m.Issuer())
	assert.Len(t, m.Response.Assertions, 1)
	assert.Equal(t, "/soap11:Envelope/soap11:Body/saml2p:Response", Path(m.Element()))

	m = mustDecode(t, `<S:Envelope xmlns:S="http://www.w3.org/2003/05/soap-envelope"><S:Body>
  <samlp:ArtifactResponse xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_ar">
    <samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>
    <samlp:Response ID="_r"/>
  </samlp:ArtifactResponse></S:Body></S:Envelope>`)
	require.Equal(t, KindResponse, m.Kind)
	assert.Equal(t, "_r", m.ID())

	m = mustDecode(t, `<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body/></S:Envelope>`)
	assert.Equal(t, KindOther, m.Kind)
	assert.Equal(t, "Envelope", m.Element().Tag)
}

func TestResponseIssuerFallback(t *testing.T) {
	m := mustDecode(t, `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="r">
  <saml:Assertion ID="a"><saml:Issuer> idp </saml:Issuer></saml:Assertion></samlp:Response>`)
	assert.Nil(t, m.Response.Issuer)
	assert.Equal(t, " idp ", m.Issuer(), "the first assertion's Issuer, as written")
}

func TestNilMessageAccessors(t *testing.T) {
	var m *Message
	assert.Empty(t, m.Issuer())
	assert.Empty(t, m.ID())
	assert.Empty(t, m.Destination())
	assert.Nil(t, m.Element())
	assert.Nil(t, (&Message{}).Element())
}

func TestParseTime(t *testing.T) {
	tests := []struct {
		raw  string
		want time.Time
		ok   bool
	}{
		{"2017-09-21T23:27:06.828Z", time.Date(2017, 9, 21, 23, 27, 6, 828e6, time.UTC), true},
		{"2015-08-31T08:54:06+00:00", time.Date(2015, 8, 31, 8, 54, 6, 0, time.UTC), true},
		{"2015-08-31T10:54:06+02:00", time.Date(2015, 8, 31, 8, 54, 6, 0, time.UTC), true},
		{"2011-06-17T14:54:14.1234567Z", time.Date(2011, 6, 17, 14, 54, 14, 123456700, time.UTC), true},
		{"2011-06-17T14:54:14", time.Date(2011, 6, 17, 14, 54, 14, 0, time.UTC), true},
		{" 2011-06-17T14:54:14Z ", time.Date(2011, 6, 17, 14, 54, 14, 0, time.UTC), true},
		{"This-is-invalid-2016-09-10F32:59:39.387Z", time.Time{}, false},
		{"2011-06-17T25:54:14Z", time.Time{}, false},
		{"2011-06-17", time.Time{}, false},
	}
	for _, tt := range tests {
		got := parseTime(tt.raw)
		assert.Equal(t, tt.raw, got.Raw)
		assert.True(t, got.IsSet())
		assert.Equal(t, tt.ok, got.Valid(), tt.raw)
		assert.True(t, tt.want.Equal(got.Time), "%s: got %v", tt.raw, got.Time)
		if !tt.ok {
			require.Error(t, got.Err)
			assert.Contains(t, got.Err.Error(), "invalid xs:dateTime")
		}
	}
	empty := parseTime("")
	assert.False(t, empty.IsSet())
	assert.False(t, empty.Valid())
	assert.NoError(t, empty.Err)
}

func TestCertificateDER(t *testing.T) {
	der := testCert(t)
	text := base64.StdEncoding.EncodeToString(der)
	assert.Equal(t, der, certificateDER(" \n"+wrapLines(text, 64, "\r\n\t")+"\n"))
	assert.Equal(t, der, certificateDER(strings.TrimRight(text, "=")))
	// ADFS quirk: Base64 of a whole PEM file.
	pemText := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	assert.Equal(t, der, certificateDER(base64.StdEncoding.EncodeToString(pemText)))
	assert.Nil(t, certificateDER("not base64!"))
	assert.Nil(t, certificateDER(""))
}

func TestSignatureWithoutParts(t *testing.T) {
	m := mustDecode(t, `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="r"><ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"/></samlp:Response>`)
	s := m.Response.Signature
	require.NotNil(t, s)
	assert.Equal(t, "/samlp:Response", s.ParentPath)
	assert.Same(t, m.Response.Element, s.Parent)
	assert.Empty(t, s.ReferenceURI)
	assert.Empty(t, s.SignatureMethod)
	assert.Empty(t, s.Certificates)
	// A Signature at the document root has no parent element.
	assert.Nil(t, parseSignature(nil))
	root := mustDecode(t, `<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"/>`).Doc.Root()
	rs := parseSignature(root)
	assert.Nil(t, rs.Parent)
	assert.Empty(t, rs.ParentPath)
}
