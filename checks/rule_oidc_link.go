package checks

import (
	"fmt"
	"strings"
)

// explainInvalidGrant names, for an InvalidGrantException shown on page
// pg, the oidc/issuer, oidc/audience and oidc/claim findings on the tokens
// of the same capture sent before it as likely causes; else it says which
// flags would let samlcheck check the token. The oidc/* rules run after
// the error/* rules (ids sort so), so their checks are run here again.
func explainInvalidGrant(p *CapturePass, pg *Page) string {
	checks := []struct {
		id    string
		check oidcCheck
	}{{oidcIssuerRule.ID, checkOIDCIssuer}, {oidcAudienceRule.ID, checkOIDCAudience}, {oidcClaimRule.ID, checkOIDCClaim}}
	toks := judgedTokens(capturedTokens(p.Capture))
	var causes []string
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
			if fs := c.check(p.Config, p.Capture, t); len(fs) > 0 {
				causes = append(causes, fmt.Sprintf("%s on %s", c.id, t.describe()))
			}
		}
	}
	if len(causes) > 0 {
		return "likely cause: " + strings.Join(causes, ", ")
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
		return "the token exchanged is not in this capture (record the request to CreateTokenWithIAM, or pass the JWT as a file); then pass " +
			strings.Join(append(missing, "--token-claim NAME if the mapping reads another claim than email"), "; ")
	case len(missing) > 0:
		return "no oidc/* rule found a cause in the token; pass " + strings.Join(missing, "; ")
	}
	return "the token's iss, aud and mapped claim match what was given; check that the user exists in IAM Identity Center with the mapped attribute's value"
}
