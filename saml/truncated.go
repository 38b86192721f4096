package saml

import (
	"bytes"
	"compress/flate"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// ErrTruncated is wrapped by a DecodeError for a value that was cut short:
// its XML ends inside an element that is never closed. A proxy, a HAR
// editor or a chat client that limits message length does this; the
// IdP sent the whole message. The DecodeError's Err is a *TruncatedError.
var ErrTruncated = errors.New("the value is truncated")

// TruncatedError describes a value cut short: how long it is, in which
// elements it ends, and the XML that did decode (for samlcheck decode).
// It wraps ErrTruncated.
type TruncatedError struct {
	// Encoding is the form the value was cut in: "Base64", "DEFLATE-compressed
	// Base64" (the Redirect binding) or "XML" (a value pasted as XML).
	Encoding string
	// Chars is the length of the value in that form: Base64 characters
	// (whitespace left out) or XML bytes.
	Chars int
	// Open lists the elements still open where the value ends, outermost
	// first, by their qualified names ("samlp:Response", "saml:Assertion").
	Open []string
	// Partial is the XML that did decode, up to the cut.
	Partial []byte
}

// Error says where the value ends, such as "the Base64 value ends after
// 6,240 characters inside the Assertion (in <ds:X509Certificate>): the
// capture cut it".
func (e *TruncatedError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "the %s value ends after %s characters", e.Encoding, thousands(e.Chars))
	if where := e.inside(); where != "" {
		b.WriteString(" inside the " + where)
	} else {
		b.WriteString(" inside the first tag")
	}
	if n := len(e.Open); n > 0 {
		b.WriteString(" (in <" + e.Open[n-1] + ">)")
	}
	b.WriteString(": the capture cut it")
	return b.String()
}

// Unwrap returns ErrTruncated.
func (e *TruncatedError) Unwrap() error { return ErrTruncated }

// inside names the outermost SAML element the value ends in: an assertion
// when the cut is inside one, else the root element.
func (e *TruncatedError) inside() string {
	for _, q := range e.Open {
		switch local := q[strings.LastIndexByte(q, ':')+1:]; local {
		case "Assertion", "EncryptedAssertion":
			return local
		}
	}
	if len(e.Open) == 0 {
		return ""
	}
	q := e.Open[0]
	return q[strings.LastIndexByte(q, ':')+1:]
}

// thousands formats n with commas: 6240 → "6,240".
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// openAtEnd reports whether data is XML that ends inside an element, as a
// cut document does, and which elements are open there. A document with a
// syntax error before its end is not truncated (ok false).
func openAtEnd(data []byte) (open []string, ok bool) {
	data = bytes.TrimPrefix(data, []byte(bom))
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	d.CharsetReader = charsetReader
	for {
		tok, err := d.RawToken()
		if err != nil {
			var se *xml.SyntaxError
			switch {
			case errors.Is(err, io.EOF):
				return open, len(open) > 0
			case errors.As(err, &se) && se.Msg == "unexpected EOF", errors.Is(err, io.ErrUnexpectedEOF):
				if name := cutTag(data); name != "" {
					open = append(open, name) // cut inside this element's start tag
				}
				return open, true
			}
			return nil, false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			open = append(open, fullName(t.Name))
		case xml.EndElement:
			if len(open) == 0 || open[len(open)-1] != fullName(t.Name) {
				return nil, false // a mismatched end tag: a syntax error, not a cut
			}
			open = open[:len(open)-1]
		}
	}
}

// truncation returns the *TruncatedError for the encoded value, whose
// decoding failed with serr, when the value is a cut SAML message: Base64
// whose length stops mid-group, or whose XML (or raw XML) ends inside an
// element. It returns nil otherwise.
func truncation(value string, serr *stepError, o DecodeOptions) *TruncatedError {
	if serr == nil || (serr.step != StepBase64 && serr.step != StepXML && serr.step != StepInflate) {
		return nil
	}
	if le := (*LimitError)(nil); errors.As(serr.err, &le) {
		return nil // too large, not cut
	}
	s := trimValue(value)
	if u, step, uerr := urlDecode(s); uerr == nil && step != nil {
		s = u
	}
	if looksXML(s) {
		if open, ok := openAtEnd([]byte(s)); ok {
			return &TruncatedError{Encoding: "XML", Chars: len(s), Open: open, Partial: []byte(s)}
		}
		return nil
	}
	text := removeWhitespace(s)
	body := strings.TrimRight(text, "=")
	if len(body) != len(text) {
		return nil // padding: the value ends where its sender ended it
	}
	data, _, err := decodeBase64(body[:len(body)-len(body)%4])
	if err != nil {
		return nil
	}
	encoding := "Base64"
	if !looksXMLBytes(data) {
		// A Redirect-binding value: DEFLATE whose stream stops early.
		if data = inflatePartial(data, o.MaxInflated); !looksXMLBytes(data) {
			return nil
		}
		encoding = "DEFLATE-compressed Base64"
	}
	if open, ok := openAtEnd(data); ok {
		return &TruncatedError{Encoding: encoding, Chars: len(body), Open: open, Partial: data}
	}
	return nil
}

// inflatePartial returns what raw DEFLATE data inflates to (at most max
// bytes) when the stream ends early (io.ErrUnexpectedEOF); nil when it
// is complete or corrupt.
func inflatePartial(data []byte, max int64) []byte {
	// Count first without keeping anything, as readCapped does: only a
	// stream that really stops early is inflated again into memory.
	n, err := io.Copy(io.Discard, io.LimitReader(flate.NewReader(bytes.NewReader(data)), max))
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil
	}
	out := make([]byte, n)
	if _, err := io.ReadFull(flate.NewReader(bytes.NewReader(data)), out); err != nil {
		return nil
	}
	return out
}

// cutTag returns the name of the start tag data ends in ("saml2p:AuthnRequest"
// for `…<saml2p:AuthnRequest ID="_r`), or "".
func cutTag(data []byte) string {
	i := bytes.LastIndexByte(data, '<')
	if i < 0 || bytes.IndexByte(data[i:], '>') >= 0 {
		return ""
	}
	tag := data[i+1:]
	end := bytes.IndexAny(tag, " \t\r\n/")
	if end < 0 {
		return "" // the name itself may be cut
	}
	name := string(tag[:end])
	if name == "" || strings.ContainsAny(name, "!?") {
		return ""
	}
	return name
}
