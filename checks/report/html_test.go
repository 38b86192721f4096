package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/checks/analyze"
	"github.com/samlcheck/samlcheck/checks/report"
	"github.com/samlcheck/samlcheck/saml"
)

// failingLogin is the HAR of the HTML golden: an Identity Center login that
// ends on "It's not you, it's us" because of the NameID format.
const failingLogin = "testdata/rules/error/idc-not-you-its-us/fail/nameid-unspecified.har"

// analyzeReport checks paths (relative to the repository root) as the CLI
// does, at the fixtures' reference time, and names the inputs as given.
func analyzeReport(t testing.TB, paths ...string) *checks.Report {
	t.Helper()
	wd, err := os.Getwd()
	require.NoError(t, err)
	require.NoError(t, os.Chdir(root))
	defer func() { require.NoError(t, os.Chdir(wd)) }()
	rep, err := analyze.Files(context.Background(), paths, &checks.Config{Now: at, At: at}, &analyze.Options{Workers: 1})
	require.NoError(t, err)
	rep.Version = "v0.0.0-test"
	return rep
}

func renderHTML(t testing.TB, r *checks.Report) string {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, report.HTML(&b, r))
	return b.String()
}

// normaliseHTML replaces the style sheet and its hash, which change with
// every tweak of the look, so the golden shows the structure and content.
func normaliseHTML(s string) string {
	s = regexp.MustCompile(`(?s)<style>.*?</style>`).ReplaceAllString(s, "<style>…</style>")
	return regexp.MustCompile(`sha256-[^&]*(&#43;[^&]*)*&#39;`).ReplaceAllString(s, "sha256-…&#39;")
}

func TestHTMLGolden(t *testing.T) {
	got := normaliseHTML(renderHTML(t, analyzeReport(t, failingLogin)))
	golden(t, "html/failing-login.html", []byte(got))
}

// elements parses page as a browser does and returns its elements' start
// tags and its text.
func parseHTML(t testing.TB, page string) (tags []html.Token, text string) {
	t.Helper()
	z := html.NewTokenizer(strings.NewReader(page))
	var b strings.Builder
	for {
		switch z.Next() {
		case html.ErrorToken:
			require.ErrorIs(t, z.Err(), io.EOF)
			return tags, b.String()
		case html.StartTagToken, html.SelfClosingTagToken:
			tags = append(tags, z.Token())
		case html.TextToken:
			b.Write(z.Text())
		}
	}
}

func attr(tok html.Token, key string) (string, bool) {
	for _, a := range tok.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// checkPage asserts what every report page must be: no script, nothing
// fetched (no src, no stylesheet link), a CSP forbidding fetches, every
// internal link resolving to an element of the page, and each finding and
// message shown.
func checkPage(t *testing.T, name, page string, r *checks.Report) {
	t.Helper()
	tags, text := parseHTML(t, page)
	ids := map[string]bool{}
	var hrefs []string
	csp := ""
	for _, tok := range tags {
		if id, ok := attr(tok, "id"); ok {
			assert.False(t, ids[id], "%s: duplicate id %q", name, id)
			ids[id] = true
		}
		if h, ok := attr(tok, "href"); ok {
			hrefs = append(hrefs, h)
		}
		assert.NotEqual(t, "script", tok.Data, "%s: a script element", name)
		assert.NotEqual(t, "img", tok.Data, "%s: an img element", name)
		for _, a := range tok.Attr {
			assert.False(t, strings.HasPrefix(a.Key, "on"), "%s: event handler attribute %s on <%s>", name, a.Key, tok.Data)
			assert.NotEqual(t, "src", a.Key, "%s: src on <%s>", name, tok.Data)
			assert.NotEqual(t, "style", a.Key, "%s: inline style on <%s> (the CSP would block it)", name, tok.Data)
		}
		if tok.Data == "link" {
			t.Errorf("%s: a <link> element", name)
		}
		if v, _ := attr(tok, "http-equiv"); v == "Content-Security-Policy" {
			csp, _ = attr(tok, "content")
		}
	}
	assert.True(t, strings.HasPrefix(csp, "default-src 'none';"), "%s: CSP %q", name, csp)
	for _, h := range hrefs {
		if strings.HasPrefix(h, "#") {
			assert.True(t, ids[h[1:]], "%s: link %s leads nowhere", name, h)
		} else {
			assert.True(t, strings.HasPrefix(h, "https://") || strings.HasPrefix(h, "http://"), "%s: link %q", name, h)
		}
	}
	for i, f := range r.Findings {
		assert.True(t, ids["f"+strconv.Itoa(i+1)], "%s: finding %d (%s) has no element", name, i+1, f.Rule)
		assert.Contains(t, text, f.Message, "%s: finding %d's message is not shown", name, i+1)
	}
	for _, m := range r.Messages {
		assert.True(t, ids["m"+strconv.Itoa(m.Index+1)], "%s: message %d has no section", name, m.Index+1)
		if m.NameID != "" {
			assert.Contains(t, text, m.NameID, "%s: NameID of message %d", name, m.Index+1)
		}
	}
}

// TestHTMLEveryInput renders the report of every testdata HAR and raw
// input, one by one and all at once (a folder: one page with contents).
func TestHTMLEveryInput(t *testing.T) {
	var all []string
	for _, pattern := range []string{"testdata/har/*.har", "testdata/inputs/*", "testdata/rules/*/*/*/*.har", "testdata/rules/*/*/*/*.xml"} {
		ms, err := filepath.Glob(filepath.Join(root, pattern))
		require.NoError(t, err)
		for _, m := range ms {
			if strings.HasSuffix(m, ".want") {
				continue
			}
			rel, err := filepath.Rel(root, m)
			require.NoError(t, err)
			all = append(all, rel)
		}
	}
	require.Greater(t, len(all), 40)
	for _, p := range all {
		r := analyzeReport(t, p)
		checkPage(t, p, renderHTML(t, r), r)
	}
	r := analyzeReport(t, "testdata/har", "testdata/inputs")
	page := renderHTML(t, r)
	checkPage(t, "testdata/har + testdata/inputs", page, r)
	require.GreaterOrEqual(t, len(r.Inputs), 10)
	toc := page[strings.Index(page, `<nav class="toc"`):]
	toc = toc[:strings.Index(toc, "</nav>")]
	for i, in := range r.Inputs {
		assert.Contains(t, toc, `href="#in`+strconv.Itoa(i+1)+`">`+html.EscapeString(in.File)+`<`, "contents lack %s", in.File)
	}
}

// TestHTMLLinksFindingsAndXML checks the two-way links: a finding with an
// XML path links to its element, which is marked and links back.
func TestHTMLLinksFindingsAndXML(t *testing.T) {
	r := analyzeReport(t, failingLogin)
	page := renderHTML(t, r)
	linked := 0
	for i, f := range r.Findings {
		if f.Location.XMLPath == "" {
			continue
		}
		anchor := "f" + strconv.Itoa(i+1)
		m := regexp.MustCompile(`(?s)<li class="finding[^"]*" id="` + anchor + `".*?href="#(m\d+-x\d+)"`).FindStringSubmatch(page)
		require.NotNil(t, m, "finding %s (%s at %s) does not link to its element", anchor, f.Rule, f.Location.XMLPath)
		el := regexp.MustCompile(`<span class="ln d\d+ x-el flagged sev-\w+" id="` + m[1] + `">.*?<span class="x-tag">([^<]*)</span>`).FindStringSubmatch(page)
		require.NotNil(t, el, "element %s is not a flagged element", m[1])
		parts := strings.Split(f.Location.XMLPath, "/")
		assert.Equal(t, strings.Split(parts[len(parts)-1], "[")[0], el[1], "finding %s links to the wrong element", anchor)
		assert.Contains(t, page, `class="x-mark sev-`+f.Severity.String()+`" href="#`+anchor+`"`, "element of %s does not link back", anchor)
		linked++
	}
	assert.Equal(t, 2, linked)
}

// hostile is a report whose every capture-derived string is markup.
func hostileReport() *checks.Report {
	const evil = `<script>alert(1)</script><img src=x onerror=alert(2)>`
	xml := `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="x&quot;&gt;&lt;script&gt;alert(3)&lt;/script&gt;">` +
		`<!-- <script>alert(4)</script> -->` +
		`<saml:Assertion><saml:Subject><saml:NameID>&lt;script&gt;alert(5)&lt;/script&gt;</saml:NameID></saml:Subject></saml:Assertion></samlp:Response>`
	return &checks.Report{
		Tool: "samlcheck", Version: evil,
		Inputs: []checks.Input{{File: "evil" + evil + ".har", Kind: "har", Entries: 1, Messages: 1, Errors: []string{evil},
			Timeline: []checks.TimelineEntry{{Entry: 0, Method: evil, URL: "https://idp.example.com/" + evil, Status: 200, MimeType: "text/html"}}}},
		Messages: []checks.MessageSummary{{
			Index: 0, File: "evil" + evil + ".har", Entry: 0, Binding: saml.BindingPOST, Param: "SAMLResponse", Kind: saml.KindResponse,
			Sightings: []saml.Source{{File: "evil.har", Entry: 0, Method: "POST", URL: "https://idp.example.com/" + evil, Where: saml.InHTML, Target: evil}},
			Issuer:    evil, ID: evil, NameID: "<script>alert(6)</script>", NameIDFormat: evil, RelayState: evil,
			Attributes: []checks.AttributeSummary{{Name: evil, Values: []string{evil}}},
			Display:    checks.Display{XML: xml, Audiences: []string{evil}},
		}},
		Findings: []checks.Finding{
			{Rule: "saml/issuer", Severity: checks.Error, Message: evil, Why: evil, Fix: evil,
				Location: checks.Location{File: "evil.har", Entry: 0, MessageIndex: 0, XMLPath: "/samlp:Response/saml:Assertion/saml:Subject/saml:NameID"}},
			{Rule: "error/idc-unexpected", Severity: checks.Error, Message: `entry 0 shows "` + evil + `"; likely cause: saml/issuer on message 1`,
				Location: checks.Location{File: "evil" + evil + ".har", Entry: 0, MessageIndex: -1}},
		},
	}
}

// TestHTMLEscapesTheCapture: a HAR is attacker-controlled; its values must
// render as text, never as markup.
func TestHTMLEscapesTheCapture(t *testing.T) {
	r := hostileReport()
	page := renderHTML(t, r)
	checkPage(t, "hostile", page, r)
	_, text := parseHTML(t, page)
	assert.Contains(t, text, "<script>alert(6)</script>", "the NameID is not shown as text")
	assert.Contains(t, text, "&lt;script&gt;alert(5)&lt;/script&gt;", "the XML view does not show the NameID as XML text")
	assert.Contains(t, text, "<!-- <script>alert(4)</script> -->", "the XML comment is not shown as text")
	assert.NotContains(t, page, "<script>")
	assert.NotContains(t, page, "<img")
}

// TestHTMLIsPure: the same report gives the same page, and the report is
// left as it was.
func TestHTMLIsPure(t *testing.T) {
	r := analyzeReport(t, failingLogin)
	before, err := json.Marshal(r)
	require.NoError(t, err)
	a, b := renderHTML(t, r), renderHTML(t, r)
	assert.Equal(t, a, b)
	after, err := json.Marshal(r)
	require.NoError(t, err)
	assert.JSONEq(t, string(before), string(after))
	assert.Error(t, report.HTML(io.Discard, nil))
}

// TestHTMLBanner checks the verdict and the redaction notice.
func TestHTMLBanner(t *testing.T) {
	page := renderHTML(t, analyzeReport(t, failingLogin))
	assert.Contains(t, page, `<section class="verdict v-fail"`)
	assert.Contains(t, page, `<h2 id="verdict-h">The login ended on “It’s not you, it’s us”</h2>`)
	assert.Regexp(t, `Most likely cause:</strong> <a href="#f\d+">The error page points at idc/nameid-format`, page)
	assert.Contains(t, page, "The capture was not redacted")
	assert.Contains(t, page, "It’s not you, it’s us</p><footer")

	ok := renderHTML(t, analyzeReport(t, "testdata/har/chrome-idc-ok.har"))
	assert.Contains(t, ok, `<section class="verdict v-`)
	assert.NotContains(t, ok, `class="verdict v-fail"`)

	r := analyzeReport(t, failingLogin)
	r.Inputs[0].Redacted = true
	assert.Contains(t, renderHTML(t, r), "The capture was redacted with samlcheck redact")
}

// TestHTMLDropsQueryStringsFromTheXML: URLs in the XML lose their query
// strings, as everywhere else in the reports.
func TestHTMLDropsQueryStringsFromTheXML(t *testing.T) {
	r := &checks.Report{Messages: []checks.MessageSummary{{File: "x.xml", Display: checks.Display{
		XML: `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" AssertionConsumerServiceURL="https://sp.example.com/acs?token=SECRET1"><x>see https://sp.example.com/a?code=SECRET2 now</x></samlp:AuthnRequest>`}}}}
	page := renderHTML(t, r)
	assert.NotContains(t, page, "SECRET")
	assert.Contains(t, page, "https://sp.example.com/acs?…")
}

// TestHTMLCorpus renders one page for the whole real-world corpus: every
// capture, broken ones included, gives a page without markup from the
// capture, with each finding and message shown and every link resolving.
func TestHTMLCorpus(t *testing.T) {
	rep, err := corpusReport(t)
	require.NotNil(t, rep, "%v", err)
	var ie *analyze.InputError
	if err != nil {
		require.ErrorAs(t, err, &ie, "only unreadable inputs may fail")
	}
	require.Greater(t, len(rep.Messages), 10)
	checkPage(t, "corpus", renderHTML(t, rep), rep)
}

// xmlView renders a report of one message with the XML and findings given
// and returns the page.
func xmlView(t *testing.T, xml string, fs ...checks.Finding) string {
	t.Helper()
	r := &checks.Report{Messages: []checks.MessageSummary{{File: "x.xml", Entry: -1, Display: checks.Display{XML: xml}}}, Findings: fs}
	for i := range r.Findings {
		r.Findings[i].Location.File, r.Findings[i].Location.MessageIndex = "x.xml", 0
	}
	return renderHTML(t, r)
}

// TestHTMLXMLView checks the highlighter on the tokens a message may hold.
func TestHTMLXMLView(t *testing.T) {
	page := xmlView(t, `<?xml version="1.0"?><r xmlns:p="urn:p"><a>one</a><a p:k="v&amp;&quot;">two</a><!-- note --><b><![CDATA[<raw>]]></b><?pi data?></r>`,
		checks.Finding{Rule: "saml/version", Severity: checks.Warning, Message: "second a", Location: checks.Location{XMLPath: "/r/a[2]"}})
	_, text := parseHTML(t, page)
	for _, want := range []string{
		`<?xml version="1.0"?>`,
		`<r xmlns:p="urn:p">`,
		`  <a>one</a>`,
		`  <a p:k="v&amp;&quot;">two</a>`,
		`  <!-- note -->`,
		`  <b><![CDATA[<raw>]]></b>`,
		`  <?pi data?>`,
		`</r>`,
	} {
		assert.Contains(t, text, want)
	}
	// The finding links to the second a, which is marked and links back.
	assert.Contains(t, page, `<a class="to-xml" href="#m1-x3">`)
	assert.Regexp(t, `<span class="ln d1 x-el flagged sev-warning" id="m1-x3">.*two.*<a class="x-mark sev-warning" href="#f1"`, page)
	assert.Contains(t, page, `<span class="ln d1 x-el" id="m1-x2">`)

	// Text next to a processing instruction inside an element (once a
	// panic: the element is not text only).
	_, text = parseHTML(t, xmlView(t, `<r><b>t<?pi x?></b></r>`))
	assert.Contains(t, text, `<?pi x?>`)

	// XML that does not parse is shown as escaped text, with a note.
	page = xmlView(t, `<r><a></r>`)
	_, text = parseHTML(t, page)
	assert.Contains(t, text, `<r><a></r>`)
	assert.Contains(t, text, "could not be parsed for display")
}

// TestHTMLRawInput: a message read from a file has no timeline, and its
// reference time says where it came from.
func TestHTMLRawInput(t *testing.T) {
	r := analyzeReport(t, "testdata/inputs/response.xml")
	page := renderHTML(t, r)
	assert.NotContains(t, page, `class="timeline"`)
	assert.Contains(t, page, "(--at)")
	assert.Contains(t, page, `<section class="verdict`)
}

// TestHTMLTimelineFoldsOtherTraffic: in a long capture, only the sign-in's
// redirects and pages are steps; the rest is listed apart.
func TestHTMLTimelineFoldsOtherTraffic(t *testing.T) {
	in := checks.Input{File: "long.har", Kind: "har", Entries: 200, Messages: 1}
	for i := range 200 {
		in.Timeline = append(in.Timeline, checks.TimelineEntry{Entry: i, Method: "GET", URL: "https://app.example.com/page" + strconv.Itoa(i), Status: 200, MimeType: "text/html"})
	}
	r := &checks.Report{Inputs: []checks.Input{in}, Messages: []checks.MessageSummary{{
		File: "long.har", Entry: 100, Binding: saml.BindingPOST, Kind: saml.KindResponse,
		Sightings: []saml.Source{{File: "long.har", Entry: 100, Method: "POST", URL: "https://sp.example.com/acs", Where: saml.InForm, Status: 302}},
	}}}
	page := renderHTML(t, r)
	steps := regexp.MustCompile(`<div class="step [^"]*" role="listitem" id="in1-e(\d+)"`).FindAllStringSubmatch(page, -1)
	require.Len(t, steps, 17)
	assert.Equal(t, "92", steps[0][1])
	assert.Equal(t, "108", steps[16][1])
	assert.Contains(t, page, "183 other requests of the capture")
}

// FuzzHTML: whatever a capture holds as XML and as a NameID, the page
// has only the writer's own markup (no element from the capture) and the
// writer does not fail.
func FuzzHTML(f *testing.F) {
	for _, p := range []string{"testdata/inputs/response.xml", "testdata/rules/idc/nameid-format/fail/unspecified.xml"} {
		data, err := os.ReadFile(filepath.Join(root, p))
		require.NoError(f, err)
		f.Add(string(data), "alice@example.com")
	}
	f.Add(`<r><b>t<?pi x?></b><![CDATA[</pre><script>]]><!-- </code> --></r>`, `"><script>alert(1)</script>`)
	allowed := map[string]bool{}
	for _, tag := range strings.Fields("html head meta title style body a header h1 h2 h3 h4 p main section nav ol ul li span strong code dl div dt dd table caption thead tbody tr th td details summary pre article small b br wbr blockquote footer") {
		allowed[tag] = true
	}
	f.Fuzz(func(t *testing.T, xml, nameID string) {
		r := &checks.Report{Messages: []checks.MessageSummary{{File: "x.xml", Entry: -1, NameID: nameID, Display: checks.Display{XML: xml}}},
			Findings: []checks.Finding{{Rule: "saml/version", Severity: checks.Error, Message: nameID, Location: checks.Location{File: "x.xml", XMLPath: "/r/b"}}}}
		var b bytes.Buffer
		require.NoError(t, report.HTML(&b, r))
		tags, _ := parseHTML(t, b.String())
		for _, tok := range tags {
			assert.True(t, allowed[tok.Data], "element <%s> in the page", tok.Data)
		}
	})
}

// TestHTMLLikelyCauseLinks: an error page's likely cause links to that
// message's finding, not to one of message 12 when it names message 1.
func TestHTMLLikelyCauseLinks(t *testing.T) {
	r := &checks.Report{Findings: []checks.Finding{
		{Rule: "error/idc-unexpected", Severity: checks.Error, Message: `entry 3 shows "x"; likely cause: idc/nameid-format on message 12`, Location: checks.Location{File: "a.har", Entry: 3, MessageIndex: -1}},
		{Rule: "idc/nameid-format", Severity: checks.Error, Message: "one", Location: checks.Location{File: "a.har", MessageIndex: 0}},
		{Rule: "idc/nameid-format", Severity: checks.Error, Message: "twelve", Location: checks.Location{File: "a.har", MessageIndex: 11}},
	}}
	page := renderHTML(t, r)
	assert.Contains(t, page, `Likely cause: <a href="#f3">idc/nameid-format on message 12</a>`)
	assert.NotContains(t, page, `<a href="#f2">idc/nameid-format on message 1</a>`)
}
