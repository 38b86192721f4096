package checks

import (
	"fmt"
	"slices"
	"strings"

	"github.com/samlcheck/samlcheck/checks/scim"
)

// scimResponseRule: the error responses of IAM Identity Center's SCIM
// endpoint (developer guide: createuser, putuser, patchuser "Errors";
// IdC user guide, troubleshooting).
var scimResponseRule = &Rule{
	ID:       "error/scim-response",
	Title:    "IAM Identity Center's SCIM endpoint answered with an error",
	Severity: Error,
	Profiles: []Profile{SCIM},
	Doc: "A SCIM request that IAM Identity Center refuses is not applied: the user or group stays unprovisioned or out of date. 400 " +
		"means the document violates Identity Center's schema (a required attribute missing, several values where one is allowed); " +
		"401 that the Authorization header is missing or invalid (a wrong or expired access token: tokens last one year; or a wrong " +
		"tenant id in the URL); 409 that a user or group with the same userName, e-mail or externalId exists; 429 that the requests " +
		"are throttled.",
	Fix: "For 400, fix what the scim/* findings on the same request name; for 401, generate a new access token in IAM Identity Center " +
		"and copy the endpoint again; for 409, find the existing user (aws identitystore list-users) and remove the duplicate or fix " +
		"the matching attribute; for 429, let the connector retry later.",
	Refs: []Ref{scimRef("createuser", "CreateUser", "Errors"), scimRef("patchuser", "PatchUser", "Errors"), scimRef("serviceproviderconfig", "ServiceProviderConfig", "Errors"),
		idcTroubleshooting.at("Specific users fail to synchronize into IAM Identity Center from an external SCIM provider")},
	RunCapture: runSCIMResponse,
}

// scimStatusCause explains an error status.
var scimStatusCause = map[int]string{
	400: "the request violates IAM Identity Center's schema",
	401: "the Authorization header is invalid or missing: a wrong or expired access token (tokens last one year), or a wrong tenant id in the URL",
	403: "the access token is not allowed this request",
	404: "no such resource (or a wrong tenant id in the URL)",
	409: "a user or group with the same userName, e-mail or externalId already exists",
	429: "the requests are throttled",
}

func runSCIMResponse(p *CapturePass) {
	if !scimRuleOn(p.Config) {
		return
	}
	checks := scimChecks()
	ids := slices.Sorted(func(yield func(string) bool) {
		for k := range checks {
			if !yield(k) {
				return
			}
		}
	})
	for _, c := range capturedSCIM(p.Config, p.Capture) {
		if c.x == nil || c.x.Source.Status < 400 {
			continue
		}
		st := c.x.Source.Status
		msg := fmt.Sprintf("%s was answered %d", c.describe(), st)
		if e, ok := scim.ErrorOf([]byte(c.x.ResponseBody)); ok && e.Detail != "" {
			msg += humanf(" %q", e.Detail)
		}
		if cause, ok := scimStatusCause[st]; ok {
			msg += ": " + cause
		}
		if st == 401 && c.x.Authorization == "" {
			msg += "; the request had no Authorization header"
		}
		var causes []string
		for _, id := range ids {
			if !ruleSelected(p.Config, id) {
				continue
			}
			if fs := checks[id](p.Config, c); len(fs) > 0 {
				causes = append(causes, id)
			}
		}
		if len(causes) > 0 {
			msg += "; likely cause: " + strings.Join(causes, ", ") + " on the same request"
		} else if st == 400 && c.body == nil {
			msg += "; the request body is not in the capture or is not SCIM JSON"
		}
		p.Report(Finding{Message: msg, Location: Location{Entry: c.entry()}})
	}
}

// ruleSelected reports whether rule id is among the run's rules.
func ruleSelected(cfg *Config, id string) bool {
	if cfg.Rules == nil {
		return true
	}
	return slices.ContainsFunc(cfg.Rules, func(r *Rule) bool { return r.ID == id })
}
