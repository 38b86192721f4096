package checks

// iamRules are the AWS IAM SAML federation rules (iam/*).
var iamRules = []*Rule{
	iamAudienceRule,
	iamEncryptedAssertionRule,
	iamMetadataRule,
	iamNameIDRule,
	iamRecipientRule,
	iamResponseSizeRule,
	iamRoleAttributeRule,
	iamRoleSessionNameRule,
	iamSessionDurationRule,
	iamSessionTagsRule,
	iamSourceIdentityRule,
}
