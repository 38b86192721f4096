package checks

import (
	"strings"

	"github.com/samlcheck/samlcheck/checks/scim"
)

// scimEndpointRule: the SCIM endpoint is https://scim.<region>.amazonaws.com/<tenant-id>/scim/v2
// (IdC user guide, provision-automatically).
var scimEndpointRule = &Rule{
	ID:       "scim/endpoint",
	Title:    "a SCIM request goes to a URL other than https://scim.<region>.amazonaws.com/<tenant-id>/scim/v2",
	Severity: Error,
	Profiles: []Profile{SCIM},
	Doc: "IAM Identity Center shows the SCIM endpoint when automatic provisioning is enabled: https://scim.<region>.amazonaws.com/<tenant-id>/scim/v2. " +
		"A base URL with a trailing slash makes connectors call …/scim/v2//Users; a missing tenant id or another host reaches no " +
		"directory and is answered 401 or 404, so no user is provisioned.",
	Fix: "Copy the SCIM endpoint from IAM Identity Center > Settings > Identity source > Automatic provisioning into the identity " +
		"provider exactly, without a trailing slash, with its access token.",
	Refs: []Ref{{Title: "IAM Identity Center User Guide: Automatic provisioning", URL: "https://docs.aws.amazon.com/singlesignon/latest/userguide/provision-automatically.html",
		Section: "How to enable automatic provisioning (SCIM endpoint)"}, scimRef("serviceproviderconfig", "ServiceProviderConfig", "Errors; Examples (the endpoint URL)")},
	RunCapture: runSCIM(checkSCIMEndpoint),
}

func checkSCIMEndpoint(_ *Config, c *scimCall) []Finding {
	ep := c.ep
	if ep == nil {
		return nil
	}
	var out []Finding
	switch {
	case !strings.HasPrefix(strings.ToLower(ep.URL), "https://"):
		out = append(out, c.finding("the SCIM base URL %s is not https", ep.Base))
	}
	if !scim.IsAWSHost(hostOnly(ep.Host)) {
		out = append(out, c.finding("host %s is not scim.<region>.amazonaws.com", ep.Host))
	}
	if ep.Tenant == "" {
		out = append(out, c.finding("the URL has no tenant id before /scim/v2"))
	} else if strings.Contains(ep.Tenant, "/") {
		out = append(out, c.finding("the path before /scim/v2 is %q, not a single tenant id", ep.Tenant))
	}
	if ep.DoubleSlash {
		out = append(out, c.finding("the path has // after /scim/v2: the SCIM base URL was configured with a trailing slash"))
	}
	return out
}

func hostOnly(h string) string {
	if i := strings.LastIndexByte(h, ':'); i >= 0 && !strings.Contains(h[i:], "]") {
		return h[:i]
	}
	return h
}
