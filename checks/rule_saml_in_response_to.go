package checks

import "fmt"

var inResponseToRule = &Rule{
	ID:       "saml/in-response-to",
	Title:    "InResponseTo names no AuthnRequest of this login, or the two InResponseTo disagree",
	Severity: Warning,
	Profiles: allProfiles,
	Requires: []Requirement{Flow},
	Doc: "In an SP-initiated login the Response's InResponseTo (and the bearer SubjectConfirmationData's) name " +
		"the ID of the AuthnRequest it answers, and the service provider accepts only responses to requests it " +
		"sent, in this browser session. An InResponseTo that matches no request (a stale tab, a second login in " +
		"parallel, a Response replayed) or two that disagree is rejected. An IdP-initiated Response has none.",
	Fix: "Start the login again from the service provider (or from the IdP's app tile for IdP-initiated login) in " +
		"one tab; if the IdP answers with the wrong ID, check its session handling.",
	Refs: []Ref{samlProfiles.at("§4.1.4.2 <Response> Usage; §4.1.5 Unsolicited Responses"), samlCore.at("§3.2.2 InResponseTo")},
	Run: func(p *Pass) {
		r := p.Message.Response
		if r == nil {
			return
		}
		for _, a := range p.Message.Assertions() {
			for _, sc := range bearerConfirmations(a) {
				if sc.Data != nil && sc.Data.InResponseTo != r.InResponseTo && sc.Data.InResponseTo != "" {
					p.Reportf(sc.Data.Element, "SubjectConfirmationData InResponseTo %q differs from the Response InResponseTo %q", sc.Data.InResponseTo, r.InResponseTo)
				}
			}
		}
		if r.InResponseTo == "" || p.Encoded.Source.Entry < 0 {
			return // IdP-initiated, or not from a capture
		}
		if ResultOf(p, Flow).Request != nil {
			return // it answers a captured AuthnRequest
		}
		var requests []string
		for _, other := range p.Messages {
			if other.Message != nil && other.Message.AuthnRequest != nil {
				requests = append(requests, other.Message.AuthnRequest.ID)
			}
		}
		if len(requests) == 0 {
			p.Reportf(r.Element, "the Response answers AuthnRequest %q (SP-initiated) but the capture holds no AuthnRequest: start recording before the login, or the request went to another tab", r.InResponseTo)
			return
		}
		p.Reportf(r.Element, "the Response answers AuthnRequest %q (SP-initiated) but the capture's AuthnRequests are %s", r.InResponseTo, fmt.Sprintf("%q", requests))
	},
}
