package checks

import (
	"context"
	"crypto/x509"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/samlcheck/samlcheck/checks/users"
	"github.com/samlcheck/samlcheck/har/capture"
	"github.com/samlcheck/samlcheck/saml"
	"github.com/samlcheck/samlcheck/saml/xmlenc"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runFixture checks one generated fixture (testdata/rules/REL) with cfg,
// at the fixtures' check time, with the users list USERS of its folder if
// usersFile is not "".
func runFixture(t *testing.T, rel, usersFile string, cfg Config) *Report {
	t.Helper()
	path := filepath.Join("..", "testdata", "rules", rel)
	msgs := readInput(t, path)
	if usersFile != "" {
		up := filepath.Join(filepath.Dir(path), usersFile)
		ud, err := os.ReadFile(up)
		require.NoError(t, err)
		cfg.Users, err = users.Parse(usersFile, ud)
		require.NoError(t, err)
	}
	cfg.At = time.Date(2026, 11, 1, 10, 0, 30, 0, time.UTC)
	rep, err := RunCaptures(context.Background(), &cfg, []capture.Capture{{File: path, Messages: msgs}})
	require.NoError(t, err)
	return rep
}

func findingsOf(rep *Report, rule string) []Finding {
	var out []Finding
	for _, f := range rep.Findings {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}

// TestConnectXMLWithUsers: an Amazon Connect Response given as XML, with
// no RelayState anywhere, and an aws connect list-users JSON is checked as
// Connect, so the case-only RoleSessionName difference is found.
func TestConnectXMLWithUsers(t *testing.T) {
	rep := runFixture(t, "connect/role-session-name/fail/xml-connect-users.xml", "users.json", Config{})
	require.Len(t, rep.Messages, 1)
	p := rep.Messages[0].Profile
	assert.Equal(t, Connect, p.Profile)
	assert.Contains(t, p.Reason, "AWS sign-in SAML endpoint of IAM federation, and the --users list users.json is an Amazon Connect list (aws connect list-users)")
	fs := findingsOf(rep, "connect/role-session-name")
	require.Len(t, fs, 1)
	assert.Equal(t, Error, fs[0].Severity)
	assert.Contains(t, fs[0].Message, `RoleSessionName "Alice@Example.com" differs only by case from username "alice@example.com"`)
	assert.Empty(t, rep.Notices, "the users list was used")

	// Without the list the message is IAM's, and the role's name is said
	// to be no evidence.
	rep = runFixture(t, "iam/role-session-name/pass/connect-role-name.xml", "", Config{})
	assert.Equal(t, IAM, rep.Messages[0].Profile.Profile)
	assert.Contains(t, rep.Messages[0].Profile.Reason, `the role "ConnectFederation" mentions Connect, but AWS documents no name`)
}

func TestChooseProfileUsersEvidence(t *testing.T) {
	idstore := &users.List{Source: "u.json", Kind: users.IdentityStore}
	connect := &users.List{Source: "c.json", Kind: users.Connect}
	iamMsg := saml.Encoded{Source: saml.Source{Where: saml.InForm, URL: "https://signin.aws.amazon.com/saml"}}
	bare := saml.Encoded{}
	for _, tt := range []struct {
		name    string
		cfg     Config
		e       saml.Encoded
		want    Profile
		because string
	}{
		{"iam+connect list", Config{Users: connect}, iamMsg, Connect, "Amazon Connect list"},
		{"iam+idstore list", Config{Users: idstore}, iamMsg, IAM, "AWS sign-in SAML endpoint"},
		{"explicit wins", Config{Users: connect, Profile: IAM}, iamMsg, IAM, "chosen explicitly"},
		{"no endpoint+idstore", Config{Users: idstore}, bare, IdentityCenter, "no AWS endpoint in the message, but the --users list u.json is an IAM Identity Center list"},
		{"no endpoint+connect, no role", Config{Users: connect}, bare, SAML, "SAML 2.0 rules only"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := chooseProfile(&tt.cfg, &tt.e, nil)
			assert.Equal(t, tt.want, got.Profile)
			assert.Contains(t, got.Reason, tt.because)
		})
	}
	// A RelayState naming Connect wins over an Identity Store list.
	rs := saml.Encoded{RelayState: "https://us-east-1.console.aws.amazon.com/connect/federate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d"}
	assert.Equal(t, Connect, chooseProfile(&Config{Users: idstore}, &rs, nil).Profile)
}

// TestUnusedInputs: a given input no rule that ran reads is a notice that
// says why and what would read it.
func TestUnusedInputs(t *testing.T) {
	rep := runFixture(t, "iam/role-session-name/pass/unused-users.xml", "users.txt", Config{ABAC: true})
	require.Len(t, rep.Notices, 2, "%+v", rep.Notices)
	n := rep.Notices[0]
	assert.Equal(t, NoticeUnusedInput, n.Code)
	assert.Equal(t, Info, n.Severity)
	assert.Equal(t, "--users", n.Input)
	assert.Equal(t, "users.txt", n.Value)
	assert.Equal(t, "--users users.txt was not used: profile iam does not match NameIDs or RoleSessionNames against users; only connect/role-session-name (connect), idc/nameid-user (identity-center) do; use --profile connect or --profile identity-center", n.Message)
	assert.Equal(t, "--abac", rep.Notices[1].Input)
	assert.Contains(t, rep.Notices[1].Message, "profile iam does not check attributes for access control")
	assert.Empty(t, findingsOf(rep, "idc/nameid-user"), "findings are unchanged")

	// A list of a known kind suggests its own profile only.
	rep = runFixture(t, "iam/role-session-name/pass/unused-users.xml", "", Config{Users: &users.List{Source: "ids.json", Kind: users.IdentityStore}})
	require.Len(t, rep.Notices, 1)
	assert.True(t, strings.HasSuffix(rep.Notices[0].Message, "; use --profile identity-center"), rep.Notices[0].Message)

	// Inputs every profile reads are used whenever a Response is checked.
	rep = runFixture(t, "iam/role-session-name/pass/unused-users.xml", "", Config{ACS: "https://signin.aws.amazon.com/saml", Issuer: "https://idp.example.com/saml/metadata"})
	assert.Empty(t, rep.Notices)

	// Rules that read an input ran, but had nothing to read it for: an
	// AuthnRequest has no signature to judge against --idp-cert.
	path := filepath.Join("..", "testdata", "inputs", "redirect.url")
	msgs := readInput(t, path)
	rep, err := RunCaptures(context.Background(), &Config{IdPCerts: []*x509.Certificate{{}}, At: time.Now()}, []capture.Capture{{File: path, Messages: msgs}})
	require.NoError(t, err)
	require.Len(t, rep.Notices, 1, "%+v", rep.Notices)
	assert.Equal(t, "--idp-cert was not used: saml/certificate, saml/signature-invalid, saml/signature-untrusted ran, but no message needed it (it is read for a signed message)", rep.Notices[0].Message)

	// The users list's shape is said too.
	rep = runFixture(t, "idc/nameid-user/fail/incomplete-list.xml", "users.nexttoken.json", Config{})
	require.Len(t, rep.Notices, 1)
	assert.Equal(t, NoticeUsersIncomplete, rep.Notices[0].Code)
	assert.Equal(t, Warning, rep.Notices[0].Severity)
	assert.Equal(t, Warning, findingsOf(rep, "idc/nameid-user")[0].Severity, "a name missing from an incomplete list is no error")
}

func TestMergeNotices(t *testing.T) {
	a := Notice{Code: NoticeUnusedInput, Input: "--users", Value: "u", Message: "m", Files: []string{"a.xml"}}
	b := a
	b.Files = []string{"b.xml"}
	c := a
	c.Message = "other"
	got := mergeNotices([]Notice{a, b, c, a})
	require.Len(t, got, 2)
	assert.Equal(t, []string{"a.xml", "b.xml"}, got[0].Files)
	assert.Equal(t, []string{"a.xml"}, a.Files, "inputs are not changed")
}

// TestSameCause: one root cause reported by three rules is reported once
// at its most specific rule; the others point at it.
func TestSameCause(t *testing.T) {
	rep := runFixture(t, "idc/acs-url/fail/wrong-acs-same-cause.xml", "", Config{ACS: "https://us-east-1.signin.aws.amazon.com/platform/saml/acs/6a2e3f7c-1b4d-4c9e-9f7a-2d3b5c8e1a90"})
	byRule := map[string]string{}
	for _, f := range rep.Findings {
		if f.Severity == Error {
			byRule[f.Rule] = f.SameCauseAs
		}
	}
	assert.Equal(t, map[string]string{"idc/acs-url": "", "saml/destination": "idc/acs-url", "saml/recipient": "idc/acs-url"}, byRule)

	rep = runFixture(t, "idc/nameid-format/fail/guid-same-cause.xml", "users.txt", Config{})
	byRule = map[string]string{}
	for _, f := range rep.Findings {
		if f.Severity == Error {
			byRule[f.Rule] = f.SameCauseAs
		}
	}
	assert.Equal(t, map[string]string{"idc/nameid-format": "", "idc/nameid-email": "idc/nameid-format", "idc/nameid-user": "idc/nameid-format"}, byRule)
	assert.Contains(t, findingsOf(rep, "idc/nameid-email")[0].Message, "is a GUID")

	// Different values are different causes: a NameID that is a user name
	// in the wrong format is one problem, not a consequence.
	fs := []Finding{
		{Rule: "idc/nameid-format", Cause: "nameid a"},
		{Rule: "idc/nameid-user", Cause: "nameid b"},
		{Rule: "idc/nameid-user", Cause: "nameid a", Location: Location{MessageIndex: 1}},
	}
	markSameCause(All(), fs)
	for _, f := range fs {
		assert.Empty(t, f.SameCauseAs, "%+v", f)
	}
}

// TestSameCauseRulesExist: the rules a rule names in SameCause exist, and
// run under one of its profiles.
func TestSameCauseRulesExist(t *testing.T) {
	for _, r := range All() {
		for _, id := range r.SameCause {
			o := Lookup(id)
			if !assert.NotNil(t, o, "%s: SameCause names unknown rule %s", r.ID, id) {
				continue
			}
			shared := false
			for _, p := range r.Profiles {
				shared = shared || o.RunsUnder(p)
			}
			assert.True(t, shared, "%s and %s never run on the same message", r.ID, id)
		}
	}
}

// TestUsesDeclared runs every XML rule fixture with every input given and
// holds each rule to its declaration: the inputs it consults (Pass.use) are
// in its Uses, which explain prints and the unused-input notices cite.
func TestUsesDeclared(t *testing.T) {
	dir := filepath.Join("..", "testdata", "rules")
	mdData, err := os.ReadFile(filepath.Join(dir, "idc/metadata/pass/email.idp-metadata.xml"))
	require.NoError(t, err)
	md, err := saml.ParseMetadata("idp-metadata.xml", mdData)
	require.NoError(t, err)
	certData, err := os.ReadFile(filepath.Join("..", "testdata", "keys", "idp.crt.pem"))
	require.NoError(t, err)
	certs, err := saml.ParseCertificates("idp.crt.pem", certData)
	require.NoError(t, err)
	keyData, err := os.ReadFile(filepath.Join("..", "testdata", "keys", "sp.key.pem"))
	require.NoError(t, err)
	spKeys, err := xmlenc.ParseKeys("sp.key.pem", keyData, nil)
	require.NoError(t, err)
	cfg := &Config{Users: users.New("users.txt", []string{"alice@example.com"}), IdPCerts: certs, IdPMetadata: md, SPMetadata: md,
		ACS: "https://example.com/acs", Issuer: "https://idp.example.com/saml/metadata", Audience: "urn:x", ABAC: true,
		SPKeys: spKeys, At: time.Date(2026, 11, 1, 10, 0, 30, 0, time.UTC)}
	used := map[string][]Given{}
	n := 0
	err = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".xml") || strings.Contains(path, "metadata") {
			return err
		}
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		msgs, err := saml.ParseInput(path, data)
		if err != nil {
			return nil
		}
		for _, p := range Profiles() {
			c := *cfg
			c.Profile = p
			rep, err := RunCaptures(context.Background(), &c, []capture.Capture{{File: path, Messages: msgs}})
			require.NoError(t, err)
			for id, gs := range rep.used {
				used[id] = append(used[id], gs...)
			}
		}
		n++
		return nil
	})
	require.NoError(t, err)
	require.Greater(t, n, 100)
	for id, gs := range used {
		r := Lookup(id)
		require.NotNil(t, r)
		for _, g := range gs {
			assert.Contains(t, r.Uses, g, "%s consults %s but does not declare it in Uses", id, g)
		}
	}
	for _, r := range All() {
		for _, g := range r.Uses {
			assert.Contains(t, used[r.ID], g, "%s declares %s in Uses, but no fixture made it consult it", r.ID, g)
		}
	}
}
