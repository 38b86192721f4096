package main

import (
	"crypto/tls"
	"fmt"

	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"
)

// signer signs SAML elements with enveloped XML signatures: RSA-SHA256,
// SHA-256 digests, exclusive canonicalisation (what IdPs use today).
type signer struct {
	ctx *dsig.SigningContext
}

// newSigner returns a signer for kp. The KeyInfo carries kp's certificate.
func newSigner(kp keyPair) *signer {
	ks := dsig.TLSCertKeyStore(tls.Certificate{Certificate: [][]byte{kp.der}, PrivateKey: kp.key})
	ctx := dsig.NewDefaultSigningContext(ks) // SHA-256, prefix "ds", ID attribute "ID"
	ctx.Canonicalizer = dsig.MakeC14N10ExclusiveCanonicalizerWithPrefixList("")
	return &signer{ctx: ctx}
}

// signResponse signs what o asks for: every Assertion first, then the
// Response (whose signature then covers the assertions' signatures too).
func (s *signer) signResponse(doc *etree.Document, o respOpts) error {
	resp := doc.Root()
	if o.signAssert {
		for _, a := range resp.ChildElements() {
			if a.Tag != "Assertion" {
				continue
			}
			if err := s.sign(a, 1, !o.compact); err != nil {
				return fmt.Errorf("sign %s: %w", a.SelectAttrValue("ID", ""), err)
			}
		}
	}
	if o.signResponse {
		if err := s.sign(resp, 0, !o.compact); err != nil {
			return fmt.Errorf("sign %s: %w", resp.SelectAttrValue("ID", ""), err)
		}
	}
	return nil
}

// sign adds an enveloped signature over el right after its Issuer, where the
// SAML schema puts ds:Signature (saml-core §2.3.3, §3.2.1). depth is el's
// depth in the document; indented says the document is indented.
//
// goxmldsig's SignEnveloped would append the signature as the last child, and
// its exclusive canonicaliser rewrites the element it digests in place (it
// drops namespace declarations such as xmlns:xs that only attribute values
// use); so the digest is taken over a copy and the signature placed here.
// Whitespace around the signature must already be there when digesting: the
// enveloped-signature transform removes the Signature element only.
func (s *signer) sign(el *etree.Element, depth int, indented bool) error {
	var issuer *etree.Element
	for _, c := range el.ChildElements() {
		if c.Tag == "Issuer" {
			issuer = c
			break
		}
	}
	if issuer == nil {
		return fmt.Errorf("no Issuer in %s", el.Tag)
	}
	pos := issuer.Index() + 1
	if indented {
		// Issuer, <new indentation>, [Signature goes here], <old indentation>, next
		el.InsertChildAt(pos, etree.NewText(indentation(depth+1)))
		pos++
	}
	sig, err := s.ctx.ConstructSignature(el.Copy(), true)
	if err != nil {
		return err
	}
	if indented {
		indentOutsideSignedInfo(sig, depth+1)
	}
	el.InsertChildAt(pos, sig)
	return nil
}

// indentOutsideSignedInfo indents el's element-only content for depth,
// leaving SignedInfo alone: its exact bytes are what the signature value covers.
func indentOutsideSignedInfo(el *etree.Element, depth int) {
	kids := el.ChildElements()
	if len(kids) == 0 || el.Tag == "SignedInfo" || len(kids) != len(el.Child) {
		return
	}
	for _, k := range kids {
		el.RemoveChild(k)
	}
	for _, k := range kids {
		el.AddChild(etree.NewText(indentation(depth + 1)))
		el.AddChild(k)
		indentOutsideSignedInfo(k, depth+1)
	}
	el.AddChild(etree.NewText(indentation(depth)))
}

// serialize returns the document as bytes, without an XML declaration.
func serialize(doc *etree.Document) ([]byte, error) {
	return doc.WriteToBytes()
}
