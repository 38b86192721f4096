package checks

var idcUnexpectedRule = errorRule("error/idc-unexpected",
	"the login ended on IAM Identity Center's \"An unexpected error has occurred\"", "", "",
	idcUnexpectedError,
	Ref{Title: "IAM Identity Center User Guide: Other identity providers", URL: idcOtherIdPsURL, Section: "SAML assertion requirements"})
