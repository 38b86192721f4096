package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/samlcheck/samlcheck/checks"
)

// RuleList writes the rules for people. When the width holds every rule on
// one line (id, severity, profiles, title: about 150 columns), each rule
// takes that line and the first source's URL below it; narrower, each rule
// takes a line with its id and severity, then its title and profiles and
// its URL, indented and wrapped. Width 0 means DefaultWidth; colour is not
// used.
func RuleList(w io.Writer, rules []*checks.Rule, opt TextOptions) error {
	width := opt.Width
	if width <= 0 {
		width = DefaultWidth
	}
	idw, sw, pw, wide := 0, 0, 0, 0
	for _, r := range rules {
		idw = max(idw, len(r.ID))
		sw = max(sw, len(severityList(r)))
		pw = max(pw, len(profileList(r, ",")))
	}
	for _, r := range rules {
		wide = max(wide, idw+1+sw+1+pw+1+visibleLen(r.Title))
	}
	bw := bufio.NewWriter(w)
	for _, r := range rules {
		src := ""
		if len(r.Refs) > 0 {
			src = r.Refs[0].URL
		}
		profiles := profileList(r, ",")
		if width >= wide {
			line := fmt.Sprintf("%-*s %-*s %-*s ", idw, r.ID, sw, severityList(r), pw, profiles)
			bw.WriteString(wrapText(line, len(line), r.Title, width))
			bw.WriteString(wrapText(strings.Repeat(" ", idw+1), idw+1, src, width))
			continue
		}
		fmt.Fprintf(bw, "%s  %s\n", r.ID, severityList(r))
		bw.WriteString(wrapText("    ", 4, r.Title+" ("+profileList(r, ", ")+")", width))
		if src != "" {
			bw.WriteString(wrapText("    ", 4, src, width))
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("report: rules: %w", err)
	}
	return nil
}

// Explain writes a rule's documentation for people: id and title, severity,
// profiles, the inputs and shared results it reads, why login fails, how to fix it, and its sources as a list (each
// source's title and section, its URL on the line below), wrapped at the
// width (0 means DefaultWidth) between words only.
func Explain(w io.Writer, r *checks.Rule, opt TextOptions) error {
	width := opt.Width
	if width <= 0 {
		width = DefaultWidth
	}
	var b strings.Builder
	b.WriteString(wrapText("", 2, r.ID+": "+r.Title, width))
	fmt.Fprintf(&b, "severity: %s\n", r.Severity)
	for _, c := range r.Cases {
		b.WriteString(wrapText("  "+c.Severity.String()+" when ", 4, c.When, width))
	}
	b.WriteString(wrapText("profiles: ", 10, profileList(r, ", "), width))
	if len(r.Uses) > 0 {
		var uses []string
		for _, u := range r.Uses {
			uses = append(uses, string(u))
		}
		b.WriteString(wrapText("reads: ", 7, strings.Join(uses, ", "), width))
	}
	if len(r.Requires) > 0 {
		var names []string
		for _, q := range r.Requires {
			names = append(names, q.Name())
		}
		b.WriteString(wrapText("shared results: ", 16, strings.Join(names, ", ")+" (Rule.Requires; checks.ResultOf)", width))
	}
	if r.RunDespiteErrors {
		b.WriteString("runs also on messages that do not decode (Rule.RunDespiteErrors)\n")
	}
	if len(r.SameCause) > 0 {
		b.WriteString(wrapText("same cause: ", 12, "findings of "+strings.Join(r.SameCause, ", ")+
			" about the same value are reported as consequences of this rule's findings", width))
	}
	b.WriteString("\nWhy login fails:\n")
	b.WriteString(wrapText("  ", 2, r.Doc, width))
	b.WriteString("\nHow to fix:\n")
	b.WriteString(wrapText("  ", 2, r.Fix, width))
	b.WriteString("\nSources:\n")
	for _, ref := range r.Refs {
		title := ref.Title
		if ref.Section != "" {
			title += ", " + ref.Section
		}
		b.WriteString(wrapText("  - ", 4, title, width))
		b.WriteString(wrapText("    ", 4, ref.URL, width))
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("report: explain: %w", err)
	}
	return nil
}

// severityList is a rule's severities, its default first: "error/warning".
func severityList(r *checks.Rule) string {
	var sevs []string
	for _, s := range r.Severities() {
		sevs = append(sevs, s.String())
	}
	return strings.Join(sevs, "/")
}

func profileList(r *checks.Rule, sep string) string {
	var profiles []string
	for _, p := range r.Profiles {
		profiles = append(profiles, string(p))
	}
	return strings.Join(profiles, sep)
}
