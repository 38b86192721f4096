package checks

var connectBadRequestRule = errorRule("error/connect-bad-request",
	"the login ended on Amazon Connect's \"Bad Request\"", "", "",
	connectTrouble.at("Error Message: Bad Request. The request was not valid and could not be processed."))
