package checks

import (
	"slices"
	"strings"
)

var destinationRule = &Rule{
	ID:       "saml/destination",
	Title:    "Destination is not where the message was sent",
	Severity: Error,
	Profiles: allProfiles,
	Uses:     []Given{GivenACS, GivenSPMetadata},
	Doc: "A service provider accepts a Response only if its Destination is the URL it was received at (its ACS URL). " +
		"A Destination that differs from where the browser actually posted it, or from the configured ACS URL, is " +
		"rejected; a signed Response must carry a Destination.",
	Fix: "Set the ACS URL (Reply URL, Single sign-on URL) in the IdP's application to exactly the service provider's " +
		"ACS URL from its metadata, trailing slash and case included.",
	Refs: []Ref{samlBindings.at("§3.5.5.2 Security Considerations (Destination)"), samlProfiles.at("§4.1.4.5 POST-Specific Processing Rules")},
	Run: func(p *Pass) {
		r := p.Message.Response
		if r == nil {
			return
		}
		if r.Destination == "" {
			if r.Signature != nil {
				p.Reportf(r.Element, "the Response is signed but has no Destination; expected the ACS URL it is posted to")
			}
			return
		}
		for _, u := range postedTo(p.Encoded) {
			if u != r.Destination {
				p.reportCause(acsCause(r.Destination), r.Element, "Destination %q is not the URL the browser posted it to, %q%s", r.Destination, u, issuerDifference(r.Destination, u))
			}
		}
		if want, from := expectedACS(p); want != nil && !slices.Contains(want, r.Destination) {
			p.reportCause(acsCause(r.Destination), r.Element, "Destination %q is not the ACS URL %q (from %s)%s", r.Destination, strings.Join(want, `" or "`), from, issuerDifference(r.Destination, want[0]))
		}
	},
}
