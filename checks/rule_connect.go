package checks

// connectRules are the Amazon Connect rules (connect/*).
var connectRules = []*Rule{
	connectRelayStateRule,
	connectRoleSessionNameRule,
	connectSingleRoleRule,
}
