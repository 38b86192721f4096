package saml

import (
	"bytes"
	"crypto"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	// Registers SHA-1 and the SHA-2 family for crypto.Hash.New.
	_ "crypto/sha1"
	_ "crypto/sha256"
	_ "crypto/sha512"

	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"
	"github.com/russellhaering/goxmldsig/etreeutils"
)

// VerifyOptions says which certificates Verify trusts and at what time.
type VerifyOptions struct {
	// Certs are the trusted IdP signing certificates (--idp-cert, the IdP
	// metadata's signing KeyDescriptors). When empty, signatures are
	// verified with the certificate they embed, and trust stays unknown.
	Certs []*x509.Certificate
	// At is the reference time certificates must be valid at: the capture
	// time, so that a capture from last month verifies as it did then. A
	// zero At leaves certificate validity unchecked.
	At time.Time
}

// SignatureStatus is the outcome of verifying one XML signature.
type SignatureStatus string

// The signature statuses.
const (
	// StatusValid: the signature verifies with a trusted certificate valid
	// at the reference time; or, when no certificate was trusted, with the
	// certificate it embeds (then Trust is TrustEmbedded).
	StatusValid SignatureStatus = "valid"
	// StatusInvalid: the signature does not verify (see Cause).
	StatusInvalid SignatureStatus = "invalid"
	// StatusUntrusted: the signature verifies only with a certificate other
	// than the trusted ones (the one in its KeyInfo).
	StatusUntrusted SignatureStatus = "untrusted"
	// StatusCertExpired: the signature verifies, but the certificate that
	// verifies it is expired or not yet valid at the reference time.
	StatusCertExpired SignatureStatus = "cert-expired"
	// StatusUnverifiable: the signature could not be checked: no
	// certificate at all, or an unsupported signature method.
	StatusUnverifiable SignatureStatus = "unverifiable"
	// StatusNotChecked: the signature is not where a SAML signature goes
	// (not a child of a protocol message or an Assertion), so it was not
	// verified.
	StatusNotChecked SignatureStatus = "not-checked"
)

// Trust says which certificate a signature was verified with.
type Trust string

// The trust levels.
const (
	// TrustTrusted: one of VerifyOptions.Certs.
	TrustTrusted Trust = "trusted"
	// TrustEmbedded: the certificate in the signature's own KeyInfo, which
	// proves integrity, not origin.
	TrustEmbedded Trust = "embedded"
	// TrustNone: no certificate verified the signature.
	TrustNone Trust = "none"
)

// Cause says why a signature did not verify.
type Cause string

// The causes Verify works out.
const (
	// CauseNone: nothing failed.
	CauseNone Cause = ""
	// CauseDigest: the digest of the signed element does not match the
	// Reference's DigestValue: the content changed after signing.
	CauseDigest Cause = "digest"
	// CauseSignatureValue: the SignatureValue over SignedInfo does not
	// verify with any candidate certificate's key.
	CauseSignatureValue Cause = "signature-value"
	// CauseAlgorithm: the signature method is unsupported, or is HMAC (a
	// shared-key MAC, the key-confusion attack).
	CauseAlgorithm Cause = "algorithm"
	// CauseReference: the Reference URI does not name the element the
	// signature sits in (saml-core §5.4.2).
	CauseReference Cause = "reference"
	// CauseMalformed: the signature's structure is broken (several
	// SignedInfo, undecodable values, unknown transforms).
	CauseMalformed Cause = "malformed"
	// CauseNoCertificate: there is no certificate to verify with.
	CauseNoCertificate Cause = "no-certificate"
	// CauseTooLarge: goxmldsig refused the signed element for its size (its
	// namespace traversal stops after 1,000 elements), so the signature was
	// not verified; see Err.
	CauseTooLarge Cause = "too-large"
	// CauseOther: the verifier failed for another reason (see Err).
	CauseOther Cause = "other"
)

// ErrHMACSignature is the Err of a signature whose method is an HMAC.
var ErrHMACSignature = errors.New("HMAC signature method: a shared-key MAC, not a public-key signature (key-confusion attack)")

// ErrUnsupportedAlgorithm is wrapped by the Err of a signature whose
// signature or digest method the verifier does not support.
var ErrUnsupportedAlgorithm = errors.New("unsupported algorithm")

// SignatureResult is the verification result of one ds:Signature.
type SignatureResult struct {
	// Signature is what the signature claims (the model's own *Signature
	// for the signatures the model records).
	Signature *Signature
	// Signed is the element goxmldsig's Validate returned: the signed
	// content as a verifier reads it (canonical form, re-parsed). Reading
	// data only from it is the defence against signature wrapping. It is
	// nil unless the signature verified (CryptoOK).
	Signed *etree.Element
	// Status is the outcome.
	Status SignatureStatus
	// Trust says which certificate verified the SignatureValue.
	Trust Trust
	// Cert is the certificate whose key verifies the SignatureValue (even
	// when the digest does not match), or nil.
	Cert *x509.Certificate
	// Cause says why the signature did not verify (CauseNone when it did).
	Cause Cause
	// DigestChecked reports that the digest could be computed; DigestOK
	// that it matches the DigestValue.
	DigestChecked, DigestOK bool
	// Embedded holds the certificates of the signature's KeyInfo that
	// could be parsed.
	Embedded []*x509.Certificate
	// KeyInfoMismatch reports that a trusted certificate verified the
	// signature while its KeyInfo carries a different certificate:
	// verifiers that require the KeyInfo certificate to be the trusted one
	// (gosaml2, among others) reject it.
	KeyInfoMismatch bool
	// Target is the element the Reference URI names, when it is not the
	// signature's parent (CauseReference), or nil.
	Target *etree.Element
	// Err is the verifier's error, when the signature did not verify.
	Err error
}

// CryptoOK reports whether the signature verifies cryptographically over
// its parent, whatever the trust in its certificate: valid, untrusted or
// with a certificate outside its validity period.
func (r *SignatureResult) CryptoOK() bool {
	switch r.Status {
	case StatusValid, StatusUntrusted, StatusCertExpired:
		return true
	}
	return false
}

// Verify verifies every ds:Signature of the message: those sitting in a
// SAML protocol message (Response, AuthnRequest, ArtifactResponse, …) or in
// an Assertion, wherever these are in the document, are checked with
// goxmldsig; any other ds:Signature is returned as StatusNotChecked. The
// results are in document order.
//
// Each signature is checked as gosaml2 does: on a namespace-detached copy
// of the element it sits in, with goxmldsig's clock at opts.At. The
// certificates tried are the trusted ones first, then the one embedded in
// the KeyInfo. The KeyInfo itself is left out of the checked copy, so the
// key of the certificate being tried decides (KeyInfoMismatch tells when the
// KeyInfo names another certificate). The cause of a failure is worked out
// independently: HMAC or unsupported method, Reference URI naming another
// element, digest mismatch (content changed after signing), SignatureValue
// mismatch (another key), certificate validity.
func (m *Message) Verify(opts VerifyOptions) []SignatureResult {
	if m == nil || m.Doc == nil || m.Doc.Root() == nil {
		return nil
	}
	known := m.modelSignatures()
	decrypted := m.decryptedAt()
	var out []SignatureResult
	var walk func(el *etree.Element)
	walk = func(el *etree.Element) {
		for _, c := range el.ChildElements() {
			if is(c, NSDSig, "Signature") {
				sig := known[c]
				if sig == nil {
					sig = parseSignature(c)
				}
				out = append(out, verifySignature(sig, opts))
				continue
			}
			walk(c)
			if a := decrypted[c]; a != nil {
				// The decrypted assertion, where it stood.
				walk(a.Parent())
			}
		}
	}
	walk(m.Doc.Root())
	return out
}

// Signatures returns the signatures the model records, in document order
// of their parents: the root message's own, then each assertion's.
func (m *Message) Signatures() []*Signature {
	var out []*Signature
	add := func(s *Signature) {
		if s != nil {
			out = append(out, s)
		}
	}
	switch {
	case m.Response != nil:
		add(m.Response.Signature)
		for _, a := range m.Assertions() {
			add(a.Signature)
		}
	case m.AuthnRequest != nil:
		add(m.AuthnRequest.Signature)
	case m.LogoutRequest != nil:
		add(m.LogoutRequest.Signature)
	case m.LogoutResponse != nil:
		add(m.LogoutResponse.Signature)
	case m.Assertion != nil:
		add(m.Assertion.Signature)
	case m.EncryptedAssertion != nil:
		for _, a := range m.Assertions() {
			add(a.Signature)
		}
	}
	return out
}

// modelSignatures maps the ds:Signature elements the model records to the
// model's *Signature.
func (m *Message) modelSignatures() map[*etree.Element]*Signature {
	out := map[*etree.Element]*Signature{}
	for _, s := range m.Signatures() {
		out[s.Element] = s
	}
	return out
}

// signable reports whether el is an element a SAML signature is enveloped
// in: an Assertion, or a protocol message (an element of the protocol
// namespace with an ID attribute, unlike Status or Extensions).
func signable(el *etree.Element) bool {
	return el != nil && (is(el, NSAssertion, "Assertion") || (el.NamespaceURI() == NSProtocol && el.SelectAttr("ID") != nil))
}

// ReferencesParent reports whether the signature's first Reference names
// the element it sits in: URI "#" + the parent's ID, or "" (the whole
// document, read by goxmldsig as the element verified).
func (s *Signature) ReferencesParent() bool {
	if s == nil || s.Parent == nil {
		return false
	}
	return s.ReferenceURI == "" || s.ReferenceURI == "#"+attr(s.Parent, "ID")
}

// verifySignature verifies one signature (see Verify).
func verifySignature(sig *Signature, opts VerifyOptions) SignatureResult {
	r := SignatureResult{Signature: sig, Status: StatusNotChecked, Trust: TrustNone}
	for _, der := range sig.Certificates {
		if c, err := x509.ParseCertificate(der); err == nil {
			r.Embedded = append(r.Embedded, c)
		}
	}
	parent := sig.Parent
	if !signable(parent) {
		r.Err = errors.New("saml: signature is not in a SAML protocol message or Assertion: not verified")
		return r
	}
	if isHMAC(sig.SignatureMethod) {
		r.Status, r.Cause, r.Err = StatusInvalid, CauseAlgorithm, fmt.Errorf("saml: %s: %w", sig.SignatureMethod, ErrHMACSignature)
		return r
	}
	if _, ok := signatureAlgorithms[sig.SignatureMethod]; !ok {
		r.Status, r.Cause = StatusUnverifiable, CauseAlgorithm
		r.Err = fmt.Errorf("saml: signature method %q: %w", sig.SignatureMethod, ErrUnsupportedAlgorithm)
		return r
	}
	if !sig.ReferencesParent() {
		r.Status, r.Cause = StatusInvalid, CauseReference
		r.Target = elementByID(parent, strings.TrimPrefix(sig.ReferenceURI, "#"))
		if r.Target != nil {
			r.DigestOK, r.DigestChecked = digestMatches(sig, r.Target)
		}
		r.Err = fmt.Errorf("saml: Reference URI %q does not name the element the signature is in (ID %q): %w",
			sig.ReferenceURI, attr(parent, "ID"), dsig.ErrMissingSignature)
		return r
	}
	type attempt struct {
		cert    *x509.Certificate
		trusted bool
		signed  *etree.Element
		err     error
		// expired: the check only passed with the clock inside the
		// certificate's validity period.
		expired bool
	}
	var attempts []attempt
	try := func(c *x509.Certificate, trusted bool) {
		a := attempt{cert: c, trusted: trusted}
		a.signed, a.err = validate(sig, c, opts.At)
		if a.err != nil && !opts.At.IsZero() && !validAt(c, opts.At) {
			if signed, err := validate(sig, c, time.Time{}); err == nil {
				a.signed, a.err, a.expired = signed, nil, true
			}
		}
		attempts = append(attempts, a)
	}
	for _, c := range opts.Certs {
		try(c, true)
	}
	for _, c := range r.Embedded {
		if !slices.ContainsFunc(opts.Certs, c.Equal) {
			try(c, false)
		}
	}
	pick := func(f func(a attempt) bool) *attempt {
		for i := range attempts {
			if f(attempts[i]) {
				return &attempts[i]
			}
		}
		return nil
	}
	ok := func(trusted, expired bool) func(a attempt) bool {
		return func(a attempt) bool { return a.err == nil && a.trusted == trusted && a.expired == expired }
	}
	var chosen *attempt
	switch {
	case pick(ok(true, false)) != nil:
		chosen = pick(ok(true, false))
		r.Status, r.Trust = StatusValid, TrustTrusted
	case pick(ok(true, true)) != nil:
		chosen = pick(ok(true, true))
		r.Status, r.Trust = StatusCertExpired, TrustTrusted
	case pick(ok(false, false)) != nil || pick(ok(false, true)) != nil:
		chosen = pick(ok(false, false))
		if chosen == nil {
			chosen = pick(ok(false, true))
		}
		r.Trust = TrustEmbedded
		switch {
		case len(opts.Certs) > 0:
			r.Status = StatusUntrusted
		case chosen.expired:
			r.Status = StatusCertExpired
		default:
			r.Status = StatusValid
		}
	}
	if chosen != nil {
		r.Signed, r.Cert = chosen.signed, chosen.cert
		r.DigestChecked, r.DigestOK = true, true
		r.KeyInfoMismatch = chosen.trusted && len(r.Embedded) > 0 && !slices.ContainsFunc(r.Embedded, chosen.cert.Equal)
		return r
	}

	// Nothing verified: say why, checking the digest and the SignatureValue
	// independently of goxmldsig.
	r.Status = StatusInvalid
	r.DigestOK, r.DigestChecked = digestMatches(sig, parent)
	if v := pick(func(a attempt) bool { return signedInfoVerifies(sig, a.cert) }); v != nil {
		r.Cert = v.cert
		if v.trusted {
			r.Trust = TrustTrusted
		} else {
			r.Trust = TrustEmbedded
		}
	}
	if len(attempts) > 0 {
		r.Err = attempts[0].err
		if r.Cert != nil {
			r.Err = pick(func(a attempt) bool { return a.cert == r.Cert }).err
		}
	}
	switch {
	case errors.Is(r.Err, etreeutils.ErrTraversalLimit):
		r.Status, r.Cause = StatusUnverifiable, CauseTooLarge
	case len(attempts) == 0 && r.DigestChecked && !r.DigestOK:
		r.Cause = CauseDigest
		r.Err = errors.New("saml: the digest does not match the DigestValue (no certificate to check the SignatureValue with)")
	case len(attempts) == 0:
		r.Status, r.Cause = StatusUnverifiable, CauseNoCertificate
		r.Err = errors.New("saml: no certificate to verify the signature with (no KeyInfo certificate and none trusted)")
	case r.Cert == nil:
		// No key verifies SignedInfo: signed by someone else, or SignedInfo
		// changed (DigestOK still tells about the content).
		r.Cause = CauseSignatureValue
	case r.DigestChecked && !r.DigestOK:
		r.Cause = CauseDigest
	case errors.Is(r.Err, rsa.ErrVerification):
		r.Cause = CauseSignatureValue
	case errors.Is(r.Err, dsig.ErrMissingSignature):
		r.Cause = CauseReference
	case errors.Is(r.Err, dsig.ErrInvalidSignature):
		r.Cause = CauseMalformed
	default:
		r.Cause = CauseOther
	}
	return r
}

// validate runs goxmldsig's Validate on a namespace-detached copy of the
// element sig is in, without the signature's KeyInfo, trusting c alone,
// with the clock at at (zero: inside c's validity period). It returns the
// element Validate returns.
func validate(sig *Signature, c *x509.Certificate, at time.Time) (*etree.Element, error) {
	el, err := detachedCopy(sig.Parent)
	if err != nil {
		return nil, err
	}
	if idx := sig.Element.Index(); idx >= 0 && idx < len(el.Child) {
		if s, ok := el.Child[idx].(*etree.Element); ok && s.Tag == "Signature" {
			for _, ki := range s.ChildElements() {
				if ki.Tag == "KeyInfo" && ki.NamespaceURI() == NSDSig {
					s.RemoveChild(ki)
				}
			}
		}
	}
	if at.IsZero() {
		at = c.NotBefore
	}
	ctx := dsig.NewDefaultValidationContext(&dsig.MemoryX509CertificateStore{Roots: []*x509.Certificate{c}})
	ctx.Clock = dsig.NewFakeClockAt(at)
	signed, err := ctx.Validate(el)
	if err != nil {
		return nil, fmt.Errorf("saml: goxmldsig: %w", err)
	}
	return signed, nil
}

// detachedCopy returns a copy of el carrying every namespace declaration in
// scope at el (etreeutils.NSDetatch), as gosaml2 verifies assertions.
func detachedCopy(el *etree.Element) (*etree.Element, error) {
	ctx, err := etreeutils.NSBuildParentContext(el)
	if err != nil {
		return nil, fmt.Errorf("saml: namespace context: %w", err)
	}
	det, err := etreeutils.NSDetatch(ctx, el)
	if err != nil {
		return nil, fmt.Errorf("saml: detach: %w", err)
	}
	return det, nil
}

func validAt(c *x509.Certificate, t time.Time) bool {
	return !t.Before(c.NotBefore) && !t.After(c.NotAfter)
}

// elementByID returns the only element of el's document whose ID attribute
// is id, or nil when there is none or several.
func elementByID(el *etree.Element, id string) *etree.Element {
	if id == "" {
		return nil
	}
	root := el
	for root.Parent() != nil && root.Parent().Tag != "" {
		root = root.Parent()
	}
	// SAML's ID attribute first; other spellings (Id, xml:id) name the
	// target only when no element has that ID, so that a Reference to a
	// non-SAML Id (samlify signs <Issuer Id="_0">) is still said precisely.
	for _, key := range []string{"ID", "Id", "xml:id"} {
		var found []*etree.Element
		var walk func(e *etree.Element)
		walk = func(e *etree.Element) {
			if idAttr(e, key) == id {
				found = append(found, e)
			}
			for _, c := range e.ChildElements() {
				walk(c)
			}
		}
		walk(root)
		switch len(found) {
		case 0:
			continue
		case 1:
			return found[0]
		}
		return nil
	}
	return nil
}

// signatureAlgorithms maps the signature methods goxmldsig verifies to
// their x509 algorithm.
var signatureAlgorithms = map[string]x509.SignatureAlgorithm{
	dsig.RSASHA1SignatureMethod:     x509.SHA1WithRSA,
	dsig.RSASHA256SignatureMethod:   x509.SHA256WithRSA,
	dsig.RSASHA384SignatureMethod:   x509.SHA384WithRSA,
	dsig.RSASHA512SignatureMethod:   x509.SHA512WithRSA,
	dsig.ECDSASHA1SignatureMethod:   x509.ECDSAWithSHA1,
	dsig.ECDSASHA256SignatureMethod: x509.ECDSAWithSHA256,
	dsig.ECDSASHA384SignatureMethod: x509.ECDSAWithSHA384,
	dsig.ECDSASHA512SignatureMethod: x509.ECDSAWithSHA512,
}

// digestAlgorithms maps the digest methods goxmldsig supports to hashes.
var digestAlgorithms = map[string]crypto.Hash{
	"http://www.w3.org/2000/09/xmldsig#sha1":        crypto.SHA1,
	"http://www.w3.org/2001/04/xmlenc#sha256":       crypto.SHA256,
	"http://www.w3.org/2001/04/xmldsig-more#sha384": crypto.SHA384,
	"http://www.w3.org/2001/04/xmlenc#sha512":       crypto.SHA512,
}

// isHMAC reports whether a signature method URI is an HMAC
// (xmldsig-core §6.3: http://www.w3.org/2000/09/xmldsig#hmac-sha1, and the
// xmldsig-more hmac-sha256 … variants).
func isHMAC(method string) bool {
	return strings.Contains(strings.ToLower(method), "#hmac-")
}

// IsWeakAlgorithm reports whether a signature or digest method URI uses
// SHA-1 or MD5 (xmldsig-core §6.2.1, §6.4.2; RFC 6931 §2.1.1, §2.3.1).
func IsWeakAlgorithm(uri string) bool {
	u := strings.ToLower(uri)
	i := strings.LastIndexByte(u, '#')
	if i < 0 {
		return false
	}
	frag := u[i+1:]
	return frag == "sha1" || frag == "md5" || strings.HasSuffix(frag, "-sha1") || strings.HasSuffix(frag, "-md5")
}

// AlgorithmName returns the short name of an algorithm URI: its fragment
// ("rsa-sha256", "sha1"), or the URI itself when it has none.
func AlgorithmName(uri string) string {
	if i := strings.LastIndexByte(uri, '#'); i >= 0 && i+1 < len(uri) {
		return uri[i+1:]
	}
	return uri
}

// digestMatches recomputes the digest of target as the signature's first
// Reference describes it (enveloped-signature and canonicalisation
// transforms, as goxmldsig applies them, on a namespace-detached copy) and
// compares it with the DigestValue. checked is false when the digest could
// not be computed (unsupported transform or digest method, bad Base64).
func digestMatches(sig *Signature, target *etree.Element) (ok, checked bool) {
	ref := child(child(sig.Element, NSDSig, "SignedInfo"), NSDSig, "Reference")
	hash, known := digestAlgorithms[attr(child(ref, NSDSig, "DigestMethod"), "Algorithm")]
	if ref == nil || !known {
		return false, false
	}
	want, err := base64.StdEncoding.DecodeString(removeWhitespace(allText(child(ref, NSDSig, "DigestValue"))))
	if err != nil {
		return false, false
	}
	el, err := detachedCopy(target)
	if err != nil {
		return false, false
	}
	var canon dsig.Canonicalizer = dsig.MakeNullCanonicalizer()
	for _, t := range children(child(ref, NSDSig, "Transforms"), NSDSig, "Transform") {
		prefixes := attr(child(t, "http://www.w3.org/2001/10/xml-exc-c14n#", "InclusiveNamespaces"), "PrefixList")
		switch dsig.AlgorithmID(attr(t, "Algorithm")) {
		case dsig.EnvelopedSignatureAltorithmId:
			// Removes the signature when it is inside target (a signature
			// elsewhere is not part of what it signs).
			if path := pathTo(target, sig.Element); path != nil && !removeAt(el, path) {
				return false, false
			}
		case dsig.CanonicalXML10ExclusiveAlgorithmId:
			canon = dsig.MakeC14N10ExclusiveCanonicalizerWithPrefixList(prefixes)
		case dsig.CanonicalXML10ExclusiveWithCommentsAlgorithmId:
			canon = dsig.MakeC14N10ExclusiveWithCommentsCanonicalizerWithPrefixList(prefixes)
		case dsig.CanonicalXML11AlgorithmId:
			canon = dsig.MakeC14N11Canonicalizer()
		case dsig.CanonicalXML11WithCommentsAlgorithmId:
			canon = dsig.MakeC14N11WithCommentsCanonicalizer()
		case dsig.CanonicalXML10RecAlgorithmId:
			canon = dsig.MakeC14N10RecCanonicalizer()
		case dsig.CanonicalXML10WithCommentsAlgorithmId:
			canon = dsig.MakeC14N10WithCommentsCanonicalizer()
		default:
			return false, false
		}
	}
	data, err := canon.Canonicalize(el)
	if err != nil {
		return false, false
	}
	h := hash.New()
	h.Write(data)
	return bytes.Equal(h.Sum(nil), want), true
}

// pathTo returns the child indexes leading from root down to el, or nil
// when el is not a descendant of root.
func pathTo(root, el *etree.Element) []int {
	var rev []int
	for e := el; e != root; e = e.Parent() {
		if e == nil || e.Parent() == nil {
			return nil
		}
		rev = append(rev, e.Index())
	}
	path := make([]int, len(rev))
	for i := range rev {
		path[i] = rev[len(rev)-1-i]
	}
	return path
}

// removeAt removes the element at path below el.
func removeAt(el *etree.Element, path []int) bool {
	for i, idx := range path {
		if idx < 0 || idx >= len(el.Child) {
			return false
		}
		c, ok := el.Child[idx].(*etree.Element)
		if !ok {
			return false
		}
		if i == len(path)-1 {
			el.RemoveChildAt(idx)
			return true
		}
		el = c
	}
	return false
}

// signedInfoVerifies reports whether the SignatureValue verifies over the
// canonical SignedInfo (canonicalised as goxmldsig does) with c's key.
func signedInfoVerifies(sig *Signature, c *x509.Certificate) bool {
	algo, ok := signatureAlgorithms[sig.SignatureMethod]
	if !ok {
		return false
	}
	si := child(sig.Element, NSDSig, "SignedInfo")
	if si == nil {
		return false
	}
	value, err := base64.StdEncoding.DecodeString(removeWhitespace(allText(child(sig.Element, NSDSig, "SignatureValue"))))
	if err != nil {
		return false
	}
	det, err := detachedCopy(si)
	if err != nil {
		return false
	}
	var canon dsig.Canonicalizer
	switch dsig.AlgorithmID(sig.CanonicalizationMethod) {
	case dsig.CanonicalXML10ExclusiveAlgorithmId:
		canon = dsig.MakeC14N10ExclusiveCanonicalizerWithPrefixList("")
	case dsig.CanonicalXML10ExclusiveWithCommentsAlgorithmId:
		canon = dsig.MakeC14N10ExclusiveWithCommentsCanonicalizerWithPrefixList("")
	case dsig.CanonicalXML11AlgorithmId, dsig.CanonicalXML10RecAlgorithmId:
		canon = dsig.MakeC14N11Canonicalizer()
	case dsig.CanonicalXML11WithCommentsAlgorithmId, dsig.CanonicalXML10WithCommentsAlgorithmId:
		canon = dsig.MakeC14N11WithCommentsCanonicalizer()
	default:
		return false
	}
	data, err := canon.Canonicalize(det)
	if err != nil {
		return false
	}
	return c.CheckSignature(algo, data, value) == nil
}

// SignedView is what a service provider that reads only signed content
// (the XSW defence) would see of a message.
type SignedView struct {
	// Response is the result of the Response's own signature when it
	// verifies (CryptoOK), else nil.
	Response *SignatureResult
	// Assertions has one entry per assertion the model reads
	// (Message.Assertions: the Response's direct-child Assertions and
	// decrypted EncryptedAssertions, or a bare one), in document order.
	Assertions []AssertionView
}

// AssertionView is one assertion as the model reads it, beside what a
// signature covers of it.
type AssertionView struct {
	// Assertion is the model's (unsigned) reading.
	Assertion *Assertion
	// Signed is the same assertion as its covering signature's Validate
	// returned it (the assertion's own, else within the signed Response);
	// nil when no verifying signature covers it.
	Signed *etree.Element
	// By is the covering signature's result, nil when none covers it.
	By *SignatureResult
}

// SignedView returns which assertions a service provider would read given
// results (from Verify on the same message): an assertion counts as signed
// when its own signature, or the Response's, verifies over it.
func (m *Message) SignedView(results []SignatureResult) SignedView {
	var v SignedView
	if m == nil {
		return v
	}
	assertions := m.Assertions()
	if m.Response != nil {
		for i := range results {
			r := &results[i]
			if r.Signature.Parent == m.Response.Element && r.CryptoOK() {
				v.Response = r
				break
			}
		}
	}
	var signedAssertions, signedEncrypted []*etree.Element
	if v.Response != nil && v.Response.Signed != nil {
		signedAssertions = children(v.Response.Signed, NSAssertion, "Assertion")
		signedEncrypted = children(v.Response.Signed, NSAssertion, "EncryptedAssertion")
	}
	encIndex := map[*Decryption]int{}
	for i, ea := range m.EncryptedAssertions() {
		encIndex[ea.Decryption] = i
	}
	plain := 0
	for _, a := range assertions {
		av := AssertionView{Assertion: a}
		for j := range results {
			r := &results[j]
			if r.Signature.Parent == a.Element && r.CryptoOK() {
				av.Signed, av.By = r.Signed, r
				break
			}
		}
		d := m.DecryptionOf(a)
		if av.By == nil && v.Response != nil {
			switch {
			case d == nil && plain < len(signedAssertions):
				av.Signed, av.By = signedAssertions[plain], v.Response
			case d != nil && encIndex[d] < len(signedEncrypted):
				// Covered by the Response signature through its
				// ciphertext: what the signed copy decrypts to.
				if s := d.signedAssertion(signedEncrypted[encIndex[d]]); s != nil {
					av.Signed, av.By = s, v.Response
				}
			}
		}
		if d == nil {
			plain++
		}
		v.Assertions = append(v.Assertions, av)
	}
	return v
}

// SignedNameID returns the NameID value of the signed copy of an assertion
// (AssertionView.Signed), read as the model reads NameIDs, and whether it has
// one.
func SignedNameID(signed *etree.Element) (string, bool) {
	n := child(child(signed, NSAssertion, "Subject"), NSAssertion, "NameID")
	if n == nil {
		return "", false
	}
	return allText(n), true
}

// idAttr returns the value of attribute key ("ID", "Id" or "xml:id") of e.
func idAttr(e *etree.Element, key string) string {
	if key == "xml:id" {
		for _, a := range e.Attr {
			if a.Space == "xml" && a.Key == "id" {
				return a.Value
			}
		}
		return ""
	}
	return attr(e, key)
}
