package checks

import (
	"strings"

	"github.com/samlcheck/samlcheck/checks/scim"
)

// scimGroupMembersRule: at most 100 members (or membership changes) in one
// request; no replacing or removing all members at once (developer guide,
// creategroup, patchgroup, limitations).
var scimGroupMembersRule = &Rule{
	ID:       "scim/group-members",
	Title:    "a SCIM Group request carries more than 100 members, or replaces or removes all members",
	Severity: Error,
	Profiles: []Profile{SCIM},
	Doc: "IAM Identity Center accepts at most 100 members, or 100 membership changes, in one Group request, and does not support " +
		"replacing the member list or removing all members in one request; a larger or such request is refused and the group's " +
		"membership stays as it was.",
	Fix: "Have the provisioning connector send membership changes in batches of at most 100, as add and remove operations on members " +
		"with the members' ids (most identity providers do this; update the connector).",
	Refs:       []Ref{scimRef("patchgroup", "PatchGroup", "Constraints"), scimRef("creategroup", "CreateGroup", "Constraints"), scimRef("limitations", "Limitations from SCIM specification", "Functionality limitations")},
	RunCapture: runSCIM(checkSCIMGroupMembers),
}

func checkSCIMGroupMembers(_ *Config, c *scimCall) []Finding {
	if c.body == nil {
		return nil
	}
	var out []Finding
	switch c.body.Kind {
	case scim.KindGroup:
		v, _ := c.body.Get("members")
		if n := len(scimValues(v)); n > 100 {
			out = append(out, c.finding("Group %q has %d members; at most 100 are accepted in one request", c.body.String("displayName"), n))
		}
	case scim.KindPatchOp:
		if c.ep != nil && !strings.EqualFold(c.ep.Resource, "Groups") {
			return nil
		}
		changes := 0
		for _, op := range c.body.Operations() {
			kind := strings.ToLower(op.Op)
			isMembers := strings.EqualFold(op.Path, "members")
			if isMembers && (kind == "replace" || (kind == "remove" && !op.HasValue)) {
				out = append(out, c.finding("operation %d %ss all members in one request", op.Index, kind))
			}
			switch {
			case isMembers:
				changes += len(scimValues(op.Value))
			case strings.HasPrefix(strings.ToLower(op.Path), "members["):
				changes++
			case op.Path == "":
				if m, ok := op.Value.(map[string]any); ok {
					changes += len(scimValues(m["members"]))
				}
			}
		}
		if changes > 100 {
			out = append(out, c.finding("the request changes %d memberships; at most 100 are accepted in one request", changes))
		}
	}
	return out
}
