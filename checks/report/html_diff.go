package report

import (
	"bytes"
	"crypto/sha256"
	_ "embed" // the diff page template
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/samlcheck/samlcheck/checks/diff"
)

//go:embed html/diff.html.tmpl
var diffTemplateText string

var diffTemplate = template.Must(template.New("diff").Parse(diffTemplateText))

// diffCSS is the report's style sheet and the comparison's few rules.
var diffCSS = htmlCSS + `
table.diff { table-layout: fixed; }
table.diff th[scope=row] { width: 30%; font-weight: 600; }
table.diff td.absent { color: var(--muted); font-style: italic; }
tr.k-rule th[scope=row] { border-left: .35rem solid var(--err); }
tr.k-structural th[scope=row] { border-left: .35rem solid var(--warn); }
tr.dfinding td { background: var(--panel); font-size: .9em; }
details summary h2 { display: inline; }
`

// DiffHTMLOptions controls the HTML form of a comparison.
type DiffHTMLOptions struct {
	// Version is the program's version, shown in the page's header.
	Version string
	// Verbose opens the cosmetic differences (they are always in the
	// page, collapsed without it).
	Verbose bool
}

type diffHTMLView struct {
	CSP, Version, Good, Bad string
	CSS                     template.CSS
	Class, Headline, Counts string
	Pairs                   []string
	Groups                  []diffHTMLGroup
	NotCompared             string
}

type diffHTMLGroup struct {
	ID, Title       string
	Collapsed, Open bool
	Rows            []diffHTMLRow
}

type diffHTMLRow struct {
	Kind, Label, Pair     string
	Good, Bad             string
	GoodAbsent, BadAbsent bool
	Findings              []diffHTMLFinding
	Also                  string
}

type diffHTMLFinding struct {
	Rule, Where, Severity, Message string
}

// DiffHTML writes the comparison r as one self-contained HTML page: GOOD
// and BAD side by side, the differences a rule judges first (with the
// rules' findings), then the structural ones, then the cosmetic ones
// (collapsed unless Verbose). Like HTML it loads nothing and escapes
// everything taken from the inputs.
func DiffHTML(w io.Writer, r *diff.Result, opt DiffHTMLOptions) error {
	if r == nil {
		return fmt.Errorf("report: diff: no result")
	}
	sum := sha256.Sum256([]byte(diffCSS))
	v := diffHTMLView{
		CSP:     "default-src 'none'; style-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'; img-src 'none'; form-action 'none'; base-uri 'none'",
		CSS:     template.CSS(diffCSS),
		Version: opt.Version, Good: r.Good, Bad: r.Bad, NotCompared: r.NotCompared,
		Counts: diffSummary(r, true),
	}
	if v.Version == "" {
		v.Version = "(unknown)"
	}
	switch {
	case r.Count(diff.KindRule) > 0:
		v.Class, v.Headline = "fail", "BAD differs where a rule judges it"
	case r.HasChanges():
		v.Class, v.Headline = "warn", "BAD differs in structure; no rule judges the differences"
	default:
		v.Class, v.Headline = "ok", "No difference a rule judges and none in structure"
	}
	for _, p := range r.Pairs {
		v.Pairs = append(v.Pairs, pairText(p))
	}
	for _, g := range []struct {
		kind      diff.Kind
		id, title string
	}{
		{diff.KindRule, "rule", "Differences a rule judges"},
		{diff.KindStructural, "structural", "Structural differences (no rule judges them)"},
		{diff.KindCosmetic, "cosmetic", "Cosmetic differences"},
	} {
		grp := diffHTMLGroup{ID: g.id, Title: g.title, Collapsed: g.kind == diff.KindCosmetic, Open: opt.Verbose}
		for _, d := range r.Differences {
			if d.Kind != g.kind {
				continue
			}
			row := diffHTMLRow{Kind: string(d.Kind), Label: d.Label, Good: diffValue(d.Good, d.Shape), Bad: diffValue(d.Bad, d.Shape),
				GoodAbsent: d.Good == nil, BadAbsent: d.Bad == nil}
			for _, f := range d.Findings {
				where := "fires on " + strings.ToUpper(f.Side) + " only"
				if f.OtherSeverity != 0 {
					other := "GOOD"
					if f.Side == "good" {
						other = "BAD"
					}
					where = fmt.Sprintf("on %s (%s on %s)", strings.ToUpper(f.Side), f.OtherSeverity, other)
				}
				row.Findings = append(row.Findings, diffHTMLFinding{Rule: f.Rule, Where: where, Severity: f.Severity.String(), Message: f.Message})
			}
			if len(r.Pairs) > 1 && d.Pair >= 0 {
				row.Pair = fmt.Sprintf("pair %d", d.Pair+1)
			}
			var also []string
			for _, id := range d.Rules {
				told := false
				for _, f := range d.Findings {
					told = told || f.Rule == id
				}
				if !told {
					also = append(also, id)
				}
			}
			row.Also = strings.Join(also, ", ")
			grp.Rows = append(grp.Rows, row)
		}
		if len(grp.Rows) > 0 {
			v.Groups = append(v.Groups, grp)
		}
	}
	var buf bytes.Buffer
	if err := diffTemplate.Execute(&buf, v); err != nil {
		return fmt.Errorf("report: diff: html: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}
