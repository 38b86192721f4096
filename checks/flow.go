package checks

import "github.com/samlcheck/samlcheck/har/capture"

// FlowPair says how the login a message belongs to began: the Flow result.
type FlowPair struct {
	// Initiated is, for a Response, "SP-initiated" when it answers an
	// AuthnRequest (it has an InResponseTo) and "IdP-initiated" when it is
	// unsolicited; "" for other messages.
	Initiated string
	// Request is the AuthnRequest of the same capture that an
	// SP-initiated Response answers (its ID is the InResponseTo; the last
	// one, if the capture holds several), nil when it was not captured.
	Request *Decoded
}

// Flow pairs a Response with the captured AuthnRequest it answers
// (saml-profiles §4.1.4.2: InResponseTo names the request's ID), among the
// messages of its capture.
var Flow = &Shared[FlowPair]{name: "flow", compute: pairFlow}

// pairFlow computes the Flow result of p's message.
func pairFlow(p *Pass) FlowPair {
	if p.Message == nil || p.Message.Response == nil {
		return FlowPair{}
	}
	id := p.Message.Response.InResponseTo
	if id == "" {
		return FlowPair{Initiated: "IdP-initiated"}
	}
	f := FlowPair{Initiated: "SP-initiated"}
	for _, r := range p.Messages {
		if r.Message != nil && r.Message.AuthnRequest != nil && r.Message.AuthnRequest.ID == id {
			f.Request = r
		}
	}
	return f
}

// pairFlows marks each summary of a Response SP- or IdP-initiated and links
// it to the captured AuthnRequest it answers (the Flow result).
func (r *run) pairFlows(capt *capture.Capture, results []*Decoded, sums []MessageSummary) {
	for i, res := range results {
		f := resultOf(r.pass(capt, results, res, nil), Flow)
		sums[i].Flow = f.Initiated
		if f.Request != nil {
			idx := f.Request.Index
			sums[i].Answers = &idx
		}
	}
}
