package checks

var subjectConfirmationRule = &Rule{
	ID:       "saml/subject-confirmation",
	Title:    "no bearer SubjectConfirmation, or its data lacks NotOnOrAfter or has NotBefore",
	Severity: Error,
	Profiles: allProfiles,
	Doc: "The Web browser SSO profile requires at least one SubjectConfirmation with Method bearer whose " +
		"SubjectConfirmationData has a NotOnOrAfter and no NotBefore; without it the service provider cannot " +
		"accept the assertion as delivered by the browser.",
	Fix: "Configure the IdP to issue bearer subject confirmations (the default of every SAML 2.0 IdP for " +
		"browser SSO); check custom assertion templates.",
	Refs: []Ref{samlProfiles.at("§4.1.4.2 <Response> Usage"), samlCore.at("§2.4.1.1 Element <SubjectConfirmation>")},
	Run: func(p *Pass) {
		if p.Message.Response == nil {
			return
		}
		for _, a := range p.Assertions() {
			bearers := bearerConfirmations(a)
			if len(bearers) == 0 {
				el := a.Element
				if a.Subject != nil {
					el = a.Subject.Element
				}
				p.Reportf(el, "assertion %s has no SubjectConfirmation with Method %q", a.ID, methodBearer)
				continue
			}
			for _, sc := range bearers {
				if sc.Data == nil {
					p.Reportf(sc.Element, "the bearer SubjectConfirmation has no SubjectConfirmationData; expected one with Recipient and NotOnOrAfter")
					continue
				}
				if !sc.Data.NotOnOrAfter.IsSet() {
					p.Reportf(sc.Data.Element, "the bearer SubjectConfirmationData has no NotOnOrAfter; expected one")
				}
				if sc.Data.NotBefore.IsSet() {
					p.Reportf(sc.Data.Element, "the bearer SubjectConfirmationData has NotBefore %q; the profile forbids it", sc.Data.NotBefore.Raw)
				}
			}
		}
	},
}
