package checks

import (
	"strings"

	"github.com/samlcheck/samlcheck/checks/scim"
)

// scimPatchRule: PATCH operations (RFC 7644 §3.5.2; developer guide,
// patchuser).
var scimPatchRule = &Rule{
	ID:       "scim/patch",
	Title:    "a SCIM PATCH operation is malformed or changes what cannot be changed",
	Severity: Error,
	Profiles: []Profile{SCIM},
	Doc: "Each operation of a PatchOp request needs an op; remove needs a path; add and replace need a value (RFC 7644 §3.5.2). IAM " +
		"Identity Center does not let PATCH remove userName or active. Such a request is answered 400 and the change is not made.",
	Fix: "Fix the provisioning connector's PATCH requests (most identity providers: update the SCIM app or its attribute mapping); to " +
		"disable a user, replace active with false instead of removing it.",
	Refs:       []Ref{scimRef("patchuser", "PatchUser", "Not supported; Constraints"), {Title: "RFC 7644: SCIM Protocol", URL: "https://www.rfc-editor.org/rfc/rfc7644", Section: "3.5.2 Modifying with PATCH"}},
	RunCapture: runSCIM(checkSCIMPatch),
}

func checkSCIMPatch(_ *Config, c *scimCall) []Finding {
	if c.body == nil || c.body.Kind != scim.KindPatchOp {
		return nil
	}
	var out []Finding
	for _, op := range c.body.Operations() {
		kind := strings.ToLower(op.Op)
		switch {
		case kind == "":
			out = append(out, c.finding("operation %d has no op", op.Index))
		case kind == "remove" && op.Path == "":
			out = append(out, c.finding("operation %d removes without a path", op.Index))
		case (kind == "add" || kind == "replace") && !op.HasValue:
			out = append(out, c.finding("operation %d (%s) has no value", op.Index, op.Op))
		case kind == "remove" && (strings.EqualFold(op.Path, "userName") || strings.EqualFold(op.Path, "active")):
			out = append(out, c.finding("operation %d removes %s, which cannot be removed", op.Index, op.Path))
		}
	}
	return out
}
