package har

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// The fast path: a byte scanner that walks log.entries and decodes only
// what can carry SAML (the request line, query, postData, the response
// status, Location and Content-Type headers, and bodies that may be HTML
// or that KeepPage may want), and skips everything else without
// materialising it: a skipped string costs a memchr for its closing quote.
//
// The document around log.entries (BOM, JSONP, log members in any order,
// creator after entries, errors before the first entry) is still walked by
// the strict reader; the fast path takes over after the "[" of
// log.entries and hands back after its "]" (see Reader.readEntriesFast).
// It keeps the bytes of the entry it is reading (up to fastBuf), so that
// whatever it does not model exactly is redone by the strict decoder:
// an entry of the wrong shape or with unusual keys is decoded by
// encoding/json from those bytes, and a syntax error, a truncation or a
// read error hands the rest of the file to the strict reader, which then
// reports it exactly as it would have. Only for an entry longer than
// fastBuf are such problems reported by the fast path itself.
//
// What the fast path does not check: the content of the strings it skips
// (control characters, escapes) and the spelling of numbers inside values
// it skips. Those files are invalid JSON that ScanOptions.Strict rejects.

// fastBuf is the size the fast path's read buffer grows to, and the
// largest entry it can hand to the strict decoder; it starts at
// fastBufStart, which is enough for most entries and for small files.
const (
	fastBuf      = 256 << 10
	fastBufStart = 64 << 10
)

// fastConfig is what ScanWith asks of the fast path.
type fastConfig struct {
	maxBody  int64 // bodies longer than this are not scanned for forms; <0: no limit
	pageHead int   // bytes of a body's start kept for KeepPage; 0: no pages
	bufSize  int   // the read buffer's size; 0: fastBuf (tests make it small)
}

// errInputEnd reports that the input ended or failed to read where a
// value was still open.
var errInputEnd = errors.New("har: input ended")

// scanSyntaxError is a syntax error found by the fast path.
type scanSyntaxError struct {
	msg    string
	Offset int64 // file offset of the offending byte
}

func (e *scanSyntaxError) Error() string {
	return fmt.Sprintf("%s (at byte %d)", e.msg, e.Offset)
}

// scanner reads JSON bytes through a fixed buffer.
type scanner struct {
	src  io.Reader
	buf  []byte
	r, w int
	base int64 // file offset of buf[0]
	mark int   // start of the bytes kept for the strict decoder, or -1
	end  bool  // src returned an error or io.EOF
	err  error // the error src returned, other than io.EOF
	cfg  *fastConfig

	key   []byte         // the current object key, unescaped
	small countingPrefix // a short string value
	tmp   []byte         // scratch for invalid UTF-8 replacement and escapes
	stage []byte         // a stagedWriter's buffer, kept for the next body
	stack []byte         // open brackets of a skipped value
}

func newScanner(src io.Reader, base int64, cfg *fastConfig) *scanner {
	size := cfg.bufSize
	if size <= 0 {
		size = fastBufStart
	}
	return &scanner{src: src, buf: make([]byte, size), base: base, mark: -1, cfg: cfg}
}

// offset is the file offset of the next byte.
func (s *scanner) offset() int64 { return s.base + int64(s.r) }

// more reads more input, keeping the unread bytes and those from mark on;
// it drops the mark when the buffer is full. It returns false when the
// input has ended or failed.
func (s *scanner) more() bool {
	for !s.end {
		if s.w == len(s.buf) {
			keep := s.r
			if s.mark >= 0 && s.mark < keep {
				keep = s.mark
			}
			if keep == 0 && s.mark >= 0 {
				if len(s.buf) < fastBuf && s.cfg.bufSize == 0 {
					nb := make([]byte, 2*len(s.buf))
					copy(nb, s.buf[:s.w])
					s.buf = nb
					continue
				}
				s.mark, keep = -1, s.r // the entry is too long to keep
			}
			if keep == 0 {
				return false // cannot happen: callers need a few bytes at most
			}
			n := copy(s.buf, s.buf[keep:s.w])
			s.w, s.r = n, s.r-keep
			if s.mark >= 0 {
				s.mark -= keep
			}
			s.base += int64(keep)
		}
		n, err := s.src.Read(s.buf[s.w:])
		s.w += n
		if err != nil {
			s.end = true
			if err != io.EOF {
				s.err = err
			}
		}
		if n > 0 {
			return true
		}
	}
	return false
}

// ensure makes n bytes available after r, if the input has them.
func (s *scanner) ensure(n int) bool {
	for s.w-s.r < n {
		if !s.more() {
			return false
		}
	}
	return true
}

func (s *scanner) syntax(format string, args ...any) error {
	return &scanSyntaxError{msg: fmt.Sprintf(format, args...), Offset: s.offset()}
}

// peek returns the next byte that is not white space, without consuming
// it.
func (s *scanner) peek() (byte, error) {
	for {
		for s.r < s.w {
			c := s.buf[s.r]
			if c > ' ' {
				return c, nil
			}
			if c != ' ' && c != '\n' && c != '\r' && c != '\t' {
				return c, nil
			}
			s.r++
			// Indentation: skip eight spaces at a time, then to the first
			// byte that is not a space among the next eight.
			for s.w-s.r >= 8 {
				x := binary.LittleEndian.Uint64(s.buf[s.r:]) ^ 0x2020202020202020
				if x != 0 {
					s.r += bits.TrailingZeros64(x) >> 3
					break
				}
				s.r += 8
			}
		}
		if !s.more() {
			return 0, errInputEnd
		}
	}
}

// expect consumes the next non-space byte, which must be c.
func (s *scanner) expect(c byte, context string) error {
	b, err := s.peek()
	if err != nil {
		return err
	}
	if b != c {
		return s.syntax("invalid character %s %s", quoteChar(b), context)
	}
	s.r++
	return nil
}

func quoteChar(c byte) string {
	if c == '\'' {
		return `'\''`
	}
	if c == '"' {
		return `'"'`
	}
	s := strconv.Quote(string(rune(c)))
	return "'" + s[1:len(s)-1] + "'"
}

// skipString consumes the rest of a string whose opening quote has been
// consumed, at memchr speed, stopping only at quotes.
func (s *scanner) skipString() error {
	const ones, highs, quotes = 0x0101010101010101, 0x8080808080808080, 0x2222222222222222
	bs := 0 // backslashes just before s.r, carried over a refill
	for {
		chunk := s.buf[s.r:s.w]
		for j := 0; ; {
			// The next quote: escaped quotes in scripts are often a few
			// bytes apart, so the next 32 bytes are searched eight at a
			// time in registers, the rest with bytes.IndexByte.
			k := -1
			for n := 0; n < 4 && j+8 <= len(chunk); n++ {
				x := binary.LittleEndian.Uint64(chunk[j:]) ^ quotes
				if t := (x - ones) &^ x & highs; t != 0 {
					k = j + bits.TrailingZeros64(t)>>3
					break
				}
				j += 8
			}
			if k < 0 {
				q := bytes.IndexByte(chunk[j:], '"')
				if q < 0 {
					break
				}
				k = j + q
			}
			n := 0 // backslashes before the quote
			for n < k && chunk[k-1-n] == '\\' {
				n++
			}
			if n == k {
				n += bs // the run goes on before the chunk
			}
			if n&1 == 0 {
				s.r += k + 1
				return nil
			}
			j = k + 1
		}
		n := 0
		for n < len(chunk) && chunk[len(chunk)-1-n] == '\\' {
			n++
		}
		if n == len(chunk) {
			bs += n
		} else {
			bs = n
		}
		s.r = s.w
		if !s.more() {
			return errInputEnd
		}
	}
}

// skipValue consumes one value of any kind.
func (s *scanner) skipValue() error {
	c, err := s.peek()
	if err != nil {
		return err
	}
	switch c {
	case '"':
		s.r++
		return s.skipString()
	case '{', '[':
		return s.skipComposite()
	}
	_, err = s.scalar()
	return err
}

// skipComposite consumes an object or array, checking only that its
// brackets match.
func (s *scanner) skipComposite() error {
	s.stack = s.stack[:0]
	for {
		for s.r < s.w {
			s.r += skipPlain(s.buf[s.r:s.w])
			if s.r >= s.w {
				break
			}
			c := s.buf[s.r]
			s.r++
			switch c {
			case '"':
				if err := s.skipString(); err != nil {
					return err
				}
			case '{', '[':
				s.stack = append(s.stack, c)
			case '}', ']':
				n := len(s.stack)
				if n == 0 || s.stack[n-1] != c-2 { // '{'+2 == '}', '['+2 == ']'
					s.r--
					return s.syntax("invalid character %s in a skipped value", quoteChar(c))
				}
				s.stack = s.stack[:n-1]
				if n == 1 {
					return nil
				}
			}
		}
		if !s.more() {
			return errInputEnd
		}
	}
}

// skipPlain returns the length of the run at the start of b without a
// quote or bracket, found eight bytes at a time: '[' and ']' are '{' and
// '}' with the 0x20 bit clear, so ORing it in leaves three bytes to look
// for (each a zero byte of an XOR, exact for the lowest one).
func skipPlain(b []byte) int {
	const ones, highs, low = 0x0101010101010101, 0x8080808080808080, 0x2020202020202020
	const quotes, opens, closes = 0x2222222222222222, 0x7b7b7b7b7b7b7b7b, 0x7d7d7d7d7d7d7d7d
	j := 0
	for ; j+8 <= len(b); j += 8 {
		w := binary.LittleEndian.Uint64(b[j:])
		q, o, c := w^quotes, (w|low)^opens, (w|low)^closes
		if t := ((q-ones)&^q | (o-ones)&^o | (c-ones)&^c) & highs; t != 0 {
			return j + bits.TrailingZeros64(t)>>3
		}
	}
	for ; j < len(b); j++ {
		switch b[j] {
		case '"', '{', '[', '}', ']':
			return j
		}
	}
	return j
}

// scalar consumes a number or literal and returns its text (valid until
// the next read).
func (s *scanner) scalar() ([]byte, error) {
	start := s.r
	for {
		for s.r < s.w {
			c := s.buf[s.r]
			if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c >= 'A' && c <= 'Z' {
				s.r++
				continue
			}
			return s.checkScalar(s.buf[start:s.r])
		}
		if s.r-start > 1024 {
			return nil, s.syntax("invalid literal")
		}
		// Keep the token in the buffer while reading more.
		keep := s.r - start
		s.r = start
		if !s.more() {
			return nil, errInputEnd
		}
		start = s.r
		s.r += keep
	}
}

// checkScalar accepts true, false, null and JSON numbers.
func (s *scanner) checkScalar(t []byte) ([]byte, error) {
	switch string(t) {
	case "true", "false", "null":
		return t, nil
	}
	if len(t) > 0 && validNumber(t) {
		return t, nil
	}
	if len(t) == 0 {
		return nil, s.syntax("invalid character %s looking for beginning of value", quoteChar(s.buf[s.r]))
	}
	return nil, s.syntax("invalid literal %q", t)
}

// validNumber reports whether t is a JSON number.
func validNumber(t []byte) bool {
	i := 0
	if t[i] == '-' {
		i++
	}
	switch n := digits(t[i:]); {
	case n == 0:
		return false
	case t[i] == '0':
		i++ // no leading zeros
	default:
		i += n
	}
	if i < len(t) && t[i] == '.' {
		n := digits(t[i+1:])
		if n == 0 {
			return false
		}
		i += 1 + n
	}
	if i < len(t) && (t[i] == 'e' || t[i] == 'E') {
		i++
		if i < len(t) && (t[i] == '+' || t[i] == '-') {
			i++
		}
		n := digits(t[i:])
		if n == 0 {
			return false
		}
		i += n
	}
	return i == len(t)
}

// digits counts the decimal digits at the start of t.
func digits(t []byte) int {
	n := 0
	for n < len(t) && t[n] >= '0' && t[n] <= '9' {
		n++
	}
	return n
}

// unescapedWriter receives the unescaped bytes of a JSON string as the
// scanner reads them, and says when it needs no more.
type unescapedWriter interface {
	write(p []byte)
	busy() bool
}

// countingPrefix keeps the first max bytes of a string and counts them all.
type countingPrefix struct {
	b   []byte
	max int64
	n   int64
}

func (c *countingPrefix) write(p []byte) {
	c.n += int64(len(p))
	if room := c.max - int64(len(c.b)); room > 0 {
		c.b = append(c.b, p[:min(room, int64(len(p)))]...)
	}
}

func (c *countingPrefix) busy() bool { return c.n <= c.max }

// scanString reads the rest of a string whose opening quote has been
// consumed, unescaping it into k as encoding/json would (invalid UTF-8 and
// lone surrogates become U+FFFD). Once k is no longer busy, the rest is
// skipped.
func (s *scanner) scanString(k unescapedWriter) error {
	for {
		if !k.busy() {
			return s.skipString()
		}
		if s.r >= s.w && !s.more() {
			return errInputEnd
		}
		chunk := s.buf[s.r:s.w]
		switch j := indexQuoteOrBackslash(chunk); {
		case j >= 0 && chunk[j] == '\\':
			if err := s.emit(k, chunk[:j]); err != nil {
				return err
			}
			s.r += j
			if err := s.escape(k); err != nil {
				return err
			}
		case j >= 0:
			if err := s.emit(k, chunk[:j]); err != nil {
				return err
			}
			s.r += j + 1
			return nil
		default:
			n := len(chunk) - partialRune(chunk)
			if n == 0 {
				if !s.more() {
					return errInputEnd
				}
				continue
			}
			if err := s.emit(k, chunk[:n]); err != nil {
				return err
			}
			s.r += n
		}
	}
}

// indexQuoteOrBackslash returns the index of the first '"' or '\\' in b,
// or -1. Escapes in JSON-in-JSON bodies are often a few bytes apart, so
// the first 64 bytes are searched eight at a time in registers (a byte
// equal to c is a zero byte of x^c, found by the borrow of x-0x01..01,
// exact for the lowest one); beyond them, bytes.IndexByte finds the quote
// and then a backslash before it.
func indexQuoteOrBackslash(b []byte) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	const quotes, slashes = 0x2222222222222222, 0x5c5c5c5c5c5c5c5c
	j := 0
	for n := 0; n < 8 && j+8 <= len(b); n++ {
		w := binary.LittleEndian.Uint64(b[j:])
		q, bs := w^quotes, w^slashes
		if t := ((q-ones)&^q | (bs-ones)&^bs) & highs; t != 0 {
			return j + bits.TrailingZeros64(t)>>3
		}
		j += 8
	}
	end := len(b)
	if q := bytes.IndexByte(b[j:], '"'); q >= 0 {
		end = j + q
	}
	if bs := bytes.IndexByte(b[j:end], '\\'); bs >= 0 {
		return j + bs
	}
	if end < len(b) {
		return end
	}
	return -1
}

// partialRune returns the length of an incomplete UTF-8 sequence at the
// end of b.
func partialRune(b []byte) int {
	for n := 1; n <= 3 && n <= len(b); n++ {
		c := b[len(b)-n]
		if c < utf8.RuneSelf {
			return 0
		}
		if utf8.RuneStart(c) {
			if utf8.FullRune(b[len(b)-n:]) {
				return 0
			}
			return n
		}
	}
	return 0
}

// emit writes p, a run of string bytes at s.r without quotes or escapes.
// A control character is a syntax error, as in encoding/json; invalid
// UTF-8 becomes U+FFFD.
func (s *scanner) emit(k unescapedWriter, p []byte) error {
	if printableASCII(p) {
		if len(p) > 0 {
			k.write(p)
		}
		return nil
	}
	for i, c := range p {
		if c < ' ' {
			s.r += i
			return s.syntax("invalid character %s in string literal", quoteChar(c))
		}
	}
	if utf8.Valid(p) {
		k.write(p)
		return nil
	}
	s.tmp = appendValidUTF8(s.tmp[:0], p)
	k.write(s.tmp)
	return nil
}

// printableASCII reports whether p holds only bytes from 0x20 to 0x7f,
// eight at a time: a byte below 0x20 borrows into its own high bit when
// 0x20 is subtracted, one above 0x7f has it set already.
func printableASCII(p []byte) bool {
	i := 0
	for ; i+8 <= len(p); i += 8 {
		x := binary.LittleEndian.Uint64(p[i:])
		if ((x-0x2020202020202020)|x)&0x8080808080808080 != 0 {
			return false
		}
	}
	for ; i < len(p); i++ {
		if p[i] < 0x20 || p[i] >= 0x80 {
			return false
		}
	}
	return true
}

// escape decodes the escape sequence at s.r.
func (s *scanner) escape(k unescapedWriter) error {
	if !s.ensure(2) {
		return errInputEnd
	}
	var one byte
	switch c := s.buf[s.r+1]; c {
	case '"', '\\', '/':
		one = c
	case 'b':
		one = '\b'
	case 'f':
		one = '\f'
	case 'n':
		one = '\n'
	case 'r':
		one = '\r'
	case 't':
		one = '\t'
	case 'u':
		if !s.ensure(6) {
			return errInputEnd
		}
		rr := hex4(s.buf[s.r+2 : s.r+6])
		if rr < 0 {
			return s.syntax("invalid character in \\u hexadecimal character escape")
		}
		n := 6
		if utf16.IsSurrogate(rr) {
			rr1 := rune(-1)
			if s.ensure(12) && s.buf[s.r+6] == '\\' && s.buf[s.r+7] == 'u' {
				rr1 = hex4(s.buf[s.r+8 : s.r+12])
			}
			if d := utf16.DecodeRune(rr, rr1); d != utf8.RuneError {
				rr, n = d, 12
			} else {
				rr = utf8.RuneError
			}
		}
		s.tmp = utf8.AppendRune(s.tmp[:0], rr)
		k.write(s.tmp)
		s.r += n
		return nil
	default:
		s.r++
		return s.syntax("invalid character %s in string escape code", quoteChar(c))
	}
	s.tmp = append(s.tmp[:0], one)
	k.write(s.tmp)
	s.r += 2
	return nil
}

// hex4 decodes four hexadecimal digits, or returns -1.
func hex4(b []byte) rune {
	var r rune
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}

// readKey reads an object key and its colon into s.key.
func (s *scanner) readKey() error {
	if err := s.expect('"', "looking for beginning of object key string"); err != nil {
		return err
	}
	s.key = s.key[:0]
	// Most keys are short and plain: copy them straight from the buffer.
	if i := bytes.IndexByte(s.buf[s.r:s.w], '"'); i >= 0 && bytes.IndexByte(s.buf[s.r:s.r+i], '\\') < 0 {
		s.key = append(s.key, s.buf[s.r:s.r+i]...)
		s.r += i + 1
	} else {
		kb := countingPrefix{b: s.key, max: 256}
		if err := s.scanString(&kb); err != nil {
			return err
		}
		s.key = kb.b
	}
	return s.expect(':', "after object key")
}

// keyIs reports whether the current key names field (ASCII, any case, as
// encoding/json matches struct fields).
func (s *scanner) keyIs(field string) bool {
	if len(s.key) != len(field) {
		return false
	}
	for i := range len(field) {
		a, b := s.key[i], field[i]
		if a == b {
			continue
		}
		if a|0x20 != b|0x20 || a|0x20 < 'a' || a|0x20 > 'z' {
			return false
		}
	}
	return true
}

// oddKey reports a key that encoding/json might match to a field by
// Unicode case folding, which the fast path does not model.
func (s *scanner) oddKey() bool {
	for _, c := range s.key {
		if c >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// start consumes the "{" or "[" at the scanner and reports whether the
// object or array is empty (its closing bracket consumed too).
func (s *scanner) start() (bool, error) {
	closing := s.buf[s.r] + 2 // '{'+2 == '}', '['+2 == ']'
	s.r++
	c, err := s.peek()
	if err != nil {
		return false, err
	}
	if c == closing {
		s.r++
		return true, nil
	}
	return false, nil
}

// next consumes "," (true) or the closing bracket (false) after a member
// or element; err is that member's or element's error, returned as is.
func (s *scanner) next(err error, closing byte, after string) (bool, error) {
	if err != nil {
		return false, err
	}
	c, err := s.peek()
	if err != nil {
		return false, err
	}
	switch c {
	case ',':
		s.r++
		return true, nil
	case closing:
		s.r++
		return false, nil
	}
	return false, s.syntax("invalid character %s after %s", quoteChar(c), after)
}

// maxString bounds the scalars the fast path keeps (URLs, header values):
// a longer one reads as empty.
func (s *scanner) maxString() int64 {
	if s.cfg.maxBody < 0 {
		return math.MaxInt64
	}
	return max(s.cfg.maxBody, 1<<20)
}

// lenientString reads any value as [lenientString] does: a string's
// text, a number's or literal's text, "" for null, objects and arrays.
func (s *scanner) lenientString() (string, error) {
	b, err := s.lenientBytes()
	return string(b), err
}

// lenientBytes is lenientString without the string: the bytes are valid
// until the scanner reads on.
func (s *scanner) lenientBytes() ([]byte, error) {
	c, err := s.peek()
	if err != nil {
		return nil, err
	}
	switch c {
	case '"':
		s.r++
		s.small = countingPrefix{b: s.small.b[:0], max: s.maxString()}
		if err := s.scanString(&s.small); err != nil {
			return nil, err
		}
		if s.small.n > s.small.max {
			return nil, nil
		}
		return s.small.b, nil
	case '{', '[':
		return nil, s.skipComposite()
	}
	t, err := s.scalar()
	if err != nil || string(t) == "null" {
		return nil, err
	}
	s.small.b = append(s.small.b[:0], t...)
	return s.small.b, nil
}

// lenientNumber reads any value as [lenientNumber] does.
func (s *scanner) lenientNumber() (float64, error) {
	c, err := s.peek()
	if err != nil {
		return 0, err
	}
	var text string
	switch c {
	case '"':
		v, err := s.lenientString()
		if err != nil {
			return 0, err
		}
		text = strings.TrimSpace(v)
	case '{', '[':
		return 0, s.skipComposite()
	default:
		t, err := s.scalar()
		if err != nil {
			return 0, err
		}
		text = string(t)
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil && f == 0 || math.IsNaN(f) {
		return 0, nil
	}
	return f, nil
}
