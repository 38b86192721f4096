package har

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"

	martian "github.com/google/martian/v3/har"

	"github.com/samlcheck/samlcheck/har/internal/harvalue"
)

// Creator names the software that wrote a HAR file.
type Creator struct {
	// Creator is log.creator: the exporting tool's name and version
	// ("WebInspector" "537.36", "Firefox" "111.0.1", "Charles Proxy").
	martian.Creator
	// Browser is log.browser, zero when absent (Chrome writes none).
	Browser martian.Creator
	// HARVersion is log.version ("1.2", "1.1"), empty when absent.
	HARVersion string
}

// String returns "name version", followed by " / browser version" when
// the browser is known and differs from the creator.
func (c Creator) String() string {
	s := strings.TrimSpace(c.Name + " " + c.Version)
	b := strings.TrimSpace(c.Browser.Name + " " + c.Browser.Version)
	if b != "" && b != s {
		if s == "" {
			return b
		}
		s += " / " + b
	}
	return s
}

// Reader streams the entries of one HAR file. Create it with [NewReader];
// it is not safe for concurrent use, and its entries can be read once.
type Reader struct {
	name    string
	src     *countingReader
	br      *bufio.Reader
	dec     *json.Decoder
	prefix  int64 // bytes consumed before the JSON value (BOM, JSONP callback)
	creator Creator
	count   int
	used    bool
	// fast, when set (by ScanWith), reads log.entries with the fast
	// scanner; fastScan is its per-entry state, reused.
	fast     *fastConfig
	fastScan entryScan
}

// NewReader returns a Reader of the HAR document in r; name is the file
// name used in errors and sources ("-" for standard input). Nothing is read
// until [Reader.Entries] is ranged over.
func NewReader(r io.Reader, name string) *Reader {
	src := &countingReader{r: r}
	return &Reader{name: name, src: src, br: bufio.NewReaderSize(src, 64<<10)}
}

// Creator returns log.creator, log.browser and log.version as far as they
// have been read: exporters write them before or after log.entries, so
// they are complete only once [Reader.Entries] has been fully ranged over.
func (r *Reader) Creator() Creator { return r.creator }

// Entries returns an iterator over log.entries, decoding one entry at a
// time; memory does not grow with the number of entries.
//
// Each step yields either an entry or an error. An [*EntryError] (an entry
// of the wrong shape) is followed by the next entry; any other error is a
// [*FileError] and is the last thing yielded. The accepted input is a HAR
// document ({"log": {…}}), possibly preceded by a UTF-8 byte order mark or
// wrapped in a JSONP callback ("onInputData({…});", as harviewer's HARP
// files are), or a bare entry object, read as a HAR of one entry. A HAR
// whose log has no entries array yields [ErrNoEntries].
//
// Entries can be ranged over only once; a second range yields
// [ErrReused].
func (r *Reader) Entries() iter.Seq2[*Entry, error] {
	return func(yield func(*Entry, error) bool) {
		if r.used {
			yield(nil, &FileError{File: r.name, Offset: -1, Err: ErrReused})
			return
		}
		r.used = true
		if err := r.read(yield); err != nil && !errors.Is(err, errStop) {
			yield(nil, err)
		}
	}
}

// errStop reports that the consumer stopped ranging.
var errStop = errors.New("har: stopped")

// isEntryKey reports the members of a top-level object kept in case it
// is a bare entry: only those the entry decoding reads.
func isEntryKey(key string) bool {
	switch key {
	case "startedDateTime", "time", "request", "response":
		return true
	}
	return false
}

// read walks the document, yielding entries.
func (r *Reader) read(yield func(*Entry, error) bool) error {
	if err := r.skipPrefix(); err != nil {
		return err
	}
	r.dec = json.NewDecoder(r.br)
	tok, err := r.dec.Token()
	if err != nil {
		return r.fatal(err, "")
	}
	if tok != json.Delim('{') {
		return r.fileError(r.tokenStart(tok), fmt.Errorf("%w: the document is a JSON %s, not an object", ErrNotHAR, harvalue.TokenKind(tok)))
	}
	sawLog := false
	bare := map[string]json.RawMessage{}
	for r.dec.More() {
		key, err := r.key()
		if err != nil {
			return err
		}
		switch {
		case key == "log" && !sawLog:
			sawLog = true
			if err := r.readLog(yield); err != nil {
				return err
			}
		case !sawLog && isEntryKey(key):
			var raw json.RawMessage
			if err := r.dec.Decode(&raw); err != nil {
				return r.fatal(err, "")
			}
			bare[key] = raw
		default:
			if err := r.skip(); err != nil {
				return err
			}
		}
	}
	if _, err := r.dec.Token(); err != nil { // the closing brace
		return r.fatal(err, "")
	}
	// Anything after the document (a JSONP ");", whitespace) is ignored.
	if sawLog {
		return nil
	}
	if bare["request"] == nil && bare["response"] == nil && bare["startedDateTime"] == nil {
		return r.fileError(-1, fmt.Errorf("%w: no log object", ErrNotHAR))
	}
	// A bare entry ({"request": …, "response": …}): a HAR of one entry.
	data, err := json.Marshal(bare)
	if err != nil {
		return r.fileError(-1, err)
	}
	r.count = 1
	var w jsonEntry
	if err := json.Unmarshal(data, &w); err != nil {
		if ee := r.entryError(0, err); ee != nil {
			yield(nil, ee)
			return nil
		}
		return r.fileError(-1, err)
	}
	yield(w.entry(0), nil)
	return nil
}

// readLog walks the log object; the decoder is just past its key.
func (r *Reader) readLog(yield func(*Entry, error) bool) error {
	tok, err := r.dec.Token()
	if err != nil {
		return r.fatal(err, "")
	}
	if tok != json.Delim('{') {
		return r.fileError(r.tokenStart(tok), fmt.Errorf("%w: log is a JSON %s, not an object", ErrNotHAR, harvalue.TokenKind(tok)))
	}
	sawEntries := false
	for r.dec.More() {
		key, err := r.key()
		if err != nil {
			return err
		}
		switch key {
		case "entries":
			tok, err := r.dec.Token()
			if err != nil {
				return r.fatal(err, "")
			}
			if tok == nil { // "entries": null, as if absent
				continue
			}
			if tok != json.Delim('[') {
				return r.fileError(r.tokenStart(tok), fmt.Errorf("%w: log.entries is a JSON %s, not an array", ErrNotHAR, harvalue.TokenKind(tok)))
			}
			sawEntries = true
			read := r.readEntries
			if r.fast != nil {
				read = r.readEntriesFast
			}
			if err := read(yield); err != nil {
				return err
			}
		case "creator", "browser":
			var w jsonCreator
			if err := r.decodeLenient(&w); err != nil {
				return err
			}
			c := martian.Creator{Name: string(w.Name), Version: string(w.Version)}
			if key == "creator" {
				r.creator.Creator = c
			} else {
				r.creator.Browser = c
			}
		case "version":
			var v lenientString
			if err := r.decodeLenient(&v); err != nil {
				return err
			}
			r.creator.HARVersion = string(v)
		default: // pages, comment, _extensions
			if err := r.skip(); err != nil {
				return err
			}
		}
	}
	if _, err := r.dec.Token(); err != nil { // the closing brace
		return r.fatal(err, "")
	}
	if !sawEntries {
		return r.fileError(-1, ErrNoEntries)
	}
	return nil
}

// readEntries decodes the elements of log.entries; the decoder is just
// past the opening bracket.
func (r *Reader) readEntries(yield func(*Entry, error) bool) error {
	for r.dec.More() {
		index := r.count
		r.count++
		var w jsonEntry
		if err := r.dec.Decode(&w); err != nil {
			ee := r.entryError(index, err)
			if ee == nil {
				return r.fatal(err, fmt.Sprintf("entry %d: ", index+1))
			}
			if !yield(nil, ee) {
				return errStop
			}
			continue
		}
		if !yield(w.entry(index), nil) {
			return errStop
		}
	}
	if _, err := r.dec.Token(); err != nil { // the closing bracket
		return r.fatal(err, "")
	}
	return nil
}

// entryError returns the EntryError for a decoding error that leaves the
// stream usable (a JSON type mismatch), or nil for a fatal one.
func (r *Reader) entryError(index int, err error) *EntryError {
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) {
		return nil
	}
	return &EntryError{File: r.name, Entry: index, Field: te.Field, Err: err}
}

// decodeLenient decodes the next value into v, ignoring a type mismatch.
func (r *Reader) decodeLenient(v any) error {
	err := r.dec.Decode(v)
	var te *json.UnmarshalTypeError
	if err != nil && !errors.As(err, &te) {
		return r.fatal(err, "")
	}
	return nil
}

// key reads an object member name.
func (r *Reader) key() (string, error) {
	tok, err := r.dec.Token()
	if err != nil {
		return "", r.fatal(err, "")
	}
	k, ok := tok.(string)
	if !ok { // cannot happen with encoding/json's tokenizer
		return "", r.fileError(r.offset(), fmt.Errorf("invalid JSON: object key is a %s", harvalue.TokenKind(tok)))
	}
	return k, nil
}

// skip consumes the next value token by token, so that skipping a large
// value (log.pages, an unknown member) holds no more than one token.
func (r *Reader) skip() error {
	depth := 0
	for {
		tok, err := r.dec.Token()
		if err != nil {
			return r.fatal(err, "")
		}
		if d, ok := tok.(json.Delim); ok {
			switch d {
			case '{', '[':
				depth++
			case '}', ']':
				depth--
			}
		}
		if depth == 0 {
			return nil
		}
	}
}

// skipPrefix consumes a UTF-8 BOM, white space and a JSONP callback name
// with its opening parenthesis.
func (r *Reader) skipPrefix() error {
	if b, err := r.br.Peek(3); err == nil && string(b) == "\xef\xbb\xbf" {
		_, _ = r.br.Discard(3)
		r.prefix += 3
	}
	c, err := r.skipSpace()
	if err != nil {
		return err
	}
	if !isIdentStart(c) {
		return nil // JSON, or not: the decoder will say
	}
	// JSONP: identifier (dots allowed: "window.cb"), then "(".
	start := r.prefix
	var ident []byte
	for len(ident) < 256 {
		b, err := r.br.ReadByte()
		if err != nil {
			break
		}
		if !(isIdentStart(b) || b >= '0' && b <= '9' || b == '.') {
			_ = r.br.UnreadByte()
			break
		}
		ident = append(ident, b)
		r.prefix++
	}
	switch string(ident) {
	case "null":
		return r.fileError(start, fmt.Errorf("%w: the document is a JSON null, not an object", ErrNotHAR))
	case "true", "false":
		return r.fileError(start, fmt.Errorf("%w: the document is a JSON boolean, not an object", ErrNotHAR))
	}
	c, err = r.skipSpace()
	if err != nil || c != '(' {
		return r.fileError(start, fmt.Errorf("%w: not JSON", ErrNotHAR))
	}
	_, _ = r.br.ReadByte()
	r.prefix++
	return nil
}

// skipSpace consumes white space and returns the next byte, unread.
func (r *Reader) skipSpace() (byte, error) {
	for {
		b, err := r.br.ReadByte()
		if err == io.EOF {
			return 0, r.fileError(r.prefix, fmt.Errorf("%w: empty file", ErrNotHAR))
		}
		if err != nil {
			return 0, r.fileError(r.prefix, err)
		}
		switch b {
		case ' ', '\t', '\r', '\n':
			r.prefix++
			continue
		}
		_ = r.br.UnreadByte()
		return b, nil
	}
}

func isIdentStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '$'
}

// offset is the file offset of the decoder's position.
func (r *Reader) offset() int64 {
	if r.dec == nil {
		return r.prefix
	}
	return r.prefix + r.dec.InputOffset()
}

// tokenStart is the file offset of the token just read when it is a
// delimiter (one byte), else the offset after it: the decoder does not say
// where a scalar started.
func (r *Reader) tokenStart(tok json.Token) int64 {
	if _, ok := tok.(json.Delim); ok {
		return r.offset() - 1
	}
	return r.offset()
}

// fatal turns a decoder error into a FileError; context prefixes the cause
// ("entry 41: ", counted from 1). A failing reader and an input ending too early are told
// apart from bad JSON by what the reader saw, not only by the decoder's
// error, which differs between encoding/json implementations.
func (r *Reader) fatal(err error, context string) error {
	var se *json.SyntaxError
	isSyntax := errors.As(err, &se)
	switch {
	case r.src.err != nil:
		return r.fileError(r.src.n, fmt.Errorf("%sread: %w", context, r.src.err))
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF),
		isSyntax && r.src.eof && r.prefix+se.Offset >= r.src.n:
		return r.fileError(r.src.n, fmt.Errorf("%s%w", context, ErrTruncated))
	case isSyntax:
		return r.fileError(r.offset(), fmt.Errorf("%sinvalid JSON: %w", context, se))
	}
	return r.fileError(r.offset(), fmt.Errorf("%s%w", context, err))
}

func (r *Reader) fileError(offset int64, err error) *FileError {
	return &FileError{File: r.name, Offset: offset, Err: err}
}

// countingReader counts the bytes read through it and remembers the last
// error, to tell read errors from JSON errors and to place truncation.
type countingReader struct {
	r   io.Reader
	n   int64 // bytes read
	eof bool  // the reader reported io.EOF
	err error // the reader's error other than io.EOF
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	switch {
	case err == io.EOF:
		c.eof = true
	case err != nil:
		c.err = err
	}
	return n, err
}
