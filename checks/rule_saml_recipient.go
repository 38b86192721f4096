package checks

import (
	"slices"
	"strings"

	"github.com/samlcheck/samlcheck/saml"
)

var recipientRule = &Rule{
	ID:       "saml/recipient",
	Title:    "bearer Recipient missing or not the ACS URL",
	Severity: Error,
	Profiles: allProfiles,
	Uses:     []Given{GivenACS, GivenSPMetadata},
	Doc: "In Web browser SSO the bearer SubjectConfirmationData must carry a Recipient equal to the ACS URL the " +
		"assertion is delivered to; a service provider rejects an assertion without one or addressed elsewhere.",
	Fix:  "Set the Recipient (in most IdPs the same setting as the ACS / Reply URL) to the service provider's ACS URL.",
	Refs: []Ref{samlProfiles.at("§4.1.4.2 <Response> Usage: bearer <SubjectConfirmationData> Recipient"), samlCore.at("§2.4.1.2 Element <SubjectConfirmationData>")},
	Run: func(p *Pass) {
		if p.Message.Kind != saml.KindResponse && p.Message.Kind != saml.KindAssertion {
			return
		}
		dest := ""
		if p.Message.Response != nil {
			dest = p.Message.Response.Destination
		}
		want, from := expectedACS(p)
		for _, a := range p.Assertions() {
			for _, sc := range bearerConfirmations(a) {
				if sc.Data == nil || sc.Data.Recipient == "" {
					el := sc.Element
					if sc.Data != nil {
						el = sc.Data.Element
					}
					p.Reportf(el, "the bearer SubjectConfirmationData has no Recipient; expected the ACS URL")
					continue
				}
				rcp := sc.Data.Recipient
				switch {
				case want != nil && !slices.Contains(want, rcp):
					p.reportCause(acsCause(rcp), sc.Data.Element, "Recipient %q is not the ACS URL %q (from %s)%s", rcp, strings.Join(want, `" or "`), from, issuerDifference(rcp, want[0]))
				case want == nil && dest != "" && rcp != dest:
					p.reportCause(acsCause(rcp), sc.Data.Element, "Recipient %q differs from the Response Destination %q%s", rcp, dest, issuerDifference(rcp, dest))
				case want == nil && dest == "":
					for _, u := range postedTo(p.Encoded) {
						if u != rcp {
							p.reportCause(acsCause(rcp), sc.Data.Element, "Recipient %q is not the URL the browser posted the Response to, %q%s", rcp, u, issuerDifference(rcp, u))
						}
					}
				}
			}
		}
	},
}
