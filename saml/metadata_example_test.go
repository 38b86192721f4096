package saml_test

import (
	"fmt"

	"github.com/samlcheck/samlcheck/saml"
)

func ExampleParseMetadata() {
	data := []byte("\ufeff" + `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example.com/saml/metadata">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://idp.example.com/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`)
	md, err := saml.ParseMetadata("idp-metadata.xml", data)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("entityID:", md.EntityID)
	fmt.Println("byte order mark:", md.HasBOM)
	fmt.Println("signing certificates:", len(md.SigningCerts))
	fmt.Println("NameIDFormat:", md.NameIDFormats)
	fmt.Println("sign-in URL:", md.SSOServices[0].Location)

	_, err = saml.ParseMetadata("doctype.xml", []byte(`<!DOCTYPE x [<!ENTITY e "e">]><x/>`))
	fmt.Println(err)
	// Output:
	// entityID: https://idp.example.com/saml/metadata
	// byte order mark: true
	// signing certificates: 0
	// NameIDFormat: [urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress]
	// sign-in URL: https://idp.example.com/sso
	// saml: metadata doctype.xml: DTD and entity declarations are not allowed in SAML messages: found <!DOCTYPE x> (line 1, column 31)
}
