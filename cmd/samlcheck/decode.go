package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/beevik/etree"
	"github.com/samlcheck/samlcheck/checks/analyze"
	"github.com/samlcheck/samlcheck/checks/config"
	"github.com/samlcheck/samlcheck/saml"
	"github.com/samlcheck/samlcheck/saml/binding"
	"github.com/samlcheck/samlcheck/saml/xmlenc"
)

// decode prints every SAML message of the inputs as indented XML, each
// after a header line saying where it was found and how it was decoded:
// what `grep SAMLResponse | base64 --decode` does by hand, for HAR files,
// Base64, URL-encoded and DEFLATE-compressed values alike. The indented XML
// is for reading: the message's signatures cover the original bytes.
func decode(ctx context.Context, res *config.Resolved, paths []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(paths) == 0 {
		return usageError(stderr, "decode", errors.New("no input files"))
	}
	targets, err := analyze.Expand(paths)
	printErrors(stderr, err)
	code := exitOK
	if err != nil {
		code = exitInput
	}
	w := bufio.NewWriter(stdout)
	defer w.Flush()
	found := 0
	for _, t := range targets {
		if ctx.Err() != nil {
			printErrors(stderr, ctx.Err())
			return exitInput
		}
		f, err := analyze.Read(ctx, t, &analyze.Options{Stdin: stdin, MaxBody: res.MaxBody})
		if f.Skipped != "" {
			continue
		}
		printErrors(stderr, err)
		if err != nil {
			code = exitInput
		}
		for _, e := range f.Capture.Messages {
			found++
			m, derr := saml.Decode(e, res.Decode)
			if m != nil {
				m.Decrypt(res.ConfigFor(t.Path).SPKeys, res.Decode)
			}
			fmt.Fprintf(w, "==> %s <==\n", decodeHeader(e, m, derr))
			if derr != nil {
				var te *saml.TruncatedError
				if errors.As(derr, &te) {
					// A value cut short: print what did decode, and mark the cut.
					w.Write(bytes.TrimRight(te.Partial, "\r\n"))
					fmt.Fprintln(w, "\n<!-- samlcheck: the value ends here: the capture cut it -->")
				}
				w.Flush()
				fmt.Fprintf(stderr, "samlcheck: %v\n", derr)
				code = max(code, exitFindings)
				fmt.Fprintln(w)
				continue
			}
			doc := m.Doc.Copy()
			doc.Indent(2)
			if _, err := doc.WriteTo(w); err != nil {
				fmt.Fprintf(stderr, "samlcheck: %v\n", err)
				return exitInput
			}
			fmt.Fprintln(w)
			if err := writeDecrypted(w, m); err != nil {
				fmt.Fprintf(stderr, "samlcheck: %v\n", err)
				return exitInput
			}
		}
		found += decodeTokens(w, &f.Capture) // decode_tokens.go
	}
	if found == 0 && code == exitOK {
		w.Flush()
		fmt.Fprintln(stderr, "samlcheck: decode: no SAMLRequest, SAMLResponse or JWT found")
		code = exitFindings
	}
	return code
}

// decodeHeader describes where a message was found and how it decoded:
// "login.har: entry 7: SAMLResponse over HTTP-POST (form POST to
// https://…/acs): Response, decoded by base64, xml". URLs lose their query.
func decodeHeader(e saml.Encoded, m *saml.Message, derr error) string {
	parts := []string{e.Source.File}
	if e.Source.Entry >= 0 {
		parts = append(parts, fmt.Sprintf("entry %d", e.Source.Entry+1))
	}
	what := "value"
	switch {
	case e.Param != "" && e.Binding != saml.BindingNone:
		what = e.Param + " over " + string(e.Binding)
	case e.Param != "":
		what = e.Param
	}
	url := binding.WithoutQuery(e.Source.URL)
	switch e.Source.Where {
	case saml.InQuery:
		what += fmt.Sprintf(" (query of %s %s)", e.Source.Method, url)
	case saml.InForm:
		what += fmt.Sprintf(" (form %s to %s)", e.Source.Method, url)
	case saml.InHTML:
		what += " (auto-post form"
		if e.Source.URL != "" {
			what += fmt.Sprintf(" in the response to %s %s", e.Source.Method, url)
		}
		what += ")"
	case saml.InLocation:
		what += fmt.Sprintf(" (Location header of the response to %s %s)", e.Source.Method, url)
	}
	parts = append(parts, what)
	if m == nil {
		if te := (*saml.TruncatedError)(nil); errors.As(derr, &te) {
			return strings.Join(parts, ": ") + ": truncated, the part that decoded"
		}
		return strings.Join(parts, ": ") + ": does not decode"
	}
	var steps []string
	for _, s := range m.Steps {
		steps = append(steps, s.Name)
	}
	return strings.Join(parts, ": ") + fmt.Sprintf(": %s, decoded by %s", m.Kind, strings.Join(steps, ", "))
}

// writeDecrypted prints each EncryptedAssertion of m that --sp-key opened,
// after a line marking it as decrypted (with the key's file and public key
// fingerprint, never the key), and says why the others did not open.
func writeDecrypted(w io.Writer, m *saml.Message) error {
	for i, ea := range m.EncryptedAssertions() {
		d := ea.Decryption
		if d == nil {
			continue
		}
		if !d.Decrypted() {
			fmt.Fprintf(w, "--> EncryptedAssertion %d (%s) not decrypted: %s <--\n\n", i+1, saml.Path(ea.Element), strings.ReplaceAll(d.Err.Error(), "\n", "; "))
			continue
		}
		algs := xmlenc.AlgorithmName(d.KeyAlgorithm)
		if d.DigestAlgorithm != "" {
			algs += " (" + xmlenc.AlgorithmName(d.DigestAlgorithm) + ", " + xmlenc.AlgorithmName(d.MGFAlgorithm) + ")"
		}
		algs += ", " + xmlenc.AlgorithmName(d.DataAlgorithm)
		fmt.Fprintf(w, "--> decrypted EncryptedAssertion %d (%s) with %s: %s <--\n", i+1, saml.Path(ea.Element), d.Key, algs)
		doc := etree.NewDocument()
		root := d.Assertion.Element.Copy()
		// Declare the prefixes the assertion uses from its context.
		declared := map[string]bool{}
		for _, a := range root.Attr {
			if a.Space == "xmlns" || (a.Space == "" && a.Key == "xmlns") {
				declared[a.FullKey()] = true
			}
		}
		for e := d.Assertion.Element.Parent(); e != nil && e.Tag != ""; e = e.Parent() {
			for _, a := range e.Attr {
				if (a.Space == "xmlns" || (a.Space == "" && a.Key == "xmlns")) && !declared[a.FullKey()] {
					declared[a.FullKey()] = true
					root.CreateAttr(a.FullKey(), a.Value)
				}
			}
		}
		doc.SetRoot(root)
		doc.Indent(2)
		if _, err := doc.WriteTo(w); err != nil {
			return err
		}
		fmt.Fprintln(w)
	}
	return nil
}
