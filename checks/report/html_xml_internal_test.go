package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/beevik/etree"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/samlcheck/samlcheck/saml"
)

// TestHighlightPathsAreSAMLPaths: the highlighter's element paths are
// those saml.Path gives (the paths findings carry), for every element of
// every XML fixture and of a document with repeated names.
func TestHighlightPathsAreSAMLPaths(t *testing.T) {
	docs := []string{`<p:r xmlns:p="urn:p" xmlns:q="urn:q"><a/><p:a/><a><b/><b/></a><q:a/><a/></p:r>`}
	files, err := filepath.Glob("../../testdata/rules/*/*/*/*.xml")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		docs = append(docs, string(data))
	}
	for i, doc := range docs {
		_, ids, ok := highlightXML(doc, "m1", nil)
		d := etree.NewDocument()
		if err := d.ReadFromString(doc); err != nil || d.Root() == nil {
			assert.False(t, ok, "document %d does not parse, yet was highlighted", i)
			continue // a saml/decode fixture
		}
		require.True(t, ok, "document %d", i)
		n := 0
		var walk func(el *etree.Element)
		walk = func(el *etree.Element) {
			n++
			_, found := ids[saml.Path(el)]
			assert.True(t, found, "document %d: %s has no element in the view", i, saml.Path(el))
			for _, c := range el.ChildElements() {
				walk(c)
			}
		}
		walk(d.Root())
		assert.Len(t, ids, n, "document %d: paths are not one per element", i)
	}
}

// TestHighlightIsLinear: ten thousand siblings (an attacker's attributes)
// take well under a second.
func TestHighlightIsLinear(t *testing.T) {
	doc := "<r>" + strings.Repeat("<a>x</a>", 10000) + "</r>"
	start := time.Now()
	_, ids, ok := highlightXML(doc, "m1", nil)
	require.True(t, ok)
	assert.Len(t, ids, 10001)
	assert.Contains(t, ids, "/r/a[10000]")
	assert.Less(t, time.Since(start), 2*time.Second)
}
