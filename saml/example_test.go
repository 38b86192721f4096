package saml_test

import (
	"encoding/base64"
	"fmt"

	"github.com/samlcheck/samlcheck/saml"
)

func ExampleDecode() {
	xml := `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r1" Version="2.0" Destination="https://signin.aws.amazon.com/saml">` +
		`<saml:Issuer>https://idp.example.com/</saml:Issuer>` +
		`<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
		`<saml:Assertion ID="_a1"><saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">jane@example.com</saml:NameID></saml:Subject></saml:Assertion>` +
		`</samlp:Response>`
	// As a form value arrives: Base64 without its padding.
	value := base64.RawStdEncoding.EncodeToString([]byte(xml))

	m, err := saml.Decode(saml.Encoded{Binding: saml.BindingPOST, Param: "SAMLResponse", Value: value}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.Kind, m.ID(), m.Issuer(), m.Destination())
	for _, s := range m.Steps {
		fmt.Println("step:", s.Name, s.Repairs)
	}
	a := m.Response.Assertions[0]
	fmt.Println(a.Subject.NameID.Value, saml.Path(a.Subject.NameID.Element))
	// Output:
	// Response _r1 https://idp.example.com/ https://signin.aws.amazon.com/saml
	// step: base64 [added padding]
	// step: xml []
	// jane@example.com /samlp:Response/saml:Assertion/saml:Subject/saml:NameID
}

func ExampleDecode_error() {
	_, err := saml.Decode(saml.Encoded{
		Param:  "SAMLResponse",
		Value:  "PHNhbWxw!xyz",
		Source: saml.Source{File: "capture.har", Entry: 2, Where: saml.InForm}, // the third entry: "entry 3"
	}, nil)
	fmt.Println(err)
	// Output:
	// saml: capture.har: entry 3: SAMLResponse: base64: illegal base64 data at input byte 8
}

func ExampleParseInput() {
	xml := `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_q1" Version="2.0"><saml:Issuer>https://sp.example.com/</saml:Issuer></samlp:AuthnRequest>`
	page := `<html><body onload="document.forms[0].submit()">
<form method="post" action="https://idp.example.com/sso">
<input type="hidden" name="SAMLRequest" value="` + base64.StdEncoding.EncodeToString([]byte(xml)) + `"/>
<input type="hidden" name="RelayState" value="/home?tab=1&amp;x=2"/>
</form></body></html>`

	encs, err := saml.ParseInput("login.html", []byte(page))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range encs {
		fmt.Println(e.Binding, e.Param, e.Source.Where, e.Source.Target, e.RelayState)
		m, err := saml.Decode(e, nil)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(m.Kind, m.ID(), m.Issuer())
	}
	// Output:
	// HTTP-POST SAMLRequest html https://idp.example.com/sso /home?tab=1&x=2
	// AuthnRequest _q1 https://sp.example.com/
}

func ExampleCanonical() {
	page := "PHNh\r\nbWw+"    // as written in the IdP's auto-post page
	posted := "PHNhbWw%2B"    // as the browser posted it
	formDecoded := "PHNhbWw " // as a form decoder read it
	fmt.Println(saml.Canonical(page) == saml.Canonical(posted), saml.Canonical(posted) == saml.Canonical(formDecoded))
	// Output:
	// true true
}
