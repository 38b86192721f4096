package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// command is one of samlcheck's commands: its name, a one-line summary for
// "samlcheck help", the usage line shown after a usage error, its help
// text ("samlcheck help NAME", "NAME --help") and, for the commands that are
// not "check", "decode" or "config" (which share the check flags), how to
// run it.
type command struct {
	name    string
	summary string
	usage   string
	help    string
	run     func(ctx context.Context, args []string, env *environment) int
}

// environment is what a command reads and writes besides its arguments.
type environment struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	// isTerminal reports whether a writer is a terminal; nil means
	// isTerminal (a parameter for tests).
	isTerminal func(io.Writer) bool
}

// terminal returns the environment's terminal test.
func (e *environment) terminal() func(io.Writer) bool {
	if e.isTerminal != nil {
		return e.isTerminal
	}
	return isTerminal
}

// commands lists the commands in the order "samlcheck help" shows them.
// check, decode and config run through runCheck (their run is nil).
func commands() []command {
	return []command{
		{name: "check", summary: "check the inputs (the default command)", usage: "samlcheck [check] [flags] PATH...", help: usageText},
		{name: "decode", summary: "print each SAML message of the inputs as indented XML", usage: "samlcheck decode [flags] PATH...", help: decodeHelp},
		{name: "config", summary: "print the effective configuration and where each value came from", usage: "samlcheck config [flags] [PATH]", help: configHelp},
		{name: "redact", summary: "copy a HAR without secrets, identities pseudonymised", usage: "samlcheck redact [--keep-identities] [-o OUT] IN", help: redactUsage,
			run: func(ctx context.Context, args []string, env *environment) int {
				return runRedact(ctx, args, env.stdin, env.stdout, env.stderr)
			}},
		{name: "diff", summary: "compare a login that works with one that does not", usage: "samlcheck diff [flags] GOOD [--message N] BAD [--message N]", help: diffHelp, run: runDiff},
		{name: "rules", summary: "list every rule", usage: "samlcheck rules", help: rulesHelp, run: runRules},
		{name: "explain", summary: "print a rule's documentation", usage: "samlcheck explain RULE-ID", help: explainHelp, run: runExplain},
		{name: "version", summary: "print the version, revision and Go version", usage: "samlcheck version", help: versionHelp, run: runVersion},
		{name: "completion", summary: "print a shell completion script (bash, zsh, fish, powershell)", usage: "samlcheck completion bash|zsh|fish|powershell", help: completionHelp, run: runCompletion},
		{name: "help", summary: "print help on samlcheck or on one command", usage: "samlcheck help [COMMAND]", help: helpHelp, run: runHelp},
	}
}

// lookupCommand returns the command named name, or nil.
func lookupCommand(name string) *command {
	for _, c := range commands() {
		if c.name == name {
			return &c
		}
	}
	return nil
}

func commandNames() []string {
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	return names
}

// run is the whole program, testable in-process: it returns the exit code.
// The first argument names the command; without one, or when it is a flag
// or a path, the command is check. A first argument that is neither a
// command nor an existing file, and looks like a word rather than a path or
// a SAML value, is an unknown command.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	env := &environment{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv}
	if len(args) == 0 {
		return runCheck(ctx, "check", args, env)
	}
	switch args[0] {
	case "--version":
		return runVersion(ctx, args[1:], env)
	case "-h", "-help", "--help":
		if len(args) == 1 {
			fmt.Fprint(stdout, usageText)
			return exitOK
		}
	}
	if c := lookupCommand(args[0]); c != nil {
		if c.run != nil {
			if c.name != "redact" && c.name != "help" && wantsHelp(args[1:]) {
				fmt.Fprint(stdout, c.help)
				return exitOK
			}
			return c.run(ctx, args[1:], env)
		}
		return runCheck(ctx, c.name, args[1:], env)
	}
	if looksLikeCommand(args[0]) {
		msg := fmt.Sprintf("unknown command %q", args[0])
		if s := suggest(args[0], commandNames()); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		}
		fmt.Fprintf(stderr, "samlcheck: %s\nRun 'samlcheck help' for the commands; ./%s checks a file of that name.\n", msg, args[0])
		return exitInput
	}
	return runCheck(ctx, "check", args, env)
}

// wantsHelp reports whether args ask for help (-h, -help, --help).
func wantsHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "-help", "--help":
			return true
		}
	}
	return false
}

// looksLikeCommand reports whether arg, a first argument that is not a
// command, is a mistyped command rather than an input: it does not exist as
// a file, and it is a short lower-case word (no path separator, dot, glob
// character, "=" or "%", which paths, URLs, form bodies and Base64 have).
func looksLikeCommand(arg string) bool {
	if arg == "" || len(arg) > 20 || strings.HasPrefix(arg, "-") {
		return false
	}
	for _, r := range arg {
		if (r < 'a' || r > 'z') && r != '-' {
			return false
		}
	}
	_, err := os.Lstat(arg)
	return err != nil
}

// flagsDone finishes the parsing of cmd's flags when it ended in err: -h
// prints help to stdout (exit 0), any other error is a usage error (exit
// 2). done is false when err is nil and the command goes on.
func flagsDone(err error, cmd, help string, stdout, stderr io.Writer) (code int, done bool) {
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(stdout, help)
		return exitOK, true
	}
	if err != nil {
		return usageError(stderr, cmd, err), true
	}
	return exitOK, false
}

// usageError prints err with a did-you-mean hint when err is an unknown
// flag, then the command's usage line and where to find its help; it
// returns the exit code of a usage error.
func usageError(stderr io.Writer, cmd string, err error) int {
	var flags []string
	var fe *flagError
	if errors.As(err, &fe) {
		flags = fe.names
	}
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		name = strings.TrimLeft(name, "-")
		msg = fmt.Sprintf("unknown flag %s", dashed(name))
		if s := suggest(name, flags); s != "" {
			msg += fmt.Sprintf("; did you mean %s?", dashed(s))
		}
	}
	prefix := "samlcheck"
	if cmd != "check" {
		prefix += " " + cmd
	}
	usage := "samlcheck " + cmd
	if c := lookupCommand(cmd); c != nil {
		usage = c.usage
	}
	fmt.Fprintf(stderr, "%s: %s\nusage: %s\nRun 'samlcheck help %s' for more.\n", prefix, msg, usage, cmd)
	return exitInput
}

// dashed writes a flag name as the help does: -o, --format.
func dashed(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}
