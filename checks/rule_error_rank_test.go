package checks_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestErrorCausesRanked: an error page with several likely causes lists the
// errors before the warnings, each group with the rule most specific to the
// page first. On Connect's "not onboarded" page the most specific rule is
// connect/role-session-name, here only a warning (a space in the name), so
// the error of iam/role-session-name comes first.
func TestErrorCausesRanked(t *testing.T) {
	fs := runHAR(t, filepath.Join(rulesDir, "error/connect-not-onboarded/fail/ranked-causes.har"))
	var msg string
	for _, f := range fs {
		if f.Rule == "error/connect-not-onboarded" {
			msg = f.Message
		}
	}
	require.NotEmpty(t, msg)
	assert.Contains(t, msg, "likely cause: iam/role-session-name on message 1, connect/role-session-name on message 1")
}
