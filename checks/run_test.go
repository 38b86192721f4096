package checks

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/samlcheck/samlcheck/har/capture"
	"github.com/samlcheck/samlcheck/saml"
)

// TestRunDespiteErrors: a message that does not decode reaches only the
// rules with RunDespiteErrors, with Message nil and DecodeErr set; saml/decode
// is one of them and the only registered one.
func TestRunDespiteErrors(t *testing.T) {
	var despite, plain int
	rules := []*Rule{
		{ID: "x/despite", Profiles: allProfiles, RunDespiteErrors: true, Run: func(p *Pass) {
			despite++
			assert.Nil(t, p.Message)
			assert.Error(t, p.DecodeErr)
		}},
		{ID: "x/plain", Profiles: allProfiles, Run: func(*Pass) { plain++ }},
	}
	bad := saml.Encoded{Binding: saml.BindingPOST, Param: "SAMLResponse", Value: "%%% not base64", Source: saml.Source{Entry: -1}}
	rep, err := Run(context.Background(), &Config{Rules: rules}, []saml.Encoded{bad})
	require.NoError(t, err)
	require.NotEmpty(t, rep.Messages[0].DecodeError)
	assert.Equal(t, 1, despite)
	assert.Zero(t, plain)
	assert.Equal(t, []string{"x/despite"}, rep.Rules)

	var ids []string
	for _, r := range All() {
		if r.RunDespiteErrors {
			ids = append(ids, r.ID)
		}
	}
	assert.Equal(t, []string{decodeRule.ID}, ids)
}

// TestMerge: Merge appends what each report holds, sorts the findings as a
// run does, keeps each rule once and merges notices naming the same input.
func TestMerge(t *testing.T) {
	empty := Merge()
	assert.Equal(t, newReport().Messages, empty.Messages)
	assert.NotNil(t, empty.Findings)
	assert.NotNil(t, empty.Rules)
	assert.NotNil(t, empty.Inputs)
	assert.Nil(t, empty.Notices)

	n := Notice{Code: NoticeUnusedInput, Input: "--users", Message: "m"}
	a := &Report{Inputs: []Input{{File: "b.xml"}}, Messages: []MessageSummary{{Index: 0, File: "b.xml"}},
		Findings: []Finding{{Rule: "x/z", Location: Location{File: "b.xml"}}}, Rules: []string{"x/z", "x/a"},
		Notices: []Notice{withFiles(n, "b.xml")}, Captures: []CaptureSummary{{File: "b.xml"}}, Version: "v1"}
	b := &Report{Inputs: []Input{{File: "a.xml"}}, Messages: []MessageSummary{{Index: 1, File: "a.xml"}},
		Findings: []Finding{{Rule: "x/a", Location: Location{File: "a.xml", MessageIndex: 1}}}, Rules: []string{"x/a"},
		Notices: []Notice{withFiles(n, "a.xml")}, Tokens: []TokenSummary{{File: "a.xml"}}}
	m := Merge(a, nil, b)
	assert.Equal(t, "v1", m.Version)
	assert.Equal(t, SchemaVersion, m.SchemaVersion)
	assert.Equal(t, []Input{{File: "b.xml"}, {File: "a.xml"}}, m.Inputs)
	assert.Equal(t, []int{0, 1}, []int{m.Messages[0].Index, m.Messages[1].Index})
	assert.Equal(t, []string{"x/a", "x/z"}, m.Rules)
	require.Len(t, m.Findings, 2)
	assert.Equal(t, "a.xml", m.Findings[0].Location.File, "findings sorted by file")
	require.Len(t, m.Notices, 1)
	assert.Equal(t, []string{"b.xml", "a.xml"}, m.Notices[0].Files)
	assert.Len(t, m.Captures, 1)
	assert.Len(t, m.Tokens, 1)
	assert.Equal(t, []string{"x/z", "x/a"}, a.Rules, "the parts are not changed")
}

func withFiles(n Notice, files ...string) Notice {
	n.Files = files
	return n
}

// TestSharedOnUndecoded: a rule that runs despite decoding errors may read
// the shared results; they are empty for a message that did not decode,
// in a redacted capture too.
func TestSharedOnUndecoded(t *testing.T) {
	var v *Verification
	var f FlowPair
	rule := &Rule{ID: "x/despite", Profiles: allProfiles, RunDespiteErrors: true, Requires: []Requirement{Signatures, Flow},
		Run: func(p *Pass) { v, f = ResultOf(p, Signatures), ResultOf(p, Flow) }}
	bad := saml.Encoded{Binding: saml.BindingPOST, Param: "SAMLResponse", Value: "%%% not base64", Source: saml.Source{Entry: -1}}
	_, err := RunCaptures(context.Background(), &Config{Rules: []*Rule{rule}}, []capture.Capture{{Messages: []saml.Encoded{bad}, Redacted: true}})
	require.NoError(t, err)
	require.NotNil(t, v)
	assert.Empty(t, v.Results)
	assert.Equal(t, FlowPair{}, f)
}
