package checks

import (
	"errors"
	"fmt"
	"strings"

	"github.com/samlcheck/samlcheck/checks/jwt"
	"github.com/samlcheck/samlcheck/har/capture"
)

// oidcSignatureRule: the token's signature against the keys of a JWKS in
// the capture or given with --jwks (RFC 7515 §5.2). Nothing is fetched.
var oidcSignatureRule = &Rule{
	ID:       "oidc/signature",
	Title:    "the JWT's signature does not verify with the issuer's keys (or no key was at hand)",
	Severity: Warning,
	Cases: []Case{
		{Severity: Info, When: "the signature was not checked: no JWKS in the capture and no --jwks FILE, an HMAC (HS*) signature samlcheck has no secret for, or a token pseudonymised by samlcheck redact"},
	},
	Profiles: Profiles(),
	Doc: "IAM Identity Center verifies a token with the keys the trusted token issuer publishes at the jwks_uri of its discovery " +
		"document. A token signed with another key (another user pool, a rotated key, a token altered on the way) is rejected. samlcheck " +
		"works offline: it verifies only with a JWKS document captured in the same HAR or given with --jwks FILE.",
	Fix: "Check that the token comes from the trusted token issuer configured (the same user pool or tenant) and was not modified; to " +
		"let samlcheck verify it, record the JWKS in the HAR or save the jwks_uri document and pass it with --jwks.",
	Refs:       []Ref{refRFC7515, refRFC7517, refSetupTTI},
	RunCapture: runOIDC(checkOIDCSignature),
}

func checkOIDCSignature(cfg *Config, c *capture.Capture, t *foundToken) []Finding {
	if t.tok.Redacted() {
		f := tokenFinding(t, humanf("%s was pseudonymised by samlcheck redact (signature removed): signature not checked", t.describe()))
		f.Severity = Info
		return []Finding{f}
	}
	if !t.tok.Signed() {
		return []Finding{tokenFinding(t, humanf("%s is not signed (alg %q)", t.describe(), t.tok.Alg()))}
	}
	if strings.HasPrefix(t.tok.Alg(), "HS") {
		f := tokenFinding(t, humanf("%s is signed with %s, a shared secret samlcheck never takes: signature not checked", t.describe(), t.tok.Alg()))
		f.Severity = Info
		return []Finding{f}
	}
	sets := capturedKeySets(c, cfg)
	if len(sets) == 0 {
		f := tokenFinding(t, humanf("%s (alg %s, kid %q): no JWKS in the capture and no --jwks FILE, signature not checked (nothing is fetched)", t.describe(), t.tok.Alg(), t.tok.Kid()))
		f.Severity = Info
		return []Finding{f}
	}
	var tried []string
	for _, ks := range sets {
		_, err := t.tok.Verify(ks)
		if err == nil {
			return nil
		}
		if errors.Is(err, jwt.ErrNoKey) {
			tried = append(tried, fmt.Sprintf("%s has no key %q", ks.Source, t.tok.Kid()))
			continue
		}
		tried = append(tried, fmt.Sprintf("%s: %v", ks.Source, strings.TrimPrefix(err.Error(), "jwt: ")))
	}
	return []Finding{tokenFinding(t, humanf("%s (alg %s, kid %q) does not verify: %s", t.describe(), t.tok.Alg(), t.tok.Kid(), strings.Join(tried, "; ")))}
}
