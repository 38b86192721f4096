package checks

import (
	"strings"

	"github.com/samlcheck/samlcheck/checks/scim"
)

// scimUnsupportedRule: attributes IAM Identity Center does not support
// (developer guide, limitations and createuser: "Not supported").
var scimUnsupportedRule = &Rule{
	ID:       "scim/unsupported-attribute",
	Title:    "a SCIM User carries attributes IAM Identity Center does not support",
	Severity: Warning,
	Profiles: []Profile{SCIM},
	Doc: "IAM Identity Center's SCIM implementation does not support ims, photos, x509Certificates, entitlements and password, groups " +
		"in a user create request, the display sub-attribute of emails, addresses and phoneNumbers, manager.displayName, and " +
		"meta.version; depending on the attribute the value is dropped or the request is refused, so what the identity provider shows is " +
		"not what Identity Center stores.",
	Fix: "Remove the mappings of these attributes from the identity provider's provisioning app; manage group membership through the " +
		"Groups endpoint.",
	Refs: []Ref{scimRef("createuser", "CreateUser", "Not supported; Constraints (groups on create, roles display)"), scimRef("limitations", "Limitations from SCIM specification", "User attributes tables"),
		{Title: "IAM Identity Center User Guide: Supported user and group attributes", URL: "https://docs.aws.amazon.com/singlesignon/latest/userguide/supported-attributes.html", Section: "User objects"}},
	RunCapture: runSCIM(checkSCIMUnsupported),
}

func checkSCIMUnsupported(_ *Config, c *scimCall) []Finding {
	if c.body == nil || c.body.Kind != scim.KindUser {
		return nil
	}
	var found []string
	for _, a := range []string{"ims", "photos", "x509Certificates", "entitlements", "password"} {
		if _, ok := c.body.Get(a); ok {
			found = append(found, a)
		}
	}
	if _, ok := c.body.Get("groups"); ok && c.isCreate() {
		found = append(found, "groups (on create)")
	}
	for _, a := range []string{"emails", "addresses", "phoneNumbers"} {
		v, _ := c.body.Get(a)
		for _, e := range scimValues(v) {
			if m, ok := e.(map[string]any); ok {
				if _, ok := m["display"]; ok {
					found = append(found, a+".display")
					break
				}
			}
		}
	}
	ent, _ := c.body.Attrs[strings.ToLower(scim.SchemaEnterprise)].(map[string]any)
	if _, ok := scim.Lookup(ent, "manager.displayName"); ok {
		found = append(found, "manager.displayName")
	} else if _, ok := c.body.Get("manager.displayName"); ok {
		found = append(found, "manager.displayName")
	}
	if _, ok := c.body.Get("meta.version"); ok {
		found = append(found, "meta.version")
	}
	if len(found) == 0 {
		return nil
	}
	return []Finding{c.finding("User %q carries %s, not supported by IAM Identity Center", c.body.String("userName"), strings.Join(found, ", "))}
}
