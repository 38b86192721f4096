package checks

var connectBadRequestRule = errorRule("error/connect-bad-request",
	"the login ended on Amazon Connect's \"Bad Request\"", "", "",
	Ref{Title: "Amazon Connect Administrator Guide: Troubleshoot SAML with Amazon Connect", URL: errConnectTroubleURL,
		Section: "Error Message: Bad Request. The request was not valid and could not be processed."})
