package report_test

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/checks/report"
	"github.com/samlcheck/samlcheck/checks/users"
	"github.com/samlcheck/samlcheck/har/capture"
)

// sameCauseReport checks, as two runs merged as package analyze merges
// them, the wrong-ACS fixture (one cause, three rules) with --acs, and an
// IAM fixture with a users list, which profile iam does not read.
func sameCauseReport(t *testing.T) *checks.Report {
	t.Helper()
	in1, c1 := fixtureCapture(t, "testdata/rules/idc/acs-url/fail/wrong-acs-same-cause.xml", "")
	in2, c2 := fixtureCapture(t, "testdata/rules/iam/role-session-name/pass/unused-users.xml", "")
	cfg := &checks.Config{Now: at, At: at, ACS: "https://us-east-1.signin.aws.amazon.com/platform/saml/acs/6a2e3f7c-1b4d-4c9e-9f7a-2d3b5c8e1a90"}
	var reps []*checks.Report
	first := 0
	for i, c := range []capture.Capture{c1, c2} {
		run := *cfg
		if i == 1 {
			run.ACS, run.Users = "", users.New("users.txt", []string{"alice@example.com"})
		}
		r, err := checks.New(&run).Check(t.Context(), []capture.Capture{c}, first)
		require.NoError(t, err)
		reps = append(reps, r)
		first += len(r.Messages)
	}
	rep := checks.Merge(reps...)
	rep.Version = "v0.0.0-test"
	rep.Inputs = []checks.Input{in1, in2}
	require.Len(t, rep.Notices, 1)
	return rep
}

// TestSameCauseAndNoticesInEveryFormat: every format says which findings
// share a cause, and what the notices say, and JSON and SARIF still
// validate against their schemas.
func TestSameCauseAndNoticesInEveryFormat(t *testing.T) {
	rep := sameCauseReport(t)

	js := write(t, report.JSON, rep)
	require.NoError(t, reportSchema(t).Validate(js))
	var doc struct {
		Findings []struct{ Rule, SameCauseAs string }
		Notices  []checks.Notice
	}
	require.NoError(t, json.Unmarshal(js, &doc))
	same := map[string]string{}
	for _, f := range doc.Findings {
		same[f.Rule] = f.SameCauseAs
	}
	assert.Equal(t, "idc/acs-url", same["saml/destination"])
	assert.Equal(t, "idc/acs-url", same["saml/recipient"])
	assert.Equal(t, "", same["idc/acs-url"])
	require.Len(t, doc.Notices, 1)
	assert.Equal(t, "unused-input", doc.Notices[0].Code)
	assert.Equal(t, []string{"testdata/rules/iam/role-session-name/pass/unused-users.xml"}, doc.Notices[0].Files)

	out, sdoc := sarif(t, sarifSchema(t), rep)
	var texts []string
	for _, r := range sdoc.Runs[0].Results {
		if r.RuleID == "saml/destination" {
			texts = append(texts, r.Message.Text)
		}
	}
	require.NotEmpty(t, texts)
	assert.Contains(t, texts[0], "(same cause as idc/acs-url)")
	assert.Contains(t, string(out), `"sameCauseAs": "idc/acs-url"`)
	ns := sdoc.Runs[0].Invocations[0].ToolExecutionNotifications
	require.Len(t, ns, 1)
	assert.Equal(t, "note", ns[0].Level)
	assert.Contains(t, ns[0].Message.Text, "--users users.txt was not used: profile iam")
	assert.True(t, sdoc.Runs[0].Invocations[0].ExecutionSuccessful, "a notice is no failure")
	assert.Contains(t, string(out), `"descriptor": {`)
	// The rules' severity cases, as explain prints them (every rule is
	// described only with --sarif-all-rules).
	all := write(t, func(w io.Writer, r *checks.Report) error {
		return report.SARIFWith(w, r, report.SARIFOptions{AllRules: true})
	}, rep)
	assert.Contains(t, string(all), "Warning when the SAML provider ARN comes first")
	assert.Contains(t, string(out), `"severityCases": [`)

	var text bytes.Buffer
	require.NoError(t, report.Text(&text, rep, report.TextOptions{Width: 200}))
	s := text.String()
	assert.Contains(t, s, "\n      same cause: ERROR saml/destination: Destination")
	assert.Contains(t, s, "\n      same cause: ERROR saml/recipient: Recipient")
	assert.NotContains(t, s, "\n  ERROR saml/destination:", "a consequence is not printed as a finding of its own")
	assert.Contains(t, s, "About the inputs:\n  INFO unused-input: for testdata/rules/iam/role-session-name/pass/unused-users.xml: --users users.txt was not used")

	junit := string(write(t, report.JUnit, rep))
	assert.Contains(t, junit, `(same cause as idc/acs-url)`)
	assert.Contains(t, junit, `<property name="notice" value="--users users.txt was not used`)

	gh := string(write(t, report.GitHub, rep))
	assert.Contains(t, gh, "::notice title=samlcheck unused-input::--users users.txt was not used")
	assert.Equal(t, 2, strings.Count(gh, "(same cause as idc/acs-url)"), gh)
}
