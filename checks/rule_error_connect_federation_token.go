package checks

var connectFederationTokenRule = errorRule("error/connect-federation-token",
	"the login ended on Amazon Connect's \"Access denied, Please contact your AWS account administrator\"", "", "",
	connectTrouble.at("Error Message: Access denied, Please contact your AWS account administrator for assistance."))
