package checks

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
