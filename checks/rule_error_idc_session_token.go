package checks

var idcSessionTokenRule = errorRule("error/idc-session-token",
	"the login ended on \"Session token not found or invalid\"", "", "", idcSessionTokenRef)
