package checks

import "strings"

var connectSingleRoleRule = &Rule{
	ID:       "connect/single-role",
	Title:    "more than one Role value",
	Severity: Warning,
	Profiles: connectProfiles,
	Doc: "Amazon Connect federation is set up with one IAM role for all agents. With several Role values AWS shows a " +
		"role-selection page instead of going on to Connect, and a user who once signed in with another role or " +
		"identity provider gets \"Bad Request\" from Connect.",
	Fix: "Create one IAM role for Connect federation and send only that Role value for Connect users (filter the " +
		"roles in the IdP application for Connect).",
	Refs: []Ref{
		connectSAML.at("Create an IAM role for federation (one role for federation)"),
		connectTrouble.at("Error Message: Bad Request. The request was not valid and could not be processed."),
	},
	Run: func(p *Pass) {
		for _, a := range p.Assertions() {
			vals, el := iamValues(a, iamRoleAttr)
			if len(vals) <= 1 {
				continue
			}
			var roles []string
			for _, v := range vals {
				role, provider, _ := strings.Cut(v.Text, ",")
				if strings.Contains(provider, ":role/") {
					role = provider
				}
				roles = append(roles, humanf("%q", strings.TrimSpace(role)))
			}
			iamReport(p, Warning, el, "the Role attribute has %d values (%s); Amazon Connect expects one role for federation", len(vals), strings.Join(roles, ", "))
		}
	},
}
