package checks

import "github.com/samlcheck/samlcheck/saml"

// The attribute name formats SAML specifies (saml-core §8.2) that Identity
// Center accepts for ABAC.
const (
	attrNameFormatURI   = "urn:oasis:names:tc:SAML:2.0:attrname-format:uri"
	attrNameFormatBasic = "urn:oasis:names:tc:SAML:2.0:attrname-format:basic"
)

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
	Refs: []Ref{idcABAC, idcUnexpectedError, samlCoreSpec.at("§8.2 Attribute Name Format Identifiers")},
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
