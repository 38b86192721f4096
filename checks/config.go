package checks

import (
	"bufio"
	"bytes"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/samlcheck/samlcheck/saml"
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
	Users *Users
	// Decode sets the decoder's limits; nil means the defaults.
	Decode *saml.DecodeOptions
	// Rules restricts the run to these rules; nil means All(). Tools that
	// import the package may append rules of their own to All().
	Rules []*Rule
	// IndexBase is the report index of the run's first message: RunCaptures
	// numbers messages from it. Callers that check inputs separately and
	// merge the reports (package analyze, one run per file) set it so that
	// message indexes stay unique and texts such as "message 3" stay true.
	IndexBase int

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

// Users is a list of usernames as the service provider stores them.
type Users struct {
	// Source names where the list came from (a file name).
	Source string
	// Names holds the usernames in their original case, sorted.
	Names []string

	exact  map[string]bool
	folded map[string]string
}

// NewUsers builds a users list from names; source names where they came from.
func NewUsers(source string, names []string) *Users {
	u := &Users{Source: source, exact: map[string]bool{}, folded: map[string]string{}}
	for _, n := range names {
		n = strings.TrimSpace(n)
		if n == "" || u.exact[n] {
			continue
		}
		u.exact[n] = true
		u.Names = append(u.Names, n)
		if _, ok := u.folded[strings.ToLower(n)]; !ok {
			u.folded[strings.ToLower(n)] = n
		}
	}
	sort.Strings(u.Names)
	return u
}

// Match looks name up. It returns exact when the list holds name exactly;
// otherwise caseOnly is the listed name that differs from name only by case,
// if any.
func (u *Users) Match(name string) (exact bool, caseOnly string) {
	if u.exact[name] {
		return true, ""
	}
	return false, u.folded[strings.ToLower(name)]
}

// ParseUsers reads a users list: either one username per line (blank lines
// and lines starting with # are ignored), or the JSON that
// `aws identitystore list-users` ({"Users":[{"UserName":…}]}) or
// `aws connect list-users` ({"UserSummaryList":[{"Username":…}]}) prints.
func ParseUsers(name string, data []byte) (*Users, error) {
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	if len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[') {
		names, err := parseUsersJSON(trimmed)
		if err != nil {
			return nil, fmt.Errorf("checks: users file %s: %w", name, err)
		}
		return NewUsers(name, names), nil
	}
	var names []string
	sc := bufio.NewScanner(bytes.NewReader(trimmed))
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		names = append(names, line)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("checks: users file %s: %w", name, err)
	}
	return NewUsers(name, names), nil
}

// usersJSON covers both AWS CLI outputs; a bare array of either kind of
// user object is accepted too.
type usersJSON struct {
	Users           []userJSON `json:"Users"`
	UserSummaryList []userJSON `json:"UserSummaryList"`
}

type userJSON struct {
	UserName string `json:"UserName"` // identitystore
	Username string `json:"Username"` // connect
}

func parseUsersJSON(data []byte) ([]string, error) {
	var list []userJSON
	if data[0] == '[' {
		if err := json.Unmarshal(data, &list); err != nil {
			return nil, fmt.Errorf("not a JSON array of users: %w", err)
		}
	} else {
		var doc usersJSON
		if err := json.Unmarshal(data, &doc); err != nil {
			return nil, fmt.Errorf("not the JSON of aws identitystore list-users or aws connect list-users: %w", err)
		}
		if doc.Users == nil && doc.UserSummaryList == nil {
			return nil, fmt.Errorf(`JSON has neither "Users" (aws identitystore list-users) nor "UserSummaryList" (aws connect list-users)`)
		}
		list = append(doc.Users, doc.UserSummaryList...)
	}
	var names []string
	for i, u := range list {
		n := u.UserName
		if n == "" {
			n = u.Username
		}
		if n == "" {
			return nil, fmt.Errorf("user %d has no UserName or Username", i)
		}
		names = append(names, n)
	}
	return names, nil
}
