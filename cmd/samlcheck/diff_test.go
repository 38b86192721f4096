package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/checks/diff"
)

// diffFlags turns the first line of a testdata/diff want file into flags
// (paths are relative to the case's folder).
func diffFlags(dir, line string) []string {
	var args []string
	for _, kv := range strings.Fields(line) {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "abac":
			if v == "true" {
				args = append(args, "--abac")
			}
		case "idp-cert", "idp-metadata", "sp-metadata", "sp-key", "users":
			args = append(args, "--"+k, filepath.Join(dir, v))
		default:
			args = append(args, "--"+k, v)
		}
	}
	return args
}

// TestDiffFixtures runs samlcheck diff on each pair of testdata/diff: the
// differences its want file lists come in that order, rule-judged ones
// before structural ones before cosmetic ones, and the exit code is 1.
// Each side checked alone reports the rules its comment names.
func TestDiffFixtures(t *testing.T) {
	dirs, err := filepath.Glob("../../testdata/diff/*")
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(dirs), 7)
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, "want"))
			require.NoError(t, err)
			lines := strings.Split(strings.TrimSpace(string(data)), "\n")
			flags := diffFlags(dir, lines[0])
			good, bad := filepath.Join(dir, "good.xml"), filepath.Join(dir, "bad.xml")
			code, out, errOut := runCLI(append(append([]string{"diff", "--format", "json"}, flags...), good, bad)...)
			require.Empty(t, errOut)
			assert.Equal(t, exitFindings, code)
			var r diff.Result
			require.NoError(t, json.Unmarshal([]byte(out), &r))
			var got []string
			rank := map[diff.Kind]int{diff.KindRule: 0, diff.KindStructural: 1, diff.KindCosmetic: 2}
			for i, d := range r.Differences {
				got = append(got, strings.TrimSpace(string(d.Kind)+" "+d.Field+" "+strings.Join(d.Rules, ",")))
				if i > 0 {
					assert.LessOrEqual(t, rank[r.Differences[i-1].Kind], rank[d.Kind], "ranking at %d: %s", i, out)
				}
			}
			// The wanted lines are a subsequence of the differences, in order.
			j := 0
			for _, g := range got {
				if j < len(lines)-1 && g == lines[j+1] {
					j++
				}
			}
			assert.Equal(t, len(lines)-1, j, "want (in order):\n%s\ngot:\n%s", strings.Join(lines[1:], "\n"), strings.Join(got, "\n"))
			for _, f := range []string{good, bad} {
				checkSideWant(t, f, flags)
			}
		})
	}
}

// checkSideWant checks one side alone: the rules it reports at warning or
// above are those its expectation comment names.
func checkSideWant(t *testing.T, file string, flags []string) {
	t.Helper()
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	var want []string
	if m := wantComment.FindSubmatch(data); m != nil {
		for _, kv := range strings.Fields(string(m[1])) {
			if v, ok := strings.CutPrefix(kv, "want="); ok && v != "" {
				want = strings.Split(v, ",")
			}
		}
	}
	_, out, _ := runCLI(append(append([]string{"--format", "json"}, flags...), file)...)
	var rep checks.Report
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	var got []string
	for _, f := range rep.Findings {
		if f.Severity >= checks.Warning && !slices.Contains(got, f.Rule) {
			got = append(got, f.Rule)
		}
	}
	slices.Sort(got)
	assert.Equal(t, want, got, "%s", file)
}

// TestDiffSelf: every input of testdata compared with itself has no
// difference, and diff exits 0.
func TestDiffSelf(t *testing.T) {
	var files []string
	for _, dir := range []string{"har", "inputs", "realworld", "rules", "diff"} {
		err := filepath.WalkDir(filepath.Join("../../testdata", dir), func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			base := d.Name()
			if strings.HasSuffix(base, ".want") || base == "want" || strings.HasPrefix(base, "users.") || strings.HasPrefix(base, "jwks") || strings.HasSuffix(base, ".pem") || strings.HasSuffix(base, ".md") {
				return nil
			}
			files = append(files, p)
			return nil
		})
		require.NoError(t, err)
	}
	require.Greater(t, len(files), 200)
	failed := 0
	for _, f := range files {
		code, out, errOut := runCLI("diff", "--format", "json", f, f)
		if code == exitInput && strings.Contains(errOut, "no SAML message found") {
			continue // metadata, a users list: no message to compare
		}
		if !assert.Equal(t, exitOK, code, "%s: %s%s", f, errOut, out) {
			failed++
		}
		var r diff.Result
		if assert.NoError(t, json.Unmarshal([]byte(out), &r), f) {
			assert.Empty(t, r.Differences, f)
			assert.NotEmpty(t, r.Pairs, f)
		}
		if failed > 5 {
			t.Fatal("too many failures")
		}
	}
}
