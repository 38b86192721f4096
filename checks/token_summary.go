package checks

import "github.com/samlcheck/samlcheck/har/capture"

// TokenSummary describes one JWT found in a capture for people and tools:
// where it was found, its kind, and its header and claims, which are what
// an administrator compares with the trusted token issuer's configuration.
// Its signature is never part of it.
type TokenSummary struct {
	// File and Entry say where it was first seen (Entry -1: a file).
	File  string `json:"file"`
	Entry int    `json:"entry"`
	// Where says in which part of the entry: "member assertion of the
	// JSON request body", "id_token in the fragment of the redirect
	// (Location)"; empty for a file.
	Where string `json:"where,omitempty"`
	// Kind is "ID token", "access token" or "JWT".
	Kind string `json:"kind"`
	// Exchanged reports a token sent to be exchanged (CreateTokenWithIAM's
	// assertion); Checked one the oidc/* rules judged.
	Exchanged bool `json:"exchanged,omitempty"`
	Checked   bool `json:"checked"`
	// Header and Claims are the decoded JOSE header and claims.
	Header map[string]any `json:"header"`
	Claims map[string]any `json:"claims"`
}

// maxTokenSummaries bounds the tokens a report lists per capture.
const maxTokenSummaries = 64

// Tokens returns the JWTs of a capture (its exchanges and documents), in
// the order first seen, at most 64 (maxTokenSummaries): what a report lists.
// cfg (nil: none) decides which the oidc/* rules judge (Checked).
func Tokens(cfg *Config, c *capture.Capture) []TokenSummary {
	all := capturedTokens(c)
	judged := map[*foundToken]bool{}
	for _, t := range judgedTokens(cfg, all) {
		judged[t] = true
	}
	var out []TokenSummary
	for _, t := range all[:min(len(all), maxTokenSummaries)] {
		s := TokenSummary{File: c.File, Entry: t.entry(), Where: t.where, Kind: t.kind(), Exchanged: t.exchanged, Checked: judged[t],
			Header: t.tok.Header, Claims: t.tok.Claims}
		if t.doc != nil {
			s.File = t.doc.Source.File
		}
		out = append(out, s)
	}
	return out
}
