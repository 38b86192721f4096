package checks

import (
	"strings"

	"github.com/samlcheck/samlcheck/har/capture"
)

// oidcClaimRule: the attribute mapping of a trusted token issuer reads one
// claim of the token (trusted-token-issuer-configuration-settings,
// "Attribute mappings"; OidcJwtConfiguration.ClaimAttributePath).
var oidcClaimRule = &Rule{
	ID:       "oidc/claim",
	Title:    "the JWT lacks the claim the trusted token issuer maps to the user",
	Severity: Error,
	Profiles: Profiles(),
	Doc: "IAM Identity Center finds the user a token stands for through the trusted token issuer's attribute mapping: one claim of the " +
		"token (email by default in the console) matched against a user attribute. A token without that claim, or with it empty, " +
		"matches no user and the exchange fails with InvalidGrantException.",
	Fix: "Make the identity provider put the mapped claim in the token (for Cognito, the email attribute readable by the app client and " +
		"the email scope requested), or change the trusted token issuer's attribute mapping to a claim the token has; pass --token-claim " +
		"with the claim the mapping names.",
	Refs:       []Ref{refTTIAttrs, refOidcJwt},
	RunCapture: runOIDC(checkOIDCClaim),
}

func checkOIDCClaim(cfg *Config, _ *capture.Capture, t *foundToken) []Finding {
	name := cfg.Tokens.claim()
	v, ok := t.tok.Claim(name)
	switch {
	case !ok:
		return []Finding{tokenFinding(t, humanf("%s has no %q claim (the claim the trusted token issuer maps; --token-claim)", t.describe(), name))}
	case strings.TrimSpace(v) == "" || v == "[]":
		return []Finding{tokenFinding(t, humanf("the %q claim of %s is empty", name, t.describe()))}
	}
	return nil
}
