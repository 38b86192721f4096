package checks

import (
	"regexp"
	"strings"
)

// entraSuffixRE matches the "#N" Entra ID appends to the identifier of a
// second and later AWS gallery application in one tenant.
var entraSuffixRE = regexp.MustCompile(`#\d+$`)

var iamAudienceRule = &Rule{
	ID:       "iam/audience",
	Title:    "no Audience is the AWS sign-in audience",
	Severity: Error,
	Profiles: iamProfiles,
	Doc: "AWS accepts an assertion for IAM federation only if its AudienceRestriction names " +
		"https://signin.aws.amazon.com/saml (or the regional, GovCloud or China sign-in URL) or urn:amazon:webservices. " +
		"Anything else ends on \"Response does not contain the required audience\" / an invalid SAML response. Entra ID " +
		"appends #2, #3… to the identifier of a second AWS application in one tenant; the suffix must not reach the " +
		"assertion.",
	Fix: "Set the IdP application's Audience (Entity ID, Identifier) to https://signin.aws.amazon.com/saml or " +
		"urn:amazon:webservices. In Entra ID, keep the #N identifier only as an additional identifier and make the " +
		"application send https://signin.aws.amazon.com/saml as the audience (or give each application its own " +
		"supported value).",
	Refs: []Ref{
		iamAssertions.at("AudienceRestriction and Audience"),
		iamTroubleshoot.at("Error: Response does not contain the required audience"),
	},
	Run: func(p *Pass) {
		for _, a := range p.Assertions() {
			if a.Conditions == nil {
				continue // saml/audience reports a missing AudienceRestriction
			}
			for _, ar := range a.Conditions.AudienceRestrictions {
				var problems []string
				ok := false
				for _, aud := range ar.Audiences {
					problem := audienceProblem(aud)
					if problem == "" {
						ok = true
						break
					}
					problems = append(problems, humanf("%q %s", aud, problem))
				}
				if ok {
					continue
				}
				if len(problems) == 0 {
					problems = append(problems, "it names no Audience")
				}
				iamReport(p, Error, ar.Element, "no Audience is https://signin.aws.amazon.com/saml or %s: %s", iamAudience, strings.Join(problems, "; "))
			}
		}
	},
}

// The audiences of the aws-us-gov and aws-cn partitions besides their
// sign-in URLs.
const (
	iamAudienceGovCloud = "urn:amazon:webservices:govcloud"
	iamAudienceChina    = "urn:amazon:webservices:cn-north-1"
)

// audienceProblem says why aud is not an audience IAM federation accepts,
// or returns "".
func audienceProblem(aud string) string {
	switch aud {
	case iamAudience, iamAudienceGovCloud, iamAudienceChina:
		return ""
	}
	if strings.EqualFold(strings.TrimSpace(aud), iamAudience) {
		return "differs from " + iamAudience + " by case or white space"
	}
	if m := entraSuffixRE.FindString(aud); m != "" && signinProblem(strings.TrimSuffix(aud, m), false) == "" {
		return humanf("is the sign-in URL with the Entra ID application suffix %q left in", m)
	}
	if strings.HasPrefix(aud, "urn:") {
		return "is not " + iamAudience
	}
	return signinProblem(aud, false)
}
