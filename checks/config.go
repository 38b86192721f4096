package checks

import (
	"crypto/x509"
	"time"

	"github.com/samlcheck/samlcheck/checks/users"
	"github.com/samlcheck/samlcheck/saml"
	"github.com/samlcheck/samlcheck/saml/xmlenc"
)

// Config is what a run of the checks needs besides the messages. The zero
// value is usable: profile auto, ABAC detected from the attributes, no users
// list, default decode limits.
type Config struct {
	// Profile is the profile to check against; "" or Auto picks one per
	// message.
	Profile Profile
	// ABAC forces the attributes-for-access-control rules on. They also run
	// when an attribute is named
	// https://aws.amazon.com/SAML/Attributes/AccessControl:<key>.
	ABAC bool
	// Users is the list of usernames the service provider knows (--users);
	// nil when none was given.
	Users *users.List
	// Decode sets the decoder's limits; nil means the defaults.
	Decode *saml.DecodeOptions
	// Rules restricts the run to these rules; nil means All(). Tools that
	// import the package may append rules of their own to All().
	Rules []*Rule

	// Now is the current time (the CLI sets time.Now(); the library never
	// reads the clock itself). It is not a reference time: a message
	// without a capture time or At is judged against its own IssueInstant
	// (see Pass.RefTime), so that a message pasted later is not reported
	// as expired for being old.
	Now time.Time
	// At is an explicit reference time (--at) for messages without a
	// capture time: the time of the login.
	At time.Time
	// Skew is the clock skew tolerated by the time rules; 0 means
	// DefaultSkew.
	Skew time.Duration

	// SPKeys are the service provider's private keys (--sp-key) that
	// EncryptedAssertions are decrypted with; nil when none was given.
	SPKeys []*xmlenc.Key

	// IdPCerts are the trusted IdP signing certificates (--idp-cert).
	IdPCerts []*x509.Certificate
	// IdPMetadata is the IdP's metadata (--idp-metadata), nil if none.
	IdPMetadata *saml.Metadata
	// SPMetadata is the service provider's metadata (--sp-metadata), nil if
	// none.
	SPMetadata *saml.Metadata
	// ACS, Issuer and Audience are expectations given explicitly (--acs,
	// --issuer, --audience); they win over the metadata's values.
	ACS      string
	Issuer   string
	Audience string

	// Tokens holds the expectations for the JWTs of trusted identity
	// propagation (--trusted-token-issuer, --token-audience,
	// --token-claim, --jwks).
	Tokens TokenConfig
}

// DefaultSkew is the clock skew tolerated when Config.Skew is 0.
const DefaultSkew = 3 * time.Minute

// skew returns the configured skew or the default.
func (c *Config) skew() time.Duration {
	if c.Skew > 0 {
		return c.Skew
	}
	return DefaultSkew
}
