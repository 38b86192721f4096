package checks

import (
	"context"
	"testing"
	"time"

	"github.com/samlcheck/samlcheck/saml"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReferenceTimeNeverNow checks the fixture response pasted 8 minutes, a
// month and two years after the login, with Config.Now set as the CLI sets
// it: no time rule reports an error or a warning, and saml/time-window says
// at info that the IssueInstant was the reference time. With At set, the
// windows are checked against it.
func TestReferenceTimeNeverNow(t *testing.T) {
	msgs := readInput(t, "../testdata/inputs/response.b64")
	issued := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	for _, later := range []time.Duration{8 * time.Minute, 30 * 24 * time.Hour, 2 * 365 * 24 * time.Hour} {
		rep, err := Run(context.Background(), &Config{Now: issued.Add(later)}, msgs)
		require.NoError(t, err)
		infos := 0
		for _, f := range rep.Findings {
			switch f.Rule {
			case "saml/time-window", "saml/clock-skew", "saml/certificate":
				require.Equal(t, Info, f.Severity, "%s later: %s: %s", later, f.Rule, f.Message)
				if f.Rule == "saml/time-window" {
					infos++
					assert.Contains(t, f.Message, "the message's own IssueInstant 2026-11-01T10:00:00Z")
				}
			}
		}
		assert.Equal(t, 1, infos, "%s later", later)
	}
	rep, err := Run(context.Background(), &Config{Now: issued, At: issued.Add(8 * time.Minute)}, msgs)
	require.NoError(t, err)
	var got []string
	for _, f := range rep.Findings {
		if f.Rule == "saml/time-window" {
			got = append(got, f.Severity.String()+": "+f.Message)
		}
	}
	require.Len(t, got, 2, "Conditions and SubjectConfirmationData, at --at")
	assert.Contains(t, got[0], "(--at)")
}

// TestRefTimeOrder: the capture time wins, then At, then the IssueInstant.
func TestRefTimeOrder(t *testing.T) {
	issued := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	m := &saml.Message{Response: &saml.Response{IssueInstant: saml.Time{Raw: "2026-11-01T10:00:00Z", Time: issued}}}
	at := issued.Add(time.Hour)
	captured := issued.Add(time.Minute)
	p := &Pass{Config: &Config{At: at, Now: issued.Add(48 * time.Hour)}, Encoded: &saml.Encoded{Source: saml.Source{Entry: 3, Started: captured}}, Message: m}
	ref, from := p.RefTime()
	assert.Equal(t, captured, ref)
	assert.Equal(t, "capture time of HAR entry 4", from)
	p.Encoded.Source.Started = time.Time{}
	ref, from = p.RefTime()
	assert.Equal(t, at, ref)
	assert.Equal(t, "--at", from)
	p.Config.At = time.Time{}
	ref, from = p.RefTime()
	assert.Equal(t, issued, ref)
	assert.Equal(t, RefIssueInstant, from)
	p.Message = &saml.Message{Response: &saml.Response{IssueInstant: saml.Time{Raw: "yesterday", Err: assert.AnError}}}
	ref, from = p.RefTime()
	assert.True(t, ref.IsZero(), "never now")
	assert.Empty(t, from)
}
