package saml

import "github.com/beevik/etree"

// Element returns the element the typed model was read from: the root
// element, or the protocol message inside a SOAP Envelope or an
// ArtifactResponse. For KindOther it returns the document's root element;
// nil when there is no document.
func (m *Message) Element() *etree.Element {
	switch {
	case m == nil:
		return nil
	case m.Response != nil:
		return m.Response.Element
	case m.AuthnRequest != nil:
		return m.AuthnRequest.Element
	case m.LogoutRequest != nil:
		return m.LogoutRequest.Element
	case m.LogoutResponse != nil:
		return m.LogoutResponse.Element
	case m.Assertion != nil:
		return m.Assertion.Element
	case m.EncryptedAssertion != nil:
		return m.EncryptedAssertion.Element
	case m.Doc != nil:
		return m.Doc.Root()
	}
	return nil
}

// Issuer returns the message's Issuer value as written. For a Response
// without an Issuer of its own it returns the first Assertion's Issuer. It
// returns "" when there is none (also for KindOther and
// KindEncryptedAssertion).
func (m *Message) Issuer() string {
	if m == nil {
		return ""
	}
	var iss *Issuer
	switch {
	case m.Response != nil:
		iss = m.Response.Issuer
		if as := m.Assertions(); iss == nil && len(as) > 0 {
			iss = as[0].Issuer
		}
	case m.AuthnRequest != nil:
		iss = m.AuthnRequest.Issuer
	case m.LogoutRequest != nil:
		iss = m.LogoutRequest.Issuer
	case m.LogoutResponse != nil:
		iss = m.LogoutResponse.Issuer
	case m.Assertion != nil:
		iss = m.Assertion.Issuer
	}
	if iss == nil {
		return ""
	}
	return iss.Value
}

// ID returns the ID attribute of the modelled element ("" when absent or
// for KindOther and KindEncryptedAssertion).
func (m *Message) ID() string {
	switch {
	case m == nil:
		return ""
	case m.Response != nil:
		return m.Response.ID
	case m.AuthnRequest != nil:
		return m.AuthnRequest.ID
	case m.LogoutRequest != nil:
		return m.LogoutRequest.ID
	case m.LogoutResponse != nil:
		return m.LogoutResponse.ID
	case m.Assertion != nil:
		return m.Assertion.ID
	}
	return ""
}

// Destination returns the Destination attribute of a protocol message ("",
// when absent, for assertions and for KindOther).
func (m *Message) Destination() string {
	switch {
	case m == nil:
		return ""
	case m.Response != nil:
		return m.Response.Destination
	case m.AuthnRequest != nil:
		return m.AuthnRequest.Destination
	case m.LogoutRequest != nil:
		return m.LogoutRequest.Destination
	case m.LogoutResponse != nil:
		return m.LogoutResponse.Destination
	}
	return ""
}
