package main

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// negativeHARs are the corpus files its MANIFEST marks NEGATIVE: they must be
// refused with a one-line error naming the file, and exit code 2.
var negativeHARs = map[string]string{
	"har/mitmproxy/brokenfile.har": "not a HAR file",
	"har/harviewer/not-json.har":   "",
	"har/harviewer/not-valid.har":  "entries",
}

// TestCorpusHARs runs the CLI on every real HAR in the corpus: none may
// panic, only the NEGATIVE ones may be refused, and no secret may be printed.
func TestCorpusHARs(t *testing.T) {
	for _, f := range corpusHARs(t) {
		rel, _ := filepath.Rel(corpusDir, f)
		t.Run(rel, func(t *testing.T) {
			code, stdout, stderr := runCLI("--format", "json", f)
			if want, neg := negativeHARs[filepath.ToSlash(rel)]; neg {
				assert.Equal(t, exitInput, code, "NEGATIVE file must be refused")
				assert.Contains(t, stderr, f, "error must name the file")
				assert.Contains(t, stderr, want)
				return
			}
			assert.Equal(t, exitOK, code, "stderr: %s", stderr)
			assert.Empty(t, stderr)
			assert.Contains(t, stdout, `"kind": "har"`)
		})
	}
}

// TestCorpusSAML runs the CLI on every SAML message file of the corpus: no
// panic, and every one is either decoded or reported with a saml/decode
// finding or a clear error.
func TestCorpusSAML(t *testing.T) {
	files := corpusSAMLFiles(t)
	require.Greater(t, len(files), 100)
	for _, f := range files {
		rel, _ := filepath.Rel(corpusDir, f)
		t.Run(rel, func(t *testing.T) {
			code, stdout, stderr := runCLI("--format", "json", "--fail-on", "never", f)
			if code == exitInput {
				assert.Contains(t, stderr, f, "an unreadable input must be named")
				return
			}
			assert.Equal(t, exitOK, code, "stderr: %s", stderr)
			assert.Contains(t, stdout, `"messages"`)
		})
	}
}
