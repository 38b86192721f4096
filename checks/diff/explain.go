package diff

import "strings"

// explainedBy maps a rule id (or a rule family, "saml/signature-") to the
// fields whose difference explains its firing: each entry is a field key or
// a key prefix ending in "." or ":" (every field under it).
var explainedBy = []struct {
	rule   string
	fields []string
}{
	{"saml/decode", []string{"decode", "encoding"}},
	{"saml/version", []string{"kind"}},
	{"saml/status", []string{"status"}},
	{"saml/issuer", []string{"issuer", "issuer.format", "assertion.issuer", "assertion.issuer.format"}},
	{"saml/destination", []string{"destination", "posted-to"}},
	{"saml/recipient", []string{"confirmation.recipient", "destination"}},
	{"saml/subject-confirmation", []string{"confirmation."}},
	{"saml/audience", []string{"audiences"}},
	{"saml/time-window", []string{"window.", "confirmation.window", "clock-skew"}},
	{"saml/clock-skew", []string{"clock-skew"}},
	{"saml/in-response-to", []string{"flow", "confirmation.in-response-to"}},
	{"saml/signature-", []string{"signed", "signature:"}},
	{"saml/certificate", []string{"signature:"}},
	{"saml/xml-", []string{"nameid.value", "attribute:"}},
	{"saml/redirect-response", []string{"binding"}},
	{"saml/relay-state-length", []string{"relay-state"}},
	{"saml/decryption", []string{"encryption", "assertions"}},
	{"idc/nameid-format", []string{"nameid.format"}},
	{"idc/nameid-email", []string{"nameid.value"}},
	{"idc/nameid-user", []string{"nameid.value"}},
	{"idc/assertion-count", []string{"assertions", "encryption"}},
	{"idc/encrypted-assertion", []string{"encryption"}},
	{"idc/abac-", []string{"attributes", "attribute:"}},
	{"idc/acs-url", []string{"destination", "confirmation.recipient", "posted-to", "acs"}},
	{"idc/audience", []string{"audiences"}},
	{"iam/role-attribute", []string{"attribute:" + attrRole}},
	{"iam/role-session-name", []string{"attribute:" + attrSessionName}},
	{"iam/source-identity", []string{"attribute:" + attrSourceID}},
	{"iam/session-duration", []string{"attribute:" + attrDuration}},
	{"iam/session-tags", []string{"attribute:" + attrTag, "attribute:" + attrTransitive}},
	{"iam/recipient", []string{"confirmation.recipient", "destination", "encryption"}},
	{"iam/audience", []string{"audiences"}},
	{"iam/nameid", []string{"nameid."}},
	{"iam/response-size", []string{"size", "attributes"}},
	{"iam/encrypted-assertion", []string{"encryption"}},
	{"connect/role-session-name", []string{"attribute:" + attrSessionName}},
	{"connect/relay-state", []string{"relay-state"}},
	{"connect/single-role", []string{"attribute:" + attrRole}},
	{"saml/duplicate-id", []string{"assertions", "signed"}},
	// The metadata rules judge --idp-metadata, the same for both sides:
	// no field of a message explains them.
	{"idc/metadata", nil},
	{"iam/metadata", nil},
	{"error/", []string{"error-page"}},
}

// known reports whether explainedBy maps rule.
func known(rule string) bool {
	for _, e := range explainedBy {
		if rule == e.rule || (strings.HasSuffix(e.rule, "-") || strings.HasSuffix(e.rule, "/")) && strings.HasPrefix(rule, e.rule) {
			return true
		}
	}
	return false
}

// explains reports whether a difference of field explains rule's firing.
func explains(rule, field string) bool {
	for _, e := range explainedBy {
		if rule != e.rule && !(strings.HasSuffix(e.rule, "-") || strings.HasSuffix(e.rule, "/")) || !strings.HasPrefix(rule, e.rule) {
			continue
		}
		for _, f := range e.fields {
			if fieldMatches(field, f) {
				return true
			}
		}
	}
	return false
}

// fieldMatches reports whether field is f, or under f: a prefix ending in
// "." or ":", or the properties of f ("f.count", "f[2]").
func fieldMatches(field, f string) bool {
	switch {
	case field == f:
		return true
	case strings.HasSuffix(f, ".") || strings.HasSuffix(f, ":"):
		return strings.HasPrefix(field, f)
	}
	return strings.HasPrefix(field, f+".") || strings.HasPrefix(field, f+"[") || fieldIndexed(field, f)
}

// fieldIndexed matches the fields of a second confirmation or statement
// ("confirmation[2].recipient" for "confirmation.recipient").
func fieldIndexed(field, f string) bool {
	head, tail, ok := strings.Cut(f, ".")
	if !ok || !strings.HasPrefix(field, head+"[") {
		return false
	}
	_, rest, ok := strings.Cut(field, "].")
	return ok && (rest == tail || tail == "" || strings.HasPrefix(rest, tail))
}

// explainsCosmetic reports whether rule judges a property otherwise
// cosmetic (the message size: iam/response-size).
func explainsCosmetic(rule string) bool { return rule == "iam/response-size" }
