package main

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCaptureFixtures runs the CLI on the generated login captures and raw
// inputs in testdata/har, testdata/inputs and testdata/realworld, and compares the rules reported
// (warning or error) with the fixture's .want sidecar. Ids in want= that no
// registered rule has yet (the error/* rules of a later issue) are left out
// of the comparison, so the test tightens by itself as rules are added.
func TestCaptureFixtures(t *testing.T) {
	var files []string
	for _, dir := range []string{"har", "inputs", "realworld"} {
		m, err := filepath.Glob(filepath.Join("../../testdata", dir, "*"))
		require.NoError(t, err)
		for _, f := range m {
			if !strings.HasSuffix(f, ".want") {
				files = append(files, f)
			}
		}
	}
	require.GreaterOrEqual(t, len(files), 10)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			kv, err := sidecarWant(f)
			require.NoError(t, err)
			args := append([]string{"--format", "json"}, wantFlags(kv)...)
			var want []string
			for _, id := range strings.Split(kv["want"], ",") {
				if id != "" && checks.Lookup(id) != nil {
					want = append(want, id)
				}
			}
			sort.Strings(want)
			code, stdout, stderr := runCLI(append(args, f)...)
			require.Empty(t, stderr)
			var rep checks.Report
			require.NoError(t, json.Unmarshal([]byte(stdout), &rep))
			require.NotEmpty(t, rep.Messages, "no SAML message found")
			var got []string
			hasError := false
			for _, fd := range rep.Findings {
				if fd.Severity >= checks.Warning && !slices.Contains(got, fd.Rule) {
					got = append(got, fd.Rule)
				}
				hasError = hasError || fd.Severity == checks.Error
			}
			sort.Strings(got)
			assert.Equal(t, want, got, "findings: %s", stdout)
			wantCode := exitOK
			if hasError {
				wantCode = exitFindings
			}
			assert.Equal(t, wantCode, code)
			for _, m := range rep.Messages {
				assert.Empty(t, m.DecodeError, "message %d did not decode", m.Index)
			}
		})
	}
}
