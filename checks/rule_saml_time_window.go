package checks

import (
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
	Refs: []Ref{samlCore.at("§2.5.1.2 Attributes NotBefore and NotOnOrAfter (NotOnOrAfter is exclusive); §1.3.3 Time Values"), samlProfiles.at("§4.1.4.3 <Response> Message Processing Rules")},
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
		f.Message = humanf("the reference time is the message's own IssueInstant %s (no capture time, no --at): the "+
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
			Message: humanf("%s NotBefore %s is not before NotOnOrAfter %s: the window is empty", w.what, nb.Raw, na.Raw)})
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
			Message: humanf("the %s was not yet valid when issued: NotBefore %s is %s after IssueInstant %s (beyond the %s skew allowed), so a service provider receiving it at once rejects it",
				w.what, nb.Raw, human(nb.Time.Sub(issued.Time)), issued.Raw, skew)})
	}
	if !na.Valid() {
		return
	}
	switch d := na.Time.Sub(issued.Time); {
	case d <= -skew:
		p.Report(Finding{Location: Location{XMLPath: saml.Path(w.el)}, Fix: fix,
			Message: humanf("the %s had expired when issued: NotOnOrAfter %s is %s before IssueInstant %s (beyond the %s skew allowed)",
				w.what, na.Raw, human(-d), issued.Raw, skew)})
	case d <= 0:
		p.Report(Finding{Severity: Warning, Location: Location{XMLPath: saml.Path(w.el)}, Fix: fix,
			Message: humanf("the %s NotOnOrAfter %s is not after IssueInstant %s: it had expired when issued, and passes only within a service provider's clock-skew allowance",
				w.what, na.Raw, issued.Raw)})
	case d < minWindow:
		p.Report(Finding{Severity: Warning, Location: Location{XMLPath: saml.Path(w.el)}, Fix: fix,
			Message: humanf("the %s is valid for only %s after IssueInstant %s (NotOnOrAfter %s): a delay or a clock difference of that much makes the service provider reject it; expected at least %s",
				w.what, human(d), issued.Raw, na.Raw, human(minWindow))})
	}
}
