package checks

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/samlcheck/samlcheck/har/capture"
)

// oidcIssuerRule: the JWT's iss must be exactly the trusted token issuer's
// URL. Identity Center compares the strings (trusted-token-issuer-
// configuration-settings: "be careful with trailing slashes as issuer
// must match"); Cognito's iss has no trailing slash (using-the-id-token).
var oidcIssuerRule = &Rule{
	ID:       "oidc/issuer",
	Title:    "the JWT's iss is not exactly the trusted token issuer URL",
	Severity: Error,
	Profiles: Profiles(),
	Doc: "IAM Identity Center accepts a token in CreateTokenWithIAM only when its iss claim is exactly the issuer URL of the trusted " +
		"token issuer the application's grant names; the comparison is on the text, so a trailing slash, http for https, a different case " +
		"or the /.well-known/openid-configuration suffix makes the exchange fail with InvalidGrantException. Identity Center does not " +
		"validate the URL when the trusted token issuer is created.",
	Fix: "Set the trusted token issuer's issuer URL (IAM Identity Center > Settings > Authentication > Trusted token issuers) to the " +
		"token's iss exactly, without /.well-known/openid-configuration; for Amazon Cognito that is https://cognito-idp.<region>.amazonaws.com/<user pool id>, " +
		"without a trailing slash.",
	Refs:       []Ref{refTTISettings, refOidcJwt, refCognitoIDToken},
	RunCapture: runOIDC(checkOIDCIssuer),
}

func checkOIDCIssuer(cfg *Config, c *capture.Capture, t *foundToken) []Finding {
	iss := t.tok.Issuer()
	want, from, noun := cfg.Tokens.Issuer, "the trusted token issuer URL, --trusted-token-issuer", "the configured URL"
	if want == "" {
		for _, d := range capturedDiscovery(c) {
			if sameHost(d.d.Issuer, iss) {
				want, from, noun = d.d.Issuer, "the issuer of "+d.describe()+", read offline: nothing was fetched", "the discovery document's issuer"
				break
			}
		}
	}
	if want == "" {
		return nil
	}
	if iss == "" {
		return []Finding{tokenFinding(t, humanf("%s has no iss claim; expected %q (%s)", t.describe(), want, from))}
	}
	if iss == want {
		return nil
	}
	msg := humanf("iss %q of %s is not %q (%s)", iss, t.describe(), want, from)
	if why := issuerNearMiss(iss, want, noun); why != "" {
		msg += ": " + why
	}
	return []Finding{tokenFinding(t, msg)}
}

// issuerNearMiss names how two issuer URLs that should be equal differ;
// noun names where want came from.
func issuerNearMiss(got, want, noun string) string {
	const wk = "/.well-known/openid-configuration"
	switch {
	case strings.TrimSuffix(got, "/") == strings.TrimSuffix(want, "/"):
		if strings.HasSuffix(want, "/") {
			return noun + " has a trailing slash the token's iss does not"
		}
		return "the token's iss has a trailing slash " + noun + " does not"
	case strings.TrimSuffix(strings.TrimSuffix(want, wk), "/") == strings.TrimSuffix(got, "/"):
		return noun + " ends in " + wk + ": enter the issuer URL without it"
	case strings.EqualFold(got, want):
		return "they differ only in case; the comparison is case-sensitive"
	}
	gu, e1 := url.Parse(got)
	wu, e2 := url.Parse(want)
	if e1 == nil && e2 == nil && gu.Scheme != wu.Scheme && gu.Host == wu.Host && strings.TrimSuffix(gu.Path, "/") == strings.TrimSuffix(wu.Path, "/") {
		return fmt.Sprintf("the schemes differ (%s, %s)", gu.Scheme, wu.Scheme)
	}
	return ""
}

func sameHost(a, b string) bool {
	ua, e1 := url.Parse(a)
	ub, e2 := url.Parse(b)
	return e1 == nil && e2 == nil && ua.Host != "" && strings.EqualFold(ua.Host, ub.Host)
}
