package hargen

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWriteDeterministicAndSized(t *testing.T) {
	var a, b bytes.Buffer
	sa, err := Write(&a, Options{Size: 2 << 20, Seed: 7})
	require.NoError(t, err)
	sb, err := Write(&b, Options{Size: 2 << 20, Seed: 7})
	require.NoError(t, err)
	assert.Equal(t, a.Bytes(), b.Bytes(), "the same options write the same bytes")
	assert.Equal(t, sa, sb)
	assert.Equal(t, int64(a.Len()), sa.Bytes)
	assert.GreaterOrEqual(t, sa.Bytes, int64(2<<20))
	assert.Less(t, sa.Bytes, int64(3<<20), "the file ends soon after the target size")

	var c bytes.Buffer
	_, err = Write(&c, Options{Size: 2 << 20, Seed: 8})
	require.NoError(t, err)
	assert.NotEqual(t, a.Bytes(), c.Bytes(), "another seed writes another file")
}

// har is the part of a HAR the tests read.
type har struct {
	Log struct {
		Creator struct{ Name string }
		Entries []struct {
			Initiator json.RawMessage `json:"_initiator"`
			Time      float64
			Request   struct {
				Method   string
				URL      string
				Cookies  []map[string]any
				PostData *struct {
					MimeType string
					Text     string
					Params   []struct{ Name, Value string }
				}
			}
			Response struct {
				Status  int
				Headers []struct{ Name, Value string }
				Content struct {
					MimeType string
					Text     string
					Encoding string
				}
			}
		}
	}
}

func TestWriteShape(t *testing.T) {
	var buf bytes.Buffer
	st, err := Write(&buf, Options{Size: 3 << 20, Seed: 1, Flows: 2})
	require.NoError(t, err)
	var h har
	require.NoError(t, json.Unmarshal(buf.Bytes(), &h), "valid JSON")
	assert.Equal(t, "WebInspector", h.Log.Creator.Name)
	require.Len(t, h.Log.Entries, st.Entries)
	assert.Equal(t, 2, st.Flows)
	assert.Equal(t, 4, st.Messages)
	assert.Equal(t, 2, st.Requests)
	assert.Equal(t, 2, st.Responses)
	assert.Equal(t, 8, st.Sightings)
	assert.True(t, bytes.HasPrefix(buf.Bytes(), []byte("{\n  \"log\": {\n    \"version\"")), "2-space indentation")

	share := float64(st.Base64Bytes) / float64(st.Base64Bytes+st.TextBytes)
	assert.InDelta(t, 0.7, share, 0.1, "about 70 percent of body bytes are Base64")
	assert.Contains(t, buf.String(), `"expires": null`)
	assert.Contains(t, buf.String(), `"callFrames": [`)

	var location, query, autoPost, autoPostB64, acsText, acsParams, video, floatTime int
	for _, e := range h.Log.Entries {
		if e.Time != float64(int64(e.Time)) {
			floatTime++
		}
		for _, hd := range e.Response.Headers {
			if hd.Name == "location" && strings.Contains(hd.Value, "SAMLRequest=") {
				location++
			}
		}
		if strings.Contains(e.Request.URL, "?SAMLRequest=") {
			query++
		}
		c := e.Response.Content
		if strings.HasPrefix(c.MimeType, "video/") && c.Encoding == "base64" && len(c.Text) > 64<<10 {
			video++
		}
		if strings.HasPrefix(c.MimeType, "text/html") && c.Encoding == "base64" {
			autoPostB64++
		}
		if strings.HasPrefix(c.MimeType, "text/html") && strings.Contains(c.Text, `name="SAMLResponse" value="`) && !strings.Contains(c.Text, "<script>") {
			autoPost++
		}
		if pd := e.Request.PostData; pd != nil && strings.HasPrefix(pd.Text, "SAMLResponse=") {
			acsText++
			if len(pd.Params) > 0 && pd.Params[0].Name == "SAMLResponse" {
				acsParams++
			}
		}
	}
	assert.Equal(t, 2, location, "SP redirects with the SAMLRequest in Location")
	assert.Equal(t, 2, query, "the IdP's Redirect-binding GETs")
	assert.Equal(t, 1, autoPost, "one auto-post page stored as text")
	assert.Equal(t, 1, autoPostB64, "one auto-post page stored Base64")
	assert.Equal(t, 2, acsText)
	assert.Equal(t, 2, acsParams, "the ACS POSTs have both text and params")
	assert.Positive(t, video, "multi-megabyte video segments")
	assert.Positive(t, floatTime, "float timings")
	assert.Positive(t, st.Decoys)
}

func TestWriteBigBody(t *testing.T) {
	for _, kind := range []string{"video", "html", "script"} {
		var buf bytes.Buffer
		st, err := Write(&buf, Options{Size: 64 << 10, Flows: 1, Body: 1 << 20, BodyKind: kind})
		require.NoError(t, err)
		var h har
		require.NoError(t, json.Unmarshal(buf.Bytes(), &h), kind)
		longest := 0
		for _, e := range h.Log.Entries {
			longest = max(longest, len(e.Response.Content.Text))
		}
		assert.InEpsilon(t, 1<<20, longest, 0.1, "%s: one body of about the size asked (unescaped)", kind)
		assert.Equal(t, 2, st.Messages, kind)
	}
}

func TestWriteBadOptions(t *testing.T) {
	_, err := Write(&bytes.Buffer{}, Options{Size: -1})
	require.Error(t, err)
	_, err = Write(&bytes.Buffer{}, Options{Body: 10, BodyKind: "gif"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `hargen: unknown body kind "gif"`)
}

// TestWriteMixes: every make-up writes valid JSON with the SAML flows
// planted, and its entries are what its name says.
func TestWriteMixes(t *testing.T) {
	for _, mix := range Mixes {
		t.Run(mix, func(t *testing.T) {
			var buf bytes.Buffer
			st, err := Write(&buf, Options{Size: 4 << 20, Seed: 3, Mix: mix})
			require.NoError(t, err)
			var h har
			require.NoError(t, json.Unmarshal(buf.Bytes(), &h), "valid JSON")
			require.Len(t, h.Log.Entries, st.Entries)
			assert.Equal(t, 6, st.Messages, "three flows planted")
			bytesOf := map[string]int{}
			longest := 0
			for _, e := range h.Log.Entries {
				c := e.Response.Content
				mime, _, _ := strings.Cut(c.MimeType, ";")
				bytesOf[mime] += len(c.Text)
				longest = max(longest, len(c.Text))
			}
			total := 0
			for _, n := range bytesOf {
				total += n
			}
			share := func(mime string) float64 { return float64(bytesOf[mime]) / float64(total) }
			switch mix {
			case "js":
				assert.Greater(t, share("application/javascript"), 0.9)
			case "video":
				assert.Greater(t, share("video/mp2t"), 0.9)
			case "html":
				assert.Greater(t, share("text/html"), 0.9)
				assert.Contains(t, buf.String(), "unexpected")
				assert.Contains(t, buf.String(), "occurred")
				assert.NotContains(t, strings.ToLower(buf.String()), "an unexpected error has occurred", "no whole error phrase")
			case "json":
				assert.Greater(t, share("application/json"), 0.8)
				assert.Greater(t, st.Entries, 200)
			case "giant":
				assert.Greater(t, longest, 3<<20, "one body of nearly the whole size")
			case "tiny":
				assert.Greater(t, st.Entries, 2000, "small entries (under 2 KB each)")
				assert.NotContains(t, buf.String(), `"callFrames"`)
			}
		})
	}
	_, err := Write(&bytes.Buffer{}, Options{Mix: "gif"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `hargen: unknown mix "gif"`)
}

// TestWriteGiantNearSize: a giant make-up stays near the size asked.
func TestWriteGiantNearSize(t *testing.T) {
	var buf bytes.Buffer
	st, err := Write(&buf, Options{Size: 8 << 20, Seed: 2, Mix: "giant", BodyKind: "html"})
	require.NoError(t, err)
	assert.InEpsilon(t, 8<<20, st.Bytes, 0.15)
	assert.Equal(t, 6, st.Messages, "three flows")
}
