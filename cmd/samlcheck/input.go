package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/har"
	"github.com/samlcheck/samlcheck/saml"
)

// maxValueFile is the largest non-HAR input read (a SAML value or XML
// file); HARs are streamed whatever their size.
const maxValueFile = 64 << 20

// readInput reads one input file ("-" is stdin), recognising a HAR or a SAML
// value by content. It returns what was read even on error, so a truncated
// HAR still has its complete entries checked.
func readInput(ctx context.Context, name string, stdin io.Reader) (checks.Input, checks.Capture, error) {
	capture := checks.Capture{File: name}
	in, msgs, err := readMessages(ctx, name, stdin, &capture)
	capture.Messages = msgs
	return in, capture, err
}

// maxPages is how many candidate error pages of one HAR are kept.
const maxPages = 256

// harOptions keeps, while streaming, only the response bodies that may show
// how a login ended (checks.MayBeErrorPage), each cut to checks.MaxPageText.
func harOptions() har.ScanOptions {
	return har.ScanOptions{
		KeepPage: func(e *har.Entry, body []byte) bool { return checks.MayBeErrorPage(e.Response.Content.MimeType, body) },
		MaxText:  checks.MaxPageText,
		MaxPages: maxPages,
	}
}

func readMessages(ctx context.Context, name string, stdin io.Reader, capture *checks.Capture) (checks.Input, []saml.Encoded, error) {
	in := checks.Input{File: name}
	var r io.Reader = stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return in, nil, err // *fs.PathError names the file
		}
		defer f.Close()
		r = f
	}
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(8 << 10)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return in, nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(bytes.TrimSpace(head)) == 0 {
		return in, nil, fmt.Errorf("%s: empty input", name)
	}
	if har.Sniff(head) {
		in.Kind = "har"
		capt, err := har.ScanWith(br, name, harOptions())
		if capt != nil {
			in.Entries, in.Messages = capt.Entries, len(capt.Messages)
			for _, p := range capt.Pages {
				capture.Pages = append(capture.Pages, checks.Page{Source: p.Source, MimeType: p.MimeType, Text: p.Text})
			}
			for _, ee := range capt.EntryErrors {
				in.Errors = append(in.Errors, ee.Error())
			}
		}
		if err != nil {
			if capt == nil {
				return in, nil, err
			}
			return in, capt.Messages, err
		}
		return in, capt.Messages, ctx.Err()
	}
	data, err := io.ReadAll(io.LimitReader(br, maxValueFile+1))
	if err != nil {
		return in, nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(data) > maxValueFile {
		return in, nil, fmt.Errorf("%s: larger than %d MiB and not a HAR file", name, maxValueFile>>20)
	}
	in.Kind = valueKind(data)
	msgs, err := saml.ParseInput(name, data)
	in.Messages = len(msgs)
	if err != nil {
		return in, msgs, err
	}
	return in, msgs, nil
}

// valueKind names what a non-HAR input looks like, for the report.
func valueKind(data []byte) string {
	t := bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	switch {
	case bytes.HasPrefix(t, []byte("<")) && bytes.Contains(bytes.ToLower(t[:min(len(t), 4096)]), []byte("<html")):
		return "html"
	case bytes.HasPrefix(t, []byte("<")):
		return "xml"
	case bytes.HasPrefix(t, []byte("http://")) || bytes.HasPrefix(t, []byte("https://")):
		return "url"
	case bytes.Contains(t, []byte("SAMLResponse=")) || bytes.Contains(t, []byte("SAMLRequest=")):
		return "form"
	case bytes.Contains(t, []byte("%")):
		return "url-encoded"
	}
	return "base64"
}
