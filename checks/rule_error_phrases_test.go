package checks_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/samlcheck/samlcheck/checks"
)

// errorPhrasesFile is where package pagetext's tests and benchmark read the
// phrases of the error/* rules from (pagetext cannot import checks).
var errorPhrasesFile = filepath.Join("pagetext", "testdata", "error-phrases.txt")

// TestErrorPhrasesFile keeps errorPhrasesFile in step with the error
// signs' table: one phrase a line, in the table's order; -update rewrites
// it.
func TestErrorPhrasesFile(t *testing.T) {
	phrases := checks.ErrorSignPhrases()
	for _, p := range phrases {
		require.NotContains(t, p, "\n")
	}
	want := strings.Join(phrases, "\n") + "\n"
	if *update {
		require.NoError(t, os.WriteFile(errorPhrasesFile, []byte(want), 0o644))
	}
	got, err := os.ReadFile(errorPhrasesFile)
	require.NoError(t, err)
	require.Equal(t, want, string(got), "%s is stale: run go test ./checks -update", errorPhrasesFile)
}
