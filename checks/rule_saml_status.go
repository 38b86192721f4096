package checks

import (
	"fmt"
	"strings"

	"github.com/beevik/etree"
	"github.com/samlcheck/samlcheck/saml"
)

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
	Refs: []Ref{samlCore.at("§3.2.2.2 Element <StatusCode>"), samlProfiles.at("§4.1.4.2 <Response> Usage")},
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
