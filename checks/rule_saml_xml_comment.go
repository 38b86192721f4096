package checks

import (
	"fmt"

	"github.com/samlcheck/samlcheck/saml"
)

var xmlCommentRule = &Rule{
	ID:       "saml/xml-comment",
	Title:    "a comment or split text node inside NameID or an AttributeValue",
	Severity: Error,
	Profiles: allProfiles,
	Doc: "Exclusive canonicalisation leaves comments out of what is signed, so a comment can be added inside a " +
		"signed NameID or AttributeValue without breaking the signature. Readers that take only the first text node " +
		"then see a truncated value: alice@example.com<!---->.evil.com reads as alice@example.com (CVE-2017-11427 and " +
		"its siblings in python-saml, ruby-saml, OneLogin's toolkits, Shibboleth, Duo). A CDATA section splits the " +
		"text the same way. No IdP writes comments there: the value was tampered with, or a template is broken.",
	Fix: "Make the IdP emit the value as plain text, with no comment, processing instruction or CDATA section in " +
		"it. If the IdP does not, find what changes the response on the way and treat the capture as a possible " +
		"attack; check that the service provider reads the whole text (all text nodes).",
	Refs: []Ref{
		samlCoreSpec.at("§2.2.3 Element <NameID>; §2.7.3.1.1 Element <AttributeValue> (string content)"),
		sigRefSAMLCoreSignature,
		sigRefIAMAssertions,
	},
	Run: func(p *Pass) {
		for _, s := range p.Message.SplitTexts() {
			what := "NameID"
			if s.Element.Tag == "AttributeValue" {
				what = "a value of attribute " + humanf("%q", sigAttributeName(s))
			}
			var split string
			switch {
			case s.Comments > 0 && s.ProcInsts > 0:
				split = "a comment and a processing instruction"
			case s.Comments == 1:
				split = "a comment"
			case s.Comments > 1:
				split = fmt.Sprintf("%d comments", s.Comments)
			case s.ProcInsts > 0:
				split = "a processing instruction"
			default:
				split = "a CDATA section"
			}
			if s.First == s.Full {
				p.Reportf(s.Element, "%s %q contains %s; expected plain text only", what, s.Full, split)
				continue
			}
			p.Reportf(s.Element, "%s %q is split by %s: a service provider that reads only the first text node gets %q instead of %q (CVE-2017-11427); expected plain text only",
				what, s.Full, split, s.First, s.Full)
		}
	},
}

// sigAttributeName returns the Name of the Attribute an AttributeValue
// belongs to.
func sigAttributeName(s saml.SplitText) string {
	if parent := s.Element.Parent(); parent != nil {
		return parent.SelectAttrValue("Name", "")
	}
	return ""
}
