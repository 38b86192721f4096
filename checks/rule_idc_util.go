package checks

import (
	"fmt"
	"strings"

	"github.com/samlcheck/samlcheck/saml"
)

// accessControlPrefix names the attributes Identity Center reads for
// attribute-based access control (ABAC).
const accessControlPrefix = "https://aws.amazon.com/SAML/Attributes/AccessControl:"

// abacOn reports whether the ABAC rules apply to assertion a: forced by
// configuration, or because a carries AccessControl attributes.
func abacOn(p *Pass, a *saml.Assertion) bool {
	p.use(GivenABAC)
	if p.Config.ABAC {
		return true
	}
	for _, at := range a.Attributes {
		if strings.HasPrefix(at.Name, accessControlPrefix) {
			return true
		}
	}
	return false
}

// abacAssertions calls f for each assertion the ABAC rules apply to.
func abacAssertions(p *Pass, f func(a *saml.Assertion)) {
	for _, a := range p.Assertions() {
		if abacOn(p, a) {
			f(a)
		}
	}
}

const abacDocTail = " IAM Identity Center rejects the whole assertion when attributes for access control are enabled, " +
	"and the sign-in ends on \"An unexpected error has occurred\"."

var abacRefs = []Ref{idcABAC, idcUnexpectedError}

// clip shortens s to n runes for display.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return fmt.Sprint(string(r[:n]), "…")
}

// statusSuccess is the top-level StatusCode of a successful response.
const statusSuccess = "urn:oasis:names:tc:SAML:2.0:status:Success"

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

var idcSAMLRefs = []Ref{
	idcOtherIdPs.at("Configure the IdP with the IAM Identity Center ACS URL and issuer URL from the IAM Identity Center SAML metadata"),
	idcUnexpectedError,
}

// nameIDEmailFormat is the only NameID format IAM Identity Center accepts
// from an external IdP.
const nameIDEmailFormat = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"

var idcNameIDRefs = []Ref{
	idcUnexpectedError,
	idcOtherIdPs.at("SAML assertion requirements: NameID"),
}

// nameIDs calls f with each assertion's subject NameID; an assertion with
// none is passed with a nil NameID.
func nameIDs(p *Pass, f func(a *saml.Assertion, n *saml.NameID)) {
	for _, a := range p.Assertions() {
		var n *saml.NameID
		if a.Subject != nil {
			n = a.Subject.NameID
		}
		f(a, n)
	}
}

// count says "1 user", "2 users".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
