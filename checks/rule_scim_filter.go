package checks

import (
	"maps"
	"slices"
	"strings"

	"github.com/samlcheck/samlcheck/checks/scim"
)

// scimFilterRule: what IAM Identity Center's list endpoints support
// (developer guide, listusers, listgroups, limitations).
var scimFilterRule = &Rule{
	ID:       "scim/filter",
	Title:    "a SCIM request uses a filter, parameter or endpoint IAM Identity Center does not support",
	Severity: Error,
	Profiles: []Profile{SCIM},
	Doc: "IAM Identity Center's SCIM endpoint filters with the eq operator only (joined by and), on users' userName, externalId, id, " +
		"manager and groups.value and on groups' displayName, externalId, id and members; it does not support startIndex, attributes, " +
		"/Bulk, /Me and /.search. A connector that matches users on other attributes, or pages with startIndex, gets errors or wrong " +
		"matches and creates duplicates.",
	Fix: "Configure the identity provider to match users on userName (or externalId) only, and groups on displayName; update a " +
		"connector that uses the unsupported parameters.",
	Refs:       []Ref{scimRef("listusers", "ListUsers", "Not supported; Constraints"), scimRef("limitations", "Limitations from SCIM specification", "Filter limitations; Endpoint limitations")},
	RunCapture: runSCIM(checkSCIMFilter),
}

var scimFilterable = map[string][]string{
	"users":  {"username", "externalid", "id", "manager", "groups.value"},
	"groups": {"displayname", "externalid", "id", "members", "members.value"},
}

func checkSCIMFilter(_ *Config, c *scimCall) []Finding {
	if c.ep == nil {
		return nil
	}
	var out []Finding
	res := strings.ToLower(c.ep.Resource)
	switch res {
	case "bulk", "me", ".search":
		out = append(out, c.finding("the /%s endpoint is not supported", c.ep.Resource))
	}
	var filter string
	for _, k := range slices.Sorted(maps.Keys(c.ep.Query)) {
		switch {
		case strings.EqualFold(k, "startIndex"), strings.EqualFold(k, "attributes"):
			out = append(out, c.finding("the %s parameter is not supported", k))
		case strings.EqualFold(k, "filter") && filter == "" && len(c.ep.Query[k]) > 0:
			filter = c.ep.Query[k][0]
		}
	}
	if filter == "" {
		return out
	}
	f := scim.ParseFilter(filter)
	for _, l := range f.Logical {
		if l != "and" {
			out = append(out, c.finding("filter %q uses %q; only eq comparisons joined by and are supported", filter, l))
			break
		}
	}
	allowed := scimFilterable[res]
	for _, cmp := range f.Comparisons {
		if cmp.Op != "eq" {
			out = append(out, c.finding("filter %q uses operator %q; only eq is supported", filter, cmp.Op))
			continue
		}
		if allowed != nil && !slices.Contains(allowed, strings.ToLower(cmp.Attr)) {
			out = append(out, c.finding("filter %q compares %s, which %s cannot be filtered on", filter, cmp.Attr, c.ep.Resource))
		}
	}
	return out
}
