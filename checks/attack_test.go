package checks_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"
	"github.com/russellhaering/goxmldsig/etreeutils"
	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/saml"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The attack table. Each row takes a Response the IdP signed (a generated
// fixture of testdata/rules) and does to it what an attacker holding it
// would: the eight signature-wrapping shapes XSW1–XSW8 of Somorovsky et
// al., "On Breaking SAML: Be Whoever You Want to Be" (USENIX Security
// 2012), as SAML Raider builds them; an unsigned assertion beside a signed
// one; a second Response around the signed one; duplicate IDs; comments,
// CDATA and processing instructions splitting a NameID or attribute value;
// namespace-prefix and round-trip tricks; and signatures made with the
// attacker's key. Every row must end in at least one finding of
// attackRules, and must never show a valid signature by the trusted IdP
// certificate over an assertion the checks read with the identity the
// attacker planted (checkAttack says precisely what is checked).

// attackRules are the rules an attack must trigger (at least one).
var attackRules = []string{
	"saml/signature-wrapping",
	"saml/signature-invalid",
	"saml/signature-untrusted",
	"saml/xml-comment",
	"saml/xml-roundtrip",
}

const (
	// attackEvil is the identity the attacker wants the service provider
	// to read.
	attackEvil = "admin@example.com"
	// attackBaseAssertion, attackBaseResponse and attackBoth are IdP-signed
	// Responses (NameID alice@example.com) with only the Assertion, only
	// the Response, or both signed.
	attackBaseAssertion = "saml/signature-wrapping/pass/assertion-signed.xml"
	attackBaseResponse  = "saml/signature-missing/pass/response-signed.xml"
	attackBoth          = "saml/signature-invalid/pass/signed.xml"
)

// attackAt is the reference time of the fixtures (fixturegen's check time).
var attackAt = time.Date(2026, 11, 1, 10, 0, 30, 0, time.UTC)

// attackKit holds the keys the rows use: the trusted IdP certificate, a
// signer with the IdP's key (to build legitimate messages the attacker then
// edits) and the attacker's signers.
type attackKit struct {
	idpCert *x509.Certificate
	// idp signs with the IdP's key and certificate.
	idp *attackSigner
	// own signs with the attacker's key and a certificate of its own.
	own *attackSigner
	// spoof signs with the attacker's key and a certificate that copies
	// the IdP certificate's subject, issuer, serial number and validity.
	spoof *attackSigner
	// borrowed signs with the attacker's key but puts the trusted IdP
	// certificate in KeyInfo.
	borrowed *attackSigner
}

func newAttackKit(t *testing.T) *attackKit {
	t.Helper()
	keys := filepath.Join("..", "testdata", "keys")
	idpCert := readCert(t, filepath.Join(keys, "idp.crt.pem"))
	idpKey := readKey(t, filepath.Join(keys, "idp.key.pem"))
	otherKey := readKey(t, filepath.Join(keys, "other.key.pem"))
	otherCert := readCert(t, filepath.Join(keys, "other.crt.pem"))
	tmpl := &x509.Certificate{
		SerialNumber: idpCert.SerialNumber,
		Subject:      idpCert.Subject,
		NotBefore:    idpCert.NotBefore,
		NotAfter:     idpCert.NotAfter,
		KeyUsage:     idpCert.KeyUsage,
	}
	spoofDER, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &otherKey.PublicKey, otherKey)
	require.NoError(t, err)
	return &attackKit{
		idpCert:  idpCert,
		idp:      newAttackSigner(idpKey, idpCert.Raw),
		own:      newAttackSigner(otherKey, otherCert.Raw),
		spoof:    newAttackSigner(otherKey, spoofDER),
		borrowed: newAttackSigner(otherKey, idpCert.Raw),
	}
}

func readCert(t *testing.T, path string) *x509.Certificate {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	certs, err := saml.ParseCertificates(path, data)
	require.NoError(t, err)
	return certs[0]
}

func readKey(t *testing.T, path string) *rsa.PrivateKey {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	block, _ := pem.Decode(data)
	require.NotNil(t, block, path)
	key, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	require.NoError(t, err)
	rsaKey, ok := key.(*rsa.PrivateKey)
	require.True(t, ok, path)
	return rsaKey
}

// attackSigner makes enveloped signatures as IdPs do: RSA-SHA256, SHA-256
// digests, exclusive canonicalisation, the certificate in KeyInfo.
type attackSigner struct {
	ctx *dsig.SigningContext
}

func newAttackSigner(key *rsa.PrivateKey, certDER []byte) *attackSigner {
	ctx := dsig.NewDefaultSigningContext(dsig.TLSCertKeyStore(tls.Certificate{Certificate: [][]byte{certDER}, PrivateKey: key}))
	ctx.Canonicalizer = dsig.MakeC14N10ExclusiveCanonicalizerWithPrefixList("")
	return &attackSigner{ctx: ctx}
}

// sign replaces el's signature with a new one over el, placed after its
// Issuer.
func (s *attackSigner) sign(t *testing.T, el *etree.Element) *etree.Element {
	t.Helper()
	dropSignature(el)
	nsCtx, err := etreeutils.NSBuildParentContext(el)
	require.NoError(t, err)
	detached, err := etreeutils.NSDetatch(nsCtx, el)
	require.NoError(t, err)
	sig, err := s.ctx.ConstructSignature(detached, true)
	require.NoError(t, err)
	el.InsertChildAt(el.SelectElement("Issuer").Index()+1, sig)
	return sig
}

// The element edits the rows are made of. Tags match any prefix.

func assertionOf(resp *etree.Element) *etree.Element { return resp.SelectElement("Assertion") }

func signatureOf(el *etree.Element) *etree.Element { return el.SelectElement("Signature") }

func dropSignature(el *etree.Element) {
	if s := signatureOf(el); s != nil {
		el.RemoveChild(s)
	}
}

func setNameID(el *etree.Element, v string) { el.FindElement(".//NameID").SetText(v) }

func setID(el *etree.Element, id string) { el.CreateAttr("ID", id) }

func insertBefore(ref, el *etree.Element) { ref.Parent().InsertChildAt(ref.Index(), el) }

// evilCopy returns an unsigned copy of el with the attacker's NameID and,
// unless id is "", a new ID.
func evilCopy(el *etree.Element, id string) *etree.Element {
	c := unsignedCopy(el)
	makeEvil(c, id)
	return c
}

// editInPlace keeps an unsigned copy of the signed element el, then gives
// el the attacker's NameID and, unless id is "", a new ID. It returns the
// copy, for the caller to hide somewhere.
func editInPlace(el *etree.Element, id string) *etree.Element {
	orig := unsignedCopy(el)
	makeEvil(el, id)
	return orig
}

// unsignedCopy returns a copy of el without its Signature.
func unsignedCopy(el *etree.Element) *etree.Element {
	c := el.Copy()
	dropSignature(c)
	return c
}

// makeEvil gives el the attacker's NameID and, unless id is "", a new ID.
func makeEvil(el *etree.Element, id string) {
	setNameID(el, attackEvil)
	if id != "" {
		setID(el, id)
	}
}

// splitText replaces el's content by tokens.
func splitText(el *etree.Element, tokens ...etree.Token) {
	for _, c := range slices.Clone(el.Child) {
		el.RemoveChild(c)
	}
	for _, tok := range tokens {
		el.AddChild(tok)
	}
}

// attack is one row of the table.
type attack struct {
	name string
	base string
	// edit changes the IdP-signed document as the attacker does.
	edit func(t *testing.T, k *attackKit, doc *etree.Document)
	// evil are the identities the attacker wants read; attackEvil when
	// empty.
	evil []string
}

// xsw returns the rows XSW1–XSW8, on the signed Responses they apply to:
// XSW1–2 wrap a signed Response, XSW3–8 a signed Assertion (alone, and
// with the Response signed too).
func xsw() []attack {
	responseLevel := []attack{
		// XSW1: the signed Response, unsigned, inside its own Signature
		// of an evil Response that took its place.
		{name: "XSW1", edit: func(t *testing.T, k *attackKit, doc *etree.Document) {
			resp := doc.Root()
			signatureOf(resp).AddChild(editInPlace(resp, "_evil_response"))
		}},
		// XSW2: the same, with the copy before the Signature.
		{name: "XSW2", edit: func(t *testing.T, k *attackKit, doc *etree.Document) {
			resp := doc.Root()
			insertBefore(signatureOf(resp), editInPlace(resp, "_evil_response"))
		}},
	}
	assertionLevel := []attack{
		// XSW3: an evil unsigned Assertion before the signed one.
		{name: "XSW3", edit: func(t *testing.T, k *attackKit, doc *etree.Document) {
			a := assertionOf(doc.Root())
			insertBefore(a, evilCopy(a, "_evil_assertion"))
		}},
		// XSW4: an evil unsigned Assertion holding the signed one.
		{name: "XSW4", edit: func(t *testing.T, k *attackKit, doc *etree.Document) {
			resp := doc.Root()
			a := assertionOf(resp)
			evil := evilCopy(a, "_evil_assertion")
			resp.RemoveChild(a)
			evil.AddChild(a)
			resp.AddChild(evil)
		}},
		// XSW5: the signed Assertion edited in place (new ID, evil
		// NameID), an unsigned copy of the original at the end.
		{name: "XSW5", edit: func(t *testing.T, k *attackKit, doc *etree.Document) {
			doc.Root().AddChild(editInPlace(assertionOf(doc.Root()), "_evil_assertion"))
		}},
		// XSW6: as XSW5, with the copy of the original inside the
		// Signature.
		{name: "XSW6", edit: func(t *testing.T, k *attackKit, doc *etree.Document) {
			a := assertionOf(doc.Root())
			signatureOf(a).AddChild(editInPlace(a, "_evil_assertion"))
		}},
		// XSW7: an evil copy with the same ID in samlp:Extensions, before
		// the signed Assertion.
		{name: "XSW7", edit: func(t *testing.T, k *attackKit, doc *etree.Document) {
			a := assertionOf(doc.Root())
			ext := etree.NewElement("samlp:Extensions")
			ext.AddChild(evilCopy(a, ""))
			insertBefore(a, ext)
		}},
		// XSW7, the other way round: the signed Assertion hidden in
		// samlp:Extensions, an evil copy with its ID in its place.
		{name: "XSW7 signed assertion in Extensions", edit: func(t *testing.T, k *attackKit, doc *etree.Document) {
			a := assertionOf(doc.Root())
			ext := etree.NewElement("samlp:Extensions")
			insertBefore(a, ext)
			insertBefore(a, evilCopy(a, ""))
			doc.Root().RemoveChild(a)
			ext.AddChild(a)
		}},
		// XSW8: the signed Assertion edited in place (ID kept), an
		// unsigned copy of the original in a ds:Object of its Signature.
		{name: "XSW8", edit: func(t *testing.T, k *attackKit, doc *etree.Document) {
			a := assertionOf(doc.Root())
			obj := etree.NewElement("ds:Object")
			obj.AddChild(editInPlace(a, ""))
			signatureOf(a).AddChild(obj)
		}},
	}
	var out []attack
	for _, a := range responseLevel {
		for _, base := range []string{attackBaseResponse, attackBoth} {
			a.base = base
			out = append(out, a)
		}
	}
	for _, a := range assertionLevel {
		for _, base := range []string{attackBaseAssertion, attackBoth} {
			a.base = base
			out = append(out, a)
		}
	}
	return out
}

// wrappers returns the rows that add unsigned content beside or around
// signed content, and duplicate IDs.
func wrappers() []attack {
	// secondResponse wraps the signed Response in an evil one of ID id,
	// carrying an evil assertion.
	secondResponse := func(id string) func(t *testing.T, k *attackKit, doc *etree.Document) {
		return func(t *testing.T, k *attackKit, doc *etree.Document) {
			inner := doc.Root()
			outer := inner.Copy()
			for _, c := range slices.Clone(outer.Child) {
				if el, ok := c.(*etree.Element); !ok || (el.Tag != "Issuer" && el.Tag != "Status") {
					outer.RemoveChild(c)
				}
			}
			setID(outer, id)
			outer.AddChild(evilCopy(assertionOf(inner), "_evil_assertion"))
			doc.SetRoot(outer)
			outer.AddChild(inner)
		}
	}
	return []attack{
		{name: "unsigned assertion after the signed one", base: attackBaseAssertion, edit: func(t *testing.T, k *attackKit, doc *etree.Document) {
			doc.Root().AddChild(evilCopy(assertionOf(doc.Root()), "_evil_assertion"))
		}},
		{name: "unsigned assertion after the signed one, Response signed", base: attackBoth, edit: func(t *testing.T, k *attackKit, doc *etree.Document) {
			doc.Root().AddChild(evilCopy(assertionOf(doc.Root()), "_evil_assertion"))
		}},
		{name: "second Response wrapper", base: attackBaseResponse, edit: secondResponse("_evil_response")},
		{name: "second Response wrapper around an assertion-signed Response", base: attackBaseAssertion, edit: secondResponse("_evil_response")},
		{name: "second Response wrapper with the signed Response's ID", base: attackBoth, edit: func(t *testing.T, k *attackKit, doc *etree.Document) {
			secondResponse(doc.Root().SelectAttrValue("ID", ""))(t, k, doc)
		}},
		{name: "duplicate ID: evil assertion with the signed assertion's ID before it", base: attackBaseAssertion, edit: func(t *testing.T, k *attackKit, doc *etree.Document) {
			a := assertionOf(doc.Root())
			insertBefore(a, evilCopy(a, ""))
		}},
		{name: "duplicate ID: evil assertion with the signed assertion's ID after it", base: attackBoth, edit: func(t *testing.T, k *attackKit, doc *etree.Document) {
			doc.Root().AddChild(evilCopy(assertionOf(doc.Root()), ""))
		}},
		{name: "duplicate ID: the Response's ID on the evil assertion", base: attackBaseResponse, edit: func(t *testing.T, k *attackKit, doc *etree.Document) {
			doc.Root().AddChild(evilCopy(assertionOf(doc.Root()), doc.Root().SelectAttrValue("ID", "")))
		}},
	}
}

// splits returns the rows that split a value the IdP signed so that a
// reader taking the first text node gets another one (CVE-2017-11427 and
// siblings), and the same edit made without the IdP's signature.
func splits() []attack {
	// signedSplit has the IdP sign whole in the element find returns, then
	// replaces its text by "user@corp.com", sep and ".evil.com" (sep nil:
	// ".evil.com" as a CDATA section).
	signedSplit := func(find func(a *etree.Element) *etree.Element, sep etree.Token) func(t *testing.T, k *attackKit, doc *etree.Document) {
		return func(t *testing.T, k *attackKit, doc *etree.Document) {
			a := assertionOf(doc.Root())
			find(a).SetText("user@corp.com.evil.com")
			k.idp.sign(t, a)
			if sep == nil {
				splitText(find(a), etree.NewText("user@corp.com"), etree.NewCData(".evil.com"))
				return
			}
			splitText(find(a), etree.NewText("user@corp.com"), sep, etree.NewText(".evil.com"))
		}
	}
	nameID := func(a *etree.Element) *etree.Element { return a.FindElement(".//NameID") }
	value := func(a *etree.Element) *etree.Element { return a.FindElement(".//AttributeValue") }
	truncated := []string{"user@corp.com"}
	return []attack{
		{name: "comment in NameID", base: attackBaseAssertion, evil: truncated, edit: signedSplit(nameID, etree.NewComment(""))},
		{name: "CDATA in NameID", base: attackBaseAssertion, evil: truncated, edit: signedSplit(nameID, nil)},
		{name: "processing instruction in NameID", base: attackBaseAssertion, evil: truncated, edit: signedSplit(nameID, etree.NewProcInst("x", ""))},
		{name: "comment in an attribute value", base: attackBaseAssertion, evil: truncated, edit: signedSplit(value, etree.NewComment(" and a comment "))},
		// crewjam's TestSPRejectsInjectedComment: the comment is added to
		// what the IdP signed, so the signed text changes too.
		{name: "comment added to the signed NameID", base: attackBaseAssertion, evil: []string{"alice@example.com.evil.com"},
			edit: func(t *testing.T, k *attackKit, doc *etree.Document) {
				splitText(doc.Root().FindElement(".//NameID"), etree.NewText("alice@example.com"), etree.NewComment(""), etree.NewText(".evil.com"))
			}},
	}
}

// namespaceTricks returns the rows that play with namespace prefixes and
// constructs parsers disagree on.
func namespaceTricks() []attack {
	const lookalike = "urn:oasis:names:tc:SAML:2.0:assertion " // a trailing space
	return []attack{
		// A prefix-matching reader takes this saml:Assertion; it is not
		// in the SAML namespace, so a namespace-aware verifier ignores it.
		{name: "saml prefix rebound on an evil assertion", base: attackBaseAssertion, edit: func(t *testing.T, k *attackKit, doc *etree.Document) {
			a := assertionOf(doc.Root())
			evil := evilCopy(a, "_evil_assertion")
			evil.CreateAttr("xmlns:saml", lookalike)
			insertBefore(a, evil)
		}},
		// The signed assertion's Subject moved to another namespace.
		{name: "saml prefix rebound inside the signed assertion", base: attackBaseAssertion, edit: func(t *testing.T, k *attackKit, doc *etree.Document) {
			subject := doc.Root().FindElement(".//Subject")
			subject.CreateAttr("xmlns:saml", "urn:evil")
			setNameID(subject, attackEvil)
		}},
		// A prefix-matching verifier sees ds:Signature on the evil
		// assertion (a copy of the real one, whose Reference names the
		// signed assertion hidden in Extensions); its ds prefix is bound to
		// a lookalike of the XML Signature namespace.
		{name: "ds prefix redefined on a copied signature", base: attackBaseAssertion, edit: func(t *testing.T, k *attackKit, doc *etree.Document) {
			a := assertionOf(doc.Root())
			evil := evilCopy(a, "")
			sig := signatureOf(a).Copy()
			sig.CreateAttr("xmlns:ds", "http://www.w3.org/2000/09/xmldsig")
			evil.InsertChildAt(evil.SelectElement("Issuer").Index()+1, sig)
			ext := etree.NewElement("samlp:Extensions")
			insertBefore(a, ext)
			insertBefore(a, evil)
			doc.Root().RemoveChild(a)
			ext.AddChild(a)
		}},
		// Prefix undeclaration (xmlns:p="", not allowed in XML 1.0) on an
		// evil assertion beside the signed one.
		{name: "prefix undeclaration", base: attackBaseAssertion, edit: func(t *testing.T, k *attackKit, doc *etree.Document) {
			a := assertionOf(doc.Root())
			evil := evilCopy(a, "_evil_assertion")
			evil.FindElement(".//Subject").CreateAttr("xmlns:xs", "")
			insertBefore(a, evil)
		}},
		// A second, prefixed ID on the signed assertion: readers matching
		// attributes by local name may take either.
		{name: "prefixed ID beside the ID", base: attackBaseAssertion, edit: func(t *testing.T, k *attackKit, doc *etree.Document) {
			a := assertionOf(doc.Root())
			a.CreateAttr("xmlns:x", "urn:x")
			a.CreateAttr("x:ID", "_evil_assertion")
			doc.Root().AddChild(evilCopy(a, "_evil_assertion"))
		}},
	}
}

// foreignKeys returns the rows signed with the attacker's key.
func foreignKeys() []attack {
	resign := func(s func(k *attackKit) *attackSigner, response bool) func(t *testing.T, k *attackKit, doc *etree.Document) {
		return func(t *testing.T, k *attackKit, doc *etree.Document) {
			a := assertionOf(doc.Root())
			setNameID(a, attackEvil)
			s(k).sign(t, a)
			if response {
				s(k).sign(t, doc.Root())
			}
		}
	}
	return []attack{
		{name: "assertion signed by the attacker's own certificate", base: attackBaseAssertion, edit: resign(func(k *attackKit) *attackSigner { return k.own }, false)},
		{name: "Response and assertion signed by the attacker", base: attackBoth, edit: resign(func(k *attackKit) *attackSigner { return k.own }, true)},
		{name: "attacker certificate copying the IdP's subject and serial", base: attackBaseAssertion, edit: resign(func(k *attackKit) *attackSigner { return k.spoof }, false)},
		{name: "attacker key with the IdP certificate in KeyInfo", base: attackBaseAssertion, edit: resign(func(k *attackKit) *attackSigner { return k.borrowed }, false)},
		{name: "attacker signature without KeyInfo", base: attackBaseAssertion, edit: func(t *testing.T, k *attackKit, doc *etree.Document) {
			a := assertionOf(doc.Root())
			setNameID(a, attackEvil)
			sig := k.own.sign(t, a)
			sig.RemoveChild(sig.SelectElement("KeyInfo"))
		}},
		// The IdP-signed assertion stays; the attacker adds an evil one
		// and signs the Response around both.
		{name: "attacker-signed Response around an evil and the IdP-signed assertion", base: attackBaseAssertion, edit: func(t *testing.T, k *attackKit, doc *etree.Document) {
			a := assertionOf(doc.Root())
			insertBefore(a, evilCopy(a, "_evil_assertion"))
			k.own.sign(t, doc.Root())
		}},
	}
}

func TestAttackTable(t *testing.T) {
	k := newAttackKit(t)
	cfg := &checks.Config{IdPCerts: []*x509.Certificate{k.idpCert}, At: attackAt}
	rows := slices.Concat(xsw(), wrappers(), splits(), namespaceTricks(), foreignKeys())
	names := map[string]bool{}
	for _, row := range rows {
		name := row.name
		if row.base == attackBoth && !strings.Contains(name, "Response") {
			name += " (Response signed too)"
		}
		require.False(t, names[name], "duplicate row %q", name)
		names[name] = true
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("..", "testdata", "rules", filepath.FromSlash(row.base)))
			require.NoError(t, err)
			doc := etree.NewDocument()
			require.NoError(t, doc.ReadFromBytes(data))
			row.edit(t, k, doc)
			xml, err := doc.WriteToString()
			require.NoError(t, err)
			evil := row.evil
			if evil == nil {
				evil = []string{attackEvil}
			}
			checkAttack(t, xml, cfg, evil)
		})
	}
}

// TestAttackTableBasesAreTrusted makes sure the table starts from messages
// whose signatures verify with the trusted certificate and that trigger
// none of attackRules: the findings of the rows come from the attacks.
func TestAttackTableBasesAreTrusted(t *testing.T) {
	k := newAttackKit(t)
	cfg := &checks.Config{IdPCerts: []*x509.Certificate{k.idpCert}, At: attackAt}
	for _, base := range []string{attackBaseAssertion, attackBaseResponse, attackBoth} {
		data, err := os.ReadFile(filepath.Join("..", "testdata", "rules", filepath.FromSlash(base)))
		require.NoError(t, err)
		rep := runAttack(t, string(data), cfg)
		for _, f := range rep.Findings {
			assert.NotContains(t, attackRules, f.Rule, "%s: %s", base, f.Message)
		}
		require.NotEmpty(t, rep.Messages[0].Signatures, base)
		for _, s := range rep.Messages[0].Signatures {
			assert.Equal(t, saml.StatusValid, s.Status, base)
			assert.Equal(t, saml.TrustTrusted, s.Trust, base)
		}
	}
}

// runAttack runs every rule on xml as a SAMLResponse.
func runAttack(t *testing.T, xml string, cfg *checks.Config) *checks.Report {
	t.Helper()
	enc := saml.Encoded{Binding: saml.BindingPOST, Param: "SAMLResponse", Value: base64.StdEncoding.EncodeToString([]byte(xml)),
		Source: saml.Source{File: "attack.xml", Entry: -1, Where: saml.InFile}}
	rep, err := checks.Run(context.Background(), cfg, []saml.Encoded{enc})
	require.NoError(t, err)
	require.Len(t, rep.Messages, 1)
	require.Empty(t, rep.Messages[0].DecodeError)
	return rep
}

// checkAttack runs every rule on an attacked message and checks that:
//
//   - the findings include one of attackRules;
//   - no signature the report shows as valid and trusted sits in the
//     Response or in an assertion the checks read whose NameID is one the
//     attacker planted (evil);
//   - where a valid, trusted signature covers an assertion the checks read
//     (saml.Message.SignedView), its signed copy has the same NameID and
//     attributes as what the checks read, and not an evil one.
func checkAttack(t *testing.T, xml string, cfg *checks.Config, evil []string) {
	t.Helper()
	rep := runAttack(t, xml, cfg)
	var ids []string
	for _, f := range rep.Findings {
		ids = append(ids, f.Rule)
	}
	assert.True(t, slices.ContainsFunc(ids, func(id string) bool { return slices.Contains(attackRules, id) }),
		"the findings %q include none of %q", ids, attackRules)
	var sigs []string
	for _, s := range rep.Messages[0].Signatures {
		sigs = append(sigs, s.Covers+" "+string(s.Status)+"/"+string(s.Trust)+" "+string(s.Cause))
	}
	t.Logf("findings %q; NameID %q; signatures %q", slices.Compact(slices.Sorted(slices.Values(ids))), rep.Messages[0].NameID, sigs)

	m, err := saml.Decode(saml.Encoded{Value: xml}, cfg.Decode)
	require.NoError(t, err)
	read := readAssertions(m)
	require.NotEmpty(t, read, "the checks read no assertion")
	root := saml.Path(m.Element())
	for _, s := range rep.Messages[0].Signatures {
		if s.Status != saml.StatusValid || s.Trust != saml.TrustTrusted {
			continue
		}
		covers := s.XMLPath[:strings.LastIndexByte(s.XMLPath, '/')]
		for _, a := range read {
			if covers == root || covers == saml.Path(a.Element) {
				assert.NotContains(t, evil, assertionNameID(a), "the valid, trusted signature at %s covers %s, read with the attacker's NameID", s.XMLPath, saml.Path(a.Element))
			}
		}
	}

	certs := slices.Clone(cfg.IdPCerts)
	if cfg.IdPMetadata != nil {
		for _, der := range cfg.IdPMetadata.SigningCerts {
			c, err := x509.ParseCertificate(der)
			require.NoError(t, err)
			certs = append(certs, c)
		}
	}
	at := cfg.At
	for _, av := range m.SignedView(m.Verify(saml.VerifyOptions{Certs: certs, At: at})).Assertions {
		if av.By == nil || av.By.Status != saml.StatusValid || av.By.Trust != saml.TrustTrusted {
			continue
		}
		signedXML, err := etreeString(av.Signed)
		require.NoError(t, err)
		signed, err := saml.Decode(saml.Encoded{Value: signedXML}, nil)
		require.NoError(t, err)
		require.NotNil(t, signed.Assertion, "the signed copy is an assertion")
		assert.Equal(t, assertionFacts(av.Assertion), assertionFacts(signed.Assertion), "what the checks read of %s differs from what its signature covers", saml.Path(av.Assertion.Element))
		assert.NotContains(t, evil, assertionNameID(signed.Assertion), "a valid, trusted signature covers the attacker's NameID")
	}
}

// readAssertions returns the assertions the checks read: the Response's
// direct-child Assertions, or a bare Assertion.
func readAssertions(m *saml.Message) []*saml.Assertion {
	switch {
	case m.Response != nil:
		return m.Response.Assertions
	case m.Assertion != nil:
		return []*saml.Assertion{m.Assertion}
	}
	return nil
}

func assertionNameID(a *saml.Assertion) string {
	if a.Subject == nil || a.Subject.NameID == nil {
		return ""
	}
	return a.Subject.NameID.Value
}

// assertionFacts returns what a service provider takes from an assertion:
// its ID, NameID and attributes.
func assertionFacts(a *saml.Assertion) []string {
	facts := []string{"ID " + a.ID, "NameID " + assertionNameID(a)}
	for _, at := range a.Attributes {
		for _, v := range at.Values {
			facts = append(facts, at.Name+"="+v.Text)
		}
	}
	return facts
}

func etreeString(el *etree.Element) (string, error) {
	doc := etree.NewDocument()
	doc.SetRoot(el.Copy())
	return doc.WriteToString()
}

// attackCorpus is the shared corpus's saml folder.
const attackCorpus = "../../shared/corpus/saml"

// TestAttackTableCorpus runs the attack samples of other SAML libraries'
// test suites (the shared corpus, see its MANIFEST) through the same
// checks, each with the certificate or metadata its source trusts and at
// its source's reference time.
func TestAttackTableCorpus(t *testing.T) {
	if _, err := os.Stat(attackCorpus); err != nil {
		t.Skipf("../shared/corpus not found: %v", err)
	}
	const (
		onelogin = "crewjam/TestSPCanHandleOneloginResponse_IDPMetadata"
		signedAs = "crewjam/TestServiceProviderCanHandleSignedAssertionsResponse_IDPMetadata"
		google   = "crewjam/TestSPCanHandlePlaintextResponse_IDPMetadata"
	)
	rows := []struct {
		file, trust, at string
	}{
		{"crewjam/TestXswPermutationOneIsRejected_response", onelogin, "2016-01-05T17:53:12Z"},
		{"crewjam/TestXswPermutationTwoIsRejected_response", onelogin, "2016-01-05T17:53:12Z"},
		{"crewjam/TestXswPermutationThreeIsRejected_response", signedAs, "2014-07-17T14:12:57Z"},
		{"crewjam/TestXswPermutationFourIsRejected_response", signedAs, "2014-07-17T14:12:57Z"},
		{"crewjam/TestXswPermutationSixIsRejected_response", signedAs, "2014-07-17T14:12:57Z"},
		{"crewjam/TestXswPermutationEightIsRejected_response", signedAs, "2014-07-17T14:12:57Z"},
		{"crewjam/TestXswPermutationNineIsRejected_response", signedAs, "2014-07-17T14:12:57Z"},
		{"crewjam/derived/google_nameid_comment_attack.b64", google, "2016-01-05T16:55:39Z"},
		{"python3-saml/invalids/signature_wrapping_attack.xml.base64", "python3-saml/idp_settings1.pem", "2014-03-21T13:41:09Z"},
		{"python3-saml/response_node_text_attack.xml.base64", "", "2010-11-18T21:57:37Z"},
		{"python3-saml/wrapped_response_2.xml.base64", "", "2011-06-13T16:02:25Z"},
		{"ruby-saml/response_node_text_attack3.xml.base64", "ruby-saml/ruby-saml.crt", "2014-06-04T02:22:02Z"},
		{"ruby-saml/invalids/response_with_concealed_signed_assertion.xml", "", "2012-04-04T07:33:10Z"},
		{"ruby-saml/invalids/response_with_doubled_signed_assertion.xml", "", "2012-04-04T07:33:10Z"},
		{"pysaml2/xsw/signed-xsw-assertion-extensions.xml", "pysaml2/test.pem", "2009-10-15T00:00:00Z"},
		{"pysaml2/xsw/signed-xsw-assertion-assertion.xml", "pysaml2/test.pem", "2009-10-15T00:00:00Z"},
		{"pysaml2/xsw/signed-xsw-assertion-in-assertion-first-sig.xml", "pysaml2/test.pem", "2009-10-15T00:00:00Z"},
		{"node-saml/signatures/invalid/response.root-unsigned.assertion-signed.1advice-signed.xml", "node-saml/cert.pem", "2015-08-31T08:54:06Z"},
	}
	for _, row := range rows {
		t.Run(row.file, func(t *testing.T) {
			at, err := time.Parse(time.RFC3339, row.at)
			require.NoError(t, err)
			cfg := &checks.Config{At: at}
			if row.trust != "" {
				data, err := os.ReadFile(filepath.Join(attackCorpus, row.trust))
				require.NoError(t, err)
				if strings.Contains(row.trust, "Metadata") {
					cfg.IdPMetadata, err = saml.ParseMetadata(row.trust, data)
				} else {
					cfg.IdPCerts, err = saml.ParseCertificates(row.trust, data)
				}
				require.NoError(t, err)
			}
			data, err := os.ReadFile(filepath.Join(attackCorpus, row.file))
			require.NoError(t, err)
			m, err := saml.Decode(saml.Encoded{Value: string(data)}, nil)
			require.NoError(t, err)
			checkAttack(t, string(m.XML), cfg, []string{})
		})
	}
}
