package checks

var idcUnexpectedRule = errorRule("error/idc-unexpected",
	"the login ended on IAM Identity Center's \"An unexpected error has occurred\"", "", "",
	idcUnexpectedError,
	idcOtherIdPs.at("SAML assertion requirements"))
