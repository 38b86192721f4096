package checks

import (
	"fmt"
	"net/url"

	"github.com/samlcheck/samlcheck/saml"
)

var iamEncryptedAssertionRule = &Rule{
	ID:       "iam/encrypted-assertion",
	Title:    "an EncryptedAssertion needs encryption enabled on the IAM SAML provider",
	Severity: Warning,
	Profiles: iamProfiles,
	Doc: "IAM decrypts an EncryptedAssertion only when the IAM SAML provider has a private key and its " +
		"AssertionEncryptionMode is Allowed or Required, and the Response is then posted to the provider's own " +
		"endpoint https://<region>.signin.aws.amazon.com/saml/acs/<IdP-ID>. With encryption off, or posted to the " +
		"global /saml endpoint, AWS cannot read the assertion and the sign-in fails. Without the SP's private key " +
		"(--sp-key) samlcheck cannot decrypt the assertion, so the iam/* attribute rules could not check it.",
	Fix: "Either turn assertion encryption off in the IdP application, or upload the encryption private key to the " +
		"IAM SAML provider, set its assertion encryption mode to Allowed or Required, and use the provider's " +
		"/saml/acs/<IdP-ID> URL (shown in the IAM console) as the IdP's ACS URL and Recipient.",
	Refs: []Ref{
		iamAssertions.at("Encrypted SAML assertions (SubjectConfirmationData Recipient /saml/acs/<IdP-ID>)"),
		stsAssumeSAML.at("Request Parameters: SAMLAssertion"),
	},
	Run: func(p *Pass) {
		m := p.Message
		var n int
		el := m.Doc.Root()
		dest := ""
		switch {
		case m.Response != nil:
			n, dest = len(m.Response.EncryptedAssertions), m.Response.Destination
		case m.EncryptedAssertion != nil:
			n = 1
		}
		if n == 0 {
			return
		}
		checked := "samlcheck could not check its content: give the SP's key with --sp-key"
		decrypted := 0
		for _, ea := range m.EncryptedAssertions() {
			if ea.Decryption.Decrypted() {
				decrypted++
			}
		}
		if decrypted == n {
			checked = "decrypted with --sp-key, its content was checked"
		}
		msg := fmt.Sprintf("the message carries %s; AWS decrypts it only if the IAM SAML provider's assertion encryption mode is Allowed or Required (%s)", count(n, "EncryptedAssertion"), checked)
		if dest != "" {
			if pu, err := url.Parse(dest); err != nil || !iamACSPathRE.MatchString(pu.EscapedPath()) {
				msg += humanf("; Destination %q is not the provider's https://<region>.signin.aws.amazon.com/saml/acs/<IdP-ID> URL that encrypted assertions must be posted to", dest)
			}
		}
		p.Report(Finding{Message: msg, Location: Location{XMLPath: saml.Path(el)}})
	},
}
