package checks

import (
	"slices"
	"strings"

	"github.com/beevik/etree"
)

var audienceRule = &Rule{
	ID:       "saml/audience",
	Title:    "no AudienceRestriction, or none names the expected audience",
	Severity: Error,
	Profiles: allProfiles,
	Uses:     []Given{GivenAudience, GivenSPMetadata},
	Doc: "Each assertion must be restricted to its service provider with an AudienceRestriction naming the " +
		"SP's entity ID; a service provider rejects an assertion without one or addressed to another audience.",
	Fix: "Set the Audience URI (SP Entity ID, Identifier) of the IdP's application to the service provider's " +
		"entity ID, exactly as in its metadata.",
	Refs: []Ref{samlCore.at("§2.5.1.4 Elements <AudienceRestriction> and <Audience>"), samlProfiles.at("§4.1.4.2 <Response> Usage")},
	Run: func(p *Pass) {
		if p.Message.Response == nil && p.Message.Assertion == nil {
			return
		}
		want, from := expectedAudience(p)
		for _, a := range p.Assertions() {
			var all []string
			var el *etree.Element = a.Element
			if a.Conditions != nil {
				el = a.Conditions.Element
				for _, ar := range a.Conditions.AudienceRestrictions {
					all = append(all, ar.Audiences...)
				}
			}
			if a.Conditions == nil || len(a.Conditions.AudienceRestrictions) == 0 {
				p.Reportf(el, "assertion %s has no Conditions/AudienceRestriction; expected one naming the service provider", a.ID)
				continue
			}
			if want != "" && !slices.Contains(all, want) {
				got := "none"
				if len(all) > 0 {
					got = `"` + strings.Join(all, `", "`) + `"`
				}
				p.Reportf(el, "no Audience is %q (from %s); the assertion names %s", want, from, got)
			}
		}
	},
}
