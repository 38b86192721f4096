package checks

import (
	"fmt"
	"slices"
	"time"

	"github.com/beevik/etree"
	"github.com/samlcheck/samlcheck/saml"
)

var timeWindowRule = &Rule{
	ID:       "saml/time-window",
	Title:    "the assertion is outside its validity window at the reference time",
	Severity: Error,
	Cases: []Case{
		{Severity: Warning, When: "NotBefore is not before NotOnOrAfter: the window is empty, or (judged against the IssueInstant) the window ends less than a minute after the message was issued"},
		{Severity: Info, When: "no capture time and no --at: the reference time was the message's own IssueInstant (or none was available), so the windows were checked for consistency only"},
	},
	Profiles: allProfiles,
	Doc: "A service provider accepts an assertion only between Conditions NotBefore and NotOnOrAfter, and only " +
		"before the bearer SubjectConfirmationData NotOnOrAfter (NotOnOrAfter is exclusive), allowing a few minutes " +
		"of clock skew. An assertion checked too early (the IdP's clock runs ahead) or too late (the IdP's clock " +
		"runs behind, the window is too short, or the response was replayed) is rejected. " +
		"The reference time is the HAR entry's capture time, else --at, else the message's own IssueInstant: a " +
		"pasted or saved message has no capture time, and judging it against the current time would call every " +
		"message expired minutes after the login. Against its IssueInstant the rule checks that the message is " +
		"consistent with itself (error: a window that had not begun, or had ended, beyond the skew when the " +
		"message was issued; warning: a window ending less than a minute after IssueInstant) and says so at info.",
	Fix: "Synchronise the IdP's clock with NTP, and give assertions a validity of at least a few minutes " +
		"(most IdPs use 5). The reference time is the capture time of the HAR entry; for a file, pass --at with " +
		"the time of the login, else only the message's consistency with its own IssueInstant is checked.",
	Refs: []Ref{samlCore("§2.5.1.2 Attributes NotBefore and NotOnOrAfter (NotOnOrAfter is exclusive); §1.3.3 Time Values"), samlProfiles("§4.1.4.3 <Response> Message Processing Rules")},
	Run: func(p *Pass) {
		ref, from := p.RefTime()
		skew := p.Config.skew()
		own := from == RefIssueInstant
		if m := p.Message; m != nil && (own || ref.IsZero()) && (m.Response != nil || m.Assertion != nil) {
			// Said for the messages whose times decide a login: a
			// Response or an assertion.
			reportOwnReference(p, ref)
		}
		for _, a := range p.Assertions() {
			var windows []window
			if c := a.Conditions; c != nil {
				windows = append(windows, window{c.Element, "Conditions", c.NotBefore, c.NotOnOrAfter})
			}
			for _, sc := range bearerConfirmations(a) {
				if sc.Data != nil {
					windows = append(windows, window{sc.Data.Element, "SubjectConfirmationData", saml.Time{}, sc.Data.NotOnOrAfter})
				}
			}
			issued := saml.Time{Raw: ref.UTC().Format(time.RFC3339), Time: ref}
			if a.IssueInstant.Valid() {
				issued = a.IssueInstant
			}
			for _, w := range windows {
				if own {
					w.checkIssued(p, issued, skew)
				} else {
					w.check(p, ref, from, skew)
				}
			}
		}
	},
}

// minWindow is the shortest validity after IssueInstant that saml/time-window
// accepts without a warning when a message is checked against its own
// IssueInstant: the browser posts the response at once, but the service
// provider's clock may differ from the IdP's.
const minWindow = time.Minute

// reportOwnReference says, at info, that the message had no real reference
// time: the time checks used its IssueInstant ref, or (ref zero) none.
func reportOwnReference(p *Pass, ref time.Time) {
	f := Finding{Severity: Info,
		Why: "A pasted or saved message carries no capture time. Judging it against the current time would call " +
			"every message expired minutes after the login, so samlcheck takes the IdP's own clock reading instead.",
		Fix: "Pass --at with the time the login was tried (RFC 3339, such as 2026-11-01T10:00:30Z), or check a HAR " +
			"capture of the login, whose entries carry the time."}
	if ref.IsZero() {
		f.Message = "no reference time: no capture time, no --at, and no valid IssueInstant; the validity windows and " +
			"certificate dates were not checked against a time"
	} else {
		f.Message = sprintf("the reference time is the message's own IssueInstant %s (no capture time, no --at): the "+
			"validity windows and certificate dates were checked for consistency with it, not against a real time; "+
			"--at checks them against the time of the login", ref.UTC().Format(time.RFC3339))
	}
	p.Report(f)
}

// window is one validity window of an assertion.
type window struct {
	el           *etree.Element
	what         string
	notBefore    saml.Time
	notOnOrAfter saml.Time
}

// checkShape reports malformed times and an empty window, whatever the
// reference time.
func (w window) checkShape(p *Pass) {
	for _, t := range []struct {
		name string
		v    saml.Time
	}{{"NotBefore", w.notBefore}, {"NotOnOrAfter", w.notOnOrAfter}} {
		if t.v.IsSet() && t.v.Err != nil {
			p.Reportf(w.el, "%s %s %q is not an xs:dateTime: %v", w.what, t.name, t.v.Raw, t.v.Err)
		}
	}
	nb, na := w.notBefore, w.notOnOrAfter
	if nb.Valid() && na.Valid() && !nb.Time.Before(na.Time) {
		p.Report(Finding{Severity: Warning, Location: Location{XMLPath: saml.Path(w.el)},
			Message: sprintf("%s NotBefore %s is not before NotOnOrAfter %s: the window is empty", w.what, nb.Raw, na.Raw)})
	}
}

func (w window) check(p *Pass, ref time.Time, from string, skew time.Duration) {
	w.checkShape(p)
	if ref.IsZero() {
		return
	}
	nb, na := w.notBefore, w.notOnOrAfter
	if nb.Valid() && ref.Add(skew).Before(nb.Time) {
		p.Reportf(w.el, "at %s (%s) the %s is not yet valid: NotBefore is %s, %s later (beyond the %s skew allowed); the IdP's clock is probably ahead",
			ref.UTC().Format(time.RFC3339), from, w.what, nb.Raw, human(nb.Time.Sub(ref)), skew)
	}
	if na.Valid() && !ref.Add(-skew).Before(na.Time) {
		p.Reportf(w.el, "at %s (%s) the %s has expired: NotOnOrAfter was %s, %s earlier (beyond the %s skew allowed)",
			ref.UTC().Format(time.RFC3339), from, w.what, na.Raw, human(ref.Sub(na.Time)), skew)
	}
}

// checkIssued checks the window against the IssueInstant issued of its
// assertion (no real reference time): saml-core §2.5.1.2 and the profiles'
// processing rules mean NotBefore ≤ IssueInstant < NotOnOrAfter for an
// assertion meant to be used at once, with a window of a few minutes.
func (w window) checkIssued(p *Pass, issued saml.Time, skew time.Duration) {
	w.checkShape(p)
	if !issued.Valid() {
		return
	}
	const fix = "Have the IdP set NotBefore at or before IssueInstant and NotOnOrAfter a few minutes after it " +
		"(most IdPs use 5); if it computes them from another clock than IssueInstant's, synchronise it with NTP."
	nb, na := w.notBefore, w.notOnOrAfter
	if nb.Valid() && issued.Time.Add(skew).Before(nb.Time) {
		p.Report(Finding{Location: Location{XMLPath: saml.Path(w.el)}, Fix: fix,
			Message: sprintf("the %s was not yet valid when issued: NotBefore %s is %s after IssueInstant %s (beyond the %s skew allowed), so a service provider receiving it at once rejects it",
				w.what, nb.Raw, human(nb.Time.Sub(issued.Time)), issued.Raw, skew)})
	}
	if !na.Valid() {
		return
	}
	switch d := na.Time.Sub(issued.Time); {
	case d <= -skew:
		p.Report(Finding{Location: Location{XMLPath: saml.Path(w.el)}, Fix: fix,
			Message: sprintf("the %s had expired when issued: NotOnOrAfter %s is %s before IssueInstant %s (beyond the %s skew allowed)",
				w.what, na.Raw, human(-d), issued.Raw, skew)})
	case d <= 0:
		p.Report(Finding{Severity: Warning, Location: Location{XMLPath: saml.Path(w.el)}, Fix: fix,
			Message: sprintf("the %s NotOnOrAfter %s is not after IssueInstant %s: it had expired when issued, and passes only within a service provider's clock-skew allowance",
				w.what, na.Raw, issued.Raw)})
	case d < minWindow:
		p.Report(Finding{Severity: Warning, Location: Location{XMLPath: saml.Path(w.el)}, Fix: fix,
			Message: sprintf("the %s is valid for only %s after IssueInstant %s (NotOnOrAfter %s): a delay or a clock difference of that much makes the service provider reject it; expected at least %s",
				w.what, human(d), issued.Raw, na.Raw, human(minWindow))})
	}
}

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
	Refs: []Ref{samlCore("§1.3.3 Time Values; §3.2.2 IssueInstant"), samlProfiles("§4.1.4.3 <Response> Message Processing Rules")},
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

var inResponseToRule = &Rule{
	ID:       "saml/in-response-to",
	Title:    "InResponseTo names no AuthnRequest of this login, or the two InResponseTo disagree",
	Severity: Warning,
	Profiles: allProfiles,
	Doc: "In an SP-initiated login the Response's InResponseTo (and the bearer SubjectConfirmationData's) name " +
		"the ID of the AuthnRequest it answers, and the service provider accepts only responses to requests it " +
		"sent, in this browser session. An InResponseTo that matches no request (a stale tab, a second login in " +
		"parallel, a Response replayed) or two that disagree is rejected. An IdP-initiated Response has none.",
	Fix: "Start the login again from the service provider (or from the IdP's app tile for IdP-initiated login) in " +
		"one tab; if the IdP answers with the wrong ID, check its session handling.",
	Refs: []Ref{samlProfiles("§4.1.4.2 <Response> Usage; §4.1.5 Unsolicited Responses"), samlCore("§3.2.2 InResponseTo")},
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
		var requests []string
		for _, other := range p.Results {
			if other.Message != nil && other.Message.AuthnRequest != nil {
				requests = append(requests, other.Message.AuthnRequest.ID)
			}
		}
		if slices.Contains(requests, r.InResponseTo) {
			return
		}
		if len(requests) == 0 {
			p.Reportf(r.Element, "the Response answers AuthnRequest %q (SP-initiated) but the capture holds no AuthnRequest: start recording before the login, or the request went to another tab", r.InResponseTo)
			return
		}
		p.Reportf(r.Element, "the Response answers AuthnRequest %q (SP-initiated) but the capture's AuthnRequests are %s", r.InResponseTo, fmt.Sprintf("%q", requests))
	},
}
