package checks

// scimPrimaryEmailRule: the e-mail value should be marked primary
// (developer guide, createuser: emails "primary": true in the examples;
// provision-automatically).
var scimPrimaryEmailRule = &Rule{
	ID:       "scim/primary-email",
	Title:    "a SCIM User's e-mail is not marked primary",
	Severity: Warning,
	Profiles: []Profile{SCIM},
	Doc: "IAM Identity Center's CreateUser requires the emails value to be marked as primary. An address sent without \"primary\": true " +
		"may not become the user's primary e-mail, which the user portal, notifications and e-mail-based attribute mappings (trusted " +
		"token issuers, a SAML NameID in e-mail format) rely on.",
	Fix:        "Mark the mapped e-mail as primary in the identity provider's provisioning mapping (emails[type eq \"work\"].primary = true).",
	Refs:       []Ref{scimRef("createuser", "CreateUser", "Constraints: the emails attribute value must be marked as primary")},
	RunCapture: runSCIM(checkSCIMPrimaryEmail),
}

func checkSCIMPrimaryEmail(_ *Config, c *scimCall) []Finding {
	if !c.isUserWrite() {
		return nil
	}
	v, _ := c.body.Get("emails")
	vals := scimValues(v)
	if len(vals) != 1 {
		return nil
	}
	m, _ := vals[0].(map[string]any)
	if p, ok := m["primary"].(bool); ok && p {
		return nil
	}
	return []Finding{c.finding("the e-mail of User %q is not marked \"primary\": true", c.body.String("userName"))}
}
