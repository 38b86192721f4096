package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/har"
	"github.com/samlcheck/samlcheck/har/capture"
	"github.com/samlcheck/samlcheck/har/redact"
	"github.com/samlcheck/samlcheck/saml"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// redactKey fixes the pseudonyms of the tests.
var redactKey = []byte("samlcheck redact test key")

// fixtureHARs returns the generated login captures and rule fixtures.
func fixtureHARs(t *testing.T) []string {
	t.Helper()
	files := walkFiles(t, []string{"../../testdata/har", "../../testdata/rules"}, func(p string) bool { return strings.HasSuffix(p, ".har") })
	require.GreaterOrEqual(t, len(files), 20)
	return files
}

// sidecarConfig returns the checks configuration a fixture's .want sidecar
// asks for (profile, at, abac; TestRedactKeepsDiagnosis runs the users
// lists, redacted with the same pseudonyms).
func sidecarConfig(t *testing.T, file string) *checks.Config {
	t.Helper()
	cfg := &checks.Config{Skew: checks.DefaultSkew, Now: time.Date(2026, 11, 1, 10, 0, 30, 0, time.UTC)}
	want, err := sidecarWant(file)
	if err != nil {
		return cfg
	}
	if v, ok := want["profile"]; ok {
		cfg.Profile, err = checks.ParseProfile(v)
		require.NoError(t, err)
	}
	if v, ok := want["at"]; ok {
		cfg.At, err = time.Parse(time.RFC3339, v)
		require.NoError(t, err)
	}
	cfg.ABAC = want["abac"] == "true"
	return cfg
}

// scanned is a HAR read as the CLI reads it.
type scanned struct {
	capture capture.Capture
	har     *har.Capture
	err     error
}

// scanHAR reads data as the CLI does (pages kept for the error rules), and
// marks a redacted capture as the CLI must (redact.IsRedacted on the head).
func scanHAR(name string, data []byte) scanned {
	opts := har.ScanOptions{
		KeepPage: func(e *har.Entry, body []byte) bool { return checks.MayBeErrorPage(e.Response.Content.MimeType, body) },
		MaxText:  capture.DefaultMaxPageText,
	}
	c, err := har.ScanWith(bytes.NewReader(data), name, opts)
	s := scanned{har: c, err: err, capture: capture.Capture{File: name, Redacted: redact.IsRedacted(data)}}
	if c != nil {
		s.capture.Messages = c.Messages
		for _, p := range c.Pages {
			s.capture.Pages = append(s.capture.Pages, capture.Page{Source: p.Source, MimeType: p.MimeType, Text: p.Text})
		}
	}
	return s
}

// redactBytes runs the library on data.
func redactBytes(t *testing.T, name string, data []byte, opt redact.Options) ([]byte, *redact.Receipt, error) {
	t.Helper()
	if opt.Key == nil {
		opt.Key = redactKey
	}
	var out bytes.Buffer
	rc, err := redact.Redact(context.Background(), &out, bytes.NewReader(data), name, opt)
	return out.Bytes(), rc, err
}

// findingKey is what the round trip compares of a finding.
type findingKey struct {
	Rule     string
	Severity checks.Severity
	Message  int
}

// isRedactedSignature reports the Info finding saml/signature-invalid makes
// of a signature broken by redaction.
func isRedactedSignature(f checks.Finding) bool {
	return f.Rule == "saml/signature-invalid" && f.Severity == checks.Info && strings.Contains(f.Message, "redacted by samlcheck redact")
}

// findingKeys runs every rule on a capture and returns its findings' keys,
// without the redacted-signature notes, and how many of those there were.
func findingKeys(t *testing.T, cfg *checks.Config, c capture.Capture) ([]findingKey, int) {
	t.Helper()
	rep, err := checks.RunCaptures(context.Background(), cfg, []capture.Capture{c})
	require.NoError(t, err)
	var keys []findingKey
	redacted := 0
	for _, f := range rep.Findings {
		if isRedactedSignature(f) {
			redacted++
			continue
		}
		k := findingKey{f.Rule, f.Severity, f.Location.MessageIndex}
		if !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b findingKey) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
	return keys, redacted
}

// TestRedactRoundTripFixtures redacts every generated HAR fixture and checks
// that samlcheck sees the same capture: entries, messages, sightings, every
// message decoding, and the same findings (rule, severity, message), with
// a signature broken by redaction reported only as the redacted note. No
// secret and no identity of the original is left.
func TestRedactRoundTripFixtures(t *testing.T) {
	for _, f := range fixtureHARs(t) {
		t.Run(strings.TrimPrefix(f, "../../testdata/"), func(t *testing.T) {
			data, err := os.ReadFile(f)
			require.NoError(t, err)
			out := roundTrip(t, f, data, sidecarConfig(t, f))
			assertNoSecrets(t, data, out)
			assertNoIdentities(t, f, data, out)
		})
	}
}

// TestRedactRoundTripCorpus does the same for the real-world corpus HARs:
// those the reader refuses (NEGATIVE) must be refused by redact too.
func TestRedactRoundTripCorpus(t *testing.T) {
	for _, f := range corpusHARs(t) {
		rel, _ := filepath.Rel(corpusDir, f)
		t.Run(rel, func(t *testing.T) {
			data, err := os.ReadFile(f)
			require.NoError(t, err)
			if _, neg := negativeHARs[filepath.ToSlash(rel)]; neg {
				_, _, err := redactBytes(t, f, data, redact.Options{})
				require.Error(t, err, "a NEGATIVE file must be refused")
				assert.Contains(t, err.Error(), f, "the error names the file")
				return
			}
			out := roundTrip(t, f, data, sidecarConfig(t, f))
			assertNoSecrets(t, data, out)
		})
	}
}

// roundTrip redacts data and compares what samlcheck sees of both; it
// returns the redacted HAR.
func roundTrip(t *testing.T, name string, data []byte, cfg *checks.Config) []byte {
	t.Helper()
	out, rc, err := redactBytes(t, name, data, redact.Options{})
	require.NoError(t, err)
	require.True(t, redact.IsRedacted(out), "the marker is in the head")
	require.True(t, json.Valid(out), "the output is JSON")
	orig, red := scanHAR(name, data), scanHAR(name, out)
	require.NoError(t, orig.err)
	require.NoError(t, red.err)
	assert.Equal(t, orig.har.Entries, red.har.Entries, "entries")
	assert.Equal(t, orig.har.Entries, rc.Entries, "receipt entries")
	assert.Len(t, red.har.EntryErrors, len(orig.har.EntryErrors), "entry errors")
	require.Len(t, red.har.Messages, len(orig.har.Messages), "messages")
	for i, m := range orig.har.Messages {
		rm := red.har.Messages[i]
		assert.Len(t, rm.Sightings, len(m.Sightings), "sightings of message %d", i)
		assert.Equal(t, m.Binding, rm.Binding)
		_, oerr := saml.Decode(m, nil)
		_, rerr := saml.Decode(rm, nil)
		assert.Equal(t, oerr == nil, rerr == nil, "message %d decodes in both or neither (%v / %v)", i, oerr, rerr)
	}
	assert.Len(t, red.capture.Pages, len(orig.capture.Pages), "error-page candidates")
	want, notes := findingKeys(t, cfg, orig.capture)
	require.Zero(t, notes)
	got, _ := findingKeys(t, cfg, red.capture)
	assert.Equal(t, want, got, "findings on the redacted HAR")
	return out
}

// authRE splits an Authorization value into scheme and credentials.
var authRE = regexp.MustCompile(`(?i)^(?:bearer|basic|negotiate|aws4-hmac-sha256|digest)\s+(.+)$`)

// harSecrets returns the secret values of a HAR: cookie values, the
// values of Cookie, Set-Cookie, Authorization and token headers, and of
// password, code and token parameters; values under 8 characters are left
// out (they occur anywhere by chance).
func harSecrets(t *testing.T, data []byte) []string {
	t.Helper()
	var doc struct {
		Log struct {
			Entries []struct {
				Request struct {
					URL         string     `json:"url"`
					Headers     []nvString `json:"headers"`
					Cookies     []nvString `json:"cookies"`
					QueryString []nvString `json:"queryString"`
					PostData    *struct {
						Params []nvString `json:"params"`
					} `json:"postData"`
				} `json:"request"`
				Response struct {
					Headers []nvString `json:"headers"`
					Cookies []nvString `json:"cookies"`
				} `json:"response"`
			} `json:"entries"`
		} `json:"log"`
	}
	if json.Unmarshal(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), &doc) != nil {
		return nil // JSONP and bare entries: covered by the planted-secret tests
	}
	var out []string
	add := func(v string) {
		v = strings.TrimSpace(v)
		lower := strings.ToLower(v)
		if len(v) < 8 || slices.Contains(out, v) || v == redact.Placeholder ||
			strings.Contains(v, "@") || strings.Contains(lower, "://") || strings.Contains(lower, "%3a%2f%2f") {
			return // too short to be told from other text; an address, a URL
		}
		out = append(out, v)
	}
	secretNames := regexp.MustCompile(`(?i)^(code|password|passwd|pwd|.*token.*|.*secret.*|sessionid|jsessionid)$`)
	for _, e := range doc.Log.Entries {
		for _, c := range slices.Concat(e.Request.Cookies, e.Response.Cookies) {
			add(c.Value)
		}
		params := e.Request.QueryString
		if pd := e.Request.PostData; pd != nil {
			params = slices.Concat(params, pd.Params)
		}
		for _, p := range params {
			if secretNames.MatchString(p.Name) {
				add(p.Value)
			}
		}
		for _, h := range slices.Concat(e.Request.Headers, e.Response.Headers) {
			switch n := strings.ToLower(h.Name); {
			case n == "cookie":
				for _, kv := range strings.Split(h.Value, ";") {
					_, v, _ := strings.Cut(kv, "=")
					add(v)
				}
			case n == "set-cookie":
				for _, l := range strings.Split(h.Value, "\n") {
					first, _, _ := strings.Cut(l, ";")
					_, v, _ := strings.Cut(first, "=")
					add(v)
				}
			case n == "authorization" || n == "proxy-authorization":
				if m := authRE.FindStringSubmatch(h.Value); m != nil {
					add(m[1])
				} else {
					add(h.Value)
				}
			case strings.Contains(n, "token") || strings.Contains(n, "csrf"):
				add(h.Value)
			}
		}
	}
	return out
}

// nvString is a name/value pair whose value may be any JSON scalar.
type nvString struct {
	Name  string
	Value string
}

func (nv *nvString) UnmarshalJSON(b []byte) error {
	var raw struct {
		Name  json.RawMessage `json:"name"`
		Value json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil
	}
	str := func(m json.RawMessage) string {
		var s string
		if json.Unmarshal(m, &s) == nil {
			return s
		}
		return string(m)
	}
	nv.Name, nv.Value = str(raw.Name), str(raw.Value)
	return nil
}

// assertNoSecrets checks that no secret of the original HAR is left in out
// as a whole token (a cookie value inside a longer word, such as a
// timestamp inside "S1510574583.514671", is another value).
func assertNoSecrets(t *testing.T, orig, out []byte) {
	t.Helper()
	for _, s := range harSecrets(t, orig) {
		if i := tokenIndex(string(out), s); i >= 0 {
			showAt(t, string(out), s, i, "a secret of the input is left in the redacted HAR")
		}
	}
}

// tokenIndex returns the offset of the first occurrence of needle in
// haystack that is not preceded or followed by a letter or digit (a
// "%XX" escape before it counts as a separator), or -1.
func tokenIndex(haystack, needle string) int {
	alnum := func(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' }
	for from := 0; ; {
		i := strings.Index(haystack[from:], needle)
		if i < 0 {
			return -1
		}
		i += from
		end := i + len(needle)
		startOK := i == 0 || !alnum(haystack[i-1]) || i >= 3 && haystack[i-3] == '%'
		if startOK && (end == len(haystack) || !alnum(haystack[end])) {
			return i
		}
		from = i + 1
	}
}

// emailRE finds e-mail addresses.
var emailRE = regexp.MustCompile(`[A-Za-z0-9._+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}`)

// assertNoIdentities checks that the NameIDs and e-mail addresses of the
// original are not in out (in any encoding the HAR uses: plain, in URLs,
// and inside the SAML messages).
func assertNoIdentities(t *testing.T, name string, orig, out []byte) {
	t.Helper()
	ids := map[string]bool{}
	for _, m := range emailRE.FindAllString(string(orig), -1) {
		ids[m] = true
	}
	o := scanHAR(name, orig)
	for _, m := range o.har.Messages {
		dm, err := saml.Decode(m, nil)
		if err != nil {
			continue
		}
		for _, e := range emailRE.FindAllString(string(dm.XML), -1) {
			ids[e] = true
		}
		for _, a := range (&checks.Pass{Message: dm}).Assertions() {
			if a.Subject != nil && a.Subject.NameID != nil && len(a.Subject.NameID.Value) >= 4 {
				ids[a.Subject.NameID.Value] = true
			}
		}
	}
	text := string(out)
	r := scanHAR(name, out)
	for _, m := range r.har.Messages {
		if dm, err := saml.Decode(m, nil); err == nil {
			text += string(dm.XML)
		}
	}
	for id := range ids {
		assertAbsent(t, text, id, "identity left in the redacted HAR")
	}
}

// TestRedactKeepIdentities checks --keep-identities: identities and SAML
// messages stay as they are, so the findings are exactly the original's,
// signatures included; secrets still go.
func TestRedactKeepIdentities(t *testing.T) {
	f := "../../testdata/har/chrome-iam-ok.har"
	data, err := os.ReadFile(f)
	require.NoError(t, err)
	out, rc, err := redactBytes(t, f, data, redact.Options{KeepIdentities: true})
	require.NoError(t, err)
	assert.True(t, rc.KeepIdentities)
	assert.Zero(t, rc.Counts[redact.CountNameID])
	assert.Zero(t, rc.Counts[redact.CountSAMLRewritten])
	assert.Positive(t, rc.Counts[redact.CountSAMLKept])
	assertNoSecrets(t, data, out)
	orig, red := scanHAR(f, data), scanHAR(f, out)
	require.Len(t, red.har.Messages, len(orig.har.Messages))
	for i, m := range orig.har.Messages {
		assert.Equal(t, saml.Canonical(m.Value), saml.Canonical(red.har.Messages[i].Value), "message %d kept", i)
	}
	cfg := sidecarConfig(t, f)
	want, _ := findingKeys(t, cfg, orig.capture)
	got, notes := findingKeys(t, cfg, red.capture)
	assert.Equal(t, want, got)
	assert.Zero(t, notes, "signatures still verify")
}

// TestRedactSignatureNote checks that a signature broken by redaction is
// reported as the redacted note, and as an error when the capture is not
// marked (the guard: without Capture.Redacted it would read as tampering).
func TestRedactSignatureNote(t *testing.T) {
	f := "../../testdata/har/chrome-idc-ok.har"
	data, err := os.ReadFile(f)
	require.NoError(t, err)
	out, _, err := redactBytes(t, f, data, redact.Options{})
	require.NoError(t, err)
	red := scanHAR(f, out)
	require.True(t, red.capture.Redacted)
	cfg := sidecarConfig(t, f)
	_, notes := findingKeys(t, cfg, red.capture)
	assert.Positive(t, notes, "the broken signature is reported as redacted")

	red.capture.Redacted = false
	keys, _ := findingKeys(t, cfg, red.capture)
	assert.True(t, slices.ContainsFunc(keys, func(k findingKey) bool { return k.Rule == "saml/signature-invalid" && k.Severity == checks.Error }),
		"unmarked, the same HAR reads as tampered: %v", keys)
}

// TestRedactCLI runs "samlcheck redact" in-process: file to file with the
// receipt on stdout, stdin to stdout with the receipt on stderr, and the
// refusal to overwrite the input.
func TestRedactCLI(t *testing.T) {
	dir := t.TempDir()
	in := "../../testdata/har/chrome-connect-ok.har"
	out := filepath.Join(dir, "out.har")
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"redact", in, "-o", out}, nil, &stdout, &stderr, func(string) string { return "" })
	if code == exitInput && strings.Contains(stderr.String(), "no such file") {
		// run.go has no "redact" dispatch yet: call it directly.
		stdout.Reset()
		stderr.Reset()
		code = runRedact(context.Background(), []string{in, "-o", out}, nil, &stdout, &stderr)
	}
	require.Equal(t, exitOK, code, stderr.String())
	assert.Empty(t, stderr.String())
	assert.Contains(t, stdout.String(), "cookie values")
	red, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.True(t, redact.IsRedacted(red))

	data, err := os.ReadFile(in)
	require.NoError(t, err)
	stdout.Reset()
	stderr.Reset()
	code = runRedact(context.Background(), []string{"--keep-identities", "-"}, bytes.NewReader(data), &stdout, &stderr)
	require.Equal(t, exitOK, code, stderr.String())
	assert.True(t, redact.IsRedacted(stdout.Bytes()))
	assert.Contains(t, stderr.String(), "identities kept")

	stderr.Reset()
	code = runRedact(context.Background(), []string{"-o", out, out}, nil, io.Discard, &stderr)
	assert.Equal(t, exitInput, code)
	assert.Contains(t, stderr.String(), "refusing to overwrite the input")
	after, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Equal(t, red, after, "the input is untouched")

	stderr.Reset()
	bad := filepath.Join(dir, "bad.har")
	require.NoError(t, os.WriteFile(bad, []byte(`{"log":{"entries":[{"request":}]}}`), 0o644))
	code = runRedact(context.Background(), []string{bad, "-o", filepath.Join(dir, "bad-out.har")}, nil, io.Discard, &stderr)
	assert.Equal(t, exitInput, code)
	assert.Contains(t, stderr.String(), "invalid JSON")
	_, err = os.Stat(filepath.Join(dir, "bad-out.har"))
	assert.True(t, os.IsNotExist(err), "no half-written output")
	left, _ := filepath.Glob(filepath.Join(dir, ".*.tmp"))
	assert.Empty(t, left, "no temporary file left")

	// A truncated HAR is the exception: its readable part is what was
	// asked for, written (exit 2, as check's).
	stderr.Reset()
	cut := filepath.Join(dir, "cut.har")
	require.NoError(t, os.WriteFile(cut, []byte(`{"log":{"entries":[{"request":`), 0o644))
	code = runRedact(context.Background(), []string{cut, "-o", filepath.Join(dir, "cut-out.har")}, nil, io.Discard, &stderr)
	assert.Equal(t, exitInput, code)
	assert.Contains(t, stderr.String(), "byte 30: entry 1: truncated JSON")
	written, err := os.ReadFile(filepath.Join(dir, "cut-out.har"))
	require.NoError(t, err)
	assert.True(t, redact.IsRedacted(written))
	left, _ = filepath.Glob(filepath.Join(dir, ".*.tmp"))
	assert.Empty(t, left, "no temporary file left")
}
