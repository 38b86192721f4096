package saml

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Decoding step names, used in Step.Name and DecodeError.Step.
const (
	// StepInput is the encoded value as a whole: it is empty or larger
	// than DecodeOptions.MaxValue. It only appears in DecodeError.
	StepInput = "input"
	// StepCharset is the input file's text encoding converted to UTF-8
	// (UTF-16, a UTF-8 byte order mark): Encoded.Charset. It only appears
	// in Message.Steps, never in DecodeError.
	StepCharset = "charset"
	// StepURLDecode is percent-decoding (once or twice).
	StepURLDecode = "url-decode"
	// StepBase64 is Base64 decoding (standard or URL-safe alphabet).
	StepBase64 = "base64"
	// StepInflate is raw DEFLATE decompression (saml-bindings §3.4.4.1).
	StepInflate = "inflate"
	// StepXML is XML well-formedness checking and parsing.
	StepXML = "xml"
)

// Sentinel errors wrapped by a DecodeError; test for them with errors.Is.
var (
	// ErrEmpty is returned for an empty or blank value.
	ErrEmpty = errors.New("empty value")
	// ErrValueTooLarge is returned for a value longer than
	// DecodeOptions.MaxValue.
	ErrValueTooLarge = errors.New("value too large")
	// ErrInflateLimit is returned when DEFLATE data inflates beyond
	// DecodeOptions.MaxInflated (a deflate bomb, or a limit set too low).
	ErrInflateLimit = errors.New("inflated size exceeds the limit")
	// ErrDTD is returned for a document with a DOCTYPE, DTD or entity
	// declaration. samlcheck never expands entities (XXE, billion laughs).
	ErrDTD = errors.New("DTD and entity declarations are not allowed in SAML messages")
	// ErrJunkAfterRoot is returned for a document with more than one
	// top-level element or with text outside the root element.
	ErrJunkAfterRoot = errors.New("content outside the root element")
	// ErrTooDeep is returned for a document nested deeper than
	// DecodeOptions.MaxDepth.
	ErrTooDeep = errors.New("elements nested too deeply")
	// ErrTooManyElements is returned for a document with more elements
	// than DecodeOptions.MaxElements.
	ErrTooManyElements = errors.New("too many elements")
	// ErrUnboundPrefix is returned for an element or attribute whose
	// namespace prefix is not declared (the document is not
	// namespace-well-formed).
	ErrUnboundPrefix = errors.New("unbound namespace prefix")
	// ErrNotXML is returned when the decoded bytes are not XML at all.
	ErrNotXML = errors.New("decoded data is not XML")
)

// The limits of DecodeOptions, as LimitError.Name says them.
const (
	// LimitInflated is DecodeOptions.MaxInflated.
	LimitInflated = "MaxInflated"
	// LimitValue is DecodeOptions.MaxValue.
	LimitValue = "MaxValue"
	// LimitDepth is DecodeOptions.MaxDepth.
	LimitDepth = "MaxDepth"
	// LimitElements is DecodeOptions.MaxElements.
	LimitElements = "MaxElements"
)

// LimitError reports a value or document that exceeds one of the limits of
// DecodeOptions. A DecodeError wraps it, so errors.As finds it; it wraps
// the limit's sentinel (ErrInflateLimit, ErrValueTooLarge, ErrTooDeep,
// ErrTooManyElements), so errors.Is does too.
type LimitError struct {
	// Name is the DecodeOptions field of the limit: LimitInflated,
	// LimitValue, LimitDepth or LimitElements.
	Name string
	// Limit is the value of the limit that was exceeded.
	Limit int64
	// Unit is what Limit counts: "bytes", "levels" or "elements".
	Unit string
	// Flag is the samlcheck command-line flag that raises the limit
	// ("--max-inflated"), or "" when no flag applies.
	Flag string
	// Err is the limit's sentinel error, wrapped with what was found.
	Err error
}

// limitFlag returns the command-line flag that raises the limit name.
func limitFlag(name string) string {
	switch name {
	case LimitInflated:
		return "--max-inflated"
	case LimitValue:
		return "--max-value"
	case LimitDepth:
		return "--max-depth"
	case LimitElements:
		return "--max-elements"
	}
	return ""
}

// newLimitError returns a LimitError for limit name at value limit, with
// the flag that raises it; err says what was found.
func newLimitError(name string, limit int64, unit string, err error) *LimitError {
	return &LimitError{Name: name, Limit: limit, Unit: unit, Flag: limitFlag(name), Err: err}
}

// Error returns what was found and the limit, such as "elements nested too
// deeply: <a> at level 257 (line 1, column 772); the limit is 256 levels
// (MaxDepth), raise it with --max-depth".
func (e *LimitError) Error() string {
	msg := fmt.Sprintf("%v; the limit is %d %s (%s)", e.Err, e.Limit, e.Unit, e.Name)
	if e.Flag != "" {
		msg += ", raise it with " + e.Flag
	}
	return msg
}

// Unwrap returns the sentinel error, wrapped with what was found.
func (e *LimitError) Unwrap() error { return e.Err }

// DecodeError reports a SAML value that could not be decoded: the step that
// failed, where the value came from, and the cause.
type DecodeError struct {
	// Step is the failed step: StepInput, StepURLDecode, StepBase64,
	// StepInflate or StepXML.
	Step string
	// Source is where the value was found.
	Source Source
	// Err is the underlying error.
	Err error
}

// Error returns a message such as
// "saml: t.har: entry 3: SAMLResponse: base64: illegal base64 data at input
// byte 12", leaving out the parts the Source does not have. The entry is
// counted from 1, as HAR viewers do: "entry 3" is Source.Entry 2.
func (e *DecodeError) Error() string {
	var b strings.Builder
	b.WriteString("saml: ")
	if e.Source.File != "" {
		b.WriteString(e.Source.File)
		b.WriteString(": ")
	}
	if e.Source.Entry >= 0 && e.Source.Where != "" && e.Source.Where != InFile {
		b.WriteString("entry ")
		b.WriteString(strconv.Itoa(e.Source.Entry + 1)) // counted from 1, as HAR viewers do
		b.WriteString(": ")
	}
	if e.Source.Param != "" {
		b.WriteString(e.Source.Param)
		b.WriteString(": ")
	}
	if e.Step != "" {
		b.WriteString(e.Step)
		b.WriteString(": ")
	}
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	} else {
		b.WriteString("decoding failed")
	}
	return b.String()
}

// Unwrap returns the underlying error.
func (e *DecodeError) Unwrap() error { return e.Err }

// stepError is a failure inside the decoding pipeline, before the Source is
// attached.
type stepError struct {
	step string
	err  error
}

func failStep(step string, err error) *stepError { return &stepError{step: step, err: err} }
