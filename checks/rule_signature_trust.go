package checks

import (
	"crypto/x509"
	"slices"
	"strings"
	"time"

	"github.com/samlcheck/samlcheck/saml"
)

var signatureMissingRule = &Rule{
	ID:       "saml/signature-missing",
	Title:    "an assertion is signed neither itself nor by a signed Response",
	Severity: Error,
	Cases: []Case{
		{Severity: Info, When: "the Response is not signed and its assertion is encrypted: whether the assertion inside is signed cannot be seen"},
	},
	Profiles: allProfiles,
	Doc: "Over the HTTP-POST binding every assertion must be protected by an XML signature, either its own (a " +
		"ds:Signature inside the Assertion whose Reference names the Assertion's ID) or that of the Response that " +
		"carries it. AWS sign-in (IAM federation, IAM Identity Center, Amazon Connect) rejects an unsigned response: " +
		"IAM answers \"Response signature invalid\", Identity Center ends on an error page.",
	Fix: "Turn signing on in the IdP's application for AWS: sign the assertion, the response, or both (\"Sign SAML " +
		"assertion\" / \"Response and Assertion\" in Okta, Entra ID's \"Signing option\", AD FS's SamlResponseSignature, " +
		"Keycloak's \"Sign assertions\"). A signature must sit inside the element it signs and reference that " +
		"element's ID.",
	Refs: []Ref{sigRefProfilesPOST, sigRefSAMLCoreSignature, sigRefIAMSignatureInvalid},
	Run: func(p *Pass) {
		m := p.Message
		var resp *saml.Response
		var assertions []*saml.Assertion
		switch {
		case m.Response != nil:
			resp, assertions = m.Response, m.Assertions()
		case m.Assertion != nil, m.EncryptedAssertion != nil:
			assertions = m.Assertions()
		default:
			return
		}
		respWhat := ""
		if resp != nil {
			switch s := resp.Signature; {
			case s != nil && s.ReferencesParent():
				return
			case s != nil:
				respWhat = sprintf("the Response's signature references %q, not the Response", s.ReferenceURI)
			default:
				respWhat = "the Response is not signed either"
			}
			if len(assertions) == 0 && len(resp.EncryptedAssertions) > 0 {
				p.Report(Finding{Severity: Info, Location: Location{XMLPath: saml.Path(resp.Element)},
					Message: "the Response is not signed and its assertion is encrypted: samlcheck cannot see whether the assertion inside is signed (it must be, or the Response must be); give the SP's private key with --sp-key to check it"})
				return
			}
		}
		for _, a := range assertions {
			if a.Signature != nil && a.Signature.ReferencesParent() {
				continue
			}
			what := "has no signature"
			if a.Signature != nil {
				what = sprintf("has a signature whose Reference URI %q does not name it", a.Signature.ReferenceURI)
			}
			name := sprintf("assertion %q", a.ID)
			expected := sprintf("expected a ds:Signature inside the Assertion with Reference URI %q", "#"+a.ID)
			if a.ID == "" {
				name = "the assertion (without an ID)"
				expected = "expected an ID on the Assertion and a ds:Signature inside it referencing that ID"
			}
			if resp != nil {
				p.Reportf(a.Element, "%s %s and %s; %s, or one inside the Response with Reference URI %q", name, what, respWhat, expected, "#"+resp.ID)
				continue
			}
			p.Reportf(a.Element, "%s %s; %s", name, what, expected)
		}
	},
}

var signatureInvalidRule = &Rule{
	ID:       "saml/signature-invalid",
	Title:    "a signature does not verify",
	Severity: Error,
	Cases: []Case{
		{Severity: Warning, When: "the signature could not be verified: an algorithm samlcheck does not support, or more elements than the signature library traverses"},
		{Severity: Info, When: "the signed content was redacted, so the signature cannot verify"},
	},
	Profiles: allProfiles,
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
		c := sigVerification(p)
		if len(c.results) > 0 {
			p.use(GivenIdPCert, GivenIdPMetadata) // the signatures are judged against the trusted certificates
		}
		for _, r := range c.model(p.Message) {
			if c.redacted[r] {
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
func sigInvalidMessage(c *sigCheck, r *saml.SignatureResult) (string, Severity) {
	what := sigWhat(r.Signature)
	switch {
	case r.Status == saml.StatusUnverifiable && r.Cause == saml.CauseAlgorithm:
		return sprintf("%s uses SignatureMethod %q, which samlcheck cannot verify (it verifies RSA and ECDSA with SHA-1 or SHA-2); expected %q",
			what, r.Signature.SignatureMethod, sigRSASHA256), Warning
	case r.Status == saml.StatusUnverifiable && r.Cause == saml.CauseTooLarge:
		msg := sprintf("%s was not verified: the signed %s has more elements than the XML signature library samlcheck uses will traverse (1,000); the service provider may still accept it", what, r.Signature.Parent.Tag)
		if r.Cert != nil && r.DigestOK {
			msg += sprintf(". samlcheck's own checks find the digest matching and the SignatureValue verifying with the %s certificate (%s)", sigTrustName(r.Trust), sigCert(r.Cert))
		}
		return msg, Warning
	case r.Status != saml.StatusInvalid || r.Cause == saml.CauseReference:
		return "", 0
	case r.Cause == saml.CauseAlgorithm:
		return sprintf("%s uses SignatureMethod %q, an HMAC (a shared-key MAC, not a public-key signature): anyone who has the IdP's public certificate can forge it (key confusion); expected %q",
			what, r.Signature.SignatureMethod, sigRSASHA256), Error
	case r.Cause == saml.CauseDigest:
		msg := sprintf("%s does not verify: the digest of %s %q does not match the DigestValue, so the content changed after it was signed (edited, re-indented or re-encoded on the way); expected the %s exactly as signed",
			what, r.Signature.Parent.Tag, sigElementID(r.Signature.Parent), r.Signature.Parent.Tag)
		switch {
		case r.Cert != nil:
			msg += sprintf(". The SignatureValue itself verifies with the %s certificate (%s): the IdP did sign it", sigTrustName(r.Trust), sigCert(r.Cert))
		case len(c.trusted) == 0 && len(r.Embedded) == 0:
			msg += ". No certificate was given or embedded to check the SignatureValue with"
		}
		return msg, Error
	case r.Cause == saml.CauseSignatureValue:
		var tried []string
		if len(c.trusted) > 0 {
			tried = append(tried, "the trusted certificate(s) from "+c.trustFrom+" ("+sigCerts(c.trusted)+")")
		}
		var embedded []*x509.Certificate
		for _, e := range r.Embedded {
			if !slices.ContainsFunc(c.trusted, e.Equal) {
				embedded = append(embedded, e)
			}
		}
		if len(embedded) > 0 {
			tried = append(tried, "the certificate in its KeyInfo ("+sigCerts(embedded)+")")
		}
		msg := sprintf("%s does not verify: its SignatureValue matches neither %s; expected a signature made with the IdP's signing key", what, strings.Join(tried, " nor "))
		if len(tried) == 1 {
			msg = sprintf("%s does not verify: its SignatureValue does not match %s; expected a signature made with the IdP's signing key", what, tried[0])
		}
		if r.DigestChecked && !r.DigestOK {
			msg = sprintf("%s does not verify: neither its SignatureValue (over SignedInfo) nor its digest (over the %s) match, with %s: the whole document was probably changed after signing (re-indented, re-encoded, namespaces moved); expected it exactly as the IdP signed it, with the IdP's key",
				what, r.Signature.Parent.Tag, strings.Join(tried, " or "))
		}
		return msg, Error
	}
	return sprintf("%s does not verify: %v", what, r.Err), Error
}

// sigRedactedMessage says that a signature no longer verifies because the
// capture was redacted (see sigCheck.unredact).
func sigRedactedMessage(r *saml.SignatureResult) string {
	msg := sprintf("%s no longer verifies because this input was redacted by samlcheck redact: identities in the signed %s were replaced by pseudonyms after signing, so its digest no longer matches",
		sigWhat(r.Signature), r.Signature.Parent.Tag)
	if r.Cert != nil {
		msg += sprintf(" (its SignatureValue still verifies with the %s certificate %s)", sigTrustName(r.Trust), saml.DescribeCert(r.Cert).SHA256)
	}
	return msg + "; run samlcheck on the original input to check signatures"
}

// sigRSASHA256 is the signature method IdPs should use.
const sigRSASHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"

// sigTrustName says "trusted" or "embedded (KeyInfo)".
func sigTrustName(t saml.Trust) string {
	if t == saml.TrustTrusted {
		return "trusted"
	}
	return "KeyInfo"
}

var signatureUntrustedRule = &Rule{
	ID:       "saml/signature-untrusted",
	Title:    "the signature verifies only with a certificate other than the trusted one",
	Severity: Error,
	Cases: []Case{
		{Severity: Warning, When: "the signature verifies with the trusted certificate but its KeyInfo carries another one"},
		{Severity: Info, When: "trust not checked: no trusted certificate given, or none in the KeyInfo either"},
	},
	Profiles: allProfiles,
	Uses:     []Given{GivenIdPCert, GivenIdPMetadata},
	Doc: "AWS verifies the signature with the certificate it was given: the IAM SAML provider's metadata, or the " +
		"IdP certificate uploaded to IAM Identity Center. The certificate inside the signature's KeyInfo proves " +
		"nothing by itself (anyone can sign with their own key and embed its certificate). When the IdP rotated its " +
		"signing certificate, or signs with another application's key, the signature verifies only with the embedded " +
		"certificate and AWS rejects it (IAM: \"Response signature invalid\"; Identity Center: \"It's not you, it's us\").",
	Fix: "Compare the fingerprints printed here with the certificate uploaded to AWS. Upload the IdP's current " +
		"signing certificate (IAM: update the SAML provider with fresh IdP metadata; Identity Center: Settings, " +
		"Identity source, Manage authentication, IdP certificate), or make the IdP sign with the certificate AWS " +
		"has. Give samlcheck the trusted certificate with --idp-cert or --idp-metadata to check trust.",
	Refs: []Ref{sigRefIAMSignatureInvalid, sigRefIdCNotYou, sigRefSAMLCoreSignature},
	Run: func(p *Pass) {
		if !sigFromIdP(p.Message) {
			return // the trusted certificates are the IdP's
		}
		c := sigVerification(p)
		if len(c.results) > 0 {
			p.use(GivenIdPCert, GivenIdPMetadata) // the signatures are judged against the trusted certificates
		}
		type group struct {
			cert  *x509.Certificate
			whats []string
		}
		var embeddedOnly []*group
		for _, r := range c.model(p.Message) {
			what := sigWhat(r.Signature)
			loc := Location{XMLPath: saml.Path(r.Signature.Element)}
			switch {
			case r.Status == saml.StatusUntrusted:
				p.Report(Finding{Location: loc, Message: sprintf("%s verifies only with the certificate in its KeyInfo (%s), not with the trusted certificate(s) from %s (%s); expected a signature by the key AWS was given",
					what, sigCert(r.Cert), c.trustFrom, sigCerts(c.trusted))})
			case r.Trust == saml.TrustEmbedded && r.CryptoOK():
				var g *group
				for _, x := range embeddedOnly {
					if x.cert.Equal(r.Cert) {
						g = x
					}
				}
				if g == nil {
					g = &group{cert: r.Cert}
					embeddedOnly = append(embeddedOnly, g)
				}
				g.whats = append(g.whats, what)
			case r.Status == saml.StatusUnverifiable && r.Cause == saml.CauseNoCertificate:
				p.Report(Finding{Severity: Info, Location: loc, Message: sprintf("%s cannot be verified: it carries no certificate in its KeyInfo and no trusted certificate was given (pass the IdP's signing certificate with --idp-cert or --idp-metadata)", what)})
			case r.KeyInfoMismatch:
				p.Report(Finding{Severity: Warning, Location: loc, Message: sprintf("%s verifies with the trusted certificate (%s) but its KeyInfo carries another certificate (%s); expected the KeyInfo to carry the signing certificate: service providers that require it (gosaml2 and others) reject the signature",
					what, sigCert(r.Cert), sigCerts(r.Embedded))})
			}
		}
		for _, g := range embeddedOnly {
			p.Report(Finding{Severity: Info, Message: sprintf("trust not checked: no --idp-cert or --idp-metadata was given, and %s verif%s with the certificate in the KeyInfo: %s. Compare these fingerprints with the certificate uploaded to AWS, or pass it with --idp-cert",
				strings.Join(g.whats, " and "), sigVerbS(len(g.whats)), sigCert(g.cert))})
		}
	},
}

// sigVerbS returns "ies" for one subject ("verifies"), "y" for several
// ("verify").
func sigVerbS(n int) string {
	if n == 1 {
		return "ies"
	}
	return "y"
}

var signatureAlgorithmRule = &Rule{
	ID:       "saml/signature-algorithm",
	Title:    "SHA-1 signature or digest method",
	Severity: Warning,
	Profiles: allProfiles,
	Doc: "SHA-1 is deprecated for signatures: chosen-prefix collisions are practical, and service providers " +
		"are dropping it. XML signatures name their algorithms in SignedInfo: a SignatureMethod such as rsa-sha1 or " +
		"a DigestMethod sha1 leaves the response protected by SHA-1 only; the Redirect binding names its algorithm " +
		"in SigAlg.",
	Fix: "Set the signer's algorithm (the IdP's for responses, the service provider's for requests) to RSA-SHA256 " +
		"with SHA-256 digests. At the IdP: Okta Signature Algorithm RSA_SHA256 and Digest Algorithm SHA256; AD FS " +
		"relying party trust: Secure hash algorithm SHA-256; Entra ID: Signing algorithm SHA-256; Keycloak: RSA_SHA256.",
	Refs: []Ref{sigRefSAMLCoreSignature, sigRefIdCOtherIdPs, {Title: "SAML 2.0 Bindings", URL: samlBindingsURL, Section: "§3.4.4.1 DEFLATE Encoding (SigAlg of the Redirect binding)"}},
	Run: func(p *Pass) {
		for _, s := range p.Message.Signatures() {
			var weak []string
			if saml.IsWeakAlgorithm(s.SignatureMethod) {
				weak = append(weak, sprintf("SignatureMethod %q", saml.AlgorithmName(s.SignatureMethod)))
			}
			if saml.IsWeakAlgorithm(s.DigestMethod) {
				weak = append(weak, sprintf("DigestMethod %q", saml.AlgorithmName(s.DigestMethod)))
			}
			if len(weak) > 0 {
				p.Reportf(s.Element, "%s uses %s; expected rsa-sha256 with sha256 digests", sigWhat(s), strings.Join(weak, " and "))
			}
		}
		if alg := p.Encoded.SigAlg; alg != "" && saml.IsWeakAlgorithm(alg) {
			p.Reportf(nil, "the Redirect-binding SigAlg is %q; expected %q", alg, sigRSASHA256)
		}
	},
}

// sigMinRSABits is the smallest RSA key the certificate rule accepts.
const sigMinRSABits = 2048

var certificateRule = &Rule{
	ID:       "saml/certificate",
	Title:    "the signing certificate is expired, not yet valid, or has a weak key",
	Severity: Warning,
	Cases: []Case{
		{Severity: Info, When: "the certificate expires within 30 days of the reference time"},
	},
	Profiles: allProfiles,
	Uses:     []Given{GivenIdPCert, GivenIdPMetadata},
	Doc: "A signing certificate outside its validity period at the time of the login is a known pitfall: " +
		"service providers that check validity reject the signature, and an expired certificate usually means the " +
		"IdP rotated its key and AWS still holds the old certificate (or the reverse). RSA keys under 2048 bits " +
		"are no longer considered safe and are refused by a growing number of service providers.",
	Fix: "Rotate the IdP's signing certificate before it expires, with an RSA key of at least 2048 bits, and upload " +
		"the new certificate to AWS in the same change (IAM: update the SAML provider's metadata, which accepts two " +
		"signing certificates during a rollover; Identity Center: Manage authentication, IdP certificate).",
	Refs: []Ref{sigRefIAMSignatureInvalid, sigRefIdCNotYou},
	Run: func(p *Pass) {
		if !sigFromIdP(p.Message) {
			return // the IdP's signing certificate signs responses
		}
		c := sigVerification(p)
		if len(c.results) > 0 {
			p.use(GivenIdPCert, GivenIdPMetadata) // the signatures are judged against the trusted certificates
		}
		var seen []*x509.Certificate
		for _, r := range c.model(p.Message) {
			if r.Cert == nil || slices.ContainsFunc(seen, r.Cert.Equal) {
				continue
			}
			seen = append(seen, r.Cert)
			info := saml.DescribeCert(r.Cert)
			loc := Location{XMLPath: saml.Path(r.Signature.Element)}
			name := sprintf("the signing certificate of %s (subject %q, SHA-1 %s, SHA-256 %s)", sigWhat(r.Signature), info.Subject, info.SHA1, info.SHA256)
			switch at := c.at; {
			case at.IsZero():
			case at.After(info.NotAfter):
				p.Report(Finding{Location: loc, Message: sprintf("%s expired at %s, %s before the reference time %s; expected a certificate valid at the time of the login",
					name, info.NotAfter.Format(time.RFC3339), sigDuration(at.Sub(info.NotAfter)), c.refTimeText())})
			case at.Before(info.NotBefore):
				p.Report(Finding{Location: loc, Message: sprintf("%s is valid only from %s, %s after the reference time %s; expected a certificate valid at the time of the login",
					name, info.NotBefore.Format(time.RFC3339), sigDuration(info.NotBefore.Sub(at)), c.refTimeText())})
			case info.NotAfter.Sub(at) < 30*24*time.Hour:
				p.Report(Finding{Severity: Info, Location: loc, Message: sprintf("%s expires at %s, %s after the reference time %s: plan its rotation (and upload the new certificate to AWS)",
					name, info.NotAfter.Format(time.RFC3339), sigDuration(info.NotAfter.Sub(at)), c.refTimeText())})
			}
			if info.KeyAlgorithm == "RSA" && info.KeyBits < sigMinRSABits {
				p.Report(Finding{Location: loc, Message: sprintf("%s has a %d-bit RSA key; expected at least %d bits", name, info.KeyBits, sigMinRSABits)})
			}
		}
	},
}
