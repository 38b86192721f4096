package checks

import (
	"fmt"
	"strings"

	"github.com/samlcheck/samlcheck/checks/scim"
	"github.com/samlcheck/samlcheck/har/capture"
	"github.com/samlcheck/samlcheck/saml/binding"
)

// scimCall is one SCIM request of a capture (a HAR exchange to a
// …/scim/v2/… URL) or a SCIM document given as a file.
type scimCall struct {
	x   *capture.Exchange // nil for a file
	doc *capture.Document // the file, when x is nil
	// ep is the parsed URL (nil for a file).
	ep *scim.Endpoint
	// body is the request's document (nil when it has none or it is
	// not SCIM JSON).
	body *scim.Document
	// method is the HTTP method ("" for a file).
	method string
}

// capturedSCIM returns the SCIM calls and documents of a capture: every
// document given as a file, and the calls to an AWS host (or, with the
// scim or identity-center profile chosen explicitly, to any host: a
// mistyped or proxied endpoint); a SCIM call to another service provider
// in the same capture is none of IAM Identity Center's.
func capturedSCIM(cfg *Config, c *capture.Capture) []*scimCall {
	explicit := cfg.Profile == SCIM || cfg.Profile == IdentityCenter
	var out []*scimCall
	for i := range c.Documents {
		d := &c.Documents[i]
		if d.Kind != capture.DocumentSCIM {
			continue
		}
		if doc, err := scim.Parse([]byte(d.Text)); err == nil {
			out = append(out, &scimCall{doc: d, body: doc})
		}
	}
	for i := range c.Exchanges {
		x := &c.Exchanges[i]
		ep, err := scim.ParseEndpoint(x.Source.URL)
		if err != nil || !explicit && !strings.Contains(strings.ToLower(ep.Host), "amazonaws") {
			continue
		}
		call := &scimCall{x: x, ep: ep, method: strings.ToUpper(x.Source.Method)}
		if strings.TrimSpace(x.RequestBody) != "" {
			call.body, _ = scim.Parse([]byte(x.RequestBody))
		}
		out = append(out, call)
	}
	return out
}

// describe names the call: "entry 3 (POST …/scim/v2/Users)" or the file.
func (c *scimCall) describe() string {
	if c.x == nil {
		return "file " + c.doc.Source.File
	}
	return fmt.Sprintf("entry %d (%s %s)", c.x.Source.Entry, c.method, binding.WithoutQuery(c.x.Source.URL))
}

// entry is the call's HAR entry, or -1.
func (c *scimCall) entry() int {
	if c.x == nil {
		return -1
	}
	return c.x.Source.Entry
}

// finding returns a finding about the call.
func (c *scimCall) finding(format string, args ...any) Finding {
	f := Finding{Message: c.describe() + ": " + humanf(format, args...), Location: Location{Entry: c.entry()}}
	if c.doc != nil {
		f.Location.File = c.doc.Source.File
	}
	return f
}

// isUserWrite reports a User sent to be created or replaced: a POST or
// PUT to /Users, or a User document given as a file.
func (c *scimCall) isUserWrite() bool {
	if c.body == nil || c.body.Kind != scim.KindUser {
		return false
	}
	return c.x == nil || c.method == "POST" || c.method == "PUT"
}

// isCreate reports a POST (or a file, read as a create).
func (c *scimCall) isCreate() bool { return c.x == nil || c.method == "POST" }

// scimCheck is the check of one scim/* rule on one call, pure so that
// error/scim-response can name the findings of the request that failed.
type scimCheck func(cfg *Config, c *scimCall) []Finding

// scimChecks returns the checks of the scim/* rules by rule id, for
// error/scim-response (which runs before them: ids sort so).
func scimChecks() map[string]scimCheck {
	return map[string]scimCheck{
		scimRequiredRule.ID:     checkSCIMRequired,
		scimSingleValueRule.ID:  checkSCIMSingleValue,
		scimPrimaryEmailRule.ID: checkSCIMPrimaryEmail,
		scimUnsupportedRule.ID:  checkSCIMUnsupported,
		scimUserNameRule.ID:     checkSCIMUserName,
		scimPatchRule.ID:        checkSCIMPatch,
		scimGroupMembersRule.ID: checkSCIMGroupMembers,
		scimFilterRule.ID:       checkSCIMFilter,
		scimEndpointRule.ID:     checkSCIMEndpoint,
	}
}

// scimRuleOn reports whether the scim/* rules run on a capture: under the
// scim profile, auto (SCIM inputs choose it) or identity-center (whose
// provisioning SCIM is); not when iam, connect or saml was chosen
// explicitly.
func scimRuleOn(cfg *Config) bool {
	switch cfg.Profile {
	case "", Auto, SCIM, IdentityCenter:
		return true
	}
	return false
}

// runSCIM is the RunCapture of the scim/* rules.
func runSCIM(check scimCheck) func(p *CapturePass) {
	return func(p *CapturePass) {
		if !scimRuleOn(p.Config) {
			return
		}
		for _, c := range capturedSCIM(p.Config, p.Capture) {
			for _, f := range check(p.Config, c) {
				p.Report(f)
			}
		}
	}
}

// The sources the scim/* rules cite.
const scimDevGuide = "https://docs.aws.amazon.com/singlesignon/latest/developerguide/"

func scimRef(page, title, section string) Ref {
	return Ref{Title: "IAM Identity Center SCIM Implementation Developer Guide: " + title, URL: scimDevGuide + page + ".html", Section: section}
}

// scimValues returns a multi-valued attribute's values (nil when absent;
// a single object counts as one value).
func scimValues(v any) []any {
	switch x := v.(type) {
	case []any:
		return x
	case nil:
		return nil
	}
	return []any{v}
}

// scimRules are the SCIM provisioning rules.
var scimRules = []*Rule{
	scimEndpointRule,
	scimFilterRule,
	scimGroupMembersRule,
	scimPatchRule,
	scimPrimaryEmailRule,
	scimRequiredRule,
	scimResponseRule,
	scimSingleValueRule,
	scimUnsupportedRule,
	scimUserNameRule,
}
