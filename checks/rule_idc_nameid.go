package checks

import (
	"fmt"
	"net/mail"
	"regexp"
	"strings"

	"github.com/samlcheck/samlcheck/saml"
)

// nameIDEmailFormat is the only NameID format IAM Identity Center accepts
// from an external IdP.
const nameIDEmailFormat = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"

var idcNameIDRefs = []Ref{
	idcUnexpectedError,
	{Title: "IAM Identity Center User Guide: Other identity providers", URL: idcOtherIdPsURL, Section: "SAML assertion requirements: NameID"},
}

// nameIDs calls f with each assertion's subject NameID; an assertion with
// none is passed with a nil NameID.
func nameIDs(p *Pass, f func(a *saml.Assertion, n *saml.NameID)) {
	for _, a := range p.Assertions() {
		var n *saml.NameID
		if a.Subject != nil {
			n = a.Subject.NameID
		}
		f(a, n)
	}
}

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

var nameIDEmailRule = &Rule{
	ID:        "idc/nameid-email",
	Title:     "NameID value is not an e-mail address",
	Severity:  Error,
	Profiles:  []Profile{IdentityCenter},
	SameCause: []string{"idc/nameid-user"},
	Doc: "With the emailAddress format, IAM Identity Center expects the NameID to be an RFC 2822 addr-spec " +
		"(user@domain.com) equal to the user name of a provisioned user. Down-level logon names (DOMAIN\\user), " +
		"bare account names and Entra ID guest UPNs (name_domain#EXT#@tenant.onmicrosoft.com) match no user, " +
		"and the sign-in fails.",
	Fix: "Map the NameID to the user's e-mail address or UPN in user@domain form, the same value the IdP provisions " +
		"as userName over SCIM. In Entra ID, use user.mail or user.userprincipalname of a member user, not a guest's UPN; " +
		"in AD FS, issue the E-Mail-Address or UPN claim, not the SAM-Account-Name.",
	Refs: idcNameIDRefs,
	Run: func(p *Pass) {
		nameIDs(p, func(_ *saml.Assertion, n *saml.NameID) {
			if n == nil {
				return // idc/nameid-format reports a missing NameID
			}
			if problem := emailProblem(n.Value); problem != "" {
				p.reportCause(nameIDCause(n), n.Element, "NameID %q %s; expected an e-mail address such as user@domain.com", n.Value, problem)
			}
		})
	},
}

// guidRE matches a GUID, with or without braces.
var guidRE = regexp.MustCompile(`^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?$`)

// emailProblem says what keeps v from being an addr-spec usable as an
// Identity Center user name, or "" when nothing does.
func emailProblem(v string) string {
	switch {
	case v == "":
		return "is empty"
	case strings.TrimSpace(v) != v:
		return "has leading or trailing white space"
	case strings.Contains(v, `\`):
		return "is a down-level logon name (DOMAIN\\user)"
	case strings.Contains(strings.ToUpper(v), "#EXT#"):
		return "is an Entra ID guest (#EXT#) user principal name"
	case guidRE.MatchString(v):
		return "is a GUID (an object identifier, such as Entra ID's persistent NameID user.objectid), not the user name"
	case !strings.Contains(v, "@"):
		return "has no @domain part"
	}
	addr, err := mail.ParseAddress(v)
	if err != nil || addr.Address != v || addr.Name != "" {
		return "is not an RFC 2822 addr-spec"
	}
	if domain := v[strings.LastIndex(v, "@")+1:]; !strings.Contains(domain, ".") {
		return fmt.Sprintf("has a domain %q without a dot", domain)
	}
	return ""
}

var nameIDUserRule = &Rule{
	ID:       "idc/nameid-user",
	Title:    "NameID matches no Identity Center user name",
	Severity: Error,
	Cases: []Case{
		{Severity: Warning, When: "the --users list is an Amazon Connect list (the wrong kind), or the NameID is missing from a list that may be incomplete (NextToken)"},
		{Severity: Info, When: "no --users list given: not checked"},
	},
	Profiles: []Profile{IdentityCenter},
	Uses:     []Given{GivenUsers},
	Doc: "IAM Identity Center signs in the user whose user name equals the NameID exactly. A NameID that matches no " +
		"provisioned user (not yet synchronised by SCIM, a different attribute, a case difference) ends the sign-in " +
		"on \"An unexpected error has occurred\".",
	Fix: "Make the IdP send the same value it provisions as userName (or create the user in Identity Center with " +
		"exactly that user name, same case). Check the list with `aws identitystore list-users --identity-store-id d-…`.",
	Refs: []Ref{idcUnexpectedError, {Title: "IAM Identity Center User Guide: Other identity providers", URL: idcOtherIdPsURL, Section: "Provisioning: user names must match the NameID"}},
	Run: func(p *Pass) {
		nameIDs(p, func(_ *saml.Assertion, n *saml.NameID) {
			if n == nil {
				return
			}
			p.use(GivenUsers)
			u := p.Config.Users
			if u == nil {
				p.Report(Finding{Severity: Info, Location: Location{XMLPath: saml.Path(n.Element)},
					Message: sprintf("no users list given: cannot check that NameID %q is an Identity Center user name (pass --users with the output of aws identitystore list-users)", n.Value)})
				return
			}
			at := Location{XMLPath: saml.Path(n.Element)}
			if u.Kind == UsersConnect {
				p.Report(Finding{Severity: Warning, Location: at,
					Message: sprintf("the users list %s is %s, the wrong kind: IAM Identity Center matches NameID %q against the user names of its identity store; not checked (pass the output of aws identitystore list-users --identity-store-id d-…)", u.Source, u.Kind.Describe(), n.Value)})
				return
			}
			exact, caseOnly := u.Match(n.Value)
			switch {
			case exact:
			case caseOnly != "":
				p.Report(Finding{Cause: nameIDCause(n), Location: at,
					Message: sprintf("NameID %q differs only by case from user name %q in %s; Identity Center compares user names exactly", n.Value, caseOnly, u.Source)})
			case u.Incomplete != "":
				p.Report(Finding{Severity: Warning, Cause: nameIDCause(n), Location: at,
					Message: sprintf("NameID %q is not a user name in %s (%s), but the list may be incomplete: %s", n.Value, u.Source, count(len(u.Names), "user"), u.Incomplete)})
			default:
				p.Report(Finding{Cause: nameIDCause(n), Location: at,
					Message: sprintf("NameID %q is not a user name in %s (%s)", n.Value, u.Source, count(len(u.Names), "user"))})
			}
		})
	},
}

// count says "1 user", "2 users".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
