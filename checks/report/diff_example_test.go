package report_test

import (
	"os"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/checks/diff"
	"github.com/samlcheck/samlcheck/checks/report"
	"github.com/samlcheck/samlcheck/saml"
)

// DiffText writes a comparison of two logins for people: in two columns
// where the values fit the width.
func ExampleDiffText() {
	good, bad := "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress", "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"
	r := &diff.Result{
		SchemaVersion: diff.SchemaVersion, Good: "bob.har", Bad: "alice.har",
		Pairs: []diff.Pair{{Kind: saml.KindResponse, Good: new(int), Bad: new(int), How: "by flow position: the 1st Response of each side"}},
		Differences: []diff.Difference{{
			Kind: diff.KindRule, Field: "nameid.format", Label: "NameID Format", Good: &good, Bad: &bad,
			Rules:    []string{"idc/nameid-format"},
			Findings: []diff.Finding{{Rule: "idc/nameid-format", Side: "bad", Severity: checks.Error, Message: "NameID Format is unspecified; expected emailAddress"}},
		}},
		NotCompared: "per-user values are compared by their shape only",
	}
	_ = report.DiffText(os.Stdout, r, report.DiffOptions{Width: 132})
	// Output:
	// GOOD: bob.har
	// BAD:  alice.har
	//
	// Messages compared:
	//   1. Response: GOOD message 1 with BAD message 1 (by flow position: the 1st Response of each side)
	//
	// Differences a rule judges (1):
	//                  GOOD                                                     BAD
	//   NameID Format  urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress   urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified
	//     ERROR idc/nameid-format fires on BAD only: NameID Format is unspecified; expected emailAddress
	//
	// 1 difference a rule judges, 0 structural differences.
	// Compared as models, not as XML text. per-user values are compared by their shape only.
}
