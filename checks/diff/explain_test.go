package diff

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/samlcheck/samlcheck/checks"
)

// TestEveryRuleExplained: each registered rule names the fields whose
// difference explains it (explainedBy), so a new rule is placed next to
// its field rather than by its finding's XML path alone.
func TestEveryRuleExplained(t *testing.T) {
	for _, r := range checks.All() {
		assert.True(t, known(r.ID), "rule %s: add it to explainedBy", r.ID)
	}
}

func TestExplains(t *testing.T) {
	assert.True(t, explains("iam/role-attribute", "attribute:"+attrRole+".count"))
	assert.False(t, explains("iam/role-attribute", "attribute:"+attrSessionName), "Role is not RoleSessionName")
	assert.True(t, explains("saml/recipient", "confirmation[2].recipient"))
	assert.True(t, explains("saml/signature-untrusted", "signature:Assertion.certificate"))
	assert.True(t, explains("error/idc-unexpected", "error-page"))
	assert.False(t, explains("idc/nameid-format", "nameid.value"))
}
