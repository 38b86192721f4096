package har

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestScanWithKeepsChosenPages(t *testing.T) {
	var offered []int
	keep := func(e *Entry, body []byte) bool {
		offered = append(offered, e.Index)
		return strings.Contains(string(body), "SAMLResponse") || string(body) == "<html>hi</html>"
	}
	c, err := ScanWith(strings.NewReader(loginFlow("", "")), "flow.har", ScanOptions{KeepPage: keep})
	require.NoError(t, err)
	require.Len(t, c.Messages, 2, "the messages are found as by Scan")
	assert.Equal(t, []int{1, 2, 4}, offered, "only entries with a body are offered")
	require.Len(t, c.Pages, 2)

	auto := c.Pages[0]
	assert.Equal(t, 2, auto.Source.Entry)
	assert.Equal(t, "flow.har", auto.Source.File)
	assert.Equal(t, "POST", auto.Source.Method)
	assert.Equal(t, "https://idp.example.com/login", auto.Source.URL)
	assert.Equal(t, 200, auto.Source.Status)
	assert.Equal(t, "2024-05-01T10:00:05.000+02:00", auto.Source.StartedRaw)
	assert.False(t, auto.Source.Started.IsZero())
	assert.Empty(t, auto.Source.Param)
	assert.Equal(t, "text/html; charset=utf-8", auto.MimeType)
	assert.True(t, strings.HasPrefix(auto.Text, "<html><body onload="), "a Base64 body is decoded: %.40q", auto.Text)
	assert.False(t, auto.Truncated)

	assert.Equal(t, 4, c.Pages[1].Source.Entry)
	assert.Equal(t, "<html>hi</html>", c.Pages[1].Text)
	assert.Zero(t, c.PagesDropped)
}

func TestScanKeepsNoPages(t *testing.T) {
	c, err := Scan(strings.NewReader(loginFlow("", "")), "flow.har")
	require.NoError(t, err)
	assert.Empty(t, c.Pages)
	c, err = ScanWith(strings.NewReader(loginFlow("", "")), "flow.har", ScanOptions{MaxPages: 3})
	require.NoError(t, err)
	assert.Empty(t, c.Pages, "no KeepPage, no pages")
}

// pagesHAR returns a HAR whose entries have the given response bodies and
// media types.
func pagesHAR(bodies ...[3]string) string {
	var b strings.Builder
	b.WriteString(`{"log":{"version":"1.2","creator":{"name":"t","version":"1"},"entries":[`)
	for i, x := range bodies {
		if i > 0 {
			b.WriteString(",")
		}
		content := `{"size":1,"mimeType":` + jsonString(x[1]) + `,"text":` + jsonString(x[0])
		if x[2] != "" {
			content += `,"encoding":` + jsonString(x[2])
		}
		content += "}"
		b.WriteString(`{"startedDateTime":"2024-05-01T10:00:00Z","time":1,"request":{"method":"GET","url":"https://aws.example/p` +
			string(rune('0'+i)) + `","headers":[]},"response":{"status":500,"headers":[],"content":` + content + `}}`)
	}
	b.WriteString("]}}")
	return b.String()
}

func TestScanWithSkipsUndecodableAndBinaryBodies(t *testing.T) {
	doc := pagesHAR(
		[3]string{"iVBORw0KGgo=", "image/png", "base64"},
		[3]string{"not base64 at all!", "text/html", "base64"},
		[3]string{b64(`{"message":"boom"}`), "application/json", "base64"},
		[3]string{"plain", "text/plain", "utf-8"},
	)
	var offered []string
	c, err := ScanWith(strings.NewReader(doc), "p.har", ScanOptions{KeepPage: func(_ *Entry, body []byte) bool {
		offered = append(offered, string(body))
		return true
	}})
	require.NoError(t, err)
	assert.Equal(t, []string{`{"message":"boom"}`, "plain"}, offered)
	require.Len(t, c.Pages, 2)
	assert.Equal(t, 2, c.Pages[0].Source.Entry)
	assert.Equal(t, 500, c.Pages[0].Source.Status)
	assert.Equal(t, "https://aws.example/p3", c.Pages[1].Source.URL)
}

func TestScanWithBoundsPages(t *testing.T) {
	long := strings.Repeat("é", 10) // 20 bytes
	doc := pagesHAR(
		[3]string{"first", "text/plain", ""},
		[3]string{"second", "text/plain", ""},
		[3]string{long, "text/plain", ""},
	)
	all := func(*Entry, []byte) bool { return true }
	c, err := ScanWith(strings.NewReader(doc), "p.har", ScanOptions{KeepPage: all, MaxText: 7, MaxPages: 2})
	require.NoError(t, err)
	require.Len(t, c.Pages, 2, "the earliest page is dropped")
	assert.Equal(t, 1, c.PagesDropped)
	assert.Equal(t, "second", c.Pages[0].Text)
	assert.False(t, c.Pages[0].Truncated)
	last := c.Pages[1]
	assert.True(t, last.Truncated)
	assert.Equal(t, "ééé", last.Text, "cut at 7 bytes, then back to a rune boundary")
	assert.True(t, utf8.ValidString(last.Text))
}

func TestCutUTF8(t *testing.T) {
	for _, tc := range []struct {
		in   string
		max  int
		want string
		cut  bool
	}{
		{"abc", 3, "abc", false},
		{"abc", 5, "abc", false},
		{"abcd", 3, "abc", true},
		{"a€b", 2, "a", true},  // € is 3 bytes
		{"a€b", 3, "a", true},  // still inside €
		{"a€b", 4, "a€", true}, // € fits whole
		{"\xff\xfe\xfd", 2, "\xff\xfe", true},
		{"𝄞𝄞", 5, "𝄞", true}, // 4-byte runes
	} {
		got, cut := cutUTF8([]byte(tc.in), tc.max)
		assert.Equal(t, tc.want, got, "%q cut at %d", tc.in, tc.max)
		assert.Equal(t, tc.cut, cut, "%q cut at %d", tc.in, tc.max)
	}
}
