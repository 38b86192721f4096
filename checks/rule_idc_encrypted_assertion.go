package checks

import (
	"fmt"

	"github.com/samlcheck/samlcheck/saml"
)

var encryptedAssertionRule = &Rule{
	ID:       "idc/encrypted-assertion",
	Title:    "an EncryptedAssertion is present",
	Severity: Error,
	Profiles: []Profile{IdentityCenter},
	Doc: "IAM Identity Center does not accept encrypted assertions from an external IdP: it publishes no encryption " +
		"certificate in its SAML metadata, so it cannot decrypt an EncryptedAssertion and the sign-in fails.",
	Fix: "Turn assertion encryption off in the IdP's application for IAM Identity Center (sign the Response and/or " +
		"Assertion instead; TLS protects the assertion in transit).",
	Refs: []Ref{idcUnexpectedError, idcOtherIdPs.at("SAML assertion requirements")},
	Run: func(p *Pass) {
		var encs []*saml.EncryptedAssertion
		switch m := p.Message; {
		case m.Response != nil:
			encs = m.Response.EncryptedAssertions
		case m.EncryptedAssertion != nil:
			encs = []*saml.EncryptedAssertion{m.EncryptedAssertion}
		}
		for _, e := range encs {
			alg := ""
			if e.DataAlgorithm != "" {
				alg = fmt.Sprintf(" (data %s, key %s)", e.DataAlgorithm, orNone(e.KeyAlgorithm))
			}
			p.Reportf(e.Element, "the message carries an EncryptedAssertion%s; IAM Identity Center needs a plain, signed Assertion", alg)
		}
	},
}
