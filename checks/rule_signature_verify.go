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
const (
	sigSAMLProfilesURL    = "https://docs.oasis-open.org/security/saml/v2.0/saml-profiles-2.0-os.pdf"
	sigIAMTroubleshootURL = "https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_saml.html"
	sigIAMAssertionsURL   = "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml_assertions.html"
)

var (
	sigRefIAMSignatureInvalid = Ref{
		Title:   "IAM User Guide: Troubleshoot SAML federation with IAM",
		URL:     sigIAMTroubleshootURL,
		Section: "Error: Response signature invalid (service: AWSSecurityTokenService; status code: 400; error code: InvalidIdentityToken)",
	}
	sigRefIdCNotYou = Ref{
		Title:   "IAM Identity Center User Guide: Troubleshooting",
		URL:     idcTroubleshootingURL,
		Section: "I get an 'It's not you, it's us' error when attempting to sign in to IAM Identity Center (the IdP certificate in IAM Identity Center must match the IdP's)",
	}
	sigRefSAMLCoreSignature = Ref{Title: "SAML 2.0 Core", URL: samlCoreURL, Section: "§5.4 XML Signature Profile (§5.4.1 Signing Formats and Algorithms, §5.4.2 References: the URI names the ID of the signed element)"}
	sigRefProfilesPOST      = Ref{
		Title:   "SAML 2.0 Profiles",
		URL:     sigSAMLProfilesURL,
		Section: "§4.1.3.5 Use of Authentication Request Protocol (errata E26: over HTTP-POST each assertion must be protected by a signature of the Assertion or of the Response); §4.1.5 Unsolicited Responses",
	}
	sigRefIdCOtherIdPs = Ref{
		Title:   "IAM Identity Center User Guide: Using SAML and SCIM identity federation with external identity providers",
		URL:     idcOtherIdPsURL,
		Section: "SAML special considerations (IdPs must conform to the SAML 2.0 standard)",
	}
	sigRefIAMAssertions = Ref{
		Title:   "IAM User Guide: Configure SAML assertions for the authentication response",
		URL:     sigIAMAssertionsURL,
		Section: "Subject and NameID; Attributes (values AWS reads from the assertion)",
	}
)

// sigCheck is the verification of one message's signatures, computed once
// per message by sigVerification.
type sigCheck struct {
	// results are saml.Message.Verify's, in document order; view the
	// signed view of the same message.
	results []saml.SignatureResult
	view    saml.SignedView
	// trusted are the trusted certificates and trustFrom says where they
	// came from ("--idp-cert", "the IdP metadata"); empty when none was
	// given.
	trusted   []*x509.Certificate
	trustFrom string
	// at is the reference time, atFrom where it came from.
	at     time.Time
	atFrom string
	// redacted marks, in the check of a redacted capture (unredact),
	// the results judged as signed although their digest no longer
	// matches; asSigned caches that check.
	redacted map[*saml.SignatureResult]bool
	asSigned *sigCheck
}

// sigVerify returns the signature verification of p's message, as
// saml.Message.Verify finds it.
//
// It is computed per call: rules call it once each, and a message has a few
// signatures (verifying a Response and its Assertion takes about a
// millisecond). A per-Result cache would make it once per message.
func sigVerify(p *Pass) *sigCheck {
	if p.Result != nil && p.Result.sig != nil {
		return p.Result.sig
	}
	at, from := p.RefTime()
	c := sigVerifyMessage(p.Message, p.Config, at, from)
	if p.Result != nil {
		p.Result.sig = c
	}
	return c
}

// sigVerification returns the signature verification of p's message; in a
// capture written by samlcheck redact (Capture.Redacted), the verification
// as it was before redaction (see unredact).
func sigVerification(p *Pass) *sigCheck {
	c := sigVerify(p)
	if !redactedInput(p) || redactedMark(p) == redactedBrokenMark {
		return c
	}
	if c.asSigned == nil {
		c.asSigned = c.unredact(p.Message)
	}
	return c.asSigned
}

// unredact returns c as it was before samlcheck redact replaced identities
// in the signed content: a signature whose digest no longer matches (while
// its SignatureValue still verifies, or no certificate could check it) is
// judged with the status the same certificates give a matching digest, and
// marked in redacted for saml/signature-invalid to report as redacted. The
// redactor never changes SignedInfo, so any other failure is the
// original's. A digest that already failed before redaction cannot be told
// apart: run samlcheck on the original HAR to check signatures.
func (c *sigCheck) unredact(m *saml.Message) *sigCheck {
	u := *c
	u.results = slices.Clone(c.results)
	u.redacted = map[*saml.SignatureResult]bool{}
	for i := range u.results {
		r := &u.results[i]
		if r.Status != saml.StatusInvalid || r.Cause != saml.CauseDigest {
			continue
		}
		u.redacted[r] = true
		r.Cause, r.Err, r.DigestOK = saml.CauseNone, nil, true
		switch {
		case r.Cert == nil:
			r.Status, r.Cause = saml.StatusUnverifiable, saml.CauseNoCertificate
		case r.Trust == saml.TrustEmbedded && len(c.trusted) > 0:
			r.Status = saml.StatusUntrusted
		case !c.at.IsZero() && (c.at.Before(r.Cert.NotBefore) || c.at.After(r.Cert.NotAfter)):
			r.Status = saml.StatusCertExpired
		default:
			r.Status = saml.StatusValid
		}
		if r.Cert != nil {
			r.Signed = r.Signature.Parent
			r.KeyInfoMismatch = r.Trust == saml.TrustTrusted && len(r.Embedded) > 0 && !slices.ContainsFunc(r.Embedded, r.Cert.Equal)
		}
	}
	u.view = m.SignedView(u.results)
	return &u
}

// sigVerifyMessage verifies m's signatures with the trusted certificates of
// cfg at the reference time at.
//
// Only the IdP's messages (a Response, a bare Assertion) are checked against
// the IdP's certificates; a signed AuthnRequest or logout message may come
// from the service provider, and is verified with its embedded certificate.
func sigVerifyMessage(m *saml.Message, cfg *Config, at time.Time, atFrom string) *sigCheck {
	c := &sigCheck{at: at, atFrom: atFrom}
	if sigFromIdP(m) {
		c.trusted, c.trustFrom = sigTrustedCerts(cfg)
	}
	c.results = m.Verify(saml.VerifyOptions{Certs: c.trusted, At: at})
	c.view = m.SignedView(c.results)
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
func (c *sigCheck) model(m *saml.Message) []*saml.SignatureResult {
	var out []*saml.SignatureResult
	root := m.Element()
	for i := range c.results {
		r := &c.results[i]
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
	return sprintf("the signature of %s %q", s.Parent.Tag, id)
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
func (c *sigCheck) refTimeText() string {
	if c.at.IsZero() {
		return "no reference time"
	}
	return c.at.UTC().Format(time.RFC3339) + " (" + c.atFrom + ")"
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
