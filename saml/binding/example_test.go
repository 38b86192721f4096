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

func ExampleBase64Decoder() {
	// A body arrives in pieces; the decoder keeps no more than a group.
	var d binding.Base64Decoder
	var out []byte
	for _, piece := range []string{"PHNhbW", "xwOlJl\r\n", "c3BvbnNlLz4"} {
		var ok bool
		if out, ok = d.Decode(out, []byte(piece)); !ok {
			fmt.Println("not Base64")
			return
		}
	}
	out, ok := d.Finish(out)
	fmt.Println(string(out), ok)
	// Output:
	// <samlp:Response/> true
}

func ExampleParseForm() {
	for _, f := range binding.ParseForm("SAMLResponse=PHNhbWw%2B+Pz8%3D&RelayState=%2Fhome%3Fa%3D1&RelayState=second") {
		fmt.Printf("%s=%q\n", f.Name, f.Value)
	}
	// Output:
	// SAMLResponse="PHNhbWw+ Pz8="
	// RelayState="/home?a=1"
	// RelayState="second"
}
