package checks

import (
	"time"

	"github.com/beevik/etree"
	"github.com/samlcheck/samlcheck/saml"
)

var clockSkewRule = &Rule{
	ID:       "saml/clock-skew",
	Title:    "IssueInstant differs from the capture time by more than the skew",
	Severity: Warning,
	Profiles: allProfiles,
	Doc: "The IdP stamps IssueInstant with its clock; the HAR's startedDateTime is the user's computer's clock at " +
		"the moment the message was seen. When they differ by more than a few minutes one of the clocks is wrong, " +
		"and the service provider (whose clock is right) will find the assertion not yet valid or expired.",
	Fix: "Compare both clocks with a time server: synchronise the IdP with NTP; if the IdP is right, the user's " +
		"computer clock is off (then only the capture's times are wrong, not the login).",
	Refs: []Ref{samlCore.at("§1.3.3 Time Values; §3.2.2 IssueInstant"), samlProfiles.at("§4.1.4.3 <Response> Message Processing Rules")},
	Run: func(p *Pass) {
		captured := p.Encoded.Source.Started
		if captured.IsZero() {
			return
		}
		skew := p.Config.skew()
		check := func(el *etree.Element, what string, t saml.Time) {
			if !t.Valid() {
				return
			}
			d := t.Time.Sub(captured)
			switch {
			case d > skew:
				p.Reportf(el, "%s IssueInstant %s is %s after the capture time %s (HAR entry %d): the IdP's clock is ahead, or this computer's clock is behind",
					what, t.Raw, human(d), captured.UTC().Format(time.RFC3339), p.Encoded.Source.Entry+1)
			case d < -skew:
				p.Reportf(el, "%s IssueInstant %s is %s before the capture time %s (HAR entry %d): the IdP's clock is behind, this computer's clock is ahead, or the message is old (replayed)",
					what, t.Raw, human(d), captured.UTC().Format(time.RFC3339), p.Encoded.Source.Entry+1)
			}
		}
		switch m := p.Message; {
		case m.Response != nil:
			check(m.Response.Element, "the Response", m.Response.IssueInstant)
		case m.AuthnRequest != nil:
			check(m.AuthnRequest.Element, "the AuthnRequest", m.AuthnRequest.IssueInstant)
		}
		for _, a := range p.Assertions() {
			if p.Message.Response != nil && a.IssueInstant.Raw == p.Message.Response.IssueInstant.Raw {
				continue // one finding for the same clock reading
			}
			check(a.Element, "assertion "+a.ID, a.IssueInstant)
		}
	},
}
