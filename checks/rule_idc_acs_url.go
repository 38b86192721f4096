package checks

import (
	"slices"

	"github.com/beevik/etree"
)

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
