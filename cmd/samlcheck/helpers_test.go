package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
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
	return walkFiles(t, []string{filepath.Join(corpusDir, "saml")}, func(path string) bool {
		name := filepath.Base(path)
		if slices.Contains([]string{".pem", ".key", ".crt", ".cer", ".cert", ".md"}, strings.ToLower(filepath.Ext(name))) {
			return false
		}
		for _, skip := range []string{".pem", ".crt", ".cer", ".key", "idp.signing.cert", "sp.encryption."} {
			if strings.HasSuffix(name, skip) || strings.HasPrefix(name, skip) {
				return false
			}
		}
		return true
	})
}

// walkFiles returns the files below roots, in walk order, that keep
// reports true of.
func walkFiles(t *testing.T, roots []string, keep func(path string) bool) []string {
	t.Helper()
	var files []string
	for _, root := range roots {
		err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && keep(p) {
				files = append(files, p)
			}
			return err
		})
		require.NoError(t, err)
	}
	return files
}

// wantComment is the expectation line of an XML fixture.
var wantComment = regexp.MustCompile(`<!-- samlcheck: ([^>]*) -->`)

// parseWant returns the key=value pairs of an expectation line.
func parseWant(line string) map[string]string {
	kv := map[string]string{}
	for _, f := range strings.Fields(line) {
		k, v, _ := strings.Cut(f, "=")
		kv[k] = v
	}
	return kv
}

// sidecarWant returns the key=value pairs of file's .want sidecar.
func sidecarWant(file string) (map[string]string, error) {
	side, err := os.ReadFile(file + ".want")
	if err != nil {
		return nil, err
	}
	return parseWant(string(side)), nil
}

// fixtureWant returns the key=value pairs of a fixture's expectation: its
// .want sidecar, or the comment of an XML file.
func fixtureWant(t *testing.T, file string) map[string]string {
	t.Helper()
	if kv, err := sidecarWant(file); err == nil {
		return kv
	}
	line := ""
	if data, err := os.ReadFile(file); err == nil {
		if m := wantComment.FindSubmatch(data); m != nil {
			line = string(m[1])
		}
	}
	return parseWant(line)
}

// wantFlags are the check flags an expectation asks for (profile, at,
// abac), without the users list.
func wantFlags(want map[string]string) []string {
	var args []string
	if p := want["profile"]; p != "" {
		args = append(args, "--profile", p)
	}
	if at := want["at"]; at != "" {
		args = append(args, "--at", at)
	}
	if want["abac"] == "true" {
		args = append(args, "--abac")
	}
	return args
}

// checkArgs are the flags a fixture's expectation asks for, without the
// users list, and without a configuration file.
func checkArgs(want map[string]string) []string {
	return append([]string{"--no-config", "--format", "json"}, wantFlags(want)...)
}

// showAt reports needle found at offset i of haystack, with some context.
func showAt(t *testing.T, haystack, needle string, i int, what string) {
	t.Helper()
	from, to := max(0, i-80), min(len(haystack), i+len(needle)+80)
	t.Errorf("%s: %q at offset %d: …%s…", what, needle, i, haystack[from:to])
}

// assertAbsent fails when needle is in haystack, showing where (and not
// the whole haystack).
func assertAbsent(t *testing.T, haystack, needle, what string) bool {
	t.Helper()
	i := strings.Index(haystack, needle)
	if i < 0 {
		return true
	}
	showAt(t, haystack, needle, i, what)
	return false
}

// assertNoneOf fails for each of needles that is in haystack, showing
// where.
func assertNoneOf(t *testing.T, haystack string, needles []string, what string) {
	t.Helper()
	for _, n := range needles {
		assertAbsent(t, haystack, n, what)
	}
}
