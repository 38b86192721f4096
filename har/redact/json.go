package redact

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// node is one JSON value of an entry, with object members in the order
// written; numbers and literals keep their text.
type node struct {
	kind byte // '{', '[', '"', or 'l' for a number, true, false or null
	str  string
	lit  []byte
	keys []string
	vals []*node
}

// get returns the member key of an object node, or nil.
func (n *node) get(key string) *node {
	if n == nil || n.kind != '{' {
		return nil
	}
	for i, k := range n.keys {
		if k == key {
			return n.vals[i]
		}
	}
	return nil
}

// elems returns the elements of an array node (nil for anything else).
func (n *node) elems() []*node {
	if n == nil || n.kind != '[' {
		return nil
	}
	return n.vals
}

// text returns the string of a string node, or the literal of a number,
// and "" for anything else.
func (n *node) text() string {
	switch {
	case n == nil:
		return ""
	case n.kind == '"':
		return n.str
	case n.kind == 'l' && string(n.lit) != "null":
		return string(n.lit)
	}
	return ""
}

// errSyntax reports JSON the parser does not accept; the decoder has
// validated the bytes before, so it means a bug or a limit.
var errSyntax = errors.New("invalid JSON")

// maxDepth bounds the nesting of an entry.
const maxDepth = 10000

// parser reads one JSON value from a byte slice.
type parser struct {
	b     []byte
	i     int
	depth int
}

// parseNode parses data, a single JSON value.
func parseNode(data []byte) (*node, error) {
	p := &parser{b: data}
	n, err := p.value()
	if err != nil {
		return nil, err
	}
	p.space()
	if p.i != len(p.b) {
		return nil, fmt.Errorf("%w: data after the value at offset %d", errSyntax, p.i)
	}
	return n, nil
}

func (p *parser) space() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\r', '\n':
			p.i++
		default:
			return
		}
	}
}

func (p *parser) value() (*node, error) {
	p.space()
	if p.i >= len(p.b) {
		return nil, fmt.Errorf("%w: unexpected end", errSyntax)
	}
	switch c := p.b[p.i]; c {
	case '{', '[':
		p.depth++
		if p.depth > maxDepth {
			return nil, fmt.Errorf("%w: nested deeper than %d", errSyntax, maxDepth)
		}
		defer func() { p.depth-- }()
		p.i++
		n := &node{kind: c}
		end := byte('}')
		if c == '[' {
			end = ']'
		}
		p.space()
		if p.i < len(p.b) && p.b[p.i] == end {
			p.i++
			return n, nil
		}
		for {
			if c == '{' {
				p.space()
				if p.i >= len(p.b) || p.b[p.i] != '"' {
					return nil, fmt.Errorf("%w: expected a member name at offset %d", errSyntax, p.i)
				}
				k, err := p.str()
				if err != nil {
					return nil, err
				}
				p.space()
				if p.i >= len(p.b) || p.b[p.i] != ':' {
					return nil, fmt.Errorf("%w: expected ':' at offset %d", errSyntax, p.i)
				}
				p.i++
				n.keys = append(n.keys, k)
			}
			v, err := p.value()
			if err != nil {
				return nil, err
			}
			n.vals = append(n.vals, v)
			p.space()
			if p.i >= len(p.b) {
				return nil, fmt.Errorf("%w: unexpected end", errSyntax)
			}
			switch p.b[p.i] {
			case ',':
				p.i++
			case end:
				p.i++
				return n, nil
			default:
				return nil, fmt.Errorf("%w: unexpected %q at offset %d", errSyntax, p.b[p.i], p.i)
			}
		}
	case '"':
		s, err := p.str()
		if err != nil {
			return nil, err
		}
		return &node{kind: '"', str: s}, nil
	default:
		start := p.i
		for p.i < len(p.b) {
			switch p.b[p.i] {
			case ',', '}', ']', ' ', '\t', '\r', '\n':
				goto done
			}
			p.i++
		}
	done:
		if p.i == start {
			return nil, fmt.Errorf("%w: unexpected %q at offset %d", errSyntax, p.b[start], start)
		}
		return &node{kind: 'l', lit: p.b[start:p.i]}, nil
	}
}

// str reads a string token; p.b[p.i] is its opening quote.
func (p *parser) str() (string, error) {
	start := p.i
	p.i++
	escaped := false
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case '\\':
			escaped = true
			p.i += 2
			continue
		case '"':
			p.i++
			raw := p.b[start+1 : p.i-1]
			if !escaped {
				return string(raw), nil
			}
			return unescape(raw), nil
		}
		p.i++
	}
	return "", fmt.Errorf("%w: unterminated string at offset %d", errSyntax, start)
}

// unescape decodes the escapes of a JSON string's inside; a malformed
// \u escape or a lone surrogate reads as U+FFFD. Invalid UTF-8 is kept (and
// written as U+FFFD).
func unescape(raw []byte) string {
	b := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c != '\\' || i+1 >= len(raw) {
			b = append(b, c)
			continue
		}
		i++
		switch raw[i] {
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			r, n := hex4(raw[i+1:])
			i += n
			if utf16.IsSurrogate(r) {
				r2 := rune(-1)
				if i+2 < len(raw) && raw[i+1] == '\\' && raw[i+2] == 'u' {
					var n2 int
					r2, n2 = hex4(raw[i+3:])
					if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
						r = d
						i += 2 + n2
						r2 = -1
					}
				}
				if r2 != -1 || utf16.IsSurrogate(r) {
					r = utf8.RuneError
				}
			}
			b = utf8.AppendRune(b, r)
		default: // '"', '\\', '/'
			b = append(b, raw[i])
		}
	}
	return string(b)
}

// hex4 reads the four hex digits of a \u escape, returning U+FFFD and the
// digits read when they are not four.
func hex4(s []byte) (rune, int) {
	if len(s) < 4 {
		return utf8.RuneError, len(s)
	}
	v, err := strconv.ParseUint(string(s[:4]), 16, 32)
	if err != nil {
		return utf8.RuneError, 4
	}
	return rune(v), 4
}

// writeNode writes n as compact JSON.
func writeNode(w *bufio.Writer, n *node) {
	switch n.kind {
	case '{', '[':
		w.WriteByte(n.kind)
		for i, v := range n.vals {
			if i > 0 {
				w.WriteByte(',')
			}
			if n.kind == '{' {
				writeString(w, n.keys[i])
				w.WriteByte(':')
			}
			writeNode(w, v)
		}
		if n.kind == '{' {
			w.WriteByte('}')
		} else {
			w.WriteByte(']')
		}
	case '"':
		writeString(w, n.str)
	default:
		w.Write(n.lit)
	}
}

const hexDigits = "0123456789abcdef"

// writeString writes s as a JSON string: quotes, backslashes and control
// characters escaped, U+2028 and U+2029 too (for JavaScript readers),
// invalid UTF-8 as U+FFFD, and everything else as is.
func writeString(w *bufio.Writer, s string) {
	w.WriteByte('"')
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			w.WriteString(s[last:i])
			switch c {
			case '"', '\\':
				w.WriteByte('\\')
				w.WriteByte(c)
			case '\n':
				w.WriteString(`\n`)
			case '\r':
				w.WriteString(`\r`)
			case '\t':
				w.WriteString(`\t`)
			default:
				w.WriteString(`\u00`)
				w.WriteByte(hexDigits[c>>4])
				w.WriteByte(hexDigits[c&0xf])
			}
			i++
			last = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
			w.WriteString(s[last:i])
			if r == utf8.RuneError {
				w.WriteString(`\ufffd`)
			} else {
				w.WriteString(`\u202`)
				w.WriteByte(hexDigits[r&0xf])
			}
			i += size
			last = i
			continue
		}
		i += size
	}
	w.WriteString(s[last:])
	w.WriteByte('"')
}

// quoteJSON returns s as the inside of a JSON string (without quotes).
func quoteJSON(s string) string {
	b, _ := json.Marshal(s) // a string always marshals
	return string(b[1 : len(b)-1])
}

// unquoteJSON decodes the inside of a JSON string.
func unquoteJSON(raw string) (string, error) {
	var s string
	err := json.Unmarshal([]byte(`"`+raw+`"`), &s)
	return s, err
}
