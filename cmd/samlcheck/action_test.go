package main

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// action is the part of ../../action.yml (the GitHub Action) the tests read.
type action struct {
	Name   string `yaml:"name"`
	Inputs map[string]struct {
		Required bool   `yaml:"required"`
		Default  string `yaml:"default"`
	} `yaml:"inputs"`
	Runs struct {
		Using string       `yaml:"using"`
		Steps []actionStep `yaml:"steps"`
	} `yaml:"runs"`
}

type actionStep struct {
	Name  string            `yaml:"name"`
	ID    string            `yaml:"id"`
	If    string            `yaml:"if"`
	Uses  string            `yaml:"uses"`
	Shell string            `yaml:"shell"`
	Run   string            `yaml:"run"`
	Env   map[string]string `yaml:"env"`
	With  map[string]string `yaml:"with"`
}

func readAction(t *testing.T) *action {
	t.Helper()
	data, err := os.ReadFile("../../action.yml")
	require.NoError(t, err)
	var a action
	require.NoError(t, yaml.Unmarshal(data, &a))
	return &a
}

// TestActionShape checks what the steps cannot show when run locally
// (testdata/script/action.txtar runs the run: steps): a composite action
// with the documented inputs, whose scripts take inputs only through env
// (never ${{ }} inside a script, which would let a path inject shell), and
// which uploads the SARIF log even when the check step fails.
func TestActionShape(t *testing.T) {
	a := readAction(t)
	assert.Equal(t, "composite", a.Runs.Using)
	for _, in := range []string{"paths", "format", "fail-on", "sarif-file", "upload-sarif"} {
		assert.Contains(t, a.Inputs, in, "input %s", in)
	}
	assert.Equal(t, "github", a.Inputs["format"].Default, "annotations on the pull request by default")
	assert.Equal(t, "error", a.Inputs["fail-on"].Default)
	var upload *actionStep
	ids := map[string]bool{}
	for i, st := range a.Runs.Steps {
		if st.Run != "" {
			assert.NotContains(t, st.Run, "${{", "step %q: expressions belong in env, not in the script", st.Name)
			assert.Equal(t, "bash", st.Shell, "step %q", st.Name)
			assert.NotEmpty(t, st.ID, "step %q: an id, for action.txtar", st.Name)
			ids[st.ID] = true
		}
		if strings.HasPrefix(st.Uses, "github/codeql-action/upload-sarif@") {
			upload = &a.Runs.Steps[i]
		}
	}
	assert.True(t, ids["install"] && ids["check"], "the install and check steps")
	require.NotNil(t, upload, "the action uploads SARIF with github/codeql-action/upload-sarif")
	assert.Contains(t, upload.If, "always()", "upload the findings even when the check fails the job")
	assert.Equal(t, "${{ inputs.sarif-file }}", upload.With["sarif_file"])
}

// expression matches a GitHub Actions expression.
var expression = regexp.MustCompile(`\$\{\{\s*(.*?)\s*\}\}`)

// runActionStep runs the run: script of the action step with id, as the
// runner does (bash --noprofile --norc -eo pipefail), in work as the
// workspace. The step's env expressions are evaluated: inputs.NAME from
// vars["inputs.NAME"] or the input's default, github.action_path as the
// repository root, runner.temp as work/runner-temp. GITHUB_PATH and
// GITHUB_OUTPUT are files in work; the folders earlier steps added to
// GITHUB_PATH come first on PATH, as on a runner.
func runActionStep(fatalf func(string, ...any), a *action, root, work, id string, vars map[string]string, stdout, stderr io.Writer) int {
	var step *actionStep
	for i := range a.Runs.Steps {
		if a.Runs.Steps[i].ID == id {
			step = &a.Runs.Steps[i]
		}
	}
	if step == nil {
		fatalf("action.yml has no step with id %q", id)
		return -1
	}
	if step.Run == "" {
		fatalf("step %q has no run: script", id)
		return -1
	}
	temp := filepath.Join(work, "runner-temp")
	if err := os.MkdirAll(temp, 0o755); err != nil {
		fatalf("step %q: %v", id, err)
		return -1
	}
	env := os.Environ()
	for k, v := range step.Env {
		v = expression.ReplaceAllStringFunc(v, func(e string) string {
			expr := expression.FindStringSubmatch(e)[1]
			switch {
			case expr == "github.action_path":
				return root
			case expr == "runner.temp":
				return temp
			case strings.HasPrefix(expr, "inputs."):
				if v, ok := vars[expr]; ok {
					return v
				}
				in, ok := a.Inputs[strings.TrimPrefix(expr, "inputs.")]
				if !ok {
					fatalf("step %q: no input %s", id, expr)
				}
				return in.Default
			}
			fatalf("step %q: expression %q is not known to the test", id, expr)
			return ""
		})
		env = append(env, k+"="+v)
	}
	ghPath := filepath.Join(work, "github-path")
	path := os.Getenv("PATH")
	if data, err := os.ReadFile(ghPath); err == nil {
		for _, dir := range strings.Fields(string(data)) {
			path = dir + string(os.PathListSeparator) + path
		}
	}
	env = append(env, "PATH="+path, "GITHUB_PATH="+ghPath, "GITHUB_OUTPUT="+filepath.Join(work, "github-output"), "GITHUB_WORKSPACE="+work)
	c := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step.Run)
	c.Dir, c.Env, c.Stdout, c.Stderr = work, env, stdout, stderr
	err := c.Run()
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exitErr):
		return exitErr.ExitCode()
	}
	fatalf("step %q: %v", id, err)
	return -1
}
