package checks_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSeveritiesDeclared runs every rule fixture and holds each finding to
// its rule's declaration: the severity it carries is the rule's Severity or
// one of its Cases, so that `samlcheck explain` (which prints them) never
// says another severity than the findings do.
func TestSeveritiesDeclared(t *testing.T) {
	emitted := map[string][]checks.Severity{}
	err := filepath.WalkDir(rulesDir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		dir := filepath.Base(filepath.Dir(path))
		if dir != "fail" && dir != "pass" {
			return nil
		}
		if !slices.Contains(fixtures(t, filepath.Dir(path)), path) {
			return nil
		}
		_, fs, _ := checkFixture(t, path, "")
		for _, f := range fs {
			if !slices.Contains(emitted[f.Rule], f.Severity) {
				emitted[f.Rule] = append(emitted[f.Rule], f.Severity)
			}
		}
		return nil
	})
	require.NoError(t, err)
	require.NotEmpty(t, emitted)
	for id, sevs := range emitted {
		r := checks.Lookup(id)
		require.NotNil(t, r, "finding of unregistered rule %s", id)
		for _, s := range sevs {
			assert.Contains(t, r.Severities(), s, "%s reports %s findings, but neither its Severity nor a Case declares %s", id, s, s)
		}
	}
	for _, r := range checks.All() {
		for _, c := range r.Cases {
			assert.NotEqual(t, r.Severity, c.Severity, "%s: a Case repeats the default severity", r.ID)
			assert.NotEmpty(t, strings.TrimSpace(c.When), "%s: a Case says not when", r.ID)
		}
	}
}
