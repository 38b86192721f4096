package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/checks/config"
	"github.com/samlcheck/samlcheck/checks/report"
	"golang.org/x/term"
)

const decodeHelp = `usage: samlcheck decode [flags] PATH...

Prints each SAML message of the inputs (HAR files, XML, Base64 or
URL-encoded values, folders, globs; "-" reads standard input) as indented
XML, after a header line saying where it was found and how it was decoded:
what "grep SAMLResponse | base64 --decode" does by hand. The indented XML
is for reading: a message's signatures cover its original bytes.

Flags: the limits and --config/--no-config of "samlcheck help check".

Exit codes: 0 every message decoded, 1 a message did not decode or none was
found, 2 usage error or unreadable input.
`

const configHelp = `usage: samlcheck config [flags] [PATH]

Prints the effective configuration: every setting with its value and where
it came from (default, the configuration file's line, or a flag), and which
rules run. With PATH, the values for that input file, with the overrides of
the configuration file that match it.

Flags: those of "samlcheck help check"; they win over the file.
`

const rulesHelp = `usage: samlcheck rules

Lists every rule: id, severity, the profiles it applies to, its title and
its first documented source, one line each when the terminal is wide
enough (about 150 columns), else a paragraph each. "samlcheck explain
RULE-ID" prints one rule's documentation.
`

const explainHelp = `usage: samlcheck explain RULE-ID

Prints a rule's documentation: why login fails when it reports, how to fix
it, and the documents it is based on. A mistyped id gets a suggestion, and
the id's last part is enough when it is unique: "samlcheck explain
nameid-format" is "samlcheck explain idc/nameid-format".
`

const versionHelp = `usage: samlcheck version
       samlcheck --version

Prints samlcheck's module version, the VCS revision and time it was built
from (when known), and the Go version that built it.
`

const completionHelp = `usage: samlcheck completion bash|zsh|fish|powershell

Prints a completion script for the shell: commands, flags and their
values, and rule ids after "explain". To load it:

  bash        source <(samlcheck completion bash)       (in ~/.bashrc)
  zsh         source <(samlcheck completion zsh)        (in ~/.zshrc)
  fish        samlcheck completion fish | source        (in config.fish)
  powershell  samlcheck completion powershell | Out-String | Invoke-Expression
              (in $PROFILE)
`

const helpHelp = `usage: samlcheck help [COMMAND]

Prints help on samlcheck, or on COMMAND. "samlcheck COMMAND --help" does
the same.
`

// flagError is a flag parsing error of the check flags, with the names of
// the flags defined (for a did-you-mean hint and for completion).
type flagError struct {
	err   error
	names []string
}

func (e *flagError) Error() string { return e.err.Error() }
func (e *flagError) Unwrap() error { return e.err }

// definedFlags returns the names of fs's flags, sorted.
func definedFlags(fs *flag.FlagSet) []string {
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	return names
}

// checkFlags returns the names of the flags of check, decode and config.
func checkFlags() []string {
	_, _, err := parseFlags([]string{"-h"})
	var fe *flagError
	if errors.As(err, &fe) {
		return fe.names
	}
	return nil
}

// runHelp is "samlcheck help [COMMAND]".
func runHelp(_ context.Context, args []string, env *environment) int {
	switch len(args) {
	case 0:
		fmt.Fprint(env.stdout, usageText)
		return exitOK
	case 1:
		if c := lookupCommand(args[0]); c != nil {
			fmt.Fprint(env.stdout, c.help)
			return exitOK
		}
		msg := fmt.Sprintf("no command %q", args[0])
		if s := suggest(args[0], commandNames()); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		}
		fmt.Fprintf(env.stderr, "samlcheck help: %s (commands: %s)\n", msg, strings.Join(commandNames(), ", "))
		return exitInput
	}
	return usageError(env.stderr, "help", errors.New("want at most one command"))
}

// runRules is "samlcheck rules".
func runRules(_ context.Context, args []string, env *environment) int {
	if len(args) > 0 {
		return usageError(env.stderr, "rules", fmt.Errorf("unexpected argument %q", args[0]))
	}
	if err := report.RuleList(env.stdout, checks.All(), report.TextOptions{Width: textWidth(env.stdout, env.getenv)}); err != nil {
		fmt.Fprintf(env.stderr, "samlcheck: %v\n", err)
		return exitInput
	}
	return exitOK
}

// runExplain is "samlcheck explain RULE-ID".
func runExplain(_ context.Context, args []string, env *environment) int {
	if len(args) != 1 {
		return usageError(env.stderr, "explain", errors.New("want one rule id (see samlcheck rules)"))
	}
	r := lookupRule(args[0])
	if r == nil {
		msg := fmt.Sprintf("no rule %q", args[0])
		if ids := rulesEndingWith(args[0]); len(ids) > 1 {
			msg += fmt.Sprintf("; did you mean one of %s?", strings.Join(ids, ", "))
		} else if s := suggest(args[0], ruleIDs()); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		} else {
			msg += " (samlcheck rules lists them)"
		}
		fmt.Fprintf(env.stderr, "samlcheck explain: %s\n", msg)
		return exitInput
	}
	if err := report.Explain(env.stdout, r, report.TextOptions{Width: textWidth(env.stdout, env.getenv)}); err != nil {
		fmt.Fprintf(env.stderr, "samlcheck: %v\n", err)
		return exitInput
	}
	return exitOK
}

// lookupRule finds a rule by its id, or by the id's last part when exactly
// one rule's id ends with it ("nameid-format").
func lookupRule(id string) *checks.Rule {
	if r := checks.Lookup(id); r != nil {
		return r
	}
	if ids := rulesEndingWith(id); len(ids) == 1 {
		return checks.Lookup(ids[0])
	}
	return nil
}

// rulesEndingWith returns the ids whose last part is part.
func rulesEndingWith(part string) []string {
	var ids []string
	for _, r := range checks.All() {
		if strings.HasSuffix(r.ID, "/"+part) {
			ids = append(ids, r.ID)
		}
	}
	return ids
}

func ruleIDs() []string {
	var ids []string
	for _, r := range checks.All() {
		ids = append(ids, r.ID)
	}
	return ids
}

// runVersion is "samlcheck version" and "samlcheck --version".
func runVersion(_ context.Context, args []string, env *environment) int {
	if len(args) > 0 {
		return usageError(env.stderr, "version", fmt.Errorf("unexpected argument %q", args[0]))
	}
	bi, _ := debug.ReadBuildInfo()
	fmt.Fprint(env.stdout, versionText(bi))
	return exitOK
}

// versionText describes the build: "samlcheck v1.2.0", then the revision
// (with "+dirty" for uncommitted changes) and its time, and the Go version.
func versionText(bi *debug.BuildInfo) string {
	if bi == nil {
		return "samlcheck (devel)\n"
	}
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "samlcheck %s\n", v)
	setting := func(key string) string {
		for _, s := range bi.Settings {
			if s.Key == key {
				return s.Value
			}
		}
		return ""
	}
	if rev := setting("vcs.revision"); rev != "" {
		if setting("vcs.modified") == "true" {
			rev += "+dirty"
		}
		if t := setting("vcs.time"); t != "" {
			rev += " (" + t + ")"
		}
		fmt.Fprintf(&b, "revision %s\n", rev)
	}
	fmt.Fprintf(&b, "%s\n", bi.GoVersion)
	return b.String()
}

// version returns the module version from the build info.
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}

// textWidth is the column to wrap text at for w: the terminal's width when
// w is a terminal, else COLUMNS, else report.DefaultWidth (100). Widths
// under 20 count as 20.
func textWidth(w io.Writer, getenv func(string) string) int {
	width := 0
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		if cols, _, err := term.GetSize(int(f.Fd())); err == nil {
			width = cols
		}
	}
	if width <= 0 {
		if n, err := strconv.Atoi(strings.TrimSpace(getenv("COLUMNS"))); err == nil && n > 0 {
			width = n
		}
	}
	if width <= 0 {
		return report.DefaultWidth
	}
	return max(width, 20)
}

// findingsExit returns exitFindings, first saying why on standard error
// when standard output gets text and --quiet is not given: run with "go
// run", the exit code shows only as go's own "exit status 1", which reads
// like a crash. Machine formats keep standard error empty.
func findingsExit(stderr io.Writer, opt *options, res *config.Resolved, rep *checks.Report, outs []output) int {
	if opt.quiet || !slices.Contains(outs, output{format: "text", file: "-"}) {
		return exitFindings
	}
	var counts []string
	for _, s := range []checks.Severity{checks.Error, checks.Warning, checks.Info} {
		if s < res.FailOn {
			break
		}
		if n := rep.Count(s); n > 0 {
			counts = append(counts, fmt.Sprintf("%d %s", n, plural(n, s.String())))
		}
	}
	fmt.Fprintf(stderr, "samlcheck: exit code 1: %s found (--fail-on %s)\n", strings.Join(counts, ", "), res.FailOn)
	return exitFindings
}

// plural says "error" or "errors"; info stays info.
func plural(n int, word string) string {
	if n == 1 || word == "info" {
		return word
	}
	return word + "s"
}
