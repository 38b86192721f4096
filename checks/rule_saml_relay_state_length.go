package checks

import "fmt"

// maxRelayState is the RelayState length saml-bindings §3.4.3 and §3.5.3
// allow.
const maxRelayState = 80

var relayStateLengthRule = &Rule{
	ID:       "saml/relay-state-length",
	Title:    "RelayState longer than 80 bytes",
	Severity: Info,
	Profiles: []Profile{IdentityCenter, IAM, SAML},
	Doc: "The bindings limit RelayState to 80 bytes. Many service providers accept longer values, but some " +
		"truncate or reject them. Not checked under the connect profile, whose documented RelayState is longer.",
	Fix:  "Keep the RelayState short, or confirm that the service provider accepts its length.",
	Refs: []Ref{samlBindings.at("§3.4.3 RelayState; §3.5.3 RelayState")},
	Run: func(p *Pass) {
		if n := len(p.Encoded.RelayState); n > maxRelayState {
			p.Report(Finding{Message: fmt.Sprintf("RelayState is %d bytes; the bindings allow %d", n, maxRelayState)})
		}
	},
}
