package config

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/saml"
)

// Key describes one setting of the configuration.
type Key struct {
	// Name is the YAML key, and the flag's name when Flag is set.
	Name string
	// PerPath is set for settings an override may change; the others
	// apply to the whole run.
	PerPath bool
	// List is set for settings that take several values.
	List bool
	// Path is set for settings whose values are file paths (relative to
	// the configuration file's directory when given there).
	Path bool
	// Flag is set when a command-line flag of the same name exists.
	Flag bool
	// Default is the value when nothing sets it ("" for none).
	Default string
	// Doc says what the setting does, in one line.
	Doc string
}

// keys is the table of settings, in the order `samlcheck config` prints.
var keys = []Key{
	{Name: "profile", PerPath: true, Flag: true, Default: "auto", Doc: "auto, identity-center, iam, connect, saml or scim"},
	{Name: "abac", PerPath: true, Flag: true, Default: "false", Doc: "check the attributes-for-access-control limits"},
	{Name: "users", PerPath: true, Flag: true, Path: true, Doc: "user names: one a line, aws identitystore/connect list-users output (JSON, text, table) or CSV"},
	{Name: "idp-cert", PerPath: true, Flag: true, Path: true, List: true, Doc: "trusted IdP signing certificates, PEM or DER"},
	{Name: "idp-metadata", PerPath: true, Flag: true, Path: true, Doc: "the IdP's SAML metadata"},
	{Name: "sp-key", PerPath: true, Flag: true, Path: true, List: true, Doc: "the SP's private keys that decrypt EncryptedAssertions: PEM, PKCS#8, PKCS#12"},
	{Name: "sp-key-pass-env", PerPath: true, Flag: true, Doc: "name of the environment variable holding the passphrase of an encrypted --sp-key"},
	{Name: "sp-metadata", PerPath: true, Flag: true, Path: true, Doc: "the service provider's SAML metadata"},
	{Name: "acs", PerPath: true, Flag: true, Doc: "the service provider's assertion consumer service URL"},
	{Name: "issuer", PerPath: true, Flag: true, Doc: "the IdP's entity ID"},
	{Name: "audience", PerPath: true, Flag: true, Doc: "the service provider's entity ID"},
	{Name: "skew", PerPath: true, Flag: true, Default: "3m", Doc: "clock skew tolerated by the time checks"},
	{Name: "at", PerPath: true, Flag: true, Doc: "reference time (RFC 3339) of messages without a capture time (default: the message's own IssueInstant)"},
	{Name: "trusted-token-issuer", PerPath: true, Flag: true, Doc: "the trusted token issuer URL as configured in IAM Identity Center (oidc/issuer)"},
	{Name: "token-audience", PerPath: true, Flag: true, List: true, Doc: "an audience of the application's grant (oidc/audience)"},
	{Name: "token-claim", PerPath: true, Flag: true, Default: checks.DefaultTokenClaim, Doc: "the JWT claim the trusted token issuer maps to the user (oidc/claim)"},
	{Name: "jwks", PerPath: true, Flag: true, Path: true, List: true, Doc: "JWKS documents to verify JWTs with (oidc/signature); nothing is fetched"},
	{Name: "enable", PerPath: true, List: true, Doc: "rules to run (top level: only these; override: these too); ids or patterns"},
	{Name: "disable", PerPath: true, List: true, Doc: "rules not to run; ids or patterns such as idc/abac-*"},
	{Name: "fail-on", Flag: true, Default: "error", Doc: "lowest severity that makes the exit code 1: error, warning, info or never"},
	{Name: "format", Flag: true, Default: "text", Doc: "standard output's format: text, json, sarif, junit, github or html"},
	{Name: "max-inflated", Flag: true, Default: sizeText(saml.DefaultMaxInflated), Doc: "largest DEFLATE output of a Redirect-binding value"},
	{Name: "max-value", Flag: true, Default: sizeText(saml.DefaultMaxValue), Doc: "largest encoded SAML value"},
	{Name: "max-depth", Flag: true, Default: strconv.Itoa(saml.DefaultMaxDepth), Doc: "deepest XML element nesting"},
	{Name: "max-elements", Flag: true, Default: strconv.Itoa(saml.DefaultMaxElements), Doc: "most XML elements in one message"},
	// har.DefaultMaxBody; package config may not import har (a test in
	// package analyze keeps the two equal).
	{Name: "max-body", Flag: true, Default: "64MiB", Doc: "longest HAR body text scanned for SAML values"},
}

// Keys returns the table of settings, in display order.
func Keys() []Key { return append([]Key(nil), keys...) }

func lookupKey(name string) *Key {
	for i := range keys {
		if keys[i].Name == name {
			return &keys[i]
		}
	}
	return nil
}

func keyNames(perPathOnly bool) []string {
	var out []string
	for _, k := range keys {
		if !perPathOnly || k.PerPath {
			out = append(out, k.Name)
		}
	}
	if !perPathOnly {
		out = append(out, "overrides")
	} else {
		out = append([]string{"paths"}, out...)
	}
	return out
}

// sizeUnits are the suffixes of sizes, largest first.
var sizeUnits = []struct {
	suffix string
	mult   int64
}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}}

// sizeText writes a size in bytes as parseSize reads it.
func sizeText(n int64) string {
	for _, u := range sizeUnits {
		if n%u.mult == 0 {
			return strconv.FormatInt(n/u.mult, 10) + u.suffix
		}
	}
	return strconv.FormatInt(n, 10)
}

// parseSize parses a size in bytes: a plain integer, or one with a suffix
// KiB, MiB or GiB (powers of 1024). It must be positive.
func parseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	mult := int64(1)
	for _, u := range sizeUnits {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 || n > (1<<62)/mult {
		return 0, fmt.Errorf("want a positive size in bytes such as 5242880 or 5MiB, not %q", s)
	}
	return n * mult, nil
}
