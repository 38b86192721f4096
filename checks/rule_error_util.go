package checks

import (
	"fmt"
	"slices"
	"strings"

	"github.com/samlcheck/samlcheck/checks/pagetext"
	"github.com/samlcheck/samlcheck/har/capture"
	"github.com/samlcheck/samlcheck/saml/binding"
)

// errorRules recognise the error pages and error JSON a login ended on
// (error/*). They run per capture, after the message rules.
var errorRules = []*Rule{
	idcUnexpectedRule,
	idcNotYouRule,
	idcSessionTokenRule,
	idcInvalidMFARule,
	connectNotOnboardedRule,
	connectBadRequestRule,
	connectFederationTokenRule,
	iamSAMLErrorRule,
	invalidGrantRule,
	createTokenAccessDeniedRule,
	chatSyncAccessDeniedRule,
}

// errorRule returns the rule reporting the signs with the given id; Doc and
// Fix are the first sign's unless given.
func errorRule(id, title, doc, fix string, refs ...Ref) *Rule {
	if doc == "" || fix == "" {
		for i := range errorSigns {
			if s := &errorSigns[i]; s.rule == id {
				doc = errOr(doc, s.why)
				fix = errOr(fix, s.fix)
				break
			}
		}
	}
	return &Rule{
		ID:         id,
		Title:      title,
		Severity:   Error,
		Profiles:   Profiles(), // error/* rules run on every HAR
		Doc:        doc,
		Fix:        fix,
		Refs:       refs,
		RunCapture: runErrorSigns,
	}
}

func errOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// errorHit is a sign found on a page.
type errorHit struct {
	sign  *errorSign
	page  *capture.Page
	quote string
}

// runErrorSigns is the RunCapture of every error/* rule: it looks for the
// rule's signs on the capture's pages (the first sign of the rule that a
// page shows counts for that page) and reports each message once, at the
// first page showing it, naming the others.
func runErrorSigns(p *CapturePass) {
	var order []string
	hits := map[string][]errorHit{}
	for i := range p.Capture.Pages {
		pg := &p.Capture.Pages[i]
		var t *pagetext.Text
		for j := range errorSigns {
			s := &errorSigns[j]
			if s.rule != p.Rule.ID {
				continue
			}
			if t == nil {
				if t = pagetext.Read(pg.MimeType, pg.Text); t == nil {
					break
				}
			}
			if q, ok := s.match(t, pg); ok {
				if _, seen := hits[s.quote]; !seen {
					order = append(order, s.quote)
				}
				hits[s.quote] = append(hits[s.quote], errorHit{sign: s, page: pg, quote: q})
				break
			}
		}
	}
	for _, q := range order {
		reportErrorHits(p, hits[q])
	}
}

// reportErrorHits reports one message found on one or more pages.
func reportErrorHits(p *CapturePass, hs []errorHit) {
	first := hs[0]
	s, pg := first.sign, first.page
	var b strings.Builder
	b.WriteString(humanf("%s shows %q", describeErrorPage(pg), first.quote))
	if len(hs) > 1 {
		var entries []string
		for _, h := range hs[1:] {
			entries = append(entries, fmt.Sprint(h.page.Source.Entry+1))
		}
		fmt.Fprintf(&b, " (also entr%s %s)", errPlural(len(entries), "y", "ies"), strings.Join(entries, ", "))
	}
	b.WriteString("; ")
	b.WriteString(explainError(p, s, pg))
	if s.roles {
		if roles := errorRoleValues(p, pg); len(roles) > 0 {
			b.WriteString(humanf("; Role %s: %s", errPlural(len(roles), "value", "values"), strings.Join(roles, "; ")))
		}
	}
	why := s.why
	if s.section != "" {
		why += " (documented under \"" + s.section + "\")"
	}
	p.Report(Finding{
		Message:  b.String(),
		Why:      why,
		Fix:      s.fix,
		Location: Location{File: p.Capture.File, Entry: pg.Source.Entry, MessageIndex: -1},
	})
}

func errPlural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// describeErrorPage says which entry a page is: "entry 9 (GET
// https://…/error, status 403)", its URL without query string.
func describeErrorPage(pg *capture.Page) string {
	src := pg.Source
	var parts []string
	if src.Method != "" || src.URL != "" {
		parts = append(parts, strings.TrimSpace(src.Method+" "+binding.WithoutQuery(src.URL)))
	}
	if src.Status != 0 {
		parts = append(parts, fmt.Sprintf("status %d", src.Status))
	}
	d := fmt.Sprintf("entry %d", src.Entry+1)
	if len(parts) > 0 {
		d += " (" + strings.Join(parts, ", ") + ")"
	}
	return d
}

// maxErrorCauses bounds the likely causes a finding lists.
const maxErrorCauses = 6

// explainError points at the findings of the same capture that explain the
// error (rules the sign relates to, on messages seen before the page),
// else says why none can, or which inputs would let samlcheck check more.
func explainError(p *CapturePass, s *errorSign, pg *capture.Page) string {
	text := explainErrorSAML(p, s, pg)
	if s.rule == "error/invalid-grant" {
		return withTokenCauses(p, pg, text) // rule_oidc_link.go
	}
	return text
}

// explainErrorSAML is explainError for the causes in the SAML messages.
func explainErrorSAML(p *CapturePass, s *errorSign, pg *capture.Page) string {
	type cause struct {
		sev       Severity
		rank, msg int
		rule      string
	}
	var causes []cause
	for _, f := range p.Findings {
		if f.SameCauseAs != "" && slices.ContainsFunc(p.Findings, func(g Finding) bool {
			return g.Rule == f.SameCauseAs && g.Location.MessageIndex == f.Location.MessageIndex && errRelatedRank(s.related, g.Rule) >= 0
		}) {
			continue // its cause is listed under the more specific rule
		}
		if f.Severity < Warning || f.Location.MessageIndex < 0 || strings.HasPrefix(f.Rule, "error/") {
			continue
		}
		if pg.Source.Entry >= 0 && f.Location.Entry > pg.Source.Entry {
			continue // a message sent after the error is not its cause
		}
		rank := errRelatedRank(s.related, f.Rule)
		if rank < 0 {
			continue
		}
		i := slices.IndexFunc(causes, func(c cause) bool { return c.rule == f.Rule && c.msg == f.Location.MessageIndex })
		if i < 0 {
			causes = append(causes, cause{f.Severity, rank, f.Location.MessageIndex, f.Rule})
		} else {
			causes[i].sev = max(causes[i].sev, f.Severity)
		}
	}
	if len(causes) > 0 {
		// Errors before warnings; then the rule most specific to the page
		// (first in its related list); then message order.
		slices.SortStableFunc(causes, func(a, b cause) int {
			if a.sev != b.sev {
				return int(b.sev) - int(a.sev)
			}
			if a.rank != b.rank {
				return a.rank - b.rank
			}
			if a.msg != b.msg {
				return a.msg - b.msg
			}
			return strings.Compare(a.rule, b.rule)
		})
		var list []string
		for _, c := range causes[:min(len(causes), maxErrorCauses)] {
			item := fmt.Sprintf("%s on message %d", c.rule, c.msg+1)
			var same []string
			for _, f := range p.Findings {
				if f.SameCauseAs == c.rule && f.Location.MessageIndex == c.msg && !slices.Contains(same, f.Rule) {
					same = append(same, f.Rule)
				}
			}
			if len(same) > 0 {
				item += " (same cause: " + strings.Join(same, ", ") + ")"
			}
			list = append(list, item)
		}
		text := "likely cause: " + strings.Join(list, ", ")
		if n := len(causes) - maxErrorCauses; n > 0 {
			text += fmt.Sprintf(", and %d more", n)
		}
		return text
	}
	switch {
	case s.notSAML != "" && len(s.related) == 0:
		return "no SAML cause to look for: " + s.notSAML
	case s.notSAML != "":
		return "no rule found its cause in the SAML messages of this capture; " + s.notSAML
	}
	var missing []string
	for _, h := range s.hints {
		if !h.given(p.Config) {
			missing = append(missing, h.input+" to "+h.purpose)
		}
	}
	if len(p.Messages) == 0 {
		return "no SAML message in this capture shows a cause (record the whole login, from before signing in)"
	}
	if len(missing) == 0 {
		return "no rule found its cause in the SAML messages of this capture; check the documented causes"
	}
	return "no rule found its cause in the SAML messages of this capture; pass " + strings.Join(missing, "; ")
}

// errRelatedRank returns the position in related of the first entry matching
// rule id, or -1; an entry ending in "/" or "-" is a prefix.
func errRelatedRank(related []string, id string) int {
	for i, r := range related {
		if r == id || (strings.HasSuffix(r, "/") || strings.HasSuffix(r, "-")) && strings.HasPrefix(id, r) {
			return i
		}
	}
	return -1
}

// errorRoleValues returns the Role attribute values of the capture's messages
// sent before page pg, each with the message number.
func errorRoleValues(p *CapturePass, pg *capture.Page) []string {
	var out []string
	for _, r := range p.Messages {
		if r.Message == nil || (pg.Source.Entry >= 0 && r.Encoded.Source.Entry > pg.Source.Entry) {
			continue
		}
		for _, a := range (&Pass{Message: r.Message}).Assertions() {
			for _, at := range a.Attributes {
				if at.Name != errRoleAttr {
					continue
				}
				for _, v := range at.Values {
					s := fmt.Sprintf("%s (message %d)", strings.TrimSpace(v.Text), r.Index+1)
					if !slices.Contains(out, s) {
						out = append(out, s)
					}
				}
			}
		}
	}
	return out
}

// errRoleAttr is the attribute AWS reads the role and SAML provider
// ARNs from.
const errRoleAttr = "https://aws.amazon.com/SAML/Attributes/Role"
