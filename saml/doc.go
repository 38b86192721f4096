// Package saml decodes and models SAML 2.0 protocol messages as samlcheck
// finds them: in HAR captures, in files and in pasted values. It knows the
// bindings, the decoding pipeline and the message structure; it does not
// judge (that is package checks) and knows nothing of HAR (package har).
//
// # Finding messages
//
// ParseInput sniffs a whole file or pasted value: raw XML, Base64 (possibly
// URL-encoded), a form body or query string with SAMLRequest/SAMLResponse,
// a Redirect-binding URL, or an HTML page with an auto-submit form. It
// returns Encoded values, still encoded, with their binding parameters
// (RelayState, SigAlg, Signature, the raw query) and a Source saying where
// they were found. The bindings themselves (parameter names, query and form
// splitting, the HTML auto-post form, lenient Base64, HTML sniffing) are
// read by package saml/binding, which the har package uses too, so a
// message reads the same however it arrived. Canonical normalises an
// encoded value so that two sightings of one message compare equal.
//
// # Decoding pipeline
//
// Decode turns an Encoded into a Message, taking only the steps the value
// needs, in this order, and recording each in Message.Steps with the
// repairs it made:
//
//  1. url-decode: percent-decoding, repeated for double encoding
//     ("%252B"). '+' is kept, never turned into a space.
//  2. base64: standard or URL-safe alphabet; line breaks removed, spaces
//     that a form decoder made of '+' restored, missing padding tolerated.
//  3. inflate: raw DEFLATE (HTTP-Redirect binding, saml-bindings §3.4.4.1,
//     and some HTTP-POST senders too), capped at DecodeOptions.MaxInflated
//     so a deflate bomb fails without allocating beyond the cap.
//  4. xml: a strict well-formedness pass before etree parses the document.
//     DOCTYPE, DTD and entity declarations are refused and never expanded
//     (XXE, billion laughs); so are content after the root element (a
//     second top-level element is a known signature-wrapping trick),
//     unbound namespace prefixes, duplicate attributes, nesting deeper
//     than DecodeOptions.MaxDepth and more elements than
//     DecodeOptions.MaxElements, all before the tree is built. A leading
//     BOM is removed.
//
// A failure is a *DecodeError naming the step, the Source and the cause.
// A limit exceeded (MaxValue, MaxInflated, MaxDepth, MaxElements) is a
// *LimitError inside it, naming the limit, its value and the samlcheck flag
// that raises it.
//
// # Model
//
// Elements are matched by namespace URI and local name, never by prefix.
// The typed model (Response, Assertion, AuthnRequest, LogoutRequest,
// LogoutResponse, bare Assertion or EncryptedAssertion; KindOther for
// anything else, such as metadata) keeps every node's *etree.Element so a
// finding can point at it with Path. A SOAP Envelope or an ArtifactResponse
// is unwrapped to the message it carries. Only direct children count: a
// Response's Assertions are its child Assertions (not those nested in
// Advice or elsewhere), and an element's Signature is its child
// ds:Signature (enveloped). Text content is kept as written, not trimmed,
// so whitespace padding can be reported; NameID and AttributeValue text is
// the whole string-value, so a value split by a comment (CVE-2017-11427)
// reads whole. Timestamps keep their raw text beside the parsed time; a
// malformed one sets Time.Err and never fails the message. A document whose
// elements carry no namespace at all is KindOther: a namespace-aware
// service provider sees no SAML in it either.
//
// # Signatures
//
// The model records what each ds:Signature claims (the element it sits in,
// its Reference URI, algorithms, embedded certificates) but verifies
// nothing. Reading the model of an unverified document is exactly what XML
// signature wrapping (XSW) attacks exploit: the element a signature covers
// need not be the one a reader looks at. Verification comes later, and
// conclusions about the content must be drawn only from the element the
// verifier returns as signed.
package saml
