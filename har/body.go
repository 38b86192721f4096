package har

import (
	"unicode/utf8"

	"github.com/samlcheck/samlcheck/saml/binding"
)

// This file holds what the fast path ([ScanOptions.Strict] false) does
// with the text of a body while it streams past: a JSON string that may be
// megabytes long is never held whole unless it mentions a SAML parameter.
//
// A body's text is fed, unescaped, to a bodyScan. Because exporters write
// content.mimeType and content.encoding before or after content.text, the
// text is read two ways at once until one is ruled out: as written
// (plain), and decoded from Base64 (speculatively; the first byte outside
// the alphabet ends that reading). Each reading is a bodyReading that
// keeps what the caller may need: the first bytes (for KeepPage and for
// recognising HTML) and a window over the rest, searched for SAMLRequest
// and SAMLResponse. While neither name has been seen, the window keeps
// only its last winKeep bytes or so, and memory does not grow with the body;
// once one is seen, everything from there on is kept, up to MaxBody.

const (
	// winKeep is how much of a body is kept, at least, before the first
	// SAML parameter name is seen: an auto-post form's start (its action)
	// within winKeep bytes before the parameter is always seen. The
	// window holds at most twice that until then.
	winKeep = 512 << 10
	// sniffLen is the number of bytes binding.SniffHTML reads after white
	// space.
	sniffLen = binding.SniffLen
)

// bodyReading is one reading of a body (as written, or decoded from
// Base64): its first bytes, its HTML sniff and its window.
type bodyReading struct {
	headCap int    // bytes of the start to keep in head (0: none)
	head    []byte // the first headCap bytes
	sniff   sniffer
	sniffOn bool // recognise HTML at the start

	winOn bool   // keep a window searched for SAML names
	win   []byte // the kept part of the body
	found bool   // a SAML name was seen in win
}

// write takes the next bytes of the reading.
func (k *bodyReading) write(p []byte) {
	if n := k.headCap - len(k.head); n > 0 {
		if cap(k.head) < k.headCap && len(k.head)+len(p) > 4<<10 {
			k.head = append(make([]byte, 0, k.headCap), k.head...)
		}
		k.head = append(k.head, p[:min(n, len(p))]...)
	}
	if k.sniffOn && !k.sniff.done {
		k.sniff.write(p)
		if k.sniff.done && k.winOn && !k.sniff.html() {
			k.dropWindow() // not HTML: no form to find
		}
	}
	if !k.winOn {
		return
	}
	if k.found {
		k.win = append(k.win, p...)
		return
	}
	if k.nameAcrossWrites(p) || indexSAMLName(p) >= 0 {
		k.found = true
		k.win = append(k.win, p...)
		return
	}
	// No SAML name yet: keep the last winKeep bytes or more, at most
	// twice that.
	switch {
	case len(k.win)+len(p) <= 2*winKeep:
		if cap(k.win) < len(k.win)+len(p) && len(k.win)+len(p) > 64<<10 {
			k.win = append(make([]byte, 0, 2*winKeep), k.win...)
		}
		k.win = append(k.win, p...)
	case len(p) >= winKeep:
		k.win = append(k.win[:0], p[len(p)-winKeep:]...)
	default:
		n := copy(k.win, k.win[len(k.win)-(winKeep-len(p)):])
		k.win = append(k.win[:n], p...)
	}
}

// nameAcrossWrites reports a SAML name that starts in the window and
// ends in p: one split between two writes.
func (k *bodyReading) nameAcrossWrites(p []byte) bool {
	var b [2 * len(paramResponse)]byte
	n := copy(b[:], k.win[max(0, len(k.win)-(len(paramResponse)-1)):])
	n += copy(b[n:], p[:min(len(p), len(paramResponse)-1)])
	return indexSAMLName(b[:n]) >= 0
}

// dropWindow stops keeping the window: the body cannot carry a form, or
// is too long to be scanned.
func (k *bodyReading) dropWindow() {
	k.winOn, k.win = false, k.win[:0]
}

// busy reports whether the reading still needs bytes.
func (k *bodyReading) busy() bool {
	return len(k.head) < k.headCap || k.sniffOn && !k.sniff.done || k.winOn
}

// finish ends the reading.
func (k *bodyReading) finish() {
	if k.sniffOn {
		k.sniff.finish()
	}
}

// sniffer collects what binding.SniffHTML reads: after an optional UTF-8 byte
// order mark and white space, the first sniffLen bytes.
type sniffer struct {
	pre  [3]byte // the first bytes, until a BOM can be told
	npre int
	skip bool   // past the BOM check
	head []byte // from the first non-space byte
	done bool
}

func (s *sniffer) write(p []byte) {
	if !s.skip {
		n := copy(s.pre[s.npre:], p)
		s.npre += n
		p = p[n:]
		if s.npre < len(s.pre) {
			return
		}
		s.flushPre()
	}
	s.take(p)
}

// flushPre drops a BOM from the first bytes and passes on the rest.
func (s *sniffer) flushPre() {
	s.skip = true
	if s.npre == 3 && string(s.pre[:]) == "\xef\xbb\xbf" {
		return
	}
	s.take(s.pre[:s.npre])
}

func (s *sniffer) take(p []byte) {
	if len(s.head) == 0 {
		for len(p) > 0 && (p[0] == ' ' || p[0] == '\t' || p[0] == '\r' || p[0] == '\n') {
			p = p[1:]
		}
	}
	n := min(sniffLen-len(s.head), len(p))
	s.head = append(s.head, p[:n]...)
	if len(s.head) == sniffLen {
		s.done = true
	}
}

func (s *sniffer) finish() {
	if !s.skip {
		s.flushPre()
	}
	s.done = true
}

// html reports whether the start looks like an HTML document.
func (s *sniffer) html() bool { return binding.SniffHTML(s.head) }

// bodyScan reads one JSON string (content.text or postData.text) as
// plain text and as Base64 at once.
type bodyScan struct {
	n      int64 // bytes of unescaped text (counted while anything is wanted)
	plain  bodyReading
	b64    bodyReading
	b64On  bool // the Base64 reading is wanted and still valid
	b64Bad bool // the text is not valid Base64
	dec    binding.Base64Decoder
	over   bool // the text is longer than the body limit
	max    int64
	count  bool // count n until the limit is passed
	// keepValid keeps decoding Base64 past the limit, to tell whether the
	// whole text decodes (a page is offered only when it does).
	keepValid bool
	scratch   []byte
	// isString is false for a text that is not a JSON string (a number,
	// a literal): value is then its text, as [lenientString] reads it.
	isString bool
	value    string
}

// bodyWant says what a bodyScan keeps.
type bodyWant struct {
	plain bool  // read the text as written
	b64   bool  // read the text as Base64
	head  int   // bytes of the start for KeepPage
	sniff bool  // recognise HTML
	win   bool  // search for SAML names
	max   int64 // the body limit (<0: none)
	valid bool  // with b64: keep checking the Base64 after the limit
}

// reset prepares the scan for a new string, reusing its buffers.
func (b *bodyScan) reset(w bodyWant) {
	old := *b
	*b = bodyScan{
		b64On:     w.b64,
		max:       w.max,
		count:     w.win && w.max >= 0,
		keepValid: w.valid,
		scratch:   old.scratch[:0],
		isString:  true,
	}
	b.plain.init(w, w.plain, &old.plain)
	b.b64.init(w, w.b64, &old.b64)
}

// init prepares a reading for what w wants (nothing unless on), reusing
// old's buffers when they are not large.
func (k *bodyReading) init(w bodyWant, on bool, old *bodyReading) {
	*k = bodyReading{}
	if on {
		k.headCap, k.sniffOn, k.winOn = w.head, w.sniff, w.win
	}
	k.head = reuse(old.head, 1<<20)
	k.win = reuse(old.win, 4*winKeep)
	k.sniff.head = reuse(old.sniff.head, sniffLen)
}

// busy reports whether the rest of the string is still needed.
func (b *bodyScan) busy() bool {
	return b.b64On || b.plain.busy() || b.count && !b.over
}

// nonEmpty reports a text that is present and not empty.
func (b *bodyScan) nonEmpty() bool {
	return b.n > 0 || b.value != ""
}

// write takes the next unescaped bytes of the string.
func (b *bodyScan) write(p []byte) {
	b.n += int64(len(p))
	if !b.over && b.max >= 0 && b.n > b.max {
		// Too long to scan for forms: only the starts and the Base64
		// validity may still matter.
		b.over = true
		b.plain.dropWindow()
		b.b64.dropWindow()
		if !b.keepValid {
			b.b64On = false
		}
	}
	if b.plain.busy() {
		b.plain.write(p)
	}
	if b.b64On {
		var ok bool
		b.scratch, ok = b.dec.Decode(b.scratch[:0], p)
		if !ok {
			b.b64Bad, b.b64On = true, false
			b.b64.dropWindow()
			return
		}
		if b.b64.busy() {
			b.b64.write(b.scratch)
		}
	}
}

// finish ends the string.
func (b *bodyScan) finish() {
	if b.b64On {
		var ok bool
		b.scratch, ok = b.dec.Finish(b.scratch[:0])
		if !ok {
			b.b64Bad = true
		} else if b.b64.busy() {
			b.b64.write(b.scratch)
		}
	}
	b.b64On = false
	b.plain.finish()
	b.b64.finish()
}

// reading returns the plain or the Base64 reading, and whether
// that reading is valid.
func (b *bodyScan) reading(base64 bool) (*bodyReading, bool) {
	if base64 {
		return &b.b64, !b.b64Bad
	}
	return &b.plain, true
}

// indexSAMLName returns the index of SAMLRequest or SAMLResponse in b, in
// any ASCII case, or -1.
func indexSAMLName(b []byte) int {
	for i := 0; i+len(paramRequest) <= len(b); i++ {
		if b[i]|0x20 != 's' || b[i+1]|0x20 != 'a' || b[i+2]|0x20 != 'm' || b[i+3]|0x20 != 'l' || b[i+4]|0x20 != 'r' || b[i+5]|0x20 != 'e' {
			continue
		}
		rest := b[i+6:]
		if hasFoldPrefix(rest, "quest") || hasFoldPrefix(rest, "sponse") {
			return i
		}
	}
	return -1
}

// hasFoldPrefix reports whether b starts with the lower-case ASCII word w
// in any case.
func hasFoldPrefix(b []byte, w string) bool {
	if len(b) < len(w) {
		return false
	}
	for i := range len(w) {
		if b[i]|0x20 != w[i] {
			return false
		}
	}
	return true
}

// appendValidUTF8 appends p to dst with every byte that is not part
// of valid UTF-8 replaced by U+FFFD, as encoding/json does.
func appendValidUTF8(dst, p []byte) []byte {
	for len(p) > 0 {
		if p[0] < utf8.RuneSelf {
			dst = append(dst, p[0])
			p = p[1:]
			continue
		}
		r, size := utf8.DecodeRune(p)
		dst = utf8.AppendRune(dst, r)
		p = p[size:]
	}
	return dst
}
