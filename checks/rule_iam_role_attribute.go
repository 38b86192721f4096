package checks

import (
	"strings"

	"github.com/beevik/etree"
	"github.com/samlcheck/samlcheck/saml"
)

// reservedSSORolePrefix starts the names of the roles IAM Identity Center
// creates for permission sets; they trust only Identity Center's own SAML
// provider.
const reservedSSORolePrefix = "AWSReservedSSO_"

var iamRoleAttributeRule = &Rule{
	ID:       "iam/role-attribute",
	Title:    "the Role attribute is missing or not a pair of role and SAML provider ARNs",
	Severity: Error,
	Cases: []Case{
		{Severity: Warning, When: "the SAML provider ARN comes first, white space around the comma or the ARNs, or role and provider in different accounts or partitions"},
	},
	Profiles: iamProfiles,
	Doc: "AWS sign-in and AssumeRoleWithSAML read the roles a user may take from the attribute named exactly " +
		"https://aws.amazon.com/SAML/Attributes/Role (case-sensitive). Each AttributeValue must be a comma-separated " +
		"pair of the ARN of an IAM role (arn:aws:iam::<account>:role/<name>) and the ARN of the IAM SAML provider " +
		"(arn:aws:iam::<account>:saml-provider/<name>) that the role's trust policy names. Without the attribute the " +
		"sign-in page says \"Your request included an invalid SAML response\"; with a role that does not exist or " +
		"does not trust the provider, \"Not authorized to perform sts:AssumeRoleWithSAML\". Roles named " +
		"AWSReservedSSO_* belong to IAM Identity Center permission sets and trust only Identity Center's own provider.",
	Fix: "In the IdP application, send an attribute named https://aws.amazon.com/SAML/Attributes/Role with one value " +
		"per role, each \"arn:aws:iam::<account>:role/<role>,arn:aws:iam::<account>:saml-provider/<provider>\" (role " +
		"first, no spaces, both in the same account; take both ARNs from the IAM console). To use an Identity Center " +
		"permission set, sign in through the AWS access portal instead of naming its AWSReservedSSO_ role.",
	Refs: []Ref{
		iamAssertions.at("Role SAML attribute"),
		iamTroubleshoot.at("Error: Your request included an invalid SAML response"),
		iamTroubleshoot.at("Error: Not authorized to perform sts:AssumeRoleWithSAML"),
	},
	Run: func(p *Pass) {
		for _, a := range p.Assertions() {
			vals, el := iamValues(a, iamRoleAttr)
			if el == nil {
				msg := humanf("assertion %s has no attribute named %q", a.ID, iamRoleAttr)
				if near := iamNearName(a, iamRoleAttr); near != "" {
					msg += "; " + near
				}
				iamReport(p, Error, a.Element, "%s", msg)
				continue
			}
			if len(vals) == 0 {
				iamReport(p, Error, el, "attribute %q has no AttributeValue; expected one \"<role ARN>,<SAML provider ARN>\" pair per role", iamRoleAttr)
			}
			for _, v := range vals {
				checkRolePair(p, v)
			}
		}
	},
}

// checkRolePair reports what is wrong with one Role attribute value.
func checkRolePair(p *Pass, v saml.AttributeValue) {
	el := v.Element
	if v.HasElements {
		iamReport(p, Error, el, "a Role value holds XML (%s); expected the text \"<role ARN>,<SAML provider ARN>\"", clip(v.Inner, 80))
		return
	}
	text := v.Text
	parts := strings.Split(text, ",")
	if n := len(parts); n > 2 && strings.TrimSpace(parts[n-1]) == "" {
		iamReport(p, Error, el, "Role value %q ends with a comma: AWS reads it as %d comma-separated parts; expected exactly \"<role ARN>,<SAML provider ARN>\"", text, n)
		return
	}
	for i, part := range parts {
		if len(parts) == 2 && strings.TrimSpace(part) == "" {
			what := "role ARN before"
			if i == 1 {
				what = "SAML provider ARN after"
			}
			iamReport(p, Error, el, "Role value %q has no %s the comma; expected \"<role ARN>,<SAML provider ARN>\"", text, what)
			return
		}
	}
	if len(parts) != 2 {
		switch {
		case strings.TrimSpace(text) == "":
			iamReport(p, Error, el, "a Role value is empty; expected \"<role ARN>,<SAML provider ARN>\"")
		case len(parts) == 1:
			iamReport(p, Error, el, "Role value %q has no comma: it must be a pair \"<role ARN>,<SAML provider ARN>\"", text)
		default:
			iamReport(p, Error, el, "Role value %q has %d comma-separated parts; expected exactly two, \"<role ARN>,<SAML provider ARN>\" (send one AttributeValue per role)", text, len(parts))
		}
		return
	}
	if strings.TrimSpace(parts[0]) != parts[0] || strings.TrimSpace(parts[1]) != parts[1] {
		iamReport(p, Warning, el, "Role value %q has white space around the comma or the ARNs; expected \"<role ARN>,<SAML provider ARN>\" without spaces", text)
	}
	first, ferr := parseIAMARN(strings.TrimSpace(parts[0]))
	second, serr := parseIAMARN(strings.TrimSpace(parts[1]))
	var role, provider iamARN
	var roleErr, provErr string
	switch {
	case first.kind == "saml-provider" && second.kind == "role":
		iamReport(p, Warning, el, "Role value %q names the SAML provider first; the documented order is \"<role ARN>,<SAML provider ARN>\"", text)
		role, roleErr, provider, provErr = second, serr, first, ferr
	default:
		role, roleErr, provider, provErr = first, ferr, second, serr
	}
	roleOK := checkRolePart(p, el, text, role, roleErr, "role", "role")
	provOK := checkRolePart(p, el, text, provider, provErr, "saml-provider", "SAML provider")
	ok := roleOK && provOK
	if role.kind == "role" && strings.HasPrefix(role.name, reservedSSORolePrefix) {
		iamReport(p, Error, el, "Role value %q names role %q, an IAM Identity Center permission-set role (AWSReservedSSO_*), which trusts only Identity Center's SAML provider; create an IAM role for this IdP instead", text, role.name)
	}
	if !ok {
		return
	}
	if role.partition != provider.partition {
		iamReport(p, Warning, el, "Role value %q: the role is in partition %q and the SAML provider in %q; a role can only trust a provider of its own partition", text, role.partition, provider.partition)
	}
	if role.account != provider.account {
		iamReport(p, Warning, el, "Role value %q: the role is in account %s and the SAML provider in account %s; a role's trust policy can only name a SAML provider of its own account", text, role.account, provider.account)
	}
}

// checkRolePart reports the part a of Role value text when it is not an
// IAM ARN of kind (named label in findings) or has a problem, and returns
// whether it is sound.
func checkRolePart(p *Pass, el *etree.Element, text string, a iamARN, problem, kind, label string) bool {
	switch {
	case a.kind != kind:
		iamReport(p, Error, el, "Role value %q: %q is not an IAM %s ARN (arn:aws:iam::<12-digit account>:%s/<name>)%s", text, a.raw, label, kind, orProblem(problem))
		return false
	case problem != "":
		iamReport(p, Error, el, "Role value %q: %s ARN %q %s", text, label, a.raw, problem)
		return false
	}
	return true
}

// orProblem formats an ARN problem as a suffix: "; it <problem>".
func orProblem(problem string) string {
	if problem == "" {
		return ""
	}
	return "; it " + problem
}
