package binding

import (
	"bytes"
	"errors"
	"io"
	"strings"

	"golang.org/x/net/html"
)

// Form is one HTML form of a page with its named controls, as a browser
// would submit them.
type Form struct {
	// Action is the form's action attribute, character references
	// decoded ("" when absent: the form posts to its own page).
	Action string
	// Index is the 0-based index of the form among the page's forms, or
	// -1 for the controls outside any form, gathered in one Form.
	Index int
	// Fields are the named controls in document order: input and button
	// elements with a name (value from the value attribute), textarea
	// elements (value their text). Names are as written.
	Fields []Field
}

// Forms returns the forms of an HTML page that have named controls, in
// document order; the controls outside any form are gathered in one Form
// (Index -1) placed where the first of them is. It tokenizes by the HTML5
// rules (golang.org/x/net/html), so attribute quoting, character
// references, comments and raw-text elements read as a browser reads
// them. A control inside <script>, <style>, <noscript>, <template>,
// <iframe> or a comment is text, not a control, and a <form> start tag
// inside an open form is ignored, as the HTML parser ignores it.
//
// A page cut inside a tag, as a truncated capture ends, is read as if the
// tag were closed there, so that the cut value reaches the decoder, which
// can say it is truncated.
func Forms(page string) []Form {
	var (
		forms   []Form
		current = -1 // index in forms of the open form, or -1
		orphan  = -1 // index in forms of the controls outside forms
		count   = 0  // forms seen
		inTempl = 0  // depth of open <template> elements
	)
	add := func(f Field) {
		i := current
		if i < 0 {
			if orphan < 0 {
				forms = append(forms, Form{Index: -1})
				orphan = len(forms) - 1
			}
			i = orphan
		}
		forms[i].Fields = append(forms[i].Fields, f)
	}
	z := html.NewTokenizer(strings.NewReader(page))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if rest, ok := cutTag(z); ok {
				z = html.NewTokenizer(strings.NewReader(rest))
				continue
			}
			break
		}
		name, _ := z.TagName()
		switch tt {
		case html.EndTagToken:
			switch string(name) {
			case "form":
				if inTempl == 0 {
					current = -1
				}
			case "template":
				inTempl = max(0, inTempl-1)
			}
			continue
		case html.StartTagToken, html.SelfClosingTagToken:
		default:
			continue
		}
		tag := string(name)
		if tag == "template" && tt == html.StartTagToken {
			inTempl++ // its content is inert: never submitted
			continue
		}
		if inTempl > 0 {
			continue
		}
		switch tag {
		case "form":
			attrs := tagAttrs(z)
			if current >= 0 {
				continue // a form inside a form: the parser ignores the tag
			}
			forms = append(forms, Form{Action: attrs.action, Index: count})
			count++
			current = len(forms) - 1
		case "input", "button":
			attrs := tagAttrs(z)
			if attrs.name != "" {
				add(Field{Name: attrs.name, Value: attrs.value})
			}
		case "textarea":
			attrs := tagAttrs(z)
			var text strings.Builder
			for z.Next() == html.TextToken {
				text.Write(z.Text())
			}
			// HTML: a newline right after the start tag is dropped.
			value := strings.TrimPrefix(text.String(), "\n")
			if attrs.name != "" {
				add(Field{Name: attrs.name, Value: value})
			}
			if z.Err() != nil {
				return keepNamed(forms)
			}
		}
	}
	return keepNamed(forms)
}

// keepNamed drops the forms without fields.
func keepNamed(forms []Form) []Form {
	out := forms[:0]
	for _, f := range forms {
		if len(f.Fields) > 0 {
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// controlAttrs are the attributes Forms reads of a tag.
type controlAttrs struct {
	name, value, action string
}

// tagAttrs returns the name, value and action attributes of the current
// tag, values decoded; the first of duplicates wins, as in the HTML parser.
func tagAttrs(z *html.Tokenizer) controlAttrs {
	var a controlAttrs
	var seenName, seenValue, seenAction bool
	for {
		k, v, more := z.TagAttr()
		switch string(k) {
		case "name":
			if !seenName {
				a.name, seenName = string(v), true
			}
		case "value":
			if !seenValue {
				a.value, seenValue = string(v), true
			}
		case "action":
			if !seenAction {
				a.action, seenAction = string(v), true
			}
		}
		if !more {
			return a
		}
	}
}

// cutTag returns, when the tokenizer z stopped at the end of its input
// inside a start tag (a page cut short), that tag closed as the cut
// suggests: with '>' after an unquoted value, '">' or "'>" inside a
// quoted one. It reports false otherwise.
func cutTag(z *html.Tokenizer) (string, bool) {
	if !errors.Is(z.Err(), io.EOF) {
		return "", false
	}
	raw := z.Raw()
	if len(raw) < 2 || raw[0] != '<' || !isLetter(raw[1]) {
		return "", false
	}
	for _, end := range []string{">", `">`, "'>"} {
		s := string(raw) + end
		t := html.NewTokenizer(strings.NewReader(s))
		if tt := t.Next(); (tt == html.StartTagToken || tt == html.SelfClosingTagToken) && len(t.Raw()) == len(s) {
			return s, true
		}
	}
	return "", false
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// SniffLen is how much of a body, after a byte order mark and white space,
// SniffHTML reads.
const SniffLen = 2048

// SniffHTML reports whether a document whose start is head looks like an
// HTML page rather than XML, JSON or text: after an optional UTF-8 byte
// order mark and white space, and any comments, processing instructions
// and doctypes, within SniffLen bytes, its first element is one that HTML
// pages start with (html, head, body, form, input, meta, script, div, …),
// or its doctype is HTML's. A SAML message ("<samlp:Response>"), metadata
// and an XML doctype are not HTML.
func SniffHTML(head []byte) bool {
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	head = bytes.TrimLeft(head, " \t\r\n") // as har's streaming sniffer trims
	head = head[:min(len(head), SniffLen)]
	if len(head) == 0 || head[0] != '<' {
		return false
	}
	z := html.NewTokenizer(bytes.NewReader(head))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return false
		case html.TextToken:
			if len(bytes.TrimSpace(z.Raw())) > 0 {
				return false
			}
		case html.CommentToken: // also <?xml …?>, a bogus comment in HTML
		case html.DoctypeToken:
			d := strings.ToLower(string(z.Text()))
			return d == "html" || strings.HasPrefix(d, "html ")
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			return pageStartTag(string(name))
		default: // an end tag first
			return false
		}
	}
}

// pageStartTag reports the elements an HTML page or fragment starts with.
func pageStartTag(name string) bool {
	switch name {
	case "html", "head", "body", "form", "input", "div", "meta", "title", "script", "noscript", "style",
		"link", "base", "p", "span", "table", "center", "h1", "h2", "h3", "main", "header", "section",
		"button", "textarea", "iframe", "br", "img", "a", "ul", "pre":
		return true
	}
	return false
}

// NeverHTML reports media types that are never an HTML page (scripts,
// JSON, style sheets, images, fonts, audio, video, WebAssembly), in any
// case, parameters allowed: a body of such a type is not searched for an
// auto-post form even when it mentions SAMLResponse.
func NeverHTML(mediaType string) bool {
	mt := strings.ToLower(mediaType)
	for _, w := range []string{"javascript", "ecmascript", "json", "css", "image/", "font/", "audio/", "video/", "wasm"} {
		if strings.Contains(mt, w) {
			return true
		}
	}
	return false
}
