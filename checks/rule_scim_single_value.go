package checks

import "strings"

// scimSingleValueRule: "Currently list attributes only allow single item"
// (developer guide, limitations; createuser).
var scimSingleValueRule = &Rule{
	ID:       "scim/single-value",
	Title:    "a SCIM User carries several emails, phoneNumbers, addresses or roles",
	Severity: Error,
	Profiles: []Profile{SCIM},
	Doc: "IAM Identity Center's SCIM endpoint accepts one value in each multi-valued attribute it supports (emails, phoneNumbers, " +
		"addresses, roles): \"Currently list attributes only allow single item\". A user with a work and a home phone, or several e-mail " +
		"addresses, is refused with 400 and is not provisioned.",
	Fix: "In the identity provider's provisioning attribute mapping, send one value of each: map only the work e-mail and the work phone " +
		"(remove the mappings of the others).",
	Refs: []Ref{scimRef("limitations", "Limitations from SCIM specification", "Attribute limitations"), scimRef("createuser", "CreateUser", "Constraints: only single values are permitted"),
		idcTroubleshooting.at("Specific users fail to synchronize into IAM Identity Center from an external SCIM provider")},
	RunCapture: runSCIM(checkSCIMSingleValue),
}

var scimListAttrs = []string{"emails", "phoneNumbers", "addresses", "roles"}

func checkSCIMSingleValue(_ *Config, c *scimCall) []Finding {
	if c.body == nil {
		return nil
	}
	var out []Finding
	switch c.body.Kind {
	case "User":
		for _, a := range scimListAttrs {
			v, _ := c.body.Get(a)
			if n := len(scimValues(v)); n > 1 {
				out = append(out, c.finding("User %q has %d values in %s; only one is accepted", c.body.String("userName"), n, a))
			}
		}
	case "PatchOp":
		for _, op := range c.body.Operations() {
			for _, a := range scimListAttrs {
				var v any
				if strings.EqualFold(op.Path, a) {
					v = op.Value
				} else if m, ok := op.Value.(map[string]any); ok && op.Path == "" {
					v = m[strings.ToLower(a)]
				}
				if n := len(scimValues(v)); n > 1 {
					out = append(out, c.finding("operation %d (%s) sets %d values in %s; only one is accepted", op.Index, op.Op, n, a))
				}
			}
		}
	}
	return out
}
