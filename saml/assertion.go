package saml

import "github.com/beevik/etree"

// parseAssertion reads a saml:Assertion. Only the assertion's direct
// children count: its own Signature is a direct child (enveloped), and
// assertions nested deeper (in Advice) are not read here.
func parseAssertion(el *etree.Element) *Assertion {
	a := &Assertion{
		Element:      el,
		ID:           attr(el, "ID"),
		Version:      attr(el, "Version"),
		IssueInstant: parseTime(attr(el, "IssueInstant")),
		Issuer:       parseIssuer(child(el, NSAssertion, "Issuer")),
		Subject:      parseSubject(child(el, NSAssertion, "Subject")),
		Conditions:   parseConditions(child(el, NSAssertion, "Conditions")),
		Signature:    parseSignature(child(el, NSDSig, "Signature")),
	}
	for _, s := range children(el, NSAssertion, "AuthnStatement") {
		a.AuthnStatements = append(a.AuthnStatements, parseAuthnStatement(s))
	}
	for _, s := range children(el, NSAssertion, "AttributeStatement") {
		for _, at := range children(s, NSAssertion, "Attribute") {
			a.Attributes = append(a.Attributes, parseAttribute(at))
		}
	}
	return a
}

func parseSubject(el *etree.Element) *Subject {
	if el == nil {
		return nil
	}
	s := &Subject{
		Element:     el,
		NameID:      parseNameID(child(el, NSAssertion, "NameID")),
		EncryptedID: child(el, NSAssertion, "EncryptedID") != nil,
	}
	for _, c := range children(el, NSAssertion, "SubjectConfirmation") {
		s.Confirmations = append(s.Confirmations, parseSubjectConfirmation(c))
	}
	return s
}

// parseNameID reads a saml:NameID. Value is all its character data as
// written (not trimmed), so a value split by a comment reads whole.
func parseNameID(el *etree.Element) *NameID {
	if el == nil {
		return nil
	}
	return &NameID{
		Element:         el,
		Value:           allText(el),
		Format:          attr(el, "Format"),
		NameQualifier:   attr(el, "NameQualifier"),
		SPNameQualifier: attr(el, "SPNameQualifier"),
		SPProvidedID:    attr(el, "SPProvidedID"),
	}
}

func parseSubjectConfirmation(el *etree.Element) SubjectConfirmation {
	sc := SubjectConfirmation{Element: el, Method: attr(el, "Method")}
	if d := child(el, NSAssertion, "SubjectConfirmationData"); d != nil {
		sc.Data = &SubjectConfirmationData{
			Element:      d,
			Recipient:    attr(d, "Recipient"),
			InResponseTo: attr(d, "InResponseTo"),
			Address:      attr(d, "Address"),
			NotBefore:    parseTime(attr(d, "NotBefore")),
			NotOnOrAfter: parseTime(attr(d, "NotOnOrAfter")),
		}
	}
	return sc
}

func parseConditions(el *etree.Element) *Conditions {
	if el == nil {
		return nil
	}
	c := &Conditions{
		Element:      el,
		NotBefore:    parseTime(attr(el, "NotBefore")),
		NotOnOrAfter: parseTime(attr(el, "NotOnOrAfter")),
	}
	for _, r := range children(el, NSAssertion, "AudienceRestriction") {
		ar := AudienceRestriction{Element: r, Audiences: []string{}}
		for _, a := range children(r, NSAssertion, "Audience") {
			ar.Audiences = append(ar.Audiences, allText(a))
		}
		c.AudienceRestrictions = append(c.AudienceRestrictions, ar)
	}
	return c
}

func parseAuthnStatement(el *etree.Element) AuthnStatement {
	ctx := child(el, NSAssertion, "AuthnContext")
	return AuthnStatement{
		Element:              el,
		AuthnInstant:         parseTime(attr(el, "AuthnInstant")),
		SessionIndex:         attr(el, "SessionIndex"),
		SessionNotOnOrAfter:  parseTime(attr(el, "SessionNotOnOrAfter")),
		AuthnContextClassRef: allText(child(ctx, NSAssertion, "AuthnContextClassRef")),
	}
}

func parseAttribute(el *etree.Element) Attribute {
	at := Attribute{
		Element:      el,
		Name:         attr(el, "Name"),
		NameFormat:   attr(el, "NameFormat"),
		FriendlyName: attr(el, "FriendlyName"),
		Values:       []AttributeValue{},
	}
	for _, v := range children(el, NSAssertion, "AttributeValue") {
		at.Values = append(at.Values, parseAttributeValue(v))
	}
	return at
}

// parseAttributeValue reads one saml:AttributeValue: Text is its
// string-value (all character data, also of child elements and across
// comments), Inner its serialised content when it has child elements.
func parseAttributeValue(el *etree.Element) AttributeValue {
	v := AttributeValue{
		Element: el,
		Text:    allText(el),
		Type:    attrNS(el, NSXSI, "type"),
		Nil:     xsBool(attrNS(el, NSXSI, "nil")),
	}
	if hasChildElements(el) {
		v.HasElements = true
		v.Inner = innerXML(el)
	}
	return v
}
