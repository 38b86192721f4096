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
	// Width is the column to wrap text at; 0 means DefaultWidth. Lines
	// break between words only: a word or URL longer than a line goes
	// past it whole.
	Width int
	// Quiet writes the findings alone, one paragraph each naming its file
	// and entry: no inputs, message summaries, login sequence or totals.
	Quiet bool
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
// URLs have lost their query strings already (binding.WithoutQuery).
func Text(w io.Writer, r *checks.Report, opt TextOptions) error {
	t := &textWriter{w: bufio.NewWriter(w), opt: opt, width: opt.Width}
	if t.width <= 0 {
		t.width = DefaultWidth
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
	if opt.Quiet {
		for _, f := range r.Findings {
			t.quietFinding(f)
		}
		if err := t.w.Flush(); err != nil {
			return fmt.Errorf("report: text: %w", err)
		}
		return nil
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
			t.wrapIndent(t.style("1", "How the login ended:")+" ", 2, in.File)
			t.printf("\n")
			for _, f := range fs {
				t.finding(f, nil)
			}
		}
	}
	t.notices(r)
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
	t.wrapIndent(t.style("1", in.File)+" ", 2, fmt.Sprintf("(%s)%s", desc, what))
	for _, e := range in.Errors {
		t.wrapIndent("  "+t.style("33", "could not read:")+" ", 4, e)
	}
	if in.Messages == 0 && in.Kind == "har" && in.Exchanges == 0 {
		t.wrap("  ", "No SAMLRequest or SAMLResponse was found in this capture.")
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
		steps = append(steps, step{f.Location.Entry, fmt.Sprintf("entry %d: %s %s (see \"How the login ended\")", f.Location.Entry+1, strings.ToUpper(f.Severity.String()), f.Rule)})
	}
	if len(steps) < 2 {
		return
	}
	slices.SortStableFunc(steps, func(a, b step) int { return cmp.Compare(a.entry, b.entry) })
	t.printf("%s\n", t.style("1", "Login sequence:"))
	for i, s := range steps {
		t.wrapIndent(fmt.Sprintf("  %2d. ", i+1), 6, s.text)
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
	t.wrapIndent(t.style("1", fmt.Sprintf("Message %d:", m.Index+1))+" ", 2, kind+" "+how)
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
	for _, d := range m.Decryptions {
		t.field("decryption", decryptionText(d))
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
	for i, f := range fs {
		if primary(fs, i) >= 0 {
			continue // printed under the finding it shares its cause with
		}
		t.finding(f, consequences(fs, i))
	}
}

// primary returns the index of the finding fs[i] shares its root cause
// with (fs[i].SameCauseAs), or -1.
func primary(fs []checks.Finding, i int) int {
	f := fs[i]
	if f.SameCauseAs == "" {
		return -1
	}
	first := -1
	for j, g := range fs {
		if j == i || g.Rule != f.SameCauseAs || g.SameCauseAs != "" {
			continue
		}
		if f.Cause != "" && g.Cause == f.Cause {
			return j
		}
		if first < 0 {
			first = j
		}
	}
	return first
}

// consequences returns the findings whose primary is fs[i].
func consequences(fs []checks.Finding, i int) []checks.Finding {
	var out []checks.Finding
	for j := range fs {
		if j != i && primary(fs, j) == i {
			out = append(out, fs[j])
		}
	}
	return out
}

func (t *textWriter) field(label, value string) {
	if value == "" {
		return
	}
	if label != "" {
		label += ":"
	}
	t.wrapIndent(fmt.Sprintf("  %-16s ", label), 19, value)
}

func (t *textWriter) severity(s checks.Severity) string {
	sev := strings.ToUpper(s.String())
	switch s {
	case checks.Error:
		return t.style("1;31", sev)
	case checks.Warning:
		return t.style("1;33", sev)
	}
	return t.style("36", sev)
}

// finding prints f and, folded under it, the findings of less specific
// rules that report the same root cause.
func (t *textWriter) finding(f checks.Finding, same []checks.Finding) {
	t.wrapIndent(fmt.Sprintf("  %s %s: ", t.severity(f.Severity), t.style("1", f.Rule)), 6, f.Message)
	if f.Location.XMLPath != "" {
		t.wrap("      at ", f.Location.XMLPath)
	}
	for _, g := range same {
		t.wrapIndent("      same cause: "+t.severity(g.Severity)+" ", 8, g.Rule+": "+g.Message)
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
	t.wrapIndent(prefix, visibleLen(prefix), text)
}

// wrapIndent prints text after prefix, wrapped at the width with
// continuation lines indented by indent spaces.
func (t *textWriter) wrapIndent(prefix string, indent int, text string) {
	t.w.WriteString(wrapText(prefix, indent, text, t.width))
}

// quietFinding prints a finding for --quiet: where, severity, rule and
// message, in one paragraph.
func (t *textWriter) quietFinding(f checks.Finding) {
	where := f.Location.File
	if f.Location.Entry >= 0 {
		where += fmt.Sprintf(": entry %d", f.Location.Entry+1)
	}
	if f.Location.MessageIndex >= 0 {
		where += fmt.Sprintf(": message %d", f.Location.MessageIndex+1)
	}
	t.wrapIndent("", 4, fmt.Sprintf("%s: %s %s: %s", where, strings.ToUpper(f.Severity.String()), f.Rule, f.Message))
}

func (t *textWriter) notices(r *checks.Report) {
	if len(r.Notices) == 0 {
		return
	}
	t.printf("%s\n", t.style("1", "About the inputs:"))
	for _, n := range r.Notices {
		msg := n.Message
		if len(r.Inputs) > 1 && len(n.Files) > 0 && len(n.Files) < len(r.Inputs) {
			msg = "for " + strings.Join(n.Files, ", ") + ": " + msg
		}
		t.wrap("  "+t.severity(n.Severity)+" "+n.Code+": ", msg)
	}
	t.printf("\n")
}

func (t *textWriter) summary(r *checks.Report) {
	e, w, i := r.Count(checks.Error), r.Count(checks.Warning), r.Count(checks.Info)
	t.wrapIndent("", 0, fmt.Sprintf("%d message%s, %d error%s, %d warning%s, %d info",
		len(r.Messages), plural(len(r.Messages)), e, plural(e), w, plural(w), i))
}

// sighting describes where a message was seen, without query strings.
func sighting(s saml.Source) string {
	var b strings.Builder
	if s.Entry >= 0 {
		fmt.Fprintf(&b, "entry %d", s.Entry+1)
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

// decryptionText says how an EncryptedAssertion was decrypted: the key by
// file and public key fingerprint, and the algorithms.
func decryptionText(d checks.DecryptionSummary) string {
	if !d.Decrypted {
		return d.XMLPath + ": not decrypted (see saml/decryption)"
	}
	algs := d.KeyAlgorithm
	if d.DigestAlgorithm != "" {
		algs += " (" + d.DigestAlgorithm + ", " + d.MGFAlgorithm + ")"
	}
	return fmt.Sprintf("%s: assertion %q decrypted with %s (public key SHA-256 %s), %s, %s", d.XMLPath, d.AssertionID, d.KeyFile, d.KeyFingerprint, algs, d.DataAlgorithm)
}
