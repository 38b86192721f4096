package checks

import (
	"crypto/x509"
	"fmt"
	"slices"
	"time"

	"github.com/samlcheck/samlcheck/saml"
)

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
	Requires: []Requirement{Signatures},
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
		c := signaturesOf(p)
		var seen []*x509.Certificate
		for _, r := range c.model(p.Message) {
			if r.Cert == nil || slices.ContainsFunc(seen, r.Cert.Equal) {
				continue
			}
			seen = append(seen, r.Cert)
			info := saml.DescribeCert(r.Cert)
			loc := Location{XMLPath: saml.Path(r.Signature.Element)}
			name := humanf("the signing certificate of %s (subject %q, SHA-1 %s, SHA-256 %s)", sigWhat(r.Signature), info.Subject, info.SHA1, info.SHA256)
			switch at := c.At; {
			case at.IsZero():
			case at.After(info.NotAfter):
				p.Report(Finding{Location: loc, Message: humanf("%s expired at %s, %s before the reference time %s; expected a certificate valid at the time of the login",
					name, info.NotAfter.Format(time.RFC3339), sigDuration(at.Sub(info.NotAfter)), c.refTimeText())})
			case at.Before(info.NotBefore):
				p.Report(Finding{Location: loc, Message: humanf("%s is valid only from %s, %s after the reference time %s; expected a certificate valid at the time of the login",
					name, info.NotBefore.Format(time.RFC3339), sigDuration(info.NotBefore.Sub(at)), c.refTimeText())})
			case info.NotAfter.Sub(at) < 30*24*time.Hour:
				p.Report(Finding{Severity: Info, Location: loc, Message: humanf("%s expires at %s, %s after the reference time %s: plan its rotation (and upload the new certificate to AWS)",
					name, info.NotAfter.Format(time.RFC3339), sigDuration(info.NotAfter.Sub(at)), c.refTimeText())})
			}
			if info.KeyAlgorithm == "RSA" && info.KeyBits < sigMinRSABits {
				p.Report(Finding{Location: loc, Message: humanf("%s has a %d-bit RSA key; expected at least %d bits", name, info.KeyBits, sigMinRSABits)})
			}
		}
	},
}

// sigDuration says a duration for people: "669d10h", "5h3m", "4m12s".
func sigDuration(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	d = d.Truncate(time.Second)
	h, m, sec := int(d/time.Hour), int(d%time.Hour/time.Minute), int(d%time.Minute/time.Second)
	switch {
	case h >= 48:
		if h%24 == 0 {
			return fmt.Sprintf("%dd", h/24)
		}
		return fmt.Sprintf("%dd%dh", h/24, h%24)
	case h > 0:
		return fmt.Sprintf("%dh%dm", h, m)
	case m > 0:
		return fmt.Sprintf("%dm%ds", m, sec)
	}
	return fmt.Sprintf("%ds", sec)
}
