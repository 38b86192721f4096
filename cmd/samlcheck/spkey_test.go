package main

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	spKeyFile = "../../testdata/keys/sp.key.pem"
	decDir    = "../../testdata/rules/saml/decryption"
)

// keyMaterial returns strings by which the SP private key could leak: its
// private exponent and primes (decimal, hex, Base64) and pieces of its PEM
// body and DER.
func keyMaterial(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile(spKeyFile)
	require.NoError(t, err)
	block, _ := pem.Decode(data)
	require.NotNil(t, block)
	var priv *rsa.PrivateKey
	if k, err := x509.ParsePKCS1PrivateKey(block.Bytes); err == nil {
		priv = k
	} else {
		k8, err := x509.ParsePKCS8PrivateKey(block.Bytes)
		require.NoError(t, err)
		priv = k8.(*rsa.PrivateKey)
	}
	var out []string
	add := func(s string) {
		if len(s) > 48 {
			s = s[8:48]
		}
		out = append(out, s)
	}
	for _, n := range append([]*big.Int{priv.D}, priv.Primes...) {
		add(n.String())
		add(hex.EncodeToString(n.Bytes()))
		add(strings.ToUpper(hex.EncodeToString(n.Bytes())))
		add(base64.StdEncoding.EncodeToString(n.Bytes()))
	}
	add(base64.StdEncoding.EncodeToString(block.Bytes[len(block.Bytes)/2:]))
	for _, line := range strings.Split(string(data), "\n")[2:6] {
		add(line)
	}
	out = append(out, "PRIVATE KEY")
	return out
}

// TestSPKeyNeverInOutput runs every output format, decode and redact on
// encrypted inputs with --sp-key and finds no key material anywhere:
// standard output, standard error, -o files.
func TestSPKeyNeverInOutput(t *testing.T) {
	secrets := keyMaterial(t)
	inputs := []string{
		filepath.Join(decDir, "pass/okta-retrieval-method.xml"),
		filepath.Join(decDir, "fail/encrypted-for-old-certificate.xml"),
		filepath.Join(decDir, "fail/gcm-tag-altered.xml"),
		filepath.Join(decDir, "fail/content-not-an-assertion.xml"),
		"../../testdata/rules/iam/role-session-name/fail/encrypted-assertion.har",
	}
	check := func(t *testing.T, what string, out []byte) {
		t.Helper()
		assertNoneOf(t, string(out), secrets, what+" leaks key material")
	}
	dir := t.TempDir()
	for _, format := range candidateFormats {
		t.Run(format, func(t *testing.T) {
			file := filepath.Join(dir, format+".out")
			args := append([]string{"--no-config", "--sp-key", spKeyFile, "--format", format, "-o", format + "=" + file, "--at", "2026-11-01T10:00:30Z"}, inputs...)
			code, stdout, stderr := runCLI(args...)
			require.NotEqual(t, exitInput, code, "stderr: %s", stderr)
			require.Contains(t, stdout, "saml/decryption")
			check(t, "stdout", []byte(stdout))
			check(t, "stderr", []byte(stderr))
			data, err := os.ReadFile(file)
			require.NoError(t, err)
			check(t, "-o "+format, data)
		})
	}
	t.Run("decode", func(t *testing.T) {
		_, stdout, stderr := runCLI(append([]string{"decode", "--no-config", "--sp-key", spKeyFile}, inputs...)...)
		assert.Contains(t, stdout, "--> decrypted EncryptedAssertion 1")
		assert.Contains(t, stdout, "not decrypted")
		check(t, "decode stdout", []byte(stdout))
		check(t, "decode stderr", []byte(stderr))
	})
	t.Run("redact", func(t *testing.T) {
		in := "../../testdata/rules/iam/role-session-name/fail/encrypted-assertion.har"
		out := filepath.Join(dir, "redacted.har")
		code, _, stderr := runCLI("redact", "-o", out, in)
		require.Equal(t, exitOK, code, stderr)
		data, err := os.ReadFile(out)
		require.NoError(t, err)
		check(t, "redacted HAR", data)
		// The redacted HAR still decrypts: the encrypted block is kept as it was.
		_, stdout, stderr := runCLI("--no-config", "--sp-key", spKeyFile, "--format", "json", out)
		assert.Contains(t, stdout, `"decrypted": true`, stderr)
	})
}

// TestSPKeyFlagErrors: an unreadable or unusable key file is exit 2, naming
// the file and why; the passphrase comes from the environment variable
// --sp-key-pass-env names.
func TestSPKeyFlagErrors(t *testing.T) {
	dir := t.TempDir()
	cert := filepath.Join(dir, "cert-only.pem")
	require.NoError(t, os.WriteFile(cert, []byte(mustRead(t, "../../testdata/keys/sp.crt.pem")), 0o600))
	input := filepath.Join(decDir, "pass/okta-retrieval-method.xml")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--sp-key", filepath.Join(dir, "missing.pem")}, "missing.pem: no such file"},
		{[]string{"--sp-key", cert}, "cert-only.pem: no private key in the file"},
		{[]string{"--sp-key", spKeyFile, "--sp-key-pass-env", "SAMLCHECK_TEST_UNSET_PASS"}, "SAMLCHECK_TEST_UNSET_PASS is not set"},
	} {
		code, stdout, stderr := runCLI(append(append([]string{"--no-config"}, tc.args...), input)...)
		assert.Equal(t, exitInput, code)
		assert.Contains(t, stderr, tc.want)
		assert.Empty(t, stdout)
	}

	// An encrypted key with its passphrase in the environment.
	enc := filepath.Join(dir, "sp-enc.pem")
	data, err := os.ReadFile(spKeyFile)
	require.NoError(t, err)
	block, _ := pem.Decode(data)
	//lint:ignore SA1019 the test writes a legacy encrypted PEM, a format samlcheck reads
	eb, err := x509.EncryptPEMBlock(strings.NewReader(strings.Repeat("0123456789abcdef", 4)), block.Type, block.Bytes, []byte("pa55"), x509.PEMCipherAES128)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(enc, pem.EncodeToMemory(eb), 0o600))
	t.Setenv("SAMLCHECK_TEST_PASS", "pa55")
	code, stdout, stderr := runCLI("--no-config", "--sp-key", enc, "--sp-key-pass-env", "SAMLCHECK_TEST_PASS", "--profile", "saml", "--format", "json", "--at", "2026-11-01T10:00:30Z", input)
	assert.NotEqual(t, exitInput, code, stderr)
	assert.Contains(t, stdout, `"decrypted": true`)
	assert.NotContains(t, stdout+stderr, "pa55")

	code, _, stderr = runCLI("--no-config", "--sp-key", enc, input)
	assert.Equal(t, exitInput, code)
	assert.Contains(t, stderr, "sp-enc.pem")
	assert.Contains(t, stderr, "--sp-key-pass-env")
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(b)
}

// TestEncryptedIAMHAR: the IAM login whose encrypted assertion carries a
// display name as RoleSessionName gets iam/role-session-name with --sp-key,
// and saml/decryption (warning: nothing inside was checked) without it.
func TestEncryptedIAMHAR(t *testing.T) {
	const har = "../../testdata/rules/iam/role-session-name/fail/encrypted-assertion.har"
	rules := func(args ...string) map[string]string {
		_, stdout, stderr := runCLI(append(append([]string{"--no-config", "--format", "json", "--profile", "iam"}, args...), har)...)
		require.Empty(t, stderr)
		var rep struct {
			Findings []struct{ Rule, Severity, Message string }
		}
		require.NoError(t, json.Unmarshal([]byte(stdout), &rep))
		out := map[string]string{}
		for _, f := range rep.Findings {
			out[f.Rule] = f.Severity + ": " + f.Message
		}
		return out
	}
	with := rules("--sp-key", spKeyFile)
	assert.Contains(t, with["iam/role-session-name"], "error: ")
	assert.Contains(t, with["iam/role-session-name"], "Alice Example")
	assert.NotContains(t, with, "saml/decryption")
	without := rules()
	assert.NotContains(t, without, "iam/role-session-name")
	assert.Contains(t, without["saml/decryption"], "warning: ")
	assert.Contains(t, without["saml/decryption"], "--sp-key")
}
