package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/stretchr/testify/require"
)

// ansi matches an ANSI colour code.
var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

var update = flag.Bool("update", false, "rewrite golden files from the current output")

// mainCommand is the name under which testscript.Main installs this test
// binary, run as samlcheck, on the scripts' PATH. It is not "samlcheck":
// a command installed by Main fails the script when it exits non-zero,
// where the scripts' samlcheck command records the exit code for "exit N".
const mainCommand = "samlcheck-main"

// TestMain lets the test binary run as samlcheck (main) when it is started
// as mainCommand by a script, as the go command and shfmt test their CLIs.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){mainCommand: main})
}

// inputUnset marks an action input that no "env inputs.NAME=V" set, so the
// action command can tell it from an input set to the empty string.
const inputUnset = "\x01unset"

// scriptState is what a script's commands share: the last run's exit code.
type scriptState struct {
	code int // -1 before the first run
}

type stateKey struct{}

func state(ts *testscript.TestScript) *scriptState {
	return ts.Value(stateKey{}).(*scriptState)
}

// TestScripts runs the CLI scripts in testdata/script with testscript, in
// parallel, each in its own $WORK holding the archive's files and a copy
// of the repository's testdata/ (so fixture paths such as
// testdata/har/x.har read as they do from the repository root). $ROOT is
// the repository root. samlcheck runs in a subprocess: this test binary,
// started by testscript.Main. testscript's own commands (cd, cp, env,
// exec, mkdir, stdin, stdout, stderr, [exec:PROG] conditions, ...) keep
// their meaning (see go doc testscript); stdout and stderr match the last
// run's output, where the work directory reads as $WORK. Commands added
// here:
//
//	samlcheck ARGS...  run the CLI in the current directory (stdin from the
//	                   last "stdin FILE"); a non-zero exit is no failure
//	exit N             the last samlcheck or action run exited with N
//	golden NAME        stdout equals testdata/golden/NAME (-update rewrites it)
//	cat FILE           make FILE's content (relative to the current
//	                   directory) the stdout that stdout and golden read
//	save FILE          write the stdout to FILE in $WORK
//	action STEP        run the run: script of the step with id STEP of
//	                   action.yml (the GitHub Action) in $WORK as the
//	                   workspace, with the inputs set by "env inputs.NAME=V"
//	                   (see runActionStep); its exit code is for "exit N"
//	maxwidth N         no line of stdout is longer than N characters (runes;
//	                   ANSI colour codes not counted), but a single word
//	                   longer than N alone at column 0
//	samewords FILE     stdout has the words (runs of non-space; see words)
//	                   of FILE in $WORK, in order: wrapping moved line
//	                   breaks but split or lost no word
func TestScripts(t *testing.T) {
	root, err := filepath.Abs("../..")
	require.NoError(t, err)
	golden, err := filepath.Abs(filepath.Join("testdata", "golden"))
	require.NoError(t, err)
	a := readAction(t)
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			env.Setenv("ROOT", root)
			for name := range a.Inputs {
				env.Setenv("inputs."+name, inputUnset)
			}
			env.Values[stateKey{}] = &scriptState{code: -1}
			dst := filepath.Join(env.WorkDir, "testdata")
			if err := os.CopyFS(dst, os.DirFS(filepath.Join(root, "testdata"))); err != nil {
				return fmt.Errorf("copying the repository's testdata to %s: %w", dst, err)
			}
			return nil
		},
		Cmds: map[string]func(*testscript.TestScript, bool, []string){
			"samlcheck": cmdSamlcheck,
			"exit":      cmdExit,
			"golden":    func(ts *testscript.TestScript, neg bool, args []string) { cmdGolden(ts, neg, args, golden) },
			"cat":       cmdCat,
			"save":      cmdSave,
			"action": func(ts *testscript.TestScript, neg bool, args []string) {
				cmdAction(ts, neg, args, a, root)
			},
			"maxwidth":  cmdMaxwidth,
			"samewords": cmdSamewords,
		},
	})
}

// TestScriptSyntax finds the lines that the hand-written runner these
// scripts were first written for read one way and testscript reads
// another, without failing: a "#" outside quotes (testscript ends the line
// there), "env K=V W" (testscript sets K=V and prints W), an unquoted
// $WORK in a stdout or stderr pattern (the output shows it as $WORK), and
// "exit N" right after exec (exit checks the last samlcheck or action run;
// exec itself fails the script on a non-zero exit, "! exec" on zero).
func TestScriptSyntax(t *testing.T) {
	files, err := filepath.Glob("testdata/script/*.txtar")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	cond := regexp.MustCompile(`^(\[[^]]*\]\s*)*(!\s+)?`)
	for _, file := range files {
		data, err := os.ReadFile(file)
		require.NoError(t, err)
		prev := ""
		for n, line := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(line, "-- ") && strings.HasSuffix(line, " --") {
				break // the files
			}
			line = strings.TrimSpace(line)
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			where := fmt.Sprintf("%s:%d: %s", file, n+1, line)
			body := line[len(cond.FindString(line)):]
			cmd, rest, _ := strings.Cut(body, " ")
			unquoted := outsideQuotes(rest)
			if strings.Contains(unquoted, "#") {
				t.Errorf("%s: testscript reads the # outside quotes as a comment: quote the argument", where)
			}
			switch cmd {
			case "env":
				for _, w := range strings.Fields(unquoted) {
					if !strings.Contains(w, "=") {
						t.Errorf("%s: testscript splits env arguments at spaces: quote a value with spaces ('K=V W')", where)
					}
				}
			case "stdout", "stderr":
				if strings.Contains(unquoted, "$WORK") {
					t.Errorf("%s: output shows the work directory as $WORK: write \\$WORK inside quotes", where)
				}
			case "exit":
				if prev == "exec" {
					t.Errorf("%s: exit checks the last samlcheck or action run, not exec (exec fails on a non-zero exit; ! exec on zero)", where)
				}
			}
			prev = cmd
		}
	}
}

// outsideQuotes returns s without its single-quoted parts.
func outsideQuotes(s string) string {
	var b strings.Builder
	quoted := false
	for _, r := range s {
		switch {
		case r == '\'':
			quoted = !quoted
		case !quoted:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// abbrev writes the work directory in s as $WORK.
func abbrev(ts *testscript.TestScript, s string) string {
	return strings.ReplaceAll(s, ts.Getenv("WORK"), "$WORK")
}

// setOutput makes stdout and stderr (with $WORK abbreviated) what the
// stdout and stderr commands read.
func setOutput(ts *testscript.TestScript, stdout, stderr string) {
	fmt.Fprint(ts.Stdout(), abbrev(ts, stdout))
	fmt.Fprint(ts.Stderr(), abbrev(ts, stderr))
}

func usage(ts *testscript.TestScript, neg bool, args []string, n int, form string) {
	if neg {
		ts.Fatalf("unsupported: ! %s", form)
	}
	if n >= 0 && len(args) != n {
		ts.Fatalf("usage: %s", form)
	}
}

func cmdSamlcheck(ts *testscript.TestScript, neg bool, args []string) {
	usage(ts, neg, args, -1, "samlcheck ARGS... (then exit N)")
	err := ts.Exec(mainCommand, args...)
	code := 0
	var exitErr *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exitErr):
		code = exitErr.ExitCode()
	default:
		ts.Fatalf("samlcheck: %v", err)
	}
	state(ts).code = code
	if stdout, stderr := ts.ReadFile("stdout"), ts.ReadFile("stderr"); abbrev(ts, stdout) != stdout || abbrev(ts, stderr) != stderr {
		setOutput(ts, stdout, stderr)
	}
}

func cmdExit(ts *testscript.TestScript, neg bool, args []string) {
	usage(ts, neg, args, 1, "exit N")
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	if got := state(ts).code; got != want {
		ts.Fatalf("exit code %d, want %d", got, want)
	}
}

func cmdGolden(ts *testscript.TestScript, neg bool, args []string, dir string) {
	usage(ts, neg, args, 1, "golden NAME")
	path := filepath.Join(dir, args[0])
	got := abbrev(ts, ts.ReadFile("stdout"))
	if *update {
		ts.Check(os.MkdirAll(filepath.Dir(path), 0o755))
		ts.Check(os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	if err != nil {
		ts.Fatalf("%v (run go test ./cmd/samlcheck -update to create it)", err)
	}
	if string(want) != got {
		ts.Fatalf("stdout differs from golden file %s (go test ./cmd/samlcheck -update rewrites it):\n%s", path, lineDiff(string(want), got))
	}
}

// lineDiff names the first line where got differs from want.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl || i >= len(w) || i >= len(g) {
			return fmt.Sprintf("line %d:\nwant %q\ngot  %q", i+1, wl, gl)
		}
	}
	return ""
}

func cmdCat(ts *testscript.TestScript, neg bool, args []string) {
	usage(ts, neg, args, 1, "cat FILE")
	data, err := os.ReadFile(ts.MkAbs(args[0]))
	ts.Check(err)
	setOutput(ts, string(data), "")
}

func cmdSave(ts *testscript.TestScript, neg bool, args []string) {
	usage(ts, neg, args, 1, "save FILE")
	ts.Check(os.WriteFile(filepath.Join(ts.Getenv("WORK"), args[0]), []byte(ts.ReadFile("stdout")), 0o644))
}

func cmdAction(ts *testscript.TestScript, neg bool, args []string, a *action, root string) {
	usage(ts, neg, args, 1, "action STEP")
	vars := map[string]string{}
	for name := range a.Inputs {
		if v := ts.Getenv("inputs." + name); v != inputUnset {
			vars["inputs."+name] = v
		}
	}
	var stdout, stderr strings.Builder
	state(ts).code = runActionStep(ts.Fatalf, a, root, ts.Getenv("WORK"), args[0], vars, &stdout, &stderr)
	setOutput(ts, stdout.String(), stderr.String())
}

func cmdMaxwidth(ts *testscript.TestScript, neg bool, args []string) {
	usage(ts, neg, args, 1, "maxwidth N")
	n, err := strconv.Atoi(args[0])
	ts.Check(err)
	for i, l := range strings.Split(ts.ReadFile("stdout"), "\n") {
		l = ansi.ReplaceAllString(l, "")
		// Only a word longer than the width (a long URL) may pass it,
		// alone on its line from column 0: never split.
		if utf8.RuneCountInString(l) > n && (len(strings.Fields(l)) != 1 || strings.HasPrefix(l, " ")) {
			ts.Fatalf("line %d is %d characters long:\n%s", i+1, utf8.RuneCountInString(l), l)
		}
	}
}

func cmdSamewords(ts *testscript.TestScript, neg bool, args []string) {
	usage(ts, neg, args, 1, "samewords FILE")
	want, err := os.ReadFile(filepath.Join(ts.Getenv("WORK"), args[0]))
	ts.Check(err)
	w, g := words(string(want)), words(ts.ReadFile("stdout"))
	for i := 0; i < len(w) || i < len(g); i++ {
		if i >= len(w) || i >= len(g) || w[i] != g[i] {
			ts.Fatalf("the words differ from %s at word %d: want %q, got %q", args[0], i+1, from(w, i), from(g, i))
		}
	}
}

// from returns up to five words of ws from the i-th.
func from(ws []string, i int) []string {
	if i >= len(ws) {
		return nil
	}
	return ws[i:min(i+5, len(ws))]
}

// words returns the words of s, a word ending in "," or ":" joined with
// the next: the places where wrapping may break a long list or fingerprint
// (never inside a word), so that text wrapped at two widths has the same
// words.
func words(s string) []string {
	var out []string
	glue := false
	for _, w := range strings.Fields(s) {
		if glue {
			out[len(out)-1] += w
		} else {
			out = append(out, w)
		}
		glue = strings.HasSuffix(w, ",") || strings.HasSuffix(w, ":")
	}
	return out
}
