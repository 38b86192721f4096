package checks

var idcInvalidMFARule = errorRule("error/idc-invalid-mfa",
	"the login ended on IAM Identity Center's \"Invalid MFA credentials\"", "", "", idcInvalidMFARef)
