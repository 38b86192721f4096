package report_test

import (
	"bytes"
	"encoding/json"
	"io"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/checks/report"
)

// sarifDoc is the part of a SARIF log the tests look at.
type sarifDoc struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				Name, Version, InformationURI string
				Rules                         []struct {
					ID                   string
					ShortDescription     struct{ Text string }
					FullDescription      struct{ Text string }
					Help                 struct{ Text, Markdown string }
					HelpURI              string
					DefaultConfiguration struct {
						Level string
					}
					Properties struct {
						Tags, Profiles []string
						Sources        []checks.Ref
					}
				}
			}
		}
		Invocations []struct {
			ExecutionSuccessful        bool
			ToolExecutionNotifications []struct {
				Level   string
				Message struct{ Text string }
			}
		}
		Artifacts []struct {
			Location struct{ URI, URIBaseID string }
		}
		Results []struct {
			RuleID              string
			RuleIndex           *int
			Level               string
			Message             struct{ Text string }
			PartialFingerprints map[string]string
			Locations           []struct {
				PhysicalLocation *struct {
					ArtifactLocation struct {
						URI, URIBaseID string
						Index          *int
					}
				}
				LogicalLocations []struct{ Name, FullyQualifiedName, Kind string }
			}
			Properties struct {
				Entry, MessageIndex *int
				XMLPath             string
			}
		}
	}
}

// sarif writes r as SARIF, checks it against the SARIF 2.1.0 schema and
// decodes it.
func sarif(t *testing.T, s schema, r *checks.Report) ([]byte, sarifDoc) {
	t.Helper()
	out := write(t, report.SARIF, r)
	require.NoError(t, s.Validate(out))
	var doc sarifDoc
	require.NoError(t, json.Unmarshal(out, &doc))
	require.Len(t, doc.Runs, 1)
	return out, doc
}

// rulesRE matches the rule descriptions of a SARIF log as SARIF writes it.
var rulesRE = regexp.MustCompile(`(?s)\n {10}"rules": \[(?:\]|\n.*?\n {10}\])\n`)

func TestSARIFGolden(t *testing.T) {
	s := sarifSchema(t)
	for _, sc := range scenarios(t) {
		t.Run(sc.name, func(t *testing.T) {
			out, doc := sarif(t, s, sc.rep)
			elided := rulesRE.ReplaceAllLiteral(out, []byte("\n          \"rules\": [\"… the rules with results: see rule.sarif.json, TestSARIFRules and TestSARIFRulesUsed …\"]\n"))
			require.NotEqual(t, out, elided, "tool.driver.rules not found")
			golden(t, sc.name+".sarif.json", elided)
			assert.Len(t, doc.Runs[0].Results, len(sc.rep.Findings))
		})
	}
}

func TestSARIFRules(t *testing.T) {
	r := fixtureReport(t, checks.IdentityCenter, "testdata/rules/idc/nameid-format/fail/unspecified.xml")
	r.Rules = append(r.Rules, "custom/ran")
	r.Findings = append(r.Findings, checks.Finding{Rule: "custom/found", Severity: checks.Warning, Message: "m", Location: checks.Location{File: "x.xml", Entry: -1, MessageIndex: 0}})
	out := write(t, func(w io.Writer, r *checks.Report) error {
		return report.SARIFWith(w, r, report.SARIFOptions{AllRules: true})
	}, r)
	require.NoError(t, sarifSchema(t).Validate(out))
	var doc sarifDoc
	require.NoError(t, json.Unmarshal(out, &doc))
	driver := doc.Runs[0].Tool.Driver
	assert.Equal(t, "samlcheck", driver.Name)
	assert.Equal(t, "v0.0.0-test", driver.Version)
	assert.Equal(t, report.InformationURI, driver.InformationURI)

	all := checks.All()
	require.Len(t, driver.Rules, len(all)+2, "every registered rule, then the report's other rule ids")
	for i, rule := range all {
		d := driver.Rules[i]
		require.Equal(t, rule.ID, d.ID, "rules are in registry order, so ruleIndex is stable")
		assert.Equal(t, rule.Title, d.ShortDescription.Text, rule.ID)
		assert.Equal(t, rule.Doc, d.FullDescription.Text, rule.ID)
		assert.Equal(t, rule.Refs[0].URL, d.HelpURI, rule.ID)
		assert.Equal(t, rule.Refs, d.Properties.Sources, rule.ID)
		assert.Equal(t, map[checks.Severity]string{checks.Error: "error", checks.Warning: "warning", checks.Info: "note"}[rule.Severity], d.DefaultConfiguration.Level, rule.ID)
		assert.Equal(t, []string{strings.Split(rule.ID, "/")[0]}, d.Properties.Tags, rule.ID)
		assert.Len(t, d.Properties.Profiles, len(rule.Profiles), rule.ID)
		for _, part := range []string{rule.Title, rule.Doc, rule.Fix, rule.Refs[0].URL} {
			assert.Contains(t, d.Help.Text, part, rule.ID)
			assert.Contains(t, d.Help.Markdown, part, rule.ID)
		}
	}
	assert.Equal(t, "custom/found", driver.Rules[len(all)].ID)
	assert.Equal(t, "custom/ran", driver.Rules[len(all)+1].ID)

	// One rule's description, as written, is a golden file.
	var raw struct {
		Runs []struct {
			Tool struct {
				Driver struct{ Rules []json.RawMessage }
			}
		}
	}
	require.NoError(t, json.Unmarshal(out, &raw))
	for i, rule := range all {
		if rule.ID == "idc/nameid-format" {
			var b bytes.Buffer
			require.NoError(t, json.Indent(&b, raw.Runs[0].Tool.Driver.Rules[i], "", "  "))
			b.WriteByte('\n')
			golden(t, "rule.sarif.json", b.Bytes())
		}
	}
}

// TestSARIFRulesUsed checks that, by default, tool.driver.rules holds only
// the rules that have results (in id order), then the other rule ids the
// results name, so that a log of one message is small.
func TestSARIFRulesUsed(t *testing.T) {
	r := fixtureReport(t, checks.IdentityCenter, "testdata/rules/idc/nameid-format/fail/unspecified.xml")
	r.Rules = []string{"saml/version", "idc/nameid-format", "custom/ran"}
	r.Findings = append(r.Findings, checks.Finding{Rule: "custom/found", Severity: checks.Warning, Message: "m", Location: checks.Location{File: "x.xml", Entry: -1, MessageIndex: 0}})
	var found []string
	for _, f := range r.Findings {
		if checks.Lookup(f.Rule) != nil && !slices.Contains(found, f.Rule) {
			found = append(found, f.Rule)
		}
	}
	out, doc := sarif(t, sarifSchema(t), r)
	var ids []string
	for _, d := range doc.Runs[0].Tool.Driver.Rules {
		ids = append(ids, d.ID)
	}
	want := slices.Clone(found)
	slices.Sort(want)
	want = append(want, "custom/found")
	assert.Equal(t, want, ids)
	for i, res := range doc.Runs[0].Results {
		require.NotNil(t, res.RuleIndex, "result %d", i)
		assert.Equal(t, res.RuleID, ids[*res.RuleIndex], "result %d: ruleIndex points at its rule", i)
	}

	all := write(t, func(w io.Writer, r *checks.Report) error {
		return report.SARIFWith(w, r, report.SARIFOptions{AllRules: true})
	}, r)
	assert.Less(t, len(out)*4, len(all), "the default log is far smaller than the one with every rule")
	assert.Contains(t, string(all), `"id": "custom/ran"`)
	assert.NotContains(t, string(out), `"id": "custom/ran"`, "a rule that ran without results is not described")
}

func TestSARIFResults(t *testing.T) {
	s := sarifSchema(t)
	for _, sc := range scenarios(t) {
		_, doc := sarif(t, s, sc.rep)
		run := doc.Runs[0]
		fingerprints := map[string]bool{}
		for i, res := range run.Results {
			f := sc.rep.Findings[i]
			assert.Equal(t, f.Rule, res.RuleID)
			require.NotNil(t, res.RuleIndex)
			assert.Equal(t, res.RuleID, run.Tool.Driver.Rules[*res.RuleIndex].ID, "ruleIndex points at the result's rule")
			assert.Equal(t, map[checks.Severity]string{checks.Error: "error", checks.Warning: "warning", checks.Info: "note"}[f.Severity], res.Level)
			assert.True(t, strings.HasPrefix(res.Message.Text, f.Message), res.Message.Text)
			assert.Contains(t, res.Message.Text, "\n\nFix: "+f.Fix)
			fp := res.PartialFingerprints["samlcheckFinding/v1"]
			assert.Len(t, fp, 32)
			assert.False(t, fingerprints[fp], "fingerprints are unique")
			fingerprints[fp] = true

			require.Len(t, res.Locations, 1)
			loc := res.Locations[0]
			require.NotNil(t, loc.PhysicalLocation)
			al := loc.PhysicalLocation.ArtifactLocation
			require.NotNil(t, al.Index)
			assert.Equal(t, run.Artifacts[*al.Index].Location.URI, al.URI, "the artifact index points at the result's file")
			assert.Equal(t, "%SRCROOT%", al.URIBaseID)
			var names []string
			for _, l := range loc.LogicalLocations {
				names = append(names, l.Kind+" "+l.Name+" "+l.FullyQualifiedName)
			}
			var want []string
			if f.Location.Entry >= 0 {
				want = append(want, "resource entry "+itoa(f.Location.Entry+1)+" ") // counted from 1
				assert.Equal(t, f.Location.Entry, *res.Properties.Entry)
			}
			if p := f.Location.XMLPath; p != "" {
				want = append(want, "element "+p[strings.LastIndex(p, "/")+1:]+" "+p)
			}
			assert.Equal(t, want, names)
			assert.Equal(t, f.Location.XMLPath, res.Properties.XMLPath)
			if f.Location.MessageIndex >= 0 {
				assert.Equal(t, f.Location.MessageIndex, *res.Properties.MessageIndex)
			} else {
				assert.Nil(t, res.Properties.MessageIndex)
			}
		}
		assert.Len(t, fingerprints, len(sc.rep.Findings))
	}
}

func TestSARIFFingerprintsTellEqualFindingsApart(t *testing.T) {
	f := checks.Finding{Rule: "saml/issuer", Severity: checks.Error, Message: "a", Location: checks.Location{File: "a.xml", Entry: -1}}
	g := f
	g.Message = "b"
	_, doc := sarif(t, sarifSchema(t), &checks.Report{SchemaVersion: "1", Tool: "samlcheck", Findings: []checks.Finding{f, g}})
	res := doc.Runs[0].Results
	require.Len(t, res, 2)
	assert.NotEqual(t, res[0].PartialFingerprints, res[1].PartialFingerprints)
}

func TestSARIFInputErrors(t *testing.T) {
	sc := scenarios(t)[2]
	_, doc := sarif(t, sarifSchema(t), sc.rep)
	inv := doc.Runs[0].Invocations
	require.Len(t, inv, 1)
	assert.False(t, inv[0].ExecutionSuccessful, "an input was not read completely")
	require.Len(t, inv[0].ToolExecutionNotifications, 2)
	assert.Equal(t, "error", inv[0].ToolExecutionNotifications[0].Level)
	assert.Equal(t, "could not read "+oddName+": har: entry 12: postData: unexpected end of JSON input", inv[0].ToolExecutionNotifications[0].Message.Text)

	_, doc = sarif(t, sarifSchema(t), scenarios(t)[1].rep)
	assert.True(t, doc.Runs[0].Invocations[0].ExecutionSuccessful)
	assert.Empty(t, doc.Runs[0].Invocations[0].ToolExecutionNotifications)
}

// A finding without a file, entry, message or XML path (a library user's
// own report) is still valid SARIF; so is standard input.
func TestSARIFFindingWithoutFile(t *testing.T) {
	r := &checks.Report{
		SchemaVersion: "1", Tool: "samlcheck",
		Inputs: []checks.Input{{File: "-", Kind: "xml", Messages: 1}},
		Findings: []checks.Finding{
			{Rule: "mine/rule", Severity: checks.Info, Message: "nowhere", Location: checks.Location{Entry: -1, MessageIndex: -1}},
			{Rule: "saml/issuer", Severity: checks.Error, Message: "from stdin", Location: checks.Location{File: "-", Entry: -1, XMLPath: "/samlp:Response"}},
			{Severity: checks.Warning, Message: "no rule at all", Location: checks.Location{Entry: -1, MessageIndex: -1}},
		},
	}
	_, doc := sarif(t, sarifSchema(t), r)
	run := doc.Runs[0]
	assert.Empty(t, run.Artifacts, "standard input is no artifact")
	require.Len(t, run.Results, 3)
	assert.Empty(t, run.Results[0].Locations)
	assert.Equal(t, "mine/rule", run.Tool.Driver.Rules[*run.Results[0].RuleIndex].ID)
	assert.Nil(t, run.Results[2].RuleIndex, "a finding without a rule id points at no rule")
	assert.Equal(t, "warning", run.Results[2].Level)
	require.Len(t, run.Results[1].Locations, 1)
	assert.Nil(t, run.Results[1].Locations[0].PhysicalLocation)
	assert.Equal(t, "/samlp:Response", run.Results[1].Locations[0].LogicalLocations[0].FullyQualifiedName)
}

func TestSARIFArtifactURIs(t *testing.T) {
	files := map[string][2]string{
		"login.har":                {"login.har", "%SRCROOT%"},
		"../captures/a b#1?.har":   {"../captures/a%20b%231%3F.har", "%SRCROOT%"},
		oddName:                    {"odd%20dir/login%2C%2010:00%20100%25.har", "%SRCROOT%"},
		"c:login.har":              {"./c:login.har", "%SRCROOT%"},
		"/tmp/é.har":               {"file:///tmp/%C3%A9.har", ""},
		"C:/Users/me/login.har":    {"file:///C:/Users/me/login.har", ""},
		"//server/share/login.har": {"file://server/share/login.har", ""},
		"dir/sub dir/response.xml": {"dir/sub%20dir/response.xml", "%SRCROOT%"},
	}
	r := &checks.Report{SchemaVersion: "1", Tool: "samlcheck"}
	for f := range files {
		r.Inputs = append(r.Inputs, checks.Input{File: f, Kind: "har"})
	}
	_, doc := sarif(t, sarifSchema(t), r)
	require.Len(t, doc.Runs[0].Artifacts, len(files))
	for i, a := range doc.Runs[0].Artifacts {
		want := files[r.Inputs[i].File]
		assert.Equal(t, want[0], a.Location.URI, r.Inputs[i].File)
		assert.Equal(t, want[1], a.Location.URIBaseID, r.Inputs[i].File)
	}
}

func itoa(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}
