package checks

import (
	"context"
	"fmt"
	"slices"

	"github.com/samlcheck/samlcheck/saml"
	"github.com/samlcheck/samlcheck/saml/binding"
)

// SchemaVersion is the version of the report's JSON form. It changes only
// when a field is removed or changes meaning.
const SchemaVersion = "1"

// Report is the result of a run: one summary per message and every finding,
// in a deterministic order.
type Report struct {
	// SchemaVersion is the version of this structure's JSON form.
	SchemaVersion string `json:"schemaVersion"`
	// Tool and Version name the program that made the report.
	Tool    string `json:"tool"`
	Version string `json:"version,omitempty"`
	// Inputs lists the input files, filled in by the caller.
	Inputs []Input `json:"inputs"`
	// Messages has one summary per message, in input order.
	Messages []MessageSummary `json:"messages"`
	// Findings are sorted by message, rule id, XML path and text.
	Findings []Finding `json:"findings"`
	// Rules lists the ids of the rules that ran on at least one message.
	Rules []string `json:"rules"`
	// Captures has one summary per capture checked, in order: the
	// per-capture rules (error/*) that ran on it.
	Captures []CaptureSummary `json:"captures,omitempty"`
	// Tokens lists the JWTs found, per capture in order (token_summary.go).
	Tokens []TokenSummary `json:"tokens,omitempty"`
	// Notices say what the report has to say about the inputs besides the
	// messages: an input no rule used, a users list that may be
	// incomplete. They are not findings and do not change the exit code.
	Notices []Notice `json:"notices,omitempty"`

	// used maps the id of each rule that consulted an input besides the
	// messages to those inputs (Pass.use).
	used map[string][]Given
}

// CaptureSummary says which per-capture rules ran on one capture.
type CaptureSummary struct {
	// File is the capture's input file.
	File string `json:"file"`
	// Rules lists the ids of the per-capture rules that ran on it, sorted.
	Rules []string `json:"rules"`
}

// Input describes one input file of a run.
type Input struct {
	// File is the name as given.
	File string `json:"file"`
	// Kind is what the file was recognised as: "har", "xml", "base64",
	// "url-encoded", "url", "form", "html", "scim" (a SCIM JSON document),
	// "jwt" (a JWT pasted alone).
	Kind string `json:"kind"`
	// Entries is the number of HAR entries read.
	Entries int `json:"entries,omitempty"`
	// Messages is the number of SAML messages found in the file.
	Messages int `json:"messages"`
	// Exchanges is the number of HTTP exchanges of a HAR, and of
	// documents of a file (a SCIM document, a JWT), that the token, SCIM
	// and connection rules read (Capture.Exchanges, Capture.Documents).
	Exchanges int `json:"exchanges,omitempty"`
	// Errors lists what could not be read (entries skipped, truncation).
	Errors []string `json:"errors,omitempty"`
	// Timeline holds a HAR's HTTP exchanges in file order, for display
	// (the HTML report's login timeline); not part of the JSON form.
	Timeline []TimelineEntry `json:"-"`
	// Redacted reports a HAR written by samlcheck redact (Capture.Redacted).
	Redacted bool `json:"-"`
}

// AttributeSummary is an attribute's name and values, for display.
type AttributeSummary struct {
	Name   string   `json:"name"`
	Values []string `json:"values"`
}

// MessageSummary describes one message for people and tools.
type MessageSummary struct {
	// Index is the message's index in the report (0-based).
	Index int `json:"index"`
	// File, Entry, Binding, Param and Where say where it was first seen.
	File    string       `json:"file"`
	Entry   int          `json:"entry"`
	Binding saml.Binding `json:"binding"`
	Param   string       `json:"param,omitempty"`
	Where   saml.Where   `json:"where"`
	URL     string       `json:"url,omitempty"`
	// Sightings lists every place the message was seen.
	Sightings []saml.Source `json:"sightings"`
	// Kind is the decoded message's kind; empty when it did not decode.
	Kind saml.Kind `json:"kind,omitempty"`
	// Steps are the decoding steps taken.
	Steps []saml.Step `json:"steps,omitempty"`
	// DecodeError is set when the message did not decode.
	DecodeError string `json:"decodeError,omitempty"`
	// Profile is the profile chosen and why.
	Profile Choice `json:"profile"`
	// ID, Issuer, Destination, InResponseTo and RelayState of the message.
	ID           string `json:"id,omitempty"`
	Issuer       string `json:"issuer,omitempty"`
	Destination  string `json:"destination,omitempty"`
	InResponseTo string `json:"inResponseTo,omitempty"`
	RelayState   string `json:"relayState,omitempty"`
	// Status is the top-level status code of a response.
	Status string `json:"status,omitempty"`
	// NameID and NameIDFormat are those of the first assertion's subject.
	NameID       string `json:"nameID,omitempty"`
	NameIDFormat string `json:"nameIDFormat,omitempty"`
	// Assertions and EncryptedAssertions count a response's assertions.
	Assertions          int `json:"assertions"`
	EncryptedAssertions int `json:"encryptedAssertions"`
	// Decryptions has one entry per EncryptedAssertion when --sp-key keys
	// were given: decrypted or not, with which key and algorithms.
	Decryptions []DecryptionSummary `json:"decryptions,omitempty"`
	// Attributes are the first assertion's attributes.
	Attributes []AttributeSummary `json:"attributes,omitempty"`
	// Flow says, for a Response, whether the login was "SP-initiated" (it
	// answers an AuthnRequest) or "IdP-initiated" (unsolicited).
	Flow string `json:"flow,omitempty"`
	// Answers is the index of the message (an AuthnRequest of the same
	// capture) that this Response answers, if it was captured.
	Answers *int `json:"answers,omitempty"`
	// Signatures describes each signature: what it covers, its algorithms,
	// whether it verifies at the reference time, and its certificate.
	Signatures []SignatureSummary `json:"signatures,omitempty"`
	// Rules lists the ids of the rules that ran on the message, sorted.
	Rules []string `json:"rules,omitempty"`
	// Display holds what the HTML report shows beyond the JSON form.
	Display Display `json:"-"`
}

// Run checks the messages of one input: it is RunCaptures with a single
// capture holding msgs (no pages, so the error/* rules see nothing).
func Run(ctx context.Context, cfg *Config, msgs []saml.Encoded) (*Report, error) {
	return RunCaptures(ctx, cfg, []Capture{{Messages: msgs}})
}

// RunCaptures decodes each message of each capture, picks its profile, runs
// the per-message rules on it, then runs the per-capture rules (error/*) on
// each capture with the findings of its messages at hand. It returns an error
// only when ctx is cancelled; bad messages become saml/decode findings. The
// report's Inputs are left for the caller to fill.
func RunCaptures(ctx context.Context, cfg *Config, caps []Capture) (*Report, error) {
	if cfg == nil {
		cfg = &Config{}
	}
	rules := cfg.Rules
	if rules == nil {
		rules = All()
	}
	rep := newReport()
	ran := map[string]bool{}
	for ci := range caps {
		c := &caps[ci]
		first := len(rep.Messages)
		results := make([]*Result, len(c.Messages))
		for i := range c.Messages {
			if err := ctx.Err(); err != nil {
				return rep, fmt.Errorf("checks: %w", err)
			}
			e := &c.Messages[i]
			var res *Result
			if i < len(c.Prepared) {
				res = c.Prepared[i].result(cfg, e, cfg.IndexBase+first+i)
			}
			if res == nil {
				m, derr := decodeMessage(cfg, *e)
				res = &Result{Index: cfg.IndexBase + first + i, Encoded: e, Message: m, DecodeErr: derr}
			}
			res.Choice = chooseProfile(cfg, e, res.Message)
			results[i] = res
			rep.Messages = append(rep.Messages, summarize(results[i]))
			rep.Messages[len(rep.Messages)-1].Signatures = signatureSummaries(results[i], cfg, c)
			rep.Messages[len(rep.Messages)-1].Display = display(res, cfg)
		}
		pairFlows(rep.Messages[first:], results)
		var capFindings []Finding
		for _, res := range results {
			from := len(capFindings)
			for _, r := range rules {
				if r.Run == nil || !r.RunsUnder(res.Choice.Profile) || (res.Message == nil && !r.RunDespiteErrors) {
					continue
				}
				p := &Pass{Rule: r, Config: cfg, Capture: c, Results: results, Result: res,
					Profile: res.Choice.Profile, Index: res.Index, Encoded: res.Encoded, Message: res.Message, DecodeErr: res.DecodeErr}
				r.Run(p)
				ran[r.ID] = true
				rep.use(r.ID, p.used)
				rep.Messages[res.Index-cfg.IndexBase].Rules = append(rep.Messages[res.Index-cfg.IndexBase].Rules, r.ID)
				capFindings = append(capFindings, p.findings...)
			}
			slices.Sort(rep.Messages[res.Index-cfg.IndexBase].Rules)
			markSameCause(rules, capFindings[from:])
		}
		capSum := CaptureSummary{File: c.File, Rules: []string{}}
		for _, r := range rules {
			if r.RunCapture == nil {
				continue
			}
			p := &CapturePass{Rule: r, Config: cfg, Capture: c, Results: results, Findings: capFindings}
			r.RunCapture(p)
			ran[r.ID] = true
			capSum.Rules = append(capSum.Rules, r.ID)
			capFindings = append(capFindings, p.findings...)
		}
		slices.Sort(capSum.Rules)
		rep.Captures = append(rep.Captures, capSum)
		rep.Tokens = append(rep.Tokens, Tokens(cfg, c)...)
		rep.Findings = append(rep.Findings, capFindings...)
	}
	for id := range ran {
		rep.Rules = append(rep.Rules, id)
	}
	slices.Sort(rep.Rules)
	sortFindings(rep.Findings)
	var files []string
	for _, c := range caps {
		if c.File != "" && !slices.Contains(files, c.File) {
			files = append(files, c.File)
		}
	}
	rep.Notices = runNotices(cfg, rules, rep, files)
	return rep, nil
}

// Max returns the highest severity among the findings (0 when none).
func (r *Report) Max() Severity {
	var s Severity
	for _, f := range r.Findings {
		s = max(s, f.Severity)
	}
	return s
}

// Count returns how many findings have severity s.
func (r *Report) Count(s Severity) int {
	n := 0
	for _, f := range r.Findings {
		if f.Severity == s {
			n++
		}
	}
	return n
}

func summarize(res *Result) MessageSummary {
	i, e, m, derr, choice := res.Index, res.Encoded, res.Message, res.DecodeErr, res.Choice
	s := MessageSummary{
		Index: i, File: e.Source.File, Entry: e.Source.Entry, Binding: e.Binding, Param: e.Param,
		Where: e.Source.Where, URL: binding.WithoutQuery(e.Source.URL), Profile: choice, RelayState: e.RelayState,
	}
	sightings := e.Sightings
	if len(sightings) == 0 {
		sightings = []saml.Source{e.Source}
	}
	for _, src := range sightings {
		src.URL, src.Target = binding.WithoutQuery(src.URL), binding.WithoutQuery(src.Target)
		s.Sightings = append(s.Sightings, src)
	}
	if derr != nil {
		s.DecodeError = derr.Error()
		return s
	}
	s.Kind, s.Steps = m.Kind, m.Steps
	s.Destination = m.Destination()
	switch {
	case m.Response != nil:
		r := m.Response
		s.ID, s.InResponseTo, s.Status = r.ID, r.InResponseTo, r.Status.Code
		s.Issuer = issuerValue(r.Issuer)
		s.Assertions, s.EncryptedAssertions = len(r.Assertions), len(r.EncryptedAssertions)
	case m.AuthnRequest != nil:
		s.ID, s.Issuer = m.AuthnRequest.ID, issuerValue(m.AuthnRequest.Issuer)
	case m.LogoutRequest != nil:
		s.ID, s.Issuer = m.LogoutRequest.ID, issuerValue(m.LogoutRequest.Issuer)
	case m.LogoutResponse != nil:
		s.ID, s.Issuer = m.LogoutResponse.ID, issuerValue(m.LogoutResponse.Issuer)
		s.InResponseTo, s.Status = m.LogoutResponse.InResponseTo, m.LogoutResponse.Status.Code
	case m.Assertion != nil:
		s.ID, s.Issuer, s.Assertions = m.Assertion.ID, issuerValue(m.Assertion.Issuer), 1
	case m.EncryptedAssertion != nil:
		s.EncryptedAssertions = 1
	}
	s.Decryptions = decryptionSummaries(m)
	as := (&Pass{Message: m}).Assertions()
	if len(as) == 0 {
		return s
	}
	a := as[0]
	if s.Issuer == "" {
		s.Issuer = issuerValue(a.Issuer)
	}
	if a.Subject != nil && a.Subject.NameID != nil {
		s.NameID, s.NameIDFormat = a.Subject.NameID.Value, a.Subject.NameID.Format
	}
	for _, at := range a.Attributes {
		sum := AttributeSummary{Name: at.Name, Values: []string{}}
		for _, v := range at.Values {
			if v.HasElements {
				sum.Values = append(sum.Values, v.Inner)
			} else {
				sum.Values = append(sum.Values, v.Text)
			}
		}
		s.Attributes = append(s.Attributes, sum)
	}
	return s
}

// pairFlows marks each Response of a capture as SP- or IdP-initiated and
// links it to the captured AuthnRequest it answers (InResponseTo = ID).
func pairFlows(sums []MessageSummary, results []*Result) {
	requests := map[string]int{}
	for _, r := range results {
		if r.Message != nil && r.Message.AuthnRequest != nil && r.Message.AuthnRequest.ID != "" {
			requests[r.Message.AuthnRequest.ID] = r.Index
		}
	}
	for i, r := range results {
		resp := (*saml.Response)(nil)
		if r.Message != nil {
			resp = r.Message.Response
		}
		if resp == nil {
			continue
		}
		if resp.InResponseTo == "" {
			sums[i].Flow = "IdP-initiated"
			continue
		}
		sums[i].Flow = "SP-initiated"
		if idx, ok := requests[resp.InResponseTo]; ok {
			sums[i].Answers = &idx
		}
	}
}

func issuerValue(i *saml.Issuer) string {
	if i == nil {
		return ""
	}
	return i.Value
}
