package analyze

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/har/capture"
	"github.com/samlcheck/samlcheck/saml"
)

// TestPipelinePreparesEveryMessage: reading a HAR with a configuration
// prepares each message (decoding, signature verification) while the scan
// goes on, and the checks use the preparations: the report equals the one
// made without them.
func TestPipelinePreparesEveryMessage(t *testing.T) {
	cfg := &checks.Config{Now: time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)}
	target := Target{Path: "../../testdata/har/chrome-idc-nameid-unspecified.har"}

	c := checks.New(cfg)
	f, err := Read(context.Background(), target, withChecker(nil, c))
	require.NoError(t, err)
	require.Len(t, f.Capture.Messages, 2)
	assert.Equal(t, 2, f.prepared, "every message is prepared while reading")
	ahead, err := c.Check(context.Background(), []capture.Capture{f.Capture}, 0)
	require.NoError(t, err)

	plain, err := Read(context.Background(), target, nil)
	require.NoError(t, err)
	assert.Zero(t, plain.prepared)
	after, err := checks.RunCaptures(context.Background(), cfg, []capture.Capture{plain.Capture})
	require.NoError(t, err)
	assert.Equal(t, after, ahead)
}

// TestPipelinePanicSafe: a preparation that panics (here: no Checker) is
// left undone, and the pipeline goes on and ends.
func TestPipelinePanicSafe(t *testing.T) {
	assert.False(t, prepareSafely(nil, saml.Encoded{Value: "x"}))
	onMessage, wait := pipeline(nil)
	for i := range 3 {
		onMessage(i, saml.Encoded{Value: "x"})
	}
	assert.Zero(t, wait())
}
