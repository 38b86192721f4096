package checks

import (
	"time"

	"github.com/samlcheck/samlcheck/saml"
)

// Capture is what one input holds: the SAML messages found in it and, for a
// HAR, the pages and error bodies the login went through, so that rules can
// see a login as a whole (the request a response answers, the error page it
// ended on).
type Capture struct {
	// File is the input file's name.
	File string
	// Messages are the SAML messages found, in the order first seen.
	Messages []saml.Encoded
	// Pages are the HTML and JSON response bodies of the capture that may
	// show how the login ended (see MayBeErrorPage), in capture order.
	Pages []Page
	// Redacted reports a HAR written by samlcheck redact (see
	// har/redact.IsRedacted): identities in its SAML messages were
	// replaced after signing, so a signature whose digest no longer
	// matches while its SignatureValue still verifies is reported as
	// redacted (Info), and the other signature rules judge it as signed.
	Redacted bool
	// Exchanges are the HTTP exchanges of a HAR that may carry tokens,
	// OpenID Connect documents, SCIM calls or a failed TLS connection (see
	// KeepExchange), in capture order.
	Exchanges []Exchange
	// Documents are what a file input holds besides SAML: a SCIM JSON
	// document, a JWT pasted alone.
	Documents []Document
}

// Page is one HTML or JSON response body of a HAR entry.
type Page struct {
	// Source says which entry it is (Param and Where are empty).
	Source saml.Source
	// MimeType is the response's content type.
	MimeType string
	// Text is the body, decoded from Base64 if it was stored so, and cut to
	// MaxPageText bytes.
	Text string
}

// MaxPageText is how much of a response body a Page keeps.
const MaxPageText = 256 << 10

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
	Rule    *Rule
	Config  *Config
	Capture *Capture
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
