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
		{Title: "SAML 2.0 Core", URL: samlCoreURL, Section: "§2.2.3 Element <NameID>; §2.7.3.1.1 Element <AttributeValue> (string content)"},
		sigRefSAMLCoreSignature,
		sigRefIAMAssertions,
	},
	Run: func(p *Pass) {
		for _, s := range p.Message.SplitTexts() {
			what := "NameID"
			if s.Element.Tag == "AttributeValue" {
				what = "a value of attribute " + sprintf("%q", sigAttributeName(s))
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

var xmlRoundtripRule = &Rule{
	ID:       "saml/xml-roundtrip",
	Title:    "the XML does not survive a parse/serialise round trip unchanged",
	Severity: Error,
	Profiles: allProfiles,
	Doc: "A service provider parses the response more than once: its signature verifier and its SAML reader may use " +
		"different XML parsers, and some re-serialise the document between the two. Constructs on which parsers " +
		"disagree (names that are not namespace-well-formed, prefix undeclarations, reserved prefixes, two " +
		"attributes with one expanded name, an ID beside a prefixed ID, a SAML prefix rebound to another namespace, " +
		"namespace URIs that only look like SAML's) let the verified document differ from the read one; this is how " +
		"the Go encoding/xml round-trip vulnerabilities (CVE-2020-29509, -29510, -29511) broke SAML libraries. IdPs " +
		"never produce them.",
	Fix: "Send the response as the IdP produced it: plain namespace declarations of the SAML, XML Signature and " +
		"XML Encryption namespaces, names with at most one colon, each attribute once. If the IdP does produce " +
		"these constructs, report it to the IdP vendor; otherwise treat the capture as a possible attack.",
	Refs: []Ref{
		{Title: "SAML 2.0 Core", URL: samlCoreURL, Section: "§1.3 Common Data Types and §5.4.4 Canonicalization Method (namespace handling)"},
		sigRefSAMLCoreSignature,
	},
	Run: func(p *Pass) {
		for _, x := range p.Message.XMLIssues() {
			msg := x.Message
			if x.Line > 0 {
				msg = fmt.Sprintf("line %d: %s", x.Line, msg)
			}
			f := Finding{Message: msg + "; expected XML that every namespace-aware parser reads the same way"}
			if x.Element != nil {
				f.Location.XMLPath = saml.Path(x.Element)
			}
			p.Report(f)
		}
	},
}
