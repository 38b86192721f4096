package checks_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/checks/jwt"
	"github.com/samlcheck/samlcheck/checks/users"
	"github.com/samlcheck/samlcheck/har"
	"github.com/samlcheck/samlcheck/har/capture"
	"github.com/samlcheck/samlcheck/saml"
	"github.com/samlcheck/samlcheck/saml/xmlenc"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rulesDir holds one folder per rule id with fail/ and pass/ fixtures
// (written by go generate ./checks).
const rulesDir = "../testdata/rules"

// expectation is what a fixture's "samlcheck:" line asks for. The keys
// besides want= are the CLI's flags; paths are relative to the fixture.
type expectation struct {
	want    []string
	profile string
	abac    bool
	users   string
	at      string
	flags   map[string]string // idp-cert, acs, issuer, audience, skew, …
}

var expectRE = regexp.MustCompile(`<!--\s*samlcheck:([^>]*)-->`)

// readExpectation reads the expectation from the XML comment before the root
// element, or from the sidecar NAME.want for other fixtures.
func readExpectation(t *testing.T, path string, data []byte) expectation {
	t.Helper()
	var line string
	if m := expectRE.FindSubmatch(data); m != nil {
		line = string(m[1])
	} else {
		side, err := os.ReadFile(path + ".want")
		require.NoError(t, err, "fixture %s has neither a <!-- samlcheck: … --> line nor a .want sidecar", path)
		line = string(side)
	}
	e := expectation{profile: "auto", flags: map[string]string{}}
	for _, kv := range strings.Fields(line) {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "want":
			if v != "" {
				e.want = strings.Split(v, ",")
			}
		case "profile":
			e.profile = v
		case "abac":
			e.abac = v == "true"
		case "users":
			e.users = v
		case "at":
			e.at = v
		case "idp-cert", "idp-metadata", "sp-metadata", "acs", "issuer", "audience", "skew", "sp-key",
			"trusted-token-issuer", "token-audience", "token-claim", "jwks":
			e.flags[k] = v
		default:
			t.Fatalf("%s: unknown expectation key %q", path, k)
		}
	}
	sort.Strings(e.want)
	return e
}

// checkFixture runs the rules on one fixture file and returns the ids of
// rules that reported a warning or an error (or anything at all, for the
// rule under test, whose severity may be info), and every finding.
func checkFixture(t *testing.T, path, rule string) ([]string, []checks.Finding, expectation) {
	t.Helper()
	rep, exp := runFixture(t, path)
	var ids []string
	for _, f := range rep.Findings {
		if (f.Severity >= checks.Warning || f.Rule == rule) && !slices.Contains(ids, f.Rule) {
			ids = append(ids, f.Rule)
		}
	}
	sort.Strings(ids)
	return ids, rep.Findings, exp
}

// runFixture checks the fixture at path as its expectation line says.
func runFixture(t *testing.T, path string) (*checks.Report, expectation) {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	exp := readExpectation(t, path, data)
	profile, err := checks.ParseProfile(exp.profile)
	require.NoError(t, err)
	cfg := &checks.Config{Profile: profile, ABAC: exp.abac}
	if exp.users != "" {
		up := filepath.Join(filepath.Dir(path), exp.users)
		ud, err := os.ReadFile(up)
		require.NoError(t, err)
		cfg.Users, err = users.Parse(up, ud)
		require.NoError(t, err)
	}
	if exp.at != "" {
		cfg.At, err = time.Parse(time.RFC3339, exp.at)
		require.NoError(t, err, "%s: at=", path)
	}
	configure(t, cfg, filepath.Dir(path), exp.flags)
	var capt capture.Capture
	if strings.HasSuffix(path, ".har") {
		capt = harCapture(t, path)
	} else if kind := checks.KindOf(data); kind != "" {
		capt = capture.Capture{File: path, Documents: []capture.Document{{Source: saml.Source{File: path, Entry: -1, Where: saml.InFile}, Kind: kind, Text: string(data)}}}
	} else {
		msgs, err := saml.ParseInput(path, data)
		if err != nil {
			// A value that cannot even be split into messages is itself
			// a decode failure: represent it as one raw message.
			msgs = []saml.Encoded{{Binding: saml.BindingNone, Value: string(data), Source: saml.Source{File: path, Entry: -1, Where: saml.InFile}}}
		}
		capt = capture.Capture{File: path, Messages: msgs}
	}
	// A HAR pass fixture may hold nothing any rule reads (a login that works).
	require.True(t, len(capt.Messages)+len(capt.Exchanges)+len(capt.Documents) > 0 || strings.HasSuffix(path, ".har"),
		"%s: no message, exchange or document found", path)
	rep, err := checks.RunCaptures(context.Background(), cfg, []capture.Capture{capt})
	require.NoError(t, err)
	return rep, exp
}

// configure applies the fixture's flag-like keys to cfg.
func configure(t *testing.T, cfg *checks.Config, dir string, flags map[string]string) {
	t.Helper()
	for k, v := range flags {
		switch k {
		case "idp-cert":
			data, err := os.ReadFile(filepath.Join(dir, v))
			require.NoError(t, err)
			certs, err := saml.ParseCertificates(v, data)
			require.NoError(t, err)
			cfg.IdPCerts = append(cfg.IdPCerts, certs...)
		case "sp-key":
			data, err := os.ReadFile(filepath.Join(dir, v))
			require.NoError(t, err)
			keys, err := xmlenc.ParseKeys(v, data, nil)
			require.NoError(t, err)
			cfg.SPKeys = append(cfg.SPKeys, keys...)
		case "acs":
			cfg.ACS = v
		case "issuer":
			cfg.Issuer = v
		case "audience":
			cfg.Audience = v
		case "trusted-token-issuer":
			cfg.Tokens.Issuer = v
		case "token-audience":
			cfg.Tokens.Audiences = strings.Split(v, ",")
		case "token-claim":
			cfg.Tokens.Claim = v
		case "jwks":
			data, err := os.ReadFile(filepath.Join(dir, v))
			require.NoError(t, err)
			ks, err := jwt.ParseJWKS(v, data)
			require.NoError(t, err)
			cfg.Tokens.KeySets = append(cfg.Tokens.KeySets, ks)
		case "skew":
			d, err := time.ParseDuration(v)
			require.NoError(t, err)
			cfg.Skew = d
		case "idp-metadata", "sp-metadata":
			data, err := os.ReadFile(filepath.Join(dir, v))
			require.NoError(t, err)
			md, err := saml.ParseMetadata(v, data)
			require.NoError(t, err)
			if k == "idp-metadata" {
				cfg.IdPMetadata = md
			} else {
				cfg.SPMetadata = md
			}
		default:
			t.Fatalf("fixture key %q is not supported by the harness yet", k)
		}
	}
}

// harCapture reads a HAR fixture as the CLI does: messages, pages and
// exchanges.
func harCapture(t *testing.T, path string) capture.Capture {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	c, err := har.ScanWith(f, path, har.ScanOptions{
		KeepPage:     func(e *har.Entry, body []byte) bool { return checks.MayBeErrorPage(e.Response.Content.MimeType, body) },
		MaxText:      capture.DefaultMaxPageText,
		KeepExchange: checks.KeepExchange,
	})
	require.NoError(t, err)
	return c.Capture
}

func fixtures(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil
	}
	require.NoError(t, err)
	var out []string
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || strings.HasSuffix(name, ".want") || strings.HasPrefix(name, "users.") || strings.Contains(name, "metadata") || strings.HasPrefix(name, "jwks.") {
			continue
		}
		out = append(out, filepath.Join(dir, name))
	}
	return out
}

// TestRuleFixtures is the harness every rule must pass: it has a Doc, a Fix
// and documented sources, at least one fixture that triggers it and one that
// passes it, and each fixture reports exactly the rules it expects.
func TestRuleFixtures(t *testing.T) {
	for _, r := range checks.All() {
		t.Run(r.ID, func(t *testing.T) {
			assert.NotEmpty(t, r.Title, "rule has no Title")
			assert.NotEmpty(t, r.Doc, "rule has no Doc")
			assert.NotEmpty(t, r.Fix, "rule has no Fix")
			assert.NotEmpty(t, r.Profiles, "rule runs under no profile")
			require.NotEmpty(t, r.Refs, "rule cites no documented source")
			for _, ref := range r.Refs {
				assert.True(t, strings.HasPrefix(ref.URL, "https://"), "ref %q has no https URL", ref.Title)
				assert.NotEmpty(t, ref.Section, "ref %q names no section", ref.Title)
			}
			fail := fixtures(t, filepath.Join(rulesDir, r.ID, "fail"))
			pass := fixtures(t, filepath.Join(rulesDir, r.ID, "pass"))
			require.NotEmpty(t, fail, "no fixture in %s/%s/fail triggers the rule", rulesDir, r.ID)
			require.NotEmpty(t, pass, "no fixture in %s/%s/pass passes the rule", rulesDir, r.ID)
			for _, path := range fail {
				ids, fs, exp := checkFixture(t, path, r.ID)
				assert.Contains(t, exp.want, r.ID, "%s: a fail fixture must want its own rule", path)
				assert.Equal(t, exp.want, ids, "%s: rules reported (warning or error) differ from want=; findings: %v", path, fs)
			}
			for _, path := range pass {
				ids, fs, exp := checkFixture(t, path, r.ID)
				assert.NotContains(t, exp.want, r.ID, "%s: a pass fixture must not want its own rule", path)
				for _, f := range fs {
					assert.NotEqual(t, r.ID, f.Rule, "%s: pass fixture reported %s: %s", path, f.Rule, f.Message)
				}
				assert.Equal(t, exp.want, ids, "%s: rules reported (warning or error) differ from want=; findings: %v", path, fs)
			}
		})
	}
}

// TestRegistry checks the registry's contract: ids unique, sorted, of the
// form source/name, and every id is in the catalogue's families.
func TestRegistry(t *testing.T) {
	all := checks.All()
	require.NotEmpty(t, all)
	idRE := regexp.MustCompile(`^(saml|idc|iam|connect|error|scim|oidc)/[a-z0-9-]+$`)
	for i, r := range all {
		assert.Regexp(t, idRE, r.ID)
		if i > 0 {
			assert.Less(t, all[i-1].ID, r.ID, "registry not sorted by id or has a duplicate")
		}
		assert.Same(t, r, checks.Lookup(r.ID))
		assert.True(t, (r.Run == nil) != (r.RunCapture == nil), "%s must have exactly one of Run and RunCapture", r.ID)
	}
	assert.Nil(t, checks.Lookup("idc/no-such-rule"))
	// All returns a copy: appending to it does not change the registry.
	extra := append(checks.All(), &checks.Rule{ID: "x/custom"})
	assert.Len(t, checks.All(), len(extra)-1)
}
