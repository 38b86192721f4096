package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/samlcheck/samlcheck/checks/diff"
)

// DiffOptions controls the text form of a comparison.
type DiffOptions struct {
	// Width is the column to wrap at (0: DefaultWidth). A difference whose
	// values fit is shown in two columns, GOOD and BAD; else on a GOOD and
	// a BAD line.
	Width int
	// Verbose shows the cosmetic differences too.
	Verbose bool
	// Color marks the severities with ANSI colours, as Text does.
	Color bool
}

// DiffText writes the comparison r for people: how the messages were
// paired, then the differences a rule judges (each with the findings of
// the rules that fire on one side only), the structural ones and, with
// Verbose, the cosmetic ones.
func DiffText(w io.Writer, r *diff.Result, opt DiffOptions) error {
	if r == nil {
		return fmt.Errorf("report: diff: no result")
	}
	width := opt.Width
	if width <= 0 {
		width = DefaultWidth
	}
	var b strings.Builder
	b.WriteString(wrapText("GOOD: ", 6, r.Good, width))
	b.WriteString(wrapText("BAD:  ", 6, r.Bad, width))
	b.WriteString("\nMessages compared:\n")
	if len(r.Pairs) == 0 {
		b.WriteString("  none: neither side has a SAML message\n")
	}
	for i, p := range r.Pairs {
		b.WriteString(wrapText(fmt.Sprintf("%3d. ", i+1), 7, pairText(p), width))
	}
	groups := []struct {
		kind  diff.Kind
		title string
	}{
		{diff.KindRule, "Differences a rule judges"},
		{diff.KindStructural, "Structural differences (no rule judges them)"},
		{diff.KindCosmetic, "Cosmetic differences"},
	}
	for _, g := range groups {
		n := r.Count(g.kind)
		if n == 0 || g.kind == diff.KindCosmetic && !opt.Verbose {
			continue
		}
		fmt.Fprintf(&b, "\n%s (%d):\n", g.title, n)
		diffRows(&b, r, g.kind, width, opt.Color)
	}
	b.WriteString("\n")
	b.WriteString(wrapText("", 0, diffSummary(r, opt.Verbose), width))
	b.WriteString(wrapText("", 0, "Compared as models, not as XML text. "+r.NotCompared+".", width))
	_, err := io.WriteString(w, b.String())
	return err
}

// pairText says which messages were compared and how they were paired.
func pairText(p diff.Pair) string {
	kind := string(p.Kind)
	if kind == "" {
		kind = "undecodable message"
	}
	switch {
	case p.Good != nil && p.Bad != nil:
		return fmt.Sprintf("%s: GOOD message %d with BAD message %d (%s)", kind, *p.Good+1, *p.Bad+1, p.How)
	case p.Good != nil:
		return fmt.Sprintf("%s: GOOD message %d alone (%s)", kind, *p.Good+1, p.How)
	case p.Bad != nil:
		return fmt.Sprintf("%s: BAD message %d alone (%s)", kind, *p.Bad+1, p.How)
	}
	return kind
}

func diffSummary(r *diff.Result, verbose bool) string {
	rules, structural, cosmetic := r.Count(diff.KindRule), r.Count(diff.KindStructural), r.Count(diff.KindCosmetic)
	if rules+structural == 0 {
		t := "No difference a rule judges and none in structure"
		if cosmetic > 0 && !verbose {
			t += fmt.Sprintf("; %s not shown (-v shows them)", count(cosmetic, "cosmetic difference", "cosmetic differences"))
		} else if cosmetic > 0 {
			t += fmt.Sprintf("; %s", count(cosmetic, "cosmetic difference", "cosmetic differences"))
		}
		return t + "."
	}
	t := fmt.Sprintf("%s a rule judges, %s", count(rules, "difference", "differences"), count(structural, "structural difference", "structural differences"))
	if cosmetic > 0 {
		t += fmt.Sprintf(", %s", count(cosmetic, "cosmetic difference", "cosmetic differences"))
		if !verbose {
			t += " (not shown; -v shows them)"
		}
	}
	return t + "."
}

// diffRows writes the differences of kind k: in two columns where label
// and values fit, else as GOOD and BAD lines.
func diffRows(b *strings.Builder, r *diff.Result, k diff.Kind, width int, color bool) {
	t := &textWriter{opt: TextOptions{Color: color}}
	label := func(d diff.Difference) string {
		if len(r.Pairs) > 1 && d.Pair >= 0 {
			return fmt.Sprintf("%d. %s", d.Pair+1, d.Label)
		}
		return d.Label
	}
	// The label column is as wide as the longest label that fits in a
	// third of the width: the values get the rest.
	labelW := 0
	for _, d := range r.Differences {
		if n := visibleLen(label(d)); d.Kind == k && n <= width/3 {
			labelW = max(labelW, n)
		}
	}
	colW := (width - 2 - labelW - 2) / 2
	header := false
	fits := func(label, good, bad string) bool {
		return colW >= 12 && visibleLen(label) <= labelW && visibleLen(good) <= colW-1 && visibleLen(bad) <= colW
	}
	for _, d := range r.Differences {
		if d.Kind == k && !header && fits(label(d), diffValue(d.Good, d.Shape), diffValue(d.Bad, d.Shape)) {
			fmt.Fprintf(b, "  %-*s  %-*s%s\n", labelW, "", colW, "GOOD", "BAD")
			header = true
		}
	}
	for _, d := range r.Differences {
		if d.Kind != k {
			continue
		}
		label := label(d)
		good, bad := diffValue(d.Good, d.Shape), diffValue(d.Bad, d.Shape)
		if fits(label, good, bad) {
			fmt.Fprintf(b, "%s\n", strings.TrimRight(fmt.Sprintf("  %-*s  %-*s%s", labelW, label, colW, good, bad), " "))
		} else {
			b.WriteString(wrapText("  ", 4, label, width))
			b.WriteString(wrapText("    GOOD: ", 10, good, width))
			b.WriteString(wrapText("    BAD:  ", 10, bad, width))
		}
		for _, f := range d.Findings {
			side := "BAD"
			if f.Side == "good" {
				side = "GOOD"
			}
			where := "fires on " + side + " only"
			if f.OtherSeverity != 0 {
				other := "GOOD"
				if side == "GOOD" {
					other = "BAD"
				}
				where = fmt.Sprintf("on %s (%s on %s)", side, strings.ToUpper(f.OtherSeverity.String()), other)
			}
			b.WriteString(wrapText("    ", 6, fmt.Sprintf("%s %s %s: %s", t.severity(f.Severity), f.Rule, where, f.Message), width))
		}
		for _, id := range d.Rules {
			told := false
			for _, f := range d.Findings {
				told = told || f.Rule == id
			}
			if !told {
				b.WriteString(wrapText("    ", 6, "also judged by "+id+" (above)", width))
			}
		}
	}
}

// diffValue shows a compared value: absent, empty, or as compared (a
// shape is marked as one).
func diffValue(v *string, shape bool) string {
	switch {
	case v == nil:
		return "(absent)"
	case *v == "":
		return "(not set)"
	case shape:
		return "shape: " + *v
	}
	return *v
}

// DiffJSON writes the comparison r as JSON: an object that the definition
// "diff" of the report's JSON Schema describes (see DiffJSONSchema).
func DiffJSON(w io.Writer, r *diff.Result) error {
	if r == nil {
		return fmt.Errorf("report: diff: no result")
	}
	c := *r
	c.Pairs = nonNil(c.Pairs)
	c.Differences = nonNil(c.Differences)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(c)
}

// DiffJSONSchema returns the JSON Schema (draft-07) of what DiffJSON
// writes: the report's schema file with the definition "diff" as its root.
func DiffJSONSchema() ([]byte, error) {
	var doc map[string]any
	if err := json.Unmarshal([]byte(jsonSchema), &doc); err != nil {
		return nil, fmt.Errorf("report: schema: %w", err)
	}
	out := map[string]any{
		"$schema":     doc["$schema"],
		"$id":         JSONSchemaID + "#/definitions/diff",
		"$ref":        "#/definitions/diff",
		"definitions": doc["definitions"],
	}
	return json.MarshalIndent(out, "", "  ")
}
