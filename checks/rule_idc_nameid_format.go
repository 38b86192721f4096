package checks

import "github.com/samlcheck/samlcheck/saml"

var nameIDFormatRule = &Rule{
	ID:       "idc/nameid-format",
	Title:    "NameID Format is not emailAddress",
	Severity: Error,
	Profiles: []Profile{IdentityCenter},
	// One IdP setting (the Name ID format and its source attribute) makes
	// a wrong format, a value that is no e-mail address (a GUID, a
	// down-level name) and a NameID that matches no user.
	SameCause: []string{"idc/nameid-email", "idc/nameid-user"},
	Doc: "IAM Identity Center matches the assertion's NameID against the user name of a provisioned user and " +
		"accepts only the format urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress. Any other format, or none, " +
		"ends the sign-in on \"An unexpected error has occurred\" (CloudTrail: \"Response contains invalid name id policy format\").",
	Fix: "In the IdP's application for IAM Identity Center, set the Name ID format to EmailAddress " +
		"(urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress) and map it to the attribute that holds the user name " +
		"provisioned in Identity Center (usually the e-mail address or UPN).",
	Refs: idcNameIDRefs,
	Run: func(p *Pass) {
		nameIDs(p, func(a *saml.Assertion, n *saml.NameID) {
			switch {
			case n == nil && a.Subject != nil && a.Subject.EncryptedID:
				p.Reportf(a.Subject.Element, "the subject has an EncryptedID instead of a NameID; expected a plain NameID with Format %q", nameIDEmailFormat)
			case n == nil:
				p.Reportf(a.Element, "assertion %s has no Subject NameID; expected one with Format %q", a.ID, nameIDEmailFormat)
			case n.Format == "":
				p.reportCause(nameIDCause(n), n.Element, "NameID has no Format attribute (which means unspecified); expected %q", nameIDEmailFormat)
			case n.Format != nameIDEmailFormat:
				p.reportCause(nameIDCause(n), n.Element, "NameID Format is %q; expected %q", n.Format, nameIDEmailFormat)
			}
		})
	},
}
