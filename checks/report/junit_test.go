package report_test

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/checks/report"
)

type junitDoc struct {
	XMLName  xml.Name `xml:"testsuites"`
	Name     string   `xml:"name,attr"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Errors   int      `xml:"errors,attr"`
	Suites   []struct {
		Name       string `xml:"name,attr"`
		Tests      int    `xml:"tests,attr"`
		Failures   int    `xml:"failures,attr"`
		Errors     int    `xml:"errors,attr"`
		Properties []struct {
			Name  string `xml:"name,attr"`
			Value string `xml:"value,attr"`
		} `xml:"properties>property"`
		Cases []struct {
			ClassName string `xml:"classname,attr"`
			Name      string `xml:"name,attr"`
			Time      string `xml:"time,attr"`
			Failure   *struct {
				Message string `xml:"message,attr"`
				Type    string `xml:"type,attr"`
				Text    string `xml:",chardata"`
			} `xml:"failure"`
			Error *struct {
				Message string `xml:"message,attr"`
				Type    string `xml:"type,attr"`
				Text    string `xml:",chardata"`
			} `xml:"error"`
			SystemOut string `xml:"system-out"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

// junit writes r as JUnit XML, checks that it is well-formed and decodes it.
func junit(t *testing.T, r *checks.Report) ([]byte, junitDoc) {
	t.Helper()
	out := write(t, report.JUnit, r)
	dec := xml.NewDecoder(bytes.NewReader(out))
	for {
		_, err := dec.Token()
		if err != nil {
			require.Equal(t, "EOF", err.Error(), "JUnit output is not well-formed XML")
			break
		}
	}
	var doc junitDoc
	require.NoError(t, xml.Unmarshal(out, &doc))
	// The counts add up.
	tests, failures, errs := 0, 0, 0
	for _, s := range doc.Suites {
		f, e := 0, 0
		for _, c := range s.Cases {
			assert.Equal(t, "0", c.Time)
			if c.Failure != nil {
				f++
			}
			if c.Error != nil {
				e++
			}
		}
		assert.Equal(t, len(s.Cases), s.Tests, s.Name)
		assert.Equal(t, f, s.Failures, s.Name)
		assert.Equal(t, e, s.Errors, s.Name)
		tests, failures, errs = tests+s.Tests, failures+f, errs+e
	}
	assert.Equal(t, "samlcheck", doc.Name)
	assert.Equal(t, []int{tests, failures, errs}, []int{doc.Tests, doc.Failures, doc.Errors})
	return out, doc
}

func TestJUnitGolden(t *testing.T) {
	for _, sc := range scenarios(t) {
		t.Run(sc.name, func(t *testing.T) {
			out, _ := junit(t, sc.rep)
			golden(t, sc.name+".junit.xml", out)
		})
	}
}

// Every rule that ran on a message is a test case of it; warnings and
// errors fail it, info findings do not.
func TestJUnitCases(t *testing.T) {
	for _, sc := range scenarios(t) {
		_, doc := junit(t, sc.rep)
		cases := map[string]int{} // "class\x00rule" → index in suite
		for _, s := range doc.Suites {
			for i, c := range s.Cases {
				key := c.ClassName + "\x00" + c.Name
				assert.NotContains(t, cases, key, "one test case per rule and message")
				cases[key] = i
			}
		}
		for _, m := range sc.rep.Messages {
			class := m.File + " message " + itoa(m.Index+1)
			for _, id := range m.Rules {
				_, bare := cases[class+"\x00"+id]
				_, withKind := cases[class+" ("+string(m.Kind)+")\x00"+id]
				_, withParam := cases[class+" ("+m.Param+")\x00"+id]
				found := bare || withKind || withParam
				assert.True(t, found, "no test case for rule %s on message %d", id, m.Index)
			}
		}
		for _, s := range doc.Suites {
			for _, c := range s.Cases {
				var failing, info int
				for _, f := range sc.rep.Findings {
					if f.Rule != c.Name || !strings.HasPrefix(c.ClassName, f.Location.File+" ") {
						continue
					}
					if f.Severity >= checks.Warning {
						failing++
						if c.Failure != nil {
							assert.Contains(t, c.Failure.Text, f.Message)
						}
					} else {
						info++
						assert.Contains(t, c.SystemOut, f.Message, "info goes to system-out")
					}
				}
				if c.Name == "read" {
					continue
				}
				assert.Equal(t, failing > 0, c.Failure != nil, "%s %s", c.ClassName, c.Name)
				if info > 0 && failing == 0 {
					assert.Nil(t, c.Failure, "info findings do not fail a test case")
				}
			}
		}
	}
}

func TestJUnitInputs(t *testing.T) {
	_, doc := junit(t, scenarios(t)[2].rep)
	require.Len(t, doc.Suites, 2)
	odd := doc.Suites[0]
	assert.Equal(t, oddName, odd.Name)
	require.NotEmpty(t, odd.Cases)
	read := odd.Cases[0]
	assert.Equal(t, "read", read.Name)
	require.NotNil(t, read.Error)
	assert.Equal(t, "read-error", read.Error.Type)
	assert.Equal(t, "har: entry 12: postData: unexpected end of JSON input\nhar: truncated after entry 12", read.Error.Text)
	assert.Equal(t, 1, odd.Errors)

	var capture []string
	for _, c := range odd.Cases {
		if c.ClassName == oddName+" capture" {
			capture = append(capture, c.Name)
			if c.Name == "error/idc-not-you-its-us" {
				require.NotNil(t, c.Failure)
				assert.Equal(t, "error", c.Failure.Type)
			}
		}
	}
	assert.Equal(t, scenarios(t)[2].rep.Captures[0].Rules, capture)

	empty := doc.Suites[1]
	assert.Equal(t, "empty.har", empty.Name)
	assert.Equal(t, 0, empty.Failures)
	for _, c := range empty.Cases {
		assert.Equal(t, "empty.har capture", c.ClassName, "a file without messages has only capture test cases")
	}
	var props []string
	for _, p := range empty.Properties {
		props = append(props, p.Name+"="+p.Value)
	}
	assert.Equal(t, []string{"kind=har", "entries=3", "messages=0"}, props)
}

func TestJUnitFailureHoldsEveryFinding(t *testing.T) {
	loc := checks.Location{File: "a.xml", Entry: -1, MessageIndex: 0, XMLPath: "/samlp:Response"}
	r := &checks.Report{
		SchemaVersion: "1", Tool: "samlcheck",
		Messages: []checks.MessageSummary{{Index: 0, File: "a.xml", Entry: -1, Kind: "Response", Rules: []string{"saml/issuer"}}},
		Findings: []checks.Finding{
			{Rule: "saml/issuer", Severity: checks.Warning, Message: "first <one> & \"two\"", Fix: "fix it", Location: loc},
			{Rule: "saml/issuer", Severity: checks.Error, Message: "second\x01\ttab", Location: loc},
			{Rule: "saml/issuer", Severity: checks.Info, Message: "a hint", Location: loc},
		},
	}
	out, doc := junit(t, r)
	require.Len(t, doc.Suites, 1)
	require.Len(t, doc.Suites[0].Cases, 1)
	c := doc.Suites[0].Cases[0]
	assert.Equal(t, "a.xml message 1 (Response)", c.ClassName)
	require.NotNil(t, c.Failure)
	assert.Equal(t, "error", c.Failure.Type, "the worst severity")
	assert.Equal(t, "first <one> & \"two\" (and 1 more)", c.Failure.Message)
	assert.Equal(t, "WARNING saml/issuer: first <one> & \"two\"\nwhere: message 1 (Response), /samlp:Response\nfix: fix it\n\n"+
		"ERROR saml/issuer: second\uFFFD\ttab\nwhere: message 1 (Response), /samlp:Response", c.Failure.Text)
	assert.Equal(t, "INFO saml/issuer: a hint\nwhere: message 1 (Response), /samlp:Response", c.SystemOut)
	assert.NotContains(t, string(out), "\x01")
}

// Findings without a file or without a message summary (a hand-built
// report) still get their test cases.
func TestJUnitKeepsEveryFinding(t *testing.T) {
	r := &checks.Report{
		SchemaVersion: "1", Tool: "samlcheck",
		Findings: []checks.Finding{
			{Rule: "mine/a", Severity: checks.Error, Message: "no file", Location: checks.Location{Entry: -1, MessageIndex: -1}},
			{Rule: "mine/b", Severity: checks.Warning, Message: "no summary", Location: checks.Location{File: "b.xml", Entry: -1, MessageIndex: 4}},
		},
	}
	_, doc := junit(t, r)
	require.Len(t, doc.Suites, 2)
	assert.Equal(t, "b.xml", doc.Suites[0].Name)
	require.Len(t, doc.Suites[0].Cases, 1)
	assert.Equal(t, "b.xml message 5", doc.Suites[0].Cases[0].ClassName)
	assert.NotNil(t, doc.Suites[0].Cases[0].Failure)
	assert.Equal(t, "(no file)", doc.Suites[1].Name)
	require.Len(t, doc.Suites[1].Cases, 1)
	assert.Equal(t, "(no file) capture", doc.Suites[1].Cases[0].ClassName)
	assert.Equal(t, 2, doc.Failures)
}
