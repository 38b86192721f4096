package main

// iamRuleFixtures lists the XML fixtures of the iam/ and connect/ rules.
func iamRuleFixtures() []ruleFixture {
	return nil
}
