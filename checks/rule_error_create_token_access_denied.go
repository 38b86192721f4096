package checks

var createTokenAccessDeniedRule = errorRule("error/create-token-access-denied",
	"CreateTokenWithIAM failed with AccessDeniedException", "", "",
	Ref{Title: "IAM Identity Center OIDC API Reference: CreateTokenWithIAM", URL: errCreateTokenWithIAMURL, Section: "Errors: AccessDeniedException"},
	Ref{Title: "AWS Samples: Custom web experience with Amazon Q Business, TROUBLESHOOTING.md", URL: errQCustomWebTroubleURL,
		Section: "AccessDeniedException when calling CreateTokenWithIAM operation"})
