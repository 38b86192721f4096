package saml

import (
	"crypto/sha1"
	"crypto/x509"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// corpusDir is the shared real-world corpus: ../shared/corpus relative to
// the repository root.
var corpusDir = filepath.Join("..", "..", "shared", "corpus")

// corpusSAML returns the corpus's saml folder, skipping the test when the
// corpus is absent.
func corpusSAML(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(corpusDir, "saml")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("../shared/corpus not found: %v", err)
	}
	return dir
}

// isKeyMaterial reports whether a corpus file is a certificate or key
// rather than a message.
func isKeyMaterial(name string) bool {
	switch filepath.Ext(name) {
	case ".pem", ".crt", ".cer", ".key":
		return true
	}
	return name == "idp.signing.cert" || strings.HasPrefix(name, "sp.encryption.")
}

// corpusFailures are the files the MANIFEST marks as not well-formed (or
// not decodable), with the step and cause they must fail with.
var corpusFailures = map[string]struct {
	step string
	is   error
}{
	// ATTACK: a stray <NameID> before the signed Response.
	"samlify/attack_response_signed.xml":                                           {StepXML, ErrJunkAfterRoot},
	"node-saml/signatures/invalid/response.root-signed.multiple-root-elements.xml": {StepXML, ErrJunkAfterRoot},
	// XXE and billion laughs: refused, never expanded.
	"samlraider/xxe_test.xml": {StepXML, ErrDTD},
	"ruby-saml/attackxee.xml": {StepXML, ErrDTD},
	// Hand-edited fixtures with an undeclared saml2: prefix. Go's
	// encoding/xml and etree would tolerate it, but the namespace-aware
	// parsers service providers use reject it, so samlcheck does too,
	// naming the prefix and line.
	"saml2aws/assertion.xml":              {StepXML, ErrUnboundPrefix},
	"saml2aws/assertion_invalid_date.xml": {StepXML, ErrUnboundPrefix},
	// AWS role-selection page whose SAMLResponse value is "REDACTED".
	"saml2aws/saml.html": {StepInflate, nil},
}

// corpusWant is what a spot-checked corpus message must decode to, per
// the MANIFEST. Assertion counts are direct children of the Response (the
// MANIFEST's auto-extracted counts include assertions nested in Advice or
// wrapped elsewhere, so files where these differ are not spot-checked on
// the count).
type corpusWant struct {
	kind       Kind
	binding    Binding
	steps      []string
	issuer     string // compared trimmed
	assertions int
	encrypted  int
	nameID     string // last segment of the first assertion's NameID Format; "none" for no Format, "" unchecked
	sig        string // where signatures sit: "Response", "Assertion", "Response+Assertion" or "none"
	extra      func(t *testing.T, e Encoded, m *Message)
}

var corpusWants = map[string]corpusWant{
	"gosaml2/adfs_response.b64": {
		kind: KindResponse, binding: BindingNone, steps: []string{"base64", "xml"},
		issuer: "http://fs.spstest2.com/adfs/services/trust", assertions: 1, nameID: "emailAddress", sig: "Assertion",
	},
	"gosaml2/saml_compressed.post": {
		kind: KindResponse, binding: BindingNone, steps: []string{"base64", "inflate", "xml"},
		issuer: "a", assertions: 1, nameID: "unspecified", sig: "Assertion",
	},
	"gosaml2/saml.oktadev.com/response_16": {
		kind: KindResponse, steps: []string{"base64", "inflate", "xml"},
		issuer: "http://example.com/saml/acs/example", assertions: 1, nameID: "unspecified", sig: "Assertion",
	},
	"gosaml2/saml.oktadev.com/response_7": {
		kind: KindResponse, steps: []string{"base64", "xml"}, issuer: "", assertions: 1, nameID: "unspecified", sig: "Response",
		extra: func(t *testing.T, _ Encoded, m *Message) {
			assert.Nil(t, m.Response.Issuer, "scenario 7 has no Issuer")
		},
	},
	"gosaml2/pingfed/pfed11_response_05.b64": {
		kind: KindResponse, steps: []string{"base64", "xml"},
		issuer: "https://saml.test.nope:9031/eid/sxpmrhbkzn", encrypted: 1, sig: "Response",
		extra: func(t *testing.T, _ Encoded, m *Message) {
			ea := m.Response.EncryptedAssertions[0]
			assert.Equal(t, "http://www.w3.org/2001/04/xmlenc#aes256-cbc", ea.DataAlgorithm)
			assert.Equal(t, "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p", ea.KeyAlgorithm)
		},
	},
	"gosaml2/onelogin/olgn09_response_11.b64": {
		kind: KindResponse, steps: []string{"base64", "xml"},
		issuer: "https://saml.idp.nope/h9gkjzvb3e", assertions: 1, nameID: "emailAddress", sig: "Response",
		extra: func(t *testing.T, _ Encoded, m *Message) {
			assert.Contains(t, m.Steps[0].Repairs, "removed line breaks")
		},
	},
	"gosaml2/onelogin/olgn09_response_155.b64": {
		kind: KindResponse, issuer: "https://saml.idp.nope/h9gkjzvb3e", assertions: 1, nameID: "emailAddress", sig: "Response+Assertion",
		extra: func(t *testing.T, _ Encoded, m *Message) {
			assert.Empty(t, m.Destination(), "no Destination attribute")
		},
	},
	"crewjam/TestSPCanHandlePlaintextResponse_response": {
		kind: KindResponse, issuer: "https://accounts.google.com/o/saml2?idpid=C02dfl1r1", assertions: 1, nameID: "none", sig: "Response",
		extra: func(t *testing.T, _ Encoded, m *Message) {
			assert.Equal(t, "ross@octolabs.io", m.Response.Assertions[0].Subject.NameID.Value)
		},
	},
	"crewjam/derived/google_nameid_comment_benign.b64": {
		kind: KindResponse, issuer: "https://accounts.google.com/o/saml2?idpid=C02dfl1r1", assertions: 1, nameID: "none", sig: "Response",
		extra: func(t *testing.T, _ Encoded, m *Message) {
			assert.Equal(t, "ross@octolabs.io", m.Response.Assertions[0].Subject.NameID.Value, "a comment does not truncate the NameID")
		},
	},
	"crewjam/derived/google_nameid_comment_attack.b64": {
		kind: KindResponse, issuer: "https://accounts.google.com/o/saml2?idpid=C02dfl1r1", assertions: 1, sig: "Response",
		extra: func(t *testing.T, _ Encoded, m *Message) {
			assert.Equal(t, "ross@octolabs.io.example.com", m.Response.Assertions[0].Subject.NameID.Value)
		},
	},
	"crewjam/TestSPMultipleAssertions": {
		kind: KindResponse, issuer: "https://idp.secureworks.com/SAML2", assertions: 2, nameID: "none",
		extra: func(t *testing.T, _ Encoded, m *Message) {
			a := m.Response.Assertions
			assert.NotNil(t, a[0].Signature)
			assert.Nil(t, a[1].Signature, "the injected assertion is unsigned")
			assert.Equal(t, "admin@evil.com", strings.TrimSpace(a[1].Subject.NameID.Value))
		},
	},
	"crewjam/SP_AuthnRequest": {
		kind: KindAuthnRequest, binding: BindingRedirect, steps: []string{ /* the query is form-decoded by package binding */ "base64", "inflate", "xml"},
		issuer: "https://15661444.ngrok.io/saml2/metadata",
		extra: func(t *testing.T, e Encoded, m *Message) {
			assert.Equal(t, "SAMLRequest", e.Param)
			assert.True(t, strings.HasPrefix(e.RelayState, "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."), e.RelayState)
			assert.True(t, strings.HasPrefix(e.Source.URL, "https://idp.testshib.org/idp/profile/SAML2/Redirect/SSO?"))
			assert.NotEmpty(t, e.RawQuery)
		},
	},
	"crewjam/TestSPCanProduceSignedRequestRedirectBinding_rsa-sha256_queryString": {
		kind: KindAuthnRequest, binding: BindingRedirect, steps: []string{ /* the query is form-decoded by package binding */ "base64", "inflate", "xml"},
		issuer: "https://15661444.ngrok.io/saml2/metadata",
		extra: func(t *testing.T, e Encoded, m *Message) {
			assert.Equal(t, "http://www.w3.org/2000/09/xmldsig#rsa-sha1", e.SigAlg, "SigAlg is rsa-sha1 despite the file name")
			assert.Equal(t, "relayState", e.RelayState)
			assert.NotEmpty(t, e.Signature)
			assert.True(t, strings.HasPrefix(e.RawQuery, "SAMLRequest="))
		},
	},
	"crewjam/TestParseXMLArtifactResponse_response": {
		kind: KindResponse, issuer: "https://samltest.id/saml/idp", encrypted: 1, sig: "Response",
		extra: func(t *testing.T, _ Encoded, m *Message) {
			assert.Equal(t, "Envelope", m.Doc.Root().Tag, "the Response inside SOAP/ArtifactResponse is modelled")
		},
	},
	"crewjam/TestIDPIDPInitiatedExistingSession_response": {
		kind: KindResponse, binding: BindingPOST, steps: []string{"base64", "xml"}, encrypted: 1,
		issuer: "https://idp.example.com/saml/metadata", sig: "Response",
		extra: func(t *testing.T, e Encoded, _ *Message) {
			assert.Equal(t, "ThisIsTheRelayState", e.RelayState)
			assert.Equal(t, "https://sp.example.com/saml2/acs", e.Source.Target)
			assert.Equal(t, InHTML, e.Source.Where)
		},
	},
	"crewjam/TestSPCanProducePostRequest_form": {
		kind: KindAuthnRequest, binding: BindingPOST, issuer: "https://15661444.ngrok.io/saml2/metadata",
		extra: func(t *testing.T, e Encoded, _ *Message) {
			assert.Equal(t, "relayState", e.RelayState)
			assert.Equal(t, "https://idp.testshib.org/idp/profile/SAML2/POST/SSO", e.Source.Target)
		},
	},
	"crewjam/TestSPResponseWithNoIssuer_response": {
		kind: KindResponse, issuer: "", encrypted: 1, sig: "none",
	},
	"python3-saml/logout_request_deflated.xml.base64": {
		kind: KindLogoutRequest, steps: []string{"base64", "inflate", "xml"}, issuer: "http://idp.example.com/",
		extra: func(t *testing.T, _ Encoded, m *Message) {
			assert.Contains(t, m.LogoutRequest.NameID.Format, "unspecified")
		},
	},
	"python3-saml/response_encrypted_nameid.xml.base64": {
		kind: KindResponse, issuer: "https://pitbulk.no-ip.org/simplesaml/saml2/idp/metadata.php", assertions: 1, sig: "Response+Assertion",
		extra: func(t *testing.T, _ Encoded, m *Message) {
			s := m.Response.Assertions[0].Subject
			assert.True(t, s.EncryptedID)
			assert.Nil(t, s.NameID)
		},
	},
	"python3-saml/invalids/status_code_responder.xml.base64": {
		kind: KindResponse, issuer: "http://idp.example.com/adfs/services/trust", sig: "none",
		extra: func(t *testing.T, _ Encoded, m *Message) {
			assert.Equal(t, "urn:oasis:names:tc:SAML:2.0:status:Responder", m.Response.Status.Code)
		},
	},
	"python3-saml/wrapped_response_2.xml.base64": {
		kind: KindResponse, issuer: "https://idp/simplesaml/saml2/idp/metadata.php", assertions: 1, nameID: "emailAddress", sig: "none",
		extra: func(t *testing.T, _ Encoded, m *Message) {
			assert.Contains(t, allRepairs(m.Steps), "removed byte order mark")
		},
	},
	"python3-saml/unsigned_response_with_miliseconds.xm.base64": {
		kind: KindResponse, issuer: "http://idp.example.com/", assertions: 1, nameID: "emailAddress", sig: "none",
		extra: func(t *testing.T, _ Encoded, m *Message) {
			assert.Equal(t, time.Date(2011, 6, 17, 14, 54, 14, 120e6, time.UTC), m.Response.IssueInstant.Time)
		},
	},
	"python3-saml/response_with_ampersands.xml": {
		kind: KindResponse, steps: []string{"base64", "xml"}, issuer: "PF-DEMO", assertions: 1, nameID: "emailAddress", sig: "Assertion",
	},
	"samlraider/saml_request": {
		kind: KindAuthnRequest, binding: BindingPOST, steps: []string{ /* the query is form-decoded by package binding */ "base64", "xml"}, issuer: "saml-federation.appspot.com",
		extra: func(t *testing.T, e Encoded, _ *Message) {
			assert.Equal(t, "SAMLResponse", e.Param, "a SAMLResponse field carrying an AuthnRequest")
		},
	},
	"samlraider/saml_response_base64_url.txt": {
		kind: KindResponse, steps: []string{"url-decode", "base64", "xml"},
		issuer: "http://784ad5db-85a0-4067-a406-c9fccf2ea864-idp.idocker.vuln.land", assertions: 1, nameID: "transient", sig: "Assertion",
	},
	"saml2aws/ecp_soap_response_success.xml": {
		kind: KindResponse, issuer: "urn:mace:incommon:example.com", assertions: 1, nameID: "transient", sig: "Response+Assertion",
	},
	"saml2aws/SAMLResponse.xml": {
		kind: KindResponse, issuer: "https://sts.windows.net/25f4519b-eca5-405d-b516-123af862c268/", assertions: 1, nameID: "emailAddress", sig: "Assertion",
	},
	"saml2aws/assertion_pingfed.xml": {
		kind: KindOther, // unprefixed elements without a default namespace
	},
	"pysaml2/okta_response.xml": {kind: KindEncryptedAssertion},
	"node-saml/signatures/valid/response.root-unsigned.assertion-signed.1advice-signed.xml": {
		kind: KindResponse, issuer: "https://evil-corp.com", assertions: 1, nameID: "emailAddress", sig: "Assertion",
	},
	"samlify/response_signed.xml": {
		kind: KindResponse, issuer: "https://idp.example.com/metadata", assertions: 1, nameID: "transient", sig: "Response",
		extra: func(t *testing.T, _ Encoded, m *Message) {
			r := m.Response
			assert.Equal(t, "#"+r.Assertions[0].ID, r.Signature.ReferenceURI, "the Response's signature references the Assertion")
			assert.NotEqual(t, "#"+r.ID, r.Signature.ReferenceURI)
		},
	},
	"samlify/signed_request_sha256.xml": {
		kind: KindAuthnRequest, issuer: "http://localhost:4002/sso/metadata",
		extra: func(t *testing.T, _ Encoded, m *Message) {
			require.NotNil(t, m.AuthnRequest.Signature)
			assert.Equal(t, "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", m.AuthnRequest.Signature.SignatureMethod)
		},
	},
	"ruby-saml/adfs_response_sha256.xml": {
		kind: KindResponse, issuer: "http://login.example.com/issuer", assertions: 1, nameID: "emailAddress", sig: "Assertion",
		extra: func(t *testing.T, _ Encoded, m *Message) {
			certs := m.Response.Assertions[0].Signature.Certificates
			require.Len(t, certs, 1, "the double-Base64 PEM KeyInfo is unwrapped")
			c, err := x509.ParseCertificate(certs[0])
			require.NoError(t, err)
			assert.Equal(t, "28749be81fe8109ca87ca9c3e3c5016c921cb4ba", fmt.Sprintf("%x", sha1.Sum(c.Raw)))
		},
	},
}

func TestCorpus(t *testing.T) {
	root := corpusSAML(t)
	seen := map[string]bool{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || isKeyMaterial(d.Name()) {
			return err
		}
		rel := filepath.ToSlash(strings.TrimPrefix(path, root+string(filepath.Separator)))
		seen[rel] = true
		t.Run(rel, func(t *testing.T) { checkCorpusFile(t, rel, path) })
		return nil
	})
	require.NoError(t, err)
	for name := range corpusFailures {
		assert.True(t, seen[name], "corpus file %s is missing", name)
	}
	for name := range corpusWants {
		assert.True(t, seen[name], "corpus file %s is missing", name)
	}
	assert.Greater(t, len(seen), 100, "the corpus holds 126 messages")
}

func checkCorpusFile(t *testing.T, rel, path string) {
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	encs, err := ParseInput(rel, data)
	require.NoError(t, err)
	require.NotEmpty(t, encs)
	e := encs[0]
	m, err := Decode(e, nil)

	if want, ok := corpusFailures[rel]; ok {
		var de *DecodeError
		require.ErrorAs(t, err, &de)
		assert.Equal(t, want.step, de.Step)
		if want.is != nil {
			assert.ErrorIs(t, err, want.is)
		}
		assert.Contains(t, err.Error(), rel, "the error names the file")
		return
	}
	require.NoError(t, err)
	if isMetadata(rel) {
		assert.Equal(t, KindOther, m.Kind, "metadata is not a protocol message")
	}
	if want, ok := corpusWants[rel]; ok {
		checkCorpusWant(t, want, e, m)
	}
}

func isMetadata(rel string) bool {
	return strings.Contains(strings.ToLower(rel), "metadata") && !strings.Contains(rel, "response")
}

func checkCorpusWant(t *testing.T, want corpusWant, e Encoded, m *Message) {
	assert.Equal(t, want.kind, m.Kind)
	if want.binding != "" {
		assert.Equal(t, want.binding, e.Binding)
	}
	if want.steps != nil {
		assert.Equal(t, want.steps, stepNames(m.Steps))
	}
	if want.kind != KindOther && want.kind != KindEncryptedAssertion {
		assert.Equal(t, want.issuer, strings.TrimSpace(m.Issuer()))
	}
	if r := m.Response; r != nil {
		assert.Len(t, r.Assertions, want.assertions)
		assert.Len(t, r.EncryptedAssertions, want.encrypted)
		if want.nameID != "" {
			assert.Equal(t, want.nameID, nameIDFormat(r))
		}
		if want.sig != "" {
			assert.Equal(t, want.sig, signatureLocation(r))
		}
	}
	if want.extra != nil {
		want.extra(t, e, m)
	}
}

// nameIDFormat returns the last segment of the first assertion's NameID
// Format, "none" when the NameID has no Format.
func nameIDFormat(r *Response) string {
	if len(r.Assertions) == 0 || r.Assertions[0].Subject == nil || r.Assertions[0].Subject.NameID == nil {
		return "no NameID"
	}
	f := r.Assertions[0].Subject.NameID.Format
	if f == "" {
		return "none"
	}
	return f[strings.LastIndex(f, ":")+1:]
}

// signatureLocation says which of the Response and its first Assertion
// carry their own signature.
func signatureLocation(r *Response) string {
	var where []string
	if r.Signature != nil {
		where = append(where, "Response")
	}
	if len(r.Assertions) > 0 && r.Assertions[0].Signature != nil {
		where = append(where, "Assertion")
	}
	if len(where) == 0 {
		return "none"
	}
	return strings.Join(where, "+")
}

func TestCorpusSkipsWhenAbsent(t *testing.T) {
	saved := corpusDir
	t.Cleanup(func() { corpusDir = saved })
	corpusDir = filepath.Join(t.TempDir(), "no-corpus")
	var sub *testing.T
	t.Run("absent", func(t *testing.T) {
		sub = t
		corpusSAML(t)
		t.Error("corpusSAML must skip when the corpus is absent")
	})
	assert.True(t, sub.Skipped())
}

var (
	manifestIssuer = regexp.MustCompile(`Issuer ([^;|]+?)(?:;| \|)`)
	manifestCounts = regexp.MustCompile(`(\d+) Assertion/(\d+) EncryptedAssertion`)
	manifestNameID = regexp.MustCompile(`NameID\[([^\]]+)\]`)
)

// TestCorpusManifest checks every message row of MANIFEST.md against the
// decoded model: the Issuer, the number of Assertion elements anywhere in
// the message (the MANIFEST counts nested and wrapped ones too), the
// number of EncryptedAssertions and the first assertion's NameID Format.
func TestCorpusManifest(t *testing.T) {
	root := corpusSAML(t)
	manifest, err := os.ReadFile(filepath.Join(corpusDir, "MANIFEST.md"))
	require.NoError(t, err)
	checked := 0
	for line := range strings.SplitSeq(string(manifest), "\n") {
		cols := strings.Split(line, " | ")
		if !strings.HasPrefix(line, "| `saml/") || len(cols) < 5 {
			continue
		}
		rel := strings.TrimPrefix(strings.Trim(cols[0], "| `"), "saml/")
		structure := cols[3]
		if _, fails := corpusFailures[rel]; fails || isKeyMaterial(filepath.Base(rel)) || !strings.Contains(structure, "Issuer ") {
			continue
		}
		checked++
		t.Run(rel, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
			require.NoError(t, err)
			encs, err := ParseInput(rel, data)
			require.NoError(t, err)
			m, err := Decode(encs[0], nil)
			require.NoError(t, err)
			checkManifestRow(t, structure, m)
		})
	}
	assert.Greater(t, checked, 80)
}

func checkManifestRow(t *testing.T, structure string, m *Message) {
	if g := manifestIssuer.FindStringSubmatch(structure); g != nil {
		assert.Equal(t, g[1], strings.TrimSpace(m.Issuer()))
	}
	r := m.Response
	if r == nil {
		return
	}
	if g := manifestCounts.FindStringSubmatch(structure); g != nil {
		all := len(r.Element.FindElements(".//Assertion[namespace-uri()='" + NSAssertion + "']"))
		assert.Equal(t, g[1], fmt.Sprint(all), "Assertion elements anywhere in the Response")
		assert.Equal(t, g[2], fmt.Sprint(len(r.EncryptedAssertions)))
	}
	if g := manifestNameID.FindStringSubmatch(structure); g != nil && len(r.Assertions) > 0 {
		want := g[1]
		if want == "no Format" {
			want = "none"
		}
		assert.Equal(t, want, nameIDFormat(r))
	}
}
