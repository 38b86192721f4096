package checks

var connectFederationTokenRule = errorRule("error/connect-federation-token",
	"the login ended on Amazon Connect's \"Access denied, Please contact your AWS account administrator\"", "", "",
	Ref{Title: "Amazon Connect Administrator Guide: Troubleshoot SAML with Amazon Connect", URL: errConnectTroubleURL,
		Section: "Error Message: Access denied, Please contact your AWS account administrator for assistance."})
