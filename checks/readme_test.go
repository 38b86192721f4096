package checks_test

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite README.md's rule table from the registry and pagetext/testdata/error-phrases.txt from the error signs")

// ruleTable renders the registry as the README's Markdown table.
func ruleTable() string {
	var b strings.Builder
	b.WriteString("| id | severity | profiles | what fails | source |\n|---|---|---|---|---|\n")
	for _, r := range checks.All() {
		var ps []string
		for _, p := range r.Profiles {
			ps = append(ps, string(p))
		}
		ref := r.Refs[0]
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | [%s](%s) |\n", r.ID, r.Severity, strings.Join(ps, ", "), r.Title, ref.Title, ref.URL)
	}
	return b.String()
}

// TestReadmeRuleTable keeps README.md's rule table equal to the registry.
func TestReadmeRuleTable(t *testing.T) {
	const path = "../README.md"
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	s := string(data)
	begin := strings.Index(s, "<!-- rules:begin")
	end := strings.Index(s, "<!-- rules:end -->")
	require.True(t, begin >= 0 && end > begin, "README.md lacks the rules:begin/rules:end markers")
	begin += strings.Index(s[begin:], "\n") + 1
	want := ruleTable()
	if *update {
		s = s[:begin] + want + s[end:]
		require.NoError(t, os.WriteFile(path, []byte(s), 0o644))
		return
	}
	require.Equal(t, want, s[begin:end], "README.md's rule table is stale: run go test ./checks -update")
}
