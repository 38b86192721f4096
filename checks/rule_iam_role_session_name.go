package checks

var iamRoleSessionNameRule = &Rule{
	ID:       "iam/role-session-name",
	Title:    "RoleSessionName is missing, multi-valued, or not 2–64 characters of [A-Za-z0-9_+=,.@-]",
	Severity: Error,
	Profiles: iamProfiles,
	Doc: "AWS requires the attribute https://aws.amazon.com/SAML/Attributes/RoleSessionName with exactly one value: " +
		"2 to 64 characters of upper- and lower-case letters, digits and _+=,.@- (no spaces). It becomes the session " +
		"name in the role's ARN and in CloudTrail. Without it the sign-in fails with \"RoleSessionName is required in " +
		"AuthnResponse\"; with an invalid value AssumeRoleWithSAML rejects the assertion.",
	Fix: "Map RoleSessionName to a single-valued identifier without spaces: the user's e-mail address or user " +
		"principal name (user@domain), or an account name without its DOMAIN\\ prefix; not the display name.",
	Refs: []Ref{
		iamAssertions.at("RoleSessionName SAML attribute"),
		iamTroubleshoot.at("Error: RoleSessionName is required in AuthnResponse"),
	},
	Run: func(p *Pass) {
		for _, a := range p.Assertions() {
			if len(iamAttrs(a, iamRoleSessionAttr)) == 0 {
				msg := humanf("assertion %s has no attribute named %q", a.ID, iamRoleSessionAttr)
				if near := iamNearName(a, iamRoleSessionAttr); near != "" {
					msg += "; " + near
				}
				iamReport(p, Error, a.Element, "%s", msg)
				continue
			}
			v, _, ok := iamSingleValue(p, a, iamRoleSessionAttr)
			if !ok {
				continue
			}
			if problem := iamNameProblem(v.Text); problem != "" {
				iamReport(p, Error, v.Element, "RoleSessionName %q %s; expected 2–64 characters of [A-Za-z0-9_+=,.@-] such as alice@example.com", v.Text, problem)
			}
		}
	},
}
