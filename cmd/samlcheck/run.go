package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/samlcheck/samlcheck/checks/analyze"
	"github.com/samlcheck/samlcheck/checks/config"
)

// Exit codes, documented in --help and README.md. No output format changes
// them.
const (
	exitOK       = 0 // no finding at or above --fail-on
	exitFindings = 1 // findings at or above --fail-on
	exitInput    = 2 // usage error, unreadable or incomplete input
)

const usageText = `usage: samlcheck [check] [flags] PATH...
       samlcheck decode [flags] PATH...
       samlcheck config [flags] [PATH]
       samlcheck redact [--users FILE] [-o OUT] IN
       samlcheck diff [flags] GOOD BAD
       samlcheck rules | explain ID | version | help [COMMAND]
       samlcheck completion bash|zsh|fish|powershell

Checks SAML logins offline. PATH is a HAR capture of the login, a SAML
message as XML, Base64, URL-encoded text, a copied form body or a URL, a
SCIM User, Group or PatchOp JSON document, a JWT, a directory (walked
recursively: its HAR and SAML files are checked, other files skipped) or a
quoted glob pattern ("fixtures/**/*.xml"); "-" reads standard input.
Nothing is sent anywhere.

Commands:
  check                check the inputs (the default)
  decode               print each SAML message of the inputs as indented XML
                       (and each JWT's header and claims, never its signature)
  config               print the effective configuration (for PATH, with the
                       overrides that match it) and where each value came from
  redact               write a copy of a HAR or a SAML message (and its users
                       list) without secrets, identities pseudonymised, for a
                       support case (redact --help)
  diff GOOD BAD        compare a login that works with one that does not, as
                       models: the differences a rule judges first (diff --help)
  rules, explain ID    list the rules, print one rule's documentation
  version              print the version (also --version)
  completion SHELL     print a completion script for bash, zsh, fish or
                       powershell (samlcheck help completion)
  help [COMMAND]       print this help, or a command's (also COMMAND --help)

Output:
  --format F           standard output's format: text, json, sarif, junit,
                       github (workflow-command annotations) or html (one
                       self-contained page); default text
  -o FORMAT=FILE       also write FORMAT to FILE ("-" is standard output);
                       repeatable. With -o and no --format (flag or config
                       file), nothing else is written to standard output
  --fail-on S          lowest severity that makes the exit code 1: error,
                       warning, info or never (default error)
  --color auto|always|never
                       colour in text output (default auto: only on a terminal,
                       never with NO_COLOR set)
  -q, --quiet          text: the findings alone, one paragraph each, and no
                       "exit code 1" note on standard error
  --sarif-all-rules    SARIF: describe every rule, not only those that ran
  -v                   say which files found in directories were skipped

Checks:
  --profile P          auto, identity-center, iam, connect, saml or scim
                       (default auto: chosen per message from where it was
                       sent)
  --abac               check attributes for access control (IAM Identity Center)
  --users FILE         user names the service provider knows: one per line,
                       or the JSON, text, table or YAML output of
                       "aws identitystore list-users" / "aws connect
                       list-users", or CSV with a UserName column

Expectations (given explicitly they win over metadata):
  --idp-cert FILE      trusted IdP signing certificate, PEM or DER (repeatable)
  --idp-metadata FILE  the IdP's SAML metadata (entity ID, signing certificates,
                       NameID formats); checked by idc/metadata and iam/metadata
  --sp-metadata FILE   the service provider's metadata (ACS URL, entity ID),
                       e.g. the one IAM Identity Center offers for download
  --sp-key FILE        the service provider's private key, to decrypt
                       EncryptedAssertions (PEM PKCS#1/PKCS#8, PKCS#12
                       .p12/.pfx; repeatable: both keys of a rotation).
                       Never printed
  --sp-key-pass-env NAME
                       environment variable holding the passphrase of an
                       encrypted --sp-key (never a flag value)
  --acs URL            the service provider's assertion consumer service URL
  --issuer ID          the IdP's entity ID
  --audience ID        the service provider's entity ID
  --at TIME            reference time (RFC 3339) for messages without a capture
                       time (a HAR entry's startedDateTime wins; default the
                       message's own IssueInstant: its consistency only)
  --skew DURATION      clock skew tolerated by the time checks (default 3m)

Tokens (trusted identity propagation: JWTs exchanged with CreateTokenWithIAM):
  --trusted-token-issuer URL
                       the trusted token issuer URL as configured in IAM
                       Identity Center; checked exactly against the JWT's iss
  --token-audience ID  an audience of the application's grant (repeatable)
  --token-claim NAME   the claim the trusted token issuer maps (default email)
  --jwks FILE          a JWKS document to verify JWTs with (repeatable); keys
                       are never fetched

Limits (sizes in bytes, or with KiB, MiB, GiB):
  --max-inflated N     largest DEFLATE output of a value (default 5MiB)
  --max-value N        largest encoded SAML value (default 20MiB)
  --max-depth N        deepest XML nesting (default 256)
  --max-elements N     most XML elements in a message (default 100000)
  --max-body N         longest HAR body text scanned for SAML (default 64MiB);
                       a longer one makes the input incomplete

Configuration:
  --config FILE        read settings from FILE instead of the .samlcheck.yaml
                       found in the working directory or a parent (up to the
                       repository root); flags win over the file
  --no-config          read no configuration file

Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it,
2 usage error or unreadable or incomplete input. No format changes them.
decode: 0 every message decoded, 1 a message did not decode or none was
found, 2 usage error or unreadable input.
`

// options are the command line's settings that are not part of the
// configuration (config.Keys holds the others).
type options struct {
	settings config.Layer // flags that set configuration keys
	outputs  []output     // -o FORMAT=FILE
	color    string
	config   string
	noConfig bool
	verbose  bool
	quiet    bool // --quiet: findings only (text), no exit-code note
	allRules bool // --sarif-all-rules
}

// stringList is a flag that may be given several times.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

// boolValue is a boolean configuration flag (--abac).
type boolValue struct{ v bool }

func (b *boolValue) String() string { return strconv.FormatBool(b.v) }
func (b *boolValue) Set(s string) error {
	v, err := strconv.ParseBool(s)
	b.v = v
	return err
}
func (b *boolValue) IsBoolFlag() bool { return true }

// runCheck runs check, decode or config (named by cmd) with args: the
// commands that share the check flags.
func runCheck(ctx context.Context, cmd string, args []string, env *environment) int {
	stdin, stdout, stderr, getenv := env.stdin, env.stdout, env.stderr, env.getenv
	opt, paths, err := parseFlags(args)
	if code, done := flagsDone(err, cmd, lookupCommand(cmd).help, stdout, stderr); done {
		return code
	}
	res, err := resolve(opt, time.Now())
	if err != nil {
		fmt.Fprintf(stderr, "samlcheck: %v\n", err)
		return exitInput
	}
	switch cmd {
	case "config":
		return showConfig(res, paths, stdout, stderr)
	case "decode":
		return decode(ctx, res, paths, stdin, stdout, stderr)
	}
	if len(paths) == 0 {
		return usageError(stderr, cmd, errors.New("no input files"))
	}
	outs, err := outputs(opt, res)
	if err != nil {
		fmt.Fprintf(stderr, "samlcheck: %v\n", err)
		return exitInput
	}
	aopt := &analyze.Options{Stdin: stdin, ConfigFor: res.ConfigFor, MaxBody: res.MaxBody}
	if opt.verbose {
		aopt.OnSkip = func(file, reason string) { fmt.Fprintf(stderr, "samlcheck: skipped %s: %s\n", file, reason) }
	}
	var progress *progressLine
	if progressWanted(stderr, opt.quiet, getenv, env.terminal()) {
		aopt.Progress = &analyze.Progress{}
		progress = startProgress(stderr, aopt.Progress, progressDelay, progressEvery)
	}
	rep, err := analyze.Files(ctx, paths, res.Config(), aopt)
	if progress != nil {
		progress.stop()
	}
	printErrors(stderr, err)
	if rep == nil {
		return exitInput
	}
	rep.Version = version()
	if werr := writeOutputs(outs, rep, stdout, opt, getenv); werr != nil {
		fmt.Fprintf(stderr, "samlcheck: %v\n", werr)
		return exitInput
	}
	switch {
	case err != nil:
		return exitInput
	case res.FailOn != 0 && rep.Max() >= res.FailOn:
		return findingsExit(stderr, opt, res, rep, outs)
	}
	return exitOK
}

// printErrors prints err, one line each for the errors joined in it.
func printErrors(w io.Writer, err error) {
	if err == nil {
		return
	}
	for _, line := range strings.Split(err.Error(), "\n") {
		fmt.Fprintf(w, "samlcheck: %s\n", line)
	}
}

// parseFlags parses flags and paths in any order ("--" ends flags).
func parseFlags(args []string) (*options, []string, error) {
	opt := &options{settings: config.Layer{}}
	fs := flag.NewFlagSet("samlcheck", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	lists := map[string]*stringList{}
	for _, k := range config.Keys() {
		switch {
		case !k.Flag:
		case k.Name == "abac":
			fs.Var(&boolValue{}, k.Name, k.Doc)
		case k.List:
			lists[k.Name] = &stringList{}
			fs.Var(lists[k.Name], k.Name, k.Doc)
		default:
			fs.String(k.Name, k.Default, k.Doc)
		}
	}
	var outs stringList
	fs.Var(&outs, "o", "")
	fs.StringVar(&opt.color, "color", "auto", "")
	fs.StringVar(&opt.config, "config", "", "")
	fs.BoolVar(&opt.noConfig, "no-config", false, "")
	fs.BoolVar(&opt.verbose, "v", false, "")
	fs.BoolVar(&opt.quiet, "quiet", false, "")
	fs.BoolVar(&opt.quiet, "q", false, "")
	fs.BoolVar(&opt.allRules, "sarif-all-rules", false, "")
	paths, err := parseInterspersed(fs, args)
	if err != nil {
		return nil, nil, &flagError{err: err, names: definedFlags(fs)}
	}
	fs.Visit(func(f *flag.Flag) {
		if l, ok := lists[f.Name]; ok {
			opt.settings.SetFlag(f.Name, *l...)
		} else if k := lookupKey(f.Name); k != nil {
			opt.settings.SetFlag(f.Name, f.Value.String())
		}
	})
	switch opt.color {
	case "auto", "always", "never":
	default:
		return nil, nil, fmt.Errorf("unknown --color %q (want auto, always or never)", opt.color)
	}
	for _, o := range outs {
		out, err := parseOutput(o)
		if err != nil {
			return nil, nil, err
		}
		opt.outputs = append(opt.outputs, out)
	}
	return opt, paths, nil
}

// parseInterspersed parses args with fs, flags and other arguments in any
// order ("--" ends the flags), and returns the other arguments.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		left := fs.Args()
		if len(left) == 0 {
			return rest, nil
		}
		if len(args) > len(left) && args[len(args)-len(left)-1] == "--" {
			return append(rest, left...), nil
		}
		rest = append(rest, left[0])
		args = left[1:]
	}
}

func lookupKey(name string) *config.Key {
	for _, k := range config.Keys() {
		if k.Name == name {
			return &k
		}
	}
	return nil
}

// resolve reads the configuration file (--config, else the one found from
// the working directory up, unless --no-config) and merges the flags over
// it; now is the reference time of messages that have no capture time and
// no "at".
func resolve(opt *options, now time.Time) (*config.Resolved, error) {
	var file *config.File
	path := opt.config
	if path == "" && !opt.noConfig {
		found, err := config.Find(".")
		if err != nil {
			return nil, err
		}
		path = found
	}
	if path != "" && !opt.noConfig {
		f, err := config.Load(path)
		if err != nil {
			return nil, err
		}
		file = f
	}
	return config.Resolve(file, opt.settings, nil, now)
}
