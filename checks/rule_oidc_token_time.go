package checks

import (
	"fmt"
	"time"

	"github.com/samlcheck/samlcheck/har/capture"
)

// oidcTokenTimeRule: exp, nbf and iat against the capture time (RFC 7519
// §4.1.4–4.1.6).
var oidcTokenTimeRule = &Rule{
	ID:       "oidc/token-time",
	Title:    "the JWT was expired, not yet valid or issued in the future at the capture time",
	Severity: Warning,
	Profiles: Profiles(),
	Doc: "A token is accepted only before its exp and from its nbf on (RFC 7519); Cognito ID tokens last an hour by default. A token " +
		"exchanged after it expired, or one whose iat lies ahead of the capture time (a clock off at the provider or the client), is rejected.",
	Fix: "Exchange a fresh token (refresh it before exp); check the clocks of the identity provider and of the machine that calls " +
		"CreateTokenWithIAM.",
	Refs:       []Ref{refRFC7519, refCreateTokenWithIAM},
	RunCapture: runOIDC(checkOIDCTokenTime),
}

func checkOIDCTokenTime(cfg *Config, _ *capture.Capture, t *foundToken) []Finding {
	ref, from := t.started(), "the capture time"
	if ref.IsZero() {
		ref, from = cfg.At, "--at"
	}
	if ref.IsZero() {
		return nil
	}
	skew := cfg.skew()
	at := ref.UTC().Format(time.RFC3339)
	var out []Finding
	if exp, ok := t.tok.Time("exp"); ok && !ref.Before(exp.Add(skew)) {
		out = append(out, tokenFinding(t, fmt.Sprintf("%s expired at %s (exp), before %s %s (skew %s)", t.describe(), exp.Format(time.RFC3339), from, at, skew)))
	}
	if nbf, ok := t.tok.Time("nbf"); ok && ref.Add(skew).Before(nbf) {
		out = append(out, tokenFinding(t, fmt.Sprintf("%s is not valid before %s (nbf), after %s %s (skew %s)", t.describe(), nbf.Format(time.RFC3339), from, at, skew)))
	}
	if iat, ok := t.tok.Time("iat"); ok && ref.Add(skew).Before(iat) {
		out = append(out, tokenFinding(t, fmt.Sprintf("%s was issued at %s (iat), after %s %s (skew %s)", t.describe(), iat.Format(time.RFC3339), from, at, skew)))
	}
	return out
}
