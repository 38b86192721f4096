package analyze

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/har"
	"github.com/samlcheck/samlcheck/har/capture"
	"github.com/samlcheck/samlcheck/har/redact"
	"github.com/samlcheck/samlcheck/saml"
	"github.com/samlcheck/samlcheck/saml/binding"
)

// maxValueFile is the largest input read that is not a HAR (a SAML value,
// an XML file, an HTML page); HARs are streamed whatever their size.
const maxValueFile = 64 << 20

// maxTimeline is how many exchanges of one HAR its checks.Input.Timeline
// keeps for display.
const maxTimeline = 5000

// maxPages is how many candidate error pages of one HAR are kept for the
// error/* rules.
const maxPages = 256

// Loaded is one input after reading (a [Target] is one before): what the
// report says about it and what the checks run on.
type Loaded struct {
	// Input describes the file for the report. Its Errors list what could
	// not be read (skipped HAR entries, truncation, an unreadable file).
	Input checks.Input
	// Capture holds the SAML messages found and, for a HAR, the pages that
	// may show how the login ended and the exchanges that may carry tokens
	// or SCIM calls.
	Capture capture.Capture
	// Skipped says why a found file (Target.Found) was not checked: it is
	// neither a HAR nor a SAML message. Empty for a file that was read.
	Skipped string

	// prepared counts the messages prepared ahead while reading (see
	// pipeline).
	prepared int
}

// Read reads one target ("-" reads opt.Stdin), recognising a HAR or a SAML
// value by content. It returns what was read even with an error, so a
// truncated HAR still has its complete entries checked; the error (an
// *InputError) says the input is incomplete or unreadable. A found target
// whose content is neither HAR nor SAML comes back with Loaded.Skipped set and
// no error.
//
// An input that is not a HAR is read whole, up to 64 MiB; a HAR is streamed
// whatever its size and keeps, besides its messages, at most 256 candidate
// error pages, 4096 exchanges (64 MiB of bodies) for the token, SCIM and
// connection rules, and 5000 timeline entries.
func Read(ctx context.Context, t Target, opt *Options) (*Loaded, error) {
	if t.Member != "" {
		return readZipMember(ctx, t, opt)
	}
	if t.Path == "-" {
		var stdin io.Reader = strings.NewReader("")
		if opt != nil && opt.Stdin != nil {
			stdin = opt.Stdin
		}
		return readStream(ctx, t.Path, stdin, false, opt)
	}
	f, err := os.Open(t.Path)
	if err != nil {
		file := &Loaded{Input: checks.Input{File: t.Path}, Capture: capture.Capture{File: t.Path}}
		return file, file.fail(err) // *fs.PathError names the file
	}
	defer f.Close()
	var r io.Reader = f
	if opt != nil && opt.Progress != nil {
		r = &countingReader{r: f, n: &opt.Progress.Bytes}
	}
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
		r = sizedReader{r, st.Size()}
	}
	return readStream(ctx, t.Path, r, t.Found, opt)
}

// fail records err (which names the file) in the input's errors and returns
// it as an *InputError.
func (f *Loaded) fail(errs ...error) error {
	err := errors.Join(errs...)
	if err == nil {
		return nil
	}
	for _, e := range errs {
		if e != nil {
			f.Input.Errors = append(f.Input.Errors, e.Error())
		}
	}
	return &InputError{File: f.Input.File, Err: err}
}

// readStream reads one input from r. With found set, content that is not
// a HAR or a SAML message is skipped instead of checked.
func readStream(ctx context.Context, name string, r io.Reader, found bool, opt *Options) (*Loaded, error) {
	file := &Loaded{Input: checks.Input{File: name}, Capture: capture.Capture{File: name}}
	size := int64(-1) // unknown
	if sr, ok := r.(interface{ Size() int64 }); ok {
		size = sr.Size()
	}
	br := bufio.NewReaderSize(r, readBufSize(size))
	head, err := br.Peek(8 << 10)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return file, file.fail(fmt.Errorf("analyze: %s: %w", name, err))
	}
	var gzipped string
	if bytes.HasPrefix(head, []byte("\x1f\x8b")) {
		// A gzip-compressed HAR or value (login.har.gz): decompressed on
		// the fly, like a UTF-16 text.
		gz, gerr := gzip.NewReader(br)
		if gerr != nil {
			return notSAMLFile(file, found, "a gzip-compressed file that cannot be decompressed", fmt.Sprint(gerr))
		}
		defer gz.Close()
		br, gzipped = bufio.NewReaderSize(gz, 64<<10), "gzip-compressed, decompressed"
		if head, err = br.Peek(8 << 10); err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
			return file, file.fail(fmt.Errorf("analyze: %s: gzip: %w", name, err))
		}
	}
	var charset string
	if br, charset = decodeCharset(br, head); charset != "" {
		head, err = br.Peek(8 << 10)
		if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
			return file, file.fail(fmt.Errorf("analyze: %s: %s: %w", name, charset, err))
		}
	}
	if gzipped != "" {
		charset = strings.Join(slices.DeleteFunc([]string{gzipped, charset}, func(s string) bool { return s == "" }), "; ")
	}
	if len(bytes.TrimSpace(head)) == 0 {
		if found {
			file.Skipped = "empty"
			return file, nil
		}
		return file, file.fail(fmt.Errorf("analyze: %s: empty input", name))
	}
	if har.Sniff(head) {
		// A HAR written by samlcheck redact says so before its entries:
		// its signatures were broken on purpose, not by an attacker.
		file.Capture.Redacted = redact.IsRedacted(head)
		file.Input.Redacted = file.Capture.Redacted
		return file, readHAR(ctx, file, br, charset, opt)
	}
	if isZip(head) {
		return readZip(file, br, found)
	}
	if what, hint := notSAMLKind(head); what != "" {
		// A screenshot, a PDF, binary data (a NUL byte: no text format
		// samlcheck reads has one) is named for what it is.
		return notSAMLFile(file, found, what, hint)
	}
	data, err := readAll(io.LimitReader(br, maxValueFile+1), min(size, maxValueFile))
	if err != nil {
		return file, file.fail(fmt.Errorf("analyze: %s: %w", name, err))
	}
	if len(data) > maxValueFile {
		if found {
			file.Skipped = "larger than 64 MiB and not a HAR file"
			return file, nil
		}
		return file, file.fail(fmt.Errorf("analyze: %s: larger than %d MiB and not a HAR file", name, maxValueFile>>20))
	}
	if document(file, data) { // a SCIM document or a JWT: exchange.go
		return file, nil
	}
	msgs, err := saml.ParseInput(name, data)
	if p := opt.progress(); p != nil {
		p.Messages.Add(int64(len(msgs)))
	}
	for i := range msgs {
		msgs[i].Charset = charset
	}
	if found {
		if why := notSAML(data, msgs, err); why != "" {
			file.Skipped = why
			return file, nil
		}
	}
	file.Input.Kind = valueKind(data)
	file.Input.Messages = len(msgs)
	file.Capture.Messages = msgs
	return file, file.fail(err)
}

// harOptions keeps, while streaming, only the response bodies that may show
// how a login ended (checks.MayBeErrorPage), each cut to
// capture.DefaultMaxPageText.
func harOptions(opt *Options) har.ScanOptions {
	o := har.ScanOptions{
		KeepPage: func(e *har.Entry, body []byte) bool { return checks.MayBeErrorPage(e.Response.Content.MimeType, body) },
		MaxText:  capture.DefaultMaxPageText,
		MaxPages: maxPages,
	}
	if opt != nil {
		o.MaxBody = opt.MaxBody
		if p := opt.Progress; p != nil {
			o.OnEntry = func(*har.Entry) { p.Entries.Add(1) }
		}
	}
	return o
}

func readHAR(ctx context.Context, file *Loaded, r io.Reader, charset string, opt *Options) error {
	file.Input.Kind = "har"
	hopt := harOptions(opt)
	progress := hopt.OnEntry
	hopt.OnEntry = func(e *har.Entry) {
		file.Input.Timeline = appendTimeline(file.Input.Timeline, e)
		if progress != nil {
			progress(e)
		}
	}
	var wait func() int
	if opt != nil && opt.checker != nil {
		hopt.OnMessage, wait = pipeline(opt.checker)
		if charset != "" {
			prepare := hopt.OnMessage
			hopt.OnMessage = func(i int, m saml.Encoded) {
				m.Charset = charset
				prepare(i, m)
			}
		}
	}
	var dropped func() int
	hopt.KeepExchange, dropped = exchangeKeeper() // exchange.go
	if p := opt.progress(); p != nil {
		next := hopt.OnMessage
		hopt.OnMessage = func(i int, m saml.Encoded) {
			p.Messages.Add(1)
			if next != nil {
				next(i, m)
			}
		}
	}
	capt, err := har.ScanWith(r, file.Input.File, hopt)
	if wait != nil {
		file.prepared = wait()
	}
	var errs []error
	if capt != nil {
		file.Input.Entries, file.Input.Messages = capt.Entries, len(capt.Messages)
		file.Capture = capt.Capture
		file.Capture.Redacted = file.Input.Redacted
		for i := range file.Capture.Messages {
			file.Capture.Messages[i].Charset = charset
		}
		file.Input.Exchanges = len(file.Capture.Exchanges)
		if n := dropped(); n > 0 {
			errs = append(errs, fmt.Errorf("analyze: %s: %d exchanges with tokens or SCIM calls not checked: more than %d, or %d MiB of bodies",
				file.Input.File, n, maxExchanges, maxExchangeBytes>>20))
		}
		for _, ee := range capt.EntryErrors {
			errs = append(errs, ee)
		}
		for _, sk := range capt.Skipped {
			limit := hopt.MaxBody
			if limit == 0 {
				limit = har.DefaultMaxBody
			}
			errs = append(errs, fmt.Errorf("analyze: %s: entry %d: %s of %s %s not scanned for SAML: longer than %d bytes (raise --max-body)",
				file.Input.File, sk.Source.Entry+1, sk.Field, sk.Source.Method, binding.WithoutQuery(sk.Source.URL), limit))
		}
	}
	if err == nil {
		err = ctx.Err()
	}
	return file.fail(append(errs, err)...)
}

// The SAML 2.0 namespaces (saml-core §1.2).
const (
	samlProtocolNS  = "urn:oasis:names:tc:SAML:2.0:protocol"
	samlAssertionNS = "urn:oasis:names:tc:SAML:2.0:assertion"
)

// samlRoots are the root elements of the SAML messages samlcheck checks.
var samlRoots = []saml.Kind{saml.KindResponse, saml.KindAuthnRequest, saml.KindLogoutRequest, saml.KindLogoutResponse, saml.KindAssertion, saml.KindEncryptedAssertion}

// notSAML says why a found file is not checked, or "" when it holds a SAML
// message (even a broken one): XML whose root element is a SAML message or
// that uses a SAML 2.0 namespace (metadata excepted);
// an HTML page, URL or form body with a SAMLRequest or SAMLResponse; text
// that looks like an encoded SAML value (Base64, possibly URL-encoded). msgs
// and err are what saml.ParseInput made of data.
func notSAML(data []byte, msgs []saml.Encoded, err error) string {
	if err != nil {
		return "neither a HAR nor a SAML message"
	}
	if len(msgs) == 0 || msgs[0].Binding != saml.BindingNone {
		return "" // a URL, form body or HTML page carrying SAML parameters
	}
	text := bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	if text[0] == '<' {
		switch root := rootElement(text); {
		case root == "EntityDescriptor" || root == "EntitiesDescriptor":
			return "SAML metadata, not a message (give it as idp-metadata or sp-metadata)"
		case isSAMLRoot(root), bytes.Contains(text, []byte(samlProtocolNS)), bytes.Contains(text, []byte(samlAssertionNS)):
			// A SAML root, or SAML inside something else: a SOAP envelope,
			// a document with junk before its root (an attack sample).
			return ""
		}
		return "XML that is not a SAML message"
	}
	switch {
	case bytes.HasPrefix(text, []byte("-----BEGIN ")):
		return "a PEM certificate or key"
	case !isBase64Text(text):
		return "neither a HAR nor a SAML message"
	}
	return ""
}

func isSAMLRoot(local string) bool {
	for _, k := range samlRoots {
		if string(k) == local {
			return true
		}
	}
	return false
}

// rootElement returns the local name of the first element of an XML text,
// past the XML declaration, comments, processing instructions and a
// doctype; "" when there is none.
func rootElement(text []byte) string {
	s := string(text)
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 || i+1 >= len(s) {
			return ""
		}
		s = s[i+1:]
		switch {
		case strings.HasPrefix(s, "!--"):
			end := strings.Index(s, "-->")
			if end < 0 {
				return ""
			}
			s = s[end+3:]
			continue
		case s[0] == '?' || s[0] == '!':
			continue
		}
		end := strings.IndexAny(s, " \t\r\n/>")
		if end < 0 {
			return ""
		}
		name := s[:end]
		return name[strings.LastIndexByte(name, ':')+1:]
	}
}

// isBase64Text reports whether text is long enough to be a SAML value
// (100 bytes) and consists only of Base64 (standard or URL-safe),
// percent-escapes, line breaks and a few spaces (a '+' turned into a space
// by a form decoder), as an encoded SAML message does. A deflated
// Redirect-binding value has no other recognisable shape.
func isBase64Text(text []byte) bool {
	if len(text) < 100 {
		return false
	}
	spaces := 0
	for _, c := range text {
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case c == '+' || c == '/' || c == '=' || c == '-' || c == '_' || c == '%':
		case c == '\r' || c == '\n':
		case c == ' ' || c == '\t':
			spaces++
		default:
			return false
		}
	}
	return spaces <= len(text)/20
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

// pipeline returns a har.ScanOptions.OnMessage that hands each message, as
// soon as it is first seen, to a goroutine preparing it for c's checks
// (Checker.Prepare: decoding and signature verification) while the scan
// reads on, and a wait that returns, once the scan has ended and every
// message handed over is prepared, how many were. A message whose
// preparation panics is left unprepared: Check then decodes it itself,
// where a panic is reported for the file.
func pipeline(c *checks.Checker) (onMessage func(int, saml.Encoded), wait func() int) {
	jobs := make(chan saml.Encoded, 8)
	done := make(chan int)
	go func() {
		n := 0
		for m := range jobs {
			if prepareSafely(c, m) {
				n++
			}
		}
		done <- n
	}()
	onMessage = func(_ int, m saml.Encoded) { jobs <- m }
	wait = func() int {
		close(jobs)
		return <-done
	}
	return onMessage, wait
}

// prepareSafely is c.Prepare(m), with a panic turned into false.
func prepareSafely(c *checks.Checker, m saml.Encoded) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	c.Prepare(m)
	return true
}

// notSAMLFile returns file for an input that is neither a HAR nor a SAML
// message but what (such as "a PNG image"): skipped when it was found in a
// directory walk, else an error naming the file, what it looks like and
// hint (what to pass instead).
func notSAMLFile(file *Loaded, found bool, what, hint string) (*Loaded, error) {
	if found {
		file.Skipped = what
		return file, nil
	}
	msg := fmt.Sprintf("%s: %s, not a HAR or a SAML message", file.Input.File, what)
	if hint != "" {
		msg += ": " + hint
	}
	return file, file.fail(&NotSAMLError{File: file.Input.File, What: what, msg: msg})
}

// readZip reads a ZIP archive given whole (standard input, or a file whose
// .har members Expand did not list): it says what the archive is, since
// only the .har members of a named ZIP file are read (see Expand).
func readZip(file *Loaded, r io.Reader, found bool) (*Loaded, error) {
	if found {
		file.Skipped = "a ZIP archive (archives found in directories are not opened)"
		return file, nil
	}
	data, err := io.ReadAll(io.LimitReader(r, maxValueFile+1))
	if err != nil {
		return file, file.fail(fmt.Errorf("analyze: %s: %w", file.Input.File, err))
	}
	if len(data) > maxValueFile {
		return notSAMLFile(file, found, "a ZIP archive", "extract it and pass the .har files")
	}
	ra := bytes.NewReader(data)
	if names := zipHARNames(ra, int64(len(data))); len(names) > 0 {
		return notSAMLFile(file, found, fmt.Sprintf("a ZIP archive holding %s", strings.Join(names, ", ")),
			"name the .zip file on the command line to check its .har members, or extract them")
	}
	what, hint := describeZip(ra, int64(len(data)))
	return notSAMLFile(file, found, what, hint)
}

// readZipMember reads the HAR member t.Member of the ZIP archive t.Path,
// streaming it.
func readZipMember(ctx context.Context, t Target, opt *Options) (*Loaded, error) {
	name := t.Name()
	zr, err := zip.OpenReader(t.Path)
	if err != nil {
		file := &Loaded{Input: checks.Input{File: name}, Capture: capture.Capture{File: name}}
		return file, file.fail(fmt.Errorf("analyze: %s: %w", t.Path, err))
	}
	defer zr.Close()
	for _, m := range zr.File {
		if m.Name != t.Member {
			continue
		}
		rc, err := m.Open()
		if err != nil {
			file := &Loaded{Input: checks.Input{File: name}, Capture: capture.Capture{File: name}}
			return file, file.fail(fmt.Errorf("analyze: %s: %w", name, err))
		}
		defer rc.Close()
		return readStream(ctx, name, rc, false, opt)
	}
	file := &Loaded{Input: checks.Input{File: name}, Capture: capture.Capture{File: name}}
	return file, file.fail(fmt.Errorf("analyze: %s: no member %q", t.Path, t.Member))
}

// NotSAMLError is the error for an input named explicitly that is neither
// a HAR nor a SAML message: a screenshot, a PDF, an archive. Its message
// names the file and what it looks like.
type NotSAMLError struct {
	// File is the input's name.
	File string
	// What says what the file looks like: "a PNG image", "a Fiddler
	// session archive (.saz, raw HTTP sessions)".
	What string
	msg  string
}

// Error names the file and what it looks like, and may say what to give
// instead.
func (e *NotSAMLError) Error() string { return e.msg }

// appendTimeline appends e to xs for the report's timeline, without query
// strings, unless xs holds maxTimeline already.
func appendTimeline(xs []checks.TimelineEntry, e *har.Entry) []checks.TimelineEntry {
	if len(xs) >= maxTimeline {
		return xs
	}
	x := checks.TimelineEntry{Entry: e.Index, Started: e.Started, Time: e.Time, Method: e.Request.Method,
		URL: binding.WithoutQuery(e.Request.URL), Status: e.Response.Status, MimeType: e.Response.Content.MimeType}
	if e.Response.Status >= 300 && e.Response.Status <= 399 {
		x.Location = e.Response.RedirectURL
		for _, h := range e.Response.Headers {
			if strings.EqualFold(h.Name, "Location") {
				x.Location = h.Value
			}
		}
		x.Location = binding.WithoutQuery(strings.TrimSpace(x.Location))
	}
	return append(xs, x)
}

// sizedReader is a file's reader and the file's size, so that a small file
// gets small buffers (a tree of a thousand small files would otherwise
// allocate a thousand 64 KiB read buffers).
type sizedReader struct {
	io.Reader
	size int64
}

// Size returns the size of the file.
func (s sizedReader) Size() int64 { return s.size }

// readBufSize is the read buffer for an input of size bytes (-1: unknown):
// 64 KiB, or just more than the input when it is smaller.
func readBufSize(size int64) int {
	const max = 64 << 10
	if size < 0 || size >= max {
		return max
	}
	return int(size) + 1 // bufio gives at least 16 bytes
}

// readAll is io.ReadAll with the expected size (-1: unknown) allocated at
// once.
func readAll(r io.Reader, size int64) ([]byte, error) {
	if size < 0 {
		return io.ReadAll(r)
	}
	b := make([]byte, 0, size+1) // +1: the read that sees io.EOF
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}
