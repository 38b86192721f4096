package checks

import (
	"strings"

	"github.com/samlcheck/samlcheck/saml"
)

const issuerEntityFormat = "urn:oasis:names:tc:SAML:2.0:nameid-format:entity"

var issuerRule = &Rule{
	ID:       "saml/issuer",
	Title:    "Issuer missing, inconsistent or not the expected IdP",
	Severity: Error,
	Profiles: allProfiles,
	Uses:     []Given{GivenIssuer, GivenIdPMetadata},
	Doc: "The service provider finds the IdP's configuration (its certificate, its users) by the Issuer, compared as an " +
		"exact string: a trailing slash, a different case or http instead of https is another IdP. Every assertion " +
		"must have an Issuer, a signed Response must have one, and the Response and its assertions must name the " +
		"same IdP, with Format entity if any.",
	Fix: "Make the IdP send exactly the entity ID the service provider was configured with (the entityID of the IdP " +
		"metadata uploaded to AWS), on the Response and on the Assertion.",
	Refs: []Ref{samlCore.at("§2.2.5 Element <Issuer>; §2.3.3 Element <Assertion>"), samlProfiles.at("§4.1.4.2 <Response> Usage"),
		{Title: "IAM User Guide: Troubleshooting SAML 2.0 federation", URL: "https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_saml.html", Section: "Error: Issuer not present in specified provider"}},
	Run: func(p *Pass) {
		want, from := expectedIssuer(p)
		check := func(iss *saml.Issuer, what string) {
			if iss.Format != "" && iss.Format != issuerEntityFormat {
				p.Reportf(iss.Element, "%s Issuer has Format %q; expected none or %q", what, iss.Format, issuerEntityFormat)
			}
			if want != "" && iss.Value != want {
				p.Reportf(iss.Element, "%s Issuer %q is not %q (from %s)%s", what, iss.Value, want, from, issuerDifference(iss.Value, want))
			}
		}
		r := p.Message.Response
		if r != nil {
			if r.Issuer == nil && r.Signature != nil {
				p.Reportf(r.Element, "the Response is signed but has no Issuer")
			}
			if r.Issuer != nil {
				check(r.Issuer, "the Response")
			}
		}
		if p.Message.AuthnRequest != nil || p.Message.LogoutRequest != nil || p.Message.LogoutResponse != nil {
			return
		}
		for _, a := range p.Assertions() {
			if a.Issuer == nil {
				p.Reportf(a.Element, "assertion %s has no Issuer; every assertion must name its IdP", a.ID)
				continue
			}
			if r != nil && r.Issuer != nil && strings.TrimSpace(r.Issuer.Value) != strings.TrimSpace(a.Issuer.Value) {
				p.Reportf(a.Issuer.Element, "assertion Issuer %q differs from the Response Issuer %q%s", a.Issuer.Value, r.Issuer.Value, issuerDifference(a.Issuer.Value, r.Issuer.Value))
				continue
			}
			check(a.Issuer, "assertion "+a.ID)
		}
	},
}

// expectedIssuer returns the IdP entity ID the configuration expects and
// where it comes from: --issuer wins over the IdP metadata's entityID.
func expectedIssuer(p *Pass) (string, string) {
	p.use(GivenIssuer, GivenIdPMetadata)
	return flagOrEntityID(p.Config.Issuer, "--issuer", p.Config.IdPMetadata, "IdP")
}
