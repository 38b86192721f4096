package diff

import (
	"context"
	"fmt"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/har/capture"
	"github.com/samlcheck/samlcheck/saml"
)

// NewSide checks the captures of one input (as package analyze reads them:
// analyze.Read's Loaded.Capture) with cfg and returns them as a side of a
// comparison named name; inputs describe the files for the report. Each
// message is decoded as the checks decode it, its EncryptedAssertions
// decrypted with cfg.SPKeys (--sp-key), so what they judged and what Diff
// compares are the same model: a decrypted assertion is compared as a
// plain one. The error is the context's.
func NewSide(ctx context.Context, name string, caps []capture.Capture, inputs []checks.Input, cfg *checks.Config) (*Side, error) {
	if cfg == nil {
		cfg = &checks.Config{}
	}
	rep, err := checks.RunCaptures(ctx, cfg, caps)
	if err != nil {
		return nil, fmt.Errorf("diff: %s: %w", name, err)
	}
	rep.Inputs = append(rep.Inputs, inputs...)
	s := &Side{Name: name, Report: rep}
	for ci := range caps {
		for i := range caps[ci].Messages {
			e := &caps[ci].Messages[i]
			m, derr := saml.Decode(*e, cfg.Decode)
			if derr != nil {
				m = nil
			}
			if m != nil {
				m.Decrypt(cfg.SPKeys, cfg.Decode)
			}
			s.Messages = append(s.Messages, m)
			s.Encoded = append(s.Encoded, e)
		}
	}
	return s, nil
}
