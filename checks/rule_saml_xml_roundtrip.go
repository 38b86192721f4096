package checks

import (
	"fmt"

	"github.com/samlcheck/samlcheck/saml"
)

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
		samlCoreSpec.at("§1.3 Common Data Types and §5.4.4 Canonicalization Method (namespace handling)"),
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
