package checks

// iamRules are the AWS IAM SAML federation rules (iam/*).
var iamRules = []*Rule{}
