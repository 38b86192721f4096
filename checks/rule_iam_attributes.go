package checks

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

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
		iamAssertionsRef("Role SAML attribute"),
		iamTroubleshootRef("Error: Your request included an invalid SAML response"),
		iamTroubleshootRef("Error: Not authorized to perform sts:AssumeRoleWithSAML"),
	},
	Run: func(p *Pass) {
		for _, a := range p.Assertions() {
			vals, el := iamValues(a, iamRoleAttr)
			if el == nil {
				msg := sprintf("assertion %s has no attribute named %q", a.ID, iamRoleAttr)
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
	ok := true
	if role.kind != "role" {
		ok = false
		iamReport(p, Error, el, "Role value %q: %q is not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>)%s", text, role.raw, orProblem(roleErr))
	} else if roleErr != "" {
		ok = false
		iamReport(p, Error, el, "Role value %q: role ARN %q %s", text, role.raw, roleErr)
	}
	if provider.kind != "saml-provider" {
		ok = false
		iamReport(p, Error, el, "Role value %q: %q is not an IAM SAML provider ARN (arn:aws:iam::<12-digit account>:saml-provider/<name>)%s", text, provider.raw, orProblem(provErr))
	} else if provErr != "" {
		ok = false
		iamReport(p, Error, el, "Role value %q: SAML provider ARN %q %s", text, provider.raw, provErr)
	}
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

// orProblem formats an ARN problem as a suffix: "; it <problem>".
func orProblem(problem string) string {
	if problem == "" {
		return ""
	}
	return "; it " + problem
}

// iamSingleValue returns the single value of the attribute named name in a,
// reporting (with severity Error) an attribute with several values or none.
// It returns ok false when the attribute is absent or unusable.
func iamSingleValue(p *Pass, a *saml.Assertion, name string) (saml.AttributeValue, *etree.Element, bool) {
	vals, el := iamValues(a, name)
	switch {
	case el == nil:
		return saml.AttributeValue{}, nil, false
	case len(vals) == 0:
		iamReport(p, Error, el, "attribute %q has no AttributeValue; expected exactly one", name)
		return saml.AttributeValue{}, el, false
	case len(vals) > 1:
		var texts []string
		for _, v := range vals {
			texts = append(texts, sprintf("%q", v.Text))
		}
		iamReport(p, Error, el, "attribute %q has %d values (%s); expected exactly one", name, len(vals), strings.Join(texts, ", "))
		return saml.AttributeValue{}, el, false
	case vals[0].HasElements:
		iamReport(p, Error, vals[0].Element, "attribute %q holds XML (%s); expected text", name, clip(vals[0].Inner, 80))
		return saml.AttributeValue{}, el, false
	}
	return vals[0], el, true
}

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
		iamAssertionsRef("RoleSessionName SAML attribute"),
		iamTroubleshootRef("Error: RoleSessionName is required in AuthnResponse"),
	},
	Run: func(p *Pass) {
		for _, a := range p.Assertions() {
			if len(iamAttrs(a, iamRoleSessionAttr)) == 0 {
				msg := sprintf("assertion %s has no attribute named %q", a.ID, iamRoleSessionAttr)
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
		iamAssertionsRef("SourceIdentity SAML attribute"),
		stsAssumeSAMLRef("Response Elements: SourceIdentity (2–64 characters, [\\w+=,.@-]*)"),
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

// Session duration bounds (seconds) of the SessionDuration attribute.
const (
	minSessionDuration = 900
	maxSessionDuration = 43200
)

var iamSessionDurationRule = &Rule{
	ID:       "iam/session-duration",
	Title:    "SessionDuration is not an integer from 900 to 43200",
	Severity: Error,
	Profiles: iamProfiles,
	Doc: "The optional attribute https://aws.amazon.com/SAML/Attributes/SessionDuration sets the console session " +
		"length in seconds. It must be a single integer from 900 (15 minutes) to 43200 (12 hours), and no longer than " +
		"the role's maximum session duration; AWS rejects the sign-in otherwise.",
	Fix: "Send SessionDuration as a plain number of seconds between 900 and 43200 (for example 3600), not an ISO 8601 " +
		"duration or a number with a unit, and at most the role's maximum session duration; or leave it out for the " +
		"one-hour default.",
	Refs: []Ref{
		iamAssertionsRef("SessionDuration SAML attribute"),
		stsAssumeSAMLRef("Request Parameters: DurationSeconds (900 to the role's maximum session duration, up to 43200)"),
	},
	Run: func(p *Pass) {
		for _, a := range p.Assertions() {
			v, _, ok := iamSingleValue(p, a, iamDurationAttr)
			if !ok {
				continue
			}
			if problem := durationProblem(v.Text); problem != "" {
				iamReport(p, Error, v.Element, "SessionDuration %q %s", v.Text, problem)
			}
		}
	},
}

// durationProblem says what is wrong with a SessionDuration value, or "".
func durationProblem(text string) string {
	if strings.TrimSpace(text) != text {
		return "has white space around the number; expected digits only, 900–43200"
	}
	n, err := strconv.ParseInt(text, 10, 64)
	if err != nil {
		switch {
		case text == "":
			return "is empty; expected a number of seconds, 900–43200"
		case strings.HasPrefix(strings.ToUpper(text), "PT"):
			return "is an ISO 8601 duration; expected a number of seconds, 900–43200"
		case isUnit(strings.TrimLeft(text, "0123456789")) && text[0] >= '0' && text[0] <= '9':
			return "is a number with a unit; expected a number of seconds, 900–43200"
		}
		return "is not an integer; expected a number of seconds, 900–43200"
	}
	switch {
	case n < minSessionDuration:
		return fmt.Sprintf("is below the minimum of %d seconds (15 minutes) by %d", minSessionDuration, minSessionDuration-n)
	case n > maxSessionDuration:
		return fmt.Sprintf("is above the maximum of %d seconds (12 hours) by %d", maxSessionDuration, n-maxSessionDuration)
	}
	return ""
}

// isUnit reports whether s is a unit after a number: letters only, possibly
// after one space ("3600s", "60 min").
func isUnit(s string) bool {
	s = strings.TrimPrefix(s, " ")
	if s == "" {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// Session tag limits (id_session-tags.html).
const (
	maxSessionTags     = 50
	maxSessionTagKey   = 128
	maxSessionTagValue = 256
)

var iamSessionTagsRule = &Rule{
	ID:       "iam/session-tags",
	Title:    "PrincipalTag session tags break the session-tag limits",
	Severity: Error,
	Cases: []Case{
		{Severity: Warning, When: "TransitiveTagKeys names a tag not sent, or two tag keys differ only by case"},
	},
	Profiles: iamProfiles,
	Doc: "Attributes named https://aws.amazon.com/SAML/Attributes/PrincipalTag:<key> become session tags. AWS " +
		"accepts at most 50 of them, keys of at most 128 characters not beginning with aws:, and one value of at " +
		"most 256 characters per tag; a tag over a limit fails the sign-in. Tag keys are case-insensitive, so two " +
		"keys differing only by case collide, and TransitiveTagKeys should name tags that are actually sent.",
	Fix: "Send at most 50 PrincipalTag attributes, each with one value (join multiple values into one string), keys " +
		"up to 128 characters without the aws: prefix and values up to 256 characters; make TransitiveTagKeys list only " +
		"keys sent as PrincipalTag attributes.",
	Refs: []Ref{
		iamSessionTagsRef("Session tagging overview (limits: 50 tags, keys 128 and values 256 characters, aws: prefix reserved)"),
		iamSessionTagsRef("Passing session tags using AssumeRoleWithSAML"),
		iamAssertionsRef("PrincipalTag SAML attribute; TransitiveTagKeys SAML attribute"),
	},
	Run: func(p *Pass) {
		for _, a := range p.Assertions() {
			checkSessionTags(p, a)
		}
	},
}

// checkSessionTags reports what breaks the session-tag limits in a.
func checkSessionTags(p *Pass, a *saml.Assertion) {
	keys := map[string]string{} // lower-case key → key as first sent
	var order []string
	for _, at := range a.Attributes {
		key, ok := strings.CutPrefix(at.Name, iamPrincipalTagAttr)
		if !ok {
			continue
		}
		el := at.Element
		lower := strings.ToLower(key)
		if prev, seen := keys[lower]; seen {
			if prev == key {
				iamReport(p, Error, el, "session tag %q is sent by two PrincipalTag attributes; a tag has one value", key)
			} else {
				iamReport(p, Warning, el, "session tag keys %q and %q differ only by case; tag keys are case-insensitive, so they collide", prev, key)
			}
		} else {
			keys[lower] = key
			order = append(order, key)
		}
		switch n := utf8.RuneCountInString(key); {
		case n == 0:
			iamReport(p, Error, el, "attribute %q has an empty tag key", at.Name)
		case n > maxSessionTagKey:
			iamReport(p, Error, el, "session tag key %q is %d characters, %d over the maximum of %d", clip(key, 40), n, n-maxSessionTagKey, maxSessionTagKey)
		}
		if strings.HasPrefix(lower, "aws:") {
			iamReport(p, Error, el, "session tag key %q begins with the reserved prefix aws:", key)
		}
		switch len(at.Values) {
		case 0:
			iamReport(p, Error, el, "session tag %q has no AttributeValue; expected exactly one", key)
		case 1:
		default:
			iamReport(p, Error, el, "session tag %q has %d values; a session tag has exactly one (join the values into one string)", key, len(at.Values))
		}
		for _, v := range at.Values {
			if v.HasElements {
				iamReport(p, Error, v.Element, "session tag %q has a value holding XML; expected text", key)
			} else if n := utf8.RuneCountInString(v.Text); n > maxSessionTagValue {
				iamReport(p, Error, v.Element, "session tag %q has a value of %d characters, %d over the maximum of %d", key, n, n-maxSessionTagValue, maxSessionTagValue)
			}
		}
	}
	if n := len(order); n > maxSessionTags {
		iamReport(p, Error, a.Element, "assertion %s passes %d session tags (PrincipalTag attributes), %d over the maximum of %d", a.ID, n, n-maxSessionTags, maxSessionTags)
	}
	vals, _ := iamValues(a, iamTransitiveTagAttr)
	for _, v := range vals {
		k := strings.TrimSpace(v.Text)
		if _, ok := keys[strings.ToLower(k)]; !ok {
			iamReport(p, Warning, v.Element, "TransitiveTagKeys names %q, but no PrincipalTag:%s attribute is sent (tags sent: %s)", k, k, quotedKeys(order))
		}
	}
}

// quotedKeys lists keys quoted, or says "none".
func quotedKeys(keys []string) string {
	if len(keys) == 0 {
		return "none"
	}
	q := make([]string, len(keys))
	for i, k := range keys {
		q[i] = sprintf("%q", k)
	}
	return strings.Join(q, ", ")
}
