package analyze

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/samlcheck/samlcheck/checks"
)

// TestDisplayData: a HAR's report carries, outside its JSON form, the
// exchanges of the capture without query strings, each message's decoded
// XML and reference time.
func TestDisplayData(t *testing.T) {
	data := fixture(t, "har/chrome-idc-nameid-unspecified.har")
	rep, err := Reader(context.Background(), "login.har", strings.NewReader(string(data)), &checks.Config{}, nil)
	require.NoError(t, err)
	in := rep.Inputs[0]
	require.Len(t, in.Timeline, in.Entries)
	for i, x := range in.Timeline {
		assert.Equal(t, i, x.Entry)
		assert.NotEmpty(t, x.Method)
		assert.NotContains(t, x.URL, "SAMLRequest=", "entry %d", i)
		assert.NotContains(t, x.Location, "SAMLRequest=", "entry %d", i)
		assert.False(t, x.Started.IsZero())
	}
	redirects := 0
	for _, x := range in.Timeline {
		if x.Location != "" {
			redirects++
			assert.True(t, strings.HasPrefix(x.Location, "https://"), x.Location)
		}
	}
	assert.Positive(t, redirects)
	for _, m := range rep.Messages {
		assert.True(t, strings.HasPrefix(m.Display.XML, "<"), "message %d has no XML", m.Index)
		assert.False(t, m.Display.RefTime.IsZero())
		assert.Contains(t, m.Display.RefTimeSource, "capture time")
	}
	// None of it changes the JSON form.
	js, err := json.Marshal(rep)
	require.NoError(t, err)
	for _, s := range []string{"Timeline", "timeline", "Display", "display", "RefTime", "Redacted", "<saml"} {
		assert.NotContains(t, string(js), s)
	}
}

// TestTimelineCapped: a huge capture keeps at most maxTimeline.
func TestTimelineCapped(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"log":{"version":"1.2","creator":{"name":"t","version":"1"},"entries":[`)
	for i := range maxTimeline + 10 {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`{"startedDateTime":"2024-05-01T10:00:00Z","time":1,"request":{"method":"GET","url":"https://a.example/?t=1","headers":[],"queryString":[]},"response":{"status":200,"headers":[],"content":{"size":0,"mimeType":"text/plain"}}}`)
	}
	b.WriteString(`]}}`)
	rep, err := Reader(context.Background(), "big.har", strings.NewReader(b.String()), &checks.Config{}, nil)
	require.NoError(t, err)
	assert.Equal(t, maxTimeline+10, rep.Inputs[0].Entries)
	assert.Len(t, rep.Inputs[0].Timeline, maxTimeline)
	assert.Equal(t, "https://a.example/?…", rep.Inputs[0].Timeline[0].URL)
}
