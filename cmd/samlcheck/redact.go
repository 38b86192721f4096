package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/samlcheck/samlcheck/checks/users"
	"github.com/samlcheck/samlcheck/har"
	"github.com/samlcheck/samlcheck/har/redact"
)

const redactUsage = `usage: samlcheck redact [--keep-identities] [--users FILE [--users-out FILE]]
                        [-o OUT] IN

Writes a copy of IN that can be attached to a support case. IN is a HAR
file or a SAML message as samlcheck check reads it: XML, Base64, a
URL-encoded value, a form body (SAMLResponse=…&RelayState=…), a URL or an
HTML page. Cookies, Authorization and token headers, tokens, OAuth codes
and passwords are removed; NameIDs, e-mail addresses, RoleSessionName and
other user attributes, user names, GUIDs and AWS account ids are replaced
by pseudonyms that keep what the rules judge: the same value gets the same
pseudonym everywhere, case for case (a case-only difference stays one),
an e-mail address stays one of the same length, DOMAIN\user stays
DOMAIN\user, a GUID stays a GUID. samlcheck reports the same findings on
the copy, except that signatures over replaced content no longer verify
(reported as redacted, Info). "-" reads standard input.

A truncated HAR is redacted as far as it can be read: the copy holds every
complete entry and stops where they stop, the error names the byte where
the input ends (as samlcheck check does) and the exit code is 2.

Flags:
  -o, --output OUT     write to OUT ("-" or none: standard output); never the
                       input file itself
  --users FILE         also redact this users list (as given to samlcheck
                       --users) with the same pseudonyms, so that the copy and
                       the redacted list still diagnose together
  --users-out FILE     where the redacted users list goes (default: the list's
                       name with ".redacted" before its extension, beside OUT,
                       or beside the list when OUT is standard output)
  --keep-identities    remove secrets only; keep identities (and SAML
                       messages as they are)

A receipt of what was removed and replaced, by kind and count, goes to
standard error (to standard output when OUT is a file). Nothing is sent
anywhere. Exit codes: 0 written, 2 usage or input error (a truncated HAR
included: its readable part is written).
`

// redactFlags are the settings of "samlcheck redact".
type redactFlags struct {
	output, users, usersOut string
	keep                    bool
	in                      string
}

// parseRedactFlags parses flags and the one input in any order.
func parseRedactFlags(args []string) (*redactFlags, error) {
	fs := flag.NewFlagSet("samlcheck redact", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	f := &redactFlags{}
	fs.StringVar(&f.output, "o", "-", "")
	fs.StringVar(&f.output, "output", "-", "")
	fs.StringVar(&f.users, "users", "", "")
	fs.StringVar(&f.usersOut, "users-out", "", "")
	fs.BoolVar(&f.keep, "keep-identities", false, "")
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return nil, &flagError{err: err, names: definedFlags(fs)}
	}
	if len(files) != 1 {
		return nil, fmt.Errorf("want one input file, got %d", len(files))
	}
	f.in = files[0]
	if f.usersOut != "" && f.users == "" {
		return nil, errors.New("--users-out needs --users")
	}
	return f, nil
}

// runRedact is "samlcheck redact": it returns the exit code (0 written, 2
// usage or input error, a truncated HAR included).
func runRedact(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	f, err := parseRedactFlags(args)
	if code, done := flagsDone(err, "redact", redactUsage, stdout, stderr); done {
		return code
	}
	if err := sameFile(f.in, f.output); err != nil {
		fmt.Fprintf(stderr, "samlcheck redact: %v\n", err)
		return exitInput
	}
	if f.users != "" && f.usersOut == "" {
		f.usersOut = usersOutName(f.users, f.output)
	}
	if f.users != "" {
		if err := sameFile(f.users, f.usersOut); err != nil {
			fmt.Fprintf(stderr, "samlcheck redact: --users-out: %v\n", err)
			return exitInput
		}
	}
	var r io.Reader = stdin
	if f.in != "-" {
		file, err := os.Open(f.in)
		if err != nil {
			fmt.Fprintf(stderr, "samlcheck redact: %v\n", err)
			return exitInput
		}
		defer file.Close()
		r = file
	}
	x, err := redact.New(redact.Options{KeepIdentities: f.keep, Version: version()})
	if err != nil {
		fmt.Fprintf(stderr, "samlcheck redact: %v\n", err)
		return exitInput
	}
	// The users list first, in memory: when it cannot be read back
	// (redactUsers says why), nothing is written.
	var users []byte
	if f.users != "" {
		if users, err = redactUsers(x, f.users); err != nil {
			fmt.Fprintf(stderr, "samlcheck redact: %v\n", err)
			return exitInput
		}
	}
	receiptTo := stderr
	if f.output != "-" {
		receiptTo = stdout
	}
	rc, err := redactInput(ctx, x, f, r, stdout)
	var truncated error
	if rc != nil && rc.Truncated != nil {
		truncated, err = rc.Truncated, nil
	}
	if err != nil {
		fmt.Fprintf(stderr, "samlcheck redact: %v\n", err)
		return exitInput
	}
	if f.users != "" {
		_, err := writeFileAtomic(f.usersOut, func(w io.Writer) (*redact.Receipt, error) {
			_, err := w.Write(users)
			return nil, err
		})
		if err != nil {
			fmt.Fprintf(stderr, "samlcheck redact: %v\n", err)
			return exitInput
		}
		rc = x.Receipt()
		rc.Truncated = truncated
	}
	where := "standard output"
	if f.output != "-" {
		where = f.output
	}
	fmt.Fprintf(receiptTo, "samlcheck redact: %s → %s: ", displayName(f.in), where)
	if err := rc.WriteText(receiptTo); err != nil {
		fmt.Fprintf(stderr, "samlcheck redact: %v\n", err)
		return exitInput
	}
	if f.users != "" {
		fmt.Fprintf(receiptTo, "users list %s → %s\n", f.users, f.usersOut)
	}
	if truncated != nil {
		fmt.Fprintf(stderr, "samlcheck redact: %v\n", truncated)
		return exitInput
	}
	return exitOK
}

// redactInput redacts the input, a HAR or a pasted value (told apart as
// samlcheck check does: har.Sniff on its head), to standard output or to
// f.output. A truncated HAR comes back as a receipt whose Truncated is
// set, its readable part written.
func redactInput(ctx context.Context, x *redact.Redactor, f *redactFlags, r io.Reader, stdout io.Writer) (*redact.Receipt, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(8 << 10)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, fmt.Errorf("%s: %w", displayName(f.in), err)
	}
	write := func(w io.Writer) (*redact.Receipt, error) {
		if har.Sniff(head) {
			var in io.Reader = br
			if file, ok := r.(*os.File); ok && f.in != "-" {
				// A file: Redact reads it twice (first for the secrets
				// of every entry).
				if _, err := file.Seek(0, io.SeekStart); err == nil {
					in = file
				}
			}
			return x.HAR(ctx, w, in, f.in)
		}
		data, err := io.ReadAll(io.LimitReader(br, maxRedactValue+1))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", displayName(f.in), err)
		}
		if len(data) > maxRedactValue {
			return nil, fmt.Errorf("%s: larger than %d MiB and not a HAR file", displayName(f.in), maxRedactValue>>20)
		}
		// A UTF-16 HAR comes back from Value as a HAR, truncated or not.
		out, err := x.Value(displayName(f.in), data)
		rc := x.Receipt()
		switch {
		case errors.Is(err, har.ErrTruncated):
			rc.Truncated = err
		case err != nil:
			return nil, err
		}
		if _, werr := w.Write(out); werr != nil {
			return nil, werr
		}
		return rc, err
	}
	if f.output == "-" {
		return write(stdout)
	}
	return writeFileAtomic(f.output, write)
}

// maxRedactValue is the largest input redact reads that is not a HAR, as
// samlcheck check reads (64 MiB, package analyze).
const maxRedactValue = 64 << 20

// redactUsers reads the users list in as samlcheck check reads --users
// (users.Parse) and returns it redacted.
func redactUsers(x *redact.Redactor, in string) ([]byte, error) {
	data, err := os.ReadFile(in)
	if err != nil {
		return nil, err
	}
	parse := func(b []byte) ([]string, error) {
		u, err := users.Parse(in, b)
		if err != nil {
			return nil, err
		}
		return u.Names, nil
	}
	return x.Users(in, data, parse)
}

// usersOutName is the default --users-out: the list's name with
// ".redacted" before its extension, beside output (or beside the list
// when output is standard output).
func usersOutName(users, output string) string {
	base := filepath.Base(users)
	ext := filepath.Ext(base)
	name := strings.TrimSuffix(base, ext) + ".redacted" + ext
	dir := filepath.Dir(users)
	if output != "-" {
		dir = filepath.Dir(output)
	}
	return filepath.Join(dir, name)
}

// displayName names an input for the receipt.
func displayName(name string) string {
	if name == "-" {
		return "standard input"
	}
	return name
}

// sameFile refuses to write over the input.
func sameFile(in, out string) error {
	if in == "-" || out == "-" {
		return nil
	}
	if filepath.Clean(in) == filepath.Clean(out) {
		return fmt.Errorf("refusing to overwrite the input file %s: name another output with -o", in)
	}
	a, err := os.Stat(in)
	if err != nil {
		return nil // opening the input reports it
	}
	if b, err := os.Stat(out); err == nil && os.SameFile(a, b) {
		return fmt.Errorf("refusing to overwrite the input file %s (%s is the same file): name another output with -o", in, out)
	}
	return nil
}

// writeFileAtomic calls write on a temporary file beside out and renames
// it to out only when write succeeded, so that a failure never leaves half
// a file (or clobbers a previous good one). A truncated HAR's readable
// part (the receipt's Truncated set) is kept: it is what was asked for.
func writeFileAtomic(out string, write func(io.Writer) (*redact.Receipt, error)) (*redact.Receipt, error) {
	tmp, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".*.tmp")
	if err != nil {
		return nil, err
	}
	rc, err := write(tmp)
	if rc != nil && rc.Truncated != nil && errors.Is(err, rc.Truncated) {
		err = nil
	}
	if cerr := tmp.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), out)
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
		return nil, err
	}
	return rc, nil
}
