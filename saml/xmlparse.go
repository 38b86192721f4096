package saml

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/beevik/etree"
)

// parseXML checks that data is a single, namespace-well-formed XML
// document without DTD and parses it with etree. It returns the parsed
// document, the bytes parsed (without BOM or leading whitespace) and the
// xml Step with its repairs.
func parseXML(data []byte, o DecodeOptions) (*etree.Document, []byte, Step, *stepError) {
	doc, data, step, _, err := parseXMLLexical(data, o)
	return doc, data, step, err
}

// parseXMLLexical is parseXML that also returns the lexical issues of the
// document (lexicalIssues), found in the same pass as the well-formedness
// checks.
func parseXMLLexical(data []byte, o DecodeOptions) (*etree.Document, []byte, Step, []XMLIssue, *stepError) {
	step := Step{Name: StepXML}
	if rest, ok := bytes.CutPrefix(data, []byte(bom)); ok {
		data = rest
		step.Repairs = append(step.Repairs, "removed byte order mark")
	}
	if trimmed := bytes.TrimLeft(data, " \t\r\n"); len(trimmed) != len(data) {
		data = trimmed
		if bytes.HasPrefix(data, []byte("<?xml")) {
			step.Repairs = append(step.Repairs, "removed whitespace before the XML declaration")
		}
	}
	if len(data) == 0 || data[0] != '<' {
		return nil, nil, step, nil, failStep(StepXML, notXML(data))
	}
	lex := newLexScan()
	if err := checkWellFormed(data, o, lex); err != nil {
		return nil, nil, step, nil, failStep(StepXML, err)
	}
	doc := etree.NewDocument()
	doc.ReadSettings = etree.ReadSettings{CharsetReader: charsetReader, MaxDepth: o.MaxDepth + 1}
	if err := doc.ReadFromBytes(data); err != nil {
		return nil, nil, step, nil, failStep(StepXML, err)
	}
	if doc.Root() == nil {
		return nil, nil, step, nil, failStep(StepXML, fmt.Errorf("%w: no root element", ErrNotXML))
	}
	return doc, data, step, lex.out, nil
}

// checkWellFormed scans data once with encoding/xml and rejects what a
// strict, namespace-aware XML parser (as SAML service providers use)
// rejects, plus DTDs and documents beyond o.MaxDepth or o.MaxElements: see
// wellFormed. It also hands every token to lex, when not nil.
func checkWellFormed(data []byte, o DecodeOptions, lex *lexScan) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	d.CharsetReader = charsetReader
	w := wellFormed{dec: d, maxDepth: o.MaxDepth, maxElements: o.MaxElements, bound: map[string]int{}}
	for {
		line := 0
		if lex != nil {
			line, _ = d.InputPos()
		}
		tok, err := d.RawToken()
		if err == io.EOF {
			return w.finish()
		}
		if err != nil {
			return err
		}
		if lex != nil {
			lex.token(tok, line)
		}
		if err := w.token(tok); err != nil {
			return err
		}
	}
}

// wellFormed tracks the state of checkWellFormed: open elements, bound
// namespace prefixes and whether the root element has ended. It rejects a
// DOCTYPE or any other <!...> declaration, content outside the root
// element, mismatched end tags, unbound prefixes, duplicate attributes,
// nesting deeper than maxDepth and more than maxElements elements.
type wellFormed struct {
	dec         *xml.Decoder
	maxDepth    int
	maxElements int
	elements    int
	stack       []openElement
	bound       map[string]int
	root        string
	rootDone    bool
}

type openElement struct {
	name     xml.Name
	declared []string
}

func (w *wellFormed) token(tok xml.Token) error {
	switch t := tok.(type) {
	case xml.StartElement:
		return w.start(t)
	case xml.EndElement:
		return w.end(t)
	case xml.CharData:
		if len(w.stack) == 0 && len(bytes.TrimSpace(t)) > 0 {
			return w.errorf(ErrJunkAfterRoot, "text %q outside the root element", clip(string(bytes.TrimSpace(t)), 40))
		}
	case xml.Directive:
		return w.errorf(ErrDTD, "found <!%s>", clip(firstWords(string(t)), 40))
	}
	return nil
}

func (w *wellFormed) start(t xml.StartElement) error {
	if len(w.stack) == 0 && w.rootDone {
		return w.errorf(ErrJunkAfterRoot, "another top-level element <%s> after the root element <%s>", fullName(t.Name), w.root)
	}
	if len(w.stack) >= w.maxDepth {
		return newLimitError(LimitDepth, int64(w.maxDepth), "levels",
			w.errorf(ErrTooDeep, "<%s> at level %d", fullName(t.Name), len(w.stack)+1))
	}
	w.elements++
	if w.elements > w.maxElements {
		return newLimitError(LimitElements, int64(w.maxElements), "elements",
			w.errorf(ErrTooManyElements, "<%s> is element %d", fullName(t.Name), w.elements))
	}
	if len(w.stack) == 0 {
		w.root = fullName(t.Name)
	}
	open := openElement{name: t.Name}
	for _, a := range t.Attr {
		if a.Name.Space == "xmlns" {
			w.bound[a.Name.Local]++
			open.declared = append(open.declared, a.Name.Local)
		}
	}
	w.stack = append(w.stack, open)
	if !w.isBound(t.Name.Space) {
		return w.errorf(ErrUnboundPrefix, "%q on element <%s>", t.Name.Space, fullName(t.Name))
	}
	return w.checkAttrs(t)
}

// checkAttrs rejects unbound attribute prefixes and duplicate attributes.
func (w *wellFormed) checkAttrs(t xml.StartElement) error {
	var seen map[xml.Name]bool
	if len(t.Attr) > 1 {
		seen = make(map[xml.Name]bool, len(t.Attr))
	}
	for _, a := range t.Attr {
		if a.Name.Space != "xmlns" && !w.isBound(a.Name.Space) {
			return w.errorf(ErrUnboundPrefix, "%q on attribute %s of <%s>", a.Name.Space, fullName(a.Name), fullName(t.Name))
		}
		if seen != nil {
			if seen[a.Name] {
				return w.errorf(nil, "duplicate attribute %s on <%s>", fullName(a.Name), fullName(t.Name))
			}
			seen[a.Name] = true
		}
	}
	return nil
}

func (w *wellFormed) isBound(prefix string) bool {
	return prefix == "" || prefix == "xml" || w.bound[prefix] > 0
}

func (w *wellFormed) end(t xml.EndElement) error {
	if len(w.stack) == 0 {
		return w.errorf(nil, "unexpected end tag </%s>", fullName(t.Name))
	}
	top := w.stack[len(w.stack)-1]
	if top.name != t.Name {
		return w.errorf(nil, "element <%s> closed by </%s>", fullName(top.name), fullName(t.Name))
	}
	for _, p := range top.declared {
		w.bound[p]--
	}
	w.stack = w.stack[:len(w.stack)-1]
	if len(w.stack) == 0 {
		w.rootDone = true
	}
	return nil
}

func (w *wellFormed) finish() error {
	if len(w.stack) > 0 {
		return w.errorf(nil, "unexpected end of document: <%s> is not closed", fullName(w.stack[len(w.stack)-1].name))
	}
	if !w.rootDone {
		return w.errorf(ErrNotXML, "no root element")
	}
	return nil
}

// errorf returns an error with the decoder's position, wrapping sentinel
// when it is not nil.
func (w *wellFormed) errorf(sentinel error, format string, args ...any) error {
	line, col := w.dec.InputPos()
	msg := fmt.Sprintf(format, args...)
	if sentinel == nil {
		return fmt.Errorf("%s (line %d, column %d)", msg, line, col)
	}
	return fmt.Errorf("%w: %s (line %d, column %d)", sentinel, msg, line, col)
}

func fullName(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

// firstWords returns the first two words of s (of a directive: "DOCTYPE
// lolz").
func firstWords(s string) string {
	f := strings.Fields(s)
	if len(f) > 2 {
		f = f[:2]
	}
	return strings.Join(f, " ")
}

// clip shortens s to at most n bytes (on a rune boundary), marking the cut.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// charsetReader converts the encodings a SAML message may declare to UTF-8:
// UTF-8 and US-ASCII pass through, ISO-8859-1 is converted; anything else is
// an error.
func charsetReader(label string, input io.Reader) (io.Reader, error) {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "utf-8", "utf8", "us-ascii", "ascii":
		return input, nil
	case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1":
		b, err := io.ReadAll(input)
		if err != nil {
			return nil, err
		}
		return bytes.NewReader(latin1ToUTF8(b)), nil
	}
	return nil, fmt.Errorf("unsupported encoding %q (SAML messages are UTF-8)", label)
}

func latin1ToUTF8(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for _, c := range b {
		out = utf8.AppendRune(out, rune(c))
	}
	return out
}
