package checks_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/har"
	"github.com/samlcheck/samlcheck/har/capture"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// errorCorpusDir holds the real-world HARs of the shared corpus (browser,
// proxy and tool exports of ordinary sites: no AWS login among them).
const errorCorpusDir = "../../shared/corpus/har"

// TestErrorRulesOnCorpus reads every HAR of the corpus as the CLI does and
// checks that the error/* rules stay quiet on pages that are not AWS
// sign-in errors: MayBeErrorPage keeps none of their bodies (over a hundred
// HTML, JSON and script bodies, among them cnn.com's) and no error/*
// finding is reported. Files the corpus marks NEGATIVE end in an error
// after what could be read.
func TestErrorRulesOnCorpus(t *testing.T) {
	if _, err := os.Stat(errorCorpusDir); err != nil {
		t.Skipf("../shared/corpus not found: %v", err)
	}
	var files []string
	require.NoError(t, filepath.WalkDir(errorCorpusDir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".har") {
			files = append(files, p)
		}
		return err
	}))
	require.NotEmpty(t, files)
	offered := 0
	for _, p := range files {
		f, err := os.Open(p)
		require.NoError(t, err)
		c, _ := har.ScanWith(f, p, har.ScanOptions{
			KeepPage: func(e *har.Entry, body []byte) bool {
				offered++
				return checks.MayBeErrorPage(e.Response.Content.MimeType, body)
			},
			MaxText: capture.DefaultMaxPageText,
		})
		f.Close()
		if c == nil {
			continue // not a HAR at all (NEGATIVE files)
		}
		assert.Empty(t, c.Pages, "%s: no body of an ordinary site is an AWS error page", p)
		rep, err := checks.RunCaptures(context.Background(), &checks.Config{}, []capture.Capture{c.Capture})
		require.NoError(t, err)
		for _, fd := range rep.Findings {
			assert.False(t, strings.HasPrefix(fd.Rule, "error/"), "%s: %s: %s", p, fd.Rule, fd.Message)
		}
	}
	assert.Greater(t, offered, 30, "the corpus offers bodies to the filter (har offers no scripts or style sheets)")
}
