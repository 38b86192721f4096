package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// runCLI runs samlcheck with args and returns its exit code and output.
func runCLI(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, nil, &stdout, &stderr, func(string) string { return "" })
	return code, stdout.String(), stderr.String()
}

// corpusDir is the shared real-world corpus (../shared/corpus beside the
// repository). A user's own clone has none: the tests that need it skip.
const corpusDir = "../../../shared/corpus"

func needCorpus(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(corpusDir, "MANIFEST.md")); err != nil {
		t.Skipf("../shared/corpus not found beside the repository (%v): the real-world corpus tests need it", err)
	}
}

// corpusHARs returns the HAR files of the corpus (at least 40; the test
// skips without the corpus).
func corpusHARs(t *testing.T) []string {
	t.Helper()
	needCorpus(t)
	files, err := filepath.Glob(filepath.Join(corpusDir, "har", "*", "*.har"))
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(files), 40)
	return files
}

// corpusSAMLFiles returns the SAML message files under the corpus's saml
// folder: not its keys, certificates and notes (the test skips without the
// corpus).
func corpusSAMLFiles(t *testing.T) []string {
	t.Helper()
	needCorpus(t)
	var files []string
	err := filepath.WalkDir(filepath.Join(corpusDir, "saml"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		name := d.Name()
		if slices.Contains([]string{".pem", ".key", ".crt", ".cer", ".cert", ".md"}, strings.ToLower(filepath.Ext(name))) {
			return nil
		}
		for _, skip := range []string{".pem", ".crt", ".cer", ".key", "idp.signing.cert", "sp.encryption."} {
			if strings.HasSuffix(name, skip) || strings.HasPrefix(name, skip) {
				return nil
			}
		}
		files = append(files, path)
		return nil
	})
	require.NoError(t, err)
	return files
}
