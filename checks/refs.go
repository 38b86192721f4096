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
var idcUnexpectedError = idcTroubleshooting.at("Error 'An unexpected error has occurred' when a user tries to sign in using an external identity provider")

var idcABAC = Ref{
	Title:   "IAM Identity Center User Guide: Attributes for access control",
	URL:     idcABACURL,
	Section: "Using the SAML assertion to pass attributes (https://aws.amazon.com/SAML/Attributes/AccessControl:{TagKey})",
}

// refPage is a documented page the rules cite, section by section.
type refPage struct{ title, url string }

// at returns the Ref to section of p.
func (p refPage) at(section string) Ref { return Ref{Title: p.title, URL: p.url, Section: section} }

// The pages more than one Ref cites, or a family cites section by section.
var (
	idcTroubleshooting = refPage{"IAM Identity Center User Guide: Troubleshooting", idcTroubleshootingURL}
	idcOtherIdPs       = refPage{"IAM Identity Center User Guide: Other identity providers", idcOtherIdPsURL}
	// The saml/* rules cite the SAML 2.0 standard with the file name in
	// the title; the others with the short title (*Spec).
	samlCore           = refPage{"SAML 2.0 Core (saml-core-2.0-os)", samlCoreURL}
	samlBindings       = refPage{"SAML 2.0 Bindings (saml-bindings-2.0-os)", samlBindingsURL}
	samlProfiles       = refPage{"SAML 2.0 Profiles (saml-profiles-2.0-os)", samlProfilesURL}
	samlCoreSpec       = refPage{"SAML 2.0 Core", samlCoreURL}
	samlBindingsSpec   = refPage{"SAML 2.0 Bindings", samlBindingsURL}
	samlProfilesSpec   = refPage{"SAML 2.0 Profiles", samlProfilesURL}
	iamAssertions      = refPage{"IAM User Guide: Configure SAML assertions for the authentication response", iamAssertionsURL}
	iamTroubleshoot    = refPage{"IAM User Guide: Troubleshoot SAML federation with IAM", iamTroubleshootURL}
	iamSessionTags     = refPage{"IAM User Guide: Pass session tags in AWS STS", iamSessionTagsURL}
	iamQuotas          = refPage{"IAM User Guide: IAM and AWS STS quotas, name requirements, and character limits", iamQuotasURL}
	stsAssumeSAML      = refPage{"AWS STS API Reference: AssumeRoleWithSAML", stsAssumeSAMLURL}
	connectSAML        = refPage{"Amazon Connect Administrator Guide: Configure SAML with IAM for Amazon Connect", connectSAMLURL}
	connectTrouble     = refPage{"Amazon Connect Administrator Guide: Troubleshoot SAML with Amazon Connect", connectTroubleURL}
	ttiSettings        = refPage{"IAM Identity Center User Guide: Trusted token issuer configuration settings", errTTISettingsURL}
	createTokenWithIAM = refPage{"IAM Identity Center OIDC API Reference: CreateTokenWithIAM", errCreateTokenWithIAMURL}
	qCustomWebTrouble  = refPage{"AWS Samples: Custom web experience with Amazon Q Business, TROUBLESHOOTING.md", errQCustomWebTroubleURL}
	albAuthenticate    = refPage{"Elastic Load Balancing User Guide: Authenticate users using an Application Load Balancer", "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-authenticate-users.html"}
	xmlenc11           = refPage{"W3C XML Encryption Syntax and Processing Version 1.1", "https://www.w3.org/TR/xmlenc-core1/"}
)
