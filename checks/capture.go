package checks

import (
	"time"

	"github.com/samlcheck/samlcheck/har/capture"
	"github.com/samlcheck/samlcheck/saml"
)

// Decoded is one message of a capture after decoding: what a rule sees of
// the other messages of the same login (Pass.Messages), and what the shared
// results of a message are kept with.
type Decoded struct {
	// Index is the message's index in the report.
	Index int
	// Encoded is the message as found.
	Encoded *saml.Encoded
	// Message is the decoded message, nil when decoding failed.
	Message *saml.Message
	// DecodeErr is the decoding error, when decoding failed.
	DecodeErr error
	// Choice is the profile chosen for the message.
	Choice Choice

	// shared holds the message's shared results computed so far (see
	// ResultOf), each once per message.
	shared map[Requirement]any
}

// Started returns the capture time of the message's first sighting, or the
// zero time when unknown (not from a HAR, or an unparseable date).
func (r *Decoded) Started() time.Time { return r.Encoded.Source.Started }

// CapturePass is what a per-capture rule's RunCapture sees: the whole input,
// its decoded messages and the findings the per-message rules reported on
// them.
type CapturePass struct {
	// Rule is the rule being run.
	Rule *Rule
	// Config is the run's configuration.
	Config *Config
	// Capture is the input checked: its messages as found, its pages,
	// exchanges and documents.
	Capture *capture.Capture
	// Messages are the capture's messages, decoded, in order.
	Messages []*Decoded
	// Findings are the findings of the per-message rules on this capture,
	// and of the per-capture rules that ran before this one.
	Findings []Finding

	findings []Finding
}

// Report records a finding about the capture as a whole: its MessageIndex is
// always -1 (Entry says which entry, if any); rule id, severity, why, fix and
// file are filled in where the finding leaves them empty.
func (p *CapturePass) Report(f Finding) {
	p.Rule.fill(&f)
	if f.Location.File == "" {
		f.Location.File = p.Capture.File
	}
	f.Location.MessageIndex = -1
	p.findings = append(p.findings, f)
}
