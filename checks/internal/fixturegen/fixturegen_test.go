package main

import (
	"bytes"
	"compress/flate"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"html"
	"io"
	"io/fs"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCommittedFixturesAreFresh regenerates the fixtures with the committed
// test keys and compares them with the repository's testdata: a change to the
// generator must come with `go generate ./checks`.
func TestCommittedFixturesAreFresh(t *testing.T) {
	const committed = "../../../testdata"
	dir := t.TempDir()
	require.NoError(t, generate(dir, filepath.Join(committed, "keys")))
	fresh := readTree(t, dir)
	old := readTree(t, committed)
	for name, data := range fresh {
		if strings.HasPrefix(name, "keys/") {
			continue
		}
		assert.True(t, bytes.Equal(data, old[name]), "testdata/%s is stale or missing: run go generate ./checks", name)
	}
}

// TestGenerate generates the fixtures once into a temporary directory and
// checks them in subtests (key generation makes a run take a moment).
func TestGenerate(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, generate(dir, filepath.Join(dir, "keys")))
	files := readTree(t, dir)
	idp := readCert(t, files["keys/idp.crt.pem"])
	other := readCert(t, files["keys/other.crt.pem"])

	t.Run("deterministic", func(t *testing.T) {
		// The second run reads the keys the first one created.
		require.NoError(t, generate(dir, filepath.Join(dir, "keys")))
		again := readTree(t, dir)
		require.Equal(t, sortedNames(files), sortedNames(again))
		for name, data := range files {
			assert.True(t, bytes.Equal(data, again[name]), "%s differs between two runs", name)
		}
	})

	t.Run("certificates", func(t *testing.T) {
		for _, c := range []*x509.Certificate{idp, other} {
			assert.Equal(t, "2020-01-01T00:00:00Z", c.NotBefore.UTC().Format("2006-01-02T15:04:05Z"))
			assert.Equal(t, "2045-01-01T00:00:00Z", c.NotAfter.UTC().Format("2006-01-02T15:04:05Z"))
		}
		assert.Equal(t, "samlcheck test IdP", idp.Subject.CommonName)
		assert.False(t, idp.Equal(other))
	})

	t.Run("signatures verify", func(t *testing.T) {
		for _, name := range []string{
			"rules/idc/nameid-format/pass/email-address.xml",
			"rules/idc/nameid-format/pass/email-address-saml2.xml",
			"rules/idc/nameid-format/pass/email-address-default-ns.xml",
			"rules/idc/assertion-count/fail/two-assertions.xml",
			"rules/idc/abac-xml-value/fail/element-value.xml",
			"rules/idc/encrypted-assertion/fail/aes128-gcm-saml2.xml",
			"inputs/response.xml",
		} {
			t.Run(name, func(t *testing.T) {
				verifySigned(t, files[name], idp, other)
			})
		}
		t.Run("response.b64", func(t *testing.T) {
			xml, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(files["rules/saml/decode/pass/response.b64"])))
			require.NoError(t, err)
			verifySigned(t, xml, idp, other)
		})
		t.Run("response.b64 with line breaks", func(t *testing.T) {
			lines := strings.Split(strings.TrimSpace(string(files["inputs/response.b64"])), "\n")
			for _, l := range lines[:len(lines)-1] {
				assert.Len(t, l, 76)
			}
			xml, err := base64.StdEncoding.DecodeString(strings.Join(lines, ""))
			require.NoError(t, err)
			verifySigned(t, xml, idp, other)
		})
	})

	t.Run("expectations", func(t *testing.T) {
		comment := regexp.MustCompile(`\A<\?xml version="1.0" encoding="UTF-8"\?>\n<!-- samlcheck: (want=\S* profile=\S+ abac=(true|false)( users=\S+)?( at=\S+)?(?: [a-z-]+=\S+)*) -->\n`)
		for name, data := range files {
			dir, base := filepath.Split(name)
			var line string
			switch {
			case strings.HasPrefix(name, "keys/") || base == "README.md" || strings.HasPrefix(base, "users.") || strings.Contains(base, "metadata") || strings.HasPrefix(base, "jwks."):
				continue
			case strings.HasPrefix(name, "notsaml/"): // not SAML: no expectation
				continue
			case strings.HasPrefix(name, "diff/") && base == "want": // samlcheck diff's expectations (diff.go)
				continue
			case strings.HasSuffix(name, ".want"):
				_, ok := files[strings.TrimSuffix(name, ".want")]
				assert.True(t, ok, "%s: sidecar of no file", name)
				continue
			case strings.HasSuffix(name, ".xml") && !strings.HasPrefix(name, "inputs/") && !strings.HasPrefix(name, "realworld/"):
				m := comment.FindSubmatch(data)
				require.NotNil(t, m, "%s: no expectation comment", name)
				line = string(m[1])
			default:
				sidecar, ok := files[name+".want"]
				require.True(t, ok, "%s: no .want sidecar", name)
				line = strings.TrimSuffix(string(sidecar), "\n")
			}
			want, users := parseLine(t, name, line)
			if users != "" {
				_, ok := files[filepath.ToSlash(filepath.Join(dir, users))]
				assert.True(t, ok, "%s: users file %s missing", name, users)
			}
			// A rule fixture in fail/ wants its rule, one in pass/ does not
			// (both may want others they legitimately trigger too).
			if rule, kind, ok := ruleOf(name); ok {
				if kind == "fail" {
					assert.Contains(t, want, rule, name)
				} else {
					assert.NotContains(t, want, rule, name)
				}
			}
		}
	})

	t.Run("decode failures", func(t *testing.T) {
		_, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(files["rules/saml/decode/fail/truncated-base64.b64"])))
		assert.Error(t, err, "truncated Base64 must not decode")

		compressed, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(files["rules/saml/decode/fail/deflate-corrupt.b64"])))
		require.NoError(t, err)
		_, err = io.ReadAll(flate.NewReader(bytes.NewReader(compressed)))
		assert.Error(t, err, "corrupt DEFLATE must not inflate")

		for _, name := range []string{"rules/saml/decode/fail/not-well-formed-ampersand.xml", "rules/saml/decode/fail/not-well-formed-truncated.xml"} {
			assert.Error(t, etree.NewDocument().ReadFromBytes(files[name]), name)
		}
	})

	t.Run("redirect URL", func(t *testing.T) {
		req := inflateRedirect(t, strings.TrimSpace(string(files["inputs/redirect.url"])))
		doc := etree.NewDocument()
		require.NoError(t, doc.ReadFromBytes(req))
		assert.Equal(t, "AuthnRequest", doc.Root().Tag)
		assert.Equal(t, "_req-input", doc.Root().SelectAttrValue("ID", ""))
	})

	t.Run("HARs", func(t *testing.T) {
		for _, s := range harSpecs() {
			t.Run(s.file, func(t *testing.T) {
				var h harFile
				require.NoError(t, json.Unmarshal(files["har/"+s.file], &h))
				require.NotEmpty(t, h.Log.Entries)
				assert.Contains(t, string(files["har/"+s.file]), "Hunter2-secret", "the login POST is captured")

				// The value posted to the ACS is the signed response.
				acs := findEntry(t, h, func(e harEntry) bool {
					return e.Request.Method == "POST" && e.Request.URL == s.resp.destination
				})
				require.NotNil(t, acs.Request.PostData)
				form, err := url.ParseQuery(acs.Request.PostData.Text)
				require.NoError(t, err)
				xml, err := base64.StdEncoding.DecodeString(form.Get("SAMLResponse"))
				require.NoError(t, err)
				verifySigned(t, xml, idp, other)
				if s.browser == chrome {
					require.NotEmpty(t, acs.Request.PostData.Params)
					assert.Equal(t, form.Get("SAMLResponse"), acs.Request.PostData.Params[0].Value, "Chrome params are decoded")
				} else {
					assert.Empty(t, acs.Request.PostData.Params, "Firefox records no params on the ACS POST")
				}

				// The IdP's auto-post page carries the same value.
				page := findEntry(t, h, func(e harEntry) bool {
					return e.Request.URL == "https://idp.example.com/login" && e.Request.Method == "POST"
				})
				body := page.Response.Content.Text
				if page.Response.Content.Encoding == "base64" {
					raw, err := base64.StdEncoding.DecodeString(body)
					require.NoError(t, err)
					body = string(raw)
				}
				m := regexp.MustCompile(`name="SAMLResponse" value="([^"]*)"`).FindStringSubmatch(body)
				require.NotNil(t, m)
				assert.Equal(t, form.Get("SAMLResponse"), html.UnescapeString(m[1]))

				if s.kind == idcFlow {
					req := inflateRedirect(t, h.Log.Entries[1].Response.RedirectURL)
					assert.Contains(t, string(req), `ID="`+s.resp.inResponseTo+`"`)
				}
				final := h.Log.Entries[len(h.Log.Entries)-1].Response.Content.Text
				assert.Equal(t, s.fails, strings.Contains(final, "An unexpected error has occurred"))
			})
		}
	})
}

// findEntry returns the only HAR entry for which match is true.
func findEntry(t *testing.T, h harFile, match func(harEntry) bool) harEntry {
	t.Helper()
	var found []harEntry
	for _, e := range h.Log.Entries {
		if match(e) {
			found = append(found, e)
		}
	}
	require.Len(t, found, 1)
	return found[0]
}

// verifySigned checks with goxmldsig, at the fixtures' reference time, that
// the Response and every Assertion in xml carry a signature that verifies
// with trusted, and that the Response's does not verify with untrusted.
func verifySigned(t *testing.T, xml []byte, trusted, untrusted *x509.Certificate) {
	t.Helper()
	doc := etree.NewDocument()
	require.NoError(t, doc.ReadFromBytes(xml))
	resp := doc.Root()
	require.Equal(t, "Response", resp.Tag)

	validate := func(cert *x509.Certificate, el *etree.Element) error {
		ctx := dsig.NewDefaultValidationContext(&dsig.MemoryX509CertificateStore{Roots: []*x509.Certificate{cert}})
		ctx.Clock = dsig.NewFakeClockAt(checkTime())
		_, err := ctx.Validate(el)
		return err
	}
	require.NoError(t, validate(trusted, resp), "Response %s", resp.SelectAttrValue("ID", ""))
	assert.Error(t, validate(untrusted, resp), "Response must not verify with the other certificate")
	for _, a := range resp.ChildElements() {
		if a.Tag == "Assertion" {
			assert.NoError(t, validate(trusted, a), "Assertion %s", a.SelectAttrValue("ID", ""))
		}
	}
}

// TestTamperingBreaksSignatures makes sure verifySigned's checks can fail:
// a changed NameID no longer verifies.
func TestTamperingBreaksSignatures(t *testing.T) {
	kp := testKeyPair(t)
	g := &generator{signer: newSigner(kp)}
	xml, err := g.signedResponse(idcResponse("tamper"))
	require.NoError(t, err)

	doc := etree.NewDocument()
	require.NoError(t, doc.ReadFromBytes(bytes.Replace(xml, []byte(">alice@example.com</saml:NameID>"), []byte(">bob@example.com</saml:NameID>"), 1)))
	ctx := dsig.NewDefaultValidationContext(&dsig.MemoryX509CertificateStore{Roots: []*x509.Certificate{kp.cert}})
	ctx.Clock = dsig.NewFakeClockAt(checkTime())
	_, err = ctx.Validate(doc.Root())
	assert.Error(t, err, "Response signature must break")
	_, err = ctx.Validate(doc.Root().SelectElement("saml:Assertion"))
	assert.Error(t, err, "Assertion signature must break")

	// Untouched, both verify; the assertion also verifies inside the
	// element Validate returns (how gosaml2 reads a signed Response).
	doc = etree.NewDocument()
	require.NoError(t, doc.ReadFromBytes(xml))
	verified, err := ctx.Validate(doc.Root())
	require.NoError(t, err)
	a := verified.SelectElement("saml:Assertion")
	require.NotNil(t, a)
	_, err = ctx.Validate(a)
	assert.NoError(t, err)
}

// testKeyPair creates a throw-away key pair in a temporary directory.
func testKeyPair(t *testing.T) keyPair {
	t.Helper()
	kp, err := loadOrCreateKeyPair(t.TempDir(), "test", "test", 1)
	require.NoError(t, err)
	return kp
}

// inflateRedirect returns the inflated SAMLRequest of a Redirect-binding URL.
func inflateRedirect(t *testing.T, raw string) []byte {
	t.Helper()
	u, err := url.Parse(raw)
	require.NoError(t, err)
	compressed, err := base64.StdEncoding.DecodeString(u.Query().Get("SAMLRequest"))
	require.NoError(t, err)
	out, err := io.ReadAll(flate.NewReader(bytes.NewReader(compressed)))
	require.NoError(t, err)
	return out
}

// parseLine checks an expectation line and returns its rule ids and users file.
func parseLine(t *testing.T, name, line string) (want []string, users string) {
	t.Helper()
	fields := strings.Fields(line)
	require.GreaterOrEqual(t, len(fields), 3, "%s: %q", name, line)
	seen := map[string]bool{}
	for _, f := range fields {
		k, v, ok := strings.Cut(f, "=")
		require.True(t, ok, "%s: %q is not key=value", name, f)
		seen[k] = true
		switch k {
		case "want":
			if v != "" {
				want = strings.Split(v, ",")
			}
		case "profile":
			assert.Contains(t, []string{"identity-center", "iam", "connect", "saml", "auto"}, v, name)
		case "abac":
			assert.Contains(t, []string{"true", "false"}, v, name)
		case "users":
			users = v
		case "at":
			_, err := time.Parse(time.RFC3339, v)
			assert.NoError(t, err, name)
		case "idp-cert", "idp-metadata", "sp-metadata", "acs", "issuer", "audience", "skew", "sp-key",
			"trusted-token-issuer", "token-audience", "token-claim", "jwks":
			assert.NotEmpty(t, v, name)
		default:
			t.Errorf("%s: unknown key %q", name, k)
		}
	}
	// at= may be left out: the message's IssueInstant is then the
	// reference time (a pasted message).
	for _, k := range []string{"want", "profile", "abac"} {
		assert.True(t, seen[k], "%s: no %s=", name, k)
	}
	return want, users
}

// ruleOf returns the rule id and kind (fail, pass) of a rule fixture path.
func ruleOf(name string) (rule, kind string, ok bool) {
	rest, found := strings.CutPrefix(name, "rules/")
	if !found {
		return "", "", false
	}
	parts := strings.Split(rest, "/")
	if len(parts) != 4 {
		return "", "", false
	}
	return parts[0] + "/" + parts[1], parts[2], true
}

// readTree returns every file under dir by slash-separated relative path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		files[filepath.ToSlash(rel)] = data
		return nil
	})
	require.NoError(t, err)
	return files
}

// sortedNames returns the map's keys in order.
func sortedNames(files map[string][]byte) []string {
	return slices.Sorted(maps.Keys(files))
}

// readCert parses a PEM certificate.
func readCert(t *testing.T, data []byte) *x509.Certificate {
	t.Helper()
	block, _ := pem.Decode(data)
	require.NotNil(t, block)
	cert, err := x509.ParseCertificate(block.Bytes)
	require.NoError(t, err)
	return cert
}
