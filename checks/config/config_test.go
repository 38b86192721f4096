package config

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var now = time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)

// write creates the files under dir (name → content) and returns dir.
func write(t *testing.T, dir string, files map[string]string) string {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	}
	return dir
}

func keysDir(t *testing.T) string {
	t.Helper()
	abs, err := filepath.Abs("../../testdata/keys")
	require.NoError(t, err)
	return abs
}

func TestParseErrorsNameFileAndLine(t *testing.T) {
	for _, c := range []struct{ yaml, want string }{
		{"profile: iam\nprofle: iam\n", `c.yaml:2: unknown key "profle"`},
		{"skew: 3m\nskew: 4m\n", "c.yaml:2: skew is already set on line 1"},
		{"overrides:\n  - paths: [a]\n    fail-on: info\n", "c.yaml:3: fail-on applies to the whole run and cannot be set in an override"},
		{"overrides:\n  - paths: [a]\n    colour: red\n", `c.yaml:3: unknown key "colour"`},
		{"overrides:\n  - profile: iam\n", "c.yaml:2: overrides: the entry has no paths"},
		{"overrides:\n  - paths: [../x]\n", `c.yaml:2: paths: "../x" must be relative`},
		{"overrides:\n  - paths: [\"a**\"]\n", "c.yaml:2: paths: pathglob"},
		{"overrides: fixtures\n", "c.yaml:1: overrides: want a list"},
		{"profile: [a, b]\n", "c.yaml:1: profile: want a single value"},
		{"users:\n", "c.yaml:1: users: a value is needed"},
		{"- a\n", "c.yaml:1: want a mapping"},
		{"profile: 'x\n", "c.yaml"},
	} {
		_, err := Parse("c.yaml", []byte(c.yaml))
		require.Error(t, err, c.yaml)
		assert.Contains(t, err.Error(), c.want, c.yaml)
		assert.Contains(t, err.Error(), "config: ", c.yaml)
	}
}

func TestParse(t *testing.T) {
	dir := t.TempDir()
	f, err := Parse(filepath.Join(dir, FileName), []byte(`# comment
profile: identity-center
idp-cert: [a.pem, /abs/b.pem]
users: users.txt
disable: saml/relay-state-length
overrides:
  - paths: ["./fixtures/connect/**", "other/"]
    profile: connect
`))
	require.NoError(t, err)
	assert.Equal(t, dir, f.Dir)
	assert.Equal(t, []string{"identity-center"}, f.Top["profile"].Values)
	assert.Equal(t, 2, f.Top["profile"].Source.Line)
	assert.Equal(t, filepath.Join(dir, FileName)+":2", f.Top["profile"].Source.String())
	assert.Equal(t, []string{filepath.Join(dir, "a.pem"), "/abs/b.pem"}, f.Top["idp-cert"].Values, "paths are relative to the file")
	assert.Equal(t, []string{filepath.Join(dir, "users.txt")}, f.Top["users"].Values)
	assert.Equal(t, []string{"saml/relay-state-length"}, f.Top["disable"].Values, "a scalar is a one-element list")
	require.Len(t, f.Overrides, 1)
	o := f.Overrides[0]
	assert.Equal(t, []string{"fixtures/connect/**", "other"}, o.Paths)
	assert.Equal(t, 7, o.Line)
	assert.True(t, o.matches("fixtures/connect/a/b.har"))
	assert.True(t, o.matches("other/x.xml"))
	assert.False(t, o.matches("fixtures/idc/x.har"))

	empty, err := Parse("e.yaml", []byte("# nothing\n"))
	require.NoError(t, err)
	assert.Empty(t, empty.Top)
}

func TestFindStopsAtRepositoryRoot(t *testing.T) {
	root := t.TempDir()
	write(t, root, map[string]string{
		FileName:                "profile: iam\n",
		"repo/.git/HEAD":        "ref: refs/heads/main\n",
		"repo/a/b/keep":         "",
		"repo/cfg/" + FileName:  "profile: saml\n",
		"repo/cfg/sub/dir/keep": "",
	})
	got, err := Find(filepath.Join(root, "repo/cfg/sub/dir"))
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(root, "repo/cfg", FileName), got, "found upward")
	got, err = Find(filepath.Join(root, "repo/a/b"))
	require.NoError(t, err)
	assert.Empty(t, got, "the search stops at the directory holding .git")
	got, err = Find(root)
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(root, FileName), got)
}

func TestPrecedenceAndSources(t *testing.T) {
	keys := keysDir(t)
	dir := write(t, t.TempDir(), map[string]string{"users.txt": "alice@example.com\n"})
	f, err := Parse(filepath.Join(dir, FileName), []byte(`profile: identity-center
skew: 5m
users: users.txt
idp-cert: `+filepath.Join(keys, "idp.crt.pem")+`
fail-on: warning
max-value: 1MiB
overrides:
  - paths: ["fixtures/connect/**"]
    profile: connect
    idp-cert: `+filepath.Join(keys, "other.crt.pem")+`
  - paths: ["fixtures/**/*.xml"]
    at: 2026-11-01T10:00:30Z
`))
	require.NoError(t, err)
	flags := Layer{}
	flags.SetFlag("skew", "1m")
	t.Chdir(dir)
	r, err := Resolve(f, flags, nil, now)
	require.NoError(t, err)

	assert.Equal(t, checks.Warning, r.FailOn)
	assert.Equal(t, "text", r.Format)
	assert.Equal(t, 1<<20, r.Decode.MaxValue)

	base := r.Config()
	assert.Equal(t, checks.IdentityCenter, base.Profile)
	assert.Equal(t, time.Minute, base.Skew, "the flag wins over the file")
	assert.Equal(t, now, base.Now)
	assert.True(t, base.At.IsZero())
	require.NotNil(t, base.Users)
	assert.Equal(t, []string{"alice@example.com"}, base.Users.Names)
	require.Len(t, base.IdPCerts, 1)
	assert.Len(t, base.Rules, len(checks.All()))

	c := r.ConfigFor("fixtures/connect/login.har")
	assert.Equal(t, checks.Connect, c.Profile, "an override wins over the top level")
	require.Len(t, c.IdPCerts, 1)
	assert.NotEqual(t, base.IdPCerts[0].Raw, c.IdPCerts[0].Raw, "the override's certificate replaces the list")
	assert.Same(t, base.Users, c.Users, "files are read once per run")
	assert.Same(t, c, r.ConfigFor("fixtures/connect/other.har"), "one configuration per set of overrides")

	both := r.ConfigFor(filepath.Join(dir, "fixtures/connect/x/r.xml"))
	assert.Equal(t, checks.Connect, both.Profile)
	assert.Equal(t, "2026-11-01T10:00:30Z", both.At.Format(time.RFC3339), "overrides add up in file order")
	assert.Same(t, base, r.ConfigFor("elsewhere/r.xml"))
	assert.Same(t, base, r.ConfigFor("../outside/fixtures/connect/a.har"), "a file outside the config's directory matches no override")
	assert.Same(t, base, r.ConfigFor("-"))

	src := map[string]string{}
	for _, s := range r.Settings("fixtures/connect/a.har") {
		src[s.Key] = s.Source.String()
	}
	assert.Equal(t, filepath.Join(dir, FileName)+":9", src["profile"])
	assert.Equal(t, "flag --skew", src["skew"])
	assert.Equal(t, "default", src["abac"])
	assert.Equal(t, filepath.Join(dir, FileName)+":5", src["fail-on"])
	assert.Equal(t, []int{0}, r.Overrides("fixtures/connect/a.har"))
}

func TestRuleSelection(t *testing.T) {
	f, err := Parse("c.yaml", []byte(`enable: ["idc/*", saml/decode]
disable: ["idc/abac-*"]
overrides:
  - paths: [connect]
    enable: ["connect/*"]
    disable: [idc/nameid-user]
`))
	require.NoError(t, err)
	r, err := Resolve(f, nil, nil, now)
	require.NoError(t, err)
	ids := func(c *checks.Config) []string {
		var out []string
		for _, rule := range c.Rules {
			out = append(out, rule.ID)
		}
		return out
	}
	base := ids(r.Config())
	assert.Contains(t, base, "idc/nameid-user")
	assert.Contains(t, base, "saml/decode")
	assert.NotContains(t, base, "idc/abac-multi-valued", "disable removes from enable")
	assert.NotContains(t, base, "saml/audience", "the top level's enable keeps only what it names")
	assert.NotContains(t, base, "connect/relay-state")

	c := ids(r.ConfigFor("connect/a.har"))
	assert.Contains(t, c, "connect/relay-state", "an override's enable adds rules")
	assert.Contains(t, c, "idc/nameid-format")
	assert.NotContains(t, c, "idc/nameid-user")

	for _, y := range []string{"disable: [idc/nope]\n", "enable: [\"iam/x*\"]\n", "overrides:\n  - paths: [a]\n    enable: [nope/*]\n"} {
		f, err := Parse("c.yaml", []byte(y))
		require.NoError(t, err)
		_, err = Resolve(f, nil, nil, now)
		assert.ErrorContains(t, err, "matches no rule", y)
		assert.ErrorContains(t, err, "c.yaml:", y)
	}
	every, err := Parse("c.yaml", []byte("enable: [\"**\"]\ndisable: [\"*/*\"]\n"))
	require.NoError(t, err)
	r, err = Resolve(every, nil, nil, now)
	require.NoError(t, err)
	assert.Empty(t, r.Config().Rules)
}

func TestResolveErrorsNameTheSource(t *testing.T) {
	flag := func(k, v string) Layer { l := Layer{}; l.SetFlag(k, v); return l }
	for _, c := range []struct {
		flags Layer
		want  string
	}{
		{flag("profile", "azure"), `--profile: checks: unknown profile "azure"`},
		{flag("skew", "-1m"), "--skew -1m0s: must not be negative"},
		{flag("skew", "soon"), "--skew: time: invalid duration"},
		{flag("at", "yesterday"), "--at: want an RFC 3339 time"},
		{flag("abac", "maybe"), "--abac: want true or false"},
		{flag("fail-on", "fatal"), "--fail-on: checks: unknown severity"},
		{flag("max-depth", "0"), "--max-depth: want a positive whole number"},
		{flag("max-inflated", "5MB"), "--max-inflated: want a positive size"},
		{flag("users", "/nonexistent/users.txt"), "--users: open /nonexistent/users.txt"},
		{flag("idp-metadata", "../../testdata/keys/idp.crt.pem"), "--idp-metadata: "},
		{Layer{"bogus": {Key: "bogus"}}, `unknown setting "bogus"`},
	} {
		_, err := Resolve(nil, c.flags, nil, now)
		require.Error(t, err, c.want)
		assert.Contains(t, err.Error(), c.want)
	}
	f, err := Parse("c.yaml", []byte("overrides:\n  - paths: [a]\n    skew: never\n"))
	require.NoError(t, err)
	_, err = Resolve(f, nil, nil, now)
	assert.ErrorContains(t, err, "config: c.yaml:3: skew: time: invalid duration", "an override's values are checked up front")
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"100": 100, "5MiB": 5 << 20, "2 KiB": 2048, "1GiB": 1 << 30, "64MiB": 64 << 20} {
		got, err := parseSize(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{"", "0", "-1", "5MB", "x"} {
		_, err := parseSize(in)
		assert.Error(t, err, in)
	}
	assert.Equal(t, "5MiB", sizeText(5<<20))
	assert.Equal(t, "1000", sizeText(1000))
}
