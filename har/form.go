package har

import (
	"html"
	"strings"

	"github.com/samlcheck/samlcheck/har/internal/wire"
)

// This file is a small HTML form reader, enough for SAML auto-submit pages
// (saml-bindings-2.0-os §3.5.4). It may be replaced by saml.FormValues once
// that exists; it is kept unexported for that reason.

// htmlForm is one form of an HTML page: its action as written and its
// named controls in document order. Controls outside any form are gathered
// in a form with an empty action.
type htmlForm struct {
	action string
	fields []field
}

// formValues returns the forms of an HTML page that have named controls
// (input elements and textareas). Attribute values and textarea text have
// their character references decoded. Text inside script, style, template
// and noscript elements and comments is skipped, so markup built by a
// script is not mistaken for a form.
func formValues(s string) []htmlForm {
	var (
		forms   []htmlForm
		current = -1 // index of the open form, or -1
		orphan  = -1 // index of the form gathering controls outside forms
	)
	add := func(f field) {
		i := current
		if i < 0 {
			if orphan < 0 {
				forms = append(forms, htmlForm{})
				orphan = len(forms) - 1
			}
			i = orphan
		}
		forms[i].fields = append(forms[i].fields, f)
	}
	for i := 0; i < len(s); {
		lt := strings.IndexByte(s[i:], '<')
		if lt < 0 {
			break
		}
		i += lt
		rest := s[i:]
		if strings.HasPrefix(rest, "<!--") {
			end := strings.Index(rest[4:], "-->")
			if end < 0 {
				break
			}
			i += 4 + end + 3
			continue
		}
		closing := strings.HasPrefix(rest, "</")
		nameStart := 1
		if closing {
			nameStart = 2
		}
		name := tagName(rest[nameStart:])
		if name == "" {
			// A "<" that starts no tag ("a < b", "<!DOCTYPE", "<?xml").
			if strings.HasPrefix(rest, "<!") || strings.HasPrefix(rest, "<?") {
				gt := strings.IndexByte(rest, '>')
				if gt < 0 {
					break // no tag can end after this
				}
				i += gt + 1
				continue
			}
			i++
			continue
		}
		keep := !closing && (name == "form" || name == "input" || name == "button" || name == "textarea")
		attrs, n := tagAttrs(rest[nameStart+len(name):], keep)
		i += nameStart + len(name) + n
		if closing {
			if name == "form" {
				current = -1
			}
			continue
		}
		switch name {
		case "script", "style", "template", "noscript", "xmp", "iframe", "noembed", "noframes":
			// Raw text elements: skip to the matching end tag.
			end := wire.IndexFold(s[i:], "</"+name)
			if end < 0 {
				i = len(s)
			} else {
				i += end
			}
		case "form":
			forms = append(forms, htmlForm{action: attrs["action"]})
			current = len(forms) - 1
		case "input", "button":
			if n, ok := attrs["name"]; ok && n != "" {
				add(field{name: n, value: attrs["value"]})
			}
		case "textarea":
			end := wire.IndexFold(s[i:], "</textarea")
			if end < 0 {
				end = len(s) - i
			}
			if n, ok := attrs["name"]; ok && n != "" {
				add(field{name: n, value: html.UnescapeString(s[i : i+end])})
			}
			i += end
		}
	}
	out := forms[:0]
	for _, f := range forms {
		if len(f.fields) > 0 {
			out = append(out, f)
		}
	}
	return out
}

// tagName returns the lower-cased tag name at the start of s, or "" when s
// does not start with one.
func tagName(s string) string {
	n := 0
	for n < len(s) && (s[n] >= 'a' && s[n] <= 'z' || s[n] >= 'A' && s[n] <= 'Z' || n > 0 && (s[n] >= '0' && s[n] <= '9' || s[n] == '-')) {
		n++
	}
	return strings.ToLower(s[:n])
}

// tagAttrs parses the attributes of a tag up to and including its ">",
// returning the number of bytes consumed and, when keep is set, the
// attributes (names lower-cased, values decoded; the first of duplicates
// wins, as in HTML).
func tagAttrs(s string, keep bool) (map[string]string, int) {
	var attrs map[string]string
	if keep {
		attrs = map[string]string{}
	}
	i := 0
	for i < len(s) {
		switch c := s[i]; c {
		case '>':
			return attrs, i + 1
		case ' ', '\t', '\r', '\n', '\f', '/':
			i++
			continue
		}
		start := i
		for i < len(s) && !strings.ContainsRune(" \t\r\n\f/>=", rune(s[i])) {
			i++
		}
		name := strings.ToLower(s[start:i])
		for i < len(s) && strings.ContainsRune(" \t\r\n\f", rune(s[i])) {
			i++
		}
		value := ""
		if i < len(s) && s[i] == '=' {
			i++
			for i < len(s) && strings.ContainsRune(" \t\r\n\f", rune(s[i])) {
				i++
			}
			if i < len(s) && (s[i] == '"' || s[i] == '\'') {
				q := s[i]
				end := strings.IndexByte(s[i+1:], q)
				if end < 0 {
					value, i = s[i+1:], len(s)
				} else {
					value, i = s[i+1:i+1+end], i+1+end+1
				}
			} else {
				start := i
				for i < len(s) && !strings.ContainsRune(" \t\r\n\f>", rune(s[i])) {
					i++
				}
				value = s[start:i]
			}
		}
		if _, dup := attrs[name]; keep && !dup && name != "" {
			attrs[name] = html.UnescapeString(value)
		}
	}
	return attrs, i
}
