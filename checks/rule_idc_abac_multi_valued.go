package checks

import "github.com/samlcheck/samlcheck/saml"

var abacMultiValuedRule = &Rule{
	ID:       "idc/abac-multi-valued",
	Title:    "an attribute has more than one AttributeValue (ABAC on)",
	Severity: Error,
	Profiles: []Profile{IdentityCenter},
	Uses:     []Given{GivenABAC},
	Doc:      "With attributes for access control, every attribute must be single-valued: session tags have one value each." + abacDocTail,
	Fix:      "Send one value per attribute: join multiple values into one string at the IdP (for example with a colon), or map a single-valued source attribute.",
	Refs:     abacRefs,
	Run: func(p *Pass) {
		abacAssertions(p, func(a *saml.Assertion) {
			for _, at := range a.Attributes {
				if len(at.Values) > 1 {
					p.Reportf(at.Element, "attribute %q has %d AttributeValues; expected exactly one", at.Name, len(at.Values))
				}
			}
		})
	},
}
