package checks

import (
	"fmt"
	"strings"

	"github.com/samlcheck/samlcheck/har/capture"
)

// withTokenCauses adds to text (what explainError found in the SAML
// messages) the oidc/issuer, oidc/audience, oidc/claim and oidc/token-time
// findings on the tokens of the same capture sent before page pg as likely
// causes of an InvalidGrantException; without any, it says which flags
// would let samlcheck check the token.
func withTokenCauses(p *CapturePass, pg *capture.Page, text string) string {
	causes, hint := tokenCauses(p, pg)
	switch {
	case len(causes) == 0 && len(p.Messages) == 0 && len(capturedTokens(p.Capture)) > 0:
		return hint // a token exchange without SAML: nothing to say about SAML
	case len(causes) == 0:
		return text + "; " + hint
	case strings.HasPrefix(text, "likely cause: "):
		return text + ", " + strings.Join(causes, ", ")
	}
	return "likely cause: " + strings.Join(causes, ", ")
}

// tokenCauses returns the token findings that explain an
// InvalidGrantException on page pg, else a hint. The oidc/* rules run
// after the error/* rules (ids sort so), so their checks are run here
// again.
func tokenCauses(p *CapturePass, pg *capture.Page) (causes []string, hint string) {
	checks := []struct {
		id    string
		judge oidcCheck
	}{{oidcIssuerRule.ID, checkOIDCIssuer}, {oidcAudienceRule.ID, checkOIDCAudience}, {oidcClaimRule.ID, checkOIDCClaim},
		{oidcTokenTimeRule.ID, checkOIDCTokenTime}}
	toks := judgedTokens(p.Config, capturedTokens(p.Capture))
	checked := 0
	for _, t := range toks {
		if pg.Source.Entry >= 0 && t.entry() > pg.Source.Entry {
			continue
		}
		checked++
		for _, c := range checks {
			if !ruleSelected(p.Config, c.id) {
				continue
			}
			if fs := c.judge(p.Config, p.Capture, t); len(fs) > 0 {
				causes = append(causes, fmt.Sprintf("%s on %s", c.id, t.describe()))
			}
		}
	}
	if len(causes) > 0 {
		return causes, ""
	}
	var missing []string
	if p.Config.Tokens.Issuer == "" && len(capturedDiscovery(p.Capture)) == 0 {
		missing = append(missing, "--trusted-token-issuer URL (the issuer URL configured in IAM Identity Center) to check the token's iss")
	}
	if len(p.Config.Tokens.Audiences) == 0 {
		missing = append(missing, "--token-audience ID (the grant's audiences) to check its aud")
	}
	switch {
	case checked == 0:
		return nil, "the token exchanged is not in this capture (record the request to CreateTokenWithIAM, or pass the JWT as a file); then pass " +
			strings.Join(append(missing, "--token-claim NAME if the mapping reads another claim than email"), "; ")
	case len(missing) > 0:
		return nil, "no oidc/* rule found a cause in the token; pass " + strings.Join(missing, "; ")
	}
	return nil, "the token's iss, aud, mapped claim and times match what was given; check that the user exists in IAM Identity Center with the mapped attribute's value"
}
