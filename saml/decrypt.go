package saml

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/beevik/etree"
	"github.com/samlcheck/samlcheck/saml/xmlenc"
)

// ErrNotAssertion is wrapped by the Decryption error of an EncryptedAssertion
// whose decrypted content is not one saml:Assertion (other elements, text,
// several elements, or not well-formed XML).
var ErrNotAssertion = errors.New("the decrypted content is not a saml:Assertion")

// Decryption is the outcome of decrypting one saml:EncryptedAssertion with
// the service provider's keys (Message.Decrypt).
type Decryption struct {
	// Assertion is the decrypted assertion, modelled as a plain one; nil
	// when decryption failed. Its Element sits in a document of its own
	// whose ancestors copy the tags and namespace declarations of the
	// EncryptedAssertion's (xmlenc-core1 §4.5: decrypted content is parsed
	// in the context of the element it replaces), so XML paths read
	// /samlp:Response/saml:EncryptedAssertion/saml:Assertion/….
	Assertion *Assertion `json:"assertion,omitempty"`
	// XML is the decrypted content as the IdP serialised it.
	XML []byte `json:"-"`
	// Key is the key that opened it (shown as file and public key
	// fingerprint only).
	Key *xmlenc.Key `json:"key,omitempty"`
	// KeyAlgorithm, DigestAlgorithm, MGFAlgorithm and DataAlgorithm are the
	// algorithm URIs used (see xmlenc.Result).
	KeyAlgorithm    string `json:"keyAlgorithm,omitempty"`
	DigestAlgorithm string `json:"digestAlgorithm,omitempty"`
	MGFAlgorithm    string `json:"mgfAlgorithm,omitempty"`
	DataAlgorithm   string `json:"dataAlgorithm,omitempty"`
	// Deprecated says why an algorithm used is deprecated (RSA-1_5).
	Deprecated string `json:"deprecated,omitempty"`
	// Recipient is what the EncryptedKey says it was encrypted for.
	Recipient xmlenc.Recipient `json:"-"`
	// Err is why decryption failed: an *xmlenc.Error, or an error wrapping
	// ErrNotAssertion.
	Err error `json:"-"`

	opts DecodeOptions
	// wrapped is the decrypted content inside its context, as parsed.
	wrapped []byte
	signed  map[*etree.Element]*etree.Element
}

// Decrypted reports whether the assertion was decrypted.
func (d *Decryption) Decrypted() bool { return d != nil && d.Assertion != nil }

// EncryptedAssertions returns the message's EncryptedAssertions: a
// Response's, or the bare one.
func (m *Message) EncryptedAssertions() []*EncryptedAssertion {
	switch {
	case m == nil:
		return nil
	case m.Response != nil:
		return m.Response.EncryptedAssertions
	case m.EncryptedAssertion != nil:
		return []*EncryptedAssertion{m.EncryptedAssertion}
	}
	return nil
}

// Decrypt decrypts every EncryptedAssertion of the message with keys (the
// service provider's, --sp-key) and records the outcome in its Decryption;
// with no keys it does nothing. A decrypted assertion is parsed with the
// limits and checks of Decode (opts may be nil) and then takes part in the
// model as plain assertions do (Assertions, Verify, SignedView). Call it
// before Verify.
func (m *Message) Decrypt(keys []*xmlenc.Key, opts *DecodeOptions) {
	if len(keys) == 0 {
		return
	}
	o := opts.withDefaults()
	for _, ea := range m.EncryptedAssertions() {
		ea.Decryption = decryptAssertion(ea.Element, keys, o)
	}
}

// xmlencOptions returns the decryptor's limits for decoding limits o: a
// CipherValue cannot be longer than the message it is in.
func xmlencOptions(o DecodeOptions) *xmlenc.Options {
	return &xmlenc.Options{MaxCipherText: max(o.MaxValue, int(o.MaxInflated))}
}

// decryptAssertion decrypts el, an EncryptedAssertion, and models its
// content.
func decryptAssertion(el *etree.Element, keys []*xmlenc.Key, o DecodeOptions) *Decryption {
	d := &Decryption{opts: o}
	res, err := xmlenc.Decrypt(el, keys, xmlencOptions(o))
	if err != nil {
		d.Err = err
		var xe *xmlenc.Error
		if errors.As(err, &xe) && len(xe.Recipients) > 0 {
			d.Recipient = xe.Recipients[0]
		}
		return d
	}
	d.XML, d.Key, d.Recipient = res.Plaintext, res.Key, res.Recipient
	d.KeyAlgorithm, d.DigestAlgorithm, d.MGFAlgorithm, d.DataAlgorithm = res.KeyAlgorithm, res.DigestAlgorithm, res.MGFAlgorithm, res.DataAlgorithm
	d.Deprecated = res.Deprecated
	a, wrapped, err := parseDecrypted(el, res.Plaintext, o)
	if err != nil {
		d.Err = err
		return d
	}
	d.Assertion, d.wrapped = parseAssertion(a), wrapped
	return d
}

// parseDecrypted parses plaintext, the decrypted content of el, in el's
// namespace context: inside copies of el and its ancestors carrying only
// their tags and namespace declarations. It returns the saml:Assertion,
// the only content allowed, and the bytes parsed.
func parseDecrypted(el *etree.Element, plaintext []byte, o DecodeOptions) (*etree.Element, []byte, error) {
	content := bytes.TrimPrefix(plaintext, []byte(bom))
	content = bytes.TrimLeft(content, " \t\r\n")
	if bytes.HasPrefix(content, []byte("<?xml")) {
		if i := bytes.Index(content, []byte("?>")); i >= 0 {
			content = content[i+2:]
		}
	}
	var chain []*etree.Element
	for e := el; e != nil && e.Tag != ""; e = e.Parent() {
		chain = append(chain, e)
	}
	var b bytes.Buffer
	for i := len(chain) - 1; i >= 0; i-- {
		e := chain[i]
		b.WriteString("<" + e.FullTag())
		for _, a := range e.Attr {
			if a.Space == "xmlns" || (a.Space == "" && a.Key == "xmlns") {
				b.WriteString(" " + a.FullKey() + `="`)
				xmlEscape(&b, a.Value)
				b.WriteString(`"`)
			}
		}
		b.WriteString(">")
	}
	b.Write(content)
	for _, e := range chain {
		b.WriteString("</" + e.FullTag() + ">")
	}
	doc, parsed, _, serr := parseXML(b.Bytes(), o)
	if serr != nil {
		return nil, nil, fmt.Errorf("saml: decrypted content is not well-formed XML (%v): %w", serr.err, ErrNotAssertion)
	}
	inner := doc.Root()
	for range len(chain) - 1 {
		kids := inner.ChildElements()
		if len(kids) != 1 {
			return nil, nil, fmt.Errorf("saml: decrypted content breaks out of the EncryptedAssertion: %w", ErrNotAssertion)
		}
		inner = kids[0]
	}
	var elems []*etree.Element
	textOutside := false
	for _, t := range inner.Child {
		switch t := t.(type) {
		case *etree.Element:
			elems = append(elems, t)
		case *etree.CharData:
			if strings.TrimSpace(t.Data) != "" {
				textOutside = true
			}
		}
	}
	switch {
	case len(elems) == 0:
		return nil, nil, fmt.Errorf("saml: the decrypted content holds no element (only text): %w", ErrNotAssertion)
	case len(elems) > 1:
		return nil, nil, fmt.Errorf("saml: the decrypted content holds %d elements (%s first), not one Assertion: %w", len(elems), elems[0].FullTag(), ErrNotAssertion)
	case textOutside:
		return nil, nil, fmt.Errorf("saml: the decrypted content holds text beside the %s element: %w", elems[0].FullTag(), ErrNotAssertion)
	case !is(elems[0], NSAssertion, "Assertion"):
		return nil, nil, fmt.Errorf("saml: the decrypted content is a {%s}%s element: %w", elems[0].NamespaceURI(), elems[0].Tag, ErrNotAssertion)
	}
	return elems[0], parsed, nil
}

func xmlEscape(b *bytes.Buffer, s string) {
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '"':
			b.WriteString("&quot;")
		default:
			b.WriteRune(r)
		}
	}
}

// signedAssertion returns the assertion inside signedEA, the copy of the
// EncryptedAssertion that a verified Response signature returned,
// decrypted with the key that opened the model's: what a service provider
// reading only signed content decrypts. It returns nil when that copy does
// not decrypt to an Assertion.
func (d *Decryption) signedAssertion(signedEA *etree.Element) *etree.Element {
	if d == nil || d.Key == nil || signedEA == nil {
		return nil
	}
	if a, ok := d.signed[signedEA]; ok {
		return a
	}
	var a *etree.Element
	if res, err := xmlenc.Decrypt(signedEA, []*xmlenc.Key{d.Key}, xmlencOptions(d.opts)); err == nil {
		a, _, _ = parseDecrypted(signedEA, res.Plaintext, d.opts)
	}
	if d.signed == nil {
		d.signed = map[*etree.Element]*etree.Element{}
	}
	d.signed[signedEA] = a
	return a
}

// Assertions returns the assertions a service provider reads: a Response's
// child Assertions and the decrypted content of its EncryptedAssertions, in
// document order; a bare Assertion; the decrypted bare EncryptedAssertion.
// EncryptedAssertions that were not decrypted are left out.
func (m *Message) Assertions() []*Assertion {
	switch {
	case m == nil:
		return nil
	case m.Response != nil:
		r := m.Response
		if len(r.EncryptedAssertions) == 0 {
			return r.Assertions
		}
		var out []*Assertion
		pi, ei := 0, 0
		for _, c := range r.Element.ChildElements() {
			switch {
			case pi < len(r.Assertions) && c == r.Assertions[pi].Element:
				out = append(out, r.Assertions[pi])
				pi++
			case ei < len(r.EncryptedAssertions) && c == r.EncryptedAssertions[ei].Element:
				if d := r.EncryptedAssertions[ei].Decryption; d.Decrypted() {
					out = append(out, d.Assertion)
				}
				ei++
			}
		}
		return out
	case m.Assertion != nil:
		return []*Assertion{m.Assertion}
	case m.EncryptedAssertion != nil && m.EncryptedAssertion.Decryption.Decrypted():
		return []*Assertion{m.EncryptedAssertion.Decryption.Assertion}
	}
	return nil
}

// decryptedAt maps each decrypted EncryptedAssertion element to the
// Assertion decrypted from it.
func (m *Message) decryptedAt() map[*etree.Element]*etree.Element {
	out := map[*etree.Element]*etree.Element{}
	for _, ea := range m.EncryptedAssertions() {
		if ea.Decryption.Decrypted() {
			out[ea.Element] = ea.Decryption.Assertion.Element
		}
	}
	return out
}

// DecryptionOf returns the Decryption an assertion of Assertions came from,
// or nil for a plain assertion.
func (m *Message) DecryptionOf(a *Assertion) *Decryption {
	for _, ea := range m.EncryptedAssertions() {
		if ea.Decryption.Decrypted() && ea.Decryption.Assertion == a {
			return ea.Decryption
		}
	}
	return nil
}
