package checks

var invalidGrantRule = errorRule("error/invalid-grant",
	"a token exchange with IAM Identity Center failed with InvalidGrantException", "", "",
	Ref{Title: "IAM Identity Center OIDC API Reference: CreateTokenWithIAM", URL: errCreateTokenWithIAMURL, Section: "Errors: InvalidGrantException"},
	Ref{Title: "IAM Identity Center User Guide: Trusted token issuer configuration settings", URL: errTTISettingsURL,
		Section: "OIDC discovery endpoint URL (issuer URL); Attribute mapping"},
	Ref{Title: "AWS Samples: Custom web experience with Amazon Q Business, TROUBLESHOOTING.md", URL: errQCustomWebTroubleURL, Section: "InvalidGrantException"})
