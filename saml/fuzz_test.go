package saml

import (
	"bytes"
	"compress/flate"
	"crypto/x509"
	"errors"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/beevik/etree"
)

// The fuzz targets of package saml. Each is seeded with the repository's
// fixtures (testdata/) and, when it is there, the shared corpus of real
// files; regression seeds (crashers found earlier) live in
// testdata/fuzz/FuzzXxx. `.ci/fuzz N` runs each for N seconds.

// maxSeed is the largest file added as a seed: bigger inputs slow every
// execution of the fuzzer down without reaching new code.
const maxSeed = 64 << 10

// fuzzOptions are the limits the fuzz targets decode with: small enough
// that the fuzzer reaches each of them.
var fuzzOptions = DecodeOptions{MaxInflated: 1 << 20, MaxValue: 2 << 20, MaxDepth: 64, MaxElements: 5000}

// addSeedFiles calls add with the contents of every file below dir (a path
// from the package folder) for which keep returns true, leaving out files
// over maxSeed bytes. A missing corpus folder is logged, not an error: the
// repository's own seeds keep the target meaningful without it.
func addSeedFiles(f *testing.F, dir string, keep func(path string) bool, add func(data []byte)) {
	f.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !keep(path) {
			return err
		}
		if info, err := d.Info(); err != nil || info.Size() > maxSeed {
			return err
		}
		data, err := os.ReadFile(path)
		if err == nil {
			add(data)
			n++
		}
		return err
	})
	switch {
	case errors.Is(err, fs.ErrNotExist) && strings.Contains(dir, "corpus"):
		f.Logf("../shared/corpus not found, seeding without it: %v", err)
	case err != nil:
		f.Fatal(err)
	case n == 0:
		f.Fatalf("no seed files in %s", dir)
	}
}

// isMessageFile reports whether a fixture or corpus file holds a message
// (not a certificate, key or expectation).
func isMessageFile(path string) bool {
	switch filepath.Ext(path) {
	case ".xml", ".b64", ".url", ".txt", ".html", ".htm", ".saml", "":
		return !isKeyMaterial(filepath.Base(path))
	}
	return false
}

// addMessageSeeds seeds a string target with the repository's messages
// (the inputs, and the fixtures of the saml/* rules: those of the other
// rules are the same XML with other values) and the corpus's.
func addMessageSeeds(f *testing.F) {
	f.Helper()
	add := func(data []byte) { f.Add(string(data)) }
	addSeedFiles(f, filepath.Join("..", "testdata", "inputs"), isMessageFile, add)
	addSeedFiles(f, filepath.Join("..", "testdata", "rules", "saml"), isMessageFile, add)
	addSeedFiles(f, filepath.Join(corpusDir, "saml"), isMessageFile, add)
}

// FuzzDecode decodes any value. It either fails with a *DecodeError that
// names a step on one line (and, for a limit, the limit and its flag), or
// returns a complete message within the limits: no more elements or depth
// than allowed, no more inflated bytes than the cap.
func FuzzDecode(f *testing.F) {
	f.Add(sampleXML)
	f.Add(b64([]byte(sampleXML)))
	f.Add(url.QueryEscape(b64(deflateRaw(f, []byte(sampleXML), flate.BestCompression))))
	f.Add(wrapLines(b64([]byte(sampleXML)), 76, "\r\n"))
	f.Add(b64(zlibCompress(f, []byte(sampleXML))))
	f.Add(b64(deflateRaw(f, bytes.Repeat([]byte("<a>"), 2000), flate.BestCompression)))
	f.Add(`<!DOCTYPE r [<!ENTITY x "y">]><r>&x;</r>`)
	f.Add(`<a/><b/>`)
	f.Add(`<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><p:ArtifactResponse xmlns:p="urn:oasis:names:tc:SAML:2.0:protocol"/></soap:Body></soap:Envelope>`)
	f.Add("%%%")
	addMessageSeeds(f)
	steps := map[string]bool{StepInput: true, StepURLDecode: true, StepBase64: true, StepInflate: true, StepXML: true}
	f.Fuzz(func(t *testing.T, value string) {
		opts := fuzzOptions
		m, err := Decode(Encoded{Value: value, Param: "SAMLResponse"}, &opts)
		if err != nil {
			checkDecodeError(t, err, steps)
			return
		}
		if m.Doc == nil || m.Doc.Root() == nil || m.Kind == "" || len(m.XML) == 0 || len(m.Steps) == 0 {
			t.Fatalf("incomplete message: kind %q, %d steps, %d bytes of XML", m.Kind, len(m.Steps), len(m.XML))
		}
		if last := m.Steps[len(m.Steps)-1].Name; last != StepXML {
			t.Fatalf("last step is %q, not xml", last)
		}
		if hasStep(m.Steps, StepInflate) && int64(len(m.XML)) > opts.MaxInflated {
			t.Fatalf("inflated to %d bytes, over the cap %d", len(m.XML), opts.MaxInflated)
		}
		if n, depth := treeSize(m.Doc.Root(), 1); n > opts.MaxElements || depth > opts.MaxDepth {
			t.Fatalf("%d elements, depth %d: over the limits %d, %d", n, depth, opts.MaxElements, opts.MaxDepth)
		}
		checkModel(t, m)
		_ = Canonical(value)
	})
}

// checkDecodeError checks the error of a failed Decode.
func checkDecodeError(t *testing.T, err error, steps map[string]bool) {
	t.Helper()
	var de *DecodeError
	if !errors.As(err, &de) || !steps[de.Step] {
		t.Fatalf("error is not a *DecodeError with a known step: %T %v", err, err)
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "saml: SAMLResponse: "+de.Step+": ") || strings.ContainsAny(msg, "\r\n") {
		t.Fatalf("not one line naming the parameter and the step: %q", msg)
	}
	var le *LimitError
	if errors.As(err, &le) {
		sentinel := map[string]error{LimitInflated: ErrInflateLimit, LimitValue: ErrValueTooLarge, LimitDepth: ErrTooDeep, LimitElements: ErrTooManyElements}[le.Name]
		if sentinel == nil || !errors.Is(err, sentinel) || le.Flag == "" || !strings.Contains(msg, le.Flag) {
			t.Fatalf("limit error without its sentinel or flag: %v", err)
		}
	}
}

// treeSize returns the number of elements of the tree at el, which is at
// depth, and the depth of its deepest element.
func treeSize(el *etree.Element, depth int) (n, deepest int) {
	n, deepest = 1, depth
	for _, c := range el.ChildElements() {
		cn, cd := treeSize(c, depth+1)
		n, deepest = n+cn, max(deepest, cd)
	}
	return n, deepest
}

// checkModel checks that the message's Kind matches the model built, and
// runs the model's accessors and attack detectors.
func checkModel(t *testing.T, m *Message) {
	t.Helper()
	built := map[Kind]bool{
		KindResponse:           m.Response != nil,
		KindAuthnRequest:       m.AuthnRequest != nil,
		KindLogoutRequest:      m.LogoutRequest != nil,
		KindLogoutResponse:     m.LogoutResponse != nil,
		KindAssertion:          m.Assertion != nil,
		KindEncryptedAssertion: m.EncryptedAssertion != nil,
	}
	for k, ok := range built {
		if ok != (k == m.Kind) {
			t.Fatalf("kind %q but model for %q is built: %v", m.Kind, k, ok)
		}
	}
	if m.Element() == nil {
		t.Fatal("no message element")
	}
	_, _, _ = m.ID(), m.Issuer(), m.Destination()
	_ = Path(m.Element())
	_ = m.Signatures()
	_ = m.XMLIssues()
	_ = m.SplitTexts()
	_ = m.DuplicateIDs()
}

// FuzzParseInput reads any file as samlcheck's non-HAR input: errors name
// the file, values carry the file as their source.
func FuzzParseInput(f *testing.F) {
	f.Add("SAMLResponse=abc%2B&RelayState=x")
	f.Add("https://idp/sso?SAMLRequest=abc&SigAlg=x&Signature=y")
	f.Add(`<form action=/acs><input name=SAMLResponse value="a&#43;b"></form>`)
	f.Add(`<!doctype html><!-- <input name="SAMLRequest"`)
	f.Add(sampleXML)
	addMessageSeeds(f)
	f.Fuzz(func(t *testing.T, data string) {
		encs, err := ParseInput("in.txt", []byte(data))
		if err != nil {
			if len(encs) > 0 || !strings.HasPrefix(err.Error(), "saml: in.txt: ") {
				t.Fatalf("error %q does not name the input, or comes with %d values", err, len(encs))
			}
			return
		}
		if len(encs) == 0 {
			t.Fatal("no error and no values")
		}
		for _, e := range encs {
			if e.Source.Entry != -1 || e.Source.File != "in.txt" || (e.Source.Where != InFile && e.Source.Where != InHTML) {
				t.Fatalf("bad source %+v", e.Source)
			}
			switch e.Binding {
			case BindingPOST, BindingRedirect, BindingNone:
			default:
				t.Fatalf("unknown binding %q", e.Binding)
			}
		}
	})
}

// FuzzVerify runs the signature and XML-attack checks on any XML: they must
// never panic; a signature that verifies always has its signed element, a
// trusted one was verified with the trusted certificate, and the signed
// view only counts verifying signatures over the same assertion.
func FuzzVerify(f *testing.F) {
	for _, rel := range []string{
		"saml/signature-invalid/pass/signed.xml",
		"saml/signature-wrapping/fail/reference-elsewhere.xml",
		"saml/signature-wrapping/fail/duplicate-id.xml",
		"saml/xml-comment/fail/nameid-comment.xml",
		"saml/xml-roundtrip/fail/rebound-prefix.xml",
	} {
		data, err := os.ReadFile(filepath.Join("..", "testdata", "rules", filepath.FromSlash(rel)))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(data))
	}
	f.Add(`<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r"><ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo/></ds:Signature></samlp:Response>`)
	signed := func(p string) bool { return filepath.Ext(p) == ".xml" && strings.Contains(p, "signature") }
	addSeedFiles(f, filepath.Join("..", "testdata", "rules", "saml"), signed, func(data []byte) { f.Add(string(data)) })
	addSeedFiles(f, filepath.Join(corpusDir, "saml"), func(p string) bool { return filepath.Ext(p) == ".xml" },
		func(data []byte) {
			if bytes.Contains(data, []byte("SignatureValue")) {
				f.Add(string(data))
			}
		})
	cert := verifyTestCert(f, "../testdata/keys/idp.crt.pem")
	at := time.Date(2026, 11, 1, 10, 0, 30, 0, time.UTC)
	f.Fuzz(func(t *testing.T, xml string) {
		opts := fuzzOptions
		m, err := Decode(Encoded{Value: xml}, &opts)
		if err != nil {
			return
		}
		for _, certs := range [][]*x509.Certificate{nil, {cert}} {
			results := m.Verify(VerifyOptions{Certs: certs, At: at})
			for _, r := range results {
				checkSignatureResult(t, r, certs)
			}
			checkSignedView(t, m, m.SignedView(results))
		}
	})
}

// checkSignatureResult checks one result of Verify with the trusted
// certificates certs.
func checkSignatureResult(t *testing.T, r SignatureResult, certs []*x509.Certificate) {
	t.Helper()
	switch {
	case r.Status == "" || r.Trust == "":
		t.Fatalf("empty status or trust: %+v", r)
	case r.CryptoOK() && (r.Signed == nil || r.Cert == nil):
		t.Fatalf("%s without a signed element or certificate", r.Status)
	case !r.CryptoOK() && r.Signed != nil:
		t.Fatalf("%s with a signed element", r.Status)
	case r.Status == StatusValid && len(certs) > 0 && (r.Trust != TrustTrusted || !r.Cert.Equal(certs[0])):
		t.Fatalf("valid with trusted certificates configured, but trust %q", r.Trust)
	case r.CryptoOK() && !r.Signature.ReferencesParent():
		t.Fatalf("%s over a Reference %q that does not name its parent", r.Status, r.Signature.ReferenceURI)
	}
}

// checkSignedView checks that the signed view pairs each assertion only
// with a verifying signature over an element of the same ID.
func checkSignedView(t *testing.T, m *Message, v SignedView) {
	t.Helper()
	if v.Response != nil && (!v.Response.CryptoOK() || v.Response.Signature.Parent != m.Element()) {
		t.Fatalf("response view from signature %+v", v.Response)
	}
	for _, av := range v.Assertions {
		if av.By == nil {
			continue
		}
		if !av.By.CryptoOK() || av.Signed == nil {
			t.Fatalf("assertion %q counted as signed by a %s signature", av.Assertion.ID, av.By.Status)
		}
		if id := attr(av.Signed, "ID"); id != av.Assertion.ID {
			t.Fatalf("assertion %q is paired with the signed copy of %q", av.Assertion.ID, id)
		}
		_, _ = SignedNameID(av.Signed)
	}
}

// FuzzParseMetadata checks that ParseMetadata never panics, that its errors
// name the file, and that what it returns is consistent.
func FuzzParseMetadata(f *testing.F) {
	f.Add([]byte(idpMetadataXML("MIIB")))
	f.Add([]byte(`<EntitiesDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata"><EntityDescriptor entityID="x"/></EntitiesDescriptor>`))
	f.Add([]byte("\ufeff<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\"/>"))
	f.Add([]byte(`<!DOCTYPE x><x/>`))
	isMetadata := func(data []byte) {
		if bytes.Contains(data, []byte("EntityDescriptor")) {
			f.Add(data)
		}
	}
	addSeedFiles(f, filepath.Join("..", "testdata", "rules"), func(p string) bool { return filepath.Ext(p) == ".xml" }, isMetadata)
	addSeedFiles(f, filepath.Join(corpusDir, "saml"), isMessageFile, isMetadata)
	f.Fuzz(func(t *testing.T, data []byte) {
		md, err := ParseMetadata("fuzz.xml", data)
		if err != nil {
			if md != nil || !strings.HasPrefix(err.Error(), "saml: metadata fuzz.xml: ") {
				t.Fatalf("error %q does not name the file, or comes with metadata", err)
			}
			return
		}
		if md.Element == nil || md.Size != len(data) || md.Entities < 1 || md.File != "fuzz.xml" {
			t.Fatalf("inconsistent metadata: element %v, size %d of %d, %d entities", md.Element != nil, md.Size, len(data), md.Entities)
		}
		for _, der := range md.SigningCerts {
			_, _ = x509.ParseCertificate(der)
		}
	})
}

// FuzzParseCertificates reads any file as a certificate file: errors name
// the file, success gives at least one certificate.
func FuzzParseCertificates(f *testing.F) {
	f.Add([]byte("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"))
	f.Add([]byte("MIIBszCCAVmgAwIBAgIUQ"))
	f.Add([]byte{0x30, 0x82, 0x01, 0x0a})
	isCert := func(p string) bool { return isKeyMaterial(filepath.Base(p)) || strings.HasSuffix(p, ".pem") }
	add := func(data []byte) { f.Add(data) }
	addSeedFiles(f, filepath.Join("..", "testdata", "keys"), isCert, add)
	addSeedFiles(f, filepath.Join(corpusDir, "saml"), isCert, add)
	f.Fuzz(func(t *testing.T, data []byte) {
		certs, err := ParseCertificates("idp.pem", data)
		if err != nil {
			if certs != nil || !strings.HasPrefix(err.Error(), "saml: idp.pem: ") {
				t.Fatalf("error %q does not name the file, or comes with certificates", err)
			}
			return
		}
		if len(certs) == 0 {
			t.Fatal("no error and no certificate")
		}
		for _, c := range certs {
			if c == nil {
				t.Fatal("nil certificate")
			}
			_ = DescribeCert(c).String()
		}
	})
}
