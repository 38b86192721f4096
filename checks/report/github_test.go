package report_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/checks/report"
)

func TestGitHubGolden(t *testing.T) {
	for _, sc := range scenarios(t) {
		t.Run(sc.name, func(t *testing.T) {
			out := write(t, report.GitHub, sc.rep)
			golden(t, sc.name+".github.txt", out)
			var lines []string
			if len(out) > 0 {
				lines = strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
			}
			errs := 0
			for _, in := range sc.rep.Inputs {
				errs += len(in.Errors)
			}
			require.Len(t, lines, errs+len(sc.rep.Findings), "one line per finding and per read error, nothing else")
			for i, f := range sc.rep.Findings {
				line := lines[errs+i]
				cmd := map[checks.Severity]string{checks.Error: "::error ", checks.Warning: "::warning ", checks.Info: "::notice "}[f.Severity]
				assert.True(t, strings.HasPrefix(line, cmd), line)
				assert.Contains(t, line, ",title="+f.Rule+" (")
				assert.NotContains(t, line, "line=", "there are no line numbers to give")
			}
		})
	}
}

func TestGitHubEscaping(t *testing.T) {
	r := &checks.Report{
		SchemaVersion: "1", Tool: "samlcheck",
		Inputs: []checks.Input{{File: "a,b:c%.har", Kind: "har", Errors: []string{"entry 3: bad\nJSON"}}},
		Findings: []checks.Finding{
			{Rule: "mine/rule", Severity: checks.Warning, Message: "100% wrong\r\nreally: yes, no", Location: checks.Location{File: "a,b:c%.har", Entry: 4, MessageIndex: -1}},
			{Rule: "saml/issuer", Severity: checks.Info, Message: "from stdin", Fix: "do: this", Location: checks.Location{File: "-", Entry: -1, MessageIndex: -1}},
			{Rule: "saml/version", Severity: checks.Error, Message: "no file", Location: checks.Location{Entry: -1, MessageIndex: -1}},
		},
	}
	out := string(write(t, report.GitHub, r))
	assert.Equal(t, ""+
		"::error file=a%2Cb%3Ac%25.har,title=could not read a%2Cb%3Ac%25.har::entry 3: bad%0AJSON\n"+
		"::warning file=a%2Cb%3Ac%25.har,title=mine/rule::100%25 wrong%0D%0Areally: yes, no%0Awhere: entry 5\n"+
		"::notice title=saml/issuer ("+githubProp(checks.Lookup("saml/issuer").Title)+")::from stdin%0Afix: do: this\n"+
		"::error title=saml/version ("+githubProp(checks.Lookup("saml/version").Title)+")::no file\n",
		out)
}

func TestGitHubWritesNothingWithoutFindings(t *testing.T) {
	out := write(t, report.GitHub, scenarios(t)[1].rep)
	assert.Empty(t, out)
}

// githubProp escapes a property value as the test expects it.
func githubProp(s string) string {
	return strings.NewReplacer("%", "%25", ":", "%3A", ",", "%2C").Replace(s)
}
