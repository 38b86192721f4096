package saml

import (
	"testing"

	"github.com/beevik/etree"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPath(t *testing.T) {
	m := mustDecode(t, `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">
  <saml:Issuer>i</saml:Issuer>
  <saml:Assertion ID="a1"><saml:Subject><saml:NameID>x</saml:NameID></saml:Subject></saml:Assertion>
  <Assertion xmlns="urn:oasis:names:tc:SAML:2.0:assertion" ID="a2"/>
  <saml:Assertion ID="a3"><saml:Subject><saml:NameID>y</saml:NameID></saml:Subject></saml:Assertion>
</samlp:Response>`)
	r := m.Response
	require.Len(t, r.Assertions, 3)
	assert.Equal(t, "/samlp:Response", Path(r.Element))
	assert.Equal(t, "/samlp:Response/saml:Issuer", Path(r.Issuer.Element))
	assert.Equal(t, "/samlp:Response/saml:Assertion[1]/saml:Subject/saml:NameID", Path(r.Assertions[0].Subject.NameID.Element))
	assert.Equal(t, "/samlp:Response/Assertion", Path(r.Assertions[1].Element), "prefixes as written: an unprefixed sibling is another name")
	assert.Equal(t, "/samlp:Response/saml:Assertion[2]/saml:Subject/saml:NameID", Path(r.Assertions[2].Subject.NameID.Element))
	assert.Equal(t, "", Path(nil))

	loose := etree.NewElement("ds:Signature")
	assert.Equal(t, "/ds:Signature", Path(loose), "an element outside any document")
	loose.CreateElement("a")
	b := loose.CreateElement("a")
	assert.Equal(t, "/ds:Signature/a[2]", Path(b))
}
