package report

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/samlcheck/samlcheck/checks"
)

// JUnit writes the report as JUnit XML, the dialect Jenkins, GitLab and the
// GitHub test reporters read: a <testsuites> with test, failure and error
// counts, then one <testsuite> per input file (files with no message
// included), holding
//
//   - a test case named "read" whose <error> lists what could not be read of
//     the file, when something could not;
//   - one test case per per-capture rule (error/*) that ran on the file,
//     with class name "FILE capture";
//   - one test case per rule that ran on each message, with class name
//     "FILE message N (Kind)" (N counts from 1, as in the text format) and
//     the rule id as name.
//
// A test case fails when its rule reported a warning or an error on that
// message: one <failure> (type "error" or "warning", the highest) holds
// every such finding with where it points and how to fix it. Info findings
// do not fail a test case; they go to its <system-out>. A finding whose rule
// the report does not list as run still gets its test case. The output is
// deterministic: no timestamps, times are "0".
func JUnit(w io.Writer, r *checks.Report) error {
	if r == nil {
		return errNilReport("junit")
	}
	bw := bufio.NewWriter(w)
	writeJUnit(bw, buildJUnit(r))
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("report: junit: %w", err)
	}
	return nil
}

type junitSuites struct {
	Tests, Failures, Errors int
	Suites                  []junitSuite
}

type junitSuite struct {
	Name                    string
	Tests, Failures, Errors int
	Properties              [][2]string
	Cases                   []junitCase
}

type junitCase struct {
	ClassName, Name string
	Failure, Error  *junitProblem
	SystemOut       string
}

type junitProblem struct {
	Message, Type, Text string
}

// writeJUnit writes the XML by hand rather than with encoding/xml, which
// escapes every newline and quote in text as a character reference: the
// texts here are for people reading a CI page.
func writeJUnit(w *bufio.Writer, root junitSuites) {
	w.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	fmt.Fprintf(w, `<testsuites name="samlcheck" tests="%d" failures="%d" errors="%d" time="0">`+"\n", root.Tests, root.Failures, root.Errors)
	for _, s := range root.Suites {
		fmt.Fprintf(w, `  <testsuite name="%s" tests="%d" failures="%d" errors="%d" skipped="0" time="0">`+"\n",
			xmlAttr(s.Name), s.Tests, s.Failures, s.Errors)
		if len(s.Properties) > 0 {
			w.WriteString("    <properties>\n")
			for _, p := range s.Properties {
				fmt.Fprintf(w, `      <property name="%s" value="%s"/>`+"\n", xmlAttr(p[0]), xmlAttr(p[1]))
			}
			w.WriteString("    </properties>\n")
		}
		for _, c := range s.Cases {
			fmt.Fprintf(w, `    <testcase classname="%s" name="%s" time="0"`, xmlAttr(c.ClassName), xmlAttr(c.Name))
			if c.Failure == nil && c.Error == nil && c.SystemOut == "" {
				w.WriteString("/>\n")
				continue
			}
			w.WriteString(">\n")
			for _, p := range []struct {
				tag string
				p   *junitProblem
			}{{"failure", c.Failure}, {"error", c.Error}} {
				if p.p != nil {
					fmt.Fprintf(w, `      <%s message="%s" type="%s">%s</%s>`+"\n", p.tag, xmlAttr(p.p.Message), xmlAttr(p.p.Type), xmlText(p.p.Text), p.tag)
				}
			}
			if c.SystemOut != "" {
				fmt.Fprintf(w, "      <system-out>%s</system-out>\n", xmlText(c.SystemOut))
			}
			w.WriteString("    </testcase>\n")
		}
		w.WriteString("  </testsuite>\n")
	}
	w.WriteString("</testsuites>\n")
}

// xmlText escapes s for XML character data, keeping line breaks; characters
// XML 1.0 does not allow become U+FFFD.
func xmlText(s string) string {
	return xmlEscape(s, false)
}

// xmlAttr escapes s for a double-quoted XML attribute value; line breaks and
// tabs become character references, so they survive attribute
// normalisation.
func xmlAttr(s string) string {
	return xmlEscape(s, true)
}

func xmlEscape(s string, attr bool) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"' && attr:
			b.WriteString("&quot;")
		case r == '\r' || (attr && (r == '\n' || r == '\t')):
			fmt.Fprintf(&b, "&#%d;", r)
		case r == '\n' || r == '\t' || (r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || r >= 0x10000:
			b.WriteRune(r) // XML 1.0 §2.2 Char; a bad UTF-8 byte decodes as U+FFFD
		default:
			b.WriteRune(unicode.ReplacementChar)
		}
	}
	return b.String()
}

func buildJUnit(r *checks.Report) junitSuites {
	var root junitSuites
	// Findings by file, then message index (-1: the capture).
	byUnit := map[string]map[int][]checks.Finding{}
	for _, f := range r.Findings {
		if byUnit[f.Location.File] == nil {
			byUnit[f.Location.File] = map[int][]checks.Finding{}
		}
		i := max(f.Location.MessageIndex, -1)
		byUnit[f.Location.File][i] = append(byUnit[f.Location.File][i], f)
	}
	for _, file := range reportFiles(r) {
		name := file
		if name == "" {
			name = "(no file)" // a finding or message without one
		}
		s := junitSuite{Name: name}
		if in := input(r, file); in != nil {
			s.Properties = append(s.Properties, [2]string{"kind", in.Kind})
			if in.Kind == "har" {
				s.Properties = append(s.Properties, [2]string{"entries", strconv.Itoa(in.Entries)})
			}
			s.Properties = append(s.Properties, [2]string{"messages", strconv.Itoa(in.Messages)})
			for _, n := range r.Notices {
				if slices.Contains(n.Files, file) {
					s.Properties = append(s.Properties, [2]string{"notice", n.Message})
				}
			}
			if len(in.Errors) > 0 {
				s.Cases = append(s.Cases, junitCase{ClassName: name, Name: "read", Error: &junitProblem{
					Message: fmt.Sprintf("%s could not be read completely (%d problem%s)", file, len(in.Errors), plural(len(in.Errors))),
					Type:    "read-error",
					Text:    strings.Join(in.Errors, "\n"),
				}})
			}
		}
		units := byUnit[file]
		var capRules []string
		for _, c := range r.Captures {
			if c.File == file {
				capRules = append(capRules, c.Rules...)
			}
		}
		s.Cases = append(s.Cases, junitCases(r, name+" capture", capRules, units[-1])...)
		// Messages of the file in index order, and any message index only
		// findings name.
		var idx []int
		for _, m := range r.Messages {
			if m.File == file {
				idx = append(idx, m.Index)
			}
		}
		for i := range units {
			if i >= 0 && !slices.Contains(idx, i) {
				idx = append(idx, i)
			}
		}
		slices.Sort(idx)
		for _, i := range slices.Compact(idx) {
			var ran []string
			if m := message(r, i); m != nil {
				ran = m.Rules
			}
			s.Cases = append(s.Cases, junitCases(r, name+" "+messageName(r, i), ran, units[i])...)
		}
		for _, c := range s.Cases {
			s.Tests++
			if c.Failure != nil {
				s.Failures++
			}
			if c.Error != nil {
				s.Errors++
			}
		}
		root.Tests += s.Tests
		root.Failures += s.Failures
		root.Errors += s.Errors
		root.Suites = append(root.Suites, s)
	}
	return root
}

// junitCases returns one test case per rule that ran on a message or
// capture or reported on it, sorted by rule id.
func junitCases(r *checks.Report, class string, ran []string, fs []checks.Finding) []junitCase {
	ids := slices.Clone(ran)
	for _, f := range fs {
		ids = append(ids, f.Rule)
	}
	slices.Sort(ids)
	var cases []junitCase
	for _, id := range slices.Compact(ids) {
		c := junitCase{ClassName: class, Name: id}
		var failing, info []string
		var worst checks.Severity
		first := ""
		for _, f := range fs {
			if f.Rule != id {
				continue
			}
			if f.Severity < checks.Warning {
				info = append(info, details(r, f))
				continue
			}
			if first == "" {
				first = f.Message
			}
			worst = max(worst, f.Severity)
			failing = append(failing, details(r, f))
		}
		if len(failing) > 0 {
			if len(failing) > 1 {
				first += fmt.Sprintf(" (and %d more)", len(failing)-1)
			}
			c.Failure = &junitProblem{Message: first, Type: worst.String(), Text: strings.Join(failing, "\n\n")}
		}
		c.SystemOut = strings.Join(info, "\n\n")
		cases = append(cases, c)
	}
	return cases
}
