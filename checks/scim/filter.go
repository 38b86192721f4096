package scim

import (
	"strings"
)

// Comparison is one "attribute operator value" of a filter (RFC 7644
// §3.4.2.2).
type Comparison struct {
	// Attr is the attribute path as written; Op the operator, lower-cased;
	// Value the comparison value without its quotes ("" for "pr").
	Attr, Op, Value string
}

// Filter is a parsed filter: its comparisons and the logical operators
// ("and", "or", "not") joining them, lower-cased, in order.
type Filter struct {
	Comparisons []Comparison
	Logical     []string
	// Grouping reports parentheses or value-path brackets.
	Grouping bool
}

// ParseFilter splits a filter expression into comparisons and logical
// operators. It does not validate the grammar: it reads what an analyzer
// needs to name what Identity Center does not support.
func ParseFilter(s string) Filter {
	var f Filter
	toks := tokens(s)
	for i := 0; i < len(toks); i++ {
		t := strings.ToLower(toks[i])
		switch {
		case t == "(" || t == ")" || t == "[" || t == "]":
			f.Grouping = true
		case t == "and" || t == "or" || t == "not":
			f.Logical = append(f.Logical, t)
		default:
			c := Comparison{Attr: toks[i]}
			if i+1 < len(toks) {
				c.Op = strings.ToLower(toks[i+1])
				i++
			}
			if c.Op != "pr" && i+1 < len(toks) {
				c.Value = strings.Trim(toks[i+1], `"`)
				i++
			}
			f.Comparisons = append(f.Comparisons, c)
		}
	}
	return f
}

// tokens splits a filter at spaces and brackets, keeping quoted strings
// whole.
func tokens(s string) []string {
	var out []string
	var cur strings.Builder
	inQuote := false
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case inQuote:
			cur.WriteByte(c)
			if c == '\\' && i+1 < len(s) {
				i++
				cur.WriteByte(s[i])
			} else if c == '"' {
				inQuote = false
			}
		case c == '"':
			inQuote = true
			cur.WriteByte(c)
		case c == ' ' || c == '\t':
			flush()
		case c == '(' || c == ')' || c == '[' || c == ']':
			flush()
			out = append(out, string(c))
		default:
			cur.WriteByte(c)
		}
	}
	flush()
	return out
}
