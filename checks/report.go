package checks

import (
	"slices"

	"github.com/samlcheck/samlcheck/saml"
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
	// Tokens lists the JWTs found, per capture in order, at most 64 per
	// capture (see Tokens).
	Tokens []TokenSummary `json:"tokens,omitempty"`
	// Notices say what the report has to say about the inputs besides the
	// messages: an input no rule used, a users list that may be
	// incomplete. They are not findings and do not change the exit code.
	Notices []Notice `json:"notices,omitempty"`

	// used maps the id of each rule that consulted an input besides the
	// messages to those inputs (Pass.use).
	used map[string][]Given
	// asked maps the id of each rule that read a shared result to those
	// results (ResultOf), for the test that rules declare them.
	asked map[string][]Requirement
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
	// (the HTML report's login timeline), at most 5000 of them (package
	// analyze fills it); not part of the JSON form.
	Timeline []TimelineEntry `json:"-"`
	// Redacted reports a HAR written by samlcheck redact (Capture.Redacted).
	Redacted bool `json:"-"`
}

// AttributeSummary is an attribute's name and values, for display.
type AttributeSummary struct {
	// Name is the attribute's Name.
	Name string `json:"name"`
	// Values are its AttributeValues in order: the text of each, or its
	// inner XML when it holds elements.
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

// newReport returns an empty report: its lists are empty, not nil, so
// that its JSON form says [] for them.
func newReport() *Report {
	return &Report{SchemaVersion: SchemaVersion, Tool: "samlcheck", Inputs: []Input{}, Messages: []MessageSummary{},
		Findings: []Finding{}, Rules: []string{}, used: map[string][]Given{}}
}

// use records that rule id consulted the inputs gs.
func (r *Report) use(id string, gs []Given) {
	for _, g := range gs {
		if !slices.Contains(r.used[id], g) {
			r.used[id] = append(r.used[id], g)
		}
	}
}

// ask records that rule id read the shared results rs.
func (r *Report) ask(id string, rs []Requirement) {
	if len(rs) == 0 {
		return
	}
	if r.asked == nil {
		r.asked = map[string][]Requirement{}
	}
	for _, s := range rs {
		if !slices.Contains(r.asked[id], s) {
			r.asked[id] = append(r.asked[id], s)
		}
	}
}
