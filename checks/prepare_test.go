package checks

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/samlcheck/samlcheck/har/capture"
	"github.com/samlcheck/samlcheck/saml"
)

// TestPreparedMatchesRun: a capture whose messages were prepared ahead
// (Config.Prepared) gives the same report as one decoded by RunCaptures,
// the preparation is used when it matches, and a stale one is ignored.
func TestPreparedMatchesRun(t *testing.T) {
	files, err := filepath.Glob("../testdata/rules/saml/signature-*/*/*")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	cfg := &Config{Now: time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)}
	checked := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		msgs, err := saml.ParseInput(f, data)
		if err != nil || len(msgs) == 0 {
			continue
		}
		plain, err := RunCaptures(context.Background(), cfg, []capture.Capture{{File: f, Messages: msgs}})
		require.NoError(t, err)
		prep := make([]*Prepared, len(msgs))
		for i, m := range msgs {
			prep[i] = Prepare(cfg, m)
			require.NotNil(t, prep[i].result(cfg, &msgs[i], i), f)
		}
		withPrep := *cfg
		withPrep.Prepared = prep
		ahead, err := RunCaptures(context.Background(), &withPrep, []capture.Capture{{File: f, Messages: msgs}})
		require.NoError(t, err)
		assert.Equal(t, jsonOf(t, plain), jsonOf(t, ahead), f)
		checked++
	}
	assert.Greater(t, checked, 10)

	// A preparation of another value, or with another configuration, is
	// not used.
	data, err := os.ReadFile(files[0])
	require.NoError(t, err)
	msgs, err := saml.ParseInput(files[0], data)
	require.NoError(t, err)
	p := Prepare(cfg, msgs[0])
	other := msgs[0]
	other.Value += "x"
	assert.Nil(t, p.result(cfg, &other, 0))
	assert.Nil(t, p.result(&Config{At: time.Unix(1, 0)}, &msgs[0], 0))
	var none *Prepared
	assert.Nil(t, none.result(cfg, &msgs[0], 0))
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}
