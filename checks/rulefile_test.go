package checks_test

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/samlcheck/samlcheck/checks"
)

// TestRuleFiles holds the package's layout: every registered rule is in
// rule_<id>.go, its id's "/" and "-" written "_", so that a rule's code is
// found from its id (saml/in-response-to: rule_saml_in_response_to.go).
func TestRuleFiles(t *testing.T) {
	name := strings.NewReplacer("/", "_", "-", "_")
	for _, r := range checks.All() {
		file := "rule_" + name.Replace(r.ID) + ".go"
		src, err := os.ReadFile(file)
		if err != nil {
			t.Errorf("rule %s: %v", r.ID, err)
			continue
		}
		if lit := strconv.Quote(r.ID); !strings.Contains(string(src), lit) {
			t.Errorf("rule %s: %s does not contain its id %s", r.ID, file, lit)
		}
	}
}
