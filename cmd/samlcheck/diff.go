package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/checks/analyze"
	"github.com/samlcheck/samlcheck/checks/config"
	"github.com/samlcheck/samlcheck/checks/diff"
	"github.com/samlcheck/samlcheck/checks/report"
	"github.com/samlcheck/samlcheck/har/capture"
)

const diffHelp = `usage: samlcheck diff [flags] GOOD [--message N] BAD [--message N]

Compares a login that works (GOOD) with one that does not (BAD): "it works
for Bob and not for Alice". GOOD and BAD are any inputs samlcheck reads (a
HAR, a SAML message as XML, Base64, URL-encoded text or a form body; "-" is
standard input), also a HAR against a pasted message.

Messages are paired by kind and flow position: the first Response of GOOD
with the first Response of BAD, AuthnRequest with AuthnRequest. --message N
after an input chooses its message N (numbered as "samlcheck check" numbers
them), compared with the other side's chosen message or its first of the
same kind.

The messages are compared as models, not as XML text: Destination, ACS,
Issuer, Audiences, Recipient, the NameID's Format and the shape of its
value (e-mail, DOMAIN\user, GUID, opaque; case), AuthnContext, the
attributes (AWS Role values pair by pair), signatures (what is signed,
algorithms, certificate), encryption, time windows and clock skew, size,
RelayState, binding, where it was posted, and the error page each login
ended on. Values that differ per user or per login (IDs, instants, the
NameID value) are compared by their shape only.

Differences are ranked: first those a rule judges (a rule fires on one
side only, shown with the field difference that explains it), then
structural ones no rule judges, then cosmetic ones (shown with -v).

Flags: those of "samlcheck help check" (profile, users, certificates,
--sp-key keys, expectations, limits, configuration) apply to both sides:
an assertion decrypted with --sp-key is compared as a plain one. And:
  --format F           text, json or html (default text; json is described
                       by the definition "diff" of the report's JSON Schema;
                       html shows GOOD and BAD side by side)
  -o FORMAT=FILE       also write FORMAT to FILE
  -v                   show the cosmetic differences too

Exit codes: 0 no difference a rule judges and none in structure, 1 there
is one, 2 usage error or unreadable input.
`

// diffFormats are the formats samlcheck diff writes.
var diffFormats = []string{"text", "json", "html"}

// runDiff runs samlcheck diff.
func runDiff(ctx context.Context, args []string, env *environment) int {
	rest, choose, err := splitMessageFlags(args)
	if err != nil {
		return usageError(env.stderr, "diff", err)
	}
	opt, paths, err := parseFlags(rest)
	if code, done := flagsDone(err, "diff", diffHelp, env.stdout, env.stderr); done {
		return code
	}
	if len(paths) != 2 {
		return usageError(env.stderr, "diff", fmt.Errorf("want two inputs, GOOD and BAD; got %d", len(paths)))
	}
	sideOf, err := bindMessages(rest, paths, choose)
	if err != nil {
		return usageError(env.stderr, "diff", err)
	}
	res, err := resolve(opt, time.Now())
	if err != nil {
		fmt.Fprintf(env.stderr, "samlcheck: %v\n", err)
		return exitInput
	}
	outs, err := outputs(opt, res)
	if err == nil {
		for _, o := range outs {
			if !slices.Contains(diffFormats, o.format) {
				err = fmt.Errorf("diff writes text, json or html, not %s", o.format)
			}
		}
	}
	if err != nil {
		fmt.Fprintf(env.stderr, "samlcheck diff: %v\n", err)
		return exitInput
	}
	var sides [2]*diff.Side
	for i, p := range paths {
		s, err := readSide(ctx, p, res, env.stdin)
		if err != nil {
			printErrors(env.stderr, err)
			return exitInput
		}
		s.Choose = sideOf[i]
		if s.Choose > len(s.Report.Messages) {
			fmt.Fprintf(env.stderr, "samlcheck diff: --message %d: %s has %s\n", s.Choose, p, diffCount(len(s.Report.Messages), "message", "messages"))
			return exitInput
		}
		sides[i] = s
	}
	r := diff.Diff(sides[0], sides[1])
	if err := writeDiff(outs, r, env, opt); err != nil {
		fmt.Fprintf(env.stderr, "samlcheck: %v\n", err)
		return exitInput
	}
	if r.HasChanges() {
		return exitFindings
	}
	return exitOK
}

// diffCount says n things: "1 message", "2 messages".
func diffCount(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// splitMessageFlags takes the --message N flags out of args and returns
// the other arguments and, for each --message, its value and its position
// in the arguments returned (the flag chooses from the input before it).
func splitMessageFlags(args []string) ([]string, []messageChoice, error) {
	var rest []string
	var out []messageChoice
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i:]...)
			break
		}
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "message" {
			rest = append(rest, a)
			continue
		}
		if !hasVal {
			if i+1 >= len(args) {
				return nil, nil, errors.New("flag needs an argument: --message")
			}
			i++
			val = args[i]
		}
		n, err := strconv.Atoi(val)
		if err != nil || n < 1 {
			return nil, nil, fmt.Errorf("--message %q: want a message number from 1", val)
		}
		out = append(out, messageChoice{n: n, at: len(rest)})
	}
	return rest, out, nil
}

// messageChoice is one --message N, at position at of the other arguments.
type messageChoice struct{ n, at int }

// bindMessages gives each --message to the input before it.
func bindMessages(args, paths []string, choose []messageChoice) ([2]int, error) {
	var out [2]int
	for _, c := range choose {
		seen := 0
		for j := 0; j < c.at && j < len(args) && seen < len(paths); j++ {
			if args[j] == paths[seen] {
				seen++
			}
		}
		if seen == 0 {
			return out, errors.New("--message N goes after the input it chooses from (GOOD --message N BAD --message M)")
		}
		if out[seen-1] != 0 {
			return out, fmt.Errorf("--message given twice for %s", paths[seen-1])
		}
		out[seen-1] = c.n
	}
	return out, nil
}

// readSide reads and checks one input of the comparison.
func readSide(ctx context.Context, path string, res *config.Resolved, stdin io.Reader) (*diff.Side, error) {
	targets, err := analyze.Expand([]string{path})
	if err != nil {
		return nil, err
	}
	cfg := res.Config()
	if c := res.ConfigFor(path); c != nil {
		cfg = c
	}
	var caps []capture.Capture
	var inputs []checks.Input
	opt := &analyze.Options{Stdin: stdin, MaxBody: res.MaxBody}
	for _, t := range targets {
		f, err := analyze.Read(ctx, t, opt)
		if err != nil {
			return nil, err
		}
		if f.Skipped != "" {
			continue
		}
		caps = append(caps, f.Capture)
		inputs = append(inputs, f.Input)
	}
	s, err := diff.NewSide(ctx, path, caps, inputs, cfg)
	if err != nil {
		return nil, err
	}
	if len(s.Report.Messages) == 0 {
		return nil, fmt.Errorf("diff: %s: no SAML message found", path)
	}
	return s, nil
}

// writeDiff writes r in every output, as writeOutputs writes a report.
func writeDiff(outs []output, r *diff.Result, env *environment, opt *options) error {
	var errs []error
	for _, o := range outs {
		w := env.stdout
		var f *os.File
		if o.file != "-" {
			var err error
			if f, err = os.Create(o.file); err != nil {
				errs = append(errs, err)
				continue
			}
			w = f
		}
		switch o.format {
		case "json":
			errs = append(errs, report.DiffJSON(w, r))
		case "html":
			errs = append(errs, report.DiffHTML(w, r, report.DiffHTMLOptions{Version: version(), Verbose: opt.verbose}))
		default:
			color := opt.color == "always"
			if o.file == "-" {
				color = useColor(opt.color, w, env.getenv)
			}
			errs = append(errs, report.DiffText(w, r, report.DiffOptions{Width: textWidth(w, env.getenv), Verbose: opt.verbose, Color: color}))
		}
		if f != nil {
			errs = append(errs, f.Close())
		}
	}
	return errors.Join(errs...)
}
