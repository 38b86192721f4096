package scim

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// Endpoint is a SCIM request URL split into its parts.
type Endpoint struct {
	// URL is the URL as given.
	URL string
	// Host is the URL's host; Region the AWS region in it, if any.
	Host, Region string
	// Tenant is the path segment before /scim/v2 ("" when missing).
	Tenant string
	// Base is everything up to and including /scim/v2.
	Base string
	// Resource is the first path segment after /scim/v2: "Users",
	// "Groups", "Bulk", "Me", ".search", "ServiceProviderConfig" (as
	// written). Rest is what follows it, without the leading slash
	// ("" for a collection, the id otherwise, maybe with more).
	Resource, Rest string
	// DoubleSlash reports an empty path segment after /scim/v2 (a base
	// URL configured with a trailing slash: …/scim/v2//Users).
	DoubleSlash bool
	// Query is the parsed query.
	Query url.Values
}

var scimHost = regexp.MustCompile(`^scim\.([a-z]{2}(-gov)?-[a-z]+-\d)\.amazonaws\.com$`)

// IsAWSHost reports whether host is an IAM Identity Center SCIM host:
// scim.<region>.amazonaws.com.
func IsAWSHost(host string) bool { return scimHost.MatchString(strings.ToLower(host)) }

// ParseEndpoint splits a SCIM request URL. It fails when the path holds
// no /scim/v2 segment pair.
func ParseEndpoint(raw string) (*Endpoint, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("scim: %w", err)
	}
	e := &Endpoint{URL: raw, Host: u.Host, Query: u.Query()}
	if m := scimHost.FindStringSubmatch(strings.ToLower(u.Hostname())); m != nil {
		e.Region = m[1]
	}
	p := u.EscapedPath()
	i := strings.Index(strings.ToLower(p), "/scim/v2")
	if i < 0 {
		return nil, fmt.Errorf("scim: %s: no /scim/v2 in the path", raw)
	}
	e.Tenant = strings.Trim(p[:i], "/")
	e.Base = u.Scheme + "://" + u.Host + p[:i+len("/scim/v2")]
	rest := p[i+len("/scim/v2"):]
	if strings.HasPrefix(rest, "//") {
		e.DoubleSlash = true
	}
	rest = strings.TrimLeft(rest, "/")
	e.Resource, e.Rest, _ = strings.Cut(rest, "/")
	return e, nil
}

// IsSCIMURL reports whether raw is a URL with /scim/v2 in its path.
func IsSCIMURL(raw string) bool {
	_, err := ParseEndpoint(raw)
	return err == nil
}
