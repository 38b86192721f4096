package report

import (
	"fmt"
	"html"
	"html/template"
	"strconv"
	"strings"

	"github.com/beevik/etree"

	"github.com/samlcheck/samlcheck/saml/binding"
)

// maxXMLDisplay bounds the XML shown for one message; a longer document is
// cut (the rules saw all of it).
const maxXMLDisplay = 2 << 20

// highlightXML pretty-prints a message's XML from its parsed tokens
// (elements, attributes, character data, comments, processing
// instructions), as HTML with a span per token kind. Each element gets the
// id prefix-eN; the returned map gives the id of each element's XML path
// (saml.Path, as findings give it). An element a finding points at is
// marked and links to that finding. Every piece of the document is
// escaped; URLs in attribute values and text lose their query strings.
// ok is false when the document could not be parsed: it is then shown as
// escaped text.
func highlightXML(doc, prefix string, fs []*htmlFinding) (out template.HTML, ids map[string]string, ok bool) {
	if len(doc) > maxXMLDisplay {
		doc = doc[:maxXMLDisplay]
	}
	d := etree.NewDocument()
	d.ReadSettings = etree.ReadSettings{MaxDepth: 200, PreserveCData: true}
	if err := d.ReadFromString(doc); err != nil || d.Root() == nil {
		return template.HTML(html.EscapeString(redactText(doc))), nil, false // escaped
	}
	byPath := map[string][]*htmlFinding{}
	for _, f := range fs {
		if f.XMLPath != "" {
			byPath[f.XMLPath] = append(byPath[f.XMLPath], f)
		}
	}
	x := &xmlHTML{prefix: prefix, ids: map[string]string{}, byPath: byPath}
	x.children(d.Child, "", 0)
	return template.HTML(x.b.String()), x.ids, true // every piece is escaped
}

type xmlHTML struct {
	b      strings.Builder
	prefix string
	n      int
	ids    map[string]string
	byPath map[string][]*htmlFinding
}

func (x *xmlHTML) span(class, text string) {
	x.b.WriteString(`<span class="` + class + `">`)
	x.b.WriteString(html.EscapeString(text))
	x.b.WriteString(`</span>`)
}

// maxIndent is the deepest level the view indents continuation lines for.
const maxIndent = 24

// line opens one line of the view at depth: a block whose wrapped
// continuation lines hang under its content (classes d0 to d24), with
// extra classes and an id when given, and writes the indentation.
func (x *xmlHTML) line(depth int, class, id string) {
	x.b.WriteString(`<span class="ln d` + strconv.Itoa(min(depth, maxIndent)))
	if class != "" {
		x.b.WriteString(" " + class)
	}
	x.b.WriteString(`"`)
	if id != "" {
		x.b.WriteString(` id="` + id + `"`)
	}
	x.b.WriteString(">")
	x.b.WriteString(strings.Repeat("  ", depth))
}

// endLine closes a line; the line feed keeps the text copyable.
func (x *xmlHTML) endLine() { x.b.WriteString("\n</span>") }

// children writes the tokens of a parent whose XML path is parent. Each
// element's path is its parent's plus its step, as saml.Path writes it
// (name as written, with its position among same-named siblings when there
// are several), worked out in one pass over the siblings: saml.Path per
// element costs the number of siblings each time, too slow for a capture
// with ten thousand attributes.
func (x *xmlHTML) children(toks []etree.Token, parent string, depth int) {
	type name struct{ space, tag string }
	count := map[name]int{}
	for _, t := range toks {
		if el, ok := t.(*etree.Element); ok {
			count[name{el.Space, el.Tag}]++
		}
	}
	pos := map[name]int{}
	for _, t := range toks {
		el, ok := t.(*etree.Element)
		if !ok {
			x.token(t, depth)
			continue
		}
		n := name{el.Space, el.Tag}
		pos[n]++
		step := el.FullTag()
		if count[n] > 1 {
			step += "[" + strconv.Itoa(pos[n]) + "]"
		}
		x.element(el, parent+"/"+step, depth)
	}
}

// token writes a token other than an element (children writes those).
func (x *xmlHTML) token(t etree.Token, depth int) {
	switch t := t.(type) {
	case *etree.CharData:
		if t.IsWhitespace() {
			return
		}
		x.line(depth, "", "")
		x.text(t)
		x.endLine()
	case *etree.Comment:
		x.line(depth, "", "")
		x.span("x-com", "<!--"+redactText(t.Data)+"-->")
		x.endLine()
	case *etree.ProcInst:
		x.line(depth, "", "")
		x.span("x-pi", "<?"+t.Target+" "+t.Inst+"?>")
		x.endLine()
	case *etree.Directive:
		x.line(depth, "", "")
		x.span("x-pi", "<!"+t.Data+">")
		x.endLine()
	}
}

func (x *xmlHTML) text(t *etree.CharData) {
	if t.IsCData() {
		x.span("x-txt", "<![CDATA["+redactText(t.Data)+"]]>")
		return
	}
	x.span("x-txt", escapeXMLText(redactText(t.Data)))
}

// element writes el: its start tag on a line of its own that carries the
// element's id (and, when findings point at it, their marks), its
// content on that line when it is only text, else its children on lines
// of their own and its end tag on a last line.
func (x *xmlHTML) element(el *etree.Element, path string, depth int) {
	x.n++
	id := fmt.Sprintf("%s-x%d", x.prefix, x.n)
	if _, dup := x.ids[path]; !dup {
		x.ids[path] = id
	}
	fs := x.byPath[path]
	class := "x-el"
	if len(fs) > 0 {
		top := fs[0].sev
		for _, f := range fs {
			top = max(top, f.sev)
		}
		class += " flagged sev-" + top.String()
	}
	x.line(depth, class, id)
	x.b.WriteString(`<span class="x-p">&lt;</span>`)
	x.span("x-tag", el.FullTag())
	for _, a := range el.Attr {
		x.b.WriteByte(' ')
		x.span("x-an", a.FullKey())
		x.b.WriteString(`<span class="x-p">=</span>`)
		x.span("x-av", `"`+escapeXMLAttr(redactText(a.Value))+`"`)
	}
	var kids []etree.Token
	textOnly := true
	for _, c := range el.Child {
		if cd, ok := c.(*etree.CharData); ok {
			if cd.IsWhitespace() && len(el.ChildElements()) > 0 {
				continue
			}
		} else {
			textOnly = false
		}
		kids = append(kids, c)
	}
	if len(kids) == 0 {
		x.b.WriteString(`<span class="x-p">/&gt;</span>`)
		x.marks(fs)
		x.endLine()
		return
	}
	x.b.WriteString(`<span class="x-p">&gt;</span>`)
	if textOnly {
		for _, c := range kids {
			x.text(c.(*etree.CharData))
		}
		x.closeTag(el)
		x.marks(fs)
		x.endLine()
		return
	}
	x.marks(fs)
	x.endLine()
	x.children(kids, path, depth+1)
	x.line(depth, "", "")
	x.closeTag(el)
	x.endLine()
}

func (x *xmlHTML) closeTag(el *etree.Element) {
	x.b.WriteString(`<span class="x-p">&lt;/</span>`)
	x.span("x-tag", el.FullTag())
	x.b.WriteString(`<span class="x-p">&gt;</span>`)
}

// marks writes, after a flagged element's tag, a link to each finding
// about it.
func (x *xmlHTML) marks(fs []*htmlFinding) {
	for _, f := range fs {
		x.b.WriteString(` <a class="x-mark sev-` + html.EscapeString(f.Severity) + `" href="#` + f.Anchor + `" title="` +
			html.EscapeString(f.Message) + `">` + html.EscapeString(strings.ToUpper(f.Severity)+" "+f.Rule) + `</a>`)
	}
}

var (
	xmlTextEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	xmlAttrEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "\n", "&#xA;", "\r", "&#xD;", "\t", "&#x9;")
)

// escapeXMLText writes character data as XML would (the view shows XML).
func escapeXMLText(s string) string { return xmlTextEscaper.Replace(s) }

func escapeXMLAttr(s string) string { return xmlAttrEscaper.Replace(s) }

// redactURLText removes a URL's query string and, when it carries
// parameters (an OAuth fragment), its fragment, as binding.WithoutQuery does; a
// fragment without "=" (an algorithm or namespace URI such as
// http://www.w3.org/2000/09/xmldsig#) is kept.
func redactURLText(u string) string {
	q := strings.IndexByte(u, '?')
	if f := strings.IndexByte(u, '#'); f >= 0 && (q < 0 || f < q) {
		if !strings.Contains(u[f:], "=") {
			return u
		}
		q = f
	}
	if q < 0 {
		return u
	}
	return binding.WithoutQuery(u[:q] + "?")
}

// redactText removes the query strings of the http(s) URLs in s.
func redactText(s string) string {
	if !strings.ContainsAny(s, "?#") {
		return s
	}
	var b strings.Builder
	for {
		i := indexURL(s)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		s = s[i:]
		end := strings.IndexAny(s, " \t\r\n\"'<>")
		if end < 0 {
			end = len(s)
		}
		b.WriteString(redactURLText(s[:end]))
		s = s[end:]
	}
}

func indexURL(s string) int {
	i, j := strings.Index(s, "http://"), strings.Index(s, "https://")
	switch {
	case i < 0:
		return j
	case j < 0:
		return i
	}
	return min(i, j)
}
