package checks

import (
	"github.com/samlcheck/samlcheck/saml"
	"github.com/samlcheck/samlcheck/saml/binding"
)

// summarize describes a decoded message for the report (its Signatures,
// Display, Flow and Rules are filled by the steps of Check that know them).
func summarize(res *Decoded) MessageSummary {
	i, e, m, derr, choice := res.Index, res.Encoded, res.Message, res.DecodeErr, res.Choice
	s := MessageSummary{
		Index: i, File: e.Source.File, Entry: e.Source.Entry, Binding: e.Binding, Param: e.Param,
		Where: e.Source.Where, URL: binding.WithoutQuery(e.Source.URL), Profile: choice, RelayState: e.RelayState,
	}
	sightings := e.Sightings
	if len(sightings) == 0 {
		sightings = []saml.Source{e.Source}
	}
	for _, src := range sightings {
		src.URL, src.Target = binding.WithoutQuery(src.URL), binding.WithoutQuery(src.Target)
		s.Sightings = append(s.Sightings, src)
	}
	if derr != nil {
		s.DecodeError = derr.Error()
		return s
	}
	s.Kind, s.Steps = m.Kind, m.Steps
	s.Destination = m.Destination()
	switch {
	case m.Response != nil:
		r := m.Response
		s.ID, s.InResponseTo, s.Status = r.ID, r.InResponseTo, r.Status.Code
		s.Issuer = issuerValue(r.Issuer)
		s.Assertions, s.EncryptedAssertions = len(r.Assertions), len(r.EncryptedAssertions)
	case m.AuthnRequest != nil:
		s.ID, s.Issuer = m.AuthnRequest.ID, issuerValue(m.AuthnRequest.Issuer)
	case m.LogoutRequest != nil:
		s.ID, s.Issuer = m.LogoutRequest.ID, issuerValue(m.LogoutRequest.Issuer)
	case m.LogoutResponse != nil:
		s.ID, s.Issuer = m.LogoutResponse.ID, issuerValue(m.LogoutResponse.Issuer)
		s.InResponseTo, s.Status = m.LogoutResponse.InResponseTo, m.LogoutResponse.Status.Code
	case m.Assertion != nil:
		s.ID, s.Issuer, s.Assertions = m.Assertion.ID, issuerValue(m.Assertion.Issuer), 1
	case m.EncryptedAssertion != nil:
		s.EncryptedAssertions = 1
	}
	s.Decryptions = decryptionSummaries(m)
	as := (&Pass{Message: m}).Assertions()
	if len(as) == 0 {
		return s
	}
	a := as[0]
	if s.Issuer == "" {
		s.Issuer = issuerValue(a.Issuer)
	}
	if a.Subject != nil && a.Subject.NameID != nil {
		s.NameID, s.NameIDFormat = a.Subject.NameID.Value, a.Subject.NameID.Format
	}
	for _, at := range a.Attributes {
		sum := AttributeSummary{Name: at.Name, Values: []string{}}
		for _, v := range at.Values {
			if v.HasElements {
				sum.Values = append(sum.Values, v.Inner)
			} else {
				sum.Values = append(sum.Values, v.Text)
			}
		}
		s.Attributes = append(s.Attributes, sum)
	}
	return s
}

func issuerValue(i *saml.Issuer) string {
	if i == nil {
		return ""
	}
	return i.Value
}
