package analyze_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/checks/analyze"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// corpusHARs is the real-world HAR corpus (../shared/corpus/har).
const corpusHARs = "../../../shared/corpus/har"

// TestCorpusNoTokenOrSCIMFalsePositives runs the token, SCIM and
// connection rules on the real-world HARs of the corpus (exports of
// browsers, proxies and HAR tools, none of them a SCIM client or a token
// exchange, one with a proxy's connection error): none may report.
func TestCorpusNoTokenOrSCIMFalsePositives(t *testing.T) {
	if _, err := os.Stat(corpusHARs); err != nil {
		t.Skipf("corpus not found at %s (%v): nothing to check", corpusHARs, err)
	}
	var files []string
	require.NoError(t, filepath.WalkDir(corpusHARs, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".har") {
			files = append(files, p)
		}
		return err
	}))
	require.NotEmpty(t, files)
	for _, f := range files {
		rep, _ := analyze.Files(t.Context(), []string{f}, &checks.Config{}, nil)
		require.NotNil(t, rep, f)
		for _, fd := range rep.Findings {
			id := fd.Rule
			mine := strings.HasPrefix(id, "scim/") || strings.HasPrefix(id, "oidc/") ||
				id == "error/scim-response" || id == "error/cert-name-mismatch" || id == "error/cognito-redirect-mismatch"
			assert.False(t, mine, "%s: %s: %s", f, id, fd.Message)
		}
	}
}
