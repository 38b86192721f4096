package saml

import (
	"time"

	"github.com/beevik/etree"
)

// Binding is the SAML binding a message travelled over (saml-bindings-2.0-os §3).
type Binding string

// The bindings samlcheck recognises.
const (
	// BindingPOST is the HTTP-POST binding (saml-bindings §3.5): a Base64
	// value in an HTML form field.
	BindingPOST Binding = "HTTP-POST"
	// BindingRedirect is the HTTP-Redirect binding (saml-bindings §3.4): a
	// DEFLATE-compressed, Base64, URL-encoded value in the query string.
	BindingRedirect Binding = "HTTP-Redirect"
	// BindingNone marks a value that was not seen on the wire: a file or a
	// value pasted by the user.
	BindingNone Binding = "none"
)

// Where says in which part of an HTTP exchange a SAML value was found.
type Where string

// The places a SAML value can be found in a HAR entry or an input file.
const (
	// InQuery is the request URL's query string (Redirect binding).
	InQuery Where = "query"
	// InForm is the request body, request.postData (POST binding).
	InForm Where = "form"
	// InHTML is an auto-submit HTML form in a response body.
	InHTML Where = "html"
	// InLocation is the Location header of a redirect response.
	InLocation Where = "location"
	// InFile is a whole input file or a pasted value.
	InFile Where = "file"
)

// Source says where one sighting of a SAML value came from.
type Source struct {
	// File is the input file name ("-" for standard input).
	File string `json:"file"`
	// Entry is the 0-based index of the HAR entry in log.entries, or -1
	// when the value did not come from a HAR (JSON's "entry" is this
	// index). Messages for people, such as [DecodeError.Error], number
	// entries from 1, as HAR viewers do (Entry+1).
	Entry int `json:"entry"`
	// Started is the entry's startedDateTime, the capture time; zero when
	// unknown or unparseable.
	Started time.Time `json:"started,omitzero"`
	// StartedRaw is startedDateTime as written in the HAR.
	StartedRaw string `json:"startedRaw,omitempty"`
	// Method and URL are those of the entry's request.
	Method string `json:"method,omitempty"`
	URL    string `json:"url,omitempty"`
	// Status is the entry's response status (0 when none was recorded).
	Status int `json:"status,omitempty"`
	// Param is the parameter name: SAMLResponse or SAMLRequest (empty for
	// a whole file).
	Param string `json:"param,omitempty"`
	// Where is the part of the entry the value was found in.
	Where Where `json:"where"`
	// Target is, for a value found in an HTML form or a Location header,
	// the URL it is sent to (the form's action, the redirect target).
	Target string `json:"target,omitempty"`
}

// Encoded is one SAML protocol message as found, still encoded, with its
// binding parameters and every place it was seen.
type Encoded struct {
	// Binding is the binding the message travelled over.
	Binding Binding `json:"binding"`
	// Param is SAMLResponse or SAMLRequest, as the sender named it (empty
	// for a whole file).
	Param string `json:"param,omitempty"`
	// Value is the parameter value as found: possibly still URL-encoded,
	// Base64, DEFLATE-compressed, or plain XML.
	Value string `json:"-"`
	// RelayState, SigAlg and Signature are the binding's companion
	// parameters, decoded from URL encoding.
	RelayState string `json:"relayState,omitempty"`
	SigAlg     string `json:"sigAlg,omitempty"`
	Signature  string `json:"-"`
	// RawQuery is the raw query string of a Redirect-binding URL, kept to
	// verify a redirect signature over the exact bytes sent.
	RawQuery string `json:"-"`
	// Source is the first sighting.
	Source Source `json:"source"`
	// Sightings lists every sighting, Source first: the IdP's auto-post
	// page and the browser's POST of the same value are one message.
	Sightings []Source `json:"sightings,omitempty"`
	// Charset says how the input file's bytes were turned into the text
	// the value was read from, when they were not plain UTF-8: "UTF-16LE,
	// byte order mark" for what Windows PowerShell's > writes. Decode
	// lists it as a first step (StepCharset); "" for UTF-8.
	Charset string `json:"charset,omitempty"`
}

// Kind is the kind of a SAML protocol message, named after its root element.
type Kind string

// The message kinds samlcheck models.
const (
	KindResponse       Kind = "Response"
	KindAuthnRequest   Kind = "AuthnRequest"
	KindLogoutRequest  Kind = "LogoutRequest"
	KindLogoutResponse Kind = "LogoutResponse"
	// KindAssertion is a bare Assertion (a file holding only an assertion).
	KindAssertion Kind = "Assertion"
	// KindEncryptedAssertion is a bare EncryptedAssertion.
	KindEncryptedAssertion Kind = "EncryptedAssertion"
	// KindOther is well-formed XML whose root is none of the above.
	KindOther Kind = "Other"
)

// Step is one decoding step taken on the way from the encoded value to XML.
type Step struct {
	// Name is one of "charset", "url-decode", "base64", "inflate", "xml".
	Name string `json:"name"`
	// Repairs lists what had to be fixed for the step to succeed: "removed
	// line breaks", "'+' turned into space restored", "added padding",
	// "URL-safe alphabet", "decoded twice".
	Repairs []string `json:"repairs,omitempty"`
}

// Time is a timestamp attribute: its text as written beside the parsed value,
// so malformed or non-UTC values can be reported.
type Time struct {
	// Raw is the attribute text; empty when absent.
	Raw string `json:"raw,omitempty"`
	// Time is the parsed instant; zero when absent or malformed.
	Time time.Time `json:"time,omitzero"`
	// Err is the parse error of a present but malformed value.
	Err error `json:"-"`
}

// IsSet reports whether the attribute was present.
func (t Time) IsSet() bool { return t.Raw != "" }

// Valid reports whether the attribute was present and parsed.
func (t Time) Valid() bool { return t.Raw != "" && t.Err == nil }

// Issuer is a saml:Issuer element (saml-core §2.2.5).
type Issuer struct {
	Element *etree.Element `json:"-"`
	Value   string         `json:"value"`
	Format  string         `json:"format,omitempty"`
}

// Status is a samlp:Status (saml-core §3.2.2.1).
type Status struct {
	Element *etree.Element `json:"-"`
	// Code is the top-level StatusCode Value.
	Code string `json:"code,omitempty"`
	// SubCode is the second-level StatusCode Value, if any.
	SubCode string `json:"subCode,omitempty"`
	// Message is the StatusMessage text.
	Message string `json:"message,omitempty"`
}

// NameID is a saml:NameID (saml-core §2.2.3).
type NameID struct {
	Element         *etree.Element `json:"-"`
	Value           string         `json:"value"`
	Format          string         `json:"format,omitempty"`
	NameQualifier   string         `json:"nameQualifier,omitempty"`
	SPNameQualifier string         `json:"spNameQualifier,omitempty"`
	SPProvidedID    string         `json:"spProvidedID,omitempty"`
}

// SubjectConfirmationData is a saml:SubjectConfirmationData (saml-core §2.4.1.2).
type SubjectConfirmationData struct {
	Element      *etree.Element `json:"-"`
	Recipient    string         `json:"recipient,omitempty"`
	InResponseTo string         `json:"inResponseTo,omitempty"`
	Address      string         `json:"address,omitempty"`
	NotBefore    Time           `json:"notBefore,omitzero"`
	NotOnOrAfter Time           `json:"notOnOrAfter,omitzero"`
}

// SubjectConfirmation is a saml:SubjectConfirmation (saml-core §2.4.1.1).
type SubjectConfirmation struct {
	Element *etree.Element           `json:"-"`
	Method  string                   `json:"method"`
	Data    *SubjectConfirmationData `json:"data,omitempty"`
}

// Subject is a saml:Subject (saml-core §2.4.1).
type Subject struct {
	Element *etree.Element `json:"-"`
	// NameID is nil when the subject has none (or only an EncryptedID).
	NameID *NameID `json:"nameID,omitempty"`
	// EncryptedID reports a saml:EncryptedID in place of a NameID.
	EncryptedID   bool                  `json:"encryptedID,omitempty"`
	Confirmations []SubjectConfirmation `json:"confirmations,omitempty"`
}

// AudienceRestriction is a saml:AudienceRestriction (saml-core §2.5.1.4):
// the assertion is addressed to any one of its Audiences.
type AudienceRestriction struct {
	Element   *etree.Element `json:"-"`
	Audiences []string       `json:"audiences"`
}

// Conditions is a saml:Conditions (saml-core §2.5.1).
type Conditions struct {
	Element              *etree.Element        `json:"-"`
	NotBefore            Time                  `json:"notBefore,omitzero"`
	NotOnOrAfter         Time                  `json:"notOnOrAfter,omitzero"`
	AudienceRestrictions []AudienceRestriction `json:"audienceRestrictions,omitempty"`
}

// AuthnStatement is a saml:AuthnStatement (saml-core §2.7.2).
type AuthnStatement struct {
	Element              *etree.Element `json:"-"`
	AuthnInstant         Time           `json:"authnInstant,omitzero"`
	SessionIndex         string         `json:"sessionIndex,omitempty"`
	SessionNotOnOrAfter  Time           `json:"sessionNotOnOrAfter,omitzero"`
	AuthnContextClassRef string         `json:"authnContextClassRef,omitempty"`
}

// AttributeValue is one saml:AttributeValue (saml-core §2.7.3.1.1).
type AttributeValue struct {
	Element *etree.Element `json:"-"`
	// Text is the value's character content (all text nodes joined).
	Text string `json:"text"`
	// HasElements reports child elements inside the value (complex
	// content), whose serialised XML is in Inner.
	HasElements bool   `json:"hasElements,omitempty"`
	Inner       string `json:"inner,omitempty"`
	// Type is the xsi:type attribute, if any.
	Type string `json:"type,omitempty"`
	// Nil reports xsi:nil="true".
	Nil bool `json:"nil,omitempty"`
}

// Attribute is a saml:Attribute (saml-core §2.7.3.1).
type Attribute struct {
	Element      *etree.Element   `json:"-"`
	Name         string           `json:"name"`
	NameFormat   string           `json:"nameFormat,omitempty"`
	FriendlyName string           `json:"friendlyName,omitempty"`
	Values       []AttributeValue `json:"values"`
}

// Signature is a ds:Signature found in a message (xmldsig-core §4.1), with
// what it claims to sign. Verification results live in SignatureResult.
type Signature struct {
	Element *etree.Element `json:"-"`
	// Parent is the element the Signature is a child of.
	Parent *etree.Element `json:"-"`
	// ParentPath is the XML path of Parent.
	ParentPath string `json:"parent"`
	// ReferenceURI is the first Reference's URI ("#id").
	ReferenceURI           string `json:"referenceURI"`
	CanonicalizationMethod string `json:"canonicalizationMethod,omitempty"`
	SignatureMethod        string `json:"signatureMethod,omitempty"`
	DigestMethod           string `json:"digestMethod,omitempty"`
	// Certificates holds the DER bytes of each X509Certificate in KeyInfo.
	Certificates [][]byte `json:"-"`
}

// EncryptedAssertion is a saml:EncryptedAssertion (saml-core §2.3.4),
// decrypted by Message.Decrypt when the service provider's keys are given.
type EncryptedAssertion struct {
	Element *etree.Element `json:"-"`
	// DataAlgorithm is the EncryptedData EncryptionMethod Algorithm.
	DataAlgorithm string `json:"dataAlgorithm,omitempty"`
	// KeyAlgorithm is the EncryptedKey EncryptionMethod Algorithm.
	KeyAlgorithm string `json:"keyAlgorithm,omitempty"`
	// Decryption is the outcome of Message.Decrypt; nil when no key was
	// given.
	Decryption *Decryption `json:"decryption,omitempty"`
}

// Assertion is a saml:Assertion (saml-core §2.3.3).
type Assertion struct {
	Element         *etree.Element   `json:"-"`
	ID              string           `json:"id"`
	Version         string           `json:"version,omitempty"`
	IssueInstant    Time             `json:"issueInstant,omitzero"`
	Issuer          *Issuer          `json:"issuer,omitempty"`
	Subject         *Subject         `json:"subject,omitempty"`
	Conditions      *Conditions      `json:"conditions,omitempty"`
	AuthnStatements []AuthnStatement `json:"authnStatements,omitempty"`
	// Attributes lists the attributes of every AttributeStatement, in
	// document order.
	Attributes []Attribute `json:"attributes,omitempty"`
	// Signature is the assertion's own enveloped signature, if any.
	Signature *Signature `json:"signature,omitempty"`
}

// Response is a samlp:Response (saml-core §3.3.3).
type Response struct {
	Element             *etree.Element        `json:"-"`
	ID                  string                `json:"id"`
	Version             string                `json:"version,omitempty"`
	IssueInstant        Time                  `json:"issueInstant,omitzero"`
	Destination         string                `json:"destination,omitempty"`
	InResponseTo        string                `json:"inResponseTo,omitempty"`
	Issuer              *Issuer               `json:"issuer,omitempty"`
	Status              Status                `json:"status"`
	Assertions          []*Assertion          `json:"assertions,omitempty"`
	EncryptedAssertions []*EncryptedAssertion `json:"encryptedAssertions,omitempty"`
	// Signature is the Response's own enveloped signature, if any.
	Signature *Signature `json:"signature,omitempty"`
}

// AuthnRequest is a samlp:AuthnRequest (saml-core §3.4.1).
type AuthnRequest struct {
	Element                     *etree.Element `json:"-"`
	ID                          string         `json:"id"`
	Version                     string         `json:"version,omitempty"`
	IssueInstant                Time           `json:"issueInstant,omitzero"`
	Destination                 string         `json:"destination,omitempty"`
	AssertionConsumerServiceURL string         `json:"assertionConsumerServiceURL,omitempty"`
	ProtocolBinding             string         `json:"protocolBinding,omitempty"`
	Issuer                      *Issuer        `json:"issuer,omitempty"`
	// NameIDPolicyFormat is NameIDPolicy's Format, if any.
	NameIDPolicyFormat string     `json:"nameIDPolicyFormat,omitempty"`
	ForceAuthn         bool       `json:"forceAuthn,omitempty"`
	IsPassive          bool       `json:"isPassive,omitempty"`
	Signature          *Signature `json:"signature,omitempty"`
}

// LogoutRequest is a samlp:LogoutRequest (saml-core §3.7.1).
type LogoutRequest struct {
	Element        *etree.Element `json:"-"`
	ID             string         `json:"id"`
	Version        string         `json:"version,omitempty"`
	IssueInstant   Time           `json:"issueInstant,omitzero"`
	Destination    string         `json:"destination,omitempty"`
	Issuer         *Issuer        `json:"issuer,omitempty"`
	NameID         *NameID        `json:"nameID,omitempty"`
	SessionIndexes []string       `json:"sessionIndexes,omitempty"`
	Signature      *Signature     `json:"signature,omitempty"`
}

// LogoutResponse is a samlp:LogoutResponse (saml-core §3.7.2).
type LogoutResponse struct {
	Element      *etree.Element `json:"-"`
	ID           string         `json:"id"`
	Version      string         `json:"version,omitempty"`
	IssueInstant Time           `json:"issueInstant,omitzero"`
	Destination  string         `json:"destination,omitempty"`
	InResponseTo string         `json:"inResponseTo,omitempty"`
	Issuer       *Issuer        `json:"issuer,omitempty"`
	Status       Status         `json:"status"`
	Signature    *Signature     `json:"signature,omitempty"`
}

// Message is one decoded SAML message: how it was decoded, its XML, and the
// typed model of its root. Exactly one of the model fields is set for the
// kinds that have one.
type Message struct {
	// Encoded is the message as found.
	Encoded Encoded `json:"encoded"`
	// Kind is the root element's kind.
	Kind Kind `json:"kind"`
	// Steps lists the decoding steps taken, in order.
	Steps []Step `json:"steps"`
	// XML is the decoded XML document.
	XML []byte `json:"-"`
	// Doc is the parsed document.
	Doc *etree.Document `json:"-"`

	Response       *Response       `json:"response,omitempty"`
	AuthnRequest   *AuthnRequest   `json:"authnRequest,omitempty"`
	LogoutRequest  *LogoutRequest  `json:"logoutRequest,omitempty"`
	LogoutResponse *LogoutResponse `json:"logoutResponse,omitempty"`
	// Assertion is set for a bare Assertion document.
	Assertion *Assertion `json:"assertion,omitempty"`
	// EncryptedAssertion is set for a bare EncryptedAssertion document.
	EncryptedAssertion *EncryptedAssertion `json:"encryptedAssertion,omitempty"`

	// lexical holds the lexical XML issues found while decoding, when
	// lexicalDone (XMLIssues reads the document again otherwise).
	lexical     []XMLIssue
	lexicalDone bool
}
