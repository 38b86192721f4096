package checks

import (
	"slices"

	"github.com/samlcheck/samlcheck/saml"
)

// Prepared is one message decoded, and its signatures verified, ahead of
// RunCaptures: a reader can prepare each message as soon as it is first
// seen, on another goroutine, while it goes on reading the rest of the
// input (see Config.Prepared). The checks themselves still run in
// RunCaptures, which needs every message of the capture.
type Prepared struct {
	enc saml.Encoded
	cfg *Config
	res *Result
}

// Prepare decodes e and verifies its signatures with cfg, as RunCaptures
// would. It is safe to call concurrently for different messages; cfg must
// be the configuration later given to RunCaptures, and is not modified.
func Prepare(cfg *Config, e saml.Encoded) *Prepared {
	if cfg == nil {
		cfg = &Config{}
	}
	p := &Prepared{enc: e, cfg: cfg}
	m, derr := decodeMessage(cfg, e)
	p.res = &Result{Encoded: &p.enc, Message: m, DecodeErr: derr}
	if m != nil {
		sigVerify(&Pass{Config: cfg, Encoded: &p.enc, Message: m, Result: p.res})
	}
	return p
}

// result returns the prepared decoding of e as a Result of RunCaptures
// with index i, or nil when p was prepared from another value, other
// binding parameters (a later sighting may add them), another first
// sighting or another configuration (then RunCaptures decodes e
// itself, so a stale preparation never changes a report).
func (p *Prepared) result(cfg *Config, e *saml.Encoded, i int) *Result {
	if p == nil || p.cfg == nil || p.res == nil || !sameDecodeInput(cfg, p.cfg) ||
		p.enc.Value != e.Value || p.enc.Binding != e.Binding || p.enc.Param != e.Param ||
		p.enc.RelayState != e.RelayState || p.enc.SigAlg != e.SigAlg || p.enc.Signature != e.Signature || p.enc.RawQuery != e.RawQuery ||
		!p.enc.Source.Started.Equal(e.Source.Started) || p.enc.Source.Entry != e.Source.Entry {
		return nil
	}
	return &Result{Index: i, Encoded: e, Message: p.res.Message, DecodeErr: p.res.DecodeErr, sig: p.res.sig}
}

// sameDecodeInput reports whether a and b decode and verify alike: the
// same decoding limits, trusted certificates, metadata and times.
func sameDecodeInput(a, b *Config) bool {
	if a == b {
		return true
	}
	return a.Decode == b.Decode && a.IdPMetadata == b.IdPMetadata && a.At.Equal(b.At) && a.Now.Equal(b.Now) &&
		slices.Equal(a.IdPCerts, b.IdPCerts) && slices.Equal(a.SPKeys, b.SPKeys)
}

// decodeMessage decodes e with cfg's limits and decrypts its
// EncryptedAssertions with cfg's SP keys.
func decodeMessage(cfg *Config, e saml.Encoded) (*saml.Message, error) {
	m, err := saml.Decode(e, cfg.Decode)
	if m != nil {
		m.Decrypt(cfg.SPKeys, cfg.Decode)
	}
	return m, err
}
