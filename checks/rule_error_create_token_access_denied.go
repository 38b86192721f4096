package checks

var createTokenAccessDeniedRule = errorRule("error/create-token-access-denied",
	"CreateTokenWithIAM failed with AccessDeniedException", "", "",
	createTokenWithIAM.at("Errors: AccessDeniedException"),
	qCustomWebTrouble.at("AccessDeniedException when calling CreateTokenWithIAM operation"))
