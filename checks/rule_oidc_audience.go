package checks

import (
	"slices"
	"strings"

	"github.com/samlcheck/samlcheck/har/capture"
)

// oidcAudienceRule: the token's aud must hold an audience of the grant
// (AuthorizedTokenIssuer.AuthorizedAudiences); a Cognito access token has
// no aud (using-the-access-token) and is not the token to exchange.
var oidcAudienceRule = &Rule{
	ID:       "oidc/audience",
	Title:    "the JWT's aud does not hold the application's audience, or an access token is sent where the ID token belongs",
	Severity: Error,
	Profiles: Profiles(),
	Doc: "The application's JWT bearer grant lists the audiences (1 to 10) it accepts from each trusted token issuer; CreateTokenWithIAM " +
		"rejects a token whose aud claim holds none of them. An Amazon Cognito access token carries client_id and token_use \"access\" and no " +
		"aud at all: it is the ID token (token_use \"id\", aud = the app client id) that must be exchanged.",
	Fix: "Exchange the ID token (the id_token of the token response), not the access token; and add the token's aud (for Cognito, the app " +
		"client id) to the authorized audiences of the application's trusted token issuer grant in IAM Identity Center.",
	Refs:       []Ref{refAuthorizedIssuer, refCognitoIDToken, refCognitoAccessToken, refCreateTokenWithIAM},
	RunCapture: runOIDC(checkOIDCAudience),
}

func checkOIDCAudience(cfg *Config, _ *capture.Capture, t *foundToken) []Finding {
	aud := t.tok.Audience()
	if t.tok.TokenUse() == "access" || (aud == nil && t.field == "access_token") {
		var facts []string
		if u := t.tok.TokenUse(); u != "" {
			facts = append(facts, humanf("token_use %q", u))
		}
		if cid, ok := t.tok.Claim("client_id"); ok {
			facts = append(facts, humanf("client_id %q", cid))
		}
		if aud == nil {
			facts = append(facts, "no aud")
		}
		msg := humanf("%s is an access token (%s): the ID token is needed", t.describe(), strings.Join(facts, ", "))
		return []Finding{tokenFinding(t, msg)}
	}
	want := cfg.Tokens.Audiences
	if len(want) == 0 {
		return nil
	}
	if slices.ContainsFunc(aud, func(a string) bool { return slices.Contains(want, a) }) {
		return nil
	}
	got := "no aud claim"
	if aud != nil {
		got = humanf("aud %q", strings.Join(aud, ", "))
	}
	return []Finding{tokenFinding(t, humanf("%s has %s; the grant's audiences (--token-audience) are %q", t.describe(), got, strings.Join(want, ", ")))}
}
