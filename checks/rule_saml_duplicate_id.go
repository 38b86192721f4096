package checks

import (
	"strings"

	"github.com/samlcheck/samlcheck/saml"
)

var duplicateIDRule = &Rule{
	ID:       "saml/duplicate-id",
	Title:    "two elements share an ID",
	Severity: Error,
	Profiles: allProfiles,
	Doc: "ID attributes are of type xs:ID and must be unique in a document. XML signatures name what they sign by " +
		"ID, so with two elements of one ID the verifier and the reader may take different ones (a signature " +
		"wrapping trick); schema-validating service providers reject the document outright.",
	Fix: "Make the IdP generate a fresh ID for every Response and Assertion. If the IdP's own output has unique IDs, " +
		"something on the way duplicated an element: treat the capture as a possible attack.",
	Refs: []Ref{samlCoreSpec.at("§1.3.4 ID and ID Reference Values (unique within the document)"), sigRefSAMLCoreSignature},
	Run: func(p *Pass) {
		for _, d := range p.Message.DuplicateIDs() {
			paths := make([]string, len(d.Elements))
			for i, el := range d.Elements {
				paths[i] = saml.Path(el)
			}
			p.Reportf(d.Elements[1], "ID %q is carried by %d elements (%s); expected each ID once in the document", d.ID, len(d.Elements), strings.Join(paths, ", "))
		}
	},
}
