package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// readmeBlock returns the YAML code block between README.md's markers
// <!-- ci:NAME:begin … --> and <!-- ci:NAME:end -->.
func readmeBlock(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	re := regexp.MustCompile("(?s)<!-- ci:" + name + ":begin[^>]*-->\\s*```yaml\\n(.*?)```\\s*<!-- ci:" + name + ":end -->")
	m := re.FindSubmatch(data)
	require.NotNil(t, m, "README.md lacks the ci:%s block (a YAML code block between the markers)", name)
	return m[1]
}

// fixtureFolder makes a working directory holding fixtures/ as a CI job
// would check it: valid login captures and messages from testdata, plus
// files that are not SAML (skipped). It returns the directory.
func fixtureFolder(t *testing.T, extra map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	copyFile := func(from, to string) {
		data, err := os.ReadFile(filepath.Join("../../testdata", from))
		require.NoError(t, err)
		p := filepath.Join(dir, "fixtures", to)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, data, 0o644))
	}
	for _, f := range []string{"chrome-idc-ok.har", "firefox-idc-ok.har", "chrome-iam-ok.har", "chrome-connect-ok.har"} {
		copyFile("har/"+f, "captures/"+f)
	}
	copyFile("keys/idp.crt.pem", "idp.crt.pem")
	copyFile("rules/idc/metadata/pass/email.idp-metadata.xml", "idp-metadata.xml")
	copyFile("rules/idc/nameid-user/pass/users.json", "users.json")
	copyFile("README.md", "README.md")
	for name, body := range extra {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644))
	}
	// The configuration search stops at the repository's root.
	require.NoError(t, os.WriteFile(filepath.Join(dir, ".git"), []byte("gitdir: none\n"), 0o644))
	return dir
}

// runIn runs the command line (its words split at spaces; the README's
// commands need no quoting) in dir, in-process.
func runIn(t *testing.T, dir, cmdline string) (code int, stdout, stderr string) {
	t.Helper()
	words := strings.Fields(cmdline)
	require.NotEmpty(t, words)
	require.Equal(t, "samlcheck", words[0], "the command must run samlcheck: %q", cmdline)
	require.NotRegexp(t, "['\"$`|;&<>]", cmdline, "keep the README's command free of shell syntax, so that this test runs it as is")
	wd, err := os.Getwd()
	require.NoError(t, err)
	require.NoError(t, os.Chdir(dir))
	defer func() { require.NoError(t, os.Chdir(wd)) }()
	return runCLI(words[1:]...)
}

// TestReadmeGitHubActions runs the samlcheck step of the README's GitHub
// Actions job on a fixture folder made from testdata, and checks that the
// SARIF file it writes is the one the upload step reads.
func TestReadmeGitHubActions(t *testing.T) {
	var wf struct {
		Jobs map[string]struct {
			Permissions map[string]string `yaml:"permissions"`
			Steps       []struct {
				Uses string            `yaml:"uses"`
				Run  string            `yaml:"run"`
				If   string            `yaml:"if"`
				With map[string]string `yaml:"with"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	require.NoError(t, yaml.Unmarshal(readmeBlock(t, "github-actions"), &wf))
	require.Len(t, wf.Jobs, 1)
	for _, job := range wf.Jobs {
		assert.Equal(t, "write", job.Permissions["security-events"], "upload-sarif needs security-events: write")
		var cmdline, sarifFile string
		installs := false
		for _, st := range job.Steps {
			switch {
			case strings.HasPrefix(st.Run, "samlcheck "):
				require.Empty(t, cmdline, "one samlcheck step")
				cmdline = strings.TrimSpace(st.Run)
			case strings.HasPrefix(st.Run, "go install github.com/samlcheck/samlcheck/cmd/samlcheck@"):
				installs = true
			case strings.HasPrefix(st.Uses, "github/codeql-action/upload-sarif@"):
				sarifFile = st.With["sarif_file"]
				assert.Equal(t, "always()", st.If, "upload the findings even when samlcheck fails the job")
			}
		}
		require.True(t, installs, "the job installs samlcheck")
		require.NotEmpty(t, cmdline, "the job runs samlcheck")
		require.NotEmpty(t, sarifFile, "the job uploads SARIF")
		require.Contains(t, cmdline, "-o sarif="+sarifFile, "samlcheck writes the file the upload step reads")

		// Valid fixtures: exit 0, a SARIF log without errors.
		dir := fixtureFolder(t, nil)
		code, stdout, stderr := runIn(t, dir, cmdline)
		assert.Equal(t, exitOK, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
		assert.Empty(t, stderr)
		assert.NotContains(t, stdout, "::error")
		data, err := os.ReadFile(filepath.Join(dir, sarifFile))
		require.NoError(t, err)
		var log struct {
			Version string `json:"version"`
			Runs    []struct {
				Artifacts []struct {
					Location struct {
						URI string `json:"uri"`
					} `json:"location"`
				} `json:"artifacts"`
			} `json:"runs"`
		}
		require.NoError(t, json.Unmarshal(data, &log))
		assert.Equal(t, "2.1.0", log.Version)
		require.Len(t, log.Runs, 1)
		assert.Len(t, log.Runs[0].Artifacts, 4, "the four captures, and no file that is not SAML")

		// A broken fixture fails the job with an annotation on the file.
		bad, err := os.ReadFile("../../testdata/har/chrome-idc-nameid-unspecified.har")
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, "fixtures", "new.har"), bad, 0o644))
		code, stdout, _ = runIn(t, dir, cmdline)
		assert.Equal(t, exitFindings, code)
		assert.Regexp(t, `(?m)^::error file=fixtures/new.har.*idc/nameid-format`, stdout)
	}
}

// TestReadmePreCommit runs the README's pre-commit hook entry as pre-commit
// would (no file names appended: pass_filenames is false).
func TestReadmePreCommit(t *testing.T) {
	var cfg struct {
		Repos []struct {
			Repo  string `yaml:"repo"`
			Hooks []struct {
				ID            string `yaml:"id"`
				Entry         string `yaml:"entry"`
				Language      string `yaml:"language"`
				Files         string `yaml:"files"`
				PassFilenames *bool  `yaml:"pass_filenames"`
			} `yaml:"hooks"`
		} `yaml:"repos"`
	}
	require.NoError(t, yaml.Unmarshal(readmeBlock(t, "pre-commit"), &cfg))
	require.Len(t, cfg.Repos, 1)
	require.Equal(t, "local", cfg.Repos[0].Repo)
	require.Len(t, cfg.Repos[0].Hooks, 1)
	hook := cfg.Repos[0].Hooks[0]
	require.NotNil(t, hook.PassFilenames)
	require.False(t, *hook.PassFilenames, "the test runs the entry alone, as pre-commit does without file names")
	assert.Contains(t, []string{"system", "golang"}, hook.Language)
	assert.Regexp(t, hook.Files, "fixtures/captures/chrome-idc-ok.har", "the hook runs when a fixture changes")

	dir := fixtureFolder(t, nil)
	code, stdout, stderr := runIn(t, dir, hook.Entry)
	assert.Equal(t, exitOK, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)

	bad, err := os.ReadFile("../../testdata/har/chrome-idc-nameid-unspecified.har")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "fixtures", "new.har"), bad, 0o644))
	code, stdout, _ = runIn(t, dir, hook.Entry)
	assert.Equal(t, exitFindings, code, "a broken fixture blocks the commit")
	assert.Contains(t, stdout, "idc/nameid-format")
}

// TestPreCommitHooks runs the hooks of .pre-commit-hooks.yaml as pre-commit
// would: the entry, then args, then (with pass_filenames) the staged files
// that match files.
func TestPreCommitHooks(t *testing.T) {
	data, err := os.ReadFile("../../.pre-commit-hooks.yaml")
	require.NoError(t, err)
	var hooks []struct {
		ID            string   `yaml:"id"`
		Entry         string   `yaml:"entry"`
		Language      string   `yaml:"language"`
		Args          []string `yaml:"args"`
		Files         string   `yaml:"files"`
		PassFilenames *bool    `yaml:"pass_filenames"`
	}
	require.NoError(t, yaml.Unmarshal(data, &hooks))
	require.Len(t, hooks, 2)
	for _, h := range hooks {
		t.Run(h.ID, func(t *testing.T) {
			assert.Equal(t, "golang", h.Language, "pre-commit builds samlcheck from this repository")
			require.NotNil(t, h.PassFilenames)
			files := regexp.MustCompile(h.Files)
			dir := fixtureFolder(t, nil)
			cmdline := func(staged ...string) string {
				words := append([]string{h.Entry}, h.Args...)
				if *h.PassFilenames {
					for _, f := range staged {
						if files.MatchString(f) {
							words = append(words, f)
						}
					}
				}
				return strings.Join(words, " ")
			}
			code, stdout, stderr := runIn(t, dir, cmdline("fixtures/captures/chrome-idc-ok.har", "fixtures/README.md"))
			assert.Equal(t, exitOK, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)

			bad, err := os.ReadFile("../../testdata/har/chrome-idc-nameid-unspecified.har")
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(dir, "fixtures", "new.har"), bad, 0o644))
			require.True(t, files.MatchString("fixtures/new.har"), "the hook runs when a capture changes")
			code, stdout, _ = runIn(t, dir, cmdline("fixtures/new.har"))
			assert.Equal(t, exitFindings, code, "a broken capture blocks the commit")
			assert.Contains(t, stdout, "idc/nameid-format")
		})
	}
}

// TestReadmeGitLab runs the samlcheck command of the README's GitLab CI job
// on a fixture folder and checks that it writes the JUnit report the job
// declares, with a failed test case for a broken capture.
func TestReadmeGitLab(t *testing.T) {
	var cfg map[string]struct {
		Script    []string `yaml:"script"`
		Artifacts struct {
			When    string            `yaml:"when"`
			Reports map[string]string `yaml:"reports"`
		} `yaml:"artifacts"`
	}
	require.NoError(t, yaml.Unmarshal(readmeBlock(t, "gitlab"), &cfg))
	require.Len(t, cfg, 1)
	for _, job := range cfg {
		var cmdline string
		installs := false
		for _, line := range job.Script {
			switch {
			case strings.HasPrefix(line, "samlcheck "):
				cmdline = line
			case strings.HasPrefix(line, "go install github.com/samlcheck/samlcheck/cmd/samlcheck@"):
				installs = true
			}
		}
		require.True(t, installs, "the job installs samlcheck")
		require.NotEmpty(t, cmdline, "the job runs samlcheck")
		junit := job.Artifacts.Reports["junit"]
		require.NotEmpty(t, junit, "the job declares a JUnit report")
		assert.Equal(t, "always", job.Artifacts.When, "keep the report when samlcheck fails the job")
		require.Contains(t, cmdline, "-o junit="+junit, "samlcheck writes the report the job declares")

		dir := fixtureFolder(t, nil)
		code, stdout, stderr := runIn(t, dir, cmdline)
		assert.Equal(t, exitOK, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
		data, err := os.ReadFile(filepath.Join(dir, junit))
		require.NoError(t, err)
		assert.Contains(t, string(data), "<testsuites")
		assert.NotContains(t, string(data), "<failure")

		bad, err := os.ReadFile("../../testdata/har/chrome-idc-nameid-unspecified.har")
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, "fixtures", "new.har"), bad, 0o644))
		code, _, _ = runIn(t, dir, cmdline)
		assert.Equal(t, exitFindings, code)
		data, err = os.ReadFile(filepath.Join(dir, junit))
		require.NoError(t, err)
		assert.Regexp(t, `<failure message="NameID Format is`, string(data))
	}
}
