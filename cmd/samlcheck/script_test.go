package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
)

// ansi matches an ANSI colour code.
var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

var update = flag.Bool("update", false, "rewrite golden files from the current output")

// TestScripts runs the CLI scripts in testdata/script, in-process. A script
// is a txtar archive: its comment holds one command per line, its files are
// written to a fresh directory named by $WORK. Commands:
//
//	samlcheck ARGS...    run the CLI (from the repository root, or the
//	                     directory of the last "cd"; stdin empty unless
//	                     "stdin FILE" came before)
//	cd DIR               run later commands in DIR (relative to the
//	                     repository root; $WORK and $ROOT, the repository
//	                     root, expanded everywhere)
//	stdin FILE           use FILE as standard input of the next run
//	cat FILE             make FILE's content (relative to the directory of
//	                     the runs) the last run's stdout, for the stdout and
//	                     golden commands
//	exit N               the last run's exit code is N
//	[!] stdout REGEXP    the last run's stdout matches (does not match)
//	[!] stderr REGEXP    the same for stderr
//	golden NAME          stdout equals testdata/golden/NAME (-update rewrites it)
//	env K=V              set an environment variable for later runs
//	action STEP          run the run: script of the step with id STEP of
//	                     action.yml (the GitHub Action) in $WORK as the
//	                     workspace, with the inputs set by "env inputs.NAME=V"
//	                     (see runActionStep)
//	cp FROM TO           copy FROM (a path; $ROOT is the repository root) to
//	                     TO in $WORK
//	save FILE            write the last run's stdout to FILE in $WORK
//	exec PROG ARGS...    run a program (in $WORK; $WORK expanded, words
//	                     split at spaces) as the last run
//	[exec:PROG] CMD...   run CMD only when PROG is on the PATH, else log
//	                     that it was skipped
//	maxwidth N           no line of the last run's stdout is longer than N
//	                     characters (runes; ANSI colour codes not counted),
//	                     but a single word longer than N alone at column 0
//	samewords FILE       the last run's stdout has the words (runs of
//	                     non-space; see words) of FILE in $WORK, in order:
//	                     wrapping moved line breaks but split or lost no word
func TestScripts(t *testing.T) {
	files, err := filepath.Glob("testdata/script/*.txtar")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			runScript(t, file)
		})
	}
}

func runScript(t *testing.T, file string) {
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	comment, archive := parseTxtar(data)
	work := t.TempDir()
	for name, body := range archive {
		p := filepath.Join(work, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, body, 0o644))
	}
	root, err := filepath.Abs("../..")
	require.NoError(t, err)
	dir := root
	env := map[string]string{}
	var stdout, stderr bytes.Buffer
	var stdin []byte
	code := -1
	expand := func(s string) string {
		return strings.ReplaceAll(strings.ReplaceAll(s, "$WORK", work), "$ROOT", root)
	}
	for n, line := range strings.Split(comment, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		where := file + ":" + strconv.Itoa(n+1) + ": " + line
		if rest, ok := strings.CutPrefix(line, "[exec:"); ok {
			prog, cmdline, _ := strings.Cut(rest, "]")
			if _, err := exec.LookPath(prog); err != nil {
				t.Logf("%s: skipped: %s is not installed", where, prog)
				continue
			}
			line = strings.TrimSpace(cmdline)
		}
		neg := strings.HasPrefix(line, "! ")
		line = strings.TrimPrefix(line, "! ")
		cmd, arg, _ := strings.Cut(line, " ")
		arg = strings.TrimSpace(arg)
		switch cmd {
		case "samlcheck":
			stdout.Reset()
			stderr.Reset()
			args := strings.Fields(expand(arg))
			wd, _ := os.Getwd()
			require.NoError(t, os.Chdir(dir))
			code = run(context.Background(), args, bytes.NewReader(stdin), &stdout, &stderr, func(k string) string { return env[k] })
			require.NoError(t, os.Chdir(wd))
			stdin = nil
		case "exec":
			stdout.Reset()
			stderr.Reset()
			words := strings.Fields(expand(arg))
			c := exec.Command(words[0], words[1:]...)
			c.Dir = work
			c.Stdin = bytes.NewReader(stdin)
			c.Stdout, c.Stderr = &stdout, &stderr
			err := c.Run()
			var exitErr *exec.ExitError
			switch {
			case err == nil:
				code = 0
			case errors.As(err, &exitErr):
				code = exitErr.ExitCode()
			default:
				t.Fatalf("%s: %v", where, err)
			}
			stdin = nil
		case "action":
			stdout.Reset()
			stderr.Reset()
			vars := map[string]string{}
			for k, v := range env {
				vars[k] = expand(v)
			}
			code = runActionStep(t, root, work, arg, vars, &stdout, &stderr)
			stdin = nil
		case "cp":
			from, to, ok := strings.Cut(expand(arg), " ")
			require.True(t, ok, "%s: want cp FROM TO", where)
			data, err := os.ReadFile(from)
			require.NoError(t, err, where)
			to = filepath.Join(work, strings.TrimSpace(to))
			require.NoError(t, os.MkdirAll(filepath.Dir(to), 0o755), where)
			require.NoError(t, os.WriteFile(to, data, 0o644), where)
		case "save":
			require.NoError(t, os.WriteFile(filepath.Join(work, arg), stdout.Bytes(), 0o644), where)
		case "maxwidth":
			n, err := strconv.Atoi(arg)
			require.NoError(t, err, where)
			for i, l := range strings.Split(stdout.String(), "\n") {
				l = ansi.ReplaceAllString(l, "")
				if utf8.RuneCountInString(l) > n {
					// Only a word longer than the width (a long URL) may
					// pass it, alone on its line from column 0: never split.
					require.True(t, len(strings.Fields(l)) == 1 && !strings.HasPrefix(l, " "), "%s: line %d is %d characters long:\n%s", where, i+1, utf8.RuneCountInString(l), l)
				}
			}
		case "samewords":
			want, err := os.ReadFile(filepath.Join(work, arg))
			require.NoError(t, err, where)
			require.Equal(t, words(string(want)), words(stdout.String()), "%s: the words differ", where)
		case "cd":
			dir = expand(arg)
			if !filepath.IsAbs(dir) {
				dir = filepath.Join(root, dir)
			}
		case "cat":
			p := expand(arg)
			if !filepath.IsAbs(p) {
				p = filepath.Join(dir, p)
			}
			data, err := os.ReadFile(p)
			require.NoError(t, err, where)
			stdout.Reset()
			stdout.Write(data)
		case "stdin":
			stdin, err = os.ReadFile(filepath.Join(work, arg))
			require.NoError(t, err, where)
		case "env":
			k, v, _ := strings.Cut(arg, "=")
			env[k] = v
		case "exit":
			require.Equal(t, arg, strconv.Itoa(code), "%s\nstdout:\n%s\nstderr:\n%s", where, stdout.String(), stderr.String())
		case "stdout", "stderr":
			out := stdout.String()
			if cmd == "stderr" {
				out = stderr.String()
			}
			re, err := regexp.Compile("(?m)" + expand(unquote(arg)))
			require.NoError(t, err, where)
			if neg {
				require.False(t, re.MatchString(out), "%s\n%s:\n%s", where, cmd, out)
			} else {
				require.True(t, re.MatchString(out), "%s\n%s:\n%s", where, cmd, out)
			}
		case "golden":
			path := filepath.Join("testdata", "golden", arg)
			got := strings.ReplaceAll(stdout.String(), work, "$WORK")
			if *update {
				require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
				require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "%s (run go test ./cmd/samlcheck -update to create it)", where)
			require.Equal(t, string(want), got, "%s: output differs from golden file %s", where, path)
		default:
			t.Fatalf("%s: unknown command %q", where, cmd)
		}
	}
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

func unquote(s string) string {
	if len(s) >= 2 && s[0] == '\'' && s[len(s)-1] == '\'' {
		return s[1 : len(s)-1]
	}
	return s
}

// parseTxtar splits a txtar archive into its comment and its files.
func parseTxtar(data []byte) (string, map[string][]byte) {
	files := map[string][]byte{}
	var comment strings.Builder
	var name string
	var body []byte
	flush := func() {
		if name != "" {
			files[name] = body
		}
	}
	for _, line := range strings.SplitAfter(string(data), "\n") {
		trimmed := strings.TrimRight(line, "\r\n")
		if strings.HasPrefix(trimmed, "-- ") && strings.HasSuffix(trimmed, " --") && len(trimmed) > 6 {
			flush()
			name, body = strings.TrimSpace(trimmed[3:len(trimmed)-3]), []byte{}
			continue
		}
		if name == "" {
			comment.WriteString(line)
		} else {
			body = append(body, line...)
		}
	}
	flush()
	return comment.String(), files
}
