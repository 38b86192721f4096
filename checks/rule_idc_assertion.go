package checks

import (
	"fmt"

	"github.com/samlcheck/samlcheck/saml"
)

// statusSuccess is the top-level StatusCode of a successful response.
const statusSuccess = "urn:oasis:names:tc:SAML:2.0:status:Success"

var assertionCountRule = &Rule{
	ID:       "idc/assertion-count",
	Title:    "the Response does not carry exactly one assertion",
	Severity: Error,
	Profiles: []Profile{IdentityCenter},
	Doc: "IAM Identity Center reads exactly one assertion from a successful Response. A Response with none has " +
		"nothing to sign the user in with; one with several is rejected rather than guessed at (several assertions " +
		"are also the shape of signature-wrapping attacks).",
	Fix: "Configure the IdP application to issue a single assertion per Response (one AttributeStatement can carry " +
		"all attributes). A Response without an assertion usually carries a non-Success status that says why.",
	Refs: []Ref{idcUnexpectedError, {Title: "SAML 2.0 Profiles", URL: "https://docs.oasis-open.org/security/saml/v2.0/saml-profiles-2.0-os.pdf", Section: "§4.1.4.2 <Response> Usage"}},
	Run: func(p *Pass) {
		r := p.Message.Response
		if r == nil {
			return
		}
		if r.Status.Code != "" && r.Status.Code != statusSuccess {
			return // a failed Response legitimately has no assertion; saml/status explains it
		}
		n := len(r.Assertions) + len(r.EncryptedAssertions)
		if n == 1 {
			return
		}
		detail := ""
		if len(r.EncryptedAssertions) > 0 {
			detail = fmt.Sprintf(" (%d plain, %d encrypted)", len(r.Assertions), len(r.EncryptedAssertions))
		}
		p.Reportf(r.Element, "the Response carries %d assertions%s; expected exactly 1", n, detail)
	},
}

var encryptedAssertionRule = &Rule{
	ID:       "idc/encrypted-assertion",
	Title:    "an EncryptedAssertion is present",
	Severity: Error,
	Profiles: []Profile{IdentityCenter},
	Doc: "IAM Identity Center does not accept encrypted assertions from an external IdP: it publishes no encryption " +
		"certificate in its SAML metadata, so it cannot decrypt an EncryptedAssertion and the sign-in fails.",
	Fix: "Turn assertion encryption off in the IdP's application for IAM Identity Center (sign the Response and/or " +
		"Assertion instead; TLS protects the assertion in transit).",
	Refs: []Ref{idcUnexpectedError, {Title: "IAM Identity Center User Guide: Other identity providers", URL: idcOtherIdPsURL, Section: "SAML assertion requirements"}},
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

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
