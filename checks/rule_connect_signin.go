package checks

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/samlcheck/samlcheck/saml"
)

// connectProfiles are the profiles the connect/* rules run under.
var connectProfiles = []Profile{Connect}

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
		connectSAMLRef("Important notes (the user name must match RoleSessionName; usernames are case sensitive)"),
		connectTroubleRef("Error Message: Access Denied. Your account has been authenticated, but has not been onboarded to this application."),
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
					s := sprintf("%q", string(r))
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
			if u.Kind == UsersIdentityStore {
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

// connectRelayHostRE matches the console hosts of the Connect federation
// RelayState: https://<region>.console.aws.amazon.com, and GovCloud's
// console.amazonaws-us-gov.com with or without a Region.
var connectRelayHostRE = regexp.MustCompile(`^[a-z]{2}(-gov)?-[a-z]+-\d\.console\.aws\.amazon\.com$|^([a-z]{2}-gov-[a-z]+-\d\.)?console\.amazonaws-us-gov\.com$`)

// connectInstanceRE matches an Amazon Connect instance ID (a UUID).
var connectInstanceRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

const connectRelayForm = "https://<region>.console.aws.amazon.com/connect/federate/<instance-id>"

var connectRelayStateRule = &Rule{
	ID:       "connect/relay-state",
	Title:    "RelayState is not the Amazon Connect federation URL",
	Severity: Error,
	Cases: []Case{
		{Severity: Warning, When: "the destination in the RelayState is not URL-encoded"},
		{Severity: Info, When: "the input is the Response alone, without the RelayState it was posted with: not checked"},
	},
	Profiles: connectProfiles,
	Doc: "After AWS sign-in accepts the Response it sends the browser to the RelayState. For Amazon Connect this must " +
		"be " + connectRelayForm + " (GovCloud: console.amazonaws-us-gov.com), optionally with " +
		"?destination=<URL-encoded path> such as %2Fagent-app-v2; any other RelayState lands the user in the AWS " +
		"console or on an error instead of the Connect instance.",
	Fix: "Set the IdP application's default RelayState (Relay state, Start URL) to " + connectRelayForm + ", with the " +
		"Region and instance ID of the Connect instance (the ID, not its ARN or its access URL), and URL-encode the " +
		"destination: ?destination=%2Fagent-app-v2.",
	Refs: []Ref{
		connectSAMLRef("Configure the Relay State for your identity provider"),
		connectSAMLRef("Use a destination in your relay state URL"),
	},
	Run: func(p *Pass) {
		if p.Message.Response == nil {
			return
		}
		e := p.Encoded
		if e.Binding == saml.BindingNone {
			p.Report(Finding{Severity: Info, Message: "the input is the Response alone, without the RelayState it was posted with: cannot check the RelayState (check a HAR capture or the posted form body instead)"})
			return
		}
		if e.RelayState == "" {
			p.Report(Finding{Message: "the Response was posted without a RelayState; Amazon Connect needs " + connectRelayForm})
			return
		}
		errs, warns := connectRelayStateProblems(e.RelayState)
		for _, w := range warns {
			p.Report(Finding{Severity: Warning, Message: sprintf("RelayState %q %s", e.RelayState, w)})
		}
		if len(errs) > 0 {
			p.Report(Finding{Message: sprintf("RelayState %q %s; expected %s", e.RelayState, strings.Join(errs, "; "), connectRelayForm)})
		}
	},
}

// connectRelayStateProblems says what keeps rs from being the Connect
// federation URL (errs) and what is likely wrong with it (warns).
func connectRelayStateProblems(rs string) (errs, warns []string) {
	u, err := url.Parse(relayStateURL(rs))
	if err != nil || u.Host == "" {
		return []string{"is not an absolute URL"}, nil
	}
	if u.Scheme != "https" {
		errs = append(errs, sprintf("uses scheme %q instead of https", u.Scheme))
	}
	host := u.Host
	switch {
	case connectRelayHostRE.MatchString(host):
	case host == "console.aws.amazon.com":
		errs = append(errs, "has no Region in the host (console.aws.amazon.com)")
	case strings.HasSuffix(host, ".my.connect.aws") || strings.HasSuffix(host, ".awsapps.com"):
		errs = append(errs, sprintf("is the instance's access URL (%s), not the federation URL", host))
	default:
		errs = append(errs, sprintf("has host %q, not <region>.console.aws.amazon.com", host))
	}
	path := u.EscapedPath()
	id, ok := strings.CutPrefix(path, "/connect/federate/")
	switch {
	case !ok:
		errs = append(errs, sprintf("has path %q, not /connect/federate/<instance-id>", path))
	case strings.Contains(id, "arn:") || strings.Contains(id, "arn%3A"):
		errs = append(errs, "names the instance by its ARN; the path takes the instance ID")
	case strings.HasSuffix(id, "/") && connectInstanceRE.MatchString(strings.TrimSuffix(id, "/")):
		errs = append(errs, "has a trailing slash after the instance ID")
	case connectInstanceRE.MatchString(strings.ToLower(id)) && !connectInstanceRE.MatchString(id):
		errs = append(errs, sprintf("has instance ID %q in upper case; instance IDs are lower-case", id))
	case !connectInstanceRE.MatchString(id):
		errs = append(errs, sprintf("has %q where the instance ID (a UUID) belongs", id))
	}
	if u.Fragment != "" {
		errs = append(errs, sprintf("has a fragment %q", "#"+u.Fragment))
	}
	if u.RawQuery == "" {
		return errs, warns
	}
	for _, kv := range strings.Split(u.RawQuery, "&") {
		k, v, _ := strings.Cut(kv, "=")
		switch {
		case k != "destination":
			errs = append(errs, sprintf("has query parameter %q; only destination is documented", k))
		case v == "":
			errs = append(errs, "has an empty destination")
		case strings.ContainsAny(v, "/:?"):
			warns = append(warns, sprintf("has a destination that is not URL-encoded (%q); expected %q", v, url.QueryEscape(v)))
		}
	}
	return errs, warns
}

var connectSingleRoleRule = &Rule{
	ID:       "connect/single-role",
	Title:    "more than one Role value",
	Severity: Warning,
	Profiles: connectProfiles,
	Doc: "Amazon Connect federation is set up with one IAM role for all agents. With several Role values AWS shows a " +
		"role-selection page instead of going on to Connect, and a user who once signed in with another role or " +
		"identity provider gets \"Bad Request\" from Connect.",
	Fix: "Create one IAM role for Connect federation and send only that Role value for Connect users (filter the " +
		"roles in the IdP application for Connect).",
	Refs: []Ref{
		connectSAMLRef("Create an IAM role for federation (one role for federation)"),
		connectTroubleRef("Error Message: Bad Request. The request was not valid and could not be processed."),
	},
	Run: func(p *Pass) {
		for _, a := range p.Assertions() {
			vals, el := iamValues(a, iamRoleAttr)
			if len(vals) <= 1 {
				continue
			}
			var roles []string
			for _, v := range vals {
				role, provider, _ := strings.Cut(v.Text, ",")
				if strings.Contains(provider, ":role/") {
					role = provider
				}
				roles = append(roles, sprintf("%q", strings.TrimSpace(role)))
			}
			iamReport(p, Warning, el, "the Role attribute has %d values (%s); Amazon Connect expects one role for federation", len(vals), strings.Join(roles, ", "))
		}
	},
}
