package checks

import (
	"strings"
	"time"

	"github.com/samlcheck/samlcheck/har/capture"
	"github.com/samlcheck/samlcheck/saml"
)

// SignatureSummary describes one XML signature of a message for people and
// tools: what it covers, its algorithms, the verification outcome and the
// certificate it verified with.
type SignatureSummary struct {
	// Covers names the element the signature sits in: "Response \"_r1\"",
	// "Assertion \"_a1\"".
	Covers string `json:"covers"`
	// XMLPath is where the ds:Signature is.
	XMLPath string `json:"xmlPath"`
	// ReferenceURI is the first Reference's URI; it should be "#" + the ID
	// of the covered element.
	ReferenceURI string `json:"referenceURI"`
	// SignatureMethod, DigestMethod and Canonicalization are the algorithm
	// URIs of SignedInfo.
	SignatureMethod  string `json:"signatureMethod,omitempty"`
	DigestMethod     string `json:"digestMethod,omitempty"`
	Canonicalization string `json:"canonicalization,omitempty"`
	// Status, Trust and Cause are the verification outcome (see
	// saml.SignatureResult).
	Status saml.SignatureStatus `json:"status"`
	Trust  saml.Trust           `json:"trust"`
	Cause  saml.Cause           `json:"cause,omitempty"`
	// Certificate describes the certificate whose key verified the
	// signature or, when none did, the one in its KeyInfo; nil when there is
	// neither.
	Certificate *saml.CertInfo `json:"certificate,omitempty"`
	// CertValidity says whether that certificate is valid at the reference
	// time: "valid", "expired", "not yet valid", or "unchecked" without a
	// reference time.
	CertValidity string `json:"certValidity,omitempty"`
	// Trusted lists the trusted certificates the signature was checked
	// against (--idp-cert, --idp-metadata); empty when none was given.
	Trusted []saml.CertInfo `json:"trusted,omitempty"`
}

// signatureSummaries verifies the signatures of a decoded message (with the
// trusted certificates of cfg, at the message's reference time) and
// describes each one enveloped in the message or in one of its assertions,
// in document order; in a redacted capture (capt may be nil), as before
// redaction. It returns nil for a message that did not decode.
func signatureSummaries(res *Decoded, cfg *Config, capt *capture.Capture) []SignatureSummary {
	if res == nil || res.Message == nil {
		return nil
	}
	if cfg == nil {
		cfg = &Config{}
	}
	c := resultOf(&Pass{Config: cfg, Capture: capt, Encoded: res.Encoded, Message: res.Message, Decoded: res}, Signatures)
	at := c.At
	var trusted []saml.CertInfo
	for _, t := range c.Trusted {
		trusted = append(trusted, saml.DescribeCert(t))
	}
	var out []SignatureSummary
	for _, r := range c.model(res.Message) {
		s := r.Signature
		sum := SignatureSummary{
			Covers:           s.Parent.Tag,
			XMLPath:          saml.Path(s.Element),
			ReferenceURI:     s.ReferenceURI,
			SignatureMethod:  s.SignatureMethod,
			DigestMethod:     s.DigestMethod,
			Canonicalization: s.CanonicalizationMethod,
			Status:           r.Status,
			Trust:            r.Trust,
			Cause:            r.Cause,
			Trusted:          trusted,
		}
		if id := sigElementID(s.Parent); id != "" {
			sum.Covers += humanf(" %q", id)
		}
		cert := r.Cert
		if cert == nil && len(r.Embedded) > 0 {
			cert = r.Embedded[0]
		}
		if cert != nil {
			info := saml.DescribeCert(cert)
			sum.Certificate = &info
			switch {
			case at.IsZero():
				sum.CertValidity = "unchecked"
			case at.Before(info.NotBefore):
				sum.CertValidity = "not yet valid"
			case at.After(info.NotAfter):
				sum.CertValidity = "expired"
			default:
				sum.CertValidity = "valid"
			}
		}
		out = append(out, sum)
	}
	return out
}

// String describes the signature on one line for the text report, such as:
//
//	Response "_r1" (#_r1): rsa-sha256/sha256, valid (trusted certificate); certificate subject "CN=idp", valid 2020-01-01 to 2045-01-01 (valid at the reference time), SHA-1 E6:2C:…, SHA-256 D8:40:…
func (s SignatureSummary) String() string {
	var b strings.Builder
	b.WriteString(s.Covers)
	b.WriteString(" (" + s.ReferenceURI + "): ")
	b.WriteString(saml.AlgorithmName(s.SignatureMethod) + "/" + saml.AlgorithmName(s.DigestMethod) + ", " + string(s.Status))
	switch {
	case s.Cause != saml.CauseNone:
		b.WriteString(" (" + string(s.Cause) + ")")
	case s.Trust == saml.TrustTrusted:
		b.WriteString(" (trusted certificate)")
	case s.Trust == saml.TrustEmbedded && len(s.Trusted) == 0:
		b.WriteString(" (KeyInfo certificate; trust not checked)")
	case s.Trust == saml.TrustEmbedded:
		b.WriteString(" (KeyInfo certificate only)")
	}
	if c := s.Certificate; c != nil {
		issuer := "self-signed"
		if c.Issuer != c.Subject {
			issuer = humanf("issuer %q", c.Issuer)
		}
		b.WriteString(humanf("; certificate subject %q (%s), valid %s to %s (%s at the reference time), SHA-1 %s, SHA-256 %s",
			c.Subject, issuer, c.NotBefore.Format(time.DateOnly), c.NotAfter.Format(time.DateOnly), s.CertValidity, c.SHA1, c.SHA256))
	}
	return b.String()
}
