package checks

// Documented sources the rules cite; each rule's Refs name the sections
// it relies on.
const (
	idcTroubleshootingURL = "https://docs.aws.amazon.com/singlesignon/latest/userguide/troubleshooting.html"
	idcOtherIdPsURL       = "https://docs.aws.amazon.com/singlesignon/latest/userguide/other-idps.html"
	idcABACURL            = "https://docs.aws.amazon.com/singlesignon/latest/userguide/attributesforaccesscontrol.html"
	samlCoreURL           = "https://docs.oasis-open.org/security/saml/v2.0/saml-core-2.0-os.pdf"
	samlBindingsURL       = "https://docs.oasis-open.org/security/saml/v2.0/saml-bindings-2.0-os.pdf"
	samlProfilesURL       = "https://docs.oasis-open.org/security/saml/v2.0/saml-profiles-2.0-os.pdf"
)

// idcUnexpectedError is the troubleshooting section that lists the causes of
// "An unexpected error has occurred" with an external IdP.
var idcUnexpectedError = Ref{
	Title:   "IAM Identity Center User Guide: Troubleshooting",
	URL:     idcTroubleshootingURL,
	Section: "Error 'An unexpected error has occurred' when a user tries to sign in using an external identity provider",
}

var idcABAC = Ref{
	Title:   "IAM Identity Center User Guide: Attributes for access control",
	URL:     idcABACURL,
	Section: "Using the SAML assertion to pass attributes (https://aws.amazon.com/SAML/Attributes/AccessControl:{TagKey})",
}
