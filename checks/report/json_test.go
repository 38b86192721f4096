package report_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/checks/report"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestJSONAsOneEncode: JSON, which writes the report member by member,
// writes the bytes one json.Encoder with SetIndent("", "  ") writes for the
// whole report (lists never null), on every scenario and on an empty
// report with a version and captures.
func TestJSONAsOneEncode(t *testing.T) {
	reports := []*checks.Report{{SchemaVersion: "1", Tool: "samlcheck"}, {Version: "v1.2.3", Captures: []checks.CaptureSummary{{File: "a<b>&.har"}}},
		// every optional list: a field added to checks.Report must be written too
		{Tokens: []checks.TokenSummary{{File: "t.jwt", Kind: "ID token"}}, Notices: []checks.Notice{{Code: "unused-input", Message: "x"}}}}
	for _, sc := range scenarios(t) {
		reports = append(reports, sc.rep)
	}
	for i, r := range reports {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		c := *r
		if c.Rules == nil {
			c.Rules = []string{}
		}
		if c.Inputs == nil {
			c.Inputs = []checks.Input{}
		}
		if c.Messages == nil {
			c.Messages = []checks.MessageSummary{}
		}
		if c.Findings == nil {
			c.Findings = []checks.Finding{}
		}
		require.NoError(t, enc.Encode(&c))
		assert.Equal(t, want.String(), string(write(t, report.JSON, r)), "report %d", i)
	}
}
