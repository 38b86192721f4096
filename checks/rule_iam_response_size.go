package checks

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"strings"

	"github.com/samlcheck/samlcheck/saml"
)

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
		stsAssumeSAML.at("Request Parameters: SAMLAssertion (length 4 to 100,000)"),
		iamQuotas.at("IAM and AWS STS character limits"),
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
	return humanf("the largest attribute is %q with %d values (%s characters of text)", best.Name, len(best.Values), thousands(bestSize))
}
