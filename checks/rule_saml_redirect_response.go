package checks

import "github.com/samlcheck/samlcheck/saml"

var redirectResponseRule = &Rule{
	ID:       "saml/redirect-response",
	Title:    "a Response with assertions was sent over HTTP-Redirect",
	Severity: Warning,
	Profiles: allProfiles,
	Doc: "The Web browser SSO profile forbids delivering a Response that carries assertions with the HTTP-Redirect " +
		"binding (URLs are length-limited and logged); service providers accept it only over HTTP-POST.",
	Fix:  "Configure the IdP to send the Response with the HTTP-POST binding.",
	Refs: []Ref{samlProfiles.at("§4.1.2 Required Information: the HTTP-Redirect binding MUST NOT be used for the <Response>")},
	Run: func(p *Pass) {
		r := p.Message.Response
		if p.Encoded.Binding == saml.BindingRedirect && r != nil && len(r.Assertions)+len(r.EncryptedAssertions) > 0 {
			p.Reportf(r.Element, "the Response carrying %d assertion(s) was sent over HTTP-Redirect; expected HTTP-POST", len(r.Assertions)+len(r.EncryptedAssertions))
		}
	},
}
