package checks

var invalidGrantRule = errorRule("error/invalid-grant",
	"a token exchange with IAM Identity Center failed with InvalidGrantException", "", "",
	createTokenWithIAM.at("Errors: InvalidGrantException"),
	ttiSettings.at("OIDC discovery endpoint URL (issuer URL); Attribute mapping"),
	qCustomWebTrouble.at("InvalidGrantException"))
