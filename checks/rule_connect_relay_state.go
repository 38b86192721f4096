package checks

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/samlcheck/samlcheck/saml"
)

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
		connectSAML.at("Configure the Relay State for your identity provider"),
		connectSAML.at("Use a destination in your relay state URL"),
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
			p.Report(Finding{Severity: Warning, Message: humanf("RelayState %q %s", e.RelayState, w)})
		}
		if len(errs) > 0 {
			p.Report(Finding{Message: humanf("RelayState %q %s; expected %s", e.RelayState, strings.Join(errs, "; "), connectRelayForm)})
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
		errs = append(errs, humanf("uses scheme %q instead of https", u.Scheme))
	}
	host := u.Host
	switch {
	case connectRelayHostRE.MatchString(host):
	case host == "console.aws.amazon.com":
		errs = append(errs, "has no Region in the host (console.aws.amazon.com)")
	case strings.HasSuffix(host, ".my.connect.aws") || strings.HasSuffix(host, ".awsapps.com"):
		errs = append(errs, humanf("is the instance's access URL (%s), not the federation URL", host))
	default:
		errs = append(errs, humanf("has host %q, not <region>.console.aws.amazon.com", host))
	}
	path := u.EscapedPath()
	id, ok := strings.CutPrefix(path, "/connect/federate/")
	switch {
	case !ok:
		errs = append(errs, humanf("has path %q, not /connect/federate/<instance-id>", path))
	case strings.Contains(id, "arn:") || strings.Contains(id, "arn%3A"):
		errs = append(errs, "names the instance by its ARN; the path takes the instance ID")
	case strings.HasSuffix(id, "/") && connectInstanceRE.MatchString(strings.TrimSuffix(id, "/")):
		errs = append(errs, "has a trailing slash after the instance ID")
	case connectInstanceRE.MatchString(strings.ToLower(id)) && !connectInstanceRE.MatchString(id):
		errs = append(errs, humanf("has instance ID %q in upper case; instance IDs are lower-case", id))
	case !connectInstanceRE.MatchString(id):
		errs = append(errs, humanf("has %q where the instance ID (a UUID) belongs", id))
	}
	if u.Fragment != "" {
		errs = append(errs, humanf("has a fragment %q", "#"+u.Fragment))
	}
	if u.RawQuery == "" {
		return errs, warns
	}
	for _, kv := range strings.Split(u.RawQuery, "&") {
		k, v, _ := strings.Cut(kv, "=")
		switch {
		case k != "destination":
			errs = append(errs, humanf("has query parameter %q; only destination is documented", k))
		case v == "":
			errs = append(errs, "has an empty destination")
		case strings.ContainsAny(v, "/:?"):
			warns = append(warns, humanf("has a destination that is not URL-encoded (%q); expected %q", v, url.QueryEscape(v)))
		}
	}
	return errs, warns
}
