// Package xmltree holds the few etree look-ups that package saml and its
// XML Encryption package saml/xmlenc both make, so that neither keeps a
// copy (xmlenc cannot import saml, which imports it).
package xmltree

import "github.com/beevik/etree"

// Is reports whether el is the element {ns}local.
func Is(el *etree.Element, ns, local string) bool {
	return el != nil && el.Tag == local && el.NamespaceURI() == ns
}

// Child returns el's first direct child element {ns}local, or nil.
func Child(el *etree.Element, ns, local string) *etree.Element {
	if el == nil {
		return nil
	}
	for _, c := range el.ChildElements() {
		if Is(c, ns, local) {
			return c
		}
	}
	return nil
}

// Children returns el's direct child elements {ns}local, in document order.
func Children(el *etree.Element, ns, local string) []*etree.Element {
	if el == nil {
		return nil
	}
	var out []*etree.Element
	for _, c := range el.ChildElements() {
		if Is(c, ns, local) {
			out = append(out, c)
		}
	}
	return out
}

// Attr returns the value of el's unprefixed attribute key ("" when absent).
// Prefixed attributes of the same local name (foo:ID) do not count.
func Attr(el *etree.Element, key string) string {
	if el == nil {
		return ""
	}
	for _, a := range el.Attr {
		if a.Space == "" && a.Key == key {
			return a.Value
		}
	}
	return ""
}
