package saml

import (
	"strconv"
	"strings"

	"github.com/beevik/etree"
	"github.com/samlcheck/samlcheck/saml/internal/xmltree"
)

// XML namespace URIs samlcheck matches elements by. Elements are always
// matched by namespace URI and local name, never by the prefix a document
// happens to use.
const (
	// NSProtocol is the SAML 2.0 protocol namespace (samlp).
	NSProtocol = "urn:oasis:names:tc:SAML:2.0:protocol"
	// NSAssertion is the SAML 2.0 assertion namespace (saml).
	NSAssertion = "urn:oasis:names:tc:SAML:2.0:assertion"
	// NSMetadata is the SAML 2.0 metadata namespace (md).
	NSMetadata = "urn:oasis:names:tc:SAML:2.0:metadata"
	// NSDSig is the XML Signature namespace (ds).
	NSDSig = "http://www.w3.org/2000/09/xmldsig#"
	// NSXEnc is the XML Encryption namespace (xenc).
	NSXEnc = "http://www.w3.org/2001/04/xmlenc#"
	// NSXSI is the XML Schema instance namespace (xsi), for xsi:type and
	// xsi:nil.
	NSXSI = "http://www.w3.org/2001/XMLSchema-instance"
	// NSSOAP11 is the SOAP 1.1 envelope namespace (SOAP binding, ECP).
	NSSOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
	// NSSOAP12 is the SOAP 1.2 envelope namespace.
	NSSOAP12 = "http://www.w3.org/2003/05/soap-envelope"
)

// is reports whether el is the element {ns}local.
func is(el *etree.Element, ns, local string) bool { return xmltree.Is(el, ns, local) }

// child returns el's first direct child element {ns}local, or nil.
func child(el *etree.Element, ns, local string) *etree.Element { return xmltree.Child(el, ns, local) }

// children returns el's direct child elements {ns}local, in document order.
func children(el *etree.Element, ns, local string) []*etree.Element {
	return xmltree.Children(el, ns, local)
}

// attr returns the value of el's unprefixed attribute key ("" when absent).
// Prefixed attributes of the same local name (foo:ID) do not count.
func attr(el *etree.Element, key string) string { return xmltree.Attr(el, key) }

// attrNS returns the value of el's attribute {ns}key, matched by namespace
// URI ("" when absent).
func attrNS(el *etree.Element, ns, key string) string {
	if el == nil {
		return ""
	}
	for i := range el.Attr {
		a := &el.Attr[i]
		if a.Key == key && a.Space != "" && a.NamespaceURI() == ns {
			return a.Value
		}
	}
	return ""
}

// xsBool reports whether an xs:boolean attribute value is true.
func xsBool(v string) bool {
	v = strings.TrimSpace(v)
	return v == "true" || v == "1"
}

// allText returns the XPath string-value of el: all character data of el
// and its descendants joined, so text split by comments, CDATA sections or
// child elements reads whole. It returns "" for nil.
func allText(el *etree.Element) string {
	if el == nil {
		return ""
	}
	var b strings.Builder
	appendText(&b, el)
	return b.String()
}

func appendText(b *strings.Builder, el *etree.Element) {
	for _, t := range el.Child {
		switch t := t.(type) {
		case *etree.CharData:
			b.WriteString(t.Data)
		case *etree.Element:
			appendText(b, t)
		}
	}
}

// hasChildElements reports whether el has at least one child element.
func hasChildElements(el *etree.Element) bool {
	for _, t := range el.Child {
		if _, ok := t.(*etree.Element); ok {
			return true
		}
	}
	return false
}

// innerXML serialises el's child tokens (elements, text, comments) as
// written, without el's own tags.
func innerXML(el *etree.Element) string {
	var b strings.Builder
	ws := &etree.WriteSettings{}
	for _, t := range el.Child {
		t.WriteTo(&b, ws)
	}
	return b.String()
}

// Path returns an XPath-like location of el in its document, such as
// /samlp:Response/saml:Assertion[2]/saml:Subject/saml:NameID. Each step is
// the element's name as written (prefix included); a 1-based index is added
// only where the parent has several children of that name. Path returns ""
// for nil.
func Path(el *etree.Element) string {
	var steps []string
	for e := el; e != nil && e.Tag != ""; e = e.Parent() {
		steps = append(steps, pathStep(e))
	}
	if len(steps) == 0 {
		return ""
	}
	var b strings.Builder
	for i := len(steps) - 1; i >= 0; i-- {
		b.WriteByte('/')
		b.WriteString(steps[i])
	}
	return b.String()
}

// pathStep returns el's name as written, with its position among
// same-named siblings when it has any.
func pathStep(el *etree.Element) string {
	name := el.FullTag()
	parent := el.Parent()
	if parent == nil {
		return name
	}
	pos, count := 0, 0
	for _, s := range parent.ChildElements() {
		if s.Space == el.Space && s.Tag == el.Tag {
			count++
			if s == el {
				pos = count
			}
		}
	}
	if count < 2 {
		return name
	}
	return name + "[" + strconv.Itoa(pos) + "]"
}
