package checks

import "strings"

var iamSourceIdentityRule = &Rule{
	ID:       "iam/source-identity",
	Title:    "SourceIdentity is not 2–64 characters of [A-Za-z0-9_+=,.@-], or begins with aws:",
	Severity: Error,
	Profiles: iamProfiles,
	Doc: "The optional attribute https://aws.amazon.com/SAML/Attributes/SourceIdentity sets the session's source " +
		"identity. It must have one value of 2 to 64 characters of letters, digits and _+=,.@-, and must not begin " +
		"with the reserved prefix aws:; otherwise AssumeRoleWithSAML rejects the assertion and the sign-in fails.",
	Fix: "Map SourceIdentity to a single-valued identifier without spaces (user name or e-mail address), or stop " +
		"sending the attribute.",
	Refs: []Ref{
		iamAssertions.at("SourceIdentity SAML attribute"),
		stsAssumeSAML.at("Response Elements: SourceIdentity (2–64 characters, [\\w+=,.@-]*)"),
	},
	Run: func(p *Pass) {
		for _, a := range p.Assertions() {
			v, _, ok := iamSingleValue(p, a, iamSourceIDAttr)
			if !ok {
				continue
			}
			if strings.HasPrefix(strings.ToLower(v.Text), "aws:") {
				iamReport(p, Error, v.Element, "SourceIdentity %q begins with the reserved prefix aws:", v.Text)
				continue
			}
			if problem := iamNameProblem(v.Text); problem != "" {
				iamReport(p, Error, v.Element, "SourceIdentity %q %s; expected 2–64 characters of [A-Za-z0-9_+=,.@-]", v.Text, problem)
			}
		}
	},
}
