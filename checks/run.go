package checks

import (
	"context"
	"fmt"
	"slices"

	"github.com/samlcheck/samlcheck/har/capture"
	"github.com/samlcheck/samlcheck/saml"
)

// Run checks the messages of one input: it is RunCaptures with a single
// capture holding msgs (no pages, so the error/* rules see nothing).
func Run(ctx context.Context, cfg *Config, msgs []saml.Encoded) (*Report, error) {
	return RunCaptures(ctx, cfg, []capture.Capture{{Messages: msgs}})
}

// RunCaptures checks the captures with cfg, their messages numbered from 0:
// it is New(cfg).Check(ctx, caps, 0).
func RunCaptures(ctx context.Context, cfg *Config, caps []capture.Capture) (*Report, error) {
	return New(cfg).Check(ctx, caps, 0)
}

// run is one Check: the rules it runs and the report it builds.
type run struct {
	*Checker
	rules []*Rule
	rep   *Report
	ran   map[string]bool
}

// check is Check, in its steps: for each capture, decode its messages
// (choosing each one's profile), summarize them, pair each Response with the
// request it answers, run the per-message rules, then the per-capture rules;
// then aggregate what the report says about the whole run.
func (c *Checker) check(ctx context.Context, caps []capture.Capture, first int) (*Report, error) {
	r := &run{Checker: c, rules: c.cfg.Rules, rep: newReport(), ran: map[string]bool{}}
	if r.rules == nil {
		r.rules = All()
	}
	for ci := range caps {
		capt := &caps[ci]
		results, err := r.decodeCapture(ctx, capt, first+len(r.rep.Messages))
		if err != nil {
			return r.rep, err
		}
		sums := r.summarizeCapture(capt, results)
		r.pairFlows(capt, results, sums)
		findings := r.runMessageRules(capt, results, sums)
		findings = r.runCaptureRules(capt, results, findings)
		r.rep.Messages = append(r.rep.Messages, sums...)
		r.rep.Tokens = append(r.rep.Tokens, Tokens(c.cfg, capt)...)
		r.rep.Findings = append(r.rep.Findings, findings...)
	}
	r.aggregate(caps)
	return r.rep, nil
}

// decodeCapture decodes each message of capt (or takes its preparation),
// numbered from first, and chooses its profile.
func (r *run) decodeCapture(ctx context.Context, capt *capture.Capture, first int) ([]*Decoded, error) {
	results := make([]*Decoded, len(capt.Messages))
	for i := range capt.Messages {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("checks: %w", err)
		}
		e := &capt.Messages[i]
		res := r.decoded(e, first+i)
		res.Choice = chooseProfile(r.cfg, e, res.Message)
		results[i] = res
	}
	return results, nil
}

// summarizeCapture describes each message of capt for the report: what it
// is, its signatures and what the HTML report shows of it.
func (r *run) summarizeCapture(capt *capture.Capture, results []*Decoded) []MessageSummary {
	sums := make([]MessageSummary, len(results))
	for i, res := range results {
		sums[i] = summarize(res)
		sums[i].Signatures = signatureSummaries(res, r.cfg, capt)
		sums[i].Display = display(res, r.cfg)
	}
	return sums
}

// runMessageRules runs the per-message rules on each message of capt that
// they run on (its profile's; decoded, or RunDespiteErrors), records in its
// summary which ran, and returns their findings, those of one message that
// report the same cause marked so.
func (r *run) runMessageRules(capt *capture.Capture, results []*Decoded, sums []MessageSummary) []Finding {
	var out []Finding
	for i, res := range results {
		from := len(out)
		for _, rule := range r.rules {
			if rule.Run == nil || !rule.RunsUnder(res.Choice.Profile) || (res.Message == nil && !rule.RunDespiteErrors) {
				continue
			}
			p := r.pass(capt, results, res, rule)
			rule.Run(p)
			r.ran[rule.ID] = true
			r.rep.use(rule.ID, p.used)
			r.rep.ask(rule.ID, p.asked)
			sums[i].Rules = append(sums[i].Rules, rule.ID)
			out = append(out, p.findings...)
		}
		slices.Sort(sums[i].Rules)
		markSameCause(r.rules, out[from:])
	}
	return out
}

// pass returns the pass of rule (nil for the runner's own use) on message
// res of capt.
func (r *run) pass(capt *capture.Capture, results []*Decoded, res *Decoded, rule *Rule) *Pass {
	return &Pass{Rule: rule, Config: r.cfg, Capture: capt, Messages: results, Decoded: res,
		Profile: res.Choice.Profile, Index: res.Index, Encoded: res.Encoded, Message: res.Message, DecodeErr: res.DecodeErr}
}

// runCaptureRules runs the per-capture rules on capt, each seeing findings
// (those of its messages) and the findings of the ones before it, records
// which ran in the report's capture summary, and returns findings with
// theirs appended.
func (r *run) runCaptureRules(capt *capture.Capture, results []*Decoded, findings []Finding) []Finding {
	sum := CaptureSummary{File: capt.File, Rules: []string{}}
	for _, rule := range r.rules {
		if rule.RunCapture == nil {
			continue
		}
		p := &CapturePass{Rule: rule, Config: r.cfg, Capture: capt, Messages: results, Findings: findings}
		rule.RunCapture(p)
		r.ran[rule.ID] = true
		sum.Rules = append(sum.Rules, rule.ID)
		findings = append(findings, p.findings...)
	}
	slices.Sort(sum.Rules)
	r.rep.Captures = append(r.rep.Captures, sum)
	return findings
}

// aggregate fills in what the report says about the run as a whole: the
// rules that ran, the findings in order and the notices about the inputs.
func (r *run) aggregate(caps []capture.Capture) {
	for id := range r.ran {
		r.rep.Rules = append(r.rep.Rules, id)
	}
	slices.Sort(r.rep.Rules)
	sortFindings(r.rep.Findings)
	var files []string
	for _, c := range caps {
		if c.File != "" && !slices.Contains(files, c.File) {
			files = append(files, c.File)
		}
	}
	r.rep.Notices = runNotices(r.cfg, r.rules, r.rep, files)
}
