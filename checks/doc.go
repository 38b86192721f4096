// Package checks holds samlcheck's rule catalogue and runs it on decoded
// SAML messages.
//
// Each rule is a [Rule] literal: its stable id (../shared/RULES.md), title,
// severity, the profiles it runs under, why a login fails when it fires, how
// to fix it, the documented sources it is taken from, and its code. [All]
// returns the registry, an explicit list sorted by id. [Run] decodes each
// message, picks its profile ([ChooseProfile]) and collects every finding as
// data into a [Report]; a message that does not decode becomes a saml/decode
// finding and never stops the others.
//
// The package sees decoded messages and where they were found
// ([saml.Encoded]), never HAR JSON: the har package finds the messages.
package checks

//go:generate go run ./internal/fixturegen -out ../testdata -keys ../testdata/keys
