package checks

import (
	"strings"

	"github.com/samlcheck/samlcheck/checks/users"
)

// connectUserChar reports whether r is in the character set the Amazon
// Connect documentation uses for usernames federated with SAML: letters,
// digits, @, - and the period.
func connectUserChar(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '@' || r == '-' || r == '.'
}

var connectRoleSessionNameRule = &Rule{
	ID:       "connect/role-session-name",
	Title:    "RoleSessionName is not exactly an Amazon Connect username",
	Severity: Error,
	Cases: []Case{
		{Severity: Warning, When: "RoleSessionName has characters outside letters, digits, @, - and .; the --users list is an Identity Store list (the wrong kind); or the name is missing from a list that may be incomplete (NextToken)"},
		{Severity: Info, When: "no --users list given: not checked"},
	},
	Profiles: connectProfiles,
	Uses:     []Given{GivenUsers},
	Doc: "Amazon Connect signs in the user whose username equals the RoleSessionName attribute exactly; usernames " +
		"are case-sensitive, even with SAML. A RoleSessionName that matches no user ends on \"Access Denied. Your " +
		"account has been authenticated, but has not been onboarded to this application.\" Characters other than " +
		"letters, digits, @, - and . are a known source of mismatches.",
	Fix: "Make the IdP send as RoleSessionName exactly the Amazon Connect username (same case), or rename the " +
		"Connect user to match. List the usernames with `aws connect list-users --instance-id <id>` and pass the " +
		"output with --users.",
	Refs: []Ref{
		connectSAML.at("Important notes (the user name must match RoleSessionName; usernames are case sensitive)"),
		connectTrouble.at("Error Message: Access Denied. Your account has been authenticated, but has not been onboarded to this application."),
	},
	Run: func(p *Pass) {
		for _, a := range p.Assertions() {
			vals, _ := iamValues(a, iamRoleSessionAttr)
			if len(vals) != 1 || vals[0].HasElements {
				continue // iam/role-session-name reports these
			}
			v := vals[0]
			var bad []string
			for _, r := range v.Text {
				if !connectUserChar(r) {
					s := humanf("%q", string(r))
					if r == ' ' {
						s = "space"
					}
					if !strings.Contains(strings.Join(bad, " "), s) {
						bad = append(bad, s)
					}
				}
			}
			if len(bad) > 0 {
				iamReport(p, Warning, v.Element, "RoleSessionName %q has characters (%s) outside the set Amazon Connect usernames are documented with (letters, digits, @, - and .)", v.Text, strings.Join(bad, ", "))
			}
			p.use(GivenUsers)
			u := p.Config.Users
			if u == nil {
				iamReport(p, Info, v.Element, "no users list given: cannot check that RoleSessionName %q is an Amazon Connect username (pass --users with the output of aws connect list-users)", v.Text)
				continue
			}
			if u.Kind == users.IdentityStore {
				iamReport(p, Warning, v.Element, "the users list %s is %s, the wrong kind: Amazon Connect matches RoleSessionName %q against its own users; not checked (pass the output of aws connect list-users --instance-id <id>)", u.Source, u.Kind.Describe(), v.Text)
				continue
			}
			exact, caseOnly := u.Match(v.Text)
			switch {
			case exact:
			case caseOnly != "":
				iamReport(p, Error, v.Element, "RoleSessionName %q differs only by case from username %q in %s; Amazon Connect usernames are case-sensitive", v.Text, caseOnly, u.Source)
			case u.Incomplete != "":
				iamReport(p, Warning, v.Element, "RoleSessionName %q is not a username in %s (%s), but the list may be incomplete: %s", v.Text, u.Source, count(len(u.Names), "user"), u.Incomplete)
			default:
				iamReport(p, Error, v.Element, "RoleSessionName %q is not a username in %s (%s)", v.Text, u.Source, count(len(u.Names), "user"))
			}
		}
	},
}
