package har

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestScanOnEntry: OnEntry sees every decoded entry once, in order, on the
// fast and the strict path alike, and not the entries that failed.
func TestScanOnEntry(t *testing.T) {
	data := doc(getEntry("https://a.example/one?x=1"), `{"request":7}`, getEntry("https://b.example/two"))
	for _, strict := range []bool{false, true} {
		var seen []string
		c, err := ScanWith(strings.NewReader(data), "x.har", ScanOptions{Strict: strict, OnEntry: func(e *Entry) {
			seen = append(seen, e.Request.Method+" "+e.Request.URL)
			assert.Equal(t, 200, e.Response.Status)
		}})
		require.NoError(t, err)
		assert.Equal(t, 3, c.Entries)
		assert.Len(t, c.EntryErrors, 1)
		assert.Equal(t, []string{"GET https://a.example/one?x=1", "GET https://b.example/two"}, seen, "strict=%v", strict)
	}
}
