package saml

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/beevik/etree"
)

// nsXML is the namespace the xml: prefix is bound to (Namespaces in XML
// §3); nsXMLNS the one of xmlns.
const (
	nsXML   = "http://www.w3.org/XML/1998/namespace"
	nsXMLNS = "http://www.w3.org/2000/xmlns/"
)

// DuplicateID is an ID value carried by several elements of one document.
type DuplicateID struct {
	// ID is the shared value.
	ID string
	// Elements carry it, in document order.
	Elements []*etree.Element
}

// DuplicateIDs returns the ID values that more than one element of the
// message carries. The ID attributes are SAML's ID, XML Signature's and XML
// Encryption's Id, and xml:id. An XML signature names what it signs by ID
// (saml-core §5.4.2): with two candidates, the verifier and the reader may
// pick different elements (a signature wrapping trick).
func (m *Message) DuplicateIDs() []DuplicateID {
	if m == nil || m.Doc == nil || m.Doc.Root() == nil {
		return nil
	}
	byID := map[string][]*etree.Element{}
	var order []string
	dec := m.decryptedAt()
	var walk func(el *etree.Element)
	walk = func(el *etree.Element) {
		for _, a := range el.Attr {
			if (a.Space == "" && (a.Key == "ID" || a.Key == "Id")) || (a.Space == "xml" && a.Key == "id") {
				if a.Value == "" {
					continue
				}
				if _, ok := byID[a.Value]; !ok {
					order = append(order, a.Value)
				}
				if !slices.Contains(byID[a.Value], el) {
					byID[a.Value] = append(byID[a.Value], el)
				}
			}
		}
		for _, c := range el.ChildElements() {
			walk(c)
			if a := dec[c]; a != nil {
				walk(a) // the decrypted assertion, where it stood
			}
		}
	}
	walk(m.Doc.Root())
	var out []DuplicateID
	for _, id := range order {
		if len(byID[id]) > 1 {
			out = append(out, DuplicateID{ID: id, Elements: byID[id]})
		}
	}
	return out
}

// SplitText is a NameID or AttributeValue whose character content is not a
// single text node: split by a comment, a processing instruction or a CDATA
// section. Readers that take only the first text node (the CVE-2017-11427
// class: python-saml, ruby-saml, OneLogin toolkits, Shibboleth and others
// before 2018) read a truncated value, while exclusive canonicalisation
// drops comments, so the signature still verifies.
type SplitText struct {
	// Element is the NameID or AttributeValue.
	Element *etree.Element
	// First is the first text node alone: what such a reader gets.
	First string
	// Full is the whole character content, as samlcheck's model reads it.
	Full string
	// Comments and ProcInsts count the comments and processing
	// instructions inside; Texts is the number of text nodes (more than one
	// without comments or processing instructions means a CDATA section
	// splits the text).
	Comments, ProcInsts, Texts int
}

// SplitTexts returns every saml:NameID and saml:AttributeValue of the
// message whose content is split (see SplitText). An AttributeValue that
// holds child elements is reported only for comments or processing
// instructions among them.
func (m *Message) SplitTexts() []SplitText {
	if m == nil || m.Doc == nil || m.Doc.Root() == nil {
		return nil
	}
	var out []SplitText
	dec := m.decryptedAt()
	var walk func(el *etree.Element)
	walk = func(el *etree.Element) {
		for _, c := range el.ChildElements() {
			if is(c, NSAssertion, "NameID") || is(c, NSAssertion, "AttributeValue") {
				if s, ok := splitText(c); ok {
					out = append(out, s)
				}
			}
			walk(c)
			if a := dec[c]; a != nil {
				walk(a.Parent()) // the decrypted assertion, where it stood
			}
		}
	}
	walk(m.Doc.Root())
	return out
}

func splitText(el *etree.Element) (SplitText, bool) {
	s := SplitText{Element: el, Full: allText(el)}
	elements := false
	for i, t := range el.Child {
		switch t := t.(type) {
		case *etree.CharData:
			s.Texts++
			if i == 0 {
				s.First = t.Data
			}
		case *etree.Comment:
			s.Comments++
		case *etree.ProcInst:
			s.ProcInsts++
		case *etree.Element:
			elements = true
		}
	}
	if elements {
		return s, s.Comments+s.ProcInsts > 0
	}
	return s, s.Comments+s.ProcInsts > 0 || s.Texts > 1
}

// XMLIssue is a construct on which XML parsers disagree, or that does not
// survive a parse and serialise round trip: what one component of a service
// provider (the signature verifier) reads is then not what another (the
// SAML reader) reads.
type XMLIssue struct {
	// Element is where the issue is (nil when unknown).
	Element *etree.Element
	// Line is the line in the decoded XML (0 when unknown).
	Line int
	// Message says what was found.
	Message string
}

// XMLIssues checks the message's XML for namespace and attribute tricks
// and parser differentials:
//
//   - names that are not namespace-well-formed QNames (":x", "x:"), prefix
//     undeclarations (xmlns:p="", not allowed in XML 1.0), misuse of the
//     reserved xml and xmlns prefixes and namespaces, an element named with
//     the xmlns prefix;
//   - two attributes with the same expanded name (a:ID and b:ID bound to
//     one namespace), and an ID attribute beside a prefixed one (p:ID),
//     which readers matching by local name confuse;
//   - a prefix of a SAML, XML Signature or XML Encryption namespace bound to
//     another namespace inside the document, and namespace URIs that only
//     look like those (case, surrounding space, a trailing slash);
//   - the document as etree (samlcheck's and goxmldsig's parser) reads it
//     differs from what encoding/xml's namespace-aware decoder reads, or
//     does not come back the same after serialising it and parsing it again.
//
// Ordinary documents, whatever their prefixes, indentation, comments or
// character references, have no issue.
func (m *Message) XMLIssues() []XMLIssue {
	if m == nil || m.Doc == nil || m.Doc.Root() == nil || len(m.XML) == 0 {
		return nil
	}
	out := xmlIssues(m.XML, m.Doc.Root(), m.lexical, m.lexicalDone)
	// Decrypted assertions, as parsed in their context (line numbers are
	// those of that parse, so they are left out).
	for _, ea := range m.EncryptedAssertions() {
		if d := ea.Decryption; d.Decrypted() && d.wrapped != nil {
			top := d.Assertion.Element
			for top.Parent() != nil && top.Parent().Tag != "" {
				top = top.Parent()
			}
			for _, x := range xmlIssues(d.wrapped, top, nil, false) {
				if x.Element == nil {
					x.Element = d.Assertion.Element
				}
				x.Line = 0
				x.Message = "in the decrypted assertion: " + x.Message
				out = append(out, x)
			}
		}
	}
	return out
}

// xmlIssues is XMLIssues for one document: data as parsed, rootEl the
// tree etree built of it, lexical the lexical issues when lexicalDone
// (found while decoding; else they are looked for here).
func xmlIssues(data []byte, rootEl *etree.Element, lexical []XMLIssue, lexicalDone bool) []XMLIssue {
	var out []XMLIssue
	if lexicalDone {
		out = append(out, lexical...) // found while decoding
	} else {
		out = append(out, lexicalIssues(data)...)
	}
	orig, rootXML, err := xmlStreamRoot(data)
	if err != nil {
		return append(out, XMLIssue{Message: fmt.Sprintf("encoding/xml cannot read the document: %v", err)})
	}
	tree, els := etreeStream(rootEl)
	if i, ok := firstDiff(orig, tree); !ok {
		out = append(out, XMLIssue{Element: elementAt(els, i), Message: "parsers disagree: encoding/xml reads " +
			describeTok(orig, i) + " where etree reads " + describeTok(tree, i)})
	}
	// The root element serialised as a document holding only it would be,
	// without copying it first.
	var buf bytes.Buffer
	buf.Grow(len(data))
	rootEl.WriteTo(&buf, &etree.WriteSettings{CanonicalText: true, CanonicalAttrVal: true})
	written := buf.Bytes()
	again := orig
	// Serialised again, the root element is often byte for byte what the
	// document holds: its tokens are then those read already (the root
	// element carries every namespace declaration in scope, and no DTD is
	// allowed before it), and it need not be parsed a second time.
	if !bytes.Equal(written, rootXML) {
		if again, err = xmlStream(written); err != nil {
			return append(out, XMLIssue{Message: fmt.Sprintf("the document, serialised again, no longer parses: %v", err)})
		}
	}
	if i, ok := firstDiff(orig, again); !ok {
		out = append(out, XMLIssue{Element: elementAt(els, i), Message: "the document changes on a parse and serialise round trip: " +
			describeTok(orig, i) + " becomes " + describeTok(again, i)})
	}
	return out
}

// xtok is one token of a namespace-resolved stream, as a comparable string.
type xtok string

// xmlStream returns the namespace-resolved tokens of the root element of
// data as encoding/xml reads them; adjacent text is merged.
func xmlStream(data []byte) ([]xtok, error) {
	toks, _, err := xmlStreamRoot(data)
	return toks, err
}

// xmlStreamRoot is xmlStream that also returns the bytes of data the root
// element spans, from its "<" to the end of its end tag; nil when the
// decoder read data through a charset conversion, whose offsets do not
// map onto data, or when data has more than one root element.
func xmlStreamRoot(data []byte) (_ []xtok, root []byte, _ error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	converted := false
	d.CharsetReader = func(label string, input io.Reader) (io.Reader, error) {
		switch strings.ToLower(strings.TrimSpace(label)) {
		case "utf-8", "utf8", "us-ascii", "ascii":
		default:
			converted = true
		}
		return charsetReader(label, input)
	}
	var out []xtok
	start, end := int64(-1), int64(-1)
	depth := 0
	var text strings.Builder
	inText := false
	flush := func() {
		if inText {
			out = append(out, xtok("text "+text.String()))
			text.Reset()
			inText = false
		}
	}
	for {
		before := d.InputOffset()
		tok, err := d.Token()
		if err == io.EOF {
			flush()
			if converted || start < 0 || end < start || end > int64(len(data)) {
				return out, nil, nil
			}
			return out, data[start:end], nil
		}
		if err != nil {
			return nil, nil, err
		}
		if depth == 0 {
			if _, ok := tok.(xml.StartElement); !ok {
				continue
			}
			if start < 0 {
				start = before
			} else {
				converted = true // a second root element: no one span
			}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			flush()
			depth++
			var attrs []string
			for _, a := range t.Attr {
				if a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns") {
					continue
				}
				attrs = append(attrs, "{"+a.Name.Space+"}"+a.Name.Local+"="+fmt.Sprintf("%q", a.Value))
			}
			out = append(out, startTok(t.Name.Space, t.Name.Local, attrs))
		case xml.EndElement:
			flush()
			depth--
			out = append(out, "end")
			if depth == 0 && end < 0 {
				end = d.InputOffset()
			}
		case xml.CharData:
			text.Write(t)
			inText = true
		case xml.Comment:
			flush()
			out = append(out, xtok("comment "+string(t)))
		case xml.ProcInst:
			flush()
			out = append(out, xtok("pi "+t.Target+" "+string(t.Inst)))
		}
	}
}

func startTok(space, local string, attrs []string) xtok {
	slices.Sort(attrs)
	return xtok("start {" + space + "}" + local + " [" + strings.Join(attrs, " ") + "]")
}

// etreeStream returns the tokens of el as etree reads it, with the element
// each token belongs to.
func etreeStream(root *etree.Element) ([]xtok, []*etree.Element) {
	var out []xtok
	var els []*etree.Element
	var walk func(el *etree.Element)
	walk = func(el *etree.Element) {
		var attrs []string
		for i := range el.Attr {
			a := &el.Attr[i]
			if a.Space == "xmlns" || (a.Space == "" && a.Key == "xmlns") {
				continue
			}
			ns := a.NamespaceURI()
			if a.Space == "xml" {
				ns = nsXML
			}
			attrs = append(attrs, "{"+ns+"}"+a.Key+"="+fmt.Sprintf("%q", a.Value))
		}
		out, els = append(out, startTok(el.NamespaceURI(), el.Tag, attrs)), append(els, el)
		var text strings.Builder
		inText := false
		flush := func() {
			if inText {
				out, els = append(out, xtok("text "+text.String())), append(els, el)
				text.Reset()
				inText = false
			}
		}
		for _, t := range el.Child {
			switch t := t.(type) {
			case *etree.CharData:
				text.WriteString(t.Data)
				inText = true
			case *etree.Element:
				flush()
				walk(t)
			case *etree.Comment:
				flush()
				out, els = append(out, xtok("comment "+t.Data)), append(els, el)
			case *etree.ProcInst:
				flush()
				out, els = append(out, xtok("pi "+t.Target+" "+t.Inst)), append(els, el)
			}
		}
		flush()
		out, els = append(out, "end"), append(els, el)
	}
	walk(root)
	return out, els
}

// firstDiff returns the index of the first token where a and b differ, and
// false; or true when they are equal.
func firstDiff(a, b []xtok) (int, bool) {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return i, false
		}
	}
	if len(a) != len(b) {
		return min(len(a), len(b)), false
	}
	return 0, true
}

func describeTok(toks []xtok, i int) string {
	if i >= len(toks) {
		return "the end of the document"
	}
	return fmt.Sprintf("%q", clip(string(toks[i]), 120))
}

func elementAt(els []*etree.Element, i int) *etree.Element {
	if i < len(els) {
		return els[i]
	}
	if len(els) > 0 {
		return els[0]
	}
	return nil
}

// samlNamespaces are the namespaces whose prefixes and lookalikes
// lexicalIssues watches.
var samlNamespaces = []string{NSProtocol, NSAssertion, NSDSig, NSXEnc, NSMetadata}

// lexicalIssues scans the raw tokens of data for namespace and attribute
// constructs that namespace-aware parsers treat differently (see
// XMLIssues).
func lexicalIssues(data []byte) []XMLIssue {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	d.CharsetReader = charsetReader
	l := newLexScan()
	for {
		line, _ := d.InputPos()
		tok, err := d.RawToken()
		if err != nil {
			return l.out // io.EOF, or an error Decode already reports
		}
		l.token(tok, line)
	}
}

// lexScan is the state of lexicalIssues, fed one raw token at a time, so
// that the decoder's own pass over a message (checkWellFormed) can do its
// work too.
type lexScan struct {
	out           []XMLIssue
	stack         []map[string]string
	seenLookalike map[string]bool
}

func newLexScan() *lexScan {
	return &lexScan{stack: []map[string]string{{"xml": nsXML}}}
}

func (l *lexScan) lookup(prefix string) (string, bool) {
	for i := len(l.stack) - 1; i >= 0; i-- {
		if uri, ok := l.stack[i][prefix]; ok {
			return uri, true
		}
	}
	return "", false
}

// token reads one raw token, found on line.
func (l *lexScan) token(tok xml.Token, line int) {
	type scope = map[string]string
	lookup := l.lookup
	switch t := tok.(type) {
	case xml.StartElement:
		report := func(format string, args ...any) {
			l.out = append(l.out, XMLIssue{Line: line, Message: fmt.Sprintf("<%s>: ", rawName(t.Name)) + fmt.Sprintf(format, args...)})
		}
		sc := scope{}
		for _, a := range t.Attr {
			switch {
			case a.Name.Space == "xmlns":
				prefix := a.Name.Local
				switch {
				case prefix == "xmlns":
					report("declares the reserved prefix xmlns")
				case prefix == "xml" && a.Value != nsXML:
					report("binds the reserved prefix xml to %q", a.Value)
				case prefix != "xml" && (a.Value == nsXML || a.Value == nsXMLNS):
					report("binds prefix %s to the reserved namespace %q", prefix, a.Value)
				case a.Value == "":
					report("undeclares prefix %s (xmlns:%s=\"\"), which XML 1.0 namespaces do not allow", prefix, prefix)
				}
				if old, ok := lookup(prefix); ok && old != a.Value && (slices.Contains(samlNamespaces, old) || slices.Contains(samlNamespaces, a.Value)) {
					report("rebinds prefix %s from %q to %q: readers that match elements by prefix see another element than namespace-aware ones", prefix, old, a.Value)
				}
				sc[prefix] = a.Value
			case a.Name.Space == "" && a.Name.Local == "xmlns":
				sc[""] = a.Value
			}
			if a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns") {
				if like := lookalikeNamespace(a.Value); like != "" && !l.seenLookalike[a.Value] {
					if l.seenLookalike == nil {
						l.seenLookalike = map[string]bool{}
					}
					l.seenLookalike[a.Value] = true
					report("declares namespace %q, which looks like %q but is not it: namespace-aware readers do not see SAML there", a.Value, like)
				}
			}
		}
		l.stack = append(l.stack, sc)
		if !validQName(t.Name) {
			report("the name is not a valid namespace-qualified name")
		}
		if t.Name.Space == "xmlns" {
			report("uses the reserved prefix xmlns as an element prefix")
		}
		expanded := map[string]string{}
		for _, a := range t.Attr {
			if !validQName(a.Name) {
				report("attribute name %q is not a valid namespace-qualified name", rawName(a.Name))
			}
			if a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns") || a.Name.Space == "" {
				continue
			}
			uri, _ := lookup(a.Name.Space)
			key := "{" + uri + "}" + a.Name.Local
			if prev, dup := expanded[key]; dup {
				report("attributes %s and %s have the same expanded name %s", prev, rawName(a.Name), key)
			}
			expanded[key] = rawName(a.Name)
		}
		for _, id := range []string{"ID", "Id"} {
			plain, prefixed := false, ""
			for _, a := range t.Attr {
				if a.Name.Local == id {
					if a.Name.Space == "" {
						plain = true
					} else if a.Name.Space != "xmlns" {
						prefixed = rawName(a.Name)
					}
				}
			}
			if plain && prefixed != "" {
				report("carries both %s and %s: readers that match attributes by local name may take either", id, prefixed)
			}
		}
	case xml.EndElement:
		if len(l.stack) > 1 {
			l.stack = l.stack[:len(l.stack)-1]
		}
	}
}

// rawName returns a raw token name as written.
func rawName(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

// validQName reports whether a raw name is a QName of Namespaces in XML
// §3: at most one colon, with non-empty prefix and local part.
func validQName(n xml.Name) bool {
	return n.Local != "" && !strings.Contains(n.Local, ":")
}

// lookalikeNamespace returns the SAML-related namespace uri looks like
// without being it (differing in case, surrounding white space or a trailing
// slash or '#'), or "".
func lookalikeNamespace(uri string) string {
	norm := func(s string) string {
		return strings.TrimRight(strings.ToLower(strings.TrimSpace(s)), "/#")
	}
	for _, ns := range samlNamespaces {
		if uri != ns && norm(uri) == norm(ns) {
			return ns
		}
	}
	return ""
}
