package redact

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"crypto/sha256"
	"encoding/base64"
	"html"
	"io"
	"net/url"
	"slices"
	"strings"

	"github.com/samlcheck/samlcheck/har/internal/harvalue"
	"github.com/samlcheck/samlcheck/saml"
	"github.com/samlcheck/samlcheck/saml/binding"
)

// samlCore is the redacted form of one SAML message, before the styling of
// the place it is written to: standard padded Base64 of the (compressed)
// XML, or the XML itself for a value that was XML.
type samlCore struct {
	value string
	// keep reports a message left as found: nothing to replace, or a
	// value that does not decode.
	keep bool
}

// maxSAMLCache bounds the cache of redacted messages; past it the cache
// is emptied. Redacting a message again gives the same result (the
// pseudonyms are fixed once made), so the cache only saves time.
const maxSAMLCache = 4096

// samlValue returns the redacted form of a SAMLRequest or SAMLResponse
// value as the har reader sees it (after the one level of query, form or
// HTML decoding of the place it was found in): the message decoded,
// identities in it replaced by pseudonyms, and encoded again in the same
// way (DEFLATE, Base64 alphabet, padding, line breaks, inner URL encoding).
// The same message found in several places, however each place encodes
// it, gets the same redacted message, so the reader still merges the
// sightings. A value that does not decode, or has nothing to replace, is
// returned as is.
func (r *redactor) samlValue(v string) string {
	mode := "har\x00"
	if r.markValues {
		mode = "value\x00"
	}
	key := sha256.Sum256([]byte(mode + saml.Canonical(v)))
	core, ok := r.samlCache[key]
	if !ok {
		core = r.samlRedact(v)
		if len(r.samlCache) >= maxSAMLCache {
			clear(r.samlCache)
		}
		r.samlCache[key] = core
	}
	r.lastUnread = core.keep && core.value == ""
	switch {
	case r.lastUnread:
		r.count(CountSAMLUnread, 1)
		return v
	case core.keep:
		r.count(CountSAMLKept, 1)
		return v
	}
	r.count(CountSAMLRewritten, 1)
	return styleLike(v, core.value)
}

// samlRedact decodes v and redacts the message in it.
func (r *redactor) samlRedact(v string) samlCore {
	m, err := saml.Decode(saml.Encoded{Value: v}, nil)
	if err != nil {
		return r.partialRedact(v)
	}
	x, changed := r.rewriteXML(m.XML)
	if !changed {
		return samlCore{keep: true, value: "unchanged"}
	}
	signed, broken := signatures(m)
	switch {
	case broken:
		// Say so, or the broken signature would read as redacted.
		x = markXML(x, BrokenMark)
	case r.markValues && signed:
		// Only a signed message needs the mark (its signatures break);
		// an unsigned one keeps its length.
		x = markXML(x, ValueMark)
	}
	for _, s := range m.Steps {
		if s.Name == saml.StepXML && slices.Contains(s.Repairs, "removed byte order mark") {
			x = append([]byte("\ufeff"), x...)
		}
	}
	hasStep := func(name string) (saml.Step, bool) {
		for _, s := range m.Steps {
			if s.Name == name {
				return s, true
			}
		}
		return saml.Step{}, false
	}
	if _, ok := hasStep(saml.StepBase64); !ok {
		return samlCore{value: string(x)}
	}
	if st, ok := hasStep(saml.StepInflate); ok {
		x = compress(x, st.Repairs)
	}
	return samlCore{value: base64.StdEncoding.EncodeToString(x)}
}

// compress deflates data, in the zlib or gzip framing the original used.
func compress(data []byte, repairs []string) []byte {
	var buf bytes.Buffer
	var w io.WriteCloser
	switch {
	case slices.Contains(repairs, "zlib wrapper"):
		w = zlib.NewWriter(&buf)
	case slices.Contains(repairs, "gzip wrapper"):
		w = gzip.NewWriter(&buf)
	default:
		w, _ = flate.NewWriter(&buf, flate.BestCompression) // the level is valid
	}
	_, _ = w.Write(data) // writes to a bytes.Buffer do not fail
	_ = w.Close()
	return buf.Bytes()
}

// styleLike encodes core (padded standard Base64, or XML) the way orig is
// encoded: the same number of inner URL-encoding rounds, surrounding white
// space, and for Base64 the URL-safe alphabet, missing padding, line
// breaks of the same width, or spaces for "+" (a form decoder's damage),
// so that the decoder takes the same steps and repairs.
func styleLike(orig, core string) string {
	s := strings.TrimPrefix(orig, "\ufeff")
	bom := len(s) != len(orig)
	rounds := 0
	inner := strings.TrimSpace(s)
	for rounds < 3 && harvalue.HasEscape(inner) && !looksXML(inner) {
		u, err := url.PathUnescape(inner)
		if err != nil {
			break
		}
		inner = strings.TrimSpace(u)
		rounds++
	}
	out := core
	if !looksXML(inner) && !looksXML(core) {
		out = styleBase64(inner, core)
	}
	for range rounds {
		out = escapeAll(out)
	}
	lead := s[:len(s)-len(strings.TrimLeft(s, " \t\r\n"))]
	trail := s[len(strings.TrimRight(s, " \t\r\n")):]
	if lead == s {
		trail = ""
	}
	if rounds > 0 || strings.TrimSpace(s) != s && !strings.ContainsAny(strings.TrimSpace(s), " \t\r\n") {
		out = lead + out + trail
	}
	if bom {
		out = "\ufeff" + out
	}
	return out
}

// styleBase64 gives core, padded standard Base64, the form of orig.
func styleBase64(orig, core string) string {
	out := core
	if strings.ContainsAny(orig, "-_") {
		out = strings.NewReplacer("+", "-", "/", "_").Replace(out)
	}
	if !strings.HasSuffix(strings.TrimRight(orig, " \t\r\n"), "=") {
		out = strings.TrimRight(out, "=")
	}
	if !strings.ContainsAny(orig, " \t\r\n") {
		return out
	}
	fields := strings.Fields(orig)
	if len(fields) == 0 {
		return out
	}
	if binding.SpacesArePlus(orig) {
		// A form decoder turned every '+' into a space.
		return strings.ReplaceAll(out, "+", " ")
	}
	// Line breaks (or spaces) at a fixed width.
	width := len(fields[0])
	i := strings.IndexAny(orig, " \t\r\n")
	j := i
	for j < len(orig) && strings.IndexByte(" \t\r\n", orig[j]) >= 0 {
		j++
	}
	sep := orig[i:j]
	if width <= 0 {
		return out
	}
	var b strings.Builder
	for len(out) > width {
		b.WriteString(out[:width])
		b.WriteString(sep)
		out = out[width:]
	}
	b.WriteString(out)
	return b.String()
}

// escapeAll percent-encodes everything but unreserved characters.
func escapeAll(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte("0123456789ABCDEF"[c>>4])
		b.WriteByte("0123456789ABCDEF"[c&0xf])
	}
	return b.String()
}

func looksXML(s string) bool {
	return strings.HasPrefix(strings.TrimLeft(strings.TrimPrefix(s, "\ufeff"), " \t\r\n"), "<")
}

// xmlFrame is an open element of the XML being rewritten.
type xmlFrame struct {
	local string
	// identity reports an element whose text is an identity: a NameID, or
	// an AttributeValue of an identity attribute.
	identity bool
	// identityAttr reports an Attribute whose values are identities.
	identityAttr bool
}

// opaqueElements hold Base64 or key material, never rewritten.
var opaqueElements = map[string]bool{
	"SignatureValue": true, "DigestValue": true, "X509Certificate": true, "CipherValue": true,
	"X509SKI": true, "Modulus": true, "Exponent": true, "X509CRL": true,
}

// rewriteXML replaces identities in a SAML message's XML byte for byte: the
// text of NameID elements and of the values of identity attributes become
// pseudonyms, and in all other text and attribute values secrets are
// removed and e-mail addresses and ARN account ids replaced. Markup,
// comments' places, CDATA sections and everything else stay as they are, so
// the rules that read the XML's form judge the result as they judged the
// original. It reports whether anything changed.
func (r *redactor) rewriteXML(x []byte) ([]byte, bool) {
	var out bytes.Buffer
	out.Grow(len(x))
	var stack []xmlFrame
	changed := false
	top := func() xmlFrame {
		if len(stack) == 0 {
			return xmlFrame{}
		}
		return stack[len(stack)-1]
	}
	// textValue redacts one piece of character data (unescaped).
	textValue := func(s string) string {
		f := top()
		switch {
		case opaqueElements[f.local]:
			return s
		case f.identity && !r.opt.KeepIdentities && strings.TrimSpace(s) != "":
			kind := CountIdentityAttr
			if f.local == "NameID" || f.local == "NameIdentifier" {
				kind = CountNameID
			}
			return r.identityValue(s, kind)
		}
		return r.text(s, modeXML)
	}
	emit := func(raw []byte, plain string, repl string, escape func(string) string) {
		if repl == plain {
			out.Write(raw)
			return
		}
		changed = true
		out.WriteString(escape(repl))
	}
	i := 0
	// section writes the section x[i:] (rest) starts with, open … end, with
	// its body as redact gives it unless that holds forbid (which
	// would end or break the section); it reports false when the
	// section does not end.
	section := func(rest []byte, open, end, forbid string, redact func(string) string) bool {
		n := bytes.Index(rest[len(open):], []byte(end))
		if n < 0 {
			return false
		}
		body := string(rest[len(open) : len(open)+n])
		red := redact(body)
		out.WriteString(open)
		if red != body && !strings.Contains(red, forbid) {
			changed = true
			out.WriteString(red)
		} else {
			out.WriteString(body)
		}
		out.WriteString(end)
		i += len(open) + n + len(end)
		return true
	}
	for i < len(x) {
		if x[i] != '<' {
			j := bytes.IndexByte(x[i:], '<')
			if j < 0 {
				j = len(x) - i
			}
			raw := x[i : i+j]
			plain := html.UnescapeString(string(raw))
			emit(raw, plain, textValue(plain), escapeText)
			i += j
			continue
		}
		rest := x[i:]
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			if !section(rest, "<!--", "-->", "--", func(s string) string { return r.text(s, modeXML) }) {
				out.Write(rest)
				return out.Bytes(), changed
			}
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			if !section(rest, "<![CDATA[", "]]>", "]]>", textValue) {
				out.Write(rest)
				return out.Bytes(), changed
			}
		case bytes.HasPrefix(rest, []byte("<?")), bytes.HasPrefix(rest, []byte("<!")):
			end := bytes.IndexByte(rest, '>')
			if end < 0 {
				out.Write(rest)
				return out.Bytes(), changed
			}
			out.Write(rest[:end+1])
			i += end + 1
		case bytes.HasPrefix(rest, []byte("</")):
			end := bytes.IndexByte(rest, '>')
			if end < 0 {
				out.Write(rest)
				return out.Bytes(), changed
			}
			out.Write(rest[:end+1])
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			i += end + 1
		default:
			n, frame, selfClosing := r.startTag(rest, &out, top(), &changed)
			if !selfClosing {
				stack = append(stack, frame)
			}
			i += n
		}
	}
	return out.Bytes(), changed
}

// startTag copies the start tag at the beginning of rest to out, redacting
// its attribute values, and returns its length, the frame it opens and
// whether it closes itself.
func (r *redactor) startTag(rest []byte, out *bytes.Buffer, parent xmlFrame, changed *bool) (int, xmlFrame, bool) {
	i := 1
	for i < len(rest) && !isXMLSpace(rest[i]) && rest[i] != '>' && rest[i] != '/' {
		i++
	}
	name := string(rest[1:i])
	local := name
	if c := strings.LastIndexByte(name, ':'); c >= 0 {
		local = name[c+1:]
	}
	frame := xmlFrame{
		local:    local,
		identity: local == "NameID" || local == "NameIdentifier" || local == "AttributeValue" && parent.identityAttr,
	}
	out.Write(rest[:i])
	for i < len(rest) {
		c := rest[i]
		switch {
		case isXMLSpace(c):
			out.WriteByte(c)
			i++
			continue
		case c == '>':
			out.WriteByte(c)
			return i + 1, frame, false
		case c == '/':
			out.WriteByte(c)
			i++
			if i < len(rest) && rest[i] == '>' {
				out.WriteByte('>')
				return i + 1, frame, true
			}
			continue
		}
		// An attribute: name, '=', quoted value.
		start := i
		for i < len(rest) && rest[i] != '=' && !isXMLSpace(rest[i]) && rest[i] != '>' {
			i++
		}
		attr := string(rest[start:i])
		for i < len(rest) && (isXMLSpace(rest[i]) || rest[i] == '=') {
			i++
		}
		out.Write(rest[start:i])
		if i >= len(rest) || (rest[i] != '"' && rest[i] != '\'') {
			continue
		}
		q := rest[i]
		end := bytes.IndexByte(rest[i+1:], q)
		if end < 0 {
			out.Write(rest[i:])
			return len(rest), frame, true
		}
		raw := rest[i+1 : i+1+end]
		plain := html.UnescapeString(string(raw))
		if local == "Attribute" && (attr == "Name" || attr == "FriendlyName" || attr == "AttributeName") && identityAttribute(plain) {
			frame.identityAttr = true
		}
		repl := plain
		if !strings.HasPrefix(attr, "xmlns") {
			if attr == "SPProvidedID" && !r.opt.KeepIdentities {
				repl = r.identityValue(plain, CountNameID)
			} else {
				repl = r.text(plain, modeXML)
			}
		}
		out.WriteByte(q)
		if repl == plain {
			out.Write(raw)
		} else {
			*changed = true
			out.WriteString(escapeAttr(repl))
		}
		out.WriteByte(q)
		i += 1 + end + 1
	}
	return i, frame, false
}

func isXMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

var textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// escapeText escapes character data.
func escapeText(s string) string { return textEscaper.Replace(s) }

// attrEscaper escapes an attribute value, white space included so that
// attribute-value normalisation reads it back unchanged.
var attrEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", "\"", "&quot;", "'", "&apos;", "\t", "&#9;", "\n", "&#10;", "\r", "&#13;")

// escapeAttr escapes an attribute value.
func escapeAttr(s string) string { return attrEscaper.Replace(s) }

// signatures reports whether m has a signature, and whether one of them
// has a digest that does not match its content before redaction (tampered
// with, or re-encoded after signing).
func signatures(m *saml.Message) (signed, broken bool) {
	for _, res := range m.Verify(saml.VerifyOptions{}) {
		signed = true
		if res.Cause == saml.CauseDigest || res.DigestChecked && !res.DigestOK {
			broken = true
		}
	}
	return signed, broken
}

// partialRedact redacts a Base64 value whose message does not decode
// because the value was cut short (a proxy, a HAR editor, a chat client):
// when the Base64 decodes to the start of an XML document, its identities
// are replaced as in a complete message, byte for byte, and it is encoded
// again to the same number of characters, so that the copy is cut at the
// same byte inside the same element and reads as the same truncation. No
// mark is added: it would move the cut. Anything else is kept as found.
func (r *redactor) partialRedact(v string) samlCore {
	inner := strings.TrimSpace(strings.TrimPrefix(v, "\ufeff"))
	for range 3 {
		if !harvalue.HasEscape(inner) {
			break
		}
		u, err := url.PathUnescape(inner)
		if err != nil {
			break
		}
		inner = strings.TrimSpace(u)
	}
	if looksXML(inner) || strings.Contains(inner, " ") {
		return samlCore{keep: true}
	}
	compact := strings.TrimRight(strings.Join(strings.Fields(inner), ""), "=")
	// A last lone character encodes no byte: it stays as it is.
	tail := ""
	if len(compact)%4 == 1 {
		compact, tail = compact[:len(compact)-1], compact[len(compact)-1:]
	}
	raw, err := binding.DecodeBase64(compact)
	if err != nil || !looksXML(string(raw)) {
		return samlCore{keep: true}
	}
	x, changed := r.rewriteXML(raw)
	if !changed || len(x) != len(raw) {
		// A replacement of another length would move the cut.
		return samlCore{keep: true, value: "unchanged"}
	}
	return samlCore{value: base64.RawStdEncoding.EncodeToString(x) + tail}
}
