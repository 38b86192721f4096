package checks

import (
	"cmp"
	"slices"
)

// Merge returns one report holding the given reports in order, as one run
// over all their inputs would make it: their inputs, messages, captures and
// tokens appended, the rules that ran in any of them, every finding in the
// order of a run's report, and the notices that say the same about the
// same input merged into one naming all their files. The version is the
// first one set. Nil reports are skipped; with none, Merge returns an empty
// report. Message indexes are kept: check each part with the report index
// of its first message (Checker.Check's first) for them to stay unique.
func Merge(reports ...*Report) *Report {
	out := newReport()
	for _, r := range reports {
		if r == nil {
			continue
		}
		if out.Version == "" {
			out.Version = r.Version
		}
		out.Inputs = append(out.Inputs, r.Inputs...)
		out.Messages = append(out.Messages, r.Messages...)
		out.Findings = append(out.Findings, r.Findings...)
		out.Rules = append(out.Rules, r.Rules...)
		out.Captures = append(out.Captures, r.Captures...)
		out.Tokens = append(out.Tokens, r.Tokens...)
		out.Notices = append(out.Notices, r.Notices...)
		for id, gs := range r.used {
			out.use(id, gs)
		}
	}
	slices.Sort(out.Rules)
	out.Rules = slices.Compact(out.Rules)
	sortFindings(out.Findings)
	out.Notices = mergeNotices(out.Notices)
	return out
}

// sortFindings sorts findings by file, message (findings about a whole
// capture, with MessageIndex -1, first), entry, rule id, XML path and text:
// the order every output format uses.
func sortFindings(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(
			cmp.Compare(a.Location.File, b.Location.File),
			cmp.Compare(a.Location.MessageIndex, b.Location.MessageIndex),
			cmp.Compare(a.Location.Entry, b.Location.Entry),
			cmp.Compare(a.Rule, b.Rule),
			cmp.Compare(a.Location.XMLPath, b.Location.XMLPath),
			cmp.Compare(a.Message, b.Message),
		)
	})
}
