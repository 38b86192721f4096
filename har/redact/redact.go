// Package redact rewrites a HAR file so that it can be attached to a
// support case: cookies, authorization headers, tokens, OAuth codes and
// passwords are removed, and identities (NameIDs, e-mail addresses,
// RoleSessionName and other user attributes, user names, AWS account ids
// in ARNs) are replaced by consistent pseudonyms, while every SAML message
// stays decodable and every finding of samlcheck but the signatures'
// stays the same.
//
// [Redact] streams: it holds one entry of log.entries at a time, so a
// 1 GB HAR is redacted in memory bounded by its largest entry. Its output
// is a HAR (plain JSON, without the BOM or JSONP wrapper of the input)
// whose log carries the marker [Marker] as its first member, so that
// [IsRedacted] can tell a redacted HAR from its first kilobytes.
//
// What is replaced and how:
//
//   - Secrets become [Placeholder]: the values of request and response
//     cookies, of Cookie and Set-Cookie headers (names and cookie
//     attributes stay), Authorization and Proxy-Authorization (the scheme
//     stays), X-Amz-Security-Token, X-CSRF-Token and other headers named
//     like tokens; query parameters, form fields, HTML form controls and
//     JSON members named like passwords, codes, tokens, secrets and session
//     ids; "Bearer …" tokens and AWS access key ids anywhere in text.
//   - JSON Web Tokens anywhere keep their header and claims, with the
//     user's identity claims pseudonymised, and lose their signature
//     (RedactedSignature); one whose claims do not decode becomes
//     [Placeholder]. SCIM documents (bodies naming a SCIM schema) get
//     pseudonyms for their personal data: userName, names, e-mail
//     addresses, phone numbers, addresses, externalId.
//   - SAMLRequest and SAMLResponse values, wherever the har reader finds
//     them (query, Location header, form body, HTML auto-post form, Base64
//     bodies), are decoded, their identities replaced, and encoded again
//     the same way; the same value found in several places gets the same
//     new value everywhere, so the reader still merges the sightings. A
//     message with nothing to replace is left byte for byte (its signature
//     still verifies); in the others, signatures over the replaced content
//     no longer verify.
//   - Identities become pseudonyms that keep their shape (see
//     [Options.KeepIdentities] to keep them): letters stay letters, digits
//     digits, case and punctuation stay, an e-mail address stays one of
//     the same length (its domain ends in ".example", or ".test" when
//     short), DOMAIN\user stays DOMAIN\user, a GUID stays a GUID, an
//     account id stays 12 digits. The same value gets the same pseudonym
//     throughout the file (ignoring ASCII case, whose pattern is kept), so
//     equality checks between messages and pages still hold, and a
//     difference only by case stays one.
//
// A [Redactor] redacts several inputs with one table of pseudonyms: a HAR
// ([Redactor.HAR]) or a SAML message as a user pastes it ([Redactor.Value]:
// XML, Base64, a form body, a URL, an HTML page), and the users list that
// goes with it ([Redactor.Users]), so that the pair still diagnoses.
package redact

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/samlcheck/samlcheck/har"
	"github.com/samlcheck/samlcheck/har/internal/harvalue"
)

// Marker is the member of log that marks a HAR written by [Redact]; it is
// written first in log, before version, creator and entries. Its value is
// an object: {"tool": "samlcheck", "version": …, "identities":
// "pseudonymised" or "kept", "note": …}.
const Marker = "_samlcheckRedacted"

// CountsMember is the member of log, written last, that holds the counts
// of what was removed and replaced by kind ([Receipt.Counts]) and the
// number of entries: {"entries": 37, "cookie-values": 12, …}. The counts
// are known only once every entry is written, hence a member of its own.
const CountsMember = "_samlcheckRedactedCounts"

// sniffLen is how much of a file's start IsRedacted needs at the most.
const sniffLen = 4096

// IsRedacted reports whether head, the first bytes of a file (4 KiB are
// enough), is the start of a HAR written by [Redact]: the marker member
// comes before log.entries. It never fails and reads nothing beyond head.
func IsRedacted(head []byte) bool {
	head = head[:min(len(head), sniffLen)]
	i := bytes.Index(head, []byte(`"`+Marker+`"`))
	if i < 0 {
		return false
	}
	e := bytes.Index(head, []byte(`"entries"`))
	return e < 0 || i < e
}

// Options configures [Redact].
type Options struct {
	// KeepIdentities keeps NameIDs, e-mail addresses, user names and
	// account ids; only secrets are removed, and SAML messages are left
	// as they are unless a secret sits in one.
	KeepIdentities bool
	// Key is the HMAC key pseudonyms are derived from. Nil means a random
	// key, the right choice but for tests: with a known key, short user
	// names could be recovered by trying candidates.
	Key []byte
	// Version is the samlcheck version written into the marker.
	Version string
}

// Receipt says what [Redact] removed and replaced, by kind and count,
// never the values.
type Receipt struct {
	// Entries is the number of HAR entries written.
	Entries int
	// Values is the number of pasted values written (Redactor.Value).
	Values int
	// Users is the number of user names written in users lists
	// (Redactor.Users).
	Users int
	// Truncated is the error of a truncated HAR (a *har.FileError naming
	// the byte where the input ends), nil otherwise: the output holds
	// the complete entries before it.
	Truncated error
	// KeepIdentities is Options.KeepIdentities.
	KeepIdentities bool
	// Counts maps a kind (the Count* constants) to the number of values
	// removed or replaced; kinds with none are absent. Values inside a
	// SAML message count once per distinct message, however often it was
	// seen; the SAML kinds count every sighting.
	Counts map[string]int
	// Distinct counts the distinct identities given a pseudonym: "user"
	// (user names and e-mail local parts), "domain" (e-mail domains),
	// "netbios" (the DOMAIN of DOMAIN\user) and "account".
	Distinct map[string]int
}

// Removed returns the number of secrets removed.
func (rc *Receipt) Removed() int {
	n := 0
	for k, c := range rc.Counts {
		if removedKinds[k] {
			n += c
		}
	}
	return n
}

// WriteText writes the receipt for people: one line per kind with a count.
func (rc *Receipt) WriteText(w io.Writer) error {
	var b strings.Builder
	var written []string
	if rc.Entries > 0 || rc.Values == 0 && rc.Users == 0 {
		written = append(written, plural(rc.Entries, "entry", "entries"))
	}
	if rc.Values > 0 {
		written = append(written, plural(rc.Values, "pasted value", ""))
	}
	if rc.Users > 0 {
		written = append(written, plural(rc.Users, "user name", "")+" of the users list")
	}
	fmt.Fprintf(&b, "%s written\n", strings.Join(written, ", "))
	if rc.Truncated != nil {
		at := ""
		if fe := (*har.FileError)(nil); errors.As(rc.Truncated, &fe) && fe.Offset >= 0 {
			at = fmt.Sprintf(" at byte %d", fe.Offset)
		}
		fmt.Fprintf(&b, "stopped where the input stops%s (it is truncated): the copy ends after the last complete entry, so samlcheck reads it as incomplete too\n", at)
	}
	section := func(title string, removed bool) {
		first := true
		for _, l := range countLabels {
			n := rc.Counts[l.kind]
			if n == 0 || removedKinds[l.kind] != removed || strings.HasPrefix(l.kind, "saml-") {
				continue
			}
			if first {
				b.WriteString(title + "\n")
				first = false
			}
			fmt.Fprintf(&b, "  %6d  %s\n", n, l.label)
		}
		if first {
			fmt.Fprintf(&b, "%s none\n", strings.TrimSuffix(title, ":"))
		}
	}
	section("removed:", true)
	if rc.KeepIdentities {
		b.WriteString("identities kept (--keep-identities)\n")
	} else {
		section("replaced by pseudonyms (the same value gets the same pseudonym throughout the file):", false)
		var d []string
		for _, k := range []struct{ kind, noun string }{{kindUser, "user name"}, {kindDomain, "e-mail domain"}, {kindNetBIOS, "logon domain"}, {kindAccount, "AWS account id"}, {kindGUID, "GUID"}} {
			if n := rc.Distinct[k.kind]; n > 0 {
				d = append(d, plural(n, k.noun, ""))
			}
		}
		if len(d) > 0 {
			fmt.Fprintf(&b, "  distinct: %s\n", strings.Join(d, ", "))
		}
	}
	for _, l := range countLabels {
		if n := rc.Counts[l.kind]; n > 0 && strings.HasPrefix(l.kind, "saml-") {
			fmt.Fprintf(&b, "  %6d  %s\n", n, l.label)
		}
	}
	if rc.Counts[CountSAMLRewritten] > 0 {
		b.WriteString("signatures over replaced SAML content no longer verify: samlcheck reports them as redacted; check signatures on the original\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// plural returns "n noun" with noun in the plural form (noun+"s" when
// plural is "") unless n is 1.
func plural(n int, noun, plural string) string {
	if n == 1 {
		return "1 " + noun
	}
	if plural == "" {
		plural = noun + "s"
	}
	return fmt.Sprintf("%d %s", n, plural)
}

// redactor holds the state of one run.
type redactor struct {
	opt       Options
	ps        *pseudonyms
	counts    map[string]int
	samlCache map[[32]byte]samlCore
	secrets   secrets
	// markValues makes the SAML messages rewritten carry ValueMark (a
	// pasted value, which has no HAR marker).
	markValues bool
	// fitSecrets makes removed secrets keep their length (in a
	// RelayState).
	fitSecrets bool
	// lastUnread reports that the last samlValue did not decode.
	lastUnread bool
	// entries, values and users count what was written, for the receipt.
	nEntries, nValues, nUsers int
}

func (r *redactor) count(kind string, n int) { r.counts[kind] += n }

// removed counts a secret of kind removed, and remembers its value to
// remove it wherever else it appears.
func (r *redactor) removed(kind, value string) {
	r.counts[kind]++
	r.secrets.add(value)
}

// Redactor redacts several inputs with one table of pseudonyms, so that a
// HAR (or a pasted value) and the users list that goes with it are
// redacted alike: alice@corp.com gets the same pseudonym in the NameID
// and in the list, and the pair still diagnoses. It is not safe for
// concurrent use.
type Redactor struct {
	r *redactor
}

// New returns a Redactor. Options.Key nil means a random key.
func New(opt Options) (*Redactor, error) {
	if opt.Key == nil {
		opt.Key = make([]byte, 32)
		if _, err := rand.Read(opt.Key); err != nil {
			return nil, fmt.Errorf("har/redact: %w", err)
		}
	}
	return &Redactor{r: &redactor{opt: opt, ps: newPseudonyms(opt.Key), counts: map[string]int{}, samlCache: map[[32]byte]samlCore{}}}, nil
}

// Receipt returns what the Redactor removed and replaced so far, over
// every input it was given.
func (x *Redactor) Receipt() *Receipt {
	r := x.r
	rc := &Receipt{Entries: r.nEntries, Values: r.nValues, Users: r.nUsers, KeepIdentities: r.opt.KeepIdentities, Counts: map[string]int{}, Distinct: map[string]int{}}
	for k, v := range r.counts {
		if v > 0 {
			rc.Counts[k] = v
		}
	}
	for k, v := range r.ps.distinct {
		rc.Distinct[k] = v
	}
	return rc
}

// Redact reads a HAR document from in and writes it, redacted, to out (see
// the package documentation). name is the input's name for errors. It
// accepts what the har reader accepts: a UTF-8 byte order mark, a JSONP
// wrapper and a bare entry object (written as a HAR of one entry).
//
// On error, out may hold part of the document: write to a temporary file
// and keep it only when Redact succeeds. The receipt returned with an
// error counts what was written before it. Errors name the file, and the
// entry where there is one, never a value. Input that is not a HAR
// document gives an error wrapping [har.ErrNotHAR], as the har reader's
// does. A truncated HAR (the error is
// a *har.FileError wrapping [har.ErrTruncated], with the byte offset samlcheck
// check reports) is the exception: out then holds every complete entry,
// redacted, and ends where the last of them ends, unclosed as the input
// was, so that samlcheck reads the copy as it reads the input: the same
// messages, and incomplete.
func Redact(ctx context.Context, out io.Writer, in io.Reader, name string, opt Options) (*Receipt, error) {
	x, err := New(opt)
	if err != nil {
		return nil, err
	}
	return x.HAR(ctx, out, in, name)
}

// HAR is [Redact] with the Redactor's pseudonyms; the receipt counts every
// input the Redactor was given.
func (x *Redactor) HAR(ctx context.Context, out io.Writer, in io.Reader, name string) (*Receipt, error) {
	r := x.r
	r.markValues = false
	collected := false
	if rs, ok := in.(io.ReadSeeker); ok {
		// A file: read it once first for the secrets of every entry, so
		// that a value repeated before the entry that sets it as a cookie
		// is found too. Errors are left to the pass that writes.
		if start, err := rs.Seek(0, io.SeekCurrent); err == nil {
			pre := &stream{r: r, name: name, bw: bufio.NewWriter(io.Discard), ctx: ctx, collectOnly: true}
			_ = pre.run(bufio.NewReaderSize(rs, 256<<10))
			if _, err := rs.Seek(start, io.SeekStart); err != nil {
				return nil, fmt.Errorf("har/redact: %s: %w", name, err)
			}
			collected = true
		}
	}
	cr := &countingReader{r: in}
	s := &stream{r: r, name: name, bw: bufio.NewWriterSize(out, 256<<10), ctx: ctx, collected: collected, src: cr}
	err := s.run(bufio.NewReaderSize(cr, 256<<10))
	if ferr := s.bw.Flush(); err == nil && ferr != nil {
		err = fmt.Errorf("har/redact: %s: write: %w", name, ferr)
	}
	r.nEntries += s.entries
	rc := x.Receipt()
	rc.Entries = s.entries
	if errors.Is(err, har.ErrTruncated) {
		rc.Truncated = err
	}
	return rc, err
}

// countingReader counts the bytes read from r: at the end of a truncated
// file, the file's length, the offset the har reader reports.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// stream walks the document with a json.Decoder, one entry at a time.
type stream struct {
	r       *redactor
	name    string
	ctx     context.Context
	bw      *bufio.Writer
	dec     *json.Decoder
	entries int
	// collectOnly makes the walk only remember the secrets of each entry
	// (the first pass over a file); nothing is redacted or counted.
	// collected says that pass has run: otherwise each entry's secrets
	// are collected just before it is redacted.
	collectOnly, collected bool
	// src counts the bytes read (nil in the collecting pass).
	src *countingReader
}

// maxBare bounds what is kept of top-level members before "log": the
// members of a bare entry, or members some tool put first.
const maxBare = 256 << 20

func (s *stream) run(br *bufio.Reader) error {
	if err := skipPrefix(br); err != nil {
		return s.errorf("", err)
	}
	s.dec = json.NewDecoder(br)
	tok, err := s.dec.Token()
	if err != nil {
		return s.fatal("", err)
	}
	if tok != json.Delim('{') {
		return s.errorf("", fmt.Errorf("%w: the document is a JSON %s, not an object", har.ErrNotHAR, harvalue.TokenKind(tok)))
	}
	s.bw.WriteByte('{')
	sawLog := false
	type member struct {
		key string
		raw json.RawMessage
	}
	var before []member
	size := 0
	for s.dec.More() {
		key, err := s.key()
		if err != nil {
			return err
		}
		if key == "log" && !sawLog {
			sawLog = true
			writeString(s.bw, "log")
			s.bw.WriteByte(':')
			if err := s.log(); err != nil {
				return err
			}
			for _, m := range before {
				if err := s.member(m.key, m.raw); err != nil {
					return err
				}
			}
			before = nil
			continue
		}
		var raw json.RawMessage
		if err := s.dec.Decode(&raw); err != nil {
			return s.fatal("", err)
		}
		if sawLog {
			if err := s.member(key, raw); err != nil {
				return err
			}
			continue
		}
		if size += len(raw); size > maxBare {
			return s.errorf("", fmt.Errorf("%w: more than %d MiB before the log member", har.ErrNotHAR, maxBare>>20))
		}
		before = append(before, member{key, raw})
	}
	if _, err := s.dec.Token(); err != nil {
		return s.fatal("", err)
	}
	if !sawLog {
		// A bare entry ({"request": …, "response": …}) becomes a HAR of
		// one entry; the har reader reads both the same way.
		e := &node{kind: '{'}
		for _, m := range before {
			n, err := parseNode(m.raw)
			if err != nil {
				return s.errorf("", err)
			}
			e.keys = append(e.keys, m.key)
			e.vals = append(e.vals, n)
		}
		if e.get("request") == nil && e.get("response") == nil && e.get("startedDateTime") == nil {
			return s.errorf("", fmt.Errorf("%w: no log object", har.ErrNotHAR))
		}
		writeString(s.bw, "log")
		s.bw.WriteString(`:{`)
		s.marker()
		s.bw.WriteString(`,"version":"1.2","creator":{"name":"samlcheck redact","version":`)
		writeString(s.bw, s.version())
		s.bw.WriteString(`},"entries":[`)
		if s.collectOnly || !s.collected {
			s.r.collectEntry(e)
			if s.collectOnly {
				return nil
			}
		}
		s.r.entry(e)
		writeNode(s.bw, e)
		s.entries = 1
		s.bw.WriteString(`],`)
		s.counts()
		s.bw.WriteByte('}')
	}
	s.bw.WriteByte('}')
	s.bw.WriteByte('\n')
	return nil
}

// member writes ,"key":value for a member of the document or of log other
// than log and entries, its strings redacted as values.
func (s *stream) member(key string, raw json.RawMessage) error {
	if s.collectOnly {
		return nil
	}
	n, err := parseNode(raw)
	if err != nil {
		return s.errorf("", err)
	}
	s.r.generic(n, modeValue)
	s.bw.WriteByte(',')
	writeString(s.bw, key)
	s.bw.WriteByte(':')
	writeNode(s.bw, n)
	return nil
}

func (s *stream) version() string {
	if s.r.opt.Version == "" {
		return "(devel)"
	}
	return s.r.opt.Version
}

// marker writes the Marker member.
func (s *stream) marker() {
	writeString(s.bw, Marker)
	s.bw.WriteString(`:{"tool":"samlcheck","version":`)
	writeString(s.bw, s.version())
	ids := "pseudonymised"
	if s.r.opt.KeepIdentities {
		ids = "kept"
	}
	s.bw.WriteString(`,"identities":"` + ids + `","note":"redacted by samlcheck redact: secrets removed, identities replaced; SAML signatures over replaced content no longer verify"}`)
}

// counts writes the CountsMember member.
func (s *stream) counts() {
	writeString(s.bw, CountsMember)
	s.bw.WriteString(`:{"entries":`)
	fmt.Fprint(s.bw, s.entries)
	keys := make([]string, 0, len(s.r.counts))
	for k, v := range s.r.counts {
		if v > 0 {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		s.bw.WriteByte(',')
		writeString(s.bw, k)
		fmt.Fprintf(s.bw, ":%d", s.r.counts[k])
	}
	s.bw.WriteByte('}')
}

// log walks the log object; the decoder is just past its key.
func (s *stream) log() error {
	tok, err := s.dec.Token()
	if err != nil {
		return s.fatal("", err)
	}
	if tok != json.Delim('{') {
		return s.errorf("", fmt.Errorf("%w: log is a JSON %s, not an object", har.ErrNotHAR, harvalue.TokenKind(tok)))
	}
	s.bw.WriteByte('{')
	s.marker()
	sawEntries := false
	for s.dec.More() {
		key, err := s.key()
		if err != nil {
			return err
		}
		switch {
		case key == Marker || key == CountsMember:
			var skip json.RawMessage
			if err := s.dec.Decode(&skip); err != nil {
				return s.fatal("", err)
			}
		case key == "entries" && !sawEntries:
			tok, err := s.dec.Token()
			if err != nil {
				return s.fatal("", err)
			}
			if tok == nil {
				s.bw.WriteString(`,"entries":null`)
				continue
			}
			if tok != json.Delim('[') {
				return s.errorf("", fmt.Errorf("%w: log.entries is a JSON %s, not an array", har.ErrNotHAR, harvalue.TokenKind(tok)))
			}
			sawEntries = true
			s.bw.WriteString(`,"entries":[`)
			if err := s.entryList(); err != nil {
				return err
			}
			s.bw.WriteByte(']')
		default:
			var raw json.RawMessage
			if err := s.dec.Decode(&raw); err != nil {
				return s.fatal("", err)
			}
			if err := s.member(key, raw); err != nil {
				return err
			}
		}
	}
	if _, err := s.dec.Token(); err != nil {
		return s.fatal("", err)
	}
	s.bw.WriteByte(',')
	s.counts()
	s.bw.WriteByte('}')
	if !sawEntries {
		return s.errorf("", fmt.Errorf("%w: log has no entries array", har.ErrNotHAR))
	}
	return nil
}

// entryList redacts the elements of log.entries; the decoder is just past
// the opening bracket.
func (s *stream) entryList() error {
	for s.dec.More() {
		if s.entries%64 == 0 {
			if err := s.ctx.Err(); err != nil {
				return fmt.Errorf("har/redact: %s: %w", s.name, err)
			}
		}
		where := fmt.Sprintf("entry %d: ", s.entries+1) // counted from 1, as HAR viewers do
		var raw json.RawMessage
		if err := s.dec.Decode(&raw); err != nil {
			return s.fatal(where, err)
		}
		n, err := parseNode(raw)
		if err != nil {
			return s.errorf(where, err)
		}
		raw = nil
		if s.collectOnly || !s.collected {
			s.r.collectEntry(n)
			if s.collectOnly {
				s.entries++
				continue
			}
		}
		s.r.entry(n)
		if s.entries > 0 {
			s.bw.WriteByte(',')
		}
		writeNode(s.bw, n)
		s.entries++
	}
	if _, err := s.dec.Token(); err != nil {
		return s.fatal("", err)
	}
	return nil
}

// key reads an object member name.
func (s *stream) key() (string, error) {
	tok, err := s.dec.Token()
	if err != nil {
		return "", s.fatal("", err)
	}
	k, ok := tok.(string)
	if !ok {
		return "", s.errorf("", fmt.Errorf("invalid JSON: object key is a %s", harvalue.TokenKind(tok)))
	}
	return k, nil
}

// fatal turns a decoder error into an error naming the file and offset.
func (s *stream) fatal(where string, err error) error {
	var se *json.SyntaxError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		// The har reader's error, at the same byte (the end of the
		// input): the copy stops where the input's readable part does.
		off := int64(-1)
		if s.src != nil {
			off = s.src.n
		}
		return &har.FileError{File: s.name, Offset: off, Err: fmt.Errorf("%s%w", where, har.ErrTruncated)}
	case errors.As(err, &se):
		return s.errorf(where, fmt.Errorf("invalid JSON: %w", err))
	}
	return s.errorf(where, err)
}

func (s *stream) errorf(where string, err error) error {
	off := ""
	if s.dec != nil {
		off = fmt.Sprintf(" (offset %d)", s.dec.InputOffset())
	}
	return fmt.Errorf("har/redact: %s: %s%w%s", s.name, where, err, off)
}

// skipPrefix consumes a UTF-8 byte order mark, white space and a JSONP
// callback name with its opening parenthesis.
func skipPrefix(br *bufio.Reader) error {
	if b, err := br.Peek(3); err == nil && string(b) == "\xef\xbb\xbf" {
		_, _ = br.Discard(3)
	}
	for {
		c, err := br.ReadByte()
		if err == io.EOF {
			return fmt.Errorf("%w: empty file", har.ErrNotHAR)
		}
		if err != nil {
			return err
		}
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		}
		_ = br.UnreadByte()
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '$') {
			return nil
		}
		break
	}
	ident, err := br.Peek(258)
	if err != nil && len(ident) == 0 {
		return fmt.Errorf("%w: not JSON", har.ErrNotHAR)
	}
	n := 0
	for n < len(ident) && (ident[n] >= 'a' && ident[n] <= 'z' || ident[n] >= 'A' && ident[n] <= 'Z' || ident[n] >= '0' && ident[n] <= '9' || ident[n] == '_' || ident[n] == '$' || ident[n] == '.') {
		n++
	}
	rest := bytes.TrimLeft(ident[n:], " \t\r\n")
	if len(rest) == 0 || rest[0] != '(' {
		return fmt.Errorf("%w: not JSON", har.ErrNotHAR)
	}
	_, _ = br.Discard(len(ident) - len(rest) + 1)
	return nil
}
