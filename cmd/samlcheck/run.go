package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/checks/report"
	"github.com/samlcheck/samlcheck/saml"
)

// Exit codes, documented in --help and README.md.
const (
	exitOK       = 0 // no finding at or above --fail-on
	exitFindings = 1 // findings at or above --fail-on
	exitInput    = 2 // usage error, unreadable or incomplete input
)

const usageText = `usage: samlcheck [flags] FILE...
       samlcheck rules | explain ID | version

Checks SAML logins offline. FILE is a HAR capture of the login, or a SAML
message as XML, Base64, URL-encoded text, a copied form body or a URL;
"-" reads standard input. Nothing is sent anywhere.

Flags:
  --format text|json   output format (default text)
  --profile P          auto, identity-center, iam, connect or saml (default auto:
                       chosen per message from where it was sent)
  --abac               check attributes for access control (IAM Identity Center)
  --users FILE         user names the service provider knows: one per line, or the
                       JSON of "aws identitystore list-users" / "aws connect list-users"
  --fail-on S          lowest severity that makes the exit code 1: error, warning,
                       info or never (default error)
  --color auto|always|never
                       colour in text output (default auto: only on a terminal,
                       never with NO_COLOR set)

Expectations (given explicitly they win over metadata):
  --idp-cert FILE      trusted IdP signing certificate, PEM or DER (repeatable)
  --idp-metadata FILE  the IdP's SAML metadata (entity ID, signing certificates,
                       NameID formats); checked by idc/metadata and iam/metadata
  --sp-metadata FILE   the service provider's metadata (ACS URL, entity ID), e.g.
                       the one IAM Identity Center offers for download
  --acs URL            the service provider's assertion consumer service URL
  --issuer ID          the IdP's entity ID
  --audience ID        the service provider's entity ID
  --at TIME            reference time (RFC 3339) for messages without a capture
                       time (a HAR entry's startedDateTime wins; default now)
  --skew DURATION      clock skew tolerated by the time checks (default 3m)

Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it,
2 usage error or unreadable or incomplete input.
`

type options struct {
	format   string
	profile  string
	abac     bool
	users    string
	failOn   string
	color    string
	idpCerts stringList
	idpMeta  string
	spMeta   string
	acs      string
	issuer   string
	audience string
	at       string
	skew     time.Duration
}

// stringList is a flag that may be given several times.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

// run is the whole program, testable in-process: it returns the exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	if len(args) > 0 {
		switch args[0] {
		case "rules":
			return listRules(stdout)
		case "explain":
			return explain(args[1:], stdout, stderr)
		case "version":
			fmt.Fprintf(stdout, "samlcheck %s\n", version())
			return exitOK
		case "check":
			args = args[1:]
		}
	}
	opt, files, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(stdout, usageText)
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "samlcheck: %v\n%s", err, usageText)
		return exitInput
	}
	if len(files) == 0 {
		fmt.Fprintf(stderr, "samlcheck: no input files\n%s", usageText)
		return exitInput
	}
	cfg, failOn, err := configure(opt, time.Now())
	if err != nil {
		fmt.Fprintf(stderr, "samlcheck: %v\n", err)
		return exitInput
	}

	var (
		inputs   []checks.Input
		captures []checks.Capture
		failed   bool
	)
	for _, name := range files {
		in, capture, err := readInput(ctx, name, stdin)
		inputs = append(inputs, in)
		captures = append(captures, capture)
		for _, e := range in.Errors {
			fmt.Fprintf(stderr, "samlcheck: %s\n", e)
		}
		if err != nil {
			fmt.Fprintf(stderr, "samlcheck: %v\n", err)
			failed = true
		} else if len(in.Errors) > 0 {
			failed = true
		}
	}
	rep, err := checks.RunCaptures(ctx, cfg, captures)
	if err != nil {
		fmt.Fprintf(stderr, "samlcheck: %v\n", err)
		return exitInput
	}
	rep.Version = version()
	rep.Inputs = inputs
	if err := write(stdout, rep, opt, getenv); err != nil {
		fmt.Fprintf(stderr, "samlcheck: %v\n", err)
		return exitInput
	}
	switch {
	case failed:
		return exitInput
	case failOn != 0 && rep.Max() >= failOn:
		return exitFindings
	}
	return exitOK
}

// parseFlags parses flags and file names in any order ("--" ends flags).
func parseFlags(args []string, stderr io.Writer) (*options, []string, error) {
	opt := &options{}
	fs := flag.NewFlagSet("samlcheck", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&opt.format, "format", "text", "")
	fs.StringVar(&opt.profile, "profile", "auto", "")
	fs.BoolVar(&opt.abac, "abac", false, "")
	fs.StringVar(&opt.users, "users", "", "")
	fs.StringVar(&opt.failOn, "fail-on", "error", "")
	fs.StringVar(&opt.color, "color", "auto", "")
	fs.Var(&opt.idpCerts, "idp-cert", "")
	fs.StringVar(&opt.idpMeta, "idp-metadata", "", "")
	fs.StringVar(&opt.spMeta, "sp-metadata", "", "")
	fs.StringVar(&opt.acs, "acs", "", "")
	fs.StringVar(&opt.issuer, "issuer", "", "")
	fs.StringVar(&opt.audience, "audience", "", "")
	fs.StringVar(&opt.at, "at", "", "")
	fs.DurationVar(&opt.skew, "skew", checks.DefaultSkew, "")
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			files = append(files, rest...)
			break
		}
		files = append(files, rest[0])
		args = rest[1:]
	}
	switch opt.format {
	case "text", "json":
	default:
		return nil, nil, fmt.Errorf("unknown --format %q (want text or json)", opt.format)
	}
	switch opt.color {
	case "auto", "always", "never":
	default:
		return nil, nil, fmt.Errorf("unknown --color %q (want auto, always or never)", opt.color)
	}
	return opt, files, nil
}

// configure turns the flags into a checks.Config and the --fail-on gate; now
// is the reference time of messages that have no capture time and no --at.
func configure(opt *options, now time.Time) (*checks.Config, checks.Severity, error) {
	profile, err := checks.ParseProfile(opt.profile)
	if err != nil {
		return nil, 0, err
	}
	failOn, err := checks.ParseSeverity(opt.failOn)
	if err != nil {
		return nil, 0, fmt.Errorf("--fail-on: %w", err)
	}
	cfg := &checks.Config{Profile: profile, ABAC: opt.abac, ACS: opt.acs, Issuer: opt.issuer, Audience: opt.audience, Skew: opt.skew, Now: now}
	if opt.skew < 0 {
		return nil, 0, fmt.Errorf("--skew %s: must not be negative", opt.skew)
	}
	if opt.at != "" {
		if cfg.At, err = time.Parse(time.RFC3339, opt.at); err != nil {
			return nil, 0, fmt.Errorf("--at: want an RFC 3339 time such as 2026-11-01T10:00:00Z: %w", err)
		}
	}
	if cfg.IdPMetadata, err = readMetadata("--idp-metadata", opt.idpMeta); err != nil {
		return nil, 0, err
	}
	if cfg.SPMetadata, err = readMetadata("--sp-metadata", opt.spMeta); err != nil {
		return nil, 0, err
	}
	for _, name := range opt.idpCerts {
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, 0, fmt.Errorf("--idp-cert: %w", err)
		}
		certs, err := saml.ParseCertificates(name, data)
		if err != nil {
			return nil, 0, fmt.Errorf("--idp-cert: %w", err)
		}
		cfg.IdPCerts = append(cfg.IdPCerts, certs...)
	}
	if opt.users != "" {
		data, err := os.ReadFile(opt.users)
		if err != nil {
			return nil, 0, fmt.Errorf("--users: %w", err)
		}
		if cfg.Users, err = checks.ParseUsers(opt.users, data); err != nil {
			return nil, 0, fmt.Errorf("--users: %w", err)
		}
	}
	return cfg, failOn, nil
}

// readMetadata reads the metadata file named by flag, if any.
func readMetadata(flag, name string) (*saml.Metadata, error) {
	if name == "" {
		return nil, nil
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", flag, err)
	}
	md, err := saml.ParseMetadata(name, data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", flag, err)
	}
	return md, nil
}

func write(w io.Writer, rep *checks.Report, opt *options, getenv func(string) string) error {
	if opt.format == "json" {
		return report.JSON(w, rep)
	}
	return report.Text(w, rep, report.TextOptions{Color: useColor(opt.color, w, getenv)})
}

// useColor decides on colour: always, never, or (auto) only on a terminal
// and never with NO_COLOR set (https://no-color.org) or TERM=dumb.
func useColor(mode string, w io.Writer, getenv func(string) string) bool {
	switch mode {
	case "always":
		return true
	case "never":
		return false
	}
	if getenv("NO_COLOR") != "" || getenv("TERM") == "dumb" {
		return false
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func listRules(w io.Writer) int {
	for _, r := range checks.All() {
		var profiles []string
		for _, p := range r.Profiles {
			profiles = append(profiles, string(p))
		}
		src := ""
		if len(r.Refs) > 0 {
			src = r.Refs[0].URL
		}
		fmt.Fprintf(w, "%-28s %-7s %-34s %s\n", r.ID, r.Severity, strings.Join(profiles, ","), r.Title)
		fmt.Fprintf(w, "%-28s %s\n", "", src)
	}
	return exitOK
}

func explain(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprintln(stderr, "samlcheck: usage: samlcheck explain RULE-ID (see samlcheck rules)")
		return exitInput
	}
	r := checks.Lookup(args[0])
	if r == nil {
		fmt.Fprintf(stderr, "samlcheck: no rule %q (see samlcheck rules)\n", args[0])
		return exitInput
	}
	var profiles []string
	for _, p := range r.Profiles {
		profiles = append(profiles, string(p))
	}
	fmt.Fprintf(stdout, "%s: %s\nseverity: %s\nprofiles: %s\n\nWhy login fails:\n  %s\n\nHow to fix:\n  %s\n\nSources:\n",
		r.ID, r.Title, r.Severity, strings.Join(profiles, ", "), r.Doc, r.Fix)
	for _, ref := range r.Refs {
		fmt.Fprintf(stdout, "  - %s, %s\n    %s\n", ref.Title, ref.Section, ref.URL)
	}
	return exitOK
}

// version returns the module version from the build info.
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}
