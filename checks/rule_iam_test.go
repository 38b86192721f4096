package checks

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/samlcheck/samlcheck/saml"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSigninProblem(t *testing.T) {
	ok := []string{
		"https://signin.aws.amazon.com/saml",
		"https://eu-west-1.signin.aws.amazon.com/saml",
		"https://us-gov-west-1.signin.aws.amazon.com/saml",
		"https://signin.amazonaws-us-gov.com/saml",
		"https://signin.amazonaws.cn/saml",
		"https://cn-northwest-1.signin.amazonaws.cn/saml",
	}
	for _, u := range ok {
		assert.Empty(t, signinProblem(u, false), u)
		assert.Empty(t, signinProblem(u, true), u)
	}
	for _, u := range []string{"https://signin.aws.amazon.com/static/saml", "https://us-east-1.signin.aws.amazon.com/saml/acs/SAMLSP4SANOTEXAMPLE"} {
		assert.Empty(t, signinProblem(u, true), "%s is an endpoint", u)
		assert.Contains(t, signinProblem(u, false), "not the audience", "%s is not an audience", u)
	}
	bad := map[string]string{
		"https://signin.aws.amazon.com/saml/":          "trailing slash",
		"http://signin.aws.amazon.com/saml":            `scheme "http"`,
		"https://signin.aws.amazon.com/SAML":           "case-sensitive",
		"https://Signin.aws.amazon.com/saml":           "capitals",
		"https://signin.aws.amazon.com/saml?x=1":       "query string",
		"https://signin.aws.amazon.com/saml#1":         "fragment",
		"https://console.aws.amazon.com/saml":          "not an AWS sign-in host",
		"https://signin.aws.amazon.com/sso/saml":       `path "/sso/saml"`,
		" https://signin.aws.amazon.com/saml":          "white space",
		"signin.aws.amazon.com/saml":                   "not an absolute URL",
		idcACSExample:                                  "IAM Identity Center ACS URL",
		"https://signin.aws.amazon.com/static/saml/":   "trailing slash",
		"https://example.com/saml/acs/SAMLSP4SANOTEXA": "not an AWS sign-in host",
	}
	for u, want := range bad {
		assert.Contains(t, signinProblem(u, true), want, u)
	}
}

const idcACSExample = "https://us-east-1.signin.aws.amazon.com/platform/saml/acs/6a2e3f7c-1b4d-4c9e-9f7a-2d3b5c8e1a90"

func TestAudienceProblem(t *testing.T) {
	for _, a := range []string{"https://signin.aws.amazon.com/saml", "urn:amazon:webservices", "urn:amazon:webservices:govcloud", "urn:amazon:webservices:cn-north-1", "https://ap-south-1.signin.aws.amazon.com/saml"} {
		assert.Empty(t, audienceProblem(a), a)
	}
	assert.Contains(t, audienceProblem("https://signin.aws.amazon.com/saml#12"), `suffix "#12"`)
	assert.Contains(t, audienceProblem("URN:amazon:webservices"), "by case")
	assert.Contains(t, audienceProblem("urn:amazon:webservices "), "white space")
	assert.Contains(t, audienceProblem("urn:example:sp"), "is not urn:amazon:webservices")
	assert.Contains(t, audienceProblem("https://signin.aws.amazon.com/static/saml"), "not the audience")
}

func TestParseIAMARN(t *testing.T) {
	a, problem := parseIAMARN("arn:aws-us-gov:iam::123456789012:role/path/to/Admin")
	assert.Empty(t, problem)
	assert.Equal(t, iamARN{raw: "arn:aws-us-gov:iam::123456789012:role/path/to/Admin", partition: "aws-us-gov", account: "123456789012", kind: "role", path: "path/to/Admin", name: "Admin"}, a)

	tests := map[string]string{
		"Admin":                               "is not an ARN",
		"arn:aws:iam:123456789012:role/Admin": "is not an ARN of the form",
		"arn:aws:iam:us-east-1:123456789012:role/Admin": `region "us-east-1"`,
		"arn:aws:sts::123456789012:role/Admin":          `service "sts"`,
		"arn:amazon:iam::123456789012:role/Admin":       `partition "amazon"`,
		"arn:aws:iam::1234-5678-9012:role/Admin":        "not 12 digits",
		"arn:aws:iam::123456789012:role/":               "no name after role/",
	}
	for arn, want := range tests {
		_, problem := parseIAMARN(arn)
		assert.Contains(t, problem, want, arn)
	}
}

func TestIAMNameProblem(t *testing.T) {
	for _, ok := range []string{"ab", "alice@example.com", "A_b+c=d,e.f@g-h", strings.Repeat("x", 64)} {
		assert.Empty(t, iamNameProblem(ok), ok)
	}
	tests := map[string]string{
		"":                      "is empty",
		"a":                     "1 character long",
		strings.Repeat("x", 65): "65 characters long, 1 over",
		"Alice Example":         "contains spaces",
		`CORP\alice`:            "down-level",
		" alice":                "white space around it",
		"alice/ops":             `"/"`,
		"alicé":                 `"é"`,
	}
	for v, want := range tests {
		assert.Contains(t, iamNameProblem(v), want, v)
	}
	assert.NotContains(t, iamNameProblem(`CORP\alice`), "outside", "the backslash is explained once")
	assert.NotContains(t, iamNameProblem("Alice Example"), "outside", "the space is explained once")
}

func TestDurationProblem(t *testing.T) {
	for _, ok := range []string{"900", "3600", "43200"} {
		assert.Empty(t, durationProblem(ok), ok)
	}
	tests := map[string]string{
		"899":    "below the minimum of 900 seconds (15 minutes) by 1",
		"43201":  "above the maximum of 43200 seconds (12 hours) by 1",
		"PT12H":  "ISO 8601",
		"3600s":  "with a unit",
		"1h":     "with a unit",
		"60 min": "with a unit",
		"":       "empty",
		" 3600":  "white space",
		"3600.0": "not an integer",
		"abc":    "not an integer",
	}
	for v, want := range tests {
		assert.Contains(t, durationProblem(v), want, v)
	}
}

func TestConnectRelayStateProblems(t *testing.T) {
	const id = "0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d"
	for _, ok := range []string{
		"https://us-east-1.console.aws.amazon.com/connect/federate/" + id,
		"https://eu-central-1.console.aws.amazon.com/connect/federate/" + id + "?destination=%2Fconnect%2Fccp-v2",
		"https://console.amazonaws-us-gov.com/connect/federate/" + id,
		"https://us-gov-west-1.console.amazonaws-us-gov.com/connect/federate/" + id,
		"https%3A%2F%2Fus-east-1.console.aws.amazon.com%2Fconnect%2Ffederate%2F" + id,
	} {
		errs, warns := connectRelayStateProblems(ok)
		assert.Empty(t, errs, ok)
		assert.Empty(t, warns, ok)
	}
	tests := map[string]string{
		"http://us-east-1.console.aws.amazon.com/connect/federate/" + id:                   `scheme "http"`,
		"https://us-east-1.console.aws.amazon.com/connect/federate/" + strings.ToUpper(id): "upper case",
		"https://us-east-1.console.aws.amazon.com/connect/federate/my-instance":            `"my-instance" where the instance ID`,
		"https://us-east-1.console.aws.amazon.com/connect/" + id:                           "not /connect/federate/",
		"https://us-east-1.console.aws.amazon.com/connect/federate/" + id + "?foo=bar":     `query parameter "foo"`,
		"https://us-east-1.console.aws.amazon.com/connect/federate/" + id + "?destination": "empty destination",
		"https://us-east-1.console.aws.amazon.com/connect/federate/" + id + "#x":           "fragment",
		"https://example.awsapps.com/connect/federate/" + id:                               "access URL",
		"https://connect.example.com/connect/federate/" + id:                               `host "connect.example.com"`,
		"/connect/federate/" + id: "not an absolute URL",
	}
	for rs, want := range tests {
		errs, _ := connectRelayStateProblems(rs)
		assert.Contains(t, strings.Join(errs, "; "), want, rs)
	}
	_, warns := connectRelayStateProblems("https://us-east-1.console.aws.amazon.com/connect/federate/" + id + "?destination=/connect/ccp-v2")
	assert.Equal(t, []string{`has a destination that is not URL-encoded ("/connect/ccp-v2"); expected "%2Fconnect%2Fccp-v2"`}, warns)
}

func TestNameIDFormatTypo(t *testing.T) {
	tests := map[string]string{
		"urn:oasis:name:tc:SAML:1.1:nameid-format:emailAddress":  "typo of the emailAddress format URI (1 character off)",
		"urn:oasis:names:tc:SAML:1.1:nameid-format:emailaddress": "only by case",
		"urn:oasis:names:tc:SAML:2.0:nameid-format:emailAddress": "SAML:2.0",
		"urn:oasis:names:tc:SAML:1.1:nameid-format:email":        "misspelt emailAddress format URI",
		"emailAddress":           "misspelt emailAddress",
		"":                       "is empty",
		nameIDEmailFormat + " x": "typo",
	}
	for f, want := range tests {
		assert.Contains(t, nameIDFormatTypo(f), want, f)
	}
	for _, f := range []string{"urn:oasis:names:tc:SAML:2.0:nameid-format:persistent", "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified", strings.Repeat("email", 100)} {
		assert.Empty(t, nameIDFormatTypo(f), f)
	}
	assert.Equal(t, 3, editDistance("kitten", "sitting"))
	assert.Equal(t, 0, editDistance("", ""))
	assert.Equal(t, 4, editDistance("", "abcd"))
}

func TestThousands(t *testing.T) {
	assert.Equal(t, "0", thousands(0))
	assert.Equal(t, "999", thousands(999))
	assert.Equal(t, "100,000", thousands(100000))
	assert.Equal(t, "1,234,567", thousands(1234567))
	assert.Equal(t, "-1,000", thousands(-1000))
}

// TestMetadataRulesReportOnce checks that the metadata rules report on the
// first message of a capture they run on, and only there.
func TestMetadataRulesReportOnce(t *testing.T) {
	dir := filepath.Join("..", "testdata", "rules", "iam", "metadata", "fail")
	resp, err := os.ReadFile(filepath.Join(dir, "bom.xml"))
	require.NoError(t, err)
	mdData, err := os.ReadFile(filepath.Join(dir, "bom.idp-metadata.xml"))
	require.NoError(t, err)
	md, err := saml.ParseMetadata("bom.idp-metadata.xml", mdData)
	require.NoError(t, err)
	msg := func(v string) saml.Encoded {
		return saml.Encoded{Binding: saml.BindingNone, Value: v, Source: saml.Source{File: "x", Entry: -1, Where: saml.InFile}}
	}
	msgs := []saml.Encoded{msg("not a SAML message"), msg(string(resp)), msg(string(resp))}
	for _, profile := range []Profile{IAM, Connect} {
		rep, err := Run(context.Background(), &Config{Profile: profile, IdPMetadata: md, Rules: []*Rule{iamMetadataRule, idcMetadataRule}}, msgs)
		require.NoError(t, err)
		require.Len(t, rep.Findings, 1, "%s: %v", profile, rep.Findings)
		f := rep.Findings[0]
		assert.Equal(t, "iam/metadata", f.Rule)
		assert.Equal(t, 1, f.Location.MessageIndex, "the first message that decoded")
		assert.Contains(t, f.Message, "byte order mark")
	}
	rep, err := Run(context.Background(), &Config{Profile: IAM, Rules: []*Rule{iamMetadataRule}}, msgs)
	require.NoError(t, err)
	assert.Empty(t, rep.Findings, "no metadata given, nothing to check")
}

// TestCheckRolePair runs the Role value checks on values no fixture covers.
func TestCheckRolePair(t *testing.T) {
	const role, provider = "arn:aws:iam::123456789012:role/Admin", "arn:aws:iam::123456789012:saml-provider/IdP"
	tests := map[string]struct {
		sev  Severity
		want string
	}{
		role + "," + provider + ",":        {Error, "ends with a comma"},
		role + ",":                         {Error, "no SAML provider ARN after the comma"},
		"," + provider:                     {Error, "no role ARN before the comma"},
		role + "," + provider + "," + role: {Error, "3 comma-separated parts"},
		"":                                 {Error, "is empty"},
		"Admin,ExampleIdP":                 {Error, `"Admin" is not an IAM role ARN`},
		role + "," + role:                  {Error, "is not an IAM SAML provider ARN"},
		"arn:aws-cn:iam::123456789012:role/Admin," + provider: {Warning, `partition "aws-cn"`},
		" " + role + "," + provider:                           {Warning, "white space"},
	}
	for value, tt := range tests {
		p := &Pass{Rule: iamRoleAttributeRule, Config: &Config{}, Encoded: &saml.Encoded{}}
		checkRolePair(p, saml.AttributeValue{Text: value})
		require.NotEmpty(t, p.findings, value)
		var texts []string
		for _, f := range p.findings {
			texts = append(texts, f.Message)
		}
		assert.Contains(t, strings.Join(texts, "\n"), tt.want, value)
		assert.Equal(t, tt.sev, p.findings[0].Severity, value)
	}
	p := &Pass{Rule: iamRoleAttributeRule, Config: &Config{}, Encoded: &saml.Encoded{}}
	checkRolePair(p, saml.AttributeValue{Text: role + "," + provider})
	assert.Empty(t, p.findings)
}
