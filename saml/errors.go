package saml

import (
	"errors"
	"strconv"
	"strings"
)

// Decoding step names, used in Step.Name and DecodeError.Step.
const (
	// StepInput is the encoded value as a whole: it is empty or larger
	// than DecodeOptions.MaxValue. It only appears in DecodeError.
	StepInput = "input"
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
	// ErrUnboundPrefix is returned for an element or attribute whose
	// namespace prefix is not declared (the document is not
	// namespace-well-formed).
	ErrUnboundPrefix = errors.New("unbound namespace prefix")
	// ErrNotXML is returned when the decoded bytes are not XML at all.
	ErrNotXML = errors.New("decoded data is not XML")
)

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
// byte 12", leaving out the parts the Source does not have.
func (e *DecodeError) Error() string {
	var b strings.Builder
	b.WriteString("saml: ")
	if e.Source.File != "" {
		b.WriteString(e.Source.File)
		b.WriteString(": ")
	}
	if e.Source.Entry >= 0 && e.Source.Where != "" && e.Source.Where != InFile {
		b.WriteString("entry ")
		b.WriteString(strconv.Itoa(e.Source.Entry))
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
