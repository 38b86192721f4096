package saml

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/beevik/etree"
)

// Metadata is a SAML metadata EntityDescriptor (saml-metadata-2.0-os §2.3.2):
// an IdP's or a service provider's, as far as samlcheck checks it.
type Metadata struct {
	// Doc is the parsed document; Element the EntityDescriptor.
	Doc     *etree.Document
	Element *etree.Element
	// File names where the metadata came from.
	File string
	// Size is the document's size in bytes; HasBOM reports a UTF-8 byte
	// order mark at its start.
	Size   int
	HasBOM bool
	// Chars is the document's length in characters (Unicode code points,
	// an invalid UTF-8 byte counting as one), byte order mark included:
	// what a limit such as IAM Identity Center's 75,000 characters counts.
	Chars int
	// Entities is the number of EntityDescriptors in the document: 1 for an
	// EntityDescriptor, possibly more for an EntitiesDescriptor, of which
	// only the first is read.
	Entities int
	// EntityID is the entityID attribute.
	EntityID string
	// SigningCerts and EncryptionCerts hold the DER bytes of the
	// X509Certificates of the KeyDescriptors for signing (or without use)
	// and for encryption.
	SigningCerts    [][]byte
	EncryptionCerts [][]byte
	// NameIDFormats lists the NameIDFormat elements' values.
	NameIDFormats []string
	// SSOServices are the IdP's SingleSignOnService endpoints.
	SSOServices []Endpoint
	// ACSs are the SP's AssertionConsumerService endpoints.
	ACSs []Endpoint
}

// Endpoint is a metadata endpoint: a binding and a location.
type Endpoint struct {
	Binding  string
	Location string
	// Index and IsDefault are set for indexed endpoints (ACS).
	Index     string
	IsDefault bool
}

// ErrNotMetadata is wrapped by ParseMetadata's error for a well-formed XML
// document that is not SAML metadata.
var ErrNotMetadata = errors.New("not SAML 2.0 metadata")

// ParseMetadata parses SAML 2.0 metadata (saml-metadata-2.0-os): an
// EntityDescriptor, or an EntitiesDescriptor of which the first
// EntityDescriptor (in document order, nested EntitiesDescriptors included)
// is read. Elements are matched by the namespace URI NSMetadata. name is the
// file name used in errors and kept in Metadata.File.
//
// A UTF-8 byte order mark is recorded in HasBOM and skipped. Like Decode,
// ParseMetadata refuses DTDs and entity declarations (the error wraps
// ErrDTD), content outside the root element, unbound namespace prefixes,
// nesting deeper than DefaultMaxDepth and more than ten times
// DefaultMaxElements elements (the error wraps a *LimitError).
//
// Certificates are read from the KeyDescriptors of the IDPSSODescriptor and
// SPSSODescriptor roles (of every role when the entity has neither):
// use="signing" or no use are signing certificates, use="encryption"
// encryption certificates. The X509Certificate is found by local name under
// KeyInfo/X509Data, since some metadata (samlify's) leaves the XML
// Signature namespace out; its text must be Base64, but need not be a valid
// certificate (rules report that). Duplicate certificates are kept once.
// NameIDFormat values are trimmed of surrounding white space and kept once.
func ParseMetadata(name string, data []byte) (*Metadata, error) {
	md := &Metadata{
		File:   name,
		Size:   len(data),
		HasBOM: bytes.HasPrefix(data, []byte(bom)),
		Chars:  utf8.RuneCount(data),
	}
	doc, _, _, serr := parseXML(data, metadataOptions())
	if serr != nil {
		var le *LimitError
		if errors.As(serr.err, &le) {
			le.Flag = "" // the message limits' flags do not apply to metadata
		}
		return nil, fmt.Errorf("saml: metadata %s: %w", name, serr.err)
	}
	md.Doc = doc
	root := doc.Root()
	switch {
	case is(root, NSMetadata, "EntityDescriptor"):
		md.Element, md.Entities = root, 1
	case is(root, NSMetadata, "EntitiesDescriptor"):
		md.Element, md.Entities = firstEntity(root)
		if md.Element == nil {
			return nil, fmt.Errorf("saml: metadata %s: %w: the EntitiesDescriptor holds no EntityDescriptor", name, ErrNotMetadata)
		}
	default:
		return nil, fmt.Errorf("saml: metadata %s: %w: %s", name, ErrNotMetadata, describeRoot(root))
	}
	md.EntityID = attr(md.Element, "entityID")
	if err := md.readRoles(); err != nil {
		return nil, fmt.Errorf("saml: metadata %s: %w", name, err)
	}
	return md, nil
}

// describeRoot says why root is not a metadata root element.
func describeRoot(root *etree.Element) string {
	ns := root.NamespaceURI()
	if root.Tag == "EntityDescriptor" || root.Tag == "EntitiesDescriptor" {
		if ns == "" {
			return fmt.Sprintf("root element <%s> has no namespace; expected %q", root.FullTag(), NSMetadata)
		}
		return fmt.Sprintf("root element <%s> is in namespace %q; expected %q", root.FullTag(), ns, NSMetadata)
	}
	if ns == "" {
		return fmt.Sprintf("root element <%s> is not an EntityDescriptor or EntitiesDescriptor", root.FullTag())
	}
	return fmt.Sprintf("root element <%s> (namespace %q) is not an EntityDescriptor or EntitiesDescriptor", root.FullTag(), ns)
}

// firstEntity returns the first EntityDescriptor under an
// EntitiesDescriptor, depth first, and how many there are in all.
func firstEntity(el *etree.Element) (*etree.Element, int) {
	var first *etree.Element
	n := 0
	var walk func(e *etree.Element)
	walk = func(e *etree.Element) {
		for _, c := range e.ChildElements() {
			switch {
			case is(c, NSMetadata, "EntityDescriptor"):
				n++
				if first == nil {
					first = c
				}
			case is(c, NSMetadata, "EntitiesDescriptor"):
				walk(c)
			}
		}
	}
	walk(el)
	return first, n
}

// readRoles fills in certificates, NameID formats and endpoints from the
// entity's role descriptors.
func (md *Metadata) readRoles() error {
	var sso []*etree.Element
	for _, c := range md.Element.ChildElements() {
		if is(c, NSMetadata, "IDPSSODescriptor") || is(c, NSMetadata, "SPSSODescriptor") {
			sso = append(sso, c)
		}
	}
	keyRoles := sso
	if len(keyRoles) == 0 {
		// Other roles (AttributeAuthorityDescriptor, RoleDescriptor, …)
		// still say which keys the entity uses.
		for _, c := range md.Element.ChildElements() {
			if c.NamespaceURI() == NSMetadata && c.Tag != "Extensions" && c.Tag != "Organization" && c.Tag != "ContactPerson" {
				keyRoles = append(keyRoles, c)
			}
		}
	}
	kd := 0
	for _, role := range keyRoles {
		for _, k := range children(role, NSMetadata, "KeyDescriptor") {
			kd++
			certs, err := keyDescriptorCerts(k)
			if err != nil {
				return fmt.Errorf("KeyDescriptor %d: %w", kd, err)
			}
			switch strings.TrimSpace(attr(k, "use")) {
			case "", "signing":
				md.SigningCerts = appendUniqueBytes(md.SigningCerts, certs...)
			case "encryption":
				md.EncryptionCerts = appendUniqueBytes(md.EncryptionCerts, certs...)
			}
		}
	}
	for _, role := range sso {
		for _, f := range children(role, NSMetadata, "NameIDFormat") {
			v := strings.TrimSpace(allText(f))
			if !containsString(md.NameIDFormats, v) {
				md.NameIDFormats = append(md.NameIDFormats, v)
			}
		}
		for _, s := range children(role, NSMetadata, "SingleSignOnService") {
			md.SSOServices = append(md.SSOServices, Endpoint{Binding: attr(s, "Binding"), Location: attr(s, "Location")})
		}
		for _, a := range children(role, NSMetadata, "AssertionConsumerService") {
			md.ACSs = append(md.ACSs, Endpoint{
				Binding: attr(a, "Binding"), Location: attr(a, "Location"),
				Index: attr(a, "index"), IsDefault: xsBool(attr(a, "isDefault")),
			})
		}
	}
	return nil
}

// keyDescriptorCerts returns the DER bytes of the X509Certificates of a
// KeyDescriptor's KeyInfo/X509Data, matched by local name.
func keyDescriptorCerts(k *etree.Element) ([][]byte, error) {
	var out [][]byte
	for _, ki := range k.ChildElements() {
		if ki.Tag != "KeyInfo" {
			continue
		}
		for _, xd := range ki.ChildElements() {
			if xd.Tag != "X509Data" {
				continue
			}
			for _, c := range xd.ChildElements() {
				if c.Tag != "X509Certificate" {
					continue
				}
				text := removeWhitespace(allText(c))
				if text == "" {
					continue
				}
				der, err := base64.StdEncoding.DecodeString(text)
				if err != nil {
					return nil, fmt.Errorf("X509Certificate is not Base64: %w", err)
				}
				out = append(out, der)
			}
		}
	}
	return out, nil
}

func appendUniqueBytes(list [][]byte, items ...[]byte) [][]byte {
	for _, it := range items {
		dup := false
		for _, x := range list {
			if bytes.Equal(x, it) {
				dup = true
				break
			}
		}
		if !dup {
			list = append(list, it)
		}
	}
	return list
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// metadataOptions are the limits ParseMetadata parses with: those of a
// message, except for ten times as many elements (a federation's aggregate
// metadata describes many entities).
func metadataOptions() DecodeOptions {
	o := DefaultDecodeOptions().withDefaults()
	o.MaxElements = 10 * DefaultMaxElements
	return o
}
