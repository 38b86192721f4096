package saml

import (
	"fmt"
	"strings"
	"time"

	"github.com/beevik/etree"
)

// buildModel sets m.Kind and the typed model from m.Doc's root. A SOAP
// Envelope (SOAP binding, ECP) and an ArtifactResponse are unwrapped to the
// protocol message they carry; any other root is KindOther.
func buildModel(m *Message) {
	m.Kind = KindOther
	el := unwrap(m.Doc.Root())
	if el == nil {
		return
	}
	switch {
	case is(el, NSProtocol, "Response"):
		m.Kind, m.Response = KindResponse, parseResponse(el)
	case is(el, NSProtocol, "AuthnRequest"):
		m.Kind, m.AuthnRequest = KindAuthnRequest, parseAuthnRequest(el)
	case is(el, NSProtocol, "LogoutRequest"):
		m.Kind, m.LogoutRequest = KindLogoutRequest, parseLogoutRequest(el)
	case is(el, NSProtocol, "LogoutResponse"):
		m.Kind, m.LogoutResponse = KindLogoutResponse, parseLogoutResponse(el)
	case is(el, NSAssertion, "Assertion"):
		m.Kind, m.Assertion = KindAssertion, parseAssertion(el)
	case is(el, NSAssertion, "EncryptedAssertion"):
		m.Kind, m.EncryptedAssertion = KindEncryptedAssertion, parseEncryptedAssertion(el)
	}
}

// unwrap returns the protocol message inside a SOAP Envelope's Body and
// inside an ArtifactResponse (saml-bindings §3.2, §3.6), else el itself.
func unwrap(el *etree.Element) *etree.Element {
	if is(el, NSSOAP11, "Envelope") || is(el, NSSOAP12, "Envelope") {
		body := child(el, el.NamespaceURI(), "Body")
		if body == nil || len(body.ChildElements()) == 0 {
			return el
		}
		el = body.ChildElements()[0]
	}
	if is(el, NSProtocol, "ArtifactResponse") {
		for _, c := range el.ChildElements() {
			if c.NamespaceURI() == NSProtocol && c.Tag != "Status" && c.Tag != "Extensions" {
				return c
			}
		}
	}
	return el
}

func parseResponse(el *etree.Element) *Response {
	r := &Response{
		Element:      el,
		ID:           attr(el, "ID"),
		Version:      attr(el, "Version"),
		IssueInstant: parseTime(attr(el, "IssueInstant")),
		Destination:  attr(el, "Destination"),
		InResponseTo: attr(el, "InResponseTo"),
		Issuer:       parseIssuer(child(el, NSAssertion, "Issuer")),
		Status:       parseStatus(child(el, NSProtocol, "Status")),
		Signature:    parseSignature(child(el, NSDSig, "Signature")),
	}
	for _, a := range children(el, NSAssertion, "Assertion") {
		r.Assertions = append(r.Assertions, parseAssertion(a))
	}
	for _, a := range children(el, NSAssertion, "EncryptedAssertion") {
		r.EncryptedAssertions = append(r.EncryptedAssertions, parseEncryptedAssertion(a))
	}
	return r
}

func parseAuthnRequest(el *etree.Element) *AuthnRequest {
	return &AuthnRequest{
		Element:                     el,
		ID:                          attr(el, "ID"),
		Version:                     attr(el, "Version"),
		IssueInstant:                parseTime(attr(el, "IssueInstant")),
		Destination:                 attr(el, "Destination"),
		AssertionConsumerServiceURL: attr(el, "AssertionConsumerServiceURL"),
		ProtocolBinding:             attr(el, "ProtocolBinding"),
		Issuer:                      parseIssuer(child(el, NSAssertion, "Issuer")),
		NameIDPolicyFormat:          attr(child(el, NSProtocol, "NameIDPolicy"), "Format"),
		ForceAuthn:                  xsBool(attr(el, "ForceAuthn")),
		IsPassive:                   xsBool(attr(el, "IsPassive")),
		Signature:                   parseSignature(child(el, NSDSig, "Signature")),
	}
}

func parseLogoutRequest(el *etree.Element) *LogoutRequest {
	r := &LogoutRequest{
		Element:      el,
		ID:           attr(el, "ID"),
		Version:      attr(el, "Version"),
		IssueInstant: parseTime(attr(el, "IssueInstant")),
		Destination:  attr(el, "Destination"),
		Issuer:       parseIssuer(child(el, NSAssertion, "Issuer")),
		NameID:       parseNameID(child(el, NSAssertion, "NameID")),
		Signature:    parseSignature(child(el, NSDSig, "Signature")),
	}
	for _, s := range children(el, NSProtocol, "SessionIndex") {
		r.SessionIndexes = append(r.SessionIndexes, allText(s))
	}
	return r
}

func parseLogoutResponse(el *etree.Element) *LogoutResponse {
	return &LogoutResponse{
		Element:      el,
		ID:           attr(el, "ID"),
		Version:      attr(el, "Version"),
		IssueInstant: parseTime(attr(el, "IssueInstant")),
		Destination:  attr(el, "Destination"),
		InResponseTo: attr(el, "InResponseTo"),
		Issuer:       parseIssuer(child(el, NSAssertion, "Issuer")),
		Status:       parseStatus(child(el, NSProtocol, "Status")),
		Signature:    parseSignature(child(el, NSDSig, "Signature")),
	}
}

func parseIssuer(el *etree.Element) *Issuer {
	if el == nil {
		return nil
	}
	return &Issuer{Element: el, Value: allText(el), Format: attr(el, "Format")}
}

// parseStatus reads a samlp:Status: the top-level StatusCode, the first
// nested (second-level) StatusCode and the StatusMessage. A nil el gives a
// zero Status.
func parseStatus(el *etree.Element) Status {
	if el == nil {
		return Status{}
	}
	code := child(el, NSProtocol, "StatusCode")
	return Status{
		Element: el,
		Code:    attr(code, "Value"),
		SubCode: attr(child(code, NSProtocol, "StatusCode"), "Value"),
		Message: allText(child(el, NSProtocol, "StatusMessage")),
	}
}

// parseTime parses an xs:dateTime attribute value (saml-core §1.3.3). A
// value without a time zone is read as UTC; the result is in UTC. A
// malformed value keeps Raw and sets Err.
func parseTime(raw string) Time {
	if raw == "" {
		return Time{}
	}
	s := strings.TrimSpace(raw)
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t, err = time.ParseInLocation("2006-01-02T15:04:05.999999999", s, time.UTC)
	}
	if err != nil {
		return Time{Raw: raw, Err: fmt.Errorf("saml: invalid xs:dateTime %q (want YYYY-MM-DDThh:mm:ss[.fff]Z)", raw)}
	}
	return Time{Raw: raw, Time: t.UTC()}
}
