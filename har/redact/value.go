package redact

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"slices"
	"strings"
	"unicode"

	"github.com/samlcheck/samlcheck/har"
	"github.com/samlcheck/samlcheck/saml"
	"github.com/samlcheck/samlcheck/saml/binding"
)

// ValueMark is the XML comment [Redactor.Value] writes before the root
// element of each signed SAML message it rewrites: a pasted value has no HAR
// marker, so the message itself says that its signatures were broken on
// purpose. samlcheck then reports such a signature as redacted (Info), as
// it does for a HAR written by [Redact]. The comment sits outside every
// signature (a signature covers an element, and the comment precedes the
// root element).
const ValueMark = "<!--redacted by samlcheck redact-->"

// BrokenMark replaces ValueMark, in a pasted value and in a HAR alike, on
// a rewritten message one of whose signatures had a digest that did not
// match its content before redaction (tampered with, or re-encoded after
// signing): samlcheck then reports its signatures as it would have on the
// original, an error, instead of as broken by redaction.
const BrokenMark = "<!--redacted by samlcheck redact; a signature digest did not match before redaction-->"

// markXML inserts mark before the root element of x, after the XML
// declaration and whatever else precedes the root (comments, processing
// instructions, a doctype).
func markXML(x []byte, mark string) []byte {
	i := rootStart(x)
	out := make([]byte, 0, len(x)+len(mark))
	out = append(out, x[:i]...)
	out = append(out, mark...)
	return append(out, x[i:]...)
}

// rootStart returns the offset of the root element's "<" in x, or len(x).
func rootStart(x []byte) int {
	i := 0
	for {
		j := bytes.IndexByte(x[i:], '<')
		if j < 0 {
			return len(x)
		}
		i += j
		rest := x[i:]
		var end []byte
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			end = []byte("-->")
		case bytes.HasPrefix(rest, []byte("<?")):
			end = []byte("?>")
		case bytes.HasPrefix(rest, []byte("<!")):
			end = []byte(">")
		default:
			return i
		}
		k := bytes.Index(rest[2:], end)
		if k < 0 {
			return len(x)
		}
		i += 2 + k + len(end)
	}
}

// Value redacts a SAML message given as a user pastes it or saves it to a
// file, in every form samlcheck check reads: XML, Base64 (deflated or
// not, with line breaks, URL-encoded), a form body (SAMLResponse=…&
// RelayState=…), a URL carrying SAMLRequest or SAMLResponse, or an HTML
// page with an auto-post form. What is not one of these is redacted as
// free text (secrets and e-mail addresses). name is the input's name for
// the receipt. The layout (white space, byte order mark, encoding rounds)
// is kept, so samlcheck decodes the copy in the same steps.
//
// Each rewritten signed message carries [ValueMark]; its signatures over
// the replaced content no longer verify, and samlcheck reports them as
// redacted. A message with nothing to replace is left byte for byte, an
// unsigned one has no mark (and keeps its length).
//
// Text in UTF-16 (with or without a byte order mark, as Windows
// PowerShell writes it) is read as such and written back in UTF-16. A
// HAR (one in UTF-16 included) is redacted as [Redactor.HAR] does, in
// memory; a truncated one returns its readable part with the error.
func (x *Redactor) Value(name string, data []byte) ([]byte, error) {
	enc := sniffUTF16(data)
	data = enc.decode(data)
	if har.Sniff(data) {
		// A HAR after all (one in UTF-16, which Sniff cannot read as
		// such): redacted as a HAR, entry by entry.
		var b bytes.Buffer
		_, err := x.HAR(context.Background(), &b, bytes.NewReader(data), name)
		return enc.encode(b.Bytes()), err
	}
	out, err := x.value(name, data)
	return enc.encode(out), err
}

// value is Value of UTF-8 text.
func (x *Redactor) value(name string, data []byte) ([]byte, error) {
	r := x.r
	r.markValues = true
	defer func() { r.markValues = false }()
	s := string(data)
	bom := ""
	if strings.HasPrefix(s, "\ufeff") {
		bom, s = "\ufeff", s[len("\ufeff"):]
	}
	core := strings.TrimSpace(s)
	if core == "" {
		return nil, fmt.Errorf("har/redact: %s: empty input", name)
	}
	lead := s[:strings.Index(s, core)]
	trail := s[len(lead)+len(core):]
	var out string
	lower := strings.ToLower(core[:min(len(core), 8)])
	switch {
	case core[0] == '{' || core[0] == '[':
		if scim, ok := r.scimBody(core); ok {
			// A SCIM document: its personal data is pseudonymised as in
			// a HAR body (tokens.go).
			out = scim
			break
		}
		n, err := parseNode([]byte(core))
		if err != nil {
			out = r.text(core, modeBody)
			break
		}
		r.jsonValue(n, "")
		var b bytes.Buffer
		bw := bufio.NewWriter(&b)
		writeNode(bw, n)
		_ = bw.Flush() // writes to a bytes.Buffer do not fail
		out = b.String()
	case binding.SniffHTML([]byte(core)):
		out = r.html(core)
	case core[0] == '<':
		out = r.samlValue(core)
		if out == core && r.lastUnread {
			// Not a SAML message samlcheck decodes (metadata, a SOAP
			// fault): its identities are still replaced.
			// Unless that would make it decode: the copy must fail where
			// the original did (an unescaped "&" is escaped when the text
			// it is in is rewritten), so only text is replaced then.
			if x, changed := r.rewriteXML([]byte(core)); changed {
				out = string(x)
				if _, err := saml.Decode(saml.Encoded{Value: out}, nil); err == nil {
					out = r.text(core, modeBody)
				}
				if out != core {
					r.count(CountSAMLUnread, -1)
				}
			}
		}
	case strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://"):
		out = r.url(core)
	case hasSAMLPair(strings.TrimPrefix(core, "?")):
		out = r.form(core)
	default:
		out = r.samlValue(core)
		if out == core && r.lastUnread {
			if out = r.text(core, modeBody); out != core {
				r.count(CountSAMLUnread, -1)
			}
		}
	}
	r.nValues++
	return []byte(bom + lead + out + trail), nil
}

// jsonValue redacts the strings of a JSON document that is no HAR (an
// API's answer, a log record): the values of members named like secrets
// are removed and those named like identities replaced, SAML values are
// redacted as SAML messages, the others as body text.
func (r *redactor) jsonValue(n *node, key string) {
	r.jsonStrings(n, key, func(n *node, key string) {
		if identityParam(key) && !r.opt.KeepIdentities {
			n.str = r.identityValue(n.str, CountUser)
			return
		}
		if len(n.str) >= 64 {
			if red := r.samlValue(n.str); !r.lastUnread {
				n.str = red
				return
			}
			r.count(CountSAMLUnread, -1)
		}
		n.str = r.text(n.str, modeBody)
	})
}

// jsonStrings walks the JSON document n (the value of member key, "" at
// the top): it removes the values of members named like secrets and
// gives every other string to redact with the name of the member it is
// the value of (an array's elements are the array's member's).
func (r *redactor) jsonStrings(n *node, key string, redact func(n *node, key string)) {
	switch n.kind {
	case '"':
		if kind, ok := secretParam(key); ok && n.str != "" {
			r.removed(kind, n.str)
			n.str = Placeholder
			return
		}
		redact(n, key)
	case '{':
		for i, v := range n.vals {
			r.jsonStrings(v, n.keys[i], redact)
		}
	case '[':
		for _, v := range n.vals {
			r.jsonStrings(v, key, redact)
		}
	}
}

// hasSAMLPair reports a query or form body with a SAMLRequest or
// SAMLResponse parameter.
func hasSAMLPair(q string) bool {
	for p := range strings.SplitSeq(q, "&") {
		k, _, ok := strings.Cut(p, "=")
		if ok && isSAMLParam(strings.TrimSpace(k)) {
			return true
		}
	}
	return false
}

// Users redacts a users list (the --users file of samlcheck check) with
// the pseudonyms of the inputs redacted before it, so that the list and
// the HAR or value still diagnose together: a NameID that matched a user
// name still matches its pseudonym, and one that differed only by case
// still does. parse is the reader samlcheck uses for such lists (in the
// samlcheck command, checks/users.Parse); it returns the user names of a
// list. Users reads data with it, replaces each name wherever it occurs
// (as a whole token, in any layout: lines, CSV, CLI tables, JSON), redacts
// the rest as text (e-mail addresses, account ids in ARNs, secrets), and
// reads the result back with parse: the names read back must be the
// pseudonyms of the names read first, or Users fails rather than write a
// list that no longer diagnoses. In JSON, the members naming a person
// (UserName, DisplayName, GivenName, Emails' Value, …) are replaced as
// identities too. With Options.KeepIdentities the list is returned as
// it is.
func (x *Redactor) Users(name string, data []byte, parse func([]byte) ([]string, error)) ([]byte, error) {
	r := x.r
	names, err := parse(data)
	if err != nil {
		return nil, fmt.Errorf("har/redact: users list %s: %w", name, err)
	}
	if r.opt.KeepIdentities {
		r.nUsers += len(names)
		return data, nil
	}
	want := make(map[string]bool, len(names))
	for _, n := range names {
		want[r.ps.identity(n)] = true
	}
	var out []byte
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	if n, err := parseNode(trimmed); err == nil && len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[') {
		r.usersJSON(n, "", names)
		var b bytes.Buffer
		if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
			b.WriteString("\ufeff")
		}
		var compact bytes.Buffer
		bw := bufio.NewWriter(&compact)
		writeNode(bw, n)
		_ = bw.Flush() // writes to a bytes.Buffer do not fail
		if indent := jsonIndent(trimmed); indent != "" {
			// Pretty-printed, as the AWS CLI prints: printed alike.
			_ = json.Indent(&b, compact.Bytes(), "", indent) // compact is valid JSON
		} else {
			b.Write(compact.Bytes())
		}
		b.WriteByte('\n')
		out = b.Bytes()
	} else {
		text := replaceNames(string(data), names, r.ps.identity)
		out = []byte(r.text(r.localWords(text, names), modeValue))
	}
	got, err := parse(out)
	if err != nil {
		return nil, fmt.Errorf("har/redact: users list %s: the redacted list does not read back: %w", name, err)
	}
	missing := 0
	for _, n := range got {
		if !want[n] {
			missing++
		}
	}
	if len(got) != len(names) || missing > 0 {
		return nil, fmt.Errorf("har/redact: users list %s: the redacted list reads back as %d names, %d of them not the pseudonym of a listed name (of %d): not written", name, len(got), missing, len(names))
	}
	r.count(CountUser, len(names))
	r.nUsers += len(names)
	return out, nil
}

// jsonIndent returns the indentation of pretty-printed JSON (the white
// space that starts its second line), or "" for JSON on one line.
func jsonIndent(data []byte) string {
	nl := bytes.IndexByte(data, '\n')
	if nl < 0 {
		return ""
	}
	rest := data[nl+1:]
	n := 0
	for n < len(rest) && (rest[n] == ' ' || rest[n] == '\t') {
		n++
	}
	return string(rest[:n])
}

// usersJSON redacts a users list in JSON in place: strings under members
// that name a person as identities, strings equal to a listed name as
// that name, and the others as text.
func (r *redactor) usersJSON(n *node, key string, names []string) {
	// A secret such as a NextToken stays present (the list is
	// paginated), its value goes.
	r.jsonStrings(n, key, func(n *node, key string) {
		switch {
		case slices.Contains(names, strings.TrimSpace(n.str)), key != "" && identityAttribute(key) && !isAWSID(n.str):
			n.str = r.ps.identity(n.str)
		case key == "Value" && strings.Contains(n.str, "@"):
			n.str = r.ps.identity(n.str)
		default:
			n.str = r.text(n.str, modeValue)
		}
	})
}

// isAWSID reports the identifiers AWS assigns (an ARN, an Identity Store
// id "d-…"): they name no person and are kept but for their account ids.
func isAWSID(s string) bool {
	return strings.HasPrefix(s, "arn:") || strings.HasPrefix(s, "d-")
}

// replaceNames replaces each of names in s wherever it occurs as a whole
// token (not next to a character a user name may hold), longest names
// first, by ps(name).
func replaceNames(s string, names []string, ps func(string) string) string {
	sorted := slices.Clone(names)
	slices.SortFunc(sorted, func(a, b string) int { return len(b) - len(a) })
	type span struct {
		start, end int
		repl       string
	}
	var spans []span
	taken := func(i, j int) bool {
		for _, sp := range spans {
			if i < sp.end && sp.start < j {
				return true
			}
		}
		return false
	}
	for _, n := range sorted {
		if n == "" {
			continue
		}
		for i, j := range wholeNames(s, n) {
			if !taken(i, j) {
				spans = append(spans, span{i, j, ps(n)})
			}
		}
	}
	if len(spans) == 0 {
		return s
	}
	slices.SortFunc(spans, func(a, b span) int { return a.start - b.start })
	var b strings.Builder
	last := 0
	for _, sp := range spans {
		b.WriteString(s[last:sp.start])
		b.WriteString(sp.repl)
		last = sp.end
	}
	b.WriteString(s[last:])
	return b.String()
}

// localWords replaces, in a users list as text (CLI tables, CSV), the
// words that are the user part of a listed name (alice of
// alice@corp.com or CORP\alice, four characters or more), in any case:
// the given-name or display-name columns beside the user name.
func (r *redactor) localWords(s string, names []string) string {
	var words []string
	for _, n := range names {
		user := n
		if i := strings.LastIndexByte(n, '@'); i >= 0 {
			user = n[:i]
		} else if i := strings.LastIndexByte(n, '\\'); i >= 0 {
			user = n[i+1:]
		} else {
			continue
		}
		for _, w := range strings.FieldsFunc(user, func(c rune) bool { return c == '.' || c == '_' || c == '-' || c == '+' }) {
			if len(w) >= 4 && strings.ContainsFunc(w, unicode.IsLetter) && !slices.Contains(words, asciiLower(w)) {
				words = append(words, asciiLower(w))
			}
		}
	}
	for _, w := range words {
		lower := asciiLower(s)
		var b strings.Builder
		last := 0
		// lower has s's length and, byte for byte, the same name bytes.
		for i, end := range wholeNames(lower, w) {
			b.WriteString(s[last:i])
			b.WriteString(r.ps.word(kindUser, s[i:end]))
			last = end
		}
		if last > 0 {
			b.WriteString(s[last:])
			s = b.String()
		}
	}
	return s
}

// wholeNames yields the start and end of each place name stands in s as a
// whole name: not next to a byte a name may hold (isNameByte).
func wholeNames(s, name string) iter.Seq2[int, int] {
	return func(yield func(int, int) bool) {
		if name == "" {
			return
		}
		for from := 0; ; {
			i := strings.Index(s[from:], name)
			if i < 0 {
				return
			}
			i += from
			j := i + len(name)
			from = j
			if i > 0 && isNameByte(s[i-1]) || j < len(s) && isNameByte(s[j]) {
				continue
			}
			if !yield(i, j) {
				return
			}
		}
	}
}

// isNameByte reports the bytes a user name may hold, next to which a
// listed name is part of a longer one.
func isNameByte(c byte) bool {
	return isLocalChar(c) || c == '@' || c == '\\' || c >= 0x80
}
