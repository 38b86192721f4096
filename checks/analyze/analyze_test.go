package analyze

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/checks/config"
	"github.com/samlcheck/samlcheck/checks/users"
	"github.com/samlcheck/samlcheck/har"
	"github.com/samlcheck/samlcheck/saml"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const testdata = "../../testdata"

// at is the reference time of the generated fixtures' messages.
var at = time.Date(2026, 11, 1, 10, 0, 30, 0, time.UTC)

func fixture(t testing.TB, rel string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(testdata, rel))
	require.NoError(t, err)
	return data
}

// tree writes files (name → content) under a new directory and returns it.
func tree(t testing.TB, files map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, body, 0o644))
	}
	return dir
}

func inputFiles(rep *checks.Report) []string {
	var out []string
	for _, in := range rep.Inputs {
		out = append(out, in.File)
	}
	return out
}

func TestExpand(t *testing.T) {
	dir := tree(t, map[string][]byte{
		"b/2.xml":        nil,
		"b/1.xml":        nil,
		"a.har":          nil,
		"c/d/e.xml":      nil,
		".git/HEAD":      nil,
		"c/.hidden/x.xm": nil,
	})
	j := func(p string) string { return filepath.Join(dir, p) }

	got, err := Expand([]string{dir, j("a.har"), "-"})
	require.NoError(t, err)
	assert.Equal(t, []Target{
		{Path: j("a.har"), Found: true}, {Path: j("b/1.xml"), Found: true}, {Path: j("b/2.xml"), Found: true},
		{Path: j("c/d/e.xml"), Found: true}, {Path: "-"},
	}, got, "lexical walk order, dot-directories skipped, a file reached twice read once")

	got, err = Expand([]string{j("**/*.xml")})
	require.NoError(t, err)
	assert.Equal(t, []Target{{Path: j("b/1.xml"), Found: true}, {Path: j("b/2.xml"), Found: true}, {Path: j("c/d/e.xml"), Found: true}}, got)

	got, err = Expand([]string{j("*/?.xml")})
	require.NoError(t, err)
	assert.Equal(t, []Target{{Path: j("b/1.xml"), Found: true}, {Path: j("b/2.xml"), Found: true}}, got, "* never crosses a /")

	got, err = Expand([]string{j("c/*")})
	require.NoError(t, err)
	assert.Equal(t, []Target{{Path: j("c/d/e.xml"), Found: true}}, got, "a matching directory is walked")

	got, err = Expand([]string{j("missing.har"), j("*.nothing")})
	assert.ErrorIs(t, err, ErrNoMatch)
	assert.ErrorContains(t, err, "*.nothing")
	assert.Equal(t, []Target{{Path: j("missing.har")}}, got, "a missing named file is kept: reading it reports the error")

	_, err = Expand([]string{j("x/[")})
	assert.ErrorContains(t, err, "syntax error in pattern")
}

func TestReadRecognisesFoundFilesByContent(t *testing.T) {
	b64 := fixture(t, "inputs/response.b64")
	dir := tree(t, map[string][]byte{
		"login.har":        fixture(t, "har/chrome-idc-ok.har"),
		"response.xml":     fixture(t, "inputs/response.xml"),
		"response.b64":     b64,
		"truncated.b64":    b64[:200],
		"post-body.txt":    fixture(t, "inputs/post-body.txt"),
		"redirect.url":     fixture(t, "inputs/redirect.url"),
		"README.md":        []byte("# Fixtures\n\nSigned with the test key.\n"),
		"users.txt":        []byte("alice@example.com\nbob@example.com\n"),
		"users.json":       []byte(`{"Users":[{"UserName":"alice@example.com"}]}`),
		"idp.crt.pem":      fixture(t, "keys/idp.crt.pem"),
		"metadata.xml":     fixture(t, "rules/idc/metadata/pass/email.idp-metadata.xml"),
		"pom.xml":          []byte(`<?xml version="1.0"?><project/>`),
		"page.html":        []byte(`<html><body>hello</body></html>`),
		"binary.bin":       {0x1f, 0x8b, 0x08, 0x00, 0xff, 0xfe, 0x00, 0x01},
		"empty.xml":        nil,
		"broken-saml.xml":  []byte(`<!-- a comment --><samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"><unclosed>`),
		"junk-first.xml":   []byte(`<NameID>evil@example.com</NameID><samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r"/>`),
		"fingerprint.txt":  []byte("3f:a2:17:00:9c:aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77:88\n"),
		"prose.txt":        []byte(strings.Repeat("this is a long line of words without any punctuation at all ", 3)),
		"sha256-only.txt":  []byte("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
		"connect/relay.tx": fixture(t, "rules/connect/relay-state/pass/federate.txt"),
	})
	checked := map[string]string{}
	skipped := map[string]string{}
	targets, err := Expand([]string{dir})
	require.NoError(t, err)
	for _, tg := range targets {
		f, err := Read(context.Background(), tg, nil)
		rel, _ := filepath.Rel(dir, tg.Path)
		if f.Skipped != "" {
			require.NoError(t, err, rel)
			skipped[rel] = f.Skipped
			continue
		}
		checked[rel] = f.Input.Kind
	}
	assert.Equal(t, map[string]string{
		"login.har": "har", "response.xml": "xml", "response.b64": "base64", "truncated.b64": "base64",
		"post-body.txt": "form", "redirect.url": "url", "broken-saml.xml": "xml", "connect/relay.tx": "form",
		"junk-first.xml": "xml",
	}, checked)
	assert.Contains(t, skipped["metadata.xml"], "SAML metadata")
	assert.Contains(t, skipped["idp.crt.pem"], "PEM")
	for _, name := range []string{"README.md", "users.txt", "users.json", "pom.xml", "page.html", "binary.bin", "empty.xml", "fingerprint.txt", "prose.txt", "sha256-only.txt"} {
		assert.NotEmpty(t, skipped[name], name)
	}

	// Named explicitly, the same files are checked and their problems said.
	f, err := Read(context.Background(), Target{Path: filepath.Join(dir, "users.json")}, nil)
	var ie *InputError
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, filepath.Join(dir, "users.json"), ie.File)
	assert.ErrorIs(t, err, saml.ErrNoMessage)
	assert.Equal(t, []string{err.Error()}, f.Input.Errors)
	_, err = Read(context.Background(), Target{Path: filepath.Join(dir, "empty.xml")}, nil)
	assert.ErrorContains(t, err, "empty input")
	_, err = Read(context.Background(), Target{Path: filepath.Join(dir, "nope.xml")}, nil)
	assert.ErrorIs(t, err, fs.ErrNotExist)
	f, err = Read(context.Background(), Target{Path: filepath.Join(dir, "metadata.xml")}, nil)
	require.NoError(t, err)
	assert.Len(t, f.Capture.Messages, 1, "metadata named explicitly is checked (saml/decode tells how to pass it)")
	f, err = Read(context.Background(), Target{Path: "-"}, &Options{Stdin: strings.NewReader(string(b64))})
	require.NoError(t, err)
	assert.Equal(t, "base64", f.Input.Kind)
}

func TestFilesOrderErrorsAndIndexes(t *testing.T) {
	dir := tree(t, map[string][]byte{
		"a/login.har":     fixture(t, "har/chrome-idc-nameid-unspecified.har"),
		"b/response.xml":  fixture(t, "inputs/response.xml"),
		"b/README.md":     []byte("not SAML\n"),
		"c/truncated.har": fixture(t, "har/chrome-idc-ok.har")[:3000],
		"d/response.b64":  fixture(t, "inputs/response.b64"),
	})
	missing := filepath.Join(dir, "missing.xml")
	var skipped []string
	cfg := &checks.Config{At: at, Now: at}
	rep, err := Files(context.Background(), []string{dir, missing}, cfg, &Options{Workers: 3, OnSkip: func(f, why string) { skipped = append(skipped, f) }})
	require.NotNil(t, rep)
	j := func(p string) string { return filepath.Join(dir, p) }
	assert.Equal(t, []string{j("a/login.har"), j("b/response.xml"), j("c/truncated.har"), j("d/response.b64"), missing}, inputFiles(rep))
	assert.Equal(t, []string{j("b/README.md")}, skipped)

	// Two incomplete inputs, reported without stopping the others.
	var ies []*InputError
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var ie *InputError
		require.ErrorAs(t, e, &ie)
		ies = append(ies, ie)
	}
	require.Len(t, ies, 2)
	assert.Equal(t, j("c/truncated.har"), ies[0].File)
	assert.Equal(t, missing, ies[1].File)
	assert.NotEmpty(t, rep.Inputs[2].Errors)
	assert.NotEmpty(t, rep.Inputs[4].Errors)

	// Message indexes are unique and in input order, whatever the workers did.
	require.Len(t, rep.Messages, 4)
	for i, m := range rep.Messages {
		assert.Equal(t, i, m.Index)
	}
	assert.Equal(t, j("a/login.har"), rep.Messages[1].File)
	require.NotNil(t, rep.Messages[1].Answers)
	assert.Equal(t, 0, *rep.Messages[1].Answers)
	assert.Equal(t, j("d/response.b64"), rep.Messages[3].File)
	var sawError bool
	for _, f := range rep.Findings {
		if f.Rule == "error/idc-unexpected" {
			sawError = true
			assert.Contains(t, f.Message, "message 2", "texts name report-wide message numbers")
		}
		if f.Location.MessageIndex >= 0 {
			assert.Equal(t, rep.Messages[f.Location.MessageIndex].File, f.Location.File)
		}
	}
	assert.True(t, sawError)
	assert.True(t, isSorted(rep.Findings))
	assert.Contains(t, rep.Rules, "idc/nameid-format")
}

func isSorted(fs []checks.Finding) bool {
	c := checks.Merge(&checks.Report{Findings: fs}).Findings // sorted as a run sorts them
	for i := range c {
		if c[i].Rule != fs[i].Rule || c[i].Location != fs[i].Location || c[i].Message != fs[i].Message {
			return false
		}
	}
	return true
}

func TestFilesPerPathConfig(t *testing.T) {
	dir := tree(t, map[string][]byte{
		"saml/response.xml": fixture(t, "inputs/response.xml"),
		"idc/response.xml":  fixture(t, "inputs/response.xml"),
	})
	base := &checks.Config{At: at, Profile: checks.SAML}
	idc := &checks.Config{At: at, Profile: checks.IdentityCenter}
	idcBefore := *idc
	rep, err := Files(context.Background(), []string{dir}, base, &Options{ConfigFor: func(file string) *checks.Config {
		if strings.Contains(file, "idc") {
			return idc
		}
		return nil // nil means the run's cfg
	}})
	require.NoError(t, err)
	require.Len(t, rep.Messages, 2)
	assert.Equal(t, checks.IdentityCenter, rep.Messages[0].Profile.Profile)
	assert.Equal(t, checks.SAML, rep.Messages[1].Profile.Profile)
	assert.Equal(t, idcBefore, *idc, "the caller's configuration is never modified")
}

func TestFilesNoInputAndCancel(t *testing.T) {
	dir := tree(t, map[string][]byte{"README.md": []byte("nothing here\n")})
	rep, err := Files(context.Background(), []string{dir}, nil, nil)
	assert.ErrorIs(t, err, ErrNoInput)
	require.NotNil(t, rep)
	assert.Empty(t, rep.Inputs)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rep, err = Files(ctx, []string{filepath.Join(testdata, "inputs")}, nil, nil)
	assert.Nil(t, rep)
	assert.ErrorIs(t, err, context.Canceled)
}

func TestReader(t *testing.T) {
	rep, err := Reader(context.Background(), "login.har", strings.NewReader(string(fixture(t, "har/chrome-idc-nameid-unspecified.har"))), &checks.Config{}, nil)
	require.NoError(t, err)
	require.Len(t, rep.Inputs, 1)
	assert.Equal(t, "har", rep.Inputs[0].Kind)
	assert.Len(t, rep.Messages, 2)
	assert.Equal(t, checks.Error, rep.Max())

	rep, err = Reader(context.Background(), "x.json", strings.NewReader(`{"a":1}`), nil, nil)
	var ie *InputError
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, "x.json", ie.File)
	require.NotNil(t, rep)
	assert.Equal(t, []string{err.Error()}, rep.Inputs[0].Errors)
}

func TestMaxBody(t *testing.T) {
	for _, k := range config.Keys() {
		if k.Name == "max-body" {
			// config's size syntax: 64MiB is 64<<20 bytes (config.TestParseSize)
			assert.Equal(t, "64MiB", k.Default)
			assert.Equal(t, int64(64<<20), int64(har.DefaultMaxBody), "the configuration's default is har's")
		}
	}
	path := filepath.Join(testdata, "har/chrome-idc-nameid-unspecified.har")
	f, err := Read(context.Background(), Target{Path: path}, &Options{MaxBody: 1024})
	var ie *InputError
	require.ErrorAs(t, err, &ie)
	assert.ErrorContains(t, err, "entry 7: response.content.text of POST https://idp.example.com/login not scanned for SAML: longer than 1024 bytes (raise --max-body)")
	assert.NotEmpty(t, f.Input.Errors)
	f, err = Read(context.Background(), Target{Path: path}, nil)
	require.NoError(t, err)
	assert.Len(t, f.Capture.Messages, 2)
}

// TestFilesShareOneConfig checks many files on several workers with one
// configuration holding a users list, certificates and metadata, read by
// every rule at once (go test -race watches the sharing).
func TestFilesShareOneConfig(t *testing.T) {
	certs, err := saml.ParseCertificates("idp.crt.pem", fixture(t, "keys/idp.crt.pem"))
	require.NoError(t, err)
	md, err := saml.ParseMetadata("idp.xml", fixture(t, "rules/idc/metadata/pass/email.idp-metadata.xml"))
	require.NoError(t, err)
	cfg := &checks.Config{At: at, IdPCerts: certs, IdPMetadata: md, SPMetadata: md,
		Users: users.New("users.txt", []string{"alice@example.com"})}
	files := map[string][]byte{}
	for i, name := range []string{"har/chrome-idc-ok.har", "har/chrome-iam-ok.har", "inputs/response.xml", "inputs/redirect.url", "har/chrome-connect-ok.har", "inputs/post-body.txt"} {
		files[fmt.Sprintf("%d-%s", i, filepath.Base(name))] = fixture(t, name)
	}
	dir := tree(t, files)
	rep, err := Files(context.Background(), []string{dir}, cfg, &Options{Workers: 3})
	require.NoError(t, err)
	assert.Len(t, rep.Inputs, 6)
	var trusted int
	for _, m := range rep.Messages {
		for _, s := range m.Signatures {
			if s.Status == "valid" {
				trusted++
			}
		}
	}
	assert.Positive(t, trusted, "signatures verify with the shared certificates")
}

// TestFilesChecksConcurrently shows that files are checked at the same time
// on two workers, not one after the other: a rule waits until it runs on
// two files at once (the timeout only guards against a hang).
func TestFilesChecksConcurrently(t *testing.T) {
	var mu sync.Mutex
	running, both := 0, make(chan struct{})
	barrier := &checks.Rule{ID: "test/barrier", Severity: checks.Info, Profiles: checks.Profiles(), Run: func(p *checks.Pass) {
		mu.Lock()
		running++
		if running == 2 {
			close(both)
		}
		mu.Unlock()
		select {
		case <-both:
		case <-time.After(30 * time.Second):
			p.Report(checks.Finding{Message: "ran alone"})
		}
	}}
	dir := tree(t, map[string][]byte{"a.xml": fixture(t, "inputs/response.xml"), "b.xml": fixture(t, "inputs/response.xml")})
	rep, err := Files(context.Background(), []string{dir}, &checks.Config{At: at, Rules: []*checks.Rule{barrier}}, &Options{Workers: 2})
	require.NoError(t, err)
	assert.Empty(t, rep.Findings, "the two files were not checked at the same time")
}

func TestPanicInARuleIsAnInputError(t *testing.T) {
	boom := &checks.Rule{ID: "test/boom", Severity: checks.Error, Profiles: checks.Profiles(), Run: func(p *checks.Pass) {
		if strings.HasSuffix(p.Encoded.Source.File, "b.xml") {
			panic("boom")
		}
	}}
	dir := tree(t, map[string][]byte{"a.xml": fixture(t, "inputs/response.xml"), "b.xml": fixture(t, "inputs/response.xml"), "c.xml": fixture(t, "inputs/response.xml")})
	rep, err := Files(context.Background(), []string{dir}, &checks.Config{At: at, Rules: []*checks.Rule{boom, checks.Lookup("saml/decode")}}, nil)
	var ie *InputError
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, filepath.Join(dir, "b.xml"), ie.File)
	assert.ErrorContains(t, err, "internal error: boom")
	require.NotNil(t, rep)
	assert.Len(t, rep.Inputs, 3)
	assert.Len(t, rep.Messages, 2, "the other files are checked")
	assert.True(t, errors.Is(err, ie.Err))
}
