package checks

var idcNotYouRule = errorRule("error/idc-not-you-its-us",
	"the login ended on IAM Identity Center's \"It's not you, it's us\"", "", "", idcNotYouRef)
