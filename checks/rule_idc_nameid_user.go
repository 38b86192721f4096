package checks

import (
	"github.com/samlcheck/samlcheck/checks/users"
	"github.com/samlcheck/samlcheck/saml"
)

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
	Refs: []Ref{idcUnexpectedError, idcOtherIdPs.at("Provisioning: user names must match the NameID")},
	Run: func(p *Pass) {
		nameIDs(p, func(_ *saml.Assertion, n *saml.NameID) {
			if n == nil {
				return
			}
			p.use(GivenUsers)
			u := p.Config.Users
			if u == nil {
				p.Report(Finding{Severity: Info, Location: Location{XMLPath: saml.Path(n.Element)},
					Message: humanf("no users list given: cannot check that NameID %q is an Identity Center user name (pass --users with the output of aws identitystore list-users)", n.Value)})
				return
			}
			at := Location{XMLPath: saml.Path(n.Element)}
			if u.Kind == users.Connect {
				p.Report(Finding{Severity: Warning, Location: at,
					Message: humanf("the users list %s is %s, the wrong kind: IAM Identity Center matches NameID %q against the user names of its identity store; not checked (pass the output of aws identitystore list-users --identity-store-id d-…)", u.Source, u.Kind.Describe(), n.Value)})
				return
			}
			exact, caseOnly := u.Match(n.Value)
			switch {
			case exact:
			case caseOnly != "":
				p.Report(Finding{Cause: nameIDCause(n), Location: at,
					Message: humanf("NameID %q differs only by case from user name %q in %s; Identity Center compares user names exactly", n.Value, caseOnly, u.Source)})
			case u.Incomplete != "":
				p.Report(Finding{Severity: Warning, Cause: nameIDCause(n), Location: at,
					Message: humanf("NameID %q is not a user name in %s (%s), but the list may be incomplete: %s", n.Value, u.Source, count(len(u.Names), "user"), u.Incomplete)})
			default:
				p.Report(Finding{Cause: nameIDCause(n), Location: at,
					Message: humanf("NameID %q is not a user name in %s (%s)", n.Value, u.Source, count(len(u.Names), "user"))})
			}
		})
	},
}
