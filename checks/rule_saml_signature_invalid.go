package checks

import (
	"crypto/x509"
	"slices"
	"strings"

	"github.com/samlcheck/samlcheck/saml"
)

var signatureInvalidRule = &Rule{
	ID:       "saml/signature-invalid",
	Title:    "a signature does not verify",
	Severity: Error,
	Cases: []Case{
		{Severity: Warning, When: "the signature could not be verified: an algorithm samlcheck does not support, or more elements than the signature library traverses"},
		{Severity: Info, When: "the signed content was redacted, so the signature cannot verify"},
	},
	Profiles: allProfiles,
	Requires: []Requirement{Signatures},
	Uses:     []Given{GivenIdPCert, GivenIdPMetadata},
	Doc: "The service provider verifies the XML signature of the Response and of each Assertion before reading " +
		"anything: the digest of the signed element must match the Reference's DigestValue (the content is " +
		"unchanged since signing) and the SignatureValue must verify over SignedInfo with the IdP's key. A digest " +
		"mismatch means the content was edited, re-indented or re-encoded after signing; a SignatureValue mismatch " +
		"means another key signed it. An HMAC signature method is a shared-key MAC that anyone holding the IdP's " +
		"public certificate can forge (key confusion). IAM answers \"Response signature invalid\"; Identity Center " +
		"and Connect end on an error page.",
	Fix: "Send the response exactly as the IdP signed it (no proxy or script that rewrites, pretty-prints or " +
		"re-encodes it; comments and namespace declarations are signed content too). If the SignatureValue does " +
		"not verify, the IdP signs with another key than the one its KeyInfo and metadata show: re-export the " +
		"signing certificate. Use RSA-SHA256 (http://www.w3.org/2001/04/xmldsig-more#rsa-sha256), never an HMAC.",
	Refs: []Ref{sigRefSAMLCoreSignature, sigRefIAMSignatureInvalid, sigRefIdCNotYou},
	Run: func(p *Pass) {
		c := signaturesOf(p)
		for _, r := range c.model(p.Message) {
			if c.Redacted(r) {
				p.Report(Finding{Severity: Info, Message: sigRedactedMessage(r), Location: Location{XMLPath: saml.Path(r.Signature.Element)}})
				continue
			}
			if msg, sev := sigInvalidMessage(c, r); msg != "" {
				p.Report(Finding{Severity: sev, Message: msg, Location: Location{XMLPath: saml.Path(r.Signature.Element)}})
			}
		}
	},
}

// sigInvalidMessage says why a signature does not verify, or "" when
// saml/signature-invalid has nothing to say about it. A Reference naming
// another element is saml/signature-wrapping's and saml/signature-missing's.
func sigInvalidMessage(c *Verification, r *saml.SignatureResult) (string, Severity) {
	what := sigWhat(r.Signature)
	switch {
	case r.Status == saml.StatusUnverifiable && r.Cause == saml.CauseAlgorithm:
		return humanf("%s uses SignatureMethod %q, which samlcheck cannot verify (it verifies RSA and ECDSA with SHA-1 or SHA-2); expected %q",
			what, r.Signature.SignatureMethod, sigRSASHA256), Warning
	case r.Status == saml.StatusUnverifiable && r.Cause == saml.CauseTooLarge:
		msg := humanf("%s was not verified: the signed %s has more elements than the XML signature library samlcheck uses will traverse (1,000); the service provider may still accept it", what, r.Signature.Parent.Tag)
		if r.Cert != nil && r.DigestOK {
			msg += humanf(". samlcheck's own checks find the digest matching and the SignatureValue verifying with the %s certificate (%s)", sigTrustName(r.Trust), sigCert(r.Cert))
		}
		return msg, Warning
	case r.Status != saml.StatusInvalid || r.Cause == saml.CauseReference:
		return "", 0
	case r.Cause == saml.CauseAlgorithm:
		return humanf("%s uses SignatureMethod %q, an HMAC (a shared-key MAC, not a public-key signature): anyone who has the IdP's public certificate can forge it (key confusion); expected %q",
			what, r.Signature.SignatureMethod, sigRSASHA256), Error
	case r.Cause == saml.CauseDigest:
		msg := humanf("%s does not verify: the digest of %s %q does not match the DigestValue, so the content changed after it was signed (edited, re-indented or re-encoded on the way); expected the %s exactly as signed",
			what, r.Signature.Parent.Tag, sigElementID(r.Signature.Parent), r.Signature.Parent.Tag)
		switch {
		case r.Cert != nil:
			msg += humanf(". The SignatureValue itself verifies with the %s certificate (%s): the IdP did sign it", sigTrustName(r.Trust), sigCert(r.Cert))
		case len(c.Trusted) == 0 && len(r.Embedded) == 0:
			msg += ". No certificate was given or embedded to check the SignatureValue with"
		}
		return msg, Error
	case r.Cause == saml.CauseSignatureValue:
		var tried []string
		if len(c.Trusted) > 0 {
			tried = append(tried, "the trusted certificate(s) from "+c.TrustedFrom+" ("+sigCerts(c.Trusted)+")")
		}
		var embedded []*x509.Certificate
		for _, e := range r.Embedded {
			if !slices.ContainsFunc(c.Trusted, e.Equal) {
				embedded = append(embedded, e)
			}
		}
		if len(embedded) > 0 {
			tried = append(tried, "the certificate in its KeyInfo ("+sigCerts(embedded)+")")
		}
		msg := humanf("%s does not verify: its SignatureValue matches neither %s; expected a signature made with the IdP's signing key", what, strings.Join(tried, " nor "))
		if len(tried) == 1 {
			msg = humanf("%s does not verify: its SignatureValue does not match %s; expected a signature made with the IdP's signing key", what, tried[0])
		}
		if r.DigestChecked && !r.DigestOK {
			msg = humanf("%s does not verify: neither its SignatureValue (over SignedInfo) nor its digest (over the %s) match, with %s: the whole document was probably changed after signing (re-indented, re-encoded, namespaces moved); expected it exactly as the IdP signed it, with the IdP's key",
				what, r.Signature.Parent.Tag, strings.Join(tried, " or "))
		}
		return msg, Error
	}
	return humanf("%s does not verify: %v", what, r.Err), Error
}

// sigRedactedMessage says that a signature no longer verifies because the
// capture was redacted (see Verification.unredact).
func sigRedactedMessage(r *saml.SignatureResult) string {
	msg := humanf("%s no longer verifies because this input was redacted by samlcheck redact: identities in the signed %s were replaced by pseudonyms after signing, so its digest no longer matches",
		sigWhat(r.Signature), r.Signature.Parent.Tag)
	if r.Cert != nil {
		msg += humanf(" (its SignatureValue still verifies with the %s certificate %s)", sigTrustName(r.Trust), saml.DescribeCert(r.Cert).SHA256)
	}
	return msg + "; run samlcheck on the original input to check signatures"
}

// sigTrustName says "trusted" or "embedded (KeyInfo)".
func sigTrustName(t saml.Trust) string {
	if t == saml.TrustTrusted {
		return "trusted"
	}
	return "KeyInfo"
}
