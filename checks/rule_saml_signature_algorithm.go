package checks

import (
	"strings"

	"github.com/samlcheck/samlcheck/saml"
)

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
	Refs: []Ref{sigRefSAMLCoreSignature, sigRefIdCOtherIdPs, samlBindingsSpec.at("§3.4.4.1 DEFLATE Encoding (SigAlg of the Redirect binding)")},
	Run: func(p *Pass) {
		for _, s := range p.Message.Signatures() {
			var weak []string
			if saml.IsWeakAlgorithm(s.SignatureMethod) {
				weak = append(weak, humanf("SignatureMethod %q", saml.AlgorithmName(s.SignatureMethod)))
			}
			if saml.IsWeakAlgorithm(s.DigestMethod) {
				weak = append(weak, humanf("DigestMethod %q", saml.AlgorithmName(s.DigestMethod)))
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
