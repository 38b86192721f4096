package report

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/saml"
	"github.com/samlcheck/samlcheck/saml/binding"
)

//go:embed html/report.html.tmpl html/style.css
var htmlFiles embed.FS

// htmlTemplate is parsed once; templates are read-only after parsing.
var htmlTemplate = template.Must(template.ParseFS(htmlFiles, "html/report.html.tmpl"))

// htmlCSS is the report's style sheet, inlined and allowed by its hash in
// the Content-Security-Policy.
var htmlCSS = func() string {
	b, err := htmlFiles.ReadFile("html/style.css")
	if err != nil {
		panic(err) // embedded at build time
	}
	return string(b)
}()

// HTML writes the report as one self-contained HTML page for people: a
// verdict banner, per input the login timeline and how the login ended, per
// message its summary, findings and decoded XML (pretty-printed,
// highlighted, and linked both ways with the findings), the documentation
// of the rules that fired, the inputs, reference times and version.
//
// The page loads nothing: its style sheet is inline, it has no script, and
// its Content-Security-Policy forbids every fetch. Everything taken from
// the capture is escaped by html/template (or, in the XML view, by the
// highlighter), so a hostile value renders as text. Secrets are kept out as
// in the other formats: URLs have lost their query strings, in the XML too.
func HTML(w io.Writer, r *checks.Report) error {
	if r == nil {
		return fmt.Errorf("report: html: no report")
	}
	v := buildHTML(r)
	var buf bytes.Buffer
	if err := htmlTemplate.Execute(&buf, v); err != nil {
		return fmt.Errorf("report: html: %w", err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("report: html: %w", err)
	}
	return nil
}

// htmlView is what the template shows.
type htmlView struct {
	Title    string
	CSP      string
	CSS      template.CSS
	Version  string
	Verdict  htmlVerdict
	Inputs   []*htmlInput
	Rules    []htmlRule
	Summary  string
	Redacted string
	TOC      bool
}

type htmlVerdict struct {
	Class    string // "fail", "warn", "ok", "none"
	Headline string
	Counts   string
	Cause    string
	CauseRef string
	Help     string
}

type htmlInput struct {
	Anchor    string
	File      string
	Kind      string
	Errors    []string
	Redacted  bool
	Parties   []htmlParty
	Steps     []htmlStep
	Others    []htmlStep
	Ended     []*htmlFinding
	Messages  []*htmlMessage
	NoMessage bool
	Help      string
	// Verdict sums up the input's findings for the contents.
	Verdict string
	Max     string
}

type htmlParty struct {
	Name string
	Host string
}

// EntryNo is the step's HAR entry numbered from 1, as the text output and
// HAR viewers number them (Entry, from 0, makes the anchors).
func (s htmlStep) EntryNo() int { return s.Entry + 1 }

type htmlStep struct {
	Entry    int
	Time     string
	Elapsed  string
	Method   string
	URL      string
	Status   int
	Location string
	To       int // 1-based party column, the browser being column 0
	Party    string
	Class    string
	Notes    []htmlLink
	Findings []htmlLink
}

type htmlLink struct {
	Text string
	Href string
}

type htmlMessage struct {
	Anchor      string
	Num         int
	Title       string
	Fields      []htmlField
	Attributes  []checks.AttributeSummary
	Signatures  []htmlSig
	Findings    []*htmlFinding
	XML         template.HTML
	XMLNote     string
	DecodeError string
	Max         string
}

type htmlField struct {
	Label string
	Value string
	Href  string
	Code  bool
}

type htmlSig struct {
	Covers   string
	Where    string
	Href     string
	Algs     string
	Status   string
	Class    string
	Cert     string
	Validity string
	// SHA1 and SHA256 are the fingerprints in pieces of one byte and its
	// colon, so that a line breaks only between bytes.
	SHA1   []string
	SHA256 []string
}

// EntryNo is the finding's HAR entry numbered from 1, as the text output
// numbers them.
func (f htmlFinding) EntryNo() int { return f.Entry + 1 }

type htmlFinding struct {
	Anchor    string
	Rule      string
	RuleHref  string
	Severity  string
	sev       checks.Severity
	Message   string
	Why       string
	Fix       string
	XMLPath   string
	Element   string
	Entry     int
	StepHref  string
	Causes    []htmlLink
	MessageNo int
	Quote     string
}

type htmlRule struct {
	Anchor string
	ID     string
	Title  string
	Doc    string
	Fix    string
	Refs   []checks.Ref
}

// htmlCSP returns the page's Content-Security-Policy: nothing may be
// fetched; only the inline style sheet with this hash applies.
func htmlCSP() string {
	sum := sha256.Sum256([]byte(htmlCSS))
	return "default-src 'none'; style-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'; img-src 'none'; form-action 'none'; base-uri 'none'"
}

func buildHTML(r *checks.Report) *htmlView {
	v := &htmlView{Title: "samlcheck report", CSP: htmlCSP(), CSS: template.CSS(htmlCSS), Version: cmp.Or(r.Version, "(unknown)")}
	if len(r.Inputs) == 1 {
		v.Title = "samlcheck: " + r.Inputs[0].File
	}
	findings := make([]*htmlFinding, len(r.Findings))
	byMsg := map[int][]*htmlFinding{}
	byFile := map[string][]*htmlFinding{}
	ruleSeen := map[string]bool{}
	for i, f := range r.Findings {
		hf := &htmlFinding{Anchor: fmt.Sprintf("f%d", i+1), Rule: f.Rule, RuleHref: "#rule-" + anchorID(f.Rule),
			Severity: f.Severity.String(), sev: f.Severity, Message: f.Message, Why: f.Why, Fix: f.Fix, XMLPath: f.Location.XMLPath,
			Entry: f.Location.Entry, MessageNo: f.Location.MessageIndex + 1}
		findings[i] = hf
		ruleSeen[f.Rule] = true
		if f.Location.MessageIndex < 0 {
			hf.Quote = pageQuote(f.Message)
			byFile[f.Location.File] = append(byFile[f.Location.File], hf)
		} else {
			byMsg[f.Location.MessageIndex] = append(byMsg[f.Location.MessageIndex], hf)
		}
	}
	// A capture finding names its likely cause ("likely cause: RULE on
	// message N"): link it to that finding.
	for _, fs := range byFile {
		for _, hf := range fs {
			for _, other := range findings {
				if other.MessageNo > 0 && mentions(hf.Message, other.Rule+" on message "+strconv.Itoa(other.MessageNo)) {
					hf.Causes = append(hf.Causes, htmlLink{Text: fmt.Sprintf("%s on message %d", other.Rule, other.MessageNo), Href: "#" + other.Anchor})
				}
			}
		}
	}
	msgs := map[string][]checks.MessageSummary{}
	for _, m := range r.Messages {
		msgs[m.File] = append(msgs[m.File], m)
	}
	// Every file the messages and findings name gets a section, also in a
	// report made without (or with incomplete) inputs by a library caller.
	inputs := slices.Clone(r.Inputs)
	seen := map[string]bool{}
	for _, in := range inputs {
		seen[in.File] = true
	}
	add := func(file string) {
		if !seen[file] {
			seen[file] = true
			inputs = append(inputs, checks.Input{File: file})
		}
	}
	for _, m := range r.Messages {
		add(m.File)
	}
	for _, f := range r.Findings {
		add(f.Location.File)
	}
	anyRedacted, allRedacted := false, len(inputs) > 0
	for i, in := range inputs {
		hi := &htmlInput{Anchor: fmt.Sprintf("in%d", i+1), File: in.File, Kind: inputKind(in), Errors: in.Errors, Redacted: in.Redacted,
			Ended: byFile[in.File]}
		anyRedacted = anyRedacted || in.Redacted
		allRedacted = allRedacted && in.Redacted
		for _, m := range msgs[in.File] {
			hi.Messages = append(hi.Messages, buildMessage(m, byMsg[m.Index]))
		}
		if len(hi.Messages) == 0 && in.Kind == "har" {
			hi.NoMessage, hi.Help = true, CaptureHelp
		}
		if in.Kind == "har" {
			timeline(hi, in, msgs[in.File], byFile[in.File])
		}
		hi.Verdict, hi.Max = inputVerdict(r, in.File)
		v.Inputs = append(v.Inputs, hi)
	}
	v.TOC = len(v.Inputs) > 1 || len(r.Messages) > 1
	for _, id := range slices.Sorted(maps.Keys(ruleSeen)) {
		hr := htmlRule{Anchor: "rule-" + anchorID(id), ID: id}
		if rule := checks.Lookup(id); rule != nil {
			hr.Title, hr.Doc, hr.Fix, hr.Refs = rule.Title, rule.Doc, rule.Fix, rule.Refs
		}
		v.Rules = append(v.Rules, hr)
	}
	switch {
	case allRedacted:
		v.Redacted = "The capture was redacted with samlcheck redact: identities in it are replaced."
	case anyRedacted:
		v.Redacted = "Some inputs were redacted with samlcheck redact; the others show the identities they hold."
	default:
		v.Redacted = "The capture was not redacted: this report shows the NameID, attributes and SAML XML it holds (never cookies, tokens or query strings). Run samlcheck redact on the HAR first to share it more widely."
	}
	v.Verdict = verdict(r, findings)
	if len(inputs) > 1 && v.Verdict.Cause != "" {
		for i, f := range r.Findings {
			if "#"+findings[i].Anchor == v.Verdict.CauseRef {
				v.Verdict.Cause = f.Location.File + ": " + v.Verdict.Cause
			}
		}
	}
	e, w, n := r.Count(checks.Error), r.Count(checks.Warning), r.Count(checks.Info)
	v.Summary = fmt.Sprintf("%s, %s, %s, %d info", count(len(r.Messages), "message", "messages"), count(e, "error", "errors"), count(w, "warning", "warnings"), n)
	return v
}

// verdict says how the login ended and its most likely cause: the first
// finding about a whole capture (an error page), else the first error.
func verdict(r *checks.Report, fs []*htmlFinding) htmlVerdict {
	e, w := r.Count(checks.Error), r.Count(checks.Warning)
	v := htmlVerdict{Counts: fmt.Sprintf("%s, %s", count(e, "error", "errors"), count(w, "warning", "warnings"))}
	readErr := false
	for _, in := range r.Inputs {
		readErr = readErr || len(in.Errors) > 0
	}
	switch {
	case len(r.Messages) == 0:
		v.Class, v.Headline, v.Help = "none", "No SAML message was found", CaptureHelp
	case e > 0:
		v.Class, v.Headline = "fail", "The login fails"
	case w > 0:
		v.Class, v.Headline = "warn", "The login may fail"
	default:
		v.Class, v.Headline = "ok", "No problem found"
	}
	for _, f := range fs {
		if len(r.Inputs) == 1 && f.Quote != "" && f.sev == checks.Error {
			v.Headline = "The login ended on “" + f.Quote + "”"
			break
		}
	}
	if readErr {
		v.Headline += " (some input could not be read completely)"
	}
	top := checks.Severity(0)
	for _, f := range r.Findings {
		top = max(top, f.Severity)
	}
	if top < checks.Warning {
		return v
	}
	var best *htmlFinding
	for i, f := range r.Findings {
		if f.Severity != top {
			continue
		}
		if best == nil || (f.Location.MessageIndex < 0 && best.MessageNo > 0) {
			best = fs[i]
		}
	}
	if best != nil {
		v.Cause, v.CauseRef = best.Rule+": "+best.Message, "#"+best.Anchor
		if len(best.Causes) > 0 {
			for _, c := range fs {
				if "#"+c.Anchor == best.Causes[0].Href {
					v.Cause, v.CauseRef = "The error page points at "+c.Rule+": "+c.Message, "#"+c.Anchor
				}
			}
		}
	}
	return v
}

func inputKind(in checks.Input) string {
	switch in.Kind {
	case "har":
		return "HAR, " + count(in.Entries, "entry", "entries") + ", " + count(in.Messages, "SAML message", "SAML messages")
	case "":
		return count(in.Messages, "SAML message", "SAML messages")
	}
	return in.Kind + ", " + count(in.Messages, "SAML message", "SAML messages")
}

func buildMessage(m checks.MessageSummary, fs []*htmlFinding) *htmlMessage {
	kind := cmp.Or(string(m.Kind), m.Param, "value")
	how := "over " + string(m.Binding)
	if m.Binding == saml.BindingNone || m.Binding == "" {
		how = "from " + m.File
	}
	hm := &htmlMessage{Anchor: fmt.Sprintf("m%d", m.Index+1), Num: m.Index + 1, Title: kind + " " + how, Findings: fs,
		Attributes: m.Attributes, DecodeError: m.DecodeError}
	top := checks.Severity(0)
	for _, f := range fs {
		top = max(top, f.sev)
	}
	if top > 0 {
		hm.Max = top.String()
	}
	add := func(label, value string, code bool) {
		if value != "" {
			hm.Fields = append(hm.Fields, htmlField{Label: label, Value: value, Code: code})
		}
	}
	for i, s := range m.Sightings {
		add(map[bool]string{true: "found", false: "also seen"}[i == 0], sighting(s), false)
	}
	if m.DecodeError == "" {
		add("profile", fmt.Sprintf("%s (%s)", m.Profile.Profile, m.Profile.Reason), false)
	}
	switch {
	case m.Answers != nil:
		hm.Fields = append(hm.Fields, htmlField{Label: "flow", Value: fmt.Sprintf("%s: answers message %d", m.Flow, *m.Answers+1), Href: fmt.Sprintf("#m%d", *m.Answers+1)})
	case m.Flow == "SP-initiated":
		add("flow", "SP-initiated: its AuthnRequest is not in this capture", false)
	default:
		add("flow", m.Flow, false)
	}
	add("issuer", m.Issuer, true)
	add("ID", m.ID, true)
	add("in response to", m.InResponseTo, true)
	add("destination", binding.WithoutQuery(m.Destination), true)
	add("audience", strings.Join(m.Display.Audiences, ", "), true)
	if m.Status != "" {
		add("status", m.Status, true)
	}
	if m.Kind == saml.KindResponse {
		add("assertions", fmt.Sprintf("%d plain, %d encrypted", m.Assertions, m.EncryptedAssertions), false)
	}
	if m.NameID != "" || m.NameIDFormat != "" {
		add("NameID", m.NameID, true)
		add("NameID format", cmp.Or(m.NameIDFormat, "(no Format)"), true)
	}
	add("relay state", m.RelayState, true)
	if !m.Display.RefTime.IsZero() {
		add("reference time", m.Display.RefTime.UTC().Format(time.RFC3339Nano)+" ("+m.Display.RefTimeSource+")", false)
	}
	paths := map[string]string{}
	if m.Display.XML != "" {
		xml, ids, ok := highlightXML(m.Display.XML, hm.Anchor, fs)
		hm.XML, paths = xml, ids
		if !ok {
			hm.XMLNote = "The XML could not be parsed for display; it is shown as decoded."
		}
	}
	for _, f := range fs {
		if id, ok := paths[f.XMLPath]; ok && f.XMLPath != "" {
			f.Element = "#" + id
		}
	}
	for _, s := range m.Signatures {
		hs := htmlSig{Covers: s.Covers, Where: s.XMLPath, Status: string(s.Status), Class: "sig-" + string(s.Status)}
		if id, ok := paths[s.XMLPath]; ok {
			hs.Href = "#" + id
		}
		hs.Algs = strings.Join(nonEmpty(saml.AlgorithmName(s.SignatureMethod), saml.AlgorithmName(s.DigestMethod)), " / ")
		switch {
		case s.Cause != saml.CauseNone:
			hs.Status += " (" + string(s.Cause) + ")"
		case s.Trust == saml.TrustTrusted:
			hs.Status += " (trusted certificate)"
		case s.Trust == saml.TrustEmbedded && len(s.Trusted) == 0:
			hs.Status += " (KeyInfo certificate; trust not checked)"
		case s.Trust == saml.TrustEmbedded:
			hs.Status += " (KeyInfo certificate only)"
		}
		if c := s.Certificate; c != nil {
			hs.Cert = c.Subject
			if c.Issuer == c.Subject {
				hs.Cert += " (self-signed)"
			} else {
				hs.Cert += ", issuer " + c.Issuer
			}
			hs.Validity = fmt.Sprintf("%s to %s (%s at the reference time)", c.NotBefore.UTC().Format(time.DateOnly), c.NotAfter.UTC().Format(time.DateOnly), cmp.Or(s.CertValidity, "unchecked"))
			hs.SHA1, hs.SHA256 = strings.SplitAfter(c.SHA1, ":"), strings.SplitAfter(c.SHA256, ":")
		}
		hm.Signatures = append(hm.Signatures, hs)
	}
	return hm
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// anchorID turns a rule id into a fragment-safe id ("saml/issuer" →
// "saml-issuer").
func anchorID(s string) string {
	var b strings.Builder
	for _, c := range s {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' {
			b.WriteRune(c)
		} else {
			b.WriteByte('-')
		}
	}
	return b.String()
}

// loginMargin is how many entries before the first SAML sighting and
// after the last sighting or error page the timeline shows redirects and
// pages of; maxSteps bounds those steps (sightings and error pages are
// always shown).
const (
	loginMargin = 8
	maxSteps    = 60
)

// minIndex returns the smaller of a and b, an a of -1 meaning none yet.
func minIndex(a, b int) int {
	if a < 0 {
		return b
	}
	return min(a, b)
}

// maxParties is how many parties besides the browser the timeline draws;
// more hosts share the last column.
const maxParties = 6

// timeline fills in the login's steps: the HAR exchanges where a message
// was seen, redirects, pages and the entries capture findings name, in
// entry order, each as an arrow from the browser to the party it went to;
// other exchanges are listed apart.
func timeline(hi *htmlInput, in checks.Input, msgs []checks.MessageSummary, ended []*htmlFinding) {
	notes := map[int][]htmlLink{}
	hostRole := map[string]string{}
	for _, m := range msgs {
		kind := cmp.Or(string(m.Kind), m.Param)
		for _, s := range m.Sightings {
			if s.Entry < 0 {
				continue
			}
			notes[s.Entry] = append(notes[s.Entry], htmlLink{Text: fmt.Sprintf("%s (message %d) %s", kind, m.Index+1, whereText(s.Where)), Href: fmt.Sprintf("#m%d", m.Index+1)})
			h := host(s.URL)
			switch {
			case isAWS(h):
			case m.Kind == saml.KindAuthnRequest && s.Where == saml.InQuery, m.Kind == saml.KindResponse && s.Where == saml.InHTML:
				hostRole[h] = "IdP"
			case m.Kind == saml.KindResponse && s.Where == saml.InForm && hostRole[h] == "":
				hostRole[h] = "SP"
			}
		}
	}
	bad := map[int][]htmlLink{}
	for _, f := range ended {
		if f.Entry >= 0 {
			f.StepHref = fmt.Sprintf("#%s-e%d", hi.Anchor, f.Entry)
			bad[f.Entry] = append(bad[f.Entry], htmlLink{Text: strings.ToUpper(f.Severity) + " " + f.Rule, Href: "#" + f.Anchor})
		}
	}
	xs := in.Timeline
	if len(xs) == 0 {
		// No exchange list (a report built without one): the sightings.
		seen := map[int]bool{}
		for _, m := range msgs {
			for _, s := range m.Sightings {
				if s.Entry >= 0 && !seen[s.Entry] {
					seen[s.Entry] = true
					xs = append(xs, checks.TimelineEntry{Entry: s.Entry, Started: s.Started, Method: s.Method, URL: s.URL, Status: s.Status})
				}
			}
		}
		slices.SortFunc(xs, func(a, b checks.TimelineEntry) int { return cmp.Compare(a.Entry, b.Entry) })
	}
	// The sign-in is the span of entries from a few before the first
	// sighting (the start page and its redirects) to a few after the last
	// sighting or error page; redirects and pages outside it are other
	// traffic.
	lo, up := -1, -1
	for e := range notes {
		lo, up = minIndex(lo, e), max(up, e)
	}
	for e := range bad {
		lo, up = minIndex(lo, e), max(up, e)
	}
	inLogin := func(e int) bool { return lo < 0 || (e >= lo-loginMargin && e <= up+loginMargin) }
	var first time.Time
	cols := map[string]int{}
	for _, x := range xs {
		key := len(notes[x.Entry]) > 0 || len(bad[x.Entry]) > 0 ||
			(inLogin(x.Entry) && len(hi.Steps) < maxSteps && ((x.Status >= 300 && x.Status <= 399) || strings.Contains(strings.ToLower(x.MimeType), "html")))
		st := htmlStep{Entry: x.Entry, Method: x.Method, URL: x.URL, Status: x.Status, Location: x.Location,
			Notes: notes[x.Entry], Findings: bad[x.Entry], Party: host(x.URL)}
		if !x.Started.IsZero() {
			if first.IsZero() {
				first = x.Started
			}
			st.Time = x.Started.UTC().Format("15:04:05.000")
			st.Elapsed = "+" + x.Started.Sub(first).Round(time.Millisecond).String()
		}
		switch {
		case len(st.Findings) > 0:
			st.Class = "bad"
		case len(st.Notes) > 0:
			st.Class = "saml"
		case x.Status >= 400 || x.Status == 0:
			st.Class = "err"
		}
		if !key {
			hi.Others = append(hi.Others, st)
			continue
		}
		h := host(x.URL)
		c, ok := cols[h]
		if !ok {
			if len(hi.Parties) < maxParties {
				name := hostRole[h]
				if isAWS(h) {
					name = "AWS"
				}
				hi.Parties = append(hi.Parties, htmlParty{Name: name, Host: h})
			} else {
				hi.Parties[maxParties-1].Name, hi.Parties[maxParties-1].Host = "others", "several hosts"
			}
			c = len(hi.Parties)
			cols[h] = c
		}
		st.To = c
		st.Party = cmp.Or(hi.Parties[c-1].Name, hi.Parties[c-1].Host)
		hi.Steps = append(hi.Steps, st)
	}
}

func whereText(w saml.Where) string {
	switch w {
	case saml.InQuery:
		return "in the query string"
	case saml.InForm:
		return "in the form POST"
	case saml.InHTML:
		return "in the auto-post form of the response"
	case saml.InLocation:
		return "in the redirect (Location)"
	}
	return ""
}

func host(u string) string {
	p, err := url.Parse(strings.TrimSuffix(u, "?…"))
	if err != nil || p.Host == "" {
		return "(unknown host)"
	}
	return p.Host
}

// isAWS reports the hosts of AWS's sign-in, console and access portal.
func isAWS(h string) bool {
	h = strings.ToLower(h)
	for _, s := range []string{".amazonaws.com", ".aws.amazon.com", ".awsapps.com", ".amazon.com", ".aws"} {
		if strings.HasSuffix(h, s) {
			return true
		}
	}
	return false
}

// pageQuote returns what an error page showed, as the error/* rules quote
// it (`entry 8 (...) shows "It's not you, it's us"; likely cause ...`), or "".
func pageQuote(msg string) string {
	_, rest, ok := strings.Cut(msg, " shows \"")
	if !ok {
		return ""
	}
	q, err := strconv.QuotedPrefix(`"` + rest)
	if err != nil {
		return ""
	}
	s, err := strconv.Unquote(q)
	if err != nil {
		return ""
	}
	return s
}

// inputVerdict counts the errors and warnings of one input's findings and
// returns their highest severity.
func inputVerdict(r *checks.Report, file string) (string, string) {
	e, w := 0, 0
	for _, f := range r.Findings {
		if f.Location.File != file {
			continue
		}
		switch f.Severity {
		case checks.Error:
			e++
		case checks.Warning:
			w++
		}
	}
	switch {
	case e > 0:
		return count(e, "error", "errors"), checks.Error.String()
	case w > 0:
		return count(w, "warning", "warnings"), checks.Warning.String()
	}
	return "", ""
}

// mentions reports whether s contains ref not followed by a digit ("on
// message 1" is not mentioned by "on message 12").
func mentions(s, ref string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], ref)
		if j < 0 {
			return false
		}
		end := i + j + len(ref)
		if end == len(s) || s[end] < '0' || s[end] > '9' {
			return true
		}
		i = end
	}
}
