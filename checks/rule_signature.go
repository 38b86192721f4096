package checks

// signatureRules are the rules about XML signatures, trust and XML-level
// attacks (saml/signature-*, saml/certificate, saml/xml-*, saml/duplicate-id).
var signatureRules = []*Rule{}
