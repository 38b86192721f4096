package checks

var iamSAMLErrorRule = errorRule("error/iam-saml",
	"the login ended on an AWS IAM SAML sign-in error",
	"AWS sign-in (https://signin.aws.amazon.com/saml) or STS AssumeRoleWithSAML rejected the SAML response with one of the "+
		"errors the IAM User Guide documents: an invalid SAML response (no usable Role attribute), RoleSessionName missing or "+
		"malformed, SourceIdentity malformed, not authorized to perform sts:AssumeRoleWithSAML (role or trust policy), an "+
		"invalid signature (the IAM provider's metadata is out of date), an Issuer the provider does not declare, unreadable "+
		"metadata, a provider that does not exist, a missing audience, or a session longer than the role allows. Each "+
		"finding names the error found and its documented causes.",
	"Fix what the finding's likely-cause rules name, or the documented cause of the error found.",
	iamSAMLRefs()...)

// iamSAMLRefs cites every section of IAM's SAML troubleshooting page that
// error/iam-saml recognises.
func iamSAMLRefs() []Ref {
	var refs []Ref
	for i := range errorSigns {
		if s := &errorSigns[i]; s.rule == "error/iam-saml" {
			refs = append(refs, Ref{Title: "IAM User Guide: Troubleshooting SAML 2.0 federation with AWS", URL: errIAMTroubleURL, Section: s.section})
		}
	}
	return refs
}
