package checks

import (
	"fmt"
	"strings"

	"github.com/samlcheck/samlcheck/saml"
)

// accessControlPrefix names the attributes Identity Center reads for
// attribute-based access control (ABAC).
const accessControlPrefix = "https://aws.amazon.com/SAML/Attributes/AccessControl:"

// maxABACAttributes is the number of attributes an assertion may carry when
// ABAC is on.
const maxABACAttributes = 50

// The attribute name formats SAML specifies (saml-core §8.2) that Identity
// Center accepts for ABAC.
const (
	attrNameFormatURI   = "urn:oasis:names:tc:SAML:2.0:attrname-format:uri"
	attrNameFormatBasic = "urn:oasis:names:tc:SAML:2.0:attrname-format:basic"
)

// abacOn reports whether the ABAC rules apply to assertion a: forced by
// configuration, or because a carries AccessControl attributes.
func abacOn(p *Pass, a *saml.Assertion) bool {
	p.use(GivenABAC)
	if p.Config.ABAC {
		return true
	}
	for _, at := range a.Attributes {
		if strings.HasPrefix(at.Name, accessControlPrefix) {
			return true
		}
	}
	return false
}

// abacAssertions calls f for each assertion the ABAC rules apply to.
func abacAssertions(p *Pass, f func(a *saml.Assertion)) {
	for _, a := range p.Assertions() {
		if abacOn(p, a) {
			f(a)
		}
	}
}

const abacDocTail = " IAM Identity Center rejects the whole assertion when attributes for access control are enabled, " +
	"and the sign-in ends on \"An unexpected error has occurred\"."

var abacRefs = []Ref{idcABAC, idcUnexpectedError}

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

var abacNameFormatRule = &Rule{
	ID:       "idc/abac-name-format",
	Title:    "NameFormat is not a SAML-specified attrname-format URI (ABAC on)",
	Severity: Error,
	Profiles: []Profile{IdentityCenter},
	Uses:     []Given{GivenABAC},
	Doc: "With attributes for access control, each Attribute's NameFormat must be one of the SAML-specified formats " +
		"Identity Center accepts: urn:oasis:names:tc:SAML:2.0:attrname-format:uri or …:basic." + abacDocTail,
	Fix: "Set the attribute's name format to URI Reference (…:attrname-format:uri) in the IdP's attribute mapping. " +
		"An attribute without a NameFormat is not reported.",
	Refs: []Ref{idcABAC, idcUnexpectedError, {Title: "SAML 2.0 Core", URL: samlCoreURL, Section: "§8.2 Attribute Name Format Identifiers"}},
	Run: func(p *Pass) {
		abacAssertions(p, func(a *saml.Assertion) {
			for _, at := range a.Attributes {
				if at.NameFormat == "" || at.NameFormat == attrNameFormatURI || at.NameFormat == attrNameFormatBasic {
					continue
				}
				p.Reportf(at.Element, "attribute %q has NameFormat %q; expected %q or %q", at.Name, at.NameFormat, attrNameFormatURI, attrNameFormatBasic)
			}
		})
	},
}

// clip shortens s to n runes for display.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return fmt.Sprint(string(r[:n]), "…")
}
