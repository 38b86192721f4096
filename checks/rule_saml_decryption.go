package checks

import (
	"errors"
	"fmt"
	"strings"

	"github.com/samlcheck/samlcheck/saml"
	"github.com/samlcheck/samlcheck/saml/xmlenc"
)

var decryptionRule = &Rule{
	ID:       "saml/decryption",
	Title:    "an EncryptedAssertion cannot be decrypted with the given --sp-key keys, or was not checked for want of a key",
	Severity: Error,
	Cases: []Case{
		{Severity: Warning, When: "no --sp-key was given, so nothing inside the EncryptedAssertion was checked; or it was decrypted with a deprecated algorithm (RSA-1_5 key transport)"},
	},
	Uses:     []Given{GivenSPKey},
	Profiles: allProfiles,
	Doc: "An encrypted assertion is opened by the service provider with the private key of the encryption " +
		"certificate it gave the IdP. When the IdP encrypts for another certificate (an old one after a key " +
		"rotation, or the other of the two keys an IAM SAML provider holds), or the data was altered, the service " +
		"provider cannot read the assertion and the sign-in fails (IAM: \"Your request included an invalid SAML " +
		"response\"). Without the key, nothing inside the assertion can be checked: NameID, attributes, audience, " +
		"conditions and its signature stay unseen.",
	Fix: "Give the service provider's private key with --sp-key FILE (PEM, PKCS#8, PKCS#12; a passphrase through " +
		"--sp-key-pass-env NAME). When the key does not match the certificate the EncryptedKey names, upload the " +
		"SP's current encryption certificate to the IdP application (or give the key that belongs to the named " +
		"certificate). Configure RSA-OAEP and AES-GCM at the IdP rather than RSA-1_5 and CBC.",
	Refs: []Ref{
		samlCore.at("§2.3.4 Element <EncryptedAssertion>; §6 Confidentiality and Security Techniques (§6.1 General Considerations, §6.2 Combining Signatures and Encryption)"),
		xmlenc11.at("§3.5.1 The EncryptedKey Element; §4.4 Decryption; §5.4 Key Transport (§5.5.1 RSA Version 1.5, §5.5.2 RSA-OAEP)"),
		iamAssertions.at("Encrypted SAML assertions (the IAM SAML provider's private keys, AssertionEncryptionMode)"),
	},
	Run: func(p *Pass) {
		encs := p.Message.EncryptedAssertions()
		if len(encs) == 0 {
			return
		}
		keys := p.Config.SPKeys
		if len(keys) > 0 {
			p.use(GivenSPKey)
		}
		for i, ea := range encs {
			where := "the EncryptedAssertion"
			if len(encs) > 1 {
				where = fmt.Sprintf("EncryptedAssertion %d", i+1)
			}
			d := ea.Decryption
			switch {
			case len(keys) == 0 || d == nil:
				forWhom := ""
				var xe *xmlenc.Error
				if _, err := xmlenc.Decrypt(ea.Element, nil, nil); errors.As(err, &xe) && xe.Cause == xmlenc.CauseNoKey {
					var named []xmlenc.Recipient
					for _, r := range xe.Recipients {
						if r.Named() {
							named = append(named, r)
						}
					}
					if len(named) > 0 {
						forWhom = " (it was encrypted for " + recipients(named) + ")"
					}
				}
				p.Report(Finding{Severity: Warning, Location: Location{XMLPath: saml.Path(ea.Element)},
					Message: humanf("%s (data %s, key %s) was not decrypted: no --sp-key was given, so nothing inside it "+
						"(NameID, attributes, audience, conditions, its signature) was checked; give the service provider's "+
						"private key with --sp-key FILE (--sp-key-pass-env NAME for an encrypted key file)%s",
						where, orNone(xmlenc.AlgorithmName(ea.DataAlgorithm)), orNone(xmlenc.AlgorithmName(ea.KeyAlgorithm)), forWhom)})
			case d.Err != nil:
				p.Report(Finding{Location: Location{XMLPath: saml.Path(ea.Element)}, Message: decryptionFailure(where, d, keys)})
			case d.Deprecated != "":
				p.Report(Finding{Severity: Warning, Location: Location{XMLPath: saml.Path(ea.Element)},
					Message: humanf("%s was decrypted with %s, but %s", where, d.Key, d.Deprecated)})
			}
		}
	},
}

// decryptionFailure says why d did not decrypt, for people.
func decryptionFailure(where string, d *saml.Decryption, keys []*xmlenc.Key) string {
	given := describeKeys(keys)
	if errors.Is(d.Err, saml.ErrNotAssertion) {
		why := strings.TrimSuffix(strings.TrimPrefix(d.Err.Error(), "saml: "), ": "+saml.ErrNotAssertion.Error())
		return humanf("%s was decrypted with %s (%s), but %s; expected one saml:Assertion", where, d.Key, decryptionAlgorithms(d), why)
	}
	var xe *xmlenc.Error
	if !errors.As(d.Err, &xe) {
		return humanf("%s cannot be decrypted: %v", where, d.Err)
	}
	detail := flatten(xe.Err)
	switch xe.Cause {
	case xmlenc.CauseKeyMismatch:
		return humanf("%s was encrypted for %s; --sp-key holds %s: none of them is that key, and none opens it "+
			"(%s). The IdP still encrypts with an old SP certificate, or the key file is the other one of the two "+
			"the provider holds: upload the SP's current encryption certificate to the IdP, or give the key of %s",
			where, recipients(xe.Recipients), given, detail, recipients(xe.Recipients))
	case xmlenc.CauseCorrupt:
		named := ""
		for _, r := range xe.Recipients {
			if r.Match != nil {
				named = humanf("the EncryptedKey names %s, which is the key in %s; ", r, r.Match.File)
				break
			}
		}
		return humanf("%s does not decrypt with the matching key: %sbut %s. The EncryptedAssertion was altered or "+
			"corrupted after the IdP encrypted it (a proxy, a copy-paste, an edited capture); capture the login again",
			where, named, detail)
	case xmlenc.CauseWrongKey:
		return humanf("none of the given keys opens %s: --sp-key holds %s (%s). The EncryptedKey does not say which "+
			"key it was encrypted for: the IdP encrypts for another SP certificate (compare the encryption "+
			"certificate configured at the IdP with the public key fingerprints above), or the data was altered",
			where, given, detail)
	case xmlenc.CauseUnsupported:
		return humanf("%s uses %s (%s), which samlcheck does not decrypt: %s", where, xmlenc.AlgorithmName(xe.Algorithm), xe.Algorithm, detail)
	case xmlenc.CauseMalformed:
		return humanf("%s is malformed: %s; expected xenc:EncryptedData with a CipherValue and an RSA EncryptedKey", where, detail)
	}
	return humanf("%s cannot be decrypted: %s", where, detail)
}

// describeKeys names the given keys without disclosing them: file, public
// key fingerprint and the certificates that came with each.
func describeKeys(keys []*xmlenc.Key) string {
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k.String()
		for _, c := range k.Certs {
			parts[i] += humanf(" with certificate %q (SHA-256 %s)", c.Subject.String(), saml.Fingerprint(c.Raw, true))
		}
	}
	return strings.Join(parts, "; ")
}

func recipients(rs []xmlenc.Recipient) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = r.String()
	}
	return strings.Join(parts, " and ")
}

// decryptionAlgorithms names the algorithms of a decryption: "rsa-oaep-mgf1p
// (sha1), aes256-cbc".
func decryptionAlgorithms(d *saml.Decryption) string {
	s := xmlenc.AlgorithmName(d.KeyAlgorithm)
	if d.DigestAlgorithm != "" {
		s += " (" + xmlenc.AlgorithmName(d.DigestAlgorithm)
		if d.KeyAlgorithm == xmlenc.RSAOAEP {
			s += ", " + xmlenc.AlgorithmName(d.MGFAlgorithm)
		}
		s += ")"
	}
	return s + ", " + xmlenc.AlgorithmName(d.DataAlgorithm)
}

// flatten writes an error, and each of several joined ones, on one line.
func flatten(err error) string {
	if err == nil {
		return "no detail"
	}
	return strings.ReplaceAll(err.Error(), "\n", "; ")
}
