package checks

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/samlcheck/samlcheck/checks/users"
	"github.com/samlcheck/samlcheck/saml"
)

// AWS endpoints the profiles are recognised by.
var (
	// idcACS matches an IAM Identity Center assertion consumer service URL:
	// https://<region>.signin.aws.amazon.com/platform/saml/acs/<uuid>, or the
	// older https://portal.sso.<region>.amazonaws.com/saml/assertion/<id>
	// (IdC other-idps.html).
	idcACS = regexp.MustCompile(`^https://(([a-z]{2}(-gov)?-[a-z]+-\d)\.signin\.aws\.amazon\.com/platform/saml/acs/[^/?#]+|portal\.sso\.[a-z]{2}(-gov)?-[a-z]+-\d\.amazonaws\.com/saml/assertion/[^/?#]+)/?$`)
	// idcAudience matches an Identity Center issuer URL used as Audience.
	idcAudience = regexp.MustCompile(`^https://([a-z]{2}(-gov)?-[a-z]+-\d\.signin\.aws\.amazon\.com/platform/saml/d-[0-9a-f]+|portal\.sso\.[a-z]{2}(-gov)?-[a-z]+-\d\.amazonaws\.com/saml/assertion/[^/?#]+)/?$`)
	// iamEndpoint matches the AWS sign-in SAML endpoints of IAM federation
	// (id_roles_providers_create_saml_assertions.html): global, static and
	// regional forms, with the encryption form …/saml/acs/<IdP-ID>, in the
	// aws, aws-us-gov and aws-cn partitions.
	iamEndpoint = regexp.MustCompile(`^https://((([a-z]{2}(-gov)?-[a-z]+-\d)\.)?signin\.aws\.amazon\.com|signin\.amazonaws-us-gov\.com|signin\.amazonaws\.cn)/(static/)?saml(/acs/[^/?#]+)?/?$`)
	// connectFederate matches Amazon Connect's federation RelayState.
	connectFederate = regexp.MustCompile(`^https://[a-z0-9-]+\.console\.(aws\.amazon\.com|amazonaws-us-gov\.com)/connect/federate/`)
)

// iamAudience is the audience IAM federation documents besides the sign-in URL.
const iamAudience = "urn:amazon:webservices"

// Choice is the profile picked for a message and why.
type Choice struct {
	// Profile is the profile picked (never Auto).
	Profile Profile `json:"profile"`
	// Reason says what decided it, for people: "chosen explicitly
	// (--profile or the configuration file)", or the RelayState, URL or
	// audience of the message that names the service.
	Reason string `json:"reason"`
}

// profileFromMessage picks the profile for one message. An explicit profile
// (not Auto) wins; otherwise the message's RelayState, the URLs it was
// posted to, its Destination, Recipients and Audiences decide, in that order
// of strength. m may be nil (a message that did not decode). chooseProfile
// refines the choice with the run's other inputs: the kind of the --users
// list.
func profileFromMessage(explicit Profile, e *saml.Encoded, m *saml.Message) Choice {
	if explicit != "" && explicit != Auto {
		return Choice{explicit, "chosen explicitly (--profile or the configuration file)"}
	}
	if rs := relayStateURL(e.RelayState); connectFederate.MatchString(rs) {
		return Choice{Connect, fmt.Sprintf("RelayState %s points at Amazon Connect federation", rs)}
	}
	for _, c := range candidateURLs(e, m) {
		switch {
		case idcACS.MatchString(c.url):
			return Choice{IdentityCenter, fmt.Sprintf("%s %s is an IAM Identity Center ACS URL", c.what, c.url)}
		case idcAudience.MatchString(c.url):
			return Choice{IdentityCenter, fmt.Sprintf("%s %s is an IAM Identity Center issuer URL", c.what, c.url)}
		case iamEndpoint.MatchString(c.url):
			return Choice{IAM, fmt.Sprintf("%s %s is the AWS sign-in SAML endpoint of IAM federation", c.what, c.url)}
		case c.url == iamAudience:
			return Choice{IAM, fmt.Sprintf("%s %s is the IAM federation audience", c.what, c.url)}
		}
	}
	return Choice{SAML, "no AWS endpoint in the message or where it was sent: SAML 2.0 rules only (use --profile to choose)"}
}

type candidate struct{ what, url string }

// candidateURLs lists the URLs that say where a message was going, strongest
// first.
func candidateURLs(e *saml.Encoded, m *saml.Message) []candidate {
	var out []candidate
	sightings := e.Sightings
	if len(sightings) == 0 {
		sightings = []saml.Source{e.Source}
	}
	for _, s := range sightings {
		switch s.Where {
		case saml.InForm:
			out = append(out, candidate{"posted to", stripQuery(s.URL)})
		case saml.InHTML:
			if s.Target != "" {
				out = append(out, candidate{"auto-post form action", stripQuery(s.Target)})
			}
		}
	}
	if m == nil {
		return out
	}
	if d := m.Destination(); d != "" {
		out = append(out, candidate{"Destination", d})
	}
	if m.AuthnRequest != nil && m.AuthnRequest.AssertionConsumerServiceURL != "" {
		out = append(out, candidate{"AssertionConsumerServiceURL", m.AuthnRequest.AssertionConsumerServiceURL})
	}
	if m.AuthnRequest != nil && m.AuthnRequest.Issuer != nil {
		out = append(out, candidate{"AuthnRequest Issuer", m.AuthnRequest.Issuer.Value})
	}
	for _, a := range m.Assertions() {
		if a.Subject != nil {
			for _, sc := range a.Subject.Confirmations {
				if sc.Data != nil && sc.Data.Recipient != "" {
					out = append(out, candidate{"Recipient", sc.Data.Recipient})
				}
			}
		}
		if a.Conditions != nil {
			for _, ar := range a.Conditions.AudienceRestrictions {
				for _, aud := range ar.Audiences {
					out = append(out, candidate{"Audience", aud})
				}
			}
		}
	}
	return out
}

func stripQuery(u string) string {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		return u[:i]
	}
	return u
}

// relayStateURL returns the RelayState as a URL, URL-decoding it once if it
// was sent encoded.
func relayStateURL(rs string) string {
	if strings.HasPrefix(rs, "https%3A") || strings.HasPrefix(rs, "https%3a") {
		if d, err := url.QueryUnescape(rs); err == nil {
			return d
		}
	}
	return rs
}

// chooseProfile is profileFromMessage refined by the run's other inputs, as
// a Checker uses it for each message it decodes (the result is
// Decoded.Choice and MessageSummary.Profile). The kind of the --users list is evidence where the
// message's own is weaker: a message bound for the AWS sign-in endpoint of
// IAM federation, checked with an Amazon Connect users list, is an Amazon
// Connect login (Connect federates through IAM and only its RelayState,
// often absent from a pasted Response, says so); a message that names no
// AWS endpoint, checked with an Identity Store list, is an IAM Identity
// Center login, and with a Connect list and a Role attribute a Connect one.
// A RelayState or an Identity Center URL in the message wins over the
// list. The name of the role in the Role attribute is never evidence: AWS
// documents no naming for Connect's federation role, so a role named
// "ConnectFederation" only earns a hint in the reason.
func chooseProfile(cfg *Config, e *saml.Encoded, m *saml.Message) Choice {
	c := profileFromMessage(cfg.Profile, e, m)
	if cfg.Profile != "" && cfg.Profile != Auto {
		return c
	}
	u := cfg.Users
	kind := users.Unknown
	if u != nil {
		kind = u.Kind
	}
	roles, hasRole := roleNames(m)
	switch {
	case c.Profile == IAM && kind == users.Connect:
		return Choice{Connect, c.Reason + humanf(", and the --users list %s is %s", u.Source, kind.Describe())}
	case c.Profile == SAML && kind == users.IdentityStore:
		return Choice{IdentityCenter, humanf("no AWS endpoint in the message, but the --users list %s is %s", u.Source, kind.Describe())}
	case c.Profile == SAML && kind == users.Connect && hasRole:
		return Choice{Connect, humanf("no AWS endpoint in the message, but it has a Role attribute and the --users list %s is %s", u.Source, kind.Describe())}
	case c.Profile == IAM:
		for _, r := range roles {
			if strings.Contains(strings.ToLower(r), "connect") {
				return Choice{IAM, c.Reason + humanf("; the role %q mentions Connect, but AWS documents no name for Connect's federation role, so that is no evidence: pass --profile connect (or --users with aws connect list-users) if this is an Amazon Connect login", r)}
			}
		}
	}
	return c
}

// roleNames returns the names of the roles in the message's Role attribute
// values; ok says whether it has a Role attribute at all.
func roleNames(m *saml.Message) (names []string, ok bool) {
	if m == nil {
		return nil, false
	}
	for _, a := range (&Pass{Message: m}).Assertions() {
		vals, el := iamValues(a, iamRoleAttr)
		if el == nil {
			continue
		}
		ok = true
		for _, v := range vals {
			for _, part := range strings.Split(v.Text, ",") {
				if arn, _ := parseIAMARN(strings.TrimSpace(part)); arn.kind == "role" {
					names = append(names, arn.name)
				}
			}
		}
	}
	return names, ok
}
