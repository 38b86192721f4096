package checks

import (
	"strings"

	"github.com/beevik/etree"
	"github.com/samlcheck/samlcheck/saml"
)

var signatureWrappingRule = &Rule{
	ID:       "saml/signature-wrapping",
	Title:    "the assertion a service provider would read is not the element the signature covers",
	Severity: Error,
	Profiles: allProfiles,
	Requires: []Requirement{Signatures},
	Doc: "An XML signature names what it signs by ID, and a reader finds the assertion by its position: when the two " +
		"disagree (a Reference URI naming another element, a signed assertion beside an unsigned one, the signed " +
		"assertion moved into Extensions or Advice, two elements with the signed ID), a verifier may accept the " +
		"signature while the reader takes an unsigned assertion. This is XML signature wrapping (XSW). AWS reads only " +
		"what the signature covers and rejects such responses; an IdP never produces them, so they point at tampering " +
		"or a broken proxy.",
	Fix: "Make the IdP send one assertion per response, each signature enveloped in the element it signs with a " +
		"Reference URI of \"#\" + that element's ID, and nothing else signed elsewhere. If the IdP's own output is " +
		"fine, find what rewrites the response on the way (a proxy, a browser extension, a test tool) and treat the " +
		"capture as a possible attack.",
	Refs: []Ref{sigRefSAMLCoreSignature, sigRefProfilesPOST, sigRefIAMSignatureInvalid},
	Run: func(p *Pass) {
		m := p.Message
		c := ResultOf(p, Signatures)
		dups := map[string]int{}
		for _, d := range m.DuplicateIDs() {
			dups[d.ID] = len(d.Elements)
		}
		model := c.model(m)
		isModel := func(r *saml.SignatureResult) bool {
			for _, x := range model {
				if x == r {
					return true
				}
			}
			return false
		}
		readIDs := map[string]bool{}
		for _, a := range sigAssertions(m) {
			readIDs[a.ID] = true
		}
		readIDs[m.ID()] = true
		for i := range c.Results {
			r := &c.Results[i]
			s := r.Signature
			id := strings.TrimPrefix(s.ReferenceURI, "#")
			loc := Location{XMLPath: saml.Path(s.Element)}
			switch {
			case isModel(r) && r.Cause == saml.CauseReference:
				p.Report(Finding{Location: loc, Message: humanf("%s has Reference URI %q, which names %s and not the %s it sits in; expected %q",
					sigWhat(s), s.ReferenceURI, sigTargetText(r, id, dups[id]), s.Parent.Tag, "#"+sigElementID(s.Parent))})
				continue
			case dups[id] > 1 && s.ReferenceURI != "":
				p.Report(Finding{Location: loc, Message: humanf("%s references ID %q, which %d elements carry: the verifier and the reader may each take a different one; expected unique IDs",
					sigWhat(s), id, dups[id])})
			}
			if r.Status == saml.StatusNotChecked && readIDs[id] && id != "" {
				p.Report(Finding{Location: loc, Message: humanf("a ds:Signature at %s, outside the elements SAML signs, references %q, an element the service provider reads: verifiers that look signatures up by ID may accept it; expected the signature enveloped in the element it signs",
					saml.Path(s.Element), id)})
			}
		}
		for _, av := range c.View.Assertions {
			a := av.Assertion
			if av.By != nil {
				if signed, ok := saml.SignedNameID(av.Signed); ok && a.Subject != nil && a.Subject.NameID != nil && signed != a.Subject.NameID.Value {
					p.Reportf(a.Element, "the signed copy of assertion %q has NameID %q while the document reads %q: the XML parses differently for the verifier and the reader",
						a.ID, signed, a.Subject.NameID.Value)
				}
				continue
			}
			if other := sigOtherSigned(c, a.Element); other != nil {
				p.Reportf(a.Element, "assertion %q, which a service provider reads%s, is covered by no valid signature, while %s at %s verifies: a signed element sits beside or around an unsigned assertion; expected the assertion itself (or its Response) to be signed",
					a.ID, sigNameIDText(a), sigWhat(other.Signature), saml.Path(other.Signature.Parent))
				continue
			}
			if stray := sigStray(c, isModel, a.Element); stray != nil {
				p.Reportf(a.Element, "assertion %q, which a service provider reads%s, is covered by no valid signature, while the message carries a ds:Signature at %s, in %s (%s): verifiers that accept any signature of the document, or look the signed element up by ID, may take it for the assertion's; expected the assertion itself (or its Response) to be signed",
					a.ID, sigNameIDText(a), saml.Path(stray.Signature.Element), saml.Path(stray.Signature.Parent), stray.Status)
			}
		}
	},
}

// sigTargetText names the element(s) a Reference ID designates.
func sigTargetText(r *saml.SignatureResult, id string, dups int) string {
	switch {
	case r.Target != nil:
		t := humanf("%s %q at %s", r.Target.Tag, id, saml.Path(r.Target))
		if r.DigestChecked && r.DigestOK {
			t += " (whose digest matches: that element is what was signed)"
		}
		return t
	case dups > 1:
		return humanf("%d elements with ID %q", dups, id)
	case id == "":
		return "nothing"
	}
	return humanf("no element (no ID %q in the message)", id)
}

// sigNameIDText returns " (NameID \"x\")" for an assertion with a NameID.
func sigNameIDText(a *saml.Assertion) string {
	if a.Subject == nil || a.Subject.NameID == nil {
		return ""
	}
	return humanf(" (NameID %q)", a.Subject.NameID.Value)
}

// sigStray returns a signature of the message that is neither the root's
// nor that of an assertion the model reads (isModel), nor inside el, or
// nil: a signature nested in the assertion, in Extensions or Advice, or in
// an element where SAML puts none (an EntityDescriptor). It need not
// verify: a verifier that finds signatures by searching the document may
// still check it in place of the assertion's.
func sigStray(c *Verification, isModel func(*saml.SignatureResult) bool, el *etree.Element) *saml.SignatureResult {
	for i := range c.Results {
		r := &c.Results[i]
		if !isModel(r) && r.Signature.Parent != el {
			return r
		}
	}
	return nil
}

// sigOtherSigned returns a signature that verifies over an Assertion (or a
// protocol message holding one) other than el, anywhere in the message
// (beside it, in Extensions, nested in its Advice), or nil.
func sigOtherSigned(c *Verification, el *etree.Element) *saml.SignatureResult {
	for i := range c.Results {
		r := &c.Results[i]
		if !r.CryptoOK() || r.Signature.Parent == el {
			continue
		}
		if r.Signature.Parent.Tag == "Assertion" || len(r.Signature.Parent.FindElements(".//Assertion")) > 0 {
			return r
		}
	}
	return nil
}
