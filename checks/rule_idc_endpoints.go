package checks

import (
	"github.com/beevik/etree"
	"slices"
)

var idcSAMLRefs = []Ref{
	{Title: "IAM Identity Center User Guide: Other identity providers", URL: idcOtherIdPsURL, Section: "Configure the IdP with the IAM Identity Center ACS URL and issuer URL from the IAM Identity Center SAML metadata"},
	idcUnexpectedError,
}

var idcACSURLRule = &Rule{
	ID:        "idc/acs-url",
	Title:     "Destination or Recipient is not the Identity Center ACS URL",
	Severity:  Error,
	Profiles:  []Profile{IdentityCenter},
	Uses:      []Given{GivenACS, GivenSPMetadata},
	SameCause: []string{"saml/destination", "saml/recipient"},
	Doc: "IAM Identity Center accepts a Response only at its own assertion consumer service URL, " +
		"https://<region>.signin.aws.amazon.com/platform/saml/acs/<id> (older instances: " +
		"https://portal.sso.<region>.amazonaws.com/saml/assertion/<id>), and compares it exactly: another region, " +
		"another instance's id or a trailing slash is another URL.",
	Fix: "Copy the \"IAM Identity Center Assertion Consumer Service (ACS) URL\" from the Identity Center console " +
		"(Settings → Identity source → Manage authentication) or its SAML metadata into the IdP application's ACS / " +
		"Reply / Single sign-on URL and Recipient, exactly.",
	Refs: idcSAMLRefs,
	Run: func(p *Pass) {
		r := p.Message.Response
		if r == nil {
			return
		}
		want, from := expectedACS(p)
		seen := map[string]bool{}
		check := func(el *etree.Element, what, u string) {
			if u == "" || seen[u] {
				return
			}
			seen[u] = true
			switch {
			case want != nil && !slices.Contains(want, u):
				p.reportCause(acsCause(u), el, "%s %q is not exactly the Identity Center ACS URL %q (from %s)%s", what, u, want[0], from, issuerDifference(u, want[0]))
			case want == nil && !idcACS.MatchString(u):
				p.reportCause(acsCause(u), el, "%s %q is not an IAM Identity Center ACS URL (https://<region>.signin.aws.amazon.com/platform/saml/acs/<id>)", what, u)
			}
		}
		check(r.Element, "Destination", r.Destination)
		for _, a := range p.Message.Assertions() {
			for _, sc := range bearerConfirmations(a) {
				if sc.Data != nil {
					check(sc.Data.Element, "Recipient", sc.Data.Recipient)
				}
			}
		}
	},
}

var idcAudienceRule = &Rule{
	ID:       "idc/audience",
	Title:    "Audience is not the Identity Center issuer URL",
	Severity: Error,
	Profiles: []Profile{IdentityCenter},
	Uses:     []Given{GivenAudience, GivenSPMetadata},
	Doc: "IAM Identity Center accepts an assertion only if an Audience is its own issuer URL " +
		"(https://<region>.signin.aws.amazon.com/platform/saml/d-<directory id>), compared exactly. The IAM " +
		"federation audiences (https://signin.aws.amazon.com/saml, urn:amazon:webservices) or another instance's " +
		"issuer URL are rejected.",
	Fix: "Copy the \"IAM Identity Center issuer URL\" from the Identity Center console (Settings → Identity source " +
		"→ Manage authentication) or its SAML metadata (entityID) into the IdP application's Audience / SP Entity ID.",
	Refs: idcSAMLRefs,
	Run: func(p *Pass) {
		want, from := expectedAudience(p)
		for _, a := range p.Assertions() {
			if a.Conditions == nil || len(a.Conditions.AudienceRestrictions) == 0 {
				continue // saml/audience reports a missing restriction
			}
			var auds []string
			for _, ar := range a.Conditions.AudienceRestrictions {
				auds = append(auds, ar.Audiences...)
			}
			ok := false
			for _, aud := range auds {
				if (want != "" && aud == want) || (want == "" && idcAudience.MatchString(aud)) {
					ok = true
				}
			}
			if ok {
				continue
			}
			got := "none"
			if len(auds) > 0 {
				got = sprintf("%q", auds[0])
				if len(auds) > 1 {
					got += sprintf(" and %d more", len(auds)-1)
				}
			}
			if want != "" {
				p.Reportf(a.Conditions.Element, "no Audience is exactly the Identity Center issuer URL %q (from %s); found %s%s", want, from, got, issuerDifference(auds[0], want))
			} else {
				p.Reportf(a.Conditions.Element, "no Audience is an IAM Identity Center issuer URL (https://<region>.signin.aws.amazon.com/platform/saml/d-…); found %s", got)
			}
		}
	},
}
