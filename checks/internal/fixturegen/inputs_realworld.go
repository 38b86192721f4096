package main

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"fmt"
	"path"
	"strings"
	"time"
	"unicode/utf16"
)

// writeRealWorldInputs writes the inputs people really have (issue 10):
//
//   - messages without a capture time judged against their own
//     IssueInstant (testdata/rules/saml/time-window/fail/issued-*.xml,
//     saml/certificate/fail/expired-at-issue-instant.xml, and
//     realworld/pasted-old.b64: no at= in their expectations);
//   - the base response and HAR in the text encodings Windows tools write
//     (testdata/realworld/: checked like testdata/inputs);
//   - values cut short (rules/saml/decode/fail/truncated-in-assertion.b64,
//     truncated-value.har, redirect-url-cut.url);
//   - files that are not SAML (testdata/notsaml/: a screenshot, a PDF, a
//     Fiddler .saz, a ZIP holding a HAR, a gzip-compressed HAR), used by
//     cmd/samlcheck's script inputs-real.txtar.
func (g *generator) writeRealWorldInputs() error {
	for _, step := range []func() error{g.writeOwnReferenceFixtures, g.writeEncodingInputs, g.writeTruncatedFixtures, g.writeNotSAML} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// writeOwnReferenceFixtures writes fixtures checked without --at: their
// reference time is the message's IssueInstant (T).
func (g *generator) writeOwnReferenceFixtures() error {
	fixtures := []ruleFixture{
		// NotOnOrAfter 10 minutes before IssueInstant: expired when issued.
		{rule: "saml/time-window", kind: "fail", file: "issued-expired.xml", profile: "saml",
			mutate: edits(setAttr("Conditions", "NotBefore", instantAt(-20*time.Minute)), setAttr("Conditions", "NotOnOrAfter", instantAt(-10*time.Minute)))},
		// NotBefore 10 minutes after IssueInstant: not yet valid when issued.
		{rule: "saml/time-window", kind: "fail", file: "issued-not-yet-valid.xml", profile: "saml",
			mutate: edits(setAttr("Conditions", "NotBefore", instantAt(10*time.Minute)), setAttr("Conditions", "NotOnOrAfter", instantAt(15*time.Minute)))},
		// A window of 20 seconds after IssueInstant: a warning.
		{rule: "saml/time-window", kind: "fail", file: "issued-short-window.xml", profile: "saml",
			mutate: edits(setAttr("SubjectConfirmationData", "NotOnOrAfter", instantAt(20*time.Second)))},
		// Signed with a certificate that had expired when the message was issued.
		{rule: "saml/certificate", kind: "fail", file: "expired-at-issue-instant.xml",
			flags: map[string]string{"idp-cert": sigExpiredIdPCert}, mutate: sigSignWith(sigExpiredSigner)},
	}
	for _, f := range fixtures {
		xml, err := g.signedResponse(f.respOpts())
		if err != nil {
			return fmt.Errorf("%s/%s/%s: %w", f.rule, f.kind, f.file, err)
		}
		e := f.expect()
		e.at = time.Time{} // no --at: the IssueInstant is the reference time
		if err := g.writeXML(path.Join("rules", f.rule, f.kind, f.file), xml, e); err != nil {
			return err
		}
	}
	// The base response pasted a month after the login: no finding at or
	// above warning (an info says the IssueInstant was the reference).
	xml, err := g.signedResponse(idcResponse("pasted-old"))
	if err != nil {
		return err
	}
	return g.writeWithSidecar("realworld/pasted-old.b64", []byte(wrap76(postValue(xml))), expect{profile: "auto"})
}

// utf16Bytes encodes s as UTF-16, little-endian unless big, with a byte
// order mark when bom.
func utf16Bytes(s string, big, bom bool) []byte {
	units := utf16.Encode([]rune(s))
	if bom {
		units = append([]uint16{0xfeff}, units...)
	}
	out := make([]byte, 0, 2*len(units))
	for _, u := range units {
		if big {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	return out
}

// crlf turns line feeds into CR LF.
func crlf(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }

// writeEncodingInputs writes the base response and the Identity Center HAR
// as Windows tools save them: Windows PowerShell 5's > and Out-File write
// UTF-16LE with a byte order mark and CRLF line ends; other tools write
// UTF-16 without a byte order mark, or UTF-8 with one.
func (g *generator) writeEncodingInputs() error {
	xml, err := g.signedResponse(idcResponse("encoding"))
	if err != nil {
		return err
	}
	b64 := wrap76(postValue(xml))
	doc := xmlDecl + "\n" + string(xml) + "\n"
	valid := expect{profile: "auto", at: checkTime()}
	files := []struct {
		name string
		data []byte
	}{
		{"response-utf16le-bom-crlf.b64", utf16Bytes(crlf(b64), false, true)}, // Get-Clipboard > response.b64
		{"response-utf16le.b64", utf16Bytes(b64, false, false)},
		{"response-utf16be-bom.xml", utf16Bytes(doc, true, true)},
		{"response-utf16le-bom-crlf.xml", utf16Bytes(crlf(doc), false, true)},
		{"response-utf8-bom-crlf.b64", append([]byte("\xef\xbb\xbf"), crlf(b64)...)},
	}
	for _, f := range files {
		if err := g.writeWithSidecar("realworld/"+f.name, f.data, valid); err != nil {
			return err
		}
	}
	har, err := g.idcHAR("chrome-idc-utf16", func(v string) string { return v })
	if err != nil {
		return err
	}
	return g.writeWithSidecar("realworld/chrome-idc-ok-utf16le-bom.har", utf16Bytes(string(har), false, true), valid)
}

// idcHAR returns a Chrome capture of an Identity Center login whose
// Response (ID _resp-<id>) passes through cut before it is captured.
func (g *generator) idcHAR(id string, cut func(string) string) ([]byte, error) {
	s := harSpecs()[0] // chrome-idc-ok.har
	o := idcResponse(id)
	o.style, o.compact, o.inResponseTo = styleSAMLP, true, "_req-"+id
	s.resp, s.file = o, id+".har"
	xml, err := g.signedResponse(o)
	if err != nil {
		return nil, err
	}
	assets, err := newIdPAssets()
	if err != nil {
		return nil, err
	}
	c, err := idcCapture(s, cut(postValue(xml)), assets)
	if err != nil {
		return nil, err
	}
	return s.browser.encode(c)
}

// writeTruncatedFixtures writes SAMLResponse values cut short, as proxies,
// HAR editors and chat clients cut them: inside the Assertion.
func (g *generator) writeTruncatedFixtures() error {
	const dir = "rules/saml/decode/fail"
	fail := expect{want: []string{"saml/decode"}, profile: "identity-center", at: checkTime()}
	xml, err := g.signedResponse(idcResponse("truncated"))
	if err != nil {
		return err
	}
	value := postValue(xml)
	// 6,240 characters: past the Response's signature, inside the Assertion.
	if err := g.writeWithSidecar(dir+"/truncated-in-assertion.b64", []byte(value[:6240]+"\n"), fail); err != nil {
		return err
	}
	// A Redirect-binding URL cut by a chat client, inside the SAMLRequest
	// value (not inside a percent escape, before any padding).
	u, err := redirectURL("truncated-url", idcRelayState)
	if err != nil {
		return err
	}
	cut := strings.Index(u, "SAMLRequest=") + len("SAMLRequest=") + 240
	for strings.Contains(u[cut-2:cut], "%") {
		cut--
	}
	if err := g.writeWithSidecar(dir+"/redirect-url-cut.url", []byte(u[:cut]+"\n"), fail); err != nil {
		return err
	}
	har, err := g.idcHAR("truncated-har", func(v string) string { return v[:len(v)*3/4] })
	if err != nil {
		return err
	}
	fail.profile = "auto"
	return g.writeWithSidecar(dir+"/truncated-value.har", har, fail)
}

// writeNotSAML writes files people attach by mistake instead of a HAR, in
// testdata/notsaml/.
func (g *generator) writeNotSAML() error {
	png, err := logoPNG()
	if err != nil {
		return err
	}
	har, err := g.idcHAR("zipped", func(v string) string { return v })
	if err != nil {
		return err
	}
	pdf := "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
	saz, err := zipOf([][2]string{
		{"_index.htm", "<html><body>Fiddler session archive</body></html>"},
		{"raw/01_c.txt", "POST https://us-east-1.signin.aws.amazon.com/platform/saml/acs/6a2e3f7c HTTP/1.1\r\nHost: us-east-1.signin.aws.amazon.com\r\n\r\n"},
		{"raw/01_s.txt", "HTTP/1.1 302 Found\r\nLocation: https://example.awsapps.com/start\r\n\r\n"},
		{"raw/01_m.xml", `<?xml version="1.0" encoding="utf-8"?><Session SID="1"></Session>`},
	})
	if err != nil {
		return err
	}
	hars, err := zipOf([][2]string{{"capture/login.har", string(har)}, {"capture/notes.txt", "the login failed at 10:00\n"}})
	if err != nil {
		return err
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz) // no name, zero time: byte-identical on every run
	if _, err := zw.Write(har); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	for name, data := range map[string][]byte{
		"error-screenshot.png": png,
		"capture.pdf":          []byte(pdf),
		"session.saz":          saz,
		"hars.zip":             hars,
		"login.har.gz":         gz.Bytes(),
	} {
		if err := g.write("notsaml/"+name, data); err != nil {
			return err
		}
	}
	return nil
}

// zipOf returns a ZIP archive of the named members (deflated, with a fixed
// modification time).
func zipOf(members [][2]string) ([]byte, error) {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, m := range members {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: m[0], Method: zip.Deflate, Modified: fixtureTime()})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write([]byte(m[1])); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
