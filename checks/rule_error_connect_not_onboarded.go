package checks

var connectNotOnboardedRule = errorRule("error/connect-not-onboarded",
	"the login ended on Amazon Connect's \"has not been onboarded to this application\"", "", "",
	connectTrouble.at("Error Message: Access Denied. Your account has been authenticated, but has not been onboarded to this application."))
