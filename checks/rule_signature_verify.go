package checks

import (
	"crypto/x509"
	"slices"
	"strings"
	"time"

	"github.com/beevik/etree"
	"github.com/samlcheck/samlcheck/saml"
)

// Documented sources of the signature rules.
var (
	sigRefIAMSignatureInvalid = iamTroubleshoot.at("Error: Response signature invalid (service: AWSSecurityTokenService; status code: 400; error code: InvalidIdentityToken)")
	sigRefIdCNotYou           = idcTroubleshooting.at("I get an 'It's not you, it's us' error when attempting to sign in to IAM Identity Center (the IdP certificate in IAM Identity Center must match the IdP's)")
	sigRefSAMLCoreSignature   = samlCoreSpec.at("§5.4 XML Signature Profile (§5.4.1 Signing Formats and Algorithms, §5.4.2 References: the URI names the ID of the signed element)")
	sigRefProfilesPOST        = samlProfilesSpec.at("§4.1.3.5 Use of Authentication Request Protocol (errata E26: over HTTP-POST each assertion must be protected by a signature of the Assertion or of the Response); §4.1.5 Unsolicited Responses")
	sigRefIdCOtherIdPs        = Ref{
		Title:   "IAM Identity Center User Guide: Using SAML and SCIM identity federation with external identity providers",
		URL:     idcOtherIdPsURL,
		Section: "SAML special considerations (IdPs must conform to the SAML 2.0 standard)",
	}
	sigRefIAMAssertions = iamAssertions.at("Subject and NameID; Attributes (values AWS reads from the assertion)")
)

// Verification is the verification of one message's signatures, the
// Signatures result: what the signature rules judge, and the report's
// signature summaries show.
type Verification struct {
	// Results are saml.Message.Verify's, one per signature of the message,
	// in document order. In a capture written by samlcheck redact they are
	// the signatures as they were before redaction (see Redacted).
	Results []saml.SignatureResult
	// View is the signed view of the message built from Results
	// (saml.Message.SignedView): what the signatures cover.
	View saml.SignedView
	// Trusted are the trusted certificates the message was verified with,
	// and TrustedFrom says where they came from ("--idp-cert", "the IdP
	// metadata idp.xml", or both joined by "and"). Empty when none was
	// given, and for a message the IdP does not issue (an AuthnRequest, a
	// logout message: verified with its embedded certificate only).
	Trusted     []*x509.Certificate
	TrustedFrom string
	// At is the reference time the certificates' validity is judged at,
	// and AtFrom where it came from (see Pass.RefTime); zero and "" when
	// there is none.
	At     time.Time
	AtFrom string

	// redacted marks, in the verification of a redacted capture
	// (unredact), the results judged as signed although their digest no
	// longer matches.
	redacted map[*saml.SignatureResult]bool
}

// Redacted reports whether r (an element of v.Results) is judged as signed
// although its digest no longer matches, in a message samlcheck redact
// rewrote after it was signed: its SignatureValue still verifies, or no
// certificate could check it (saml/signature-invalid reports it as
// redacted, at Info).
func (v *Verification) Redacted(r *saml.SignatureResult) bool { return v.redacted[r] }

// Signatures is the verification of the message's signatures: with the
// trusted certificates of the configuration (--idp-cert, --idp-metadata)
// for the IdP's messages, at the message's reference time; in a capture
// written by samlcheck redact, as before redaction (see
// Verification.Redacted). For a message that did not decode it holds no
// results.
var Signatures = &Shared[*Verification]{name: "signatures", compute: judgeSignatures}

// judgeSignatures computes the Signatures result of p's message.
func judgeSignatures(p *Pass) *Verification {
	v := resultOf(p, verifiedSignatures)
	if p.Message == nil || !redactedInput(p) || redactedMark(p) == redactedBrokenMark {
		return v
	}
	return v.unredact(p.Message)
}

// signaturesOf returns the Signatures result of p's message for a rule
// that judges the signatures against the trusted certificates: when there
// are signatures, the rule has used --idp-cert and --idp-metadata.
func signaturesOf(p *Pass) *Verification {
	c := ResultOf(p, Signatures)
	if len(c.Results) > 0 {
		p.use(GivenIdPCert, GivenIdPMetadata)
	}
	return c
}

// verifiedSignatures is the verification of the message's signatures as
// saml.Message.Verify finds it, whatever the capture: what Checker.Prepare
// computes ahead (it knows the message, not its capture) and Signatures is
// made from. A message has a few signatures: verifying a Response and its
// Assertion takes about a millisecond, once per message.
var verifiedSignatures = &Shared[*Verification]{name: "signatures as verified", compute: verifySignatures}

// verifySignatures computes the verifiedSignatures result of p's message.
func verifySignatures(p *Pass) *Verification {
	at, from := p.RefTime()
	if p.Message == nil {
		return &Verification{At: at, AtFrom: from}
	}
	return sigVerifyMessage(p.Message, p.Config, at, from)
}

// unredact returns c as it was before samlcheck redact replaced identities
// in the signed content: a signature whose digest no longer matches (while
// its SignatureValue still verifies, or no certificate could check it) is
// judged with the status the same certificates give a matching digest, and
// marked in redacted for saml/signature-invalid to report as redacted. The
// redactor never changes SignedInfo, so any other failure is the
// original's. A digest that already failed before redaction cannot be told
// apart: run samlcheck on the original HAR to check signatures.
func (c *Verification) unredact(m *saml.Message) *Verification {
	u := *c
	u.Results = slices.Clone(c.Results)
	u.redacted = map[*saml.SignatureResult]bool{}
	for i := range u.Results {
		r := &u.Results[i]
		if r.Status != saml.StatusInvalid || r.Cause != saml.CauseDigest {
			continue
		}
		u.redacted[r] = true
		r.Cause, r.Err, r.DigestOK = saml.CauseNone, nil, true
		switch {
		case r.Cert == nil:
			r.Status, r.Cause = saml.StatusUnverifiable, saml.CauseNoCertificate
		case r.Trust == saml.TrustEmbedded && len(c.Trusted) > 0:
			r.Status = saml.StatusUntrusted
		case !c.At.IsZero() && (c.At.Before(r.Cert.NotBefore) || c.At.After(r.Cert.NotAfter)):
			r.Status = saml.StatusCertExpired
		default:
			r.Status = saml.StatusValid
		}
		if r.Cert != nil {
			r.Signed = r.Signature.Parent
			r.KeyInfoMismatch = r.Trust == saml.TrustTrusted && len(r.Embedded) > 0 && !slices.ContainsFunc(r.Embedded, r.Cert.Equal)
		}
	}
	u.View = m.SignedView(u.Results)
	return &u
}

// sigVerifyMessage verifies m's signatures with the trusted certificates of
// cfg at the reference time at.
//
// Only the IdP's messages (a Response, a bare Assertion) are checked against
// the IdP's certificates; a signed AuthnRequest or logout message may come
// from the service provider, and is verified with its embedded certificate.
func sigVerifyMessage(m *saml.Message, cfg *Config, at time.Time, atFrom string) *Verification {
	c := &Verification{At: at, AtFrom: atFrom}
	if sigFromIdP(m) {
		c.Trusted, c.TrustedFrom = sigTrustedCerts(cfg)
	}
	c.Results = m.Verify(saml.VerifyOptions{Certs: c.Trusted, At: at})
	c.View = m.SignedView(c.Results)
	return c
}

// sigFromIdP reports whether m is issued by the IdP: a Response or a bare
// Assertion.
func sigFromIdP(m *saml.Message) bool {
	return m != nil && (m.Response != nil || m.Assertion != nil)
}

// sigTrustedCerts returns the trusted IdP certificates of cfg: --idp-cert, then
// the signing certificates of --idp-metadata, without duplicates, and says
// where they came from.
func sigTrustedCerts(cfg *Config) ([]*x509.Certificate, string) {
	if cfg == nil {
		return nil, ""
	}
	var certs []*x509.Certificate
	var from []string
	add := func(c *x509.Certificate) bool {
		for _, x := range certs {
			if x.Equal(c) {
				return false
			}
		}
		certs = append(certs, c)
		return true
	}
	n := 0
	for _, c := range cfg.IdPCerts {
		if c != nil && add(c) {
			n++
		}
	}
	if n > 0 {
		from = append(from, "--idp-cert")
	}
	if md := cfg.IdPMetadata; md != nil {
		n = 0
		for _, der := range md.SigningCerts {
			if c, err := x509.ParseCertificate(der); err == nil && add(c) {
				n++
			}
		}
		if n > 0 {
			from = append(from, "the IdP metadata "+md.File)
		}
	}
	return certs, strings.Join(from, " and ")
}

// model returns the model-level signature results: those of the message's
// root element and of the assertions the model reads, in document order.
func (c *Verification) model(m *saml.Message) []*saml.SignatureResult {
	var out []*saml.SignatureResult
	root := m.Element()
	for i := range c.Results {
		r := &c.Results[i]
		parent := r.Signature.Parent
		if parent == nil {
			continue
		}
		if parent == root {
			out = append(out, r)
			continue
		}
		for _, a := range sigAssertions(m) {
			if a.Element == parent {
				out = append(out, r)
			}
		}
	}
	return out
}

// sigAssertions returns the assertions the model reads.
func sigAssertions(m *saml.Message) []*saml.Assertion {
	return (&Pass{Message: m}).Assertions()
}

// sigWhat names the element a signature sits in for people: "the
// Response signature", "the signature of Assertion \"_a1\"".
func sigWhat(s *saml.Signature) string {
	if s == nil || s.Parent == nil {
		return "a signature"
	}
	id := ""
	for _, a := range s.Parent.Attr {
		if a.Space == "" && a.Key == "ID" {
			id = a.Value
		}
	}
	if id == "" {
		return "the signature of " + s.Parent.Tag + " " + saml.Path(s.Parent)
	}
	return humanf("the signature of %s %q", s.Parent.Tag, id)
}

// sigCert describes a certificate for a finding: subject, validity and
// both fingerprints, as IdP consoles show them.
func sigCert(c *x509.Certificate) string {
	return saml.DescribeCert(c).String()
}

// sigCerts describes several certificates, separated by semicolons.
func sigCerts(certs []*x509.Certificate) string {
	parts := make([]string, len(certs))
	for i, c := range certs {
		parts[i] = sigCert(c)
	}
	return strings.Join(parts, "; ")
}

// refTimeText says the reference time and where it came from.
func (c *Verification) refTimeText() string {
	if c.At.IsZero() {
		return "no reference time"
	}
	return c.At.UTC().Format(time.RFC3339) + " (" + c.AtFrom + ")"
}

// sigElementID returns el's ID attribute.
func sigElementID(el *etree.Element) string {
	if el == nil {
		return ""
	}
	for _, a := range el.Attr {
		if a.Space == "" && a.Key == "ID" {
			return a.Value
		}
	}
	return ""
}

// The comments samlcheck redact writes before the root element of a
// message it rewrote (har/redact.ValueMark and BrokenMark, which a test
// keeps equal): a pasted value has no HAR marker; and a message whose
// signature digest already failed before redaction says so, for that
// failure to be reported as it was.
const (
	redactedValueMark  = "redacted by samlcheck redact"
	redactedBrokenMark = "redacted by samlcheck redact; a signature digest did not match before redaction"
)

// redactedInput reports a message samlcheck redact rewrote: its capture is
// a redacted HAR, or the message carries a mark before its root element.
func redactedInput(p *Pass) bool {
	return p.Capture != nil && p.Capture.Redacted || redactedMark(p) != ""
}

// redactedMark returns the text of the redaction mark before the root
// element of p's message, or "".
func redactedMark(p *Pass) string {
	if p.Message == nil || p.Message.Doc == nil {
		return ""
	}
	for _, t := range p.Message.Doc.Child {
		switch t := t.(type) {
		case *etree.Element:
			return ""
		case *etree.Comment:
			if t.Data == redactedValueMark || t.Data == redactedBrokenMark {
				return t.Data
			}
		}
	}
	return ""
}
