package saml

import (
	"bytes"
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// Default decoding limits.
const (
	// DefaultMaxInflated is the default DecodeOptions.MaxInflated: 5 MiB,
	// the cap gosaml2 uses.
	DefaultMaxInflated int64 = 5 << 20
	// DefaultMaxValue is the default DecodeOptions.MaxValue: 20 MiB.
	DefaultMaxValue = 20 << 20
	// DefaultMaxDepth is the default DecodeOptions.MaxDepth.
	DefaultMaxDepth = 256
	// DefaultMaxElements is the default DecodeOptions.MaxElements. A real
	// Response has tens to a few thousand elements (one per attribute
	// value: a user in 5,000 groups makes about 5,000); a hundred thousand
	// leaves room for those while keeping the parsed tree to some tens of
	// megabytes, where 5 MiB of "<a/>" would make 1.3 million elements.
	DefaultMaxElements = 100_000
)

// maxURLRounds is how many times a value is percent-decoded at most.
const maxURLRounds = 3

// DecodeOptions limits what Decode accepts. A zero field means its default.
type DecodeOptions struct {
	// MaxInflated caps the size of DEFLATE output in bytes (default
	// DefaultMaxInflated). Inflation stops at the cap: a deflate bomb
	// never allocates beyond it.
	MaxInflated int64
	// MaxValue caps the size of the encoded value in bytes (default
	// DefaultMaxValue).
	MaxValue int
	// MaxDepth caps the element nesting depth of the XML (default
	// DefaultMaxDepth).
	MaxDepth int
	// MaxElements caps the number of elements of the XML (default
	// DefaultMaxElements). The count is checked before the tree is built.
	MaxElements int
}

// DefaultDecodeOptions returns the options Decode uses for nil: every
// field set to its default.
func DefaultDecodeOptions() *DecodeOptions {
	return &DecodeOptions{
		MaxInflated: DefaultMaxInflated,
		MaxValue:    DefaultMaxValue,
		MaxDepth:    DefaultMaxDepth,
		MaxElements: DefaultMaxElements,
	}
}

// withDefaults returns a copy of o with zero fields set to their defaults.
func (o *DecodeOptions) withDefaults() DecodeOptions {
	d := *DefaultDecodeOptions()
	if o == nil {
		return d
	}
	if o.MaxInflated > 0 {
		d.MaxInflated = o.MaxInflated
	}
	if o.MaxValue > 0 {
		d.MaxValue = o.MaxValue
	}
	if o.MaxDepth > 0 {
		d.MaxDepth = o.MaxDepth
	}
	if o.MaxElements > 0 {
		d.MaxElements = o.MaxElements
	}
	return d
}

// Decode decodes an encoded SAML value into a Message: percent-decoding
// (once or twice), Base64 (standard or URL-safe, with line breaks, missing
// padding or '+' turned into spaces repaired), raw DEFLATE when the Base64
// payload is not XML, then XML checks and parsing. A value that already is
// XML skips the steps it does not need. Every step taken and every repair is
// recorded in Message.Steps. opts may be nil for the defaults.
//
// On failure Decode returns a *DecodeError naming the failed step. It
// refuses DTDs and entity declarations, content after the root element,
// unbound namespace prefixes and duplicate attributes. A value, inflated
// output or document beyond one of the limits of opts is refused with a
// *LimitError inside the DecodeError, naming the limit and the flag that
// raises it; the value is refused before it is decoded, inflation stops at
// the cap, and the element count and depth are checked before the tree is
// built. A value cut short (its XML ends inside an element) fails with a
// *TruncatedError, wrapping ErrTruncated, holding the XML that did decode.
func Decode(e Encoded, opts *DecodeOptions) (*Message, error) {
	o := opts.withDefaults()
	src := e.Source
	if src.Param == "" {
		src.Param = e.Param
	}
	value, charset := e.Value, e.Charset
	if v, ok := undeclareUTF16(value, charset); ok {
		value, charset = v, charset+"; its XML declaration's encoding=\"UTF-16\" read as UTF-8"
	}
	alts, serr := decodeValue(value, o)
	for _, alt := range alts {
		doc, xmlData, xmlStep, lexical, xerr := parseXMLLexical(alt.data, o)
		if xerr == nil {
			steps := append(alt.steps, xmlStep)
			if charset != "" {
				steps = append([]Step{{Name: StepCharset, Repairs: []string{charset}}}, steps...)
			}
			m := &Message{Encoded: e, Steps: steps, XML: xmlData, Doc: doc, lexical: lexical, lexicalDone: true}
			buildModel(m)
			return m, nil
		}
		if serr == nil {
			serr = xerr
		}
	}
	if t := truncation(value, serr, o); t != nil {
		// A value cut short is said as such, not as the XML or Base64
		// error its end makes.
		return nil, &DecodeError{Step: serr.step, Source: src, Err: t}
	}
	return nil, &DecodeError{Step: serr.step, Source: src, Err: serr.err}
}

// decoded is one reading of an encoded value: bytes that start like XML
// and the steps that produced them.
type decoded struct {
	data  []byte
	steps []Step
}

// decodeValue runs the value through URL decoding, Base64 and DEFLATE as
// needed. It returns every plausible reading, best first (several only when
// Base64 whitespace is ambiguous), or the error of the first that failed.
func decodeValue(value string, o DecodeOptions) ([]decoded, *stepError) {
	if len(value) > o.MaxValue {
		return nil, failStep(StepInput, newLimitError(LimitValue, int64(o.MaxValue), "bytes",
			fmt.Errorf("%w: %d bytes", ErrValueTooLarge, len(value))))
	}
	s := trimValue(value)
	if strings.TrimSpace(s) == "" {
		return nil, failStep(StepInput, ErrEmpty)
	}
	var steps []Step
	s, step, serr := urlDecode(s)
	if serr != nil {
		return nil, serr
	}
	if step != nil {
		steps = append(steps, *step)
	}
	if looksXML(s) {
		if step == nil { // raw XML: parseXML removes and reports a BOM
			return []decoded{{data: []byte(value)}}, nil
		}
		return []decoded{{data: []byte(s), steps: steps}}, nil
	}
	alts, serr := decodeBase64Payload(s, o)
	for i := range alts {
		alts[i].steps = append(append([]Step(nil), steps...), alts[i].steps...)
	}
	return alts, serr
}

// urlDecode percent-decodes s until it no longer holds escapes (at most
// maxURLRounds times). It returns a nil Step when s was not URL-encoded.
func urlDecode(s string) (string, *Step, *stepError) {
	rounds, plusSpace := 0, false
	for hasURLEscape(s) && !looksXML(s) {
		if rounds == maxURLRounds {
			return "", nil, failStep(StepURLDecode, fmt.Errorf("value is still URL-encoded after %d rounds of decoding", rounds))
		}
		u, err := url.PathUnescape(s)
		if err != nil {
			return "", nil, failStep(StepURLDecode, err)
		}
		if looksXML(u) && strings.Contains(s, "+") && !strings.Contains(s, "%20") {
			// Form-encoded XML: '+' stands for a space here, unlike in
			// Base64 where it is kept.
			if q, err := url.QueryUnescape(s); err == nil {
				u, plusSpace = q, true
			}
		}
		s = trimValue(u)
		rounds++
	}
	if rounds == 0 {
		return s, nil, nil
	}
	step := &Step{Name: StepURLDecode}
	switch {
	case rounds == 2:
		step.Repairs = append(step.Repairs, "decoded twice")
	case rounds > 2:
		step.Repairs = append(step.Repairs, fmt.Sprintf("decoded %d times", rounds))
	}
	if plusSpace {
		step.Repairs = append(step.Repairs, "'+' read as space in form-encoded XML")
	}
	return s, step, nil
}

// hasURLEscape reports whether s contains a percent escape "%XX".
func hasURLEscape(s string) bool {
	for i := 0; i+2 < len(s); i++ {
		if s[i] == '%' && isHex(s[i+1]) && isHex(s[i+2]) {
			return true
		}
	}
	return false
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// notXML describes bytes that should have been XML.
func notXML(data []byte) error {
	head := data
	if len(head) > 16 {
		head = head[:16]
	}
	return fmt.Errorf("%w: starts with %q", ErrNotXML, head)
}

const bom = "\ufeff"

// trimValue removes a BOM and surrounding whitespace from an encoded value.
// A surrounding run of plain spaces is kept when the value holds no '+':
// those may be '+' signs a form decoder turned into spaces (Base64 may
// start or end with '+'). Runs with a line break or tab are formatting.
func trimValue(s string) string {
	s = trimBOM(s)
	plusFree := !strings.Contains(s, "+")
	start := 0
	for start < len(s) && isSpace(s[start]) {
		start++
	}
	if plusFree && !strings.ContainsAny(s[:start], "\t\r\n\f\v") {
		start = 0
	}
	end := len(s)
	for end > start && isSpace(s[end-1]) {
		end--
	}
	if plusFree && !strings.ContainsAny(s[end:], "\t\r\n\f\v") {
		end = len(s)
	}
	return s[start:end]
}

func trimBOM(s string) string { return strings.TrimPrefix(s, bom) }

// looksXML reports whether s, after a BOM and whitespace, starts with '<'.
func looksXML(s string) bool {
	s = strings.TrimLeft(trimBOM(s), " \t\r\n")
	return strings.HasPrefix(s, "<")
}

func looksXMLBytes(b []byte) bool {
	b = bytes.TrimLeft(bytes.TrimPrefix(b, []byte(bom)), " \t\r\n")
	return len(b) > 0 && b[0] == '<'
}

// utf16Decl matches an XML declaration naming UTF-16 as the encoding.
var utf16Decl = regexp.MustCompile(`\A\s*<\?xml[^>]*?\bencoding\s*=\s*["'](?i:utf-16(?:le|be)?)["']`)

// undeclareUTF16 returns value with its XML declaration's encoding="UTF-16"
// made "UTF-8", when the input file was UTF-16 (charset, Encoded.Charset)
// and the reader already converted it: the declaration tells the truth
// about the file, no longer about the text. ok is false otherwise.
func undeclareUTF16(value, charset string) (string, bool) {
	if !strings.HasPrefix(charset, "UTF-16") {
		return value, false
	}
	loc := utf16Decl.FindStringIndex(trimBOM(value))
	if loc == nil {
		return value, false
	}
	v := trimBOM(value)
	head := v[:loc[1]]
	i := strings.LastIndex(strings.ToLower(head), "utf-16")
	end := i + len("utf-16")
	if rest := strings.ToLower(head[end:]); strings.HasPrefix(rest, "le") || strings.HasPrefix(rest, "be") {
		end += 2
	}
	return head[:i] + "UTF-8" + head[end:] + v[loc[1]:], true
}
