// Package checks holds samlcheck's rule catalogue and runs it on decoded
// SAML messages.
//
// Each rule is a [Rule] literal: its stable id, title, severity, the
// profiles it runs under, why a login fails when it fires, how to fix it,
// the documented sources it is taken from, and its code. [All] returns the
// registry, an explicit list sorted by id, and [Lookup] finds one rule. A
// [Checker] (made by [New] from a [Config]) checks captures: it decodes each
// message, picks its profile, runs the rules and collects every finding as
// data into a [Report]; a message that does not decode becomes a
// saml/decode finding and never stops the others. [Run] and [RunCaptures]
// are the one-call forms, for messages or captures at hand.
//
// A rule literal also declares what the report relies on: the severity of
// each case that is not the default ([Case]), so that `samlcheck explain`
// says every severity its findings can carry; the inputs besides the
// messages it reads ([Given]: --users, --acs, …), so that a given input no
// rule consulted becomes a [Notice] saying why; and the less specific rules
// whose findings about the same value report the same root cause
// (Rule.SameCause), which are then marked [Finding].SameCauseAs and shown
// under it. The profile is chosen from the message and, where it is silent,
// the kind of the --users list ([users.Kind]).
//
// What rules share about a message is declared too, as go/analysis's
// Requires: a rule lists in Rule.Requires the shared results it reads
// ([Signatures]: the signature verification; [Flow]: the AuthnRequest a
// Response answers) and gets each with [ResultOf], computed once per
// message. A rule of one's own, listed in Config.Rules beside those of
// [All], reads them the same way.
// A [Checker] runs the rules with one configuration; its Prepare decodes
// and verifies a message ahead, as a reader finds it, and [Merge] joins
// the reports of inputs checked one by one.
//
// The package sees decoded messages and where they were found
// ([saml.Encoded]), and the input they came from as a [capture.Capture]
// (its pages, exchanges and documents), never HAR JSON: the har package
// finds the messages and fills the capture ([MayBeErrorPage] and
// [KeepExchange] say which pages and exchanges to keep for the rules).
//
// Other packages own the rest: checks/analyze reads inputs of every kind
// and checks them (the entry point for files and streams), checks/report
// writes a Report in each output format, checks/config reads the
// configuration file, checks/diff compares a working login with a failing
// one, checks/pagetext reads the visible text of pages and checks/users
// the --users list.
package checks

//go:generate go run ./internal/fixturegen -out ../testdata -keys ../testdata/keys
