package checks

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/samlcheck/samlcheck/har/capture"
	"github.com/samlcheck/samlcheck/saml"
)

// TestPreparedMatchesRun: a capture whose messages were prepared ahead
// (Checker.Prepare) gives the same report as one decoded by Check, the
// preparation is used when it matches, and a stale one is ignored.
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
		c := New(cfg)
		for _, m := range msgs {
			c.Prepare(m)
		}
		require.Len(t, c.prepared, len(msgs), f)
		ahead, err := c.Check(context.Background(), []capture.Capture{{File: f, Messages: msgs}}, 0)
		require.NoError(t, err)
		assert.Equal(t, jsonOf(t, plain), jsonOf(t, ahead), f)
		assert.Equal(t, int64(len(msgs)), c.reused.Load(), "%s: every preparation is used", f)
		assert.Empty(t, c.prepared, "%s: a used preparation is dropped", f)
		checked++
	}
	assert.Greater(t, checked, 10)

	// A preparation of another value, or of the same value seen
	// elsewhere, is not used.
	msgs := readInput(t, files[0])
	c := New(cfg)
	c.Prepare(msgs[0])
	other := msgs[0]
	other.Value += "x"
	elsewhere := msgs[0]
	elsewhere.Source.Entry = 7
	for _, e := range []saml.Encoded{other, elsewhere} {
		_, err = c.Check(context.Background(), []capture.Capture{{Messages: []saml.Encoded{e}}}, 0)
		require.NoError(t, err)
	}
	assert.Zero(t, c.reused.Load())
	assert.Len(t, c.prepared, 1)
	// A later sighting does not make it another message.
	seen := msgs[0]
	seen.Sightings = append(seen.Sightings, seen.Source, saml.Source{File: "x", Entry: 3})
	_, err = c.Check(context.Background(), []capture.Capture{{Messages: []saml.Encoded{seen}}}, 0)
	require.NoError(t, err)
	assert.Equal(t, int64(1), c.reused.Load())
}

// TestMessageKeyCoversEncoded: changing any field of saml.Encoded (of its
// Source too) but Sightings changes the message's key, so that a field
// added to saml.Encoded cannot be forgotten by the prepared-message cache;
// Sightings are left out on purpose (a later sighting adds one, decoding
// reads only the first).
func TestMessageKeyCoversEncoded(t *testing.T) {
	base := saml.Encoded{Source: saml.Source{Started: time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)}}
	var walk func(prefix string, typ reflect.Type, field func(*saml.Encoded) reflect.Value)
	n := 0
	walk = func(prefix string, typ reflect.Type, field func(*saml.Encoded) reflect.Value) {
		for i := range typ.NumField() {
			f := typ.Field(i)
			name := prefix + f.Name
			get := func(e *saml.Encoded) reflect.Value { return field(e).Field(i) }
			if name == "Sightings" {
				e := base
				e.Sightings = []saml.Source{{File: "other"}}
				assert.Equal(t, keyOf(&base), keyOf(&e), "Sightings are not part of the key")
				continue
			}
			if f.Type.Kind() == reflect.Struct && f.Type != reflect.TypeFor[time.Time]() {
				walk(name+".", f.Type, get)
				continue
			}
			e := base
			v := get(&e)
			switch {
			case f.Type == reflect.TypeFor[time.Time]():
				v.Set(reflect.ValueOf(v.Interface().(time.Time).Add(time.Second)))
			case v.Kind() == reflect.String:
				v.SetString(v.String() + "x")
			case v.CanInt():
				v.SetInt(v.Int() + 1)
			default:
				t.Errorf("saml.Encoded.%s: a %s: teach this test to change one, and make sure keyOf holds it", name, f.Type)
				continue
			}
			assert.NotEqual(t, keyOf(&base), keyOf(&e), "saml.Encoded.%s is not part of the prepared-message key (keyOf)", name)
			n++
		}
	}
	walk("", reflect.TypeFor[saml.Encoded](), func(e *saml.Encoded) reflect.Value { return reflect.ValueOf(e).Elem() })
	assert.Greater(t, n, 15, "fields checked")
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}
