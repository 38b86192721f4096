package checks

import (
	"context"
	"crypto/x509"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/beevik/etree"
	"github.com/samlcheck/samlcheck/har/capture"
	"github.com/samlcheck/samlcheck/saml"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sigCorpusDir is the shared corpus's SAML folder.
var sigCorpusDir = filepath.Join("..", "..", "shared", "corpus", "saml")

// sigRuleIDs are the ids of the signature family.
func sigRuleIDs() []string {
	var ids []string
	for _, r := range signatureRules {
		ids = append(ids, r.ID)
	}
	return ids
}

// readInput reads the messages of an input file (saml.ParseInput).
func readInput(tb testing.TB, path string) []saml.Encoded {
	tb.Helper()
	data, err := os.ReadFile(path)
	require.NoError(tb, err)
	msgs, err := saml.ParseInput(path, data)
	require.NoError(tb, err, path)
	return msgs
}

// sigRun runs the rules on the first message of a file with the given
// trusted certificates and reference time, profile saml.
func sigRun(t *testing.T, path string, certs []*x509.Certificate, at time.Time) *Report {
	t.Helper()
	msgs := readInput(t, path)
	cfg := &Config{Profile: SAML, IdPCerts: certs, At: at}
	rep, err := RunCaptures(context.Background(), cfg, []capture.Capture{{File: path, Messages: msgs[:1]}})
	require.NoError(t, err)
	return rep
}

// sigReported returns the signature-family rules reported at warning or
// above.
func sigReported(rep *Report) []string {
	var ids []string
	for _, f := range rep.Findings {
		if f.Severity >= Warning && slices.Contains(sigRuleIDs(), f.Rule) && !slices.Contains(ids, f.Rule) {
			ids = append(ids, f.Rule)
		}
	}
	slices.Sort(ids)
	return ids
}

func sigTestCerts(t *testing.T, path string) []*x509.Certificate {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	if certs, err := saml.ParseCertificates(path, data); err == nil {
		return certs
	}
	doc := etree.NewDocument()
	require.NoError(t, doc.ReadFromBytes(data))
	var certs []*x509.Certificate
	for _, el := range doc.FindElements("//X509Certificate") {
		der, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(el.Text()), ""))
		require.NoError(t, err)
		c, err := x509.ParseCertificate(der)
		require.NoError(t, err)
		certs = append(certs, c)
	}
	require.NotEmpty(t, certs)
	return certs
}

var sigFixtureTime = time.Date(2026, 11, 1, 10, 0, 30, 0, time.UTC)

func TestSignatureTrustNotChecked(t *testing.T) {
	rep := sigRun(t, "../testdata/rules/saml/signature-invalid/pass/signed.xml", nil, sigFixtureTime)
	var info []Finding
	for _, f := range rep.Findings {
		if f.Rule == signatureUntrustedRule.ID {
			info = append(info, f)
		}
	}
	require.Len(t, info, 1, "one finding for the certificate both signatures use")
	assert.Equal(t, Info, info[0].Severity)
	assert.Contains(t, info[0].Message, "no --idp-cert or --idp-metadata was given")
	assert.Contains(t, info[0].Message, "SHA-1 E6:2C:20:45:58:2F:79:D1:23:21:CF:69:F4:FF:28:AD:23:B3:AB:99")
	assert.Contains(t, info[0].Message, "SHA-256 D8:40:B9:68")
	assert.Empty(t, sigReported(rep))
}

func TestSignatureIdPMetadataTrust(t *testing.T) {
	idp := sigTestCerts(t, "../testdata/keys/idp.crt.pem")[0]
	cfg := &Config{IdPMetadata: &saml.Metadata{File: "idp.xml", SigningCerts: [][]byte{idp.Raw, []byte("junk")}}, IdPCerts: []*x509.Certificate{idp}}
	certs, from := sigTrustedCerts(cfg)
	assert.Len(t, certs, 1, "duplicates and junk are dropped")
	assert.Equal(t, "--idp-cert", from)
	cfg.IdPCerts = nil
	certs, from = sigTrustedCerts(cfg)
	assert.Len(t, certs, 1)
	assert.Equal(t, "the IdP metadata idp.xml", from)
	certs, from = sigTrustedCerts(nil)
	assert.Empty(t, certs)
	assert.Empty(t, from)
}

func TestSignatureSummaries(t *testing.T) {
	path := "../testdata/rules/saml/certificate/fail/expired.xml"
	msgs := readInput(t, path)
	m, err := saml.Decode(msgs[0], nil)
	require.NoError(t, err)
	res := &Decoded{Encoded: &msgs[0], Message: m}
	cfg := &Config{At: sigFixtureTime, IdPCerts: sigTestCerts(t, "../testdata/keys/idp-expired.crt.pem")}
	sums := signatureSummaries(res, cfg, nil)
	require.Len(t, sums, 2)
	s := sums[0]
	assert.Equal(t, `Response "_resp-certificate-fail-expired"`, s.Covers)
	assert.Equal(t, "#_resp-certificate-fail-expired", s.ReferenceURI)
	assert.Equal(t, "/samlp:Response/ds:Signature", s.XMLPath)
	assert.Equal(t, "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", s.SignatureMethod)
	assert.Equal(t, saml.StatusCertExpired, s.Status)
	assert.Equal(t, saml.TrustTrusted, s.Trust)
	require.NotNil(t, s.Certificate)
	assert.Equal(t, "expired", s.CertValidity)
	assert.Len(t, s.Trusted, 1)
	assert.True(t, strings.HasPrefix(sums[1].Covers, "Assertion "))
	assert.Equal(t, `Response "_resp-certificate-fail-expired" (#_resp-certificate-fail-expired): rsa-sha256/sha256, cert-expired (trusted certificate); `+
		`certificate subject "CN=samlcheck test IdP (expired),O=samlcheck test fixtures" (self-signed), valid 2020-01-01 to 2025-01-01 (expired at the reference time), `+
		`SHA-1 `+s.Certificate.SHA1+`, SHA-256 `+s.Certificate.SHA256, s.String())

	assert.Nil(t, signatureSummaries(&Decoded{Encoded: &msgs[0]}, cfg, nil))
	// A new run (no cache from the one above) without configuration.
	sums = signatureSummaries(&Decoded{Encoded: &msgs[0], Message: m}, nil, nil)
	require.Len(t, sums, 2)
	// Without a capture time or At, the reference time is the message's own
	// IssueInstant (2026): the certificate had expired (2025) when it signed.
	assert.Equal(t, "expired", sums[0].CertValidity, "IssueInstant as the reference time")
	assert.Equal(t, saml.TrustEmbedded, sums[0].Trust)
}

func TestSigDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		3 * time.Second:                 "3s",
		4*time.Minute + 12*time.Second:  "4m12s",
		-(5*time.Hour + 3*time.Minute):  "5h3m",
		72 * time.Hour:                  "3d",
		669*24*time.Hour + 10*time.Hour: "669d10h",
	} {
		assert.Equal(t, want, sigDuration(d))
	}
}

// sigCorpusCase is a corpus file with the signature-family rules it must
// trigger (warning or error) with the MANIFEST's certificate and time.
type sigCorpusCase struct {
	file, cert, at string
	want           []string
}

// TestSignatureRulesCorpus runs the signature family on real and attack
// messages of the corpus.
func TestSignatureRulesCorpus(t *testing.T) {
	if _, err := os.Stat(sigCorpusDir); err != nil {
		t.Skipf("../shared/corpus not found: %v", err)
	}
	cases := []sigCorpusCase{
		// Genuine IdP responses: nothing to say (SHA-1 apart).
		{"gosaml2/adfs_response.b64", "gosaml2/adfs_idp_signing_cert.pem", "2017-09-21T23:28:00Z", nil},
		{"gosaml2/onelogin/olgn09_response_155.b64", "gosaml2/onelogin/idp.signing.cert", "2017-08-30T23:14:41Z", []string{"saml/signature-algorithm"}},
		{"crewjam/TestSPCanHandlePlaintextResponse_response", "crewjam/TestSPCanHandlePlaintextResponse_IDPMetadata", "2016-01-05T16:55:39Z", nil},
		{"node-saml/signatures/valid/response.root-unsigned.assertion-signed.1advice-signed.xml", "node-saml/cert.pem", "2015-08-31T08:54:06Z", nil},
		// A service provider's signed AuthnRequest is not checked against
		// the IdP's certificate (its SHA-1 is still worth a warning).
		{"crewjam/TestSPCanProduceSignedRequestPostBinding_decodedRequest", "gosaml2/onelogin/idp.signing.cert", "2014-01-01T00:00:00Z", []string{"saml/signature-algorithm"}},
		// Broken or tampered.
		{"gosaml2/onelogin/olgn09_response_11.b64", "gosaml2/onelogin/idp.signing.cert", "2017-08-30T23:14:40Z", []string{"saml/signature-algorithm", "saml/signature-invalid"}},
		{"gosaml2/onelogin/olgn09_response_21.b64", "gosaml2/onelogin/idp.signing.cert", "2017-08-08T01:05:00Z", []string{"saml/certificate", "saml/signature-algorithm"}},
		{"gosaml2/onelogin/olgn09_response_81.b64", "gosaml2/onelogin/idp.signing.cert", "2017-08-11T01:05:00Z", []string{"saml/signature-missing"}},
		// Signed by another key whose certificate, in KeyInfo, has expired.
		{"gosaml2/saml.oktadev.com/response_3", "gosaml2/saml.oktadev.com/oktadev.pem", "2017-04-04T17:54:00Z", []string{"saml/certificate", "saml/signature-untrusted"}},
		{"samlraider/saml_response.xml", "samlraider/adfs_samlwin_signing.from_keyinfo.pem", "2015-04-06T06:42:39Z", []string{"saml/signature-invalid"}},
		// Signature wrapping.
		{"crewjam/TestXswPermutationOneIsRejected_response", "crewjam/TestSPCanHandleOneloginResponse_IDPMetadata", "2016-01-05T17:53:12Z", []string{"saml/duplicate-id", "saml/signature-algorithm", "saml/signature-missing", "saml/signature-wrapping"}},
		{"crewjam/TestSPMultipleAssertions", "crewjam/TestSPRealWorld_idp_metadata", "2017-04-21T13:12:51Z", []string{"saml/duplicate-id", "saml/signature-algorithm", "saml/signature-missing", "saml/signature-wrapping"}},
		{"pysaml2/xsw/signed-xsw-assertion-extensions.xml", "pysaml2/test.pem", "2009-10-15T00:00:00Z", []string{"saml/signature-algorithm", "saml/signature-missing", "saml/signature-wrapping"}},
		{"pysaml2/xsw/signed-xsw-assertion-in-assertion-first-sig.xml", "pysaml2/test.pem", "2009-10-15T00:00:00Z", []string{"saml/signature-algorithm", "saml/signature-invalid", "saml/signature-wrapping"}},
		// The Advice-nested assertion's signature does not verify on a
		// detached copy either (as in the MANIFEST's goxmldsig check), so
		// no valid signature sits around the unsigned content; but a
		// verifier that takes any signature of the document may take the
		// nested one for the assertion's (wrapping via Advice).
		{"node-saml/signatures/invalid/response.root-unsigned.assertion-signed.1advice-signed.xml", "node-saml/cert.pem", "2015-08-31T08:54:06Z", []string{"saml/signature-invalid", "saml/signature-wrapping"}},
		{"samlify/response_signed.xml", "samlify/idp_cert.cer", "2014-07-17T01:01:48Z", []string{"saml/signature-algorithm", "saml/signature-missing", "saml/signature-wrapping"}},
		{"python3-saml/invalids/signature_wrapping_attack.xml.base64", "python3-saml/idp_settings1.pem", "2007-07-01T00:00:00Z", []string{"saml/duplicate-id", "saml/signature-missing", "saml/signature-wrapping"}},
		// Key confusion.
		{"pysaml2/xmlsec1-keydata/signed-assertion-with-hmac.xml", "pysaml2/test.pem", "2009-10-15T00:00:00Z", []string{"saml/signature-algorithm", "saml/signature-invalid"}},
		{"pysaml2/xmlsec1-keydata/signed-response-with-hmac.xml", "pysaml2/test.pem", "2009-10-15T00:00:00Z", []string{"saml/signature-algorithm", "saml/signature-invalid"}},
		// Comments in NameID (CVE-2017-11427, CVE-2018-7340).
		{"crewjam/derived/google_nameid_comment_benign.b64", "crewjam/TestSPCanHandlePlaintextResponse_IDPMetadata", "2016-01-05T16:55:39Z", []string{"saml/xml-comment"}},
		{"crewjam/derived/google_nameid_comment_attack.b64", "crewjam/TestSPCanHandlePlaintextResponse_IDPMetadata", "2016-01-05T16:55:39Z", []string{"saml/signature-invalid", "saml/xml-comment"}},
		// 1024-bit key.
		{"ruby-saml/response_node_text_attack3.xml.base64", "ruby-saml/ruby-saml.crt", "2014-06-04T02:22:02Z", []string{"saml/certificate", "saml/signature-algorithm", "saml/signature-invalid", "saml/xml-comment"}},
	}
	var table strings.Builder
	for _, c := range cases {
		at, err := time.Parse(time.RFC3339, c.at)
		require.NoError(t, err)
		rep := sigRun(t, filepath.Join(sigCorpusDir, c.file), sigTestCerts(t, filepath.Join(sigCorpusDir, c.cert)), at)
		got := sigReported(rep)
		fmt.Fprintf(&table, "%-90s %v\n", c.file, got)
		assert.Equal(t, c.want, got, "%s: findings %v", c.file, rep.Findings)
	}
	t.Log("\n" + table.String())
}

// BenchmarkSignatureRules measures the signature family on one signed
// Response (Response and Assertion signatures), verified once per message
// (the Signatures result) for the four rules that read it.
func BenchmarkSignatureRules(b *testing.B) {
	path := "../testdata/rules/saml/signature-invalid/pass/signed.xml"
	msgs := readInput(b, path)
	idp := sigTestCerts(&testing.T{}, "../testdata/keys/idp.crt.pem")
	cfg := &Config{Profile: SAML, Rules: signatureRules, IdPCerts: idp, At: sigFixtureTime}
	for b.Loop() {
		_, err := RunCaptures(context.Background(), cfg, []capture.Capture{{File: path, Messages: msgs}})
		require.NoError(b, err)
	}
}
