package checks

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/beevik/etree"
	"github.com/samlcheck/samlcheck/saml"
)

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
			texts = append(texts, humanf("%q", v.Text))
		}
		iamReport(p, Error, el, "attribute %q has %d values (%s); expected exactly one", name, len(vals), strings.Join(texts, ", "))
		return saml.AttributeValue{}, el, false
	case vals[0].HasElements:
		iamReport(p, Error, vals[0].Element, "attribute %q holds XML (%s); expected text", name, clip(vals[0].Inner, 80))
		return saml.AttributeValue{}, el, false
	}
	return vals[0], el, true
}

// thousands formats n with comma separators: 100,000.
func thousands(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// Documented sources of the iam/*, connect/* and metadata rules; each
// rule's Refs name the sections it relies on.
const (
	iamAssertionsURL   = "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml_assertions.html"
	iamTroubleshootURL = "https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_saml.html"
	iamSessionTagsURL  = "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html"
	iamQuotasURL       = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html"
	stsAssumeSAMLURL   = "https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithSAML.html"
	connectSAMLURL     = "https://docs.aws.amazon.com/connect/latest/adminguide/configure-saml.html"
	connectTroubleURL  = "https://docs.aws.amazon.com/connect/latest/adminguide/troubleshoot-saml.html"
)

// The SAML attributes AWS IAM federation reads
// (id_roles_providers_create_saml_assertions.html).
const (
	awsSAMLAttr          = "https://aws.amazon.com/SAML/Attributes/"
	iamRoleAttr          = awsSAMLAttr + "Role"
	iamRoleSessionAttr   = awsSAMLAttr + "RoleSessionName"
	iamSourceIDAttr      = awsSAMLAttr + "SourceIdentity"
	iamDurationAttr      = awsSAMLAttr + "SessionDuration"
	iamPrincipalTagAttr  = awsSAMLAttr + "PrincipalTag:"
	iamTransitiveTagAttr = awsSAMLAttr + "TransitiveTagKeys"
)

// iamProfiles are the profiles the iam/* rules run under.
var iamProfiles = []Profile{IAM, Connect}

// iamReport records a finding at el (nil for the message) with severity sev.
func iamReport(p *Pass, sev Severity, el *etree.Element, format string, args ...any) {
	f := Finding{Severity: sev, Message: humanf(format, args...)}
	if el != nil {
		f.Location.XMLPath = saml.Path(el)
	}
	p.Report(f)
}

// iamAttrs returns a's attributes named exactly name.
func iamAttrs(a *saml.Assertion, name string) []saml.Attribute {
	var out []saml.Attribute
	for _, at := range a.Attributes {
		if at.Name == name {
			out = append(out, at)
		}
	}
	return out
}

// iamValues returns the values of a's attributes named exactly name, and
// the first such attribute's element (nil when there is none).
func iamValues(a *saml.Assertion, name string) ([]saml.AttributeValue, *etree.Element) {
	var vals []saml.AttributeValue
	var el *etree.Element
	for _, at := range iamAttrs(a, name) {
		if el == nil {
			el = at.Element
		}
		vals = append(vals, at.Values...)
	}
	return vals, el
}

// iamNearName describes an attribute of a whose name is almost name (it
// differs by case or white space, or only its FriendlyName or the last
// segment of its name matches), or returns "" when there is none.
func iamNearName(a *saml.Assertion, name string) string {
	short := strings.ToLower(name[strings.LastIndex(name, "/")+1:])
	for _, at := range a.Attributes {
		n, lower := at.Name, strings.ToLower(at.Name)
		switch {
		case n == name:
			continue
		case strings.TrimSpace(n) == name:
			return humanf("an attribute is named %q, with white space around the name", n)
		case strings.EqualFold(n, name):
			return humanf("an attribute is named %q, which differs only by case (attribute names are case-sensitive)", n)
		case lower == short || strings.HasSuffix(lower, "/"+short) || strings.HasSuffix(lower, ":"+short):
			return humanf("an attribute is named %q, not %q", n, name)
		case strings.EqualFold(strings.TrimSpace(at.FriendlyName), short):
			return humanf("an attribute has FriendlyName %q but Name %q; AWS reads the Name", at.FriendlyName, n)
		}
	}
	return ""
}

// iamNameChar reports whether r is in the character set of RoleSessionName
// and SourceIdentity, [\w+=,.@-] (id_roles_providers_create_saml_assertions,
// AssumeRoleWithSAML).
func iamNameChar(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_+=,.@-", r)
}

// iamNameProblem says what keeps v from being 2–64 characters of
// [\w+=,.@-], or returns "".
func iamNameProblem(v string) string {
	if v == "" {
		return "is empty"
	}
	var what []string
	downLevel := strings.Contains(v, `\`)
	spaces := strings.Contains(strings.TrimSpace(v), " ")
	switch {
	case downLevel:
		what = append(what, `is a down-level logon name (DOMAIN\user)`)
	case spaces:
		what = append(what, "contains spaces (a display name?)")
	case strings.TrimSpace(v) != v:
		what = append(what, "has white space around it")
	}
	var bad []string
	for _, r := range v {
		if iamNameChar(r) || r == '\\' && downLevel || r == ' ' {
			continue
		}
		if s := humanf("%q", string(r)); !slices.Contains(bad, s) {
			bad = append(bad, s)
		}
	}
	if len(bad) > 0 {
		what = append(what, "has characters outside [A-Za-z0-9_+=,.@-]: "+strings.Join(bad, ", "))
	}
	switch n := utf8.RuneCountInString(v); {
	case n < 2:
		what = append(what, fmt.Sprintf("is %d character long; the minimum is 2", n))
	case n > 64:
		what = append(what, fmt.Sprintf("is %d characters long, %d over the maximum of 64", n, n-64))
	}
	return strings.Join(what, "; ")
}

// arnRE splits an IAM ARN: arn:<partition>:iam:<region>:<account>:<resource>.
var arnRE = regexp.MustCompile(`^arn:([^:]*):([^:]*):([^:]*):([^:]*):(.*)$`)

// partitionRE matches the AWS partitions (aws, aws-cn, aws-us-gov, aws-iso, …).
var partitionRE = regexp.MustCompile(`^aws(-[a-z]+)*$`)

var accountRE = regexp.MustCompile(`^[0-9]{12}$`)

// iamARN is an IAM role or SAML provider ARN taken apart.
type iamARN struct {
	raw, partition, account string
	// kind is "role", "saml-provider" or another resource type.
	kind string
	// path is the resource after kind/; name its last segment.
	path, name string
}

// parseIAMARN takes an IAM ARN apart. It returns what is wrong with it
// when it is not an ARN of an IAM role or SAML provider ("" when fine).
func parseIAMARN(s string) (iamARN, string) {
	a := iamARN{raw: s}
	m := arnRE.FindStringSubmatch(s)
	if m == nil {
		if strings.HasPrefix(s, "arn:") {
			return a, "is not an ARN of the form arn:<partition>:iam::<12-digit account>:<resource>"
		}
		return a, "is not an ARN"
	}
	a.partition, a.account = m[1], m[4]
	a.kind, a.path, _ = strings.Cut(m[5], "/")
	a.name = a.path[strings.LastIndex(a.path, "/")+1:]
	var what []string
	if !partitionRE.MatchString(a.partition) {
		what = append(what, humanf("has partition %q (expected aws, aws-us-gov or aws-cn)", a.partition))
	}
	if m[2] != "iam" {
		what = append(what, humanf("names service %q instead of iam", m[2]))
	}
	if m[3] != "" {
		what = append(what, humanf("has region %q where IAM ARNs have none (arn:aws:iam::…)", m[3]))
	}
	if !accountRE.MatchString(a.account) {
		what = append(what, humanf("has account %q, not 12 digits", a.account))
	}
	if a.name == "" && (a.kind == "role" || a.kind == "saml-provider") {
		what = append(what, "has no name after "+a.kind+"/")
	}
	return a, strings.Join(what, "; ")
}

// firstForRule reports whether p's message is the first decoded message of
// its capture that the rule runs on. Rules that check an input of the whole
// run rather than the message (the IdP metadata) report there only, once per
// capture.
func firstForRule(p *Pass) bool {
	for _, r := range p.Messages {
		if r.Message != nil && p.Rule.RunsUnder(r.Choice.Profile) {
			return r == p.Decoded
		}
	}
	return p.Decoded == nil
}

// signinHostRE matches the AWS sign-in hosts: global or regional, in the
// aws, aws-us-gov and aws-cn partitions.
var signinHostRE = regexp.MustCompile(`^(([a-z]{2}(-gov)?-[a-z]+-\d)\.)?signin\.aws\.amazon\.com$|^(([a-z]{2}-gov-[a-z]+-\d)\.)?signin\.amazonaws-us-gov\.com$|^((cn-[a-z]+-\d)\.)?signin\.amazonaws\.cn$`)

// iamACSPathRE matches the per-provider endpoint used with encrypted
// assertions: /saml/acs/<IdP-ID>.
var iamACSPathRE = regexp.MustCompile(`^/saml/acs/[A-Za-z0-9_-]+$`)

// signinProblem says why u is not an AWS sign-in SAML endpoint, or returns
// "". The accepted paths are /saml, and when endpoint is set (a Recipient
// or Destination rather than an Audience) /static/saml and /saml/acs/<IdP-ID>.
func signinProblem(u string, endpoint bool) string {
	if idcACS.MatchString(u) {
		return "is an IAM Identity Center ACS URL: the IdP application is set up for Identity Center, not for IAM federation"
	}
	pu, err := url.Parse(strings.TrimSpace(u))
	if err != nil || pu.Host == "" {
		return "is not an absolute URL"
	}
	var what []string
	if strings.TrimSpace(u) != u {
		what = append(what, "has white space around it")
	}
	if pu.Scheme != "https" {
		what = append(what, humanf("uses scheme %q instead of https", pu.Scheme))
	}
	host := strings.ToLower(pu.Host)
	if !signinHostRE.MatchString(host) {
		what = append(what, humanf("has host %q, not an AWS sign-in host (signin.aws.amazon.com, <region>.signin.aws.amazon.com, signin.amazonaws-us-gov.com, signin.amazonaws.cn)", pu.Host))
	} else if host != pu.Host {
		what = append(what, humanf("spells the host %q with capitals", pu.Host))
	}
	path := pu.EscapedPath()
	switch {
	case path == "/saml":
	case endpoint && (path == "/static/saml" || iamACSPathRE.MatchString(path)):
	case path == "/saml/" || endpoint && (path == "/static/saml/" || iamACSPathRE.MatchString(strings.TrimSuffix(path, "/"))):
		what = append(what, "has a trailing slash")
	case strings.EqualFold(path, "/saml") || endpoint && strings.EqualFold(path, "/static/saml"):
		what = append(what, humanf("has path %q: paths are case-sensitive", path))
	case !endpoint && (path == "/static/saml" || iamACSPathRE.MatchString(path)):
		what = append(what, humanf("has path %q, which is a sign-in endpoint, not the audience (https://signin.aws.amazon.com/saml)", path))
	default:
		if endpoint {
			what = append(what, humanf("has path %q, not /saml, /static/saml or /saml/acs/<IdP-ID>", path))
		} else {
			what = append(what, humanf("has path %q, not /saml", path))
		}
	}
	if pu.RawQuery != "" || pu.ForceQuery {
		what = append(what, "has a query string")
	}
	if pu.Fragment != "" {
		what = append(what, humanf("has a fragment %q", "#"+pu.Fragment))
	}
	return strings.Join(what, "; ")
}
