package checks

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/samlcheck/samlcheck/saml"
)

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
		iamAssertionsRef("SubjectConfirmationData (Recipient is the AWS sign-in SAML endpoint)"),
		iamTroubleshootRef("Error: Your request included an invalid SAML response"),
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
		iamAssertionsRef("AudienceRestriction and Audience"),
		iamTroubleshootRef("Error: Response does not contain the required audience"),
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
					problems = append(problems, sprintf("%q %s", aud, problem))
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
		return sprintf("is the sign-in URL with the Entra ID application suffix %q left in", m)
	}
	if strings.HasPrefix(aud, "urn:") {
		return "is not " + iamAudience
	}
	return signinProblem(aud, false)
}

var iamNameIDRule = &Rule{
	ID:       "iam/nameid",
	Title:    "the assertion has no NameID",
	Severity: Error,
	Profiles: iamProfiles,
	Doc: "IAM federation requires a Subject NameID (any format; persistent is usual): it becomes the saml:sub " +
		"condition key and part of the federated identity. An assertion without one, or with only an EncryptedID, " +
		"fails with \"Not authorized to perform sts:AssumeRoleWithSAML\".",
	Fix: "Make the IdP application send a NameID in the Subject, for example a persistent identifier or the user's " +
		"e-mail address.",
	Refs: []Ref{
		iamAssertionsRef("Subject and NameID"),
		iamTroubleshootRef("Error: Not authorized to perform sts:AssumeRoleWithSAML"),
	},
	Run: func(p *Pass) {
		for _, a := range p.Assertions() {
			switch {
			case a.Subject == nil:
				iamReport(p, Error, a.Element, "assertion %s has no Subject, so no NameID", a.ID)
			case a.Subject.NameID == nil && a.Subject.EncryptedID:
				iamReport(p, Error, a.Subject.Element, "the Subject has an EncryptedID instead of a NameID; expected a plain NameID")
			case a.Subject.NameID == nil:
				iamReport(p, Error, a.Subject.Element, "the Subject of assertion %s has no NameID", a.ID)
			case strings.TrimSpace(a.Subject.NameID.Value) == "":
				iamReport(p, Error, a.Subject.NameID.Element, "the NameID is empty")
			}
		}
	},
}

// maxSAMLResponse is the largest Base64 SAMLResponse AWS accepts, in
// characters (AssumeRoleWithSAML SAMLAssertion length constraint).
const maxSAMLResponse = 100000

var iamResponseSizeRule = &Rule{
	ID:       "iam/response-size",
	Title:    "the Base64 SAMLResponse is over 100,000 characters",
	Severity: Error,
	Profiles: iamProfiles,
	Doc: "AWS accepts a SAML response of at most 100,000 characters in its Base64 form (the SAMLAssertion parameter " +
		"of AssumeRoleWithSAML and the SAMLResponse posted to the sign-in page). Larger responses, usually caused by " +
		"sending every group of the user as an attribute, are rejected.",
	Fix: "Send fewer or shorter attributes: drop group-membership claims AWS does not read, filter the Role values to " +
		"the roles the user may assume, and do not embed certificates more than once.",
	Refs: []Ref{
		stsAssumeSAMLRef("Request Parameters: SAMLAssertion (length 4 to 100,000)"),
		iamQuotasRef("IAM and AWS STS character limits"),
	},
	Run: func(p *Pass) {
		m := p.Message
		if m.Response == nil {
			return
		}
		n, encoded := samlResponseLength(p.Encoded, m)
		if n <= maxSAMLResponse {
			return
		}
		what := fmt.Sprintf("the SAMLResponse is %s characters of Base64", thousands(n))
		if !encoded {
			what = fmt.Sprintf("the Response would be %s characters once Base64-encoded for posting", thousands(n))
		}
		msg := fmt.Sprintf("%s, %s over the limit of %s", what, thousands(n-maxSAMLResponse), thousands(maxSAMLResponse))
		if big := largestAttribute(p.Assertions()); big != "" {
			msg += "; " + big
		}
		p.Report(Finding{Message: msg, Location: Location{XMLPath: saml.Path(m.Response.Element)}})
	},
}

// samlResponseLength returns the length of the Base64 form of the message:
// the value as found after URL-decoding, without line breaks (encoded true),
// or, for a value that was XML, the length its Base64 encoding would have.
func samlResponseLength(e *saml.Encoded, m *saml.Message) (int, bool) {
	for _, s := range m.Steps {
		if s.Name != saml.StepBase64 {
			continue
		}
		v := strings.TrimSpace(e.Value)
		for i := 0; i < 3 && strings.Contains(v, "%"); i++ {
			u, err := url.PathUnescape(v)
			if err != nil {
				break
			}
			v = u
		}
		return len(strings.Join(strings.Fields(v), "")), true
	}
	return base64.StdEncoding.EncodedLen(len(m.XML)), false
}

// largestAttribute describes the attribute with the most text, as a hint at
// what makes a response large ("" when no attribute is sizeable).
func largestAttribute(as []*saml.Assertion) string {
	var best saml.Attribute
	bestSize := 0
	for _, a := range as {
		for _, at := range a.Attributes {
			size := 0
			for _, v := range at.Values {
				size += len(v.Text) + len(v.Inner)
			}
			if size > bestSize {
				best, bestSize = at, size
			}
		}
	}
	if bestSize < 1000 {
		return ""
	}
	return sprintf("the largest attribute is %q with %d values (%s characters of text)", best.Name, len(best.Values), thousands(bestSize))
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

var iamEncryptedAssertionRule = &Rule{
	ID:       "iam/encrypted-assertion",
	Title:    "an EncryptedAssertion needs encryption enabled on the IAM SAML provider",
	Severity: Warning,
	Profiles: iamProfiles,
	Doc: "IAM decrypts an EncryptedAssertion only when the IAM SAML provider has a private key and its " +
		"AssertionEncryptionMode is Allowed or Required, and the Response is then posted to the provider's own " +
		"endpoint https://<region>.signin.aws.amazon.com/saml/acs/<IdP-ID>. With encryption off, or posted to the " +
		"global /saml endpoint, AWS cannot read the assertion and the sign-in fails. Without the SP's private key " +
		"(--sp-key) samlcheck cannot decrypt the assertion, so the iam/* attribute rules could not check it.",
	Fix: "Either turn assertion encryption off in the IdP application, or upload the encryption private key to the " +
		"IAM SAML provider, set its assertion encryption mode to Allowed or Required, and use the provider's " +
		"/saml/acs/<IdP-ID> URL (shown in the IAM console) as the IdP's ACS URL and Recipient.",
	Refs: []Ref{
		iamAssertionsRef("Encrypted SAML assertions (SubjectConfirmationData Recipient /saml/acs/<IdP-ID>)"),
		stsAssumeSAMLRef("Request Parameters: SAMLAssertion"),
	},
	Run: func(p *Pass) {
		m := p.Message
		var n int
		el := m.Doc.Root()
		dest := ""
		switch {
		case m.Response != nil:
			n, dest = len(m.Response.EncryptedAssertions), m.Response.Destination
		case m.EncryptedAssertion != nil:
			n = 1
		}
		if n == 0 {
			return
		}
		checked := "samlcheck could not check its content: give the SP's key with --sp-key"
		decrypted := 0
		for _, ea := range m.EncryptedAssertions() {
			if ea.Decryption.Decrypted() {
				decrypted++
			}
		}
		if decrypted == n {
			checked = "decrypted with --sp-key, its content was checked"
		}
		msg := fmt.Sprintf("the message carries %s; AWS decrypts it only if the IAM SAML provider's assertion encryption mode is Allowed or Required (%s)", count(n, "EncryptedAssertion"), checked)
		if dest != "" {
			if pu, err := url.Parse(dest); err != nil || !iamACSPathRE.MatchString(pu.EscapedPath()) {
				msg += sprintf("; Destination %q is not the provider's https://<region>.signin.aws.amazon.com/saml/acs/<IdP-ID> URL that encrypted assertions must be posted to", dest)
			}
		}
		p.Report(Finding{Message: msg, Location: Location{XMLPath: saml.Path(el)}})
	},
}
