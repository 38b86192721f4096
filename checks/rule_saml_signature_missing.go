package checks

import "github.com/samlcheck/samlcheck/saml"

var signatureMissingRule = &Rule{
	ID:       "saml/signature-missing",
	Title:    "an assertion is signed neither itself nor by a signed Response",
	Severity: Error,
	Cases: []Case{
		{Severity: Info, When: "the Response is not signed and its assertion is encrypted: whether the assertion inside is signed cannot be seen"},
	},
	Profiles: allProfiles,
	Doc: "Over the HTTP-POST binding every assertion must be protected by an XML signature, either its own (a " +
		"ds:Signature inside the Assertion whose Reference names the Assertion's ID) or that of the Response that " +
		"carries it. AWS sign-in (IAM federation, IAM Identity Center, Amazon Connect) rejects an unsigned response: " +
		"IAM answers \"Response signature invalid\", Identity Center ends on an error page.",
	Fix: "Turn signing on in the IdP's application for AWS: sign the assertion, the response, or both (\"Sign SAML " +
		"assertion\" / \"Response and Assertion\" in Okta, Entra ID's \"Signing option\", AD FS's SamlResponseSignature, " +
		"Keycloak's \"Sign assertions\"). A signature must sit inside the element it signs and reference that " +
		"element's ID.",
	Refs: []Ref{sigRefProfilesPOST, sigRefSAMLCoreSignature, sigRefIAMSignatureInvalid},
	Run: func(p *Pass) {
		m := p.Message
		var resp *saml.Response
		var assertions []*saml.Assertion
		switch {
		case m.Response != nil:
			resp, assertions = m.Response, m.Assertions()
		case m.Assertion != nil, m.EncryptedAssertion != nil:
			assertions = m.Assertions()
		default:
			return
		}
		respWhat := ""
		if resp != nil {
			switch s := resp.Signature; {
			case s != nil && s.ReferencesParent():
				return
			case s != nil:
				respWhat = humanf("the Response's signature references %q, not the Response", s.ReferenceURI)
			default:
				respWhat = "the Response is not signed either"
			}
			if len(assertions) == 0 && len(resp.EncryptedAssertions) > 0 {
				p.Report(Finding{Severity: Info, Location: Location{XMLPath: saml.Path(resp.Element)},
					Message: "the Response is not signed and its assertion is encrypted: samlcheck cannot see whether the assertion inside is signed (it must be, or the Response must be); give the SP's private key with --sp-key to check it"})
				return
			}
		}
		for _, a := range assertions {
			if a.Signature != nil && a.Signature.ReferencesParent() {
				continue
			}
			what := "has no signature"
			if a.Signature != nil {
				what = humanf("has a signature whose Reference URI %q does not name it", a.Signature.ReferenceURI)
			}
			name := humanf("assertion %q", a.ID)
			expected := humanf("expected a ds:Signature inside the Assertion with Reference URI %q", "#"+a.ID)
			if a.ID == "" {
				name = "the assertion (without an ID)"
				expected = "expected an ID on the Assertion and a ds:Signature inside it referencing that ID"
			}
			if resp != nil {
				p.Reportf(a.Element, "%s %s and %s; %s, or one inside the Response with Reference URI %q", name, what, respWhat, expected, "#"+resp.ID)
				continue
			}
			p.Reportf(a.Element, "%s %s; %s", name, what, expected)
		}
	},
}
