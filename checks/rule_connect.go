package checks

// connectRules are the Amazon Connect rules (connect/*).
var connectRules = []*Rule{
	connectRelayStateRule,
	connectRoleSessionNameRule,
	connectSingleRoleRule,
}

// connectProfiles are the profiles the connect/* rules run under.
var connectProfiles = []Profile{Connect}
