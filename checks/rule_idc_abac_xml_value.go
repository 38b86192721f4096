package checks

import "github.com/samlcheck/samlcheck/saml"

var abacXMLValueRule = &Rule{
	ID:       "idc/abac-xml-value",
	Title:    "an AttributeValue holds XML elements (ABAC on)",
	Severity: Error,
	Profiles: []Profile{IdentityCenter},
	Uses:     []Given{GivenABAC},
	Doc:      "With attributes for access control, attribute values must be plain strings; a value with child elements (complex content) cannot become a session tag." + abacDocTail,
	Fix:      "Map the attribute to a string-valued source at the IdP, so that the AttributeValue holds text only.",
	Refs:     abacRefs,
	Run: func(p *Pass) {
		abacAssertions(p, func(a *saml.Assertion) {
			for _, at := range a.Attributes {
				for _, v := range at.Values {
					if v.HasElements {
						p.Reportf(v.Element, "attribute %q has an AttributeValue with XML content %s; expected text", at.Name, clip(v.Inner, 80))
					}
				}
			}
		})
	},
}
