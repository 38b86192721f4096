package har

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// readEntriesFast reads the elements of log.entries with the fast
// scanner; the strict decoder is just past the opening bracket. It hands
// back to the strict decoder after the closing bracket, or at the entry
// where it meets something it leaves to the strict reader.
func (r *Reader) readEntriesFast(yield func(*Entry, error) bool) error {
	s := newScanner(io.MultiReader(r.dec.Buffered(), r.br), r.offset(), r.fast)
	x := &r.fastScan
	first := true
	for {
		// Keep the bytes from the end of the previous entry: the strict
		// decoder restarts there when needed.
		s.mark = s.r
		c, err := s.peek()
		if err != nil {
			return r.resumeStrict(s, first, err, r.count, s.offset(), yield)
		}
		if c == ']' {
			s.r++
			return r.resumeAfter(s)
		}
		if !first {
			if c != ',' {
				return r.resumeStrict(s, first, s.syntax("invalid character %s after array element", quoteChar(c)), r.count, s.offset(), yield)
			}
			s.r++
		}
		sep := s.offset() // where the strict reader places errors in the entry
		if _, err := s.peek(); err != nil {
			return r.resumeStrict(s, first, err, r.count, sep, yield)
		}
		index := r.count
		r.count++
		wasFirst := first
		start := s.offset()
		e := &Entry{Index: index}
		x.reset()
		if err := s.entry(e, x); err != nil {
			r.count = index
			return r.resumeStrict(s, first, err, index, sep, yield)
		}
		first = false
		c2 := &e.Response.Content
		if x.mimeSeen && x.textMime != c2.MimeType || x.encSeen && x.textEnc != c2.Encoding {
			x.odd = true // read the text with other assumptions
		}
		if x.odd || x.mismatch != nil {
			if s.mark >= 0 {
				// Decode the kept bytes as the strict reader does.
				var w jsonEntry
				err := json.Unmarshal(s.buf[start-s.base:s.r], &w)
				if err != nil {
					if ee := r.entryError(index, err); ee != nil {
						if !yield(nil, ee) {
							return errStop
						}
						continue
					}
					r.count = index
					return r.resumeStrict(s, wasFirst, err, index, sep, yield)
				}
				if !yield(w.entry(index), nil) {
					return errStop
				}
				continue
			}
			if x.mismatch != nil {
				if !yield(nil, &EntryError{File: r.name, Entry: index, Field: x.mismatch.Field, Err: x.mismatch}) {
					return errStop
				}
				continue
			}
		}
		c2.Omitted = x.body.nonEmpty() && isBinaryMime(c2.MimeType)
		e.scan = x
		if !yield(e, nil) {
			return errStop
		}
	}
}

// resumeStrict hands the rest of log.entries to the strict decoder from
// the kept bytes (the end of the previous entry), so that it reports what
// stopped the fast scanner exactly as it would have. When the bytes were
// not kept (an entry longer than the buffer), the fast scanner reports
// the problem itself.
func (r *Reader) resumeStrict(s *scanner, first bool, cause error, index int, at int64, yield func(*Entry, error) bool) error {
	if s.mark < 0 {
		return r.fastFatal(cause, index, at)
	}
	synthetic, tokens := `{"log":{"entries":[`, 5
	if !first {
		synthetic, tokens = synthetic+"{}", 7 // an element was read: a comma comes next
	}
	rest := io.MultiReader(bytes.NewReader(s.buf[s.mark:s.w]), s.src)
	if err := r.redecode(synthetic, tokens, rest, s.base+int64(s.mark)); err != nil {
		return err
	}
	return r.readEntries(yield)
}

// resumeAfter hands the document after log.entries back to the strict
// decoder.
func (r *Reader) resumeAfter(s *scanner) error {
	rest := io.MultiReader(bytes.NewReader(s.buf[s.r:s.w]), s.src)
	return r.redecode(`{"log":{"entries":[]`, 6, rest, s.base+int64(s.r))
}

// redecode replaces the strict decoder by one reading synthetic, whose
// tokens put it in the state the real document is in at file offset at,
// followed by rest.
func (r *Reader) redecode(synthetic string, tokens int, rest io.Reader, at int64) error {
	r.dec = json.NewDecoder(io.MultiReader(strings.NewReader(synthetic), rest))
	r.prefix = at - int64(len(synthetic))
	for range tokens {
		if _, err := r.dec.Token(); err != nil {
			return r.fatal(err, "")
		}
	}
	return nil
}

// fastFatal reports what stopped the fast scanner inside an entry it
// could not keep; a syntax error is placed at the entry's start (at), as
// the strict reader places it, and its message says where in the entry.
// index is 0-based; the message counts entries from 1.
func (r *Reader) fastFatal(err error, index int, at int64) error {
	var se *scanSyntaxError
	switch {
	case r.src.err != nil:
		return r.fileError(r.src.n, fmt.Errorf("entry %d: read: %w", index+1, r.src.err))
	case errors.Is(err, errInputEnd):
		return r.fileError(r.src.n, fmt.Errorf("entry %d: %w", index+1, ErrTruncated))
	case errors.As(err, &se):
		return r.fileError(at, fmt.Errorf("entry %d: invalid JSON: %w", index+1, se))
	}
	return r.fileError(-1, fmt.Errorf("entry %d: %w", index+1, err))
}

// reset prepares x for the next entry, keeping its buffers unless they
// grew large.
func (x *entryScan) reset() {
	post, body, path := x.post, x.body, x.path
	*x = entryScan{path: path[:0]}
	x.post.keepBuffers(&post)
	x.body.keepBuffers(&body)
}

// clear empties b, keeping its buffers.
func (b *bodyScan) clear() {
	old := *b
	*b = bodyScan{}
	b.keepBuffers(&old)
}

// keepBuffers gives b the buffers of old that are not large.
func (b *bodyScan) keepBuffers(old *bodyScan) {
	b.scratch = reuse(old.scratch, 4*winKeep)
	for _, p := range [...][2]*bodyReading{{&b.plain, &old.plain}, {&b.b64, &old.b64}} {
		p[0].head = reuse(p[1].head, 1<<20)
		p[0].win = reuse(p[1].win, 4*winKeep)
		p[0].sniff.head = reuse(p[1].sniff.head, sniffLen)
	}
}

// reuse returns b emptied, or nil when its capacity exceeds limit.
func reuse(b []byte, limit int) []byte {
	if cap(b) > limit {
		return nil
	}
	return b[:0]
}
