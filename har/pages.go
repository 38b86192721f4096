package har

import (
	"strings"
	"unicode/utf8"

	"github.com/samlcheck/samlcheck/har/capture"
	"github.com/samlcheck/samlcheck/saml"
)

// DefaultMaxBody is the bound on [ScanOptions.MaxBody] when it is 0.
const DefaultMaxBody = 64 << 20

// ScanOptions says how [ScanWith] reads a HAR and what it keeps besides
// the SAML messages.
type ScanOptions struct {
	// KeepPage, when set, is called with every entry whose response has a
	// body (decoded from Base64; bodies of images, fonts, audio, video,
	// scripts and style sheets are never offered, see [Content.Omitted])
	// and returns whether to keep it as a [capture.Page]. body is the start of
	// the decoded body: all of it when it is at most MaxText bytes long,
	// else at least its first MaxText bytes. It is reused memory, valid
	// only during the call. KeepPage runs on a goroutine of its own, so
	// that it overlaps with reading the file: one call at a time, in entry
	// order, all of them before ScanWith returns. On the fast path (Strict
	// false) e is reduced to what the SAML scan reads:
	// e.Response.Content.Text is empty, the HTTP versions and status text
	// are not read, and of the headers only the response's Location and
	// Content-Type and the request's Authorization (redacted) are kept.
	// A nil KeepPage keeps no page, as [Scan] does. The pages the error/*
	// rules read are those checks.MayBeErrorPage accepts.
	KeepPage func(e *Entry, body []byte) bool
	// MaxText bounds each kept page's Text; 0 means
	// [capture.DefaultMaxPageText].
	MaxText int
	// MaxPages bounds how many pages are kept; 0 means no bound. When
	// more are offered, the earliest are dropped (a login ends on its last
	// pages) and counted in [Capture.PagesDropped].
	MaxPages int
	// MaxBody bounds the length in bytes of a body text scanned for SAML
	// values: a response's content.text that may be HTML, or a request's
	// postData.text, as written in the file (after JSON unescaping). A
	// longer one is not scanned and is listed in [Capture.Skipped]. It
	// also bounds the memory the fast path may give to one body: until a
	// SAML parameter name appears in a body, it keeps at most a few
	// megabytes of it. 0 means DefaultMaxBody; a negative value means no
	// bound.
	MaxBody int64
	// Strict reads every entry with encoding/json, checking all of the
	// file's JSON, instead of the fast scanner, which decodes only what
	// can carry SAML and skips the rest (see [ScanWith]). Both find the
	// same messages and pages in a valid file; Strict is several times
	// slower.
	Strict bool
	// OnMessage, when set, is called with each SAML message when it is
	// first seen, with its index in [capture.Capture.Messages], so that a
	// caller can decode and check messages while the rest of the file is
	// read (checks.Checker.Prepare).
	// It is called from the scanning goroutine and should hand the work
	// on rather than do it. The message passed has one sighting; later
	// sightings of the same message (the POST of an auto-posted form) are
	// merged only into Capture.Messages, and may fill in its RelayState,
	// SigAlg, Signature and RawQuery when the first sighting lacked them.
	OnMessage func(index int, m saml.Encoded)
	// OnEntry, when set, is called with every entry read (not those that
	// could not be decoded), in order, from the scanning goroutine, before
	// its messages are handed to OnMessage: for a caller that lists the
	// capture's requests (the HTML report's login timeline, a progress
	// display). e is reused memory, valid only during the call, and on the
	// fast path reduced as for KeepPage.
	OnEntry func(e *Entry)
	// KeepExchange, when set, is called on the scanning goroutine with
	// every entry as a [capture.Exchange] and returns whether to keep it in
	// [capture.Capture.Exchanges]. Its bodies are the starts of the
	// request and response bodies (at most MaxText bytes each); the strings
	// passed are valid only during the call (a kept exchange is copied).
	// The exchanges the token, SCIM and connection rules read are those
	// checks.KeepExchange accepts.
	KeepExchange func(x *capture.Exchange) bool
}

// limits returns the body limits of the options.
func (opt *ScanOptions) limits() limits {
	l := limits{maxBody: opt.MaxBody}
	if l.maxBody == 0 {
		l.maxBody = DefaultMaxBody
	}
	if opt.KeepPage != nil || opt.KeepExchange != nil {
		l.pageHead = opt.maxText() + utf8.UTFMax // cutUTF8 looks a rune past the cut
	}
	return l
}

func (opt *ScanOptions) maxText() int {
	if opt.MaxText <= 0 {
		return capture.DefaultMaxPageText
	}
	return opt.MaxText
}

// pageMime reports the media types whose bodies may be offered to
// KeepPage: not images, fonts, audio, video, scripts or style sheets.
func pageMime(mime string) bool {
	if isBinaryMime(mime) {
		return false
	}
	m := strings.ToLower(mime)
	return !strings.Contains(m, "javascript") && !strings.Contains(m, "ecmascript") && !strings.Contains(m, "css")
}

// pageWorker runs KeepPage on a goroutine of its own, so that judging
// pages (the caller's work) overlaps with reading the file; it keeps the
// pages in entry order.
type pageWorker struct {
	opt      *ScanOptions
	file     string
	jobs     chan pageJob
	free     chan []byte // body buffers to reuse
	done     chan struct{}
	pages    []capture.Page
	dropped  int
	panicked any // what KeepPage panicked with, raised again by wait
}

type pageJob struct {
	e    *Entry
	body []byte
}

// pagesInFlight bounds the bodies waiting for KeepPage.
const pagesInFlight = 4

func startPages(opt *ScanOptions, file string) *pageWorker {
	w := &pageWorker{
		opt:  opt,
		file: file,
		jobs: make(chan pageJob, pagesInFlight),
		free: make(chan []byte, pagesInFlight+1),
		done: make(chan struct{}),
	}
	go w.run()
	return w
}

// offer passes a copy of body, the start of e's response body, to
// KeepPage.
func (w *pageWorker) offer(e *Entry, body []byte) {
	var buf []byte
	select {
	case buf = <-w.free:
	default:
	}
	w.jobs <- pageJob{e: e, body: append(buf[:0], body...)}
}

// wait ends the worker and returns the pages kept and the number
// dropped. A panic of KeepPage is raised again here, on the caller's
// goroutine, as if KeepPage had been called there.
func (w *pageWorker) wait() ([]capture.Page, int) {
	close(w.jobs)
	<-w.done
	if w.panicked != nil {
		panic(w.panicked)
	}
	return w.pages, w.dropped
}

func (w *pageWorker) run() {
	defer close(w.done)
	for j := range w.jobs {
		if w.panicked == nil {
			w.keepSafely(j.e, j.body)
		} // else drain, so that offer never blocks
		select {
		case w.free <- j.body:
		default:
		}
	}
}

// keepSafely is keep that records a panic of KeepPage instead of ending
// the program from this goroutine.
func (w *pageWorker) keepSafely(e *Entry, body []byte) {
	defer func() {
		if p := recover(); p != nil {
			w.panicked = p
		}
	}()
	w.keep(e, body)
}

// keep offers one body to KeepPage and keeps it as a Page when asked.
func (w *pageWorker) keep(e *Entry, body []byte) {
	if !w.opt.KeepPage(e, body) {
		return
	}
	text, cut := cutUTF8(body, w.opt.maxText())
	p := capture.Page{
		Source:    entrySource(w.file, e),
		MimeType:  e.Response.Content.MimeType,
		Text:      text,
		Truncated: cut,
	}
	if max := w.opt.MaxPages; max > 0 && len(w.pages) >= max {
		n := len(w.pages) - max + 1
		w.pages = append(w.pages[:0], w.pages[n:]...)
		w.dropped += n
	}
	w.pages = append(w.pages, p)
}

// cutUTF8 returns the first max bytes of b as a string, shortened so that
// it does not end inside a UTF-8 sequence, and whether anything was cut.
func cutUTF8(b []byte, max int) (string, bool) {
	if len(b) <= max {
		return string(b), false
	}
	end := max
	// Find the start of the sequence holding the last byte kept, and drop
	// that sequence when it does not fit whole.
	start := end - 1
	for start > 0 && start > end-utf8.UTFMax && !utf8.RuneStart(b[start]) {
		start--
	}
	if _, size := utf8.DecodeRune(b[start:]); start+size > end {
		end = start
	}
	return string(b[:end]), true
}
