package binding_test

import (
	"fmt"

	"github.com/samlcheck/samlcheck/saml/binding"
)

func ExampleForms() {
	page := `<FORM ACTION='https://sp.example.com/acs'><INPUT VALUE='PHNhbWw&#43;' NAME=SAMLResponse>
<input type=hidden name=RelayState value="/home?a=1&amp;b=2"></FORM>
<script>var x = '<input name="SAMLResponse" value="not a control">';</script>`
	for _, f := range binding.Forms(page) {
		for _, m := range binding.Messages(f.Fields) {
			fmt.Println(f.Action, m.Param, m.Value, m.RelayState)
		}
	}
	// Output:
	// https://sp.example.com/acs SAMLResponse PHNhbWw+ /home?a=1&b=2
}

func ExampleMessages() {
	// A Redirect-binding query whose sender wrote "relaystate" in lower
	// case and left one '+' of the Signature unescaped.
	q := binding.RawQuery("https://idp.example.com/sso?SAMLRequest=fZ%2Bx&relaystate=abc&SigAlg=http%3A%2F%2Fwww.w3.org%2F2001%2F04%2Fxmldsig-more%23rsa-sha256&Signature=ab+cd%2Bef")
	for _, m := range binding.Messages(binding.ParseForm(q)) {
		fmt.Printf("%s=%q RelayState=%q Signature=%q\n", m.Param, m.Value, m.RelayState, m.Signature)
	}
	// Output:
	// SAMLRequest="fZ+x" RelayState="abc" Signature="ab cd+ef"
}

func ExampleSniffHTML() {
	fmt.Println(binding.SniffHTML([]byte(`<?xml version="1.0"?><!DOCTYPE html><html><body>`)))
	fmt.Println(binding.SniffHTML([]byte(`<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"/>`)))
	// Output:
	// true
	// false
}
