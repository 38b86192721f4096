package checks

import "github.com/beevik/etree"

var versionRule = &Rule{
	ID:       "saml/version",
	Title:    `Version is not "2.0"`,
	Severity: Error,
	Profiles: allProfiles,
	Doc: "SAML 2.0 messages and assertions carry Version=\"2.0\"; a service provider rejects any other version " +
		"(a SAML 1.1 assertion, a missing attribute) before reading anything else.",
	Fix:  "Configure the IdP application for SAML 2.0 (not SAML 1.1 or WS-Federation).",
	Refs: []Ref{samlCore.at("§3.2.1 Complex Type StatusResponseType, §2.3.3 Element <Assertion>: Version"), samlCore.at("§4.1 SAML Version")},
	Run: func(p *Pass) {
		check := func(el *etree.Element, what, v string) {
			if el != nil && v != "2.0" {
				if v == "" {
					p.Reportf(el, "%s has no Version attribute; expected \"2.0\"", what)
				} else {
					p.Reportf(el, "%s Version is %q; expected \"2.0\"", what, v)
				}
			}
		}
		switch m := p.Message; {
		case m.Response != nil:
			check(m.Response.Element, "the Response", m.Response.Version)
		case m.AuthnRequest != nil:
			check(m.AuthnRequest.Element, "the AuthnRequest", m.AuthnRequest.Version)
		case m.LogoutRequest != nil:
			check(m.LogoutRequest.Element, "the LogoutRequest", m.LogoutRequest.Version)
		case m.LogoutResponse != nil:
			check(m.LogoutResponse.Element, "the LogoutResponse", m.LogoutResponse.Version)
		}
		for _, a := range p.Assertions() {
			check(a.Element, "assertion "+a.ID, a.Version)
		}
	},
}
