package checks

import (
	"testing"

	"github.com/samlcheck/samlcheck/har/capture"
	"github.com/samlcheck/samlcheck/saml"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCapturedSCIM: SCIM calls to AWS hosts are IAM Identity Center's;
// one to another service provider is judged only when the profile says
// so; scim/endpoint names a host without region and a missing tenant.
func TestCapturedSCIM(t *testing.T) {
	x := func(i int, url string) capture.Exchange {
		return capture.Exchange{Source: saml.Source{File: "f", Entry: i, Method: "GET", URL: url, Status: 200}}
	}
	c := &capture.Capture{File: "f", Exchanges: []capture.Exchange{
		x(0, "https://scim.us-east-1.amazonaws.com/t-1/scim/v2/Users"),
		x(1, "https://api.github.com/scim/v2/enterprises/acme/Users"),
		x(2, "https://scim.amazonaws.com/scim/v2/Users"),
	}}
	calls := capturedSCIM(&Config{}, c)
	require.Len(t, calls, 2, "the GitHub SCIM call is not Identity Center's")
	assert.Empty(t, checkSCIMEndpoint(nil, calls[0]))
	var msgs []string
	for _, f := range checkSCIMEndpoint(nil, calls[1]) {
		msgs = append(msgs, f.Message)
	}
	assert.Equal(t, []string{
		"entry 2 (GET https://scim.amazonaws.com/scim/v2/Users): host scim.amazonaws.com is not scim.<region>.amazonaws.com",
		"entry 2 (GET https://scim.amazonaws.com/scim/v2/Users): the URL has no tenant id before /scim/v2",
	}, msgs)
	assert.Len(t, capturedSCIM(&Config{Profile: SCIM}, c), 3, "an explicit profile judges every SCIM call")
}
