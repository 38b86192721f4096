package checks

import "github.com/samlcheck/samlcheck/saml"

// maxABACAttributes is the number of attributes an assertion may carry when
// ABAC is on.
const maxABACAttributes = 50

var abacAttributeCountRule = &Rule{
	ID:       "idc/abac-attribute-count",
	Title:    "more than 50 attributes (ABAC on)",
	Severity: Error,
	Profiles: []Profile{IdentityCenter},
	Uses:     []Given{GivenABAC},
	Doc:      "With attributes for access control (ABAC), an assertion may carry at most 50 attributes." + abacDocTail,
	Fix:      "Send at most 50 attributes: drop attributes the AWS side does not use from the IdP's application, and keep only the AccessControl:<key> attributes your permission sets' policies reference.",
	Refs:     abacRefs,
	Run: func(p *Pass) {
		abacAssertions(p, func(a *saml.Assertion) {
			if n := len(a.Attributes); n > maxABACAttributes {
				p.Reportf(a.Element, "assertion %s carries %d attributes; at most %d are allowed with attributes for access control", a.ID, n, maxABACAttributes)
			}
		})
	},
}
