package checks

import "strings"

// scimRequiredRule: CreateUser/PutUser need userName, name.givenName,
// name.familyName and displayName (developer guide, createuser: "Required
// attributes"; limitations).
var scimRequiredRule = &Rule{
	ID:       "scim/required-attributes",
	Title:    "a SCIM User lacks userName, name.givenName, name.familyName or displayName",
	Severity: Error,
	Profiles: []Profile{SCIM},
	Doc: "IAM Identity Center requires userName, name.givenName, name.familyName and displayName on every user it creates or replaces " +
		"through SCIM; a user without one of them, or with it empty, is answered 400 \"Request is unparsable, syntactically incorrect, " +
		"or violates schema\" and will not be provisioned, while the other users synchronise.",
	Fix: "Map the identity provider's first name, last name and display name attributes to name.givenName, name.familyName and " +
		"displayName in the provisioning app, and fill them for the users that fail (or give a default expression).",
	Refs: []Ref{scimRef("createuser", "CreateUser", "Constraints: the givenName, familyName, userName, and displayName fields are required"),
		scimRef("putuser", "PutUser", "Constraints"),
		idcTroubleshooting.at("Specific users fail to synchronize into IAM Identity Center from an external SCIM provider")},
	RunCapture: runSCIM(checkSCIMRequired),
}

func checkSCIMRequired(_ *Config, c *scimCall) []Finding {
	if !c.isUserWrite() {
		return nil
	}
	var missing []string
	for _, a := range []string{"userName", "name.givenName", "name.familyName", "displayName"} {
		if strings.TrimSpace(c.body.String(a)) == "" {
			missing = append(missing, a)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return []Finding{c.finding("User %q has no (or an empty) %s", c.body.String("userName"), strings.Join(missing, ", "))}
}
