package checks

import "github.com/samlcheck/samlcheck/saml"

var abacDuplicateNameRule = &Rule{
	ID:       "idc/abac-duplicate-name",
	Title:    "two attributes share a Name (ABAC on)",
	Severity: Error,
	Profiles: []Profile{IdentityCenter},
	Uses:     []Given{GivenABAC},
	Doc:      "With attributes for access control, attribute names must be unique within the assertion: two Attribute elements with one Name would give one session tag two values." + abacDocTail,
	Fix: "Remove the duplicate mapping at the IdP. Keycloak emits one Attribute per role unless the role mapper's " +
		"\"Single Role Attribute\" option is on: turn it on.",
	Refs: abacRefs,
	Run: func(p *Pass) {
		abacAssertions(p, func(a *saml.Assertion) {
			seen := map[string]int{}
			for _, at := range a.Attributes {
				seen[at.Name]++
				if seen[at.Name] == 2 {
					p.Reportf(at.Element, "attribute name %q is used by more than one Attribute element; names must be unique", at.Name)
				}
			}
		})
	},
}
