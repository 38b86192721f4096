package checks

import "slices"

// registry is the rule catalogue: an explicit list sorted by id, and the
// package's only state. Rule ids are a contract with users' CI
// configurations (../shared/RULES.md): never rename or reuse one.
var registry = []*Rule{
	abacAttributeCountRule,
	abacDuplicateNameRule,
	abacMultiValuedRule,
	abacNameFormatRule,
	abacXMLValueRule,
	assertionCountRule,
	encryptedAssertionRule,
	nameIDEmailRule,
	nameIDFormatRule,
	nameIDUserRule,
	decodeRule,
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
