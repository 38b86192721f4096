// Package capture holds what one input to samlcheck holds once it is read:
// the SAML messages found in it and, for a HAR, the response bodies
// (pages) and HTTP exchanges a login went through, or, for a file that is
// not SAML, the document it holds (a SCIM document, a JWT pasted alone).
//
// A [Capture] is the contract between the readers and the rules: package
// har fills one from a HAR file
// ([github.com/samlcheck/samlcheck/har.ScanWith] returns a har.Capture
// that embeds it), checks/analyze fills one from any input it reads, and
// package checks runs its rules on it, so that a rule sees a login as a
// whole (the request a response answers, the error page it ended on, the
// token exchange that followed) without ever reading HAR JSON. The package
// holds data only: it reads nothing and judges nothing, and it imports
// nothing of samlcheck but package saml, so that both sides can import it.
package capture

import "github.com/samlcheck/samlcheck/saml"

// Capture is what one input holds: the SAML messages found in it and, for
// a HAR, the pages and exchanges the login went through, or the document a
// file holds besides SAML.
type Capture struct {
	// File is the input file's name.
	File string
	// Messages are the SAML messages found, in the order they were first
	// seen, each with all of its sightings.
	Messages []saml.Encoded
	// Pages are the response bodies a reader kept because they may show
	// how the login ended (an error page, error JSON), in capture order.
	Pages []Page
	// Exchanges are the HTTP exchanges of a HAR a reader kept because
	// they may carry tokens, OpenID Connect documents, SCIM calls or a
	// failed TLS connection, in capture order.
	Exchanges []Exchange
	// Documents are what a file input holds besides SAML: a SCIM JSON
	// document, a JWT pasted alone.
	Documents []Document
	// Redacted reports a HAR written by samlcheck redact (see
	// har/redact.IsRedacted): identities in its SAML messages were
	// replaced after signing, so a signature whose digest no longer
	// matches while its SignatureValue still verifies is reported as
	// redacted (Info), and the other signature rules judge it as signed.
	Redacted bool
}

// Page is the response body of one HAR entry, kept by a reader because it
// may show how a login ended (an error page or error JSON). A reader keeps
// the pages its caller asks for; it never judges a body.
type Page struct {
	// Source says which entry it is: file, entry index, capture time,
	// method, URL and response status (Param, Where and Target are empty).
	Source saml.Source
	// MimeType is the response's content type (response.content.mimeType
	// as written).
	MimeType string
	// Text is the body, decoded from Base64 when the exporter stored it
	// so, and cut (at a UTF-8 boundary) to the reader's bound,
	// DefaultMaxPageText unless its caller chose another.
	Text string
	// Truncated reports that Text was cut.
	Truncated bool
}

// DefaultMaxPageText is how many bytes of a response body a [Page] keeps
// unless its reader is told otherwise.
const DefaultMaxPageText = 256 << 10

// Exchange is one request and response of a HAR entry, reduced to what
// the checks of tokens, SCIM calls and connections read: the request's
// form fields and the start of its body, the redirect target, the
// response's status and the start of its body, and the browser's error
// for a request that failed.
type Exchange struct {
	// Source says which entry it is: file, entry index, capture time,
	// method, URL and response status (Param, Where and Target are empty).
	Source saml.Source
	// RequestMime and RequestBody are the request's content type and the
	// start of its body text (decoded from Base64 when stored so).
	RequestMime, RequestBody string
	// Form are the request's form fields (postData.params), as written.
	Form []Field
	// Location is the response's Location header, else its redirectURL.
	Location string
	// ResponseMime and ResponseBody are the response's content type and
	// the start of its body (bodies of images, fonts, audio, video,
	// scripts and style sheets are never kept).
	ResponseMime, ResponseBody string
	// Error is Chrome's response._error; SecurityState Firefox's
	// _securityState.
	Error, SecurityState string
	// Authorization is the scheme of the request's Authorization header
	// ("Bearer"), "" when it had none: the credential itself is never
	// kept.
	Authorization string
}

// Field is a form field.
type Field struct{ Name, Value string }

// Document is a file input that is not SAML: a SCIM document or a JWT.
type Document struct {
	// Source names the file (Entry -1, Where saml.InFile).
	Source saml.Source
	// Kind is DocumentSCIM or DocumentJWT.
	Kind string
	// Text is the file's content.
	Text string
}

// The kinds of [Document].
const (
	// DocumentSCIM is a SCIM JSON document (its "schemas" names a SCIM
	// URN).
	DocumentSCIM = "scim"
	// DocumentJWT is a JWT pasted alone.
	DocumentJWT = "jwt"
)
