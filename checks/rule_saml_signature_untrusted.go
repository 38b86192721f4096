package checks

import (
	"crypto/x509"
	"strings"

	"github.com/samlcheck/samlcheck/saml"
)

var signatureUntrustedRule = &Rule{
	ID:       "saml/signature-untrusted",
	Title:    "the signature verifies only with a certificate other than the trusted one",
	Severity: Error,
	Cases: []Case{
		{Severity: Warning, When: "the signature verifies with the trusted certificate but its KeyInfo carries another one"},
		{Severity: Info, When: "trust not checked: no trusted certificate given, or none in the KeyInfo either"},
	},
	Profiles: allProfiles,
	Requires: []Requirement{Signatures},
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
		c := signaturesOf(p)
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
				p.Report(Finding{Location: loc, Message: humanf("%s verifies only with the certificate in its KeyInfo (%s), not with the trusted certificate(s) from %s (%s); expected a signature by the key AWS was given",
					what, sigCert(r.Cert), c.TrustedFrom, sigCerts(c.Trusted))})
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
				p.Report(Finding{Severity: Info, Location: loc, Message: humanf("%s cannot be verified: it carries no certificate in its KeyInfo and no trusted certificate was given (pass the IdP's signing certificate with --idp-cert or --idp-metadata)", what)})
			case r.KeyInfoMismatch:
				p.Report(Finding{Severity: Warning, Location: loc, Message: humanf("%s verifies with the trusted certificate (%s) but its KeyInfo carries another certificate (%s); expected the KeyInfo to carry the signing certificate: service providers that require it (gosaml2 and others) reject the signature",
					what, sigCert(r.Cert), sigCerts(r.Embedded))})
			}
		}
		for _, g := range embeddedOnly {
			p.Report(Finding{Severity: Info, Message: humanf("trust not checked: no --idp-cert or --idp-metadata was given, and %s verif%s with the certificate in the KeyInfo: %s. Compare these fingerprints with the certificate uploaded to AWS, or pass it with --idp-cert",
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
