package checks

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
				got = humanf("%q", auds[0])
				if len(auds) > 1 {
					got += humanf(" and %d more", len(auds)-1)
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
