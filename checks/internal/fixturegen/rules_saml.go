package main

// samlRuleFixtures lists the XML fixtures of the SAML 2.0 core rules.
func samlRuleFixtures() []ruleFixture {
	return nil
}
