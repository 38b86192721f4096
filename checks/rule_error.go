package checks

// errorRules recognise the error pages and error JSON a login ended on
// (error/*). They run per capture, after the message rules.
var errorRules = []*Rule{}
