package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/samlcheck/samlcheck/checks"
)

// Helpers shared by the formats for CI systems (SARIF, JUnit, GitHub).

// reportFiles lists the files a report names: its inputs in order, then any
// other file its messages, captures or findings name, sorted ("" for none
// last of all).
func reportFiles(r *checks.Report) []string {
	var files, extra []string
	for _, in := range r.Inputs {
		if !slices.Contains(files, in.File) {
			files = append(files, in.File)
		}
	}
	add := func(file string) {
		if !slices.Contains(files, file) && !slices.Contains(extra, file) {
			extra = append(extra, file)
		}
	}
	for _, m := range r.Messages {
		add(m.File)
	}
	for _, c := range r.Captures {
		add(c.File)
	}
	for _, f := range r.Findings {
		add(f.Location.File)
	}
	slices.Sort(extra)
	if len(extra) > 0 && extra[0] == "" {
		extra = append(extra[1:], "")
	}
	return append(files, extra...)
}

// input returns the report's input named file, or nil.
func input(r *checks.Report, file string) *checks.Input {
	for i := range r.Inputs {
		if r.Inputs[i].File == file {
			return &r.Inputs[i]
		}
	}
	return nil
}

// message returns the summary of message i, or nil.
func message(r *checks.Report, i int) *checks.MessageSummary {
	for j := range r.Messages {
		if r.Messages[j].Index == i {
			return &r.Messages[j]
		}
	}
	return nil
}

// messageName names message i for people, 1-based as in the text format:
// "message 2 (Response)", or "message 2 (SAMLResponse)" for one that did not
// decode.
func messageName(r *checks.Report, i int) string {
	name := fmt.Sprintf("message %d", i+1)
	m := message(r, i)
	if m == nil {
		return name
	}
	kind := string(m.Kind)
	if kind == "" {
		kind = m.Param
	}
	if kind == "" {
		return name
	}
	return name + " (" + kind + ")"
}

// where says where a finding points: "message 2 (Response), entry 7,
// /samlp:Response/saml:Assertion"; "" when it says nothing.
func where(r *checks.Report, f checks.Finding) string {
	var parts []string
	if f.Location.MessageIndex >= 0 {
		parts = append(parts, messageName(r, f.Location.MessageIndex))
	}
	if f.Location.Entry >= 0 {
		parts = append(parts, fmt.Sprintf("entry %d", f.Location.Entry+1)) // counted from 1, as HAR viewers do
	}
	if f.Location.XMLPath != "" {
		parts = append(parts, f.Location.XMLPath)
	}
	return strings.Join(parts, ", ")
}

// details describes a finding on a few lines: its text, where and how to
// fix it.
func details(r *checks.Report, f checks.Finding) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: %s%s", strings.ToUpper(f.Severity.String()), f.Rule, f.Message, sameCauseSuffix(f))
	if w := where(r, f); w != "" {
		b.WriteString("\nwhere: " + w)
	}
	if f.Fix != "" {
		b.WriteString("\nfix: " + f.Fix)
	}
	return b.String()
}

// ruleTitle returns "id (title)" for a registered rule, else the id.
func ruleTitle(id string) string {
	if rule := checks.Lookup(id); rule != nil && rule.Title != "" {
		return id + " (" + rule.Title + ")"
	}
	return id
}

// errNilReport is the error of a format given no report.
func errNilReport(format string) error {
	return fmt.Errorf("report: %s: no report", format)
}

// sameCauseSuffix is " (same cause as RULE)" for a finding that reports the
// root cause a more specific rule reported, else "".
func sameCauseSuffix(f checks.Finding) string {
	if f.SameCauseAs == "" {
		return ""
	}
	return " (same cause as " + f.SameCauseAs + ")"
}
