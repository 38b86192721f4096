package har

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// corpusDir is the shared real-world corpus, relative to this package.
const corpusDir = "../../shared/corpus"

// manifestRow is one HAR row of the corpus MANIFEST.
type manifestRow struct {
	entries  int // -1 when the column is empty
	negative bool
	odd      bool
}

// readManifest returns the MANIFEST's HAR rows by corpus path.
func readManifest(t *testing.T) map[string]manifestRow {
	t.Helper()
	f, err := os.Open(filepath.Join(corpusDir, "MANIFEST.md"))
	require.NoError(t, err)
	defer f.Close()
	rows := map[string]manifestRow{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "| `har/") {
			continue
		}
		cells := strings.Split(line, "|")
		require.GreaterOrEqual(t, len(cells), 7, line)
		path := strings.Trim(strings.TrimSpace(cells[1]), "`")
		row := manifestRow{entries: -1}
		if n, err := strconv.Atoi(strings.TrimSpace(cells[4])); err == nil {
			row.entries = n
		}
		desc := strings.TrimSpace(cells[5])
		row.negative = strings.HasPrefix(desc, "NEGATIVE")
		row.odd = strings.HasPrefix(desc, "ODD")
		rows[path] = row
	}
	require.NoError(t, sc.Err())
	return rows
}

func TestCorpus(t *testing.T) {
	if _, err := os.Stat(filepath.Join(corpusDir, "har")); err != nil {
		t.Skip("../shared/corpus not found: ", err)
	}
	rows := readManifest(t)
	files, err := filepath.Glob(filepath.Join(corpusDir, "har", "*", "*.har"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, file := range files {
		rel, err := filepath.Rel(corpusDir, file)
		require.NoError(t, err)
		rel = filepath.ToSlash(rel)
		t.Run(rel, func(t *testing.T) {
			row, ok := rows[rel]
			require.True(t, ok, "%s is not in MANIFEST.md", rel)
			f, err := os.Open(file)
			require.NoError(t, err)
			defer f.Close()
			c, err := Scan(f, filepath.Base(file))
			require.NotNil(t, c)
			if row.negative {
				var fe *FileError
				require.Error(t, err, "NEGATIVE file read without error")
				require.True(t, errors.As(err, &fe), "want a *FileError, got %T", err)
				assert.Contains(t, err.Error(), "har: "+filepath.Base(file)+": ")
				t.Logf("error: %v", err)
				return
			}
			require.NoError(t, err)
			assert.Empty(t, c.EntryErrors)
			if row.entries < 0 {
				// ODD files without a count: a bare entry, a JSONP HAR of
				// one page with one entry.
				row.entries = map[string]int{"har/haralyzer/single_entry.har": 1, "har/harviewer/jsonp.har": 1}[rel]
			}
			assert.Equal(t, row.entries, c.Entries)
			assert.Empty(t, c.Messages, "the HAR corpus holds no SAML traffic")
		})
	}
}

// TestCorpusHTMLPages wraps the corpus's real auto-submit pages in a HAR
// response and checks the form reader finds their fields.
func TestCorpusHTMLPages(t *testing.T) {
	dir := filepath.Join(corpusDir, "saml")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("../shared/corpus not found: ", err)
	}
	tests := []struct {
		file, param, relay, target, prefix string
	}{
		{"crewjam/TestSPCanProducePostRequest_form", "SAMLRequest", "relayState", "https://idp.testshib.org/idp/profile/SAML2/POST/SSO", "PHNhbWxwOkF1dGhuUmVxdWVzdC"},
		{"crewjam/TestIDPIDPInitiatedExistingSession_response", "SAMLResponse", "ThisIsTheRelayState", "https://sp.example.com/saml2/acs", "PHNhbWxwOlJlc3BvbnNlI"},
		{"saml2aws/saml.html", "SAMLResponse", "", "", "REDACTED"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			page, err := os.ReadFile(filepath.Join(dir, tt.file))
			require.NoError(t, err)
			got := extractOne(t, `{"request":{"method":"GET","url":"https://idp.example.com/page"},"response":{"status":200,"content":{"mimeType":"text/html","encoding":"base64","text":"`+b64(string(page))+`"}}}`)
			require.Len(t, got, 1)
			assert.Equal(t, tt.param, got[0].Param)
			assert.True(t, strings.HasPrefix(got[0].Value, tt.prefix), got[0].Value[:min(40, len(got[0].Value))])
			assert.NotContains(t, got[0].Value, "&#", "character references decoded")
			assert.Equal(t, tt.relay, got[0].RelayState)
			if tt.target != "" {
				assert.Equal(t, tt.target, got[0].Source.Target)
			}
		})
	}
}

// TestCorpusQuirks checks the details of files whose quirk is in a field.
func TestCorpusQuirks(t *testing.T) {
	if _, err := os.Stat(filepath.Join(corpusDir, "har")); err != nil {
		t.Skip("../shared/corpus not found: ", err)
	}
	read := func(t *testing.T, rel string) ([]*Entry, *Reader) {
		t.Helper()
		f, err := os.Open(filepath.Join(corpusDir, rel))
		require.NoError(t, err)
		defer f.Close()
		r := NewReader(f, filepath.Base(rel))
		var es []*Entry
		for e, err := range r.Entries() {
			require.NoError(t, err)
			es = append(es, e)
		}
		return es, r
	}
	t.Run("BOM", func(t *testing.T) {
		es, r := read(t, "har/mitmproxy/with-bom.har")
		require.Len(t, es, 1)
		assert.Equal(t, "WebInspector 537.36", r.Creator().String())
		require.NotNil(t, es[0].Request.PostData, "postData with text but no params")
		assert.NotEmpty(t, es[0].Request.PostData.Text)
	})
	t.Run("NaN dates", func(t *testing.T) {
		es, _ := read(t, "har/har-reader/sstoehr.invalid-date.har")
		require.NotEmpty(t, es)
		nan := 0
		for _, e := range es {
			if strings.HasPrefix(e.StartedDateTime, "NaN") {
				nan++
				assert.True(t, e.Started.IsZero())
			}
		}
		assert.Positive(t, nan)
	})
	t.Run("JSONP", func(t *testing.T) {
		es, r := read(t, "har/harviewer/jsonp.har")
		require.Len(t, es, 1)
		assert.Equal(t, "Firebug 1.6X.0a11 / Firefox 3.6.6pre", r.Creator().String())
	})
	t.Run("bare entry", func(t *testing.T) {
		es, _ := read(t, "har/haralyzer/single_entry.har")
		require.Len(t, es, 1)
		assert.Equal(t, "http://humanssuck.net/", es[0].Request.URL)
		assert.False(t, es[0].Started.IsZero())
	})
	t.Run("status 0", func(t *testing.T) {
		es, _ := read(t, "har/mitmproxy/error_log.har")
		require.Len(t, es, 2)
		statuses := []int{es[0].Response.Status, es[1].Response.Status}
		assert.Contains(t, statuses, 0)
	})
	t.Run("images dropped, html kept", func(t *testing.T) {
		es, _ := read(t, "har/harviewer/issue-23_chrome51.har")
		omitted := 0
		for _, e := range es {
			if e.Response.Content.Omitted {
				omitted++
				assert.Empty(t, e.Response.Content.Text)
			}
		}
		assert.Positive(t, omitted)
	})
}
