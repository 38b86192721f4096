package analyze

import (
	"bytes"
	"compress/flate"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/har"
	"github.com/samlcheck/samlcheck/saml"
)

// This file is the differential test of the bindings (issue 10 §1): one
// message delivered as a pasted URL, a form body, an HTML page, a HAR POST,
// a HAR redirect and a HAR auto-post page decodes to the same XML with the
// same RelayState, and gets the same findings.

// delivery is one way a message reaches samlcheck.
type delivery struct {
	name string // file name, whose extension says nothing: content decides
	data []byte
	har  bool
	// redirect: the HTTP-Redirect binding (DEFLATE in a query); else POST.
	redirect bool
}

// bindingRelay is a RelayState with characters every encoding must
// carry: '&', '=', '+', a space, '%', quotes and '<'.
const bindingRelay = `https://app.example.com/home?a=1&b=x+y z%41"'<`

// bindingACS is where the deliveries post or redirect to when the message
// names no Destination.
const bindingACS = "https://sp.example.com/saml/acs"

// deliveries returns the six deliveries of one message, its XML x, to
// the URL acs, with bindingRelay.
func deliveries(t testing.TB, x []byte, param, acs string) []delivery {
	t.Helper()
	return relayDeliveries(t, x, param, acs, bindingRelay)
}

// relayDeliveries is deliveries with any RelayState.
func relayDeliveries(t testing.TB, x []byte, param, acs, relay string) []delivery {
	t.Helper()
	attr := strings.NewReplacer("&", "&amp;", `"`, "&quot;", "<", "&lt;", ">", "&gt;", "\r", "&#13;").Replace
	b64 := base64.StdEncoding.EncodeToString(x)
	var z bytes.Buffer
	w, err := flate.NewWriter(&z, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = w.Write(x)
	_ = w.Close()
	deflated := base64.StdEncoding.EncodeToString(z.Bytes())

	redirectURL := acs + "?" + param + "=" + url.QueryEscape(deflated) + "&RelayState=" + url.QueryEscape(relay)
	body := param + "=" + url.QueryEscape(b64) + "&RelayState=" + url.QueryEscape(relay)
	page := `<!DOCTYPE html><html><head><title>Working...</title></head><body onload="document.forms[0].submit()">` +
		`<form method=post action="` + attr(acs) + `"><input type=hidden name=` + param +
		` value="` + attr(b64) + `"><input type="hidden" name="RelayState" value="` + attr(relay) +
		`"><noscript><input type=submit value=Continue></noscript></form></body></html>`

	const started = "2026-11-01T10:00:30.000Z"
	entry := func(req, resp map[string]any) map[string]any {
		if resp == nil {
			resp = map[string]any{"status": 200, "headers": []any{}, "content": map[string]any{"size": 0, "mimeType": "text/plain", "text": ""}}
		}
		return map[string]any{"startedDateTime": started, "time": 1, "request": req, "response": resp}
	}
	request := func(method, u string) map[string]any {
		return map[string]any{"method": method, "url": u, "httpVersion": "HTTP/1.1", "headers": []any{}, "queryString": []any{}, "cookies": []any{}}
	}
	post := request("POST", acs)
	post["postData"] = map[string]any{"mimeType": "application/x-www-form-urlencoded", "text": body}
	redirect := entry(request("GET", "https://idp.example.com/sso"), map[string]any{
		"status": 302, "headers": []any{map[string]any{"name": "Location", "value": redirectURL}},
		"content": map[string]any{"size": 0, "mimeType": "text/html", "text": ""}, "redirectURL": redirectURL,
	})
	autoPost := entry(request("GET", "https://idp.example.com/sso"), map[string]any{
		"status": 200, "headers": []any{}, "content": map[string]any{"size": len(page), "mimeType": "text/html; charset=utf-8", "text": page},
	})
	harOf := func(e map[string]any) []byte {
		doc := map[string]any{"log": map[string]any{"version": "1.2", "creator": map[string]any{"name": "binding_test", "version": "1"}, "entries": []any{e}}}
		data, err := json.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	return []delivery{
		{name: "pasted-url", data: []byte(redirectURL + "\n"), redirect: true},
		{name: "form-body", data: []byte(body)},
		{name: "page", data: []byte(page)},
		{name: "har-post", data: harOf(entry(post, nil)), har: true},
		{name: "har-redirect", data: harOf(redirect), har: true, redirect: true},
		{name: "har-auto-post", data: harOf(autoPost), har: true},
	}
}

// delivered is what one delivery gave.
type delivered struct {
	xml        string
	relayState string
	target     string // where it was posted or redirected to
	findings   []string
	summary    string // the report's summary of the message, transport left out
}

// readDelivery reads one delivery by the library's own paths: har.Scan or
// saml.ParseInput, saml.Decode, and (with findings) analyze.Reader for the
// findings and the report's summary.
func readDelivery(t testing.TB, d delivery, cfg *checks.Config, findings bool) delivered {
	t.Helper()
	e := deliveryMessage(t, d)
	out := delivered{relayState: e.RelayState, xml: decodedXML(e, cfg.Decode)}
	out.target = e.Source.Target
	if out.target == "" {
		out.target = e.Source.URL
	}
	out.target, _, _ = strings.Cut(out.target, "?")
	if !findings {
		return out
	}
	rep, err := Reader(context.Background(), d.name, bytes.NewReader(d.data), cfg, nil)
	if err != nil {
		t.Fatalf("%s: analyze: %v", d.name, err)
	}
	if len(rep.Messages) != 1 {
		t.Fatalf("%s: report has %d messages", d.name, len(rep.Messages))
	}
	for _, f := range rep.Findings {
		msg := referenceTime.ReplaceAllString(f.Message, "$1 (the reference time)")
		msg = decodeSource.ReplaceAllString(msg, "saml: the input: ")
		out.findings = append(out.findings, fmt.Sprintf("%s %s %s @%s", f.Rule, f.Severity, msg, f.XMLPath))
	}
	s := rep.Messages[0]
	out.summary = fmt.Sprintf("kind=%s id=%s issuer=%s dest=%s irt=%s relay=%q nameid=%s/%s assertions=%d+%d status=%s sigs=%d",
		s.Kind, s.ID, s.Issuer, s.Destination, s.InResponseTo, s.RelayState, s.NameID, s.NameIDFormat, s.Assertions, s.EncryptedAssertions, s.Status, len(s.Signatures))
	return out
}

// deliveryMessage reads the one message of a delivery by har.Scan or
// saml.ParseInput.
func deliveryMessage(t testing.TB, d delivery) saml.Encoded {
	t.Helper()
	var encs []saml.Encoded
	if d.har {
		c, err := har.Scan(bytes.NewReader(d.data), d.name)
		if err != nil {
			t.Fatalf("%s: %v", d.name, err)
		}
		encs = c.Messages
	} else {
		var err error
		if encs, err = saml.ParseInput(d.name, d.data); err != nil {
			t.Fatalf("%s: %v", d.name, err)
		}
	}
	if len(encs) != 1 {
		t.Fatalf("%s: %d messages, want 1", d.name, len(encs))
	}
	return encs[0]
}

// decodedXML is the XML e decodes to with opts, or the step its decode
// error names.
func decodedXML(e saml.Encoded, opts *saml.DecodeOptions) string {
	m, err := saml.Decode(e, opts)
	if err != nil {
		return "decode error at " + errorStep(err)
	}
	return string(m.XML)
}

func errorStep(err error) string {
	if de, ok := err.(*saml.DecodeError); ok {
		return de.Step
	}
	return err.Error()
}

// fixtureMessages returns every SAML protocol message among the fixtures
// of testdata: the XML files (Responses, AuthnRequests, logout messages),
// as written (the expectation comment before the root is kept; it is
// outside the signed element), and the messages the HAR fixtures carry,
// decoded.
func fixtureMessages(t testing.TB) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	root := filepath.Join("..", "..", "testdata")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".xml" && filepath.Ext(p) != ".har" {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		name := filepath.ToSlash(strings.TrimPrefix(p, root+string(filepath.Separator)))
		if filepath.Ext(p) == ".xml" {
			if messageParam(data) != "" {
				out[name] = data
			}
			return nil
		}
		c, err := har.Scan(bytes.NewReader(data), name)
		if c == nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		for i, e := range c.Messages {
			if m, err := saml.Decode(e, nil); err == nil && messageParam(m.XML) != "" {
				out[fmt.Sprintf("%s#%d", name, i)] = m.XML
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// messageParam returns the binding parameter a message travels in
// (SAMLResponse or SAMLRequest), or "" for XML that is not a protocol
// message.
func messageParam(x []byte) string {
	switch local := rootElement(x); local {
	case "Response", "LogoutResponse", "ArtifactResponse":
		return "SAMLResponse"
	case "AuthnRequest", "LogoutRequest", "AttributeQuery", "AuthnQuery", "ArtifactResolve":
		return "SAMLRequest"
	}
	return ""
}

// TestBindingDeliveriesAgree is the differential test over every fixture
// message.
func TestBindingDeliveriesAgree(t *testing.T) {
	msgs := fixtureMessages(t)
	if len(msgs) < 50 {
		t.Fatalf("only %d fixture messages found under testdata", len(msgs))
	}
	cfg := &checks.Config{At: at, Now: at}
	names := slices.Sorted(maps.Keys(msgs))
	for i, name := range names {
		// A -race build compares the findings of every 8th message only
		// (the decoding of all): the full run takes minutes there.
		findings := !raceEnabled || i%8 == 0
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			compareDeliveries(t, msgs[name], cfg, findings)
		})
	}
}

// Findings that depend on what a delivery carries besides the message,
// left out when deliveries that carry different things are compared.
var (
	// targetRules compare the message with the URL it was posted or
	// redirected to, which a pasted form body does not carry.
	targetRules = map[string]bool{"saml/destination": true, "saml/recipient": true}
	// bindingRules judge the binding itself (a Response over
	// HTTP-Redirect).
	bindingRules = map[string]bool{"saml/redirect-response": true}
)

// without returns findings without those of the rules in drop.
func without(findings []string, drop map[string]bool) []string {
	var out []string
	for _, f := range findings {
		rule, _, _ := strings.Cut(f, " ")
		if !drop[rule] {
			out = append(out, f)
		}
	}
	return out
}

// referenceTime is how a finding names its reference time: the same time
// is "--at" for a pasted value and "capture time of HAR entry 0" for a
// HAR.
var referenceTime = regexp.MustCompile(`(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z) \([^)]*\)`)

// decodeSource is how a decode error names its input.
var decodeSource = regexp.MustCompile(`saml: [a-z-]+: (?:entry \d+: )?`)

// asPasted returns the findings of a HAR delivery as a pasted delivery of
// the same message reads: the reference time named alike, and without the
// findings about the rest of the capture (a HAR knows what else was
// recorded; a pasted value does not).
func asPasted(findings []string) []string {
	var out []string
	for _, f := range findings {
		if strings.Contains(f, "the capture holds") {
			continue
		}
		out = append(out, f)
	}
	return out
}

// compareDeliveries reads the six deliveries of x and fails on any
// difference in the decoded XML, RelayState, target or findings: the
// findings are the same among deliveries that carry the same things (the
// two Redirect deliveries; the page and the two HAR POST deliveries), and
// the same but for targetRules and bindingRules across them.
func compareDeliveries(t *testing.T, x []byte, cfg *checks.Config, findings bool) {
	acs := bindingACS
	if encs, err := saml.ParseInput("x.xml", x); err == nil && len(encs) == 1 {
		if m, err := saml.Decode(encs[0], nil); err == nil {
			for _, d := range []string{m.Destination(), recipient(m)} {
				if u, err := url.Parse(d); err == nil && u.IsAbs() && u.RawQuery == "" && u.Fragment == "" {
					acs = d
					break
				}
			}
		}
	}
	ds := deliveries(t, x, messageParam(x), acs)
	got := map[string]delivered{}
	for _, d := range ds {
		g := readDelivery(t, d, cfg, findings)
		got[d.name] = g
		if g.xml != string(x) && !strings.HasPrefix(g.xml, "decode error") && got["pasted-url"].xml != g.xml {
			t.Errorf("%s decodes to other XML than the pasted URL", d.name)
		}
		if g.relayState != bindingRelay {
			t.Errorf("%s: RelayState %q, want %q", d.name, g.relayState, bindingRelay)
		}
		if d.name != "form-body" && g.target != acs {
			t.Errorf("%s: target %q, want %q", d.name, g.target, acs)
		}
	}
	ref := got["pasted-url"]
	for _, d := range ds {
		if g := got[d.name]; g.xml != ref.xml {
			t.Errorf("%s decodes to other XML than pasted-url:\n%.300s\nvs\n%.300s", d.name, g.xml, ref.xml)
		} else if g.summary != ref.summary {
			t.Errorf("%s: summary\n%s\nwant (as pasted-url)\n%s", d.name, g.summary, ref.summary)
		}
	}
	if !findings {
		return
	}
	same := func(a, b string, drop ...map[string]bool) {
		fa, fb := got[a].findings, got[b].findings
		if strings.HasPrefix(a, "har-") != strings.HasPrefix(b, "har-") {
			fa, fb = asPasted(fa), asPasted(fb)
		}
		for _, d := range drop {
			fa, fb = without(fa, d), without(fb, d)
		}
		if !equalStrings(fa, fb) {
			t.Errorf("findings of %s and %s differ:\n%s\n--- vs ---\n%s", a, b, strings.Join(fa, "\n"), strings.Join(fb, "\n"))
		}
	}
	same("har-post", "har-auto-post")
	same("pasted-url", "har-redirect")
	same("page", "har-post")
	same("page", "form-body", targetRules)
	same("page", "pasted-url", bindingRules)
}

// recipient returns the first SubjectConfirmationData Recipient of m.
func recipient(m *saml.Message) string {
	if m.Doc == nil {
		return ""
	}
	for _, el := range m.Doc.FindElements("//SubjectConfirmationData") {
		if r := el.SelectAttrValue("Recipient", ""); r != "" {
			return r
		}
	}
	return ""
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// FuzzBindingDeliveries compares the six deliveries of any message and
// RelayState: each finds one message, and all decode it to the same XML
// (or fail at the same step) with the same RelayState.
func FuzzBindingDeliveries(f *testing.F) {
	for name, x := range fixtureMessages(f) {
		if strings.Contains(name, "/fail/") && len(x) < 20000 {
			f.Add(x, bindingRelay)
		}
	}
	f.Add([]byte(`<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r"/>`), "a+b c&d=%41\r\n<x>")
	f.Add([]byte("not xml"), "")
	f.Fuzz(func(t *testing.T, x []byte, relay string) {
		if !utf8.ValidString(relay) || strings.ContainsRune(relay, 0) || strings.TrimSpace(relay) != relay {
			// Not a value an IdP can put in a form field unchanged: HTML
			// maps NUL to U+FFFD, and JSON keeps no invalid UTF-8.
			return
		}
		param := messageParam(x)
		if param == "" {
			param = "SAMLResponse"
		}
		// The first delivery of each binding; a value that is not XML
		// fails at another step when DEFLATE-compressed.
		first := map[bool]delivered{}
		for _, d := range relayDeliveries(t, x, param, bindingACS, relay) {
			got := decodeDelivery(t, d)
			if got.relayState != relay {
				t.Fatalf("%s: RelayState %q, want %q", d.name, got.relayState, relay)
			}
			ref, ok := first[d.redirect]
			if !ok {
				first[d.redirect] = got
			} else if got.xml != ref.xml {
				t.Fatalf("%s: decodes to\n%.200q\nthe first delivery of its binding to\n%.200q", d.name, got.xml, ref.xml)
			}
		}
		post, redirect := first[false].xml, first[true].xml
		if !strings.HasPrefix(post, "decode error") && !strings.HasPrefix(redirect, "decode error") && post != redirect {
			t.Fatalf("POST decodes to\n%.200q\nRedirect to\n%.200q", post, redirect)
		}
	})
}

// decodeDelivery reads one delivery by har.Scan or saml.ParseInput and
// decodes its one message.
func decodeDelivery(t *testing.T, d delivery) delivered {
	t.Helper()
	e := deliveryMessage(t, d)
	return delivered{relayState: e.RelayState, xml: decodedXML(e, nil)}
}
