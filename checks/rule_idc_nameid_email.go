package checks

import (
	"fmt"
	"net/mail"
	"regexp"
	"strings"

	"github.com/samlcheck/samlcheck/saml"
)

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
