package checks

// iamBearerMethod is the bearer SubjectConfirmation method (saml-profiles §3.3).
const iamBearerMethod = "urn:oasis:names:tc:SAML:2.0:cm:bearer"

var iamRecipientRule = &Rule{
	ID:        "iam/recipient",
	Title:     "Recipient is not an AWS sign-in SAML endpoint",
	Severity:  Error,
	Profiles:  iamProfiles,
	SameCause: []string{"saml/recipient"},
	Doc: "For IAM federation the bearer SubjectConfirmationData Recipient must be the AWS sign-in SAML endpoint " +
		"the Response is posted to: https://signin.aws.amazon.com/saml (also /static/saml), a regional " +
		"https://<region>.signin.aws.amazon.com/saml, the GovCloud (signin.amazonaws-us-gov.com) or China " +
		"(signin.amazonaws.cn) equivalents, or, with encrypted assertions, the provider's " +
		"https://<region>.signin.aws.amazon.com/saml/acs/<IdP-ID>. Any other Recipient (another service provider's URL, " +
		"http, a trailing slash, a query string) makes AWS reject the assertion as an invalid SAML response.",
	Fix: "Set the IdP application's ACS (Reply / Single sign-on) URL and Recipient to https://signin.aws.amazon.com/saml, " +
		"or to the regional endpoint of the Region you sign in to (https://<region>.signin.aws.amazon.com/saml), exactly.",
	Refs: []Ref{
		iamAssertions.at("SubjectConfirmationData (Recipient is the AWS sign-in SAML endpoint)"),
		iamTroubleshoot.at("Error: Your request included an invalid SAML response"),
	},
	Run: func(p *Pass) {
		for _, a := range p.Assertions() {
			if a.Subject == nil {
				continue
			}
			for _, sc := range a.Subject.Confirmations {
				if sc.Method != iamBearerMethod || sc.Data == nil || sc.Data.Recipient == "" {
					continue // saml/subject-confirmation and saml/recipient report these
				}
				if problem := signinProblem(sc.Data.Recipient, true); problem != "" {
					p.reportCause(acsCause(sc.Data.Recipient), sc.Data.Element, "Recipient %q %s; expected https://signin.aws.amazon.com/saml or https://<region>.signin.aws.amazon.com/saml", sc.Data.Recipient, problem)
				}
			}
		}
	},
}
