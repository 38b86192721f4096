package checks_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/har"
	"github.com/samlcheck/samlcheck/har/capture"
	"github.com/samlcheck/samlcheck/saml"
)

// TestRequiresDeclared: over every rule fixture, each rule reads only the
// shared results it lists in Requires (ResultOf panics otherwise), and
// each result a rule lists is read by it on some fixture, so that a rule's
// literal says what it reads, no more and no less.
func TestRequiresDeclared(t *testing.T) {
	asked := map[string][]checks.Requirement{}
	n := 0
	for _, r := range checks.All() {
		for _, kind := range []string{"fail", "pass"} {
			for _, path := range fixtures(t, filepath.Join(rulesDir, r.ID, kind)) {
				rep, _ := runFixture(t, path)
				for id, rs := range checks.AskedOf(rep) {
					asked[id] = append(asked[id], rs...)
				}
				n++
			}
		}
	}
	require.Greater(t, n, 100)
	for id, rs := range asked {
		r := checks.Lookup(id)
		require.NotNil(t, r, id)
		for _, s := range rs {
			assert.Contains(t, r.Requires, s, "%s reads %s but does not list it in Requires", id, s.Name())
		}
	}
	declared := 0
	for _, r := range checks.All() {
		for _, s := range r.Requires {
			declared++
			assert.Contains(t, asked[r.ID], s, "%s lists %s in Requires, but no fixture made it read it", r.ID, s.Name())
		}
	}
	assert.GreaterOrEqual(t, declared, 5, "the signature rules and saml/in-response-to declare theirs")
}

// TestResultOfUndeclared: a rule reading a shared result it does not list
// panics, naming itself and the result.
func TestResultOfUndeclared(t *testing.T) {
	rule := &checks.Rule{ID: "acme/sloppy", Profiles: checks.Profiles(), Run: func(p *checks.Pass) {
		checks.ResultOf(p, checks.Signatures)
	}}
	msgs, err := saml.ParseInput("response.xml", []byte(exampleResponse))
	require.NoError(t, err)
	assert.PanicsWithValue(t, `checks: rule acme/sloppy reads the shared result "signatures" without listing it in Rule.Requires`, func() {
		_, _ = checks.Run(context.Background(), &checks.Config{Rules: []*checks.Rule{rule}}, msgs)
	})
	rule.Requires = []checks.Requirement{checks.Signatures}
	assert.NotPanics(t, func() {
		_, _ = checks.Run(context.Background(), &checks.Config{Rules: []*checks.Rule{rule}}, msgs)
	})
}

// TestSharedOncePerMessage: a shared result is computed once per message
// and every rule that reads it sees the same value.
func TestSharedOncePerMessage(t *testing.T) {
	var seen []*checks.Verification
	read := func(p *checks.Pass) { seen = append(seen, checks.ResultOf(p, checks.Signatures)) }
	rules := []*checks.Rule{
		{ID: "acme/a", Profiles: checks.Profiles(), Requires: []checks.Requirement{checks.Signatures}, Run: read},
		{ID: "acme/b", Profiles: checks.Profiles(), Requires: []checks.Requirement{checks.Signatures}, Run: read},
	}
	msgs, err := saml.ParseInput("response.xml", []byte(exampleResponse))
	require.NoError(t, err)
	msgs = append(msgs, msgs[0])
	msgs[1].Source.Entry = 1
	_, err = checks.Run(context.Background(), &checks.Config{Rules: rules}, msgs)
	require.NoError(t, err)
	require.Len(t, seen, 4)
	assert.Same(t, seen[0], seen[1], "one message: one verification")
	assert.Same(t, seen[2], seen[3])
	assert.NotSame(t, seen[0], seen[2], "two messages: two")
}

// TestPreparedWhileScanning: every message of the HAR fixtures prepared as
// the scanner hands it on (har.ScanOptions.OnMessage, the analyze
// pipeline) is the one Check uses, and the report is the same as without.
func TestPreparedWhileScanning(t *testing.T) {
	files, err := filepath.Glob("../testdata/har/*.har")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	cfg := &checks.Config{At: time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)}
	total := 0
	for _, path := range files {
		f, err := os.Open(path)
		require.NoError(t, err)
		c := checks.New(cfg)
		capt, err := har.ScanWith(f, path, har.ScanOptions{OnMessage: func(_ int, m saml.Encoded) { c.Prepare(m) }})
		f.Close()
		require.NoError(t, err, path)
		caps := []capture.Capture{{File: path, Messages: capt.Messages}}
		ahead, err := c.Check(context.Background(), caps, 0)
		require.NoError(t, err)
		assert.Equal(t, int64(len(capt.Messages)), checks.Reused(c), "%s: every message's preparation is used", path)
		plain, err := checks.RunCaptures(context.Background(), cfg, caps)
		require.NoError(t, err)
		assert.Equal(t, plain, ahead, path)
		total += len(capt.Messages)
	}
	assert.Greater(t, total, 5)
}
