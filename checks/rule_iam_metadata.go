package checks

import (
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"fmt"
	"strings"

	"github.com/samlcheck/samlcheck/saml"
)

// minIAMKeyBits is the smallest RSA signing key IAM accepts in IdP metadata.
const minIAMKeyBits = 1024

var iamMetadataRule = &Rule{
	ID:       "iam/metadata",
	Title:    "IdP metadata that IAM cannot use: BOM, no entityID or signing certificate, key under 1024 bits",
	Severity: Error,
	Profiles: iamProfiles,
	Uses:     []Given{GivenIdPMetadata},
	Doc: "Creating or updating an IAM SAML provider reads the IdP's metadata document. IAM answers \"Could not parse " +
		"metadata\" for a file that starts with a UTF-8 byte order mark, and it needs the IdP's entityID (the Issuer it " +
		"matches responses against) and at least one signing certificate whose RSA key has 1024 bits or more to verify " +
		"the response signatures. samlcheck checks the file given with --idp-metadata, once per input.",
	Fix: "Download the metadata again from the IdP and upload it unmodified; if an editor added a byte order mark, save " +
		"it as UTF-8 without BOM. Make sure it is the IdP's own EntityDescriptor with an entityID and a KeyDescriptor " +
		"(use=\"signing\" or no use) holding its current signing certificate; replace signing keys under 1024 bits " +
		"(2048 is the norm today).",
	Refs: []Ref{
		iamTroubleshoot.at("Error: Could not parse metadata"),
		iamTroubleshoot.at("Error: Response signature invalid (service: AWSSecurityTokenService; status code: 400; error code: InvalidIdentityToken)"),
		iamQuotas.at("IAM object quotas (SAML providers)"),
	},
	Run: func(p *Pass) {
		md, name := idpMetadataOnce(p)
		if md == nil {
			return
		}
		if md.HasBOM {
			p.Report(Finding{Message: humanf("%s starts with a UTF-8 byte order mark (EF BB BF); IAM answers \"Could not parse metadata\": save it as UTF-8 without BOM", name)})
		}
		if strings.TrimSpace(md.EntityID) == "" {
			p.Report(Finding{Message: humanf("%s has no entityID on its EntityDescriptor; IAM needs it to match the Response Issuer", name)})
		}
		if len(md.SigningCerts) == 0 {
			msg := humanf("%s has no signing certificate (no X509Certificate in a KeyDescriptor with use=\"signing\" or without use)", name)
			if len(md.EncryptionCerts) > 0 {
				msg += "; it has only an encryption KeyDescriptor"
			}
			p.Report(Finding{Message: msg})
		}
		for i, der := range md.SigningCerts {
			what := fmt.Sprintf("signing certificate %d of %d", i+1, len(md.SigningCerts))
			c, err := x509.ParseCertificate(der)
			if err != nil {
				p.Report(Finding{Message: humanf("%s: %s does not parse as X.509 (%v)", name, what, err)})
				continue
			}
			if k, ok := c.PublicKey.(*rsa.PublicKey); ok && k.N.BitLen() < minIAMKeyBits {
				p.Report(Finding{Message: humanf("%s: %s (%s, SHA-256 %s) has a %d-bit RSA key; IAM requires at least %d bits",
					name, what, certSubject(c), fingerprint256(der), k.N.BitLen(), minIAMKeyBits)})
			}
		}
	},
}

// idpMetadataOnce returns the IdP metadata (--idp-metadata) and its name
// for findings when p is the pass that checks it for the rule, the first
// one of the input; nil otherwise.
func idpMetadataOnce(p *Pass) (*saml.Metadata, string) {
	p.use(GivenIdPMetadata)
	md := p.Config.IdPMetadata
	if md == nil || !firstForRule(p) {
		return nil, ""
	}
	return md, metadataName(md)
}

// metadataName names a metadata file in findings.
func metadataName(md *saml.Metadata) string {
	s := "IdP metadata " + md.File
	if md.EntityID != "" {
		s += humanf(" (entityID %q)", md.EntityID)
	}
	return s
}

// certSubject returns a certificate's subject for people: its CN, else the
// whole subject.
func certSubject(c *x509.Certificate) string {
	if c.Subject.CommonName != "" {
		return "CN=" + c.Subject.CommonName
	}
	return c.Subject.String()
}

// fingerprint256 returns the SHA-256 fingerprint of der as IdP consoles show
// it: upper-case hex pairs separated by colons.
func fingerprint256(der []byte) string {
	sum := sha256.Sum256(der)
	var b strings.Builder
	for i, x := range sum {
		if i > 0 {
			b.WriteByte(':')
		}
		fmt.Fprintf(&b, "%02X", x)
	}
	return b.String()
}
