package checks

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/samlcheck/samlcheck/har/capture"
	"github.com/samlcheck/samlcheck/saml"
)

// Checker runs the checks with one configuration. Its Prepare decodes a
// message and verifies its signatures ahead of Check, so that a reader can
// hand each message over as soon as it is first seen, on another
// goroutine, while it goes on reading the rest of the input; Check then
// uses the preparation of each message it was given, and decodes the
// others itself. A Checker is safe for concurrent use.
type Checker struct {
	cfg *Config

	mu       sync.Mutex
	prepared map[messageKey]*Decoded
	// reused counts the preparations Check used (for tests).
	reused atomic.Int64
}

// New returns a Checker for cfg (nil: the zero Config). cfg must not be
// modified while the Checker is in use.
func New(cfg *Config) *Checker {
	if cfg == nil {
		cfg = &Config{}
	}
	return &Checker{cfg: cfg, prepared: map[messageKey]*Decoded{}}
}

// Prepare decodes e and verifies its signatures, as Check would, and keeps
// the result for Check to use on the same message. It may be called
// concurrently, for different messages, and with Check; a preparation Check
// never uses is kept until the Checker is dropped.
func (c *Checker) Prepare(e saml.Encoded) {
	res := c.decode(&e, 0)
	if res.Message != nil {
		res.precompute(c.cfg)
	}
	c.mu.Lock()
	c.prepared[keyOf(&e)] = res
	c.mu.Unlock()
}

// decoded returns message e of a capture, with report index i: its
// preparation, which is then dropped, or e decoded now.
func (c *Checker) decoded(e *saml.Encoded, i int) *Decoded {
	k := keyOf(e)
	c.mu.Lock()
	p := c.prepared[k]
	delete(c.prepared, k)
	c.mu.Unlock()
	if p == nil {
		return c.decode(e, i)
	}
	c.reused.Add(1)
	p.Index, p.Encoded = i, e
	return p
}

// decode decodes e with the configuration's limits and decrypts its
// EncryptedAssertions with its SP keys.
func (c *Checker) decode(e *saml.Encoded, i int) *Decoded {
	m, err := saml.Decode(*e, c.cfg.Decode)
	if m != nil {
		m.Decrypt(c.cfg.SPKeys, c.cfg.Decode)
	}
	return &Decoded{Index: i, Encoded: e, Message: m, DecodeErr: err}
}

// messageKey is what identifies a message to the prepared-message cache:
// every field of saml.Encoded but Sightings, which a later sighting of the
// same message grows and which decoding does not read.
// TestMessageKeyCoversEncoded fails when saml.Encoded gains a field this
// key does not hold; Source is held whole, so a new field of saml.Source is
// included as it is added.
type messageKey struct {
	binding                                     saml.Binding
	param, value, relayState, sigAlg, signature string
	rawQuery, charset                           string
	source                                      saml.Source
}

// keyOf returns e's key in the prepared-message cache.
func keyOf(e *saml.Encoded) messageKey {
	return messageKey{
		binding: e.Binding, param: e.Param, value: e.Value, relayState: e.RelayState, sigAlg: e.SigAlg,
		signature: e.Signature, rawQuery: e.RawQuery, charset: e.Charset, source: e.Source,
	}
}

// Check decodes each message of each capture (or takes its preparation),
// picks its profile, runs the per-message rules on it, then runs the
// per-capture rules (error/*) on each capture with the findings of its
// messages at hand. Messages are numbered in the report from first, the
// report index of the first one: callers that check inputs separately and
// Merge the reports give each part the index after the last one of the
// part before, so that message indexes stay unique and texts such as
// "message 3" stay true. It returns an error only when ctx is cancelled;
// bad messages become saml/decode findings. The report's Inputs are left
// for the caller to fill.
func (c *Checker) Check(ctx context.Context, caps []capture.Capture, first int) (*Report, error) {
	return c.check(ctx, caps, first) // run.go
}

// precompute verifies the signatures of the decoded message r with cfg,
// as the signature rules and the summary will ask for them.
func (r *Decoded) precompute(cfg *Config) {
	resultOf(&Pass{Config: cfg, Encoded: r.Encoded, Message: r.Message, Decoded: r}, verifiedSignatures)
}
