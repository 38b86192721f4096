package analyze

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/har/capture"
)

// TestPipelinePreparesEveryMessage: reading a HAR with a configuration
// prepares each message (decoding, signature verification) while the scan
// goes on, and the checks use the preparations: the report equals the one
// made without them.
func TestPipelinePreparesEveryMessage(t *testing.T) {
	cfg := &checks.Config{Now: time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)}
	target := Target{Path: "../../testdata/har/chrome-idc-nameid-unspecified.har"}

	f, err := Read(context.Background(), target, withPrepare(nil, cfg))
	require.NoError(t, err)
	require.Len(t, f.Capture.Messages, 2)
	require.Len(t, f.prepared, 2)
	for i, p := range f.prepared {
		assert.NotNil(t, p, "message %d", i)
	}
	withPrep := *cfg
	withPrep.Prepared = f.prepared
	ahead, err := checks.RunCaptures(context.Background(), &withPrep, []capture.Capture{f.Capture})
	require.NoError(t, err)

	plain, err := Read(context.Background(), target, nil)
	require.NoError(t, err)
	assert.Nil(t, plain.prepared)
	after, err := checks.RunCaptures(context.Background(), cfg, []capture.Capture{plain.Capture})
	require.NoError(t, err)
	assert.Equal(t, after, ahead)
}
