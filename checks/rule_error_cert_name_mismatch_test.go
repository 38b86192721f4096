package checks

import (
	"testing"

	"github.com/samlcheck/samlcheck/har/capture"
	"github.com/samlcheck/samlcheck/saml"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCertNameMismatchOncePerHost: the same host refused on several
// entries (the page, its favicon, a reload) is one finding naming the
// others; another host is another finding.
func TestCertNameMismatchOncePerHost(t *testing.T) {
	x := func(i int, url string) capture.Exchange {
		return capture.Exchange{Source: saml.Source{File: "f", Entry: i, Method: "GET", URL: url}, Error: "net::ERR_CERT_COMMON_NAME_INVALID"}
	}
	c := &capture.Capture{File: "f", Exchanges: []capture.Exchange{
		x(0, "https://app-1.us-east-1.elb.amazonaws.com/"), x(1, "https://app-1.us-east-1.elb.amazonaws.com/favicon.ico"),
		x(2, "https://app-1.us-east-1.elb.amazonaws.com/"), x(3, "https://other.example.com/"),
	}}
	p := &CapturePass{Rule: certNameMismatchRule, Config: &Config{}, Capture: c}
	certNameMismatchRule.RunCapture(p)
	require.Len(t, p.findings, 2)
	assert.Contains(t, p.findings[0].Message, "entry 0 (GET https://app-1.us-east-1.elb.amazonaws.com/) failed (also entries 1, 2): net::ERR_CERT_COMMON_NAME_INVALID")
	assert.Contains(t, p.findings[0].Message, "is the load balancer's DNS name")
	assert.Contains(t, p.findings[1].Message, "entry 3 (GET https://other.example.com/) failed: net::ERR_CERT_COMMON_NAME_INVALID: the certificate does not name the host")
	assert.NotContains(t, p.findings[1].Message, "load balancer")
}
