package checks

import (
	"slices"

	"github.com/beevik/etree"
	"github.com/samlcheck/samlcheck/saml"
)

// markSameCause marks, among the findings of one message, those that report
// the root cause a more specific rule reported too: for a finding of rule R
// with a Cause, each finding of a rule in R.SameCause with the same Cause
// gets SameCauseAs R. A finding that is itself marked explains nothing
// further, so causes do not chain.
func markSameCause(rules []*Rule, fs []Finding) {
	for i := range fs {
		f := &fs[i]
		if f.Cause == "" || f.SameCauseAs != "" {
			continue
		}
		r := findRule(rules, f.Rule)
		if r == nil || len(r.SameCause) == 0 {
			continue
		}
		for j := range fs {
			g := &fs[j]
			if j == i || g.Cause != f.Cause || g.SameCauseAs != "" || g.Location.MessageIndex != f.Location.MessageIndex || !slices.Contains(r.SameCause, g.Rule) {
				continue
			}
			g.SameCauseAs = r.ID
		}
	}
	// A finding marked as the consequence of one that is itself a
	// consequence points at the root: nameid-user → nameid-email →
	// nameid-format becomes nameid-user → nameid-format.
	for range fs {
		changed := false
		for i := range fs {
			g := &fs[i]
			if g.SameCauseAs == "" {
				continue
			}
			for j := range fs {
				f := fs[j]
				if j != i && f.Rule == g.SameCauseAs && f.Cause == g.Cause && f.Location.MessageIndex == g.Location.MessageIndex && f.SameCauseAs != "" && f.SameCauseAs != g.Rule {
					g.SameCauseAs = f.SameCauseAs
					changed = true
				}
			}
		}
		if !changed {
			break
		}
	}
}

func findRule(rules []*Rule, id string) *Rule {
	for _, r := range rules {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// acsCause is the Cause of a finding about a wrong ACS URL u (in a
// Destination or a Recipient).
func acsCause(u string) string { return "acs-url " + u }

// nameIDCause is the Cause of a finding about NameID n.
func nameIDCause(n *saml.NameID) string { return "nameid " + n.Value }

// reportCause is Reportf for a finding about the root cause cause.
func (p *Pass) reportCause(cause string, el *etree.Element, format string, args ...any) {
	f := Finding{Cause: cause, Message: humanf(format, args...)}
	if el != nil {
		f.Location.XMLPath = saml.Path(el)
	}
	p.Report(f)
}
