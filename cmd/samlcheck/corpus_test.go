package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// corpusDir is the shared real-world corpus (../shared/corpus beside the
// repository). A user's own clone has none: the tests that need it skip.
const corpusDir = "../../../shared/corpus"

func needCorpus(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(corpusDir, "MANIFEST.md")); err != nil {
		t.Skipf("../shared/corpus not found beside the repository (%v): the real-world corpus tests need it", err)
	}
}

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
	needCorpus(t)
	files, err := filepath.Glob(filepath.Join(corpusDir, "har", "*", "*.har"))
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(files), 40)
	for _, f := range files {
		rel, _ := filepath.Rel(corpusDir, f)
		t.Run(rel, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), []string{"--format", "json", f}, nil, &stdout, &stderr, func(string) string { return "" })
			if want, neg := negativeHARs[filepath.ToSlash(rel)]; neg {
				assert.Equal(t, exitInput, code, "NEGATIVE file must be refused")
				assert.Contains(t, stderr.String(), f, "error must name the file")
				assert.Contains(t, stderr.String(), want)
				return
			}
			assert.Equal(t, exitOK, code, "stderr: %s", stderr.String())
			assert.Empty(t, stderr.String())
			assert.Contains(t, stdout.String(), `"kind": "har"`)
		})
	}
}

// TestCorpusSAML runs the CLI on every SAML message file of the corpus: no
// panic, and every one is either decoded or reported with a saml/decode
// finding or a clear error.
func TestCorpusSAML(t *testing.T) {
	needCorpus(t)
	var files []string
	err := filepath.WalkDir(filepath.Join(corpusDir, "saml"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		name := d.Name()
		for _, skip := range []string{".pem", ".crt", ".cer", ".key", "idp.signing.cert", "sp.encryption."} {
			if strings.HasSuffix(name, skip) || strings.HasPrefix(name, skip) {
				return nil
			}
		}
		files = append(files, path)
		return nil
	})
	require.NoError(t, err)
	require.Greater(t, len(files), 100)
	for _, f := range files {
		rel, _ := filepath.Rel(corpusDir, f)
		t.Run(rel, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), []string{"--format", "json", "--fail-on", "never", f}, nil, &stdout, &stderr, func(string) string { return "" })
			if code == exitInput {
				assert.Contains(t, stderr.String(), f, "an unreadable input must be named")
				return
			}
			assert.Equal(t, exitOK, code, "stderr: %s", stderr.String())
			assert.Contains(t, stdout.String(), `"messages"`)
		})
	}
}
