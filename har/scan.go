package har

import (
	"errors"
	"io"
	"net/url"
	"slices"
	"strings"

	"github.com/samlcheck/samlcheck/har/capture"
	"github.com/samlcheck/samlcheck/har/internal/harvalue"
	"github.com/samlcheck/samlcheck/saml"
)

// Capture is what [Scan] found in one HAR file: the [capture.Capture] the
// checks take (its File, Messages, Pages and Exchanges; Documents and
// Redacted are left for the caller), and what only reading the HAR tells:
// the exporter, the number of entries, the entries that could not be
// decoded, and what was left out to stay within [ScanOptions]' bounds.
type Capture struct {
	// Capture holds what the file holds for the checks. Its File is the
	// file name given to Scan; its Messages are the SAML messages found,
	// in the order they were first seen, each with all of its sightings;
	// its Pages are the response bodies kept by [ScanOptions.KeepPage], in
	// entry order ([ScanWith] only; [Scan] keeps none); its Exchanges are
	// the entries kept by [ScanOptions.KeepExchange], in entry order.
	capture.Capture
	// Creator is the exporting tool and browser.
	Creator Creator
	// Entries is the number of entries read from log.entries, those that
	// could not be decoded included.
	Entries int
	// EntryErrors are the entries that could not be decoded, in order.
	EntryErrors []*EntryError
	// PagesDropped counts the pages dropped to stay within
	// [ScanOptions.MaxPages].
	PagesDropped int
	// Skipped lists the bodies not scanned because they are longer than
	// [ScanOptions.MaxBody], in entry order.
	Skipped []SkippedBody
}

// Scan reads a whole HAR file from r and returns the SAML messages in it.
//
// Sightings of the same message are merged into one [saml.Encoded]: the
// same value seen in an IdP's auto-post page and in the browser's POST to
// the service provider, or in a Location header and in the next request's
// URL. Values are compared after normalisation (URL decoding, white space,
// the URL-safe Base64 alphabet and padding are ignored). The merged
// message keeps the first sighting's value, binding and Source, lists
// every sighting in Sightings in order, and takes each companion parameter
// (RelayState, SigAlg, Signature, RawQuery) from the first sighting that
// has it.
//
// Entries that cannot be decoded are collected in EntryErrors and do not
// stop the scan. A fatal error (the file is not a HAR, or is truncated) is
// returned together with the capture read so far, so a caller can still
// report partial results.
func Scan(r io.Reader, name string) (*Capture, error) {
	return ScanWith(r, name, ScanOptions{})
}

// ScanWith is [Scan] with options: it can also keep the response bodies
// opt.KeepPage asks for, as [capture.Capture.Pages], without holding any other
// body in memory, and hand each message to opt.OnMessage as soon as it
// is found.
//
// Unless opt.Strict is set, log.entries is read by a fast scanner that
// decodes only what can carry SAML (the request URL, query and body, the
// response status, Location header and bodies that may be HTML or that
// KeepPage may want) and skips everything else at memory-scanning speed
// without holding it: memory depends neither on the size of the file nor
// on that of its largest body. It falls back on the strict decoder for
// an entry it does not model exactly (a field of the wrong kind), and
// hands it the rest of the file when the JSON is broken or cut, so that
// errors are reported as [Reader.Entries] reports them, with the entry
// index, the field and the byte offset. Two things differ from the
// strict path, by design: the fast path does not check the content of
// the strings and values it skips, so some invalid JSON passes; and a
// body longer than 1 MiB that mentions SAMLResponse or SAMLRequest only
// far into it is scanned from at least 512 KiB before that mention on,
// not from its start (an auto-post form is a few hundred bytes).
func ScanWith(r io.Reader, name string, opt ScanOptions) (*Capture, error) {
	return scanWith(r, name, opt, 0)
}

// scanWith is ScanWith with the fast path's buffer size (0: the default).
func scanWith(r io.Reader, name string, opt ScanOptions, bufSize int) (*Capture, error) {
	rd := NewReader(r, name)
	lim := opt.limits()
	if !opt.Strict {
		rd.fast = &fastConfig{maxBody: lim.maxBody, pageHead: lim.pageHead, bufSize: bufSize}
	}
	c := &Capture{Capture: capture.Capture{File: name}}
	seen := map[string]int{} // normalised value → index in c.Messages
	var pages *pageWorker
	if opt.KeepPage != nil {
		pages = startPages(&opt, name)
	}
	var fatal error
	for e, err := range rd.Entries() {
		if err != nil {
			var ee *EntryError
			if errors.As(err, &ee) {
				c.Entries++
				c.EntryErrors = append(c.EntryErrors, ee)
				continue
			}
			fatal = err
			break
		}
		c.Entries++
		if opt.OnEntry != nil {
			opt.OnEntry(e)
		}
		var b bodies
		if e.scan != nil {
			b = e.scan.bodies(e, lim)
		} else {
			b = strictBodies(e, lim)
		}
		for _, f := range b.skipped {
			c.Skipped = append(c.Skipped, SkippedBody{Source: entrySource(name, e), Field: f})
		}
		for _, m := range extract(name, e, b) {
			key := canonical(m.Value)
			i, ok := seen[key]
			if !ok {
				seen[key] = len(c.Messages)
				c.Messages = append(c.Messages, m)
				if opt.OnMessage != nil {
					m.Sightings = slices.Clone(m.Sightings)
					opt.OnMessage(len(c.Messages)-1, m)
				}
				continue
			}
			merge(&c.Messages[i], m)
		}
		if opt.KeepExchange != nil {
			keepExchange(c, name, e, b.page, &opt) // exchange.go
		}
		if pages != nil && len(b.page) > 0 {
			e.scan = nil // reused for the next entry
			pages.offer(e, b.page)
		}
	}
	if pages != nil {
		c.Pages, c.PagesDropped = pages.wait()
	}
	c.Creator = rd.Creator()
	return c, fatal
}

// SkippedBody is a body text that was not scanned for SAML values because
// it is longer than [ScanOptions.MaxBody].
type SkippedBody struct {
	// Source says which entry it is: file, entry index, capture time,
	// method, URL and response status (Param, Where and Target are
	// empty).
	Source saml.Source
	// Field is "response.content.text" or "request.postData.text".
	Field string
}

// merge adds the sightings of m to dst.
func merge(dst *saml.Encoded, m saml.Encoded) {
	for _, s := range m.Sightings {
		dup := false
		for _, t := range dst.Sightings {
			if t == s {
				dup = true
				break
			}
		}
		if !dup {
			dst.Sightings = append(dst.Sightings, s)
		}
	}
	fill := func(dst *string, v string) {
		if *dst == "" {
			*dst = v
		}
	}
	fill(&dst.RelayState, m.RelayState)
	fill(&dst.SigAlg, m.SigAlg)
	fill(&dst.Signature, m.Signature)
	fill(&dst.RawQuery, m.RawQuery)
}

// canonical normalises a SAML value for de-duplication: URL escapes are
// decoded (repeatedly, for doubly encoded values), a space is read as the
// "+" that form decoding turned it into (Base64 has no spaces, so this
// holds at the ends too), other white space is dropped, the URL-safe
// Base64 alphabet is mapped to the standard one, and trailing padding is
// removed. It may be replaced by saml.Canonical once that exists.
func canonical(v string) string {
	for range 3 {
		if !harvalue.HasEscape(v) {
			break
		}
		u, err := url.PathUnescape(v) // keeps "+" as is
		if err != nil {
			break
		}
		v = u
	}
	v = strings.Map(func(r rune) rune {
		switch r {
		case ' ':
			return '+'
		case '\t', '\r', '\n', '\f', '\v':
			return -1
		case '-':
			return '+'
		case '_':
			return '/'
		}
		return r
	}, v)
	return strings.TrimRight(v, "=")
}
