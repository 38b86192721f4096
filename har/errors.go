package har

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
)

// Sentinel errors wrapped by [*FileError], to be tested with [errors.Is].
var (
	// ErrNotHAR reports input that is JSON (or starts like it) but is not
	// a HAR document: its top level is not an object, or the object has
	// neither a log nor the fields of a bare entry. The errors of
	// har/redact wrap it too, for the input it cannot redact as a HAR.
	ErrNotHAR = errors.New("not a HAR file")
	// ErrNoEntries reports a HAR whose log has no entries array (harviewer's
	// "not-valid.har"). A present but empty array is not an error.
	ErrNoEntries = errors.New("no log.entries")
	// ErrTruncated reports input that ends in the middle of the JSON
	// document.
	ErrTruncated = errors.New("truncated JSON (unexpected end of file)")
	// ErrReused reports a second call to [Reader.Entries]: the input has
	// already been consumed.
	ErrReused = errors.New("entries already read")
)

// FileError is a fatal error reading a HAR file: after it, no more entries
// can be read.
type FileError struct {
	// File is the file name given to [NewReader].
	File string
	// Offset is the 0-based byte offset in the file where the problem was
	// found: the offending character, the end of a truncated file, or,
	// for a syntax error inside an entry, the entry's first byte. It is -1
	// when the problem is not at one place (a missing log.entries).
	Offset int64
	// Err is the cause: [ErrNotHAR], [ErrNoEntries], [ErrTruncated], a
	// syntax error (a [*json.SyntaxError]; for an entry longer than the
	// fast scanner's buffer, its own error, whose text says the byte), or
	// the error of the underlying reader.
	Err error
}

// Error returns "har: FILE: byte N: cause", without the byte offset when
// it is unknown.
func (e *FileError) Error() string {
	if e.Offset < 0 {
		return fmt.Sprintf("har: %s: %v", e.File, e.Err)
	}
	return fmt.Sprintf("har: %s: byte %d: %v", e.File, e.Offset, e.Err)
}

// Unwrap returns the cause.
func (e *FileError) Unwrap() error { return e.Err }

// EntryError reports one entry of log.entries that could not be decoded
// because a field has the wrong JSON shape (an object where an array is
// expected, a number where an object is expected). The entries after it are
// still read.
type EntryError struct {
	// File is the file name given to [NewReader].
	File string
	// Entry is the 0-based index of the entry in log.entries; the message
	// of Error numbers entries from 1, as HAR viewers do (Entry+1).
	Entry int
	// Field is the dotted path of the offending field inside the entry
	// ("request.postData"), empty when the entry itself is not an object.
	Field string
	// Err is the cause, usually a [*json.UnmarshalTypeError].
	Err error
}

// Error returns "har: FILE: entry N: FIELD: cause", N counted from 1
// (Entry+1).
func (e *EntryError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "har: %s: entry %d: ", e.File, e.Entry+1)
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(describe(e.Err))
	return b.String()
}

// Unwrap returns the cause.
func (e *EntryError) Unwrap() error { return e.Err }

// describe words a decoding error for people: a JSON type mismatch is said
// in JSON terms rather than with the names of this package's Go types.
func describe(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Type != nil {
		got := te.Value
		if i := strings.IndexByte(got, ' '); i > 0 {
			got = got[:i] // "number 5" → "number"
		}
		return fmt.Sprintf("JSON %s where %s was expected", got, jsonKind(te.Type))
	}
	if err == nil {
		return "unknown error"
	}
	return err.Error()
}

// jsonKind names the JSON value a Go type decodes from.
func jsonKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	default:
		return "a number"
	}
}
