package checks

import (
	"fmt"
	"slices"
	"strings"

	"github.com/beevik/etree"
	"github.com/samlcheck/samlcheck/saml"
)

var versionRule = &Rule{
	ID:       "saml/version",
	Title:    `Version is not "2.0"`,
	Severity: Error,
	Profiles: allProfiles,
	Doc: "SAML 2.0 messages and assertions carry Version=\"2.0\"; a service provider rejects any other version " +
		"(a SAML 1.1 assertion, a missing attribute) before reading anything else.",
	Fix:  "Configure the IdP application for SAML 2.0 (not SAML 1.1 or WS-Federation).",
	Refs: []Ref{samlCore("§3.2.1 Complex Type StatusResponseType, §2.3.3 Element <Assertion>: Version"), samlCore("§4.1 SAML Version")},
	Run: func(p *Pass) {
		check := func(el *etree.Element, what, v string) {
			if el != nil && v != "2.0" {
				if v == "" {
					p.Reportf(el, "%s has no Version attribute; expected \"2.0\"", what)
				} else {
					p.Reportf(el, "%s Version is %q; expected \"2.0\"", what, v)
				}
			}
		}
		switch m := p.Message; {
		case m.Response != nil:
			check(m.Response.Element, "the Response", m.Response.Version)
		case m.AuthnRequest != nil:
			check(m.AuthnRequest.Element, "the AuthnRequest", m.AuthnRequest.Version)
		case m.LogoutRequest != nil:
			check(m.LogoutRequest.Element, "the LogoutRequest", m.LogoutRequest.Version)
		case m.LogoutResponse != nil:
			check(m.LogoutResponse.Element, "the LogoutResponse", m.LogoutResponse.Version)
		}
		for _, a := range p.Assertions() {
			check(a.Element, "assertion "+a.ID, a.Version)
		}
	},
}

// statusCodes explains the second-level status codes (saml-core §3.2.2.2).
var statusCodes = map[string]string{
	"AuthnFailed":              "the IdP could not authenticate the user (wrong password, MFA failed, account locked)",
	"InvalidNameIDPolicy":      "the IdP cannot issue a NameID in the format the service provider's AuthnRequest asked for (NameIDPolicy); for IAM Identity Center the IdP must support emailAddress",
	"RequestDenied":            "the IdP refused the request: usually the user is not assigned to the application at the IdP",
	"NoPassive":                "the request asked for passive authentication but the user has no session at the IdP",
	"UnknownPrincipal":         "the IdP does not know the user",
	"NoAuthnContext":           "the IdP cannot meet the authentication context (for example MFA strength) the request asked for",
	"RequestUnsupported":       "the IdP does not support the request",
	"UnsupportedBinding":       "the IdP cannot send the response with the binding the request asked for",
	"NoAvailableIDP":           "no identity provider is available",
	"NoSupportedIDP":           "no supported identity provider is available",
	"PartialLogout":            "logout did not complete at every session participant",
	"ProxyCountExceeded":       "the request went through too many proxying IdPs",
	"RequestVersionDeprecated": "the request's SAML version is deprecated",
	"RequestVersionTooHigh":    "the request's SAML version is too high",
	"RequestVersionTooLow":     "the request's SAML version is too low",
	"ResourceNotRecognized":    "the resource is not recognised",
	"TooManyResponses":         "there are too many responses",
	"UnknownAttrProfile":       "the attribute profile is unknown",
	"InvalidAttrNameOrValue":   "an attribute name or value is invalid",
}

var statusRule = &Rule{
	ID:       "saml/status",
	Title:    "top-level StatusCode is not Success",
	Severity: Error,
	Cases: []Case{
		{Severity: Warning, When: "a non-Success Response still carries assertions"},
	},
	Profiles: allProfiles,
	Doc: "A Response whose top-level StatusCode is not Success tells the service provider that the IdP did not " +
		"authenticate the user: there is nothing to sign in with. The second-level StatusCode and the StatusMessage " +
		"say why. A non-Success Response that still carries assertions is contradictory and is rejected.",
	Fix:  "Read the IdP's own log for the request: the second-level code points at the cause (user not assigned to the application, NameID format not supported, failed MFA).",
	Refs: []Ref{samlCore("§3.2.2.2 Element <StatusCode>"), samlProfiles("§4.1.4.2 <Response> Usage")},
	Run: func(p *Pass) {
		var st saml.Status
		var root *etree.Element
		switch m := p.Message; {
		case m.Response != nil:
			st, root = m.Response.Status, m.Response.Element
		case m.LogoutResponse != nil:
			st, root = m.LogoutResponse.Status, m.LogoutResponse.Element
		default:
			return
		}
		if st.Code == statusSuccess {
			return
		}
		el := st.Element
		if el == nil {
			el = root
		}
		if st.Code == "" {
			p.Reportf(el, "the message has no Status/StatusCode; expected %q", statusSuccess)
			return
		}
		msg := fmt.Sprintf("top-level StatusCode is %q; expected %q", short(st.Code), "Success")
		if st.SubCode != "" {
			msg += fmt.Sprintf("; second-level code %s", short(st.SubCode))
			if why, ok := statusCodes[short(st.SubCode)]; ok {
				msg += ": " + why
			}
		}
		if st.Message != "" {
			msg += fmt.Sprintf("; StatusMessage %q", strings.TrimSpace(st.Message))
		}
		p.Report(Finding{Message: msg, Location: Location{XMLPath: saml.Path(el)}})
		if r := p.Message.Response; r != nil && len(r.Assertions)+len(r.EncryptedAssertions) > 0 {
			p.Report(Finding{Severity: Warning, Location: Location{XMLPath: saml.Path(root)},
				Message: fmt.Sprintf("the non-Success Response still carries %d assertion(s)", len(r.Assertions)+len(r.EncryptedAssertions))})
		}
	},
}

// short returns the last part of a status code URI.
func short(code string) string {
	return code[strings.LastIndex(code, ":")+1:]
}

const issuerEntityFormat = "urn:oasis:names:tc:SAML:2.0:nameid-format:entity"

var issuerRule = &Rule{
	ID:       "saml/issuer",
	Title:    "Issuer missing, inconsistent or not the expected IdP",
	Severity: Error,
	Profiles: allProfiles,
	Uses:     []Given{GivenIssuer, GivenIdPMetadata},
	Doc: "The service provider finds the IdP's configuration (its certificate, its users) by the Issuer, compared as an " +
		"exact string: a trailing slash, a different case or http instead of https is another IdP. Every assertion " +
		"must have an Issuer, a signed Response must have one, and the Response and its assertions must name the " +
		"same IdP, with Format entity if any.",
	Fix: "Make the IdP send exactly the entity ID the service provider was configured with (the entityID of the IdP " +
		"metadata uploaded to AWS), on the Response and on the Assertion.",
	Refs: []Ref{samlCore("§2.2.5 Element <Issuer>; §2.3.3 Element <Assertion>"), samlProfiles("§4.1.4.2 <Response> Usage"),
		{Title: "IAM User Guide: Troubleshooting SAML 2.0 federation", URL: "https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_saml.html", Section: "Error: Issuer not present in specified provider"}},
	Run: func(p *Pass) {
		want, from := expectedIssuer(p)
		check := func(iss *saml.Issuer, what string) {
			if iss.Format != "" && iss.Format != issuerEntityFormat {
				p.Reportf(iss.Element, "%s Issuer has Format %q; expected none or %q", what, iss.Format, issuerEntityFormat)
			}
			if want != "" && iss.Value != want {
				p.Reportf(iss.Element, "%s Issuer %q is not %q (from %s)%s", what, iss.Value, want, from, issuerDifference(iss.Value, want))
			}
		}
		r := p.Message.Response
		if r != nil {
			if r.Issuer == nil && r.Signature != nil {
				p.Reportf(r.Element, "the Response is signed but has no Issuer")
			}
			if r.Issuer != nil {
				check(r.Issuer, "the Response")
			}
		}
		if p.Message.AuthnRequest != nil || p.Message.LogoutRequest != nil || p.Message.LogoutResponse != nil {
			return
		}
		for _, a := range p.Assertions() {
			if a.Issuer == nil {
				p.Reportf(a.Element, "assertion %s has no Issuer; every assertion must name its IdP", a.ID)
				continue
			}
			if r != nil && r.Issuer != nil && strings.TrimSpace(r.Issuer.Value) != strings.TrimSpace(a.Issuer.Value) {
				p.Reportf(a.Issuer.Element, "assertion Issuer %q differs from the Response Issuer %q%s", a.Issuer.Value, r.Issuer.Value, issuerDifference(a.Issuer.Value, r.Issuer.Value))
				continue
			}
			check(a.Issuer, "assertion "+a.ID)
		}
	},
}

// issuerDifference names the near-miss between two entity IDs, or "".
func issuerDifference(got, want string) string {
	g, w := strings.TrimSpace(got), strings.TrimSpace(want)
	switch {
	case g != got || w != want:
		if g == w {
			return " (they differ only by white space around the value)"
		}
	case strings.TrimSuffix(g, "/") == strings.TrimSuffix(w, "/"):
		return " (they differ only by a trailing slash)"
	case strings.EqualFold(g, w):
		return " (they differ only by case)"
	case strings.TrimPrefix(strings.TrimPrefix(g, "https://"), "http://") == strings.TrimPrefix(strings.TrimPrefix(w, "https://"), "http://"):
		return " (they differ only by the scheme, http vs https)"
	}
	return ""
}

var destinationRule = &Rule{
	ID:       "saml/destination",
	Title:    "Destination is not where the message was sent",
	Severity: Error,
	Profiles: allProfiles,
	Uses:     []Given{GivenACS, GivenSPMetadata},
	Doc: "A service provider accepts a Response only if its Destination is the URL it was received at (its ACS URL). " +
		"A Destination that differs from where the browser actually posted it, or from the configured ACS URL, is " +
		"rejected; a signed Response must carry a Destination.",
	Fix: "Set the ACS URL (Reply URL, Single sign-on URL) in the IdP's application to exactly the service provider's " +
		"ACS URL from its metadata, trailing slash and case included.",
	Refs: []Ref{samlBindings("§3.5.5.2 Security Considerations (Destination)"), samlProfiles("§4.1.4.5 POST-Specific Processing Rules")},
	Run: func(p *Pass) {
		r := p.Message.Response
		if r == nil {
			return
		}
		if r.Destination == "" {
			if r.Signature != nil {
				p.Reportf(r.Element, "the Response is signed but has no Destination; expected the ACS URL it is posted to")
			}
			return
		}
		for _, u := range postedTo(p.Encoded) {
			if u != r.Destination {
				p.reportCause(acsCause(r.Destination), r.Element, "Destination %q is not the URL the browser posted it to, %q%s", r.Destination, u, issuerDifference(r.Destination, u))
			}
		}
		if want, from := expectedACS(p); want != nil && !slices.Contains(want, r.Destination) {
			p.reportCause(acsCause(r.Destination), r.Element, "Destination %q is not the ACS URL %q (from %s)%s", r.Destination, strings.Join(want, `" or "`), from, issuerDifference(r.Destination, want[0]))
		}
	},
}

var recipientRule = &Rule{
	ID:       "saml/recipient",
	Title:    "bearer Recipient missing or not the ACS URL",
	Severity: Error,
	Profiles: allProfiles,
	Uses:     []Given{GivenACS, GivenSPMetadata},
	Doc: "In Web browser SSO the bearer SubjectConfirmationData must carry a Recipient equal to the ACS URL the " +
		"assertion is delivered to; a service provider rejects an assertion without one or addressed elsewhere.",
	Fix:  "Set the Recipient (in most IdPs the same setting as the ACS / Reply URL) to the service provider's ACS URL.",
	Refs: []Ref{samlProfiles("§4.1.4.2 <Response> Usage: bearer <SubjectConfirmationData> Recipient"), samlCore("§2.4.1.2 Element <SubjectConfirmationData>")},
	Run: func(p *Pass) {
		if p.Message.Kind != saml.KindResponse && p.Message.Kind != saml.KindAssertion {
			return
		}
		dest := ""
		if p.Message.Response != nil {
			dest = p.Message.Response.Destination
		}
		want, from := expectedACS(p)
		for _, a := range p.Assertions() {
			for _, sc := range bearerConfirmations(a) {
				if sc.Data == nil || sc.Data.Recipient == "" {
					el := sc.Element
					if sc.Data != nil {
						el = sc.Data.Element
					}
					p.Reportf(el, "the bearer SubjectConfirmationData has no Recipient; expected the ACS URL")
					continue
				}
				rcp := sc.Data.Recipient
				switch {
				case want != nil && !slices.Contains(want, rcp):
					p.reportCause(acsCause(rcp), sc.Data.Element, "Recipient %q is not the ACS URL %q (from %s)%s", rcp, strings.Join(want, `" or "`), from, issuerDifference(rcp, want[0]))
				case want == nil && dest != "" && rcp != dest:
					p.reportCause(acsCause(rcp), sc.Data.Element, "Recipient %q differs from the Response Destination %q%s", rcp, dest, issuerDifference(rcp, dest))
				case want == nil && dest == "":
					for _, u := range postedTo(p.Encoded) {
						if u != rcp {
							p.reportCause(acsCause(rcp), sc.Data.Element, "Recipient %q is not the URL the browser posted the Response to, %q%s", rcp, u, issuerDifference(rcp, u))
						}
					}
				}
			}
		}
	},
}

var subjectConfirmationRule = &Rule{
	ID:       "saml/subject-confirmation",
	Title:    "no bearer SubjectConfirmation, or its data lacks NotOnOrAfter or has NotBefore",
	Severity: Error,
	Profiles: allProfiles,
	Doc: "The Web browser SSO profile requires at least one SubjectConfirmation with Method bearer whose " +
		"SubjectConfirmationData has a NotOnOrAfter and no NotBefore; without it the service provider cannot " +
		"accept the assertion as delivered by the browser.",
	Fix: "Configure the IdP to issue bearer subject confirmations (the default of every SAML 2.0 IdP for " +
		"browser SSO); check custom assertion templates.",
	Refs: []Ref{samlProfiles("§4.1.4.2 <Response> Usage"), samlCore("§2.4.1.1 Element <SubjectConfirmation>")},
	Run: func(p *Pass) {
		if p.Message.Response == nil {
			return
		}
		for _, a := range p.Assertions() {
			bearers := bearerConfirmations(a)
			if len(bearers) == 0 {
				el := a.Element
				if a.Subject != nil {
					el = a.Subject.Element
				}
				p.Reportf(el, "assertion %s has no SubjectConfirmation with Method %q", a.ID, methodBearer)
				continue
			}
			for _, sc := range bearers {
				if sc.Data == nil {
					p.Reportf(sc.Element, "the bearer SubjectConfirmation has no SubjectConfirmationData; expected one with Recipient and NotOnOrAfter")
					continue
				}
				if !sc.Data.NotOnOrAfter.IsSet() {
					p.Reportf(sc.Data.Element, "the bearer SubjectConfirmationData has no NotOnOrAfter; expected one")
				}
				if sc.Data.NotBefore.IsSet() {
					p.Reportf(sc.Data.Element, "the bearer SubjectConfirmationData has NotBefore %q; the profile forbids it", sc.Data.NotBefore.Raw)
				}
			}
		}
	},
}

var audienceRule = &Rule{
	ID:       "saml/audience",
	Title:    "no AudienceRestriction, or none names the expected audience",
	Severity: Error,
	Profiles: allProfiles,
	Uses:     []Given{GivenAudience, GivenSPMetadata},
	Doc: "Each assertion must be restricted to its service provider with an AudienceRestriction naming the " +
		"SP's entity ID; a service provider rejects an assertion without one or addressed to another audience.",
	Fix: "Set the Audience URI (SP Entity ID, Identifier) of the IdP's application to the service provider's " +
		"entity ID, exactly as in its metadata.",
	Refs: []Ref{samlCore("§2.5.1.4 Elements <AudienceRestriction> and <Audience>"), samlProfiles("§4.1.4.2 <Response> Usage")},
	Run: func(p *Pass) {
		if p.Message.Response == nil && p.Message.Assertion == nil {
			return
		}
		want, from := expectedAudience(p)
		for _, a := range p.Assertions() {
			var all []string
			var el *etree.Element = a.Element
			if a.Conditions != nil {
				el = a.Conditions.Element
				for _, ar := range a.Conditions.AudienceRestrictions {
					all = append(all, ar.Audiences...)
				}
			}
			if a.Conditions == nil || len(a.Conditions.AudienceRestrictions) == 0 {
				p.Reportf(el, "assertion %s has no Conditions/AudienceRestriction; expected one naming the service provider", a.ID)
				continue
			}
			if want != "" && !slices.Contains(all, want) {
				got := "none"
				if len(all) > 0 {
					got = `"` + strings.Join(all, `", "`) + `"`
				}
				p.Reportf(el, "no Audience is %q (from %s); the assertion names %s", want, from, got)
			}
		}
	},
}

var redirectResponseRule = &Rule{
	ID:       "saml/redirect-response",
	Title:    "a Response with assertions was sent over HTTP-Redirect",
	Severity: Warning,
	Profiles: allProfiles,
	Doc: "The Web browser SSO profile forbids delivering a Response that carries assertions with the HTTP-Redirect " +
		"binding (URLs are length-limited and logged); service providers accept it only over HTTP-POST.",
	Fix:  "Configure the IdP to send the Response with the HTTP-POST binding.",
	Refs: []Ref{samlProfiles("§4.1.2 Required Information: the HTTP-Redirect binding MUST NOT be used for the <Response>")},
	Run: func(p *Pass) {
		r := p.Message.Response
		if p.Encoded.Binding == saml.BindingRedirect && r != nil && len(r.Assertions)+len(r.EncryptedAssertions) > 0 {
			p.Reportf(r.Element, "the Response carrying %d assertion(s) was sent over HTTP-Redirect; expected HTTP-POST", len(r.Assertions)+len(r.EncryptedAssertions))
		}
	},
}

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
	Refs: []Ref{samlBindings("§3.4.3 RelayState; §3.5.3 RelayState")},
	Run: func(p *Pass) {
		if n := len(p.Encoded.RelayState); n > maxRelayState {
			p.Report(Finding{Message: fmt.Sprintf("RelayState is %d bytes; the bindings allow %d", n, maxRelayState)})
		}
	},
}
