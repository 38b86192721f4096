package diff

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/samlcheck/samlcheck/checks"
)

// TestEveryRuleExplained: each registered rule of the SAML families names
// the fields whose difference explains it (explainedBy), so a new rule is
// placed next to its field rather than by its finding's XML path alone.
// (Rules of other inputs, such as SCIM payloads, judge no SAML field.)
func TestEveryRuleExplained(t *testing.T) {
	n := 0
	for _, r := range checks.All() {
		family, _, _ := strings.Cut(r.ID, "/")
		switch family {
		case "saml", "idc", "iam", "connect", "error":
			n++
			assert.True(t, known(r.ID), "rule %s: add it to explainedBy", r.ID)
		}
	}
	assert.Greater(t, n, 40)
}

func TestExplains(t *testing.T) {
	assert.True(t, explains("iam/role-attribute", "attribute:"+attrRole+".count"))
	assert.False(t, explains("iam/role-attribute", "attribute:"+attrSessionName), "Role is not RoleSessionName")
	assert.True(t, explains("saml/recipient", "confirmation[2].recipient"))
	assert.True(t, explains("saml/signature-untrusted", "signature:Assertion.certificate"))
	assert.True(t, explains("error/idc-unexpected", "error-page"))
	assert.False(t, explains("idc/nameid-format", "nameid.value"))
}
