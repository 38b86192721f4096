package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/samlcheck/samlcheck/har/redact"
)

const redactUsage = `usage: samlcheck redact [--keep-identities] [-o OUT] IN

Writes a copy of the HAR file IN that can be attached to a support case:
cookies, Authorization and token headers, tokens, OAuth codes and passwords
are removed; NameIDs, e-mail addresses, RoleSessionName and other user
attributes, user names and AWS account ids are replaced by pseudonyms that
keep their shape (the same value gets the same pseudonym throughout the
file); every SAML message stays decodable. samlcheck reports the same
findings on the copy, except that signatures over replaced content no
longer verify (reported as redacted). "-" reads standard input.

Flags:
  -o, --output OUT     write to OUT ("-" or none: standard output); never the
                       input file itself
  --keep-identities    remove secrets only; keep identities (and SAML
                       messages as they are)

A receipt of what was removed and replaced, by kind and count, goes to
standard error (to standard output when OUT is a file). Nothing is sent
anywhere.
`

// runRedact is "samlcheck redact": it returns the exit code (0 written, 2
// usage or input error).
func runRedact(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("samlcheck redact", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var output string
	var keep bool
	fs.StringVar(&output, "o", "-", "")
	fs.StringVar(&output, "output", "-", "")
	fs.BoolVar(&keep, "keep-identities", false, "")
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprint(stdout, redactUsage)
				return exitOK
			}
			return usageError(stderr, "redact", &flagError{err: err, names: definedFlags(fs)})
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
	if len(files) != 1 {
		return usageError(stderr, "redact", fmt.Errorf("want one input file, got %d", len(files)))
	}
	in := files[0]
	if err := sameFile(in, output); err != nil {
		fmt.Fprintf(stderr, "samlcheck redact: %v\n", err)
		return exitInput
	}
	var r io.Reader = stdin
	if in != "-" {
		f, err := os.Open(in)
		if err != nil {
			fmt.Fprintf(stderr, "samlcheck redact: %v\n", err)
			return exitInput
		}
		defer f.Close()
		r = f
	}
	opt := redact.Options{KeepIdentities: keep, Version: version()}
	receiptTo := stderr
	var rc *redact.Receipt
	var err error
	if output == "-" {
		rc, err = redact.Redact(ctx, stdout, r, in, opt)
	} else {
		receiptTo = stdout
		rc, err = redactToFile(ctx, output, r, in, opt)
	}
	if err != nil {
		fmt.Fprintf(stderr, "samlcheck redact: %v\n", err)
		return exitInput
	}
	where := "standard output"
	if output != "-" {
		where = output
	}
	fmt.Fprintf(receiptTo, "samlcheck redact: %s → %s: ", displayName(in), where)
	if err := rc.WriteText(receiptTo); err != nil {
		fmt.Fprintf(stderr, "samlcheck redact: %v\n", err)
		return exitInput
	}
	return exitOK
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

// redactToFile redacts into a temporary file beside out and renames it to
// out only when redaction succeeded, so that a failure never leaves half a
// file (or clobbers a previous good one).
func redactToFile(ctx context.Context, out string, r io.Reader, in string, opt redact.Options) (*redact.Receipt, error) {
	tmp, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".*.tmp")
	if err != nil {
		return nil, err
	}
	rc, err := redact.Redact(ctx, tmp, r, in, opt)
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
