package checks

import (
	"cmp"
	"slices"
)

// registry is the rule catalogue sorted by id, and the package's only state.
// It is built once from the families' explicit lists below. Rule ids are a
// contract with users' CI configurations: never rename or reuse one. Each
// rule is in rule_<id>.go, its id's "/" and "-" written "_"
// (TestRuleFiles holds the layout); helpers a family shares are in
// rule_<family>_util.go.
var registry = sortedRules(
	samlRules,        // SAML 2.0 core, profiles and bindings
	signatureRules,   // signatures, trust and XML attacks
	idcRules,         // IAM Identity Center
	idcMetadataRules, // IAM Identity Center IdP metadata
	iamRules,         // AWS IAM SAML federation
	connectRules,     // Amazon Connect
	errorRules,       // error pages and error JSON in a HAR
	scimRules,        // IAM Identity Center SCIM provisioning
	oidcRules,        // trusted identity propagation JWTs, Cognito and ALB
)

// idcRules are the IAM Identity Center rules.
var idcRules = []*Rule{
	abacAttributeCountRule,
	abacDuplicateNameRule,
	abacMultiValuedRule,
	abacNameFormatRule,
	abacXMLValueRule,
	idcACSURLRule,
	assertionCountRule,
	idcAudienceRule,
	encryptedAssertionRule,
	nameIDEmailRule,
	nameIDFormatRule,
	nameIDUserRule,
}

// samlRules are the SAML 2.0 rules that need no signature verification.
var samlRules = []*Rule{
	audienceRule,
	clockSkewRule,
	decodeRule,
	decryptionRule,
	destinationRule,
	inResponseToRule,
	issuerRule,
	recipientRule,
	redirectResponseRule,
	relayStateLengthRule,
	statusRule,
	subjectConfirmationRule,
	timeWindowRule,
	versionRule,
}

func sortedRules(families ...[]*Rule) []*Rule {
	all := slices.Concat(families...)
	slices.SortFunc(all, func(a, b *Rule) int { return cmp.Compare(a.ID, b.ID) })
	return all
}

// All returns every registered rule, sorted by id. The slice is a copy:
// callers may append their own rules to it and pass it in Config.Rules.
func All() []*Rule { return slices.Clone(registry) }

// Lookup returns the registered rule with the given id, or nil.
func Lookup(id string) *Rule {
	for _, r := range registry {
		if r.ID == id {
			return r
		}
	}
	return nil
}
