package main

// signatureRuleFixtures lists the XML fixtures of the signature, trust and XML-attack rules.
func signatureRuleFixtures() []ruleFixture {
	return nil
}
