package saml

import (
	"html"
	"strings"
)

// FormField is a SAML field of an HTML form: an <input> named
// SAMLResponse, SAMLRequest or RelayState, as an IdP's or SP's auto-submit
// page carries it (saml-bindings §3.5.4).
type FormField struct {
	// Name is the field name as written; it matched SAMLResponse,
	// SAMLRequest or RelayState ignoring case.
	Name string
	// Value is the value attribute with HTML entities decoded.
	Value string
	// Action is the enclosing form's action attribute with HTML entities
	// decoded ("" outside a form or without an action).
	Action string
	// Form is the 0-based index of the enclosing <form> in the page, or -1
	// for a field outside any form.
	Form int
}

// FormValues returns every SAMLResponse, SAMLRequest and RelayState input
// field of an HTML page, in page order, with the action URL of the form
// each sits in. Tags and attribute names match in any case, attributes in
// any order and with double, single or no quotes; values have their HTML
// entities (&#43; &#x2b; &amp; &quot; …) decoded. Fields inside HTML
// comments are skipped. The scan is a single linear pass without regular
// expressions, so huge pages are safe.
func FormValues(page []byte) []FormField {
	s := string(page)
	var out []FormField
	form, forms, action := -1, 0, ""
	for i := 0; i < len(s); {
		lt := strings.IndexByte(s[i:], '<')
		if lt < 0 {
			break
		}
		i += lt + 1
		if strings.HasPrefix(s[i:], "!--") {
			end := strings.Index(s[i+3:], "-->")
			if end < 0 {
				break
			}
			i += 3 + end + 3
			continue
		}
		closing := i < len(s) && s[i] == '/'
		if closing {
			i++
		}
		start := i
		for i < len(s) && isTagNameChar(s[i]) {
			i++
		}
		tag := s[start:i]
		switch {
		case closing:
			if strings.EqualFold(tag, "form") {
				form, action = -1, ""
			}
		case strings.EqualFold(tag, "form"):
			var attrs []htmlAttr
			attrs, i = scanAttrs(s, i)
			form, forms = forms, forms+1
			action = html.UnescapeString(attrValue(attrs, "action"))
		case strings.EqualFold(tag, "input"):
			var attrs []htmlAttr
			attrs, i = scanAttrs(s, i)
			if f, ok := samlField(attrs); ok {
				f.Action, f.Form = action, form
				out = append(out, f)
			}
		}
	}
	return out
}

// samlField turns an input's attributes into a FormField if its name is
// one of the SAML fields.
func samlField(attrs []htmlAttr) (FormField, bool) {
	name := html.UnescapeString(attrValue(attrs, "name"))
	for _, want := range []string{"SAMLResponse", "SAMLRequest", "RelayState"} {
		if strings.EqualFold(name, want) {
			return FormField{Name: name, Value: html.UnescapeString(attrValue(attrs, "value"))}, true
		}
	}
	return FormField{}, false
}

func isTagNameChar(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == ':'
}

type htmlAttr struct{ name, value string }

// attrValue returns the raw value of the first attribute named name
// (ignoring case).
func attrValue(attrs []htmlAttr, name string) string {
	for _, a := range attrs {
		if strings.EqualFold(a.name, name) {
			return a.value
		}
	}
	return ""
}

// scanAttrs reads the attributes of a tag starting at s[i] (just after the
// tag name) up to and including the closing '>'. It returns the attributes
// FormValues uses (name, value, action) and the index after the tag. Every iteration advances i, so the scan is
// linear in the tag's length.
func scanAttrs(s string, i int) ([]htmlAttr, int) {
	var attrs []htmlAttr
	for i < len(s) {
		for i < len(s) && (isHTMLSpace(s[i]) || s[i] == '/') {
			i++
		}
		if i >= len(s) {
			break
		}
		if s[i] == '>' {
			return attrs, i + 1
		}
		start := i
		for i < len(s) && !isHTMLSpace(s[i]) && s[i] != '=' && s[i] != '>' && s[i] != '/' {
			i++
		}
		if i == start { // a stray character such as '"': skip it
			i++
			continue
		}
		a := htmlAttr{name: s[start:i]}
		for i < len(s) && isHTMLSpace(s[i]) {
			i++
		}
		if i < len(s) && s[i] == '=' {
			a.value, i = scanAttrValue(s, i+1)
		}
		if isFormAttr(a.name) {
			attrs = append(attrs, a)
		}
	}
	return attrs, i
}

// scanAttrValue reads an attribute value at s[i] (after '='): quoted with
// " or ', or unquoted up to whitespace or '>'.
func scanAttrValue(s string, i int) (string, int) {
	for i < len(s) && isHTMLSpace(s[i]) {
		i++
	}
	if i >= len(s) {
		return "", i
	}
	if q := s[i]; q == '"' || q == '\'' {
		end := strings.IndexByte(s[i+1:], q)
		if end < 0 {
			return s[i+1:], len(s)
		}
		return s[i+1 : i+1+end], i + 1 + end + 1
	}
	start := i
	for i < len(s) && !isHTMLSpace(s[i]) && s[i] != '>' {
		i++
	}
	return s[start:i], i
}

func isFormAttr(name string) bool {
	return strings.EqualFold(name, "name") || strings.EqualFold(name, "value") || strings.EqualFold(name, "action")
}

func isHTMLSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}
