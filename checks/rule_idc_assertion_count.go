package checks

import "fmt"

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
	Refs: []Ref{idcUnexpectedError, samlProfilesSpec.at("§4.1.4.2 <Response> Usage")},
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
