package report

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/saml"
)

// TextOptions controls the text format.
type TextOptions struct {
	// Color turns on ANSI colours (the caller decides: a terminal and no
	// NO_COLOR).
	Color bool
	// Width is the column to wrap explanations at; 0 means 100.
	Width int
}

// CaptureHelp tells people how to record a HAR that contains the login.
const CaptureHelp = "To capture a login: open the browser's developer tools (F12) on the Network tab, tick " +
	"\"Preserve log\", start recording BEFORE you sign in, sign in until the error appears, then export " +
	"(\"Save all as HAR\" / \"Export HAR\")."

type textWriter struct {
	w     *bufio.Writer
	opt   TextOptions
	width int
}

// Text writes the report for people: for each message a short summary, then
// its findings with what is wrong, why login fails and how to fix it; last,
// a summary line. Secrets from the capture are never printed: the report's
// URLs have lost their query strings already (checks.RedactURL).
func Text(w io.Writer, r *checks.Report, opt TextOptions) error {
	t := &textWriter{w: bufio.NewWriter(w), opt: opt, width: opt.Width}
	if t.width <= 0 {
		t.width = 100
	}
	byMsg := map[int][]checks.Finding{}
	byFile := map[string][]checks.Finding{}
	for _, f := range r.Findings {
		if f.Location.MessageIndex < 0 {
			byFile[f.Location.File] = append(byFile[f.Location.File], f)
			continue
		}
		byMsg[f.Location.MessageIndex] = append(byMsg[f.Location.MessageIndex], f)
	}
	for _, in := range r.Inputs {
		t.input(r, in)
		if in.Kind == "har" {
			t.sequence(r, in.File, byFile[in.File])
		}
		t.tokens(r, in.File) // tokens.go
	}
	for _, m := range r.Messages {
		t.message(m, byMsg[m.Index])
	}
	for _, in := range r.Inputs {
		if fs := byFile[in.File]; len(fs) > 0 {
			t.printf("%s %s\n\n", t.style("1", "How the login ended:"), in.File)
			for _, f := range fs {
				t.finding(f)
			}
		}
	}
	t.summary(r)
	if err := t.w.Flush(); err != nil {
		return fmt.Errorf("report: text: %w", err)
	}
	return nil
}

func (t *textWriter) printf(format string, args ...any) { fmt.Fprintf(t.w, format, args...) }

func (t *textWriter) style(code, s string) string {
	if !t.opt.Color {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

func (t *textWriter) input(r *checks.Report, in checks.Input) {
	desc := in.Kind
	if in.Kind == "har" {
		desc = "HAR, " + count(in.Entries, "entry", "entries")
	}
	what := ": " + count(in.Messages, "SAML message", "SAML messages")
	switch {
	case in.Kind == "scim" || in.Kind == "jwt":
		desc, what = map[string]string{"scim": "SCIM document", "jwt": "JWT"}[in.Kind], ""
	case in.Exchanges > 0:
		what += ", " + count(in.Exchanges, "exchange", "exchanges") + " for the token, SCIM and connection rules"
	}
	t.printf("%s (%s)%s\n", t.style("1", in.File), desc, what)
	for _, e := range in.Errors {
		t.printf("  %s %s\n", t.style("33", "could not read:"), e)
	}
	if in.Messages == 0 && in.Kind == "har" && in.Exchanges == 0 {
		t.printf("  No SAMLRequest or SAMLResponse was found in this capture.\n")
		t.wrap("  ", CaptureHelp)
	}
	t.printf("\n")
}

// sequence prints a HAR's login as the ordered steps the capture shows:
// each sighting of a message and each page a capture rule reported on.
func (t *textWriter) sequence(r *checks.Report, file string, fs []checks.Finding) {
	type step struct {
		entry int
		text  string
	}
	var steps []step
	for _, m := range r.Messages {
		if m.File != file {
			continue
		}
		kind := string(m.Kind)
		if kind == "" {
			kind = m.Param
		}
		for _, s := range m.Sightings {
			steps = append(steps, step{s.Entry, fmt.Sprintf("message %d (%s): %s", m.Index+1, kind, sighting(s))})
		}
	}
	for _, f := range fs {
		steps = append(steps, step{f.Location.Entry, fmt.Sprintf("entry %d: %s %s (see \"How the login ended\")", f.Location.Entry, strings.ToUpper(f.Severity.String()), f.Rule)})
	}
	if len(steps) < 2 {
		return
	}
	slices.SortStableFunc(steps, func(a, b step) int { return cmp.Compare(a.entry, b.entry) })
	t.printf("%s\n", t.style("1", "Login sequence:"))
	for i, s := range steps {
		t.printf("  %2d. %s\n", i+1, s.text)
	}
	t.printf("\n")
}

func (t *textWriter) message(m checks.MessageSummary, fs []checks.Finding) {
	kind := string(m.Kind)
	if kind == "" {
		kind = m.Param
	}
	if kind == "" {
		kind = "value"
	}
	how := "over " + string(m.Binding)
	if m.Binding == saml.BindingNone || m.Binding == "" {
		how = "from " + m.File
	}
	t.printf("%s %s %s\n", t.style("1", fmt.Sprintf("Message %d:", m.Index+1)), kind, how)
	for i, s := range m.Sightings {
		label := "found"
		if i > 0 {
			label = "also"
		}
		t.field(label, sighting(s))
	}
	for _, st := range m.Steps {
		if st.Name == saml.StepCharset {
			t.field("charset", strings.Join(st.Repairs, "; "))
		}
	}
	if m.DecodeError == "" {
		t.field("profile", fmt.Sprintf("%s (%s)", m.Profile.Profile, m.Profile.Reason))
	}
	switch {
	case m.Answers != nil:
		t.field("flow", fmt.Sprintf("%s: answers message %d", m.Flow, *m.Answers+1))
	case m.Flow == "SP-initiated":
		t.field("flow", "SP-initiated: its AuthnRequest is not in this capture")
	default:
		t.field("flow", m.Flow)
	}
	t.field("issuer", m.Issuer)
	t.field("id", m.ID)
	t.field("in response to", m.InResponseTo)
	t.field("destination", m.Destination)
	if m.Status != "" && m.Status != "urn:oasis:names:tc:SAML:2.0:status:Success" {
		t.field("status", m.Status)
	}
	if m.Kind == saml.KindResponse {
		t.field("assertions", fmt.Sprintf("%d plain, %d encrypted", m.Assertions, m.EncryptedAssertions))
	}
	if m.NameID != "" || m.NameIDFormat != "" {
		f := m.NameIDFormat
		if f == "" {
			f = "no Format"
		}
		t.field("NameID", fmt.Sprintf("%s (%s)", m.NameID, f))
	}
	t.field("relay state", m.RelayState)
	for i, a := range m.Attributes {
		label := ""
		if i == 0 {
			label = "attributes"
		}
		t.field(label, a.Name+" = "+strings.Join(a.Values, " | "))
	}
	for i, sig := range m.Signatures {
		label := ""
		if i == 0 {
			label = "signatures"
		}
		t.field(label, sig.String())
	}
	if len(fs) == 0 {
		t.printf("  %s\n\n", t.style("32", "no findings"))
		return
	}
	t.printf("\n")
	for _, f := range fs {
		t.finding(f)
	}
}

func (t *textWriter) field(label, value string) {
	if value == "" {
		return
	}
	if label != "" {
		label += ":"
	}
	t.printf("  %-16s %s\n", label, value)
}

func (t *textWriter) finding(f checks.Finding) {
	sev := strings.ToUpper(f.Severity.String())
	switch f.Severity {
	case checks.Error:
		sev = t.style("1;31", sev)
	case checks.Warning:
		sev = t.style("1;33", sev)
	default:
		sev = t.style("36", sev)
	}
	t.printf("  %s %s: %s\n", sev, t.style("1", f.Rule), f.Message)
	if f.Location.XMLPath != "" {
		t.printf("      at %s\n", f.Location.XMLPath)
	}
	if f.Severity > checks.Info {
		t.wrap("      why: ", f.Why)
		t.wrap("      fix: ", f.Fix)
	}
	t.printf("\n")
}

// wrap prints text after prefix, wrapped at the width with continuation
// lines indented like the prefix.
func (t *textWriter) wrap(prefix, text string) {
	if text == "" {
		return
	}
	indent := strings.Repeat(" ", len(prefix))
	line := prefix
	for i, word := range strings.Fields(text) {
		if i > 0 && len(line)+1+len(word) > t.width {
			t.printf("%s\n", line)
			line = indent + word
			continue
		}
		if i > 0 {
			line += " "
		}
		line += word
	}
	t.printf("%s\n", line)
}

func (t *textWriter) summary(r *checks.Report) {
	e, w, i := r.Count(checks.Error), r.Count(checks.Warning), r.Count(checks.Info)
	t.printf("%d message%s, %d error%s, %d warning%s, %d info\n",
		len(r.Messages), plural(len(r.Messages)), e, plural(e), w, plural(w), i)
}

// sighting describes where a message was seen, without query strings.
func sighting(s saml.Source) string {
	var b strings.Builder
	if s.Entry >= 0 {
		fmt.Fprintf(&b, "entry %d", s.Entry)
		if !s.Started.IsZero() {
			fmt.Fprintf(&b, " at %s", s.Started.UTC().Format("2006-01-02T15:04:05.000Z"))
		}
		b.WriteString(", ")
	}
	switch s.Where {
	case saml.InQuery:
		fmt.Fprintf(&b, "query string of %s %s", s.Method, (s.URL))
	case saml.InForm:
		fmt.Fprintf(&b, "form POST to %s", (s.URL))
	case saml.InHTML:
		fmt.Fprintf(&b, "auto-post form in the response to %s %s", s.Method, (s.URL))
		if s.Target != "" {
			fmt.Fprintf(&b, " (action %s)", (s.Target))
		}
	case saml.InLocation:
		fmt.Fprintf(&b, "redirect (Location) from %s %s to %s", s.Method, (s.URL), (s.Target))
	default:
		b.WriteString("file " + s.File)
	}
	if s.Status != 0 {
		fmt.Fprintf(&b, ", status %d", s.Status)
	}
	return b.String()
}

// count says "1 entry", "2 entries".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
