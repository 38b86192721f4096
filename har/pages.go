package har

import (
	"unicode/utf8"

	"github.com/samlcheck/samlcheck/saml"
)

// Page is the response body of one entry, kept by [ScanWith] because its
// caller asked for it (an error page or error JSON the login may have ended
// on). The har package never judges a body: the caller's
// [ScanOptions.KeepPage] does.
type Page struct {
	// Source says which entry it is: file, entry index, capture time,
	// method, URL and response status (Param, Where and Target are empty).
	Source saml.Source
	// MimeType is response.content.mimeType as written.
	MimeType string
	// Text is the body, decoded from Base64 when the exporter stored it
	// so, and cut to [ScanOptions.MaxText] bytes (at a UTF-8 boundary).
	Text string
	// Truncated reports that Text was cut.
	Truncated bool
}

// DefaultMaxPageText is the bound on [Page.Text] when
// [ScanOptions.MaxText] is 0.
const DefaultMaxPageText = 256 << 10

// ScanOptions says what [ScanWith] keeps besides the SAML messages.
type ScanOptions struct {
	// KeepPage, when set, is called with every entry whose response has a
	// body (decoded from Base64; bodies of images, fonts, audio and video
	// are never offered, see [Content.Omitted]) and returns whether to
	// keep it as a [Page]. It must not retain body, which is reused
	// memory only for the duration of the call. A nil KeepPage keeps no
	// page, as [Scan] does.
	KeepPage func(e *Entry, body []byte) bool
	// MaxText bounds each kept page's Text; 0 means DefaultMaxPageText.
	MaxText int
	// MaxPages bounds how many pages are kept; 0 means no bound. When
	// more are offered, the earliest are dropped (a login ends on its last
	// pages) and counted in [Capture.PagesDropped].
	MaxPages int
}

// keepPage offers entry e's response body to opt.KeepPage and appends it
// to c.Pages when kept. A body that does not decode is not offered.
func (opt *ScanOptions) keepPage(c *Capture, e *Entry) {
	if opt.KeepPage == nil || e.Response.Content.Text == "" || e.Response.Content.Omitted {
		return
	}
	body, err := e.Response.Content.Body()
	if err != nil || len(body) == 0 || !opt.KeepPage(e, body) {
		return
	}
	limit := opt.MaxText
	if limit <= 0 {
		limit = DefaultMaxPageText
	}
	text, cut := cutUTF8(body, limit)
	p := Page{
		Source: saml.Source{
			File:       c.File,
			Entry:      e.Index,
			Started:    e.Started,
			StartedRaw: e.StartedDateTime,
			Method:     e.Request.Method,
			URL:        e.Request.URL,
			Status:     e.Response.Status,
		},
		MimeType:  e.Response.Content.MimeType,
		Text:      text,
		Truncated: cut,
	}
	if opt.MaxPages > 0 && len(c.Pages) >= opt.MaxPages {
		n := len(c.Pages) - opt.MaxPages + 1
		c.Pages = append(c.Pages[:0], c.Pages[n:]...)
		c.PagesDropped += n
	}
	c.Pages = append(c.Pages, p)
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
