package checks

// signatureRules are the rules about XML signatures, trust and XML-level
// attacks (saml/signature-*, saml/certificate, saml/xml-*, saml/duplicate-id).
// They verify signatures with goxmldsig as a service provider does (see
// saml.Message.Verify) and read content only from what the signatures cover.
var signatureRules = []*Rule{
	certificateRule,
	duplicateIDRule,
	signatureAlgorithmRule,
	signatureInvalidRule,
	signatureMissingRule,
	signatureUntrustedRule,
	signatureWrappingRule,
	xmlCommentRule,
	xmlRoundtripRule,
}

// sigRSASHA256 is the signature method IdPs should use.
const sigRSASHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
