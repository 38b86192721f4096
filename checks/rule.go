package checks

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/beevik/etree"
	"github.com/samlcheck/samlcheck/har/capture"
	"github.com/samlcheck/samlcheck/saml"
)

// Severity is how bad a finding is.
type Severity int

// The severities, from least to most severe.
const (
	// Info is a hint, or a check that could not run for lack of input.
	Info Severity = iota + 1
	// Warning is likely to fail, or a known pitfall.
	Warning
	// Error means login fails per the documentation.
	Error
)

// String returns "info", "warning" or "error".
func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// MarshalText writes the severity as its name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a severity name, so that a report read back from JSON
// round-trips.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// ParseSeverity parses "info", "warning" or "error" (or "never", which is
// returned as 0 and means no severity at all).
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(s) {
	case "info":
		return Info, nil
	case "warning", "warn":
		return Warning, nil
	case "error":
		return Error, nil
	case "never", "none":
		return 0, nil
	}
	return 0, fmt.Errorf("checks: unknown severity %q (want error, warning, info or never)", s)
}

// Profile names the service provider a message is checked against.
type Profile string

// The profiles. A rule lists the profiles it runs under (Rule.Profiles);
// `samlcheck rules` and `samlcheck explain ID` show them.
const (
	// Auto picks one profile per message from where it was sent.
	Auto Profile = "auto"
	// IdentityCenter is AWS IAM Identity Center with an external IdP.
	IdentityCenter Profile = "identity-center"
	// IAM is AWS IAM SAML federation (console and AssumeRoleWithSAML).
	IAM Profile = "iam"
	// Connect is Amazon Connect SAML sign-in (IAM federation plus Connect).
	Connect Profile = "connect"
	// SAML is SAML 2.0 core only.
	SAML Profile = "saml"
	// SCIM is IAM Identity Center SCIM provisioning (the scim/* rules);
	// chosen automatically for SCIM inputs.
	SCIM Profile = "scim"
)

// Profiles lists the concrete profiles (all but Auto).
func Profiles() []Profile { return []Profile{IdentityCenter, IAM, Connect, SAML, SCIM} }

// ParseProfile parses a profile name.
func ParseProfile(s string) (Profile, error) {
	p := Profile(strings.ToLower(strings.TrimSpace(s)))
	switch p {
	case Auto, IdentityCenter, IAM, Connect, SAML, SCIM:
		return p, nil
	case "idc", "sso":
		return IdentityCenter, nil
	}
	return "", fmt.Errorf("checks: unknown profile %q (want auto, identity-center, iam, connect, saml or scim)", s)
}

// Ref is a documented source a rule is taken from.
type Ref struct {
	// Title names the document.
	Title string `json:"title"`
	// URL is the document's address.
	URL string `json:"url"`
	// Section names the part of the document that states the requirement.
	Section string `json:"section,omitempty"`
}

// Rule is one check: its documentation and its code, in one literal.
type Rule struct {
	// ID is the stable rule id, "<source>/<name>". Ids are never renamed
	// or reused. The rule's code is in rule_<id>.go, each "/" and "-" of
	// the id written "_" (saml/in-response-to: rule_saml_in_response_to.go).
	ID string
	// Title says in one line what fails.
	Title string
	// Severity is the default severity of the rule's findings.
	Severity Severity
	// Cases lists each other severity the rule's findings may carry and
	// when, so that `samlcheck explain` says every severity a finding of
	// the rule can have (TestSeveritiesDeclared holds the rules to it).
	Cases []Case
	// Profiles lists the profiles the rule runs under.
	Profiles []Profile
	// Doc explains why login fails when the rule fires.
	Doc string
	// Fix says what to change, usually at the IdP.
	Fix string
	// Refs are the documented sources, with sections.
	Refs []Ref
	// Uses lists the inputs besides the messages the rule reads (--users,
	// --acs, …): a given input that no rule which ran uses is reported as
	// unused (a Notice).
	Uses []Given
	// Requires lists the shared results the rule reads with ResultOf
	// ([Signatures], [Flow]): each is computed once per message for every
	// rule that reads it, and reading one not listed panics.
	Requires []Requirement
	// SameCause lists less specific rules whose findings, on the same
	// message and with the same Finding.Cause as one of this rule's, report
	// the same root cause: they are marked SameCauseAs this rule.
	SameCause []string
	// RunDespiteErrors says that the rule also runs on a message that did
	// not decode, with Pass.Message nil and Pass.DecodeErr set (saml/decode
	// reports them); other rules see decoded messages only.
	RunDespiteErrors bool
	// Run checks one message and reports through the pass. A rule has Run
	// or RunCapture.
	Run func(p *Pass)
	// RunCapture checks a whole input (a HAR: the login as a sequence of
	// messages and pages) after every message's rules have run.
	RunCapture func(p *CapturePass)
}

// fill sets the parts of f its reporter left empty from the rule: id,
// severity, why and fix.
func (r *Rule) fill(f *Finding) {
	if f.Rule == "" {
		f.Rule = r.ID
	}
	if f.Severity == 0 {
		f.Severity = r.Severity
	}
	if f.Why == "" {
		f.Why = r.Doc
	}
	if f.Fix == "" {
		f.Fix = r.Fix
	}
}

// RunsUnder reports whether the rule runs under profile p.
func (r *Rule) RunsUnder(p Profile) bool {
	for _, q := range r.Profiles {
		if q == p {
			return true
		}
	}
	return false
}

// Location says where a finding points.
type Location struct {
	// File is the input file.
	File string `json:"file"`
	// Entry is the HAR entry index, or -1.
	Entry int `json:"entry"`
	// MessageIndex is the index of the message in the report.
	MessageIndex int `json:"messageIndex"`
	// XMLPath points at the element concerned, if any.
	XMLPath string `json:"xmlPath,omitempty"`
}

// Finding is one problem found in a message.
type Finding struct {
	// Rule is the id of the rule that reported it.
	Rule string `json:"rule"`
	// Severity is the finding's severity (usually the rule's).
	Severity Severity `json:"severity"`
	// Message says what was found and what was expected.
	Message string `json:"message"`
	// Why says why it breaks login (the rule's Doc unless overridden).
	Why string `json:"why,omitempty"`
	// Fix says how to fix it (the rule's Fix unless overridden).
	Fix string `json:"fix,omitempty"`
	// Location says where; its fields appear at the top level in JSON.
	Location
	// Cause, when set by the rule, names the root cause the finding is
	// about (such as the wrong ACS URL); see Rule.SameCause.
	Cause string `json:"-"`
	// SameCauseAs is set when the finding reports the same root cause as
	// a finding of the named (more specific) rule on the same message: it
	// is kept, but shown as a consequence of that one.
	SameCauseAs string `json:"sameCauseAs,omitempty"`
}

// Case is one severity a rule's findings may carry besides the rule's
// default, and when.
type Case struct {
	// Severity is the severity the findings carry in this case.
	Severity Severity `json:"severity"`
	// When says in which case, as in "provider ARN first".
	When string `json:"when"`
}

// Severities returns the severities the rule's findings may carry, the
// default first.
func (r *Rule) Severities() []Severity {
	out := []Severity{r.Severity}
	for _, c := range r.Cases {
		if !slices.Contains(out, c.Severity) {
			out = append(out, c.Severity)
		}
	}
	return out
}

// Pass is what a rule's Run sees for one message.
type Pass struct {
	// Rule is the rule being run.
	Rule *Rule
	// Config is the run's configuration.
	Config *Config
	// Profile is the profile the message is checked against.
	Profile Profile
	// Index is the message's index in the report.
	Index int
	// Encoded is the message as found.
	Encoded *saml.Encoded
	// Message is the decoded message; nil when decoding failed.
	Message *saml.Message
	// DecodeErr is the decoding error, when decoding failed.
	DecodeErr error
	// Capture is the input the message came from, and Messages every
	// message of it decoded, in order (Decoded is this one's): the rest of
	// the same login.
	Capture  *capture.Capture
	Messages []*Decoded
	Decoded  *Decoded

	findings []Finding
	// used are the inputs besides the message the rule consulted (see
	// Rule.Uses and use), asked the shared results it read (ResultOf).
	used  []Given
	asked []Requirement
}

// use records that the rule consulted inputs gs (those given count: a
// given input no rule consulted is reported unused).
func (p *Pass) use(gs ...Given) {
	for _, g := range gs {
		if !slices.Contains(p.used, g) {
			p.used = append(p.used, g)
		}
	}
}

// RefTime returns the reference time for time checks and where it came from:
// the capture time of the HAR entry that carried the message, else
// Config.At (--at), else the message's own IssueInstant (source
// RefIssueInstant: the time checks then test only that the message is
// consistent with itself), else the zero time ("" source). It is never the
// current time: a message pasted later is not wrong for being old.
func (p *Pass) RefTime() (time.Time, string) {
	if t := p.Encoded.Source.Started; !t.IsZero() {
		return t, "capture time of HAR entry " + fmt.Sprint(p.Encoded.Source.Entry+1)
	}
	if !p.Config.At.IsZero() {
		return p.Config.At, "--at"
	}
	if t := messageIssueInstant(p.Message); t.Valid() {
		return t.Time, RefIssueInstant
	}
	return time.Time{}, ""
}

// RefIssueInstant is the source RefTime names when the reference time is the
// message's own IssueInstant (no capture time, no --at).
const RefIssueInstant = "the message's IssueInstant; no capture time or --at"

// messageIssueInstant returns the IssueInstant of the message's root element
// (a Response, request or bare Assertion), or the zero Time.
func messageIssueInstant(m *saml.Message) saml.Time {
	switch {
	case m == nil:
	case m.Response != nil:
		if m.Response.IssueInstant.Valid() || len(m.Response.Assertions) == 0 {
			return m.Response.IssueInstant
		}
		return m.Response.Assertions[0].IssueInstant
	case m.Assertion != nil:
		return m.Assertion.IssueInstant
	case m.AuthnRequest != nil:
		return m.AuthnRequest.IssueInstant
	case m.LogoutRequest != nil:
		return m.LogoutRequest.IssueInstant
	case m.LogoutResponse != nil:
		return m.LogoutResponse.IssueInstant
	}
	return saml.Time{}
}

// Report records a finding, filling in rule id, severity, why, fix and the
// message's location where the finding leaves them empty.
func (p *Pass) Report(f Finding) {
	p.Rule.fill(&f)
	if f.Location.File == "" {
		f.Location.File = p.Encoded.Source.File
		f.Location.Entry = p.Encoded.Source.Entry
	}
	f.Location.MessageIndex = p.Index
	p.findings = append(p.findings, f)
}

// Reportf records a finding at element el (nil for the message as a whole)
// with the rule's default severity.
func (p *Pass) Reportf(el *etree.Element, format string, args ...any) {
	f := Finding{Message: humanf(format, args...)}
	if el != nil {
		f.Location.XMLPath = saml.Path(el)
	}
	p.Report(f)
}

// Assertions returns the assertions the message carries, as a service
// provider reads them (saml.Message.Assertions): a Response's assertions
// and those decrypted from its EncryptedAssertions with --sp-key, or the
// message itself when it is a bare Assertion.
func (p *Pass) Assertions() []*saml.Assertion { return p.Message.Assertions() }

// humanf is fmt.Sprintf, except that %q quotes strings for people: in double
// quotes, escaping only quotes, control characters and invalid UTF-8, so
// that CORP\alice reads as "CORP\alice" and not "CORP\\alice".
func humanf(format string, args ...any) string {
	for i, a := range args {
		if s, ok := a.(string); ok {
			args[i] = plainQuoted(s)
		}
	}
	return fmt.Sprintf(format, args...)
}

// plainQuoted formats as itself, and with %q as described at humanf.
type plainQuoted string

func (s plainQuoted) Format(f fmt.State, verb rune) {
	str := string(s)
	if verb != 'q' {
		fmt.Fprintf(f, fmt.FormatString(f, verb), str)
		return
	}
	for _, r := range str {
		if r == '"' || r == utf8.RuneError || unicode.IsControl(r) {
			fmt.Fprintf(f, "%q", str)
			return
		}
	}
	fmt.Fprintf(f, "\"%s\"", str)
}
