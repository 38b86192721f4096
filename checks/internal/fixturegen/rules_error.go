package main

// errorRuleFixtures lists the XML fixtures of the error/ rules.
func errorRuleFixtures() []ruleFixture {
	return nil
}
