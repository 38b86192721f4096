package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/checks/users"
	"github.com/samlcheck/samlcheck/har"
	"github.com/samlcheck/samlcheck/har/redact"
	"github.com/samlcheck/samlcheck/saml"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// diagnosisFixtures returns every generated input fixture: the rule
// fixtures (XML, Base64, form bodies, URLs, HARs), the login captures and
// the raw inputs; users lists and sidecars are not inputs.
func diagnosisFixtures(t *testing.T) []string {
	t.Helper()
	files := walkFiles(t, []string{"../../testdata/rules", "../../testdata/har", "../../testdata/inputs"}, func(p string) bool {
		base := filepath.Base(p)
		return !strings.HasSuffix(base, ".want") && !strings.HasPrefix(base, "users.")
	})
	require.GreaterOrEqual(t, len(files), 200)
	return files
}

// diagnosis is what a run of samlcheck check concluded: the findings as
// rule, severity and message, without the notes on signatures broken by
// redaction, the exit code, and the number of such notes.
type diagnosis struct {
	Findings []string
	Code     int
	Notes    int
}

// quotedRE, numberRE and pathRE find what a finding's text quotes of the
// input: quoted values, numbers (sizes, offsets) and file names.
var (
	quotedRE = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)
	numberRE = regexp.MustCompile(`[0-9][0-9,.:]*`)
	entityRE = regexp.MustCompile(`&[A-Za-z]`) // "invalid character entity &D": a letter of replaced text
)

// findingShape is a finding's text with the values it quotes (which
// redaction replaces) and the names of the input and users list taken
// out: "NameID "Alice@Example.com" differs only by case from user name
// "alice@example.com" in users.txt" and "NameID "Q" is not a user name in
// U" differ, as they must on a redacted copy.
func findingShape(msg, file, users string) string {
	if users != "" {
		msg = strings.ReplaceAll(msg, users, "U")
	}
	msg = strings.ReplaceAll(msg, file, "F")
	msg = quotedRE.ReplaceAllString(msg, "Q")
	msg = entityRE.ReplaceAllString(msg, "&L")
	return numberRE.ReplaceAllString(msg, "N")
}

// diagnose runs samlcheck check in-process on file with args.
func diagnose(t *testing.T, args []string, file string) diagnosis {
	t.Helper()
	users := ""
	if i := slices.Index(args, "--users"); i >= 0 && i+1 < len(args) {
		users = args[i+1]
	}
	code, stdout, stderr := runCLI(append(slices.Clone(args), file)...)
	var rep checks.Report
	require.NoError(t, json.Unmarshal([]byte(stdout), &rep), "stderr: %s", stderr)
	d := diagnosis{Code: code}
	for _, f := range rep.Findings {
		if isRedactedSignature(f) {
			d.Notes++
			continue
		}
		if f.Rule == "oidc/signature" && f.Severity == checks.Info {
			// "signature not checked": a redacted JWT's signature is
			// removed (never printed), so the copy cannot say more than
			// that; a signature that failed on the original is a warning
			// and still compared.
			continue
		}
		k := fmt.Sprintf("%s %s message %d", f.Rule, f.Severity, f.Location.MessageIndex)
		if !strings.HasPrefix(f.Rule, "saml/signature-") {
			// What a signature rule says of a digest depends on the
			// content redaction changed; the others say the same.
			k += ": " + findingShape(f.Message, file, users)
		}
		if !slices.Contains(d.Findings, k) {
			d.Findings = append(d.Findings, k)
		}
	}
	slices.Sort(d.Findings)
	return d
}

// redactFixture redacts file (and the users list, if any) as samlcheck
// redact does, with a fixed key (through the library: the CLI's key is
// random), and returns the paths of the redacted copy and users list.
func redactFixture(t *testing.T, file, usersFile string) (string, string) {
	t.Helper()
	dir := t.TempDir()
	x, err := redact.New(redact.Options{Key: redactKey})
	require.NoError(t, err)
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	out := filepath.Join(dir, filepath.Base(file))
	var red []byte
	if har.Sniff(data) {
		var b bytes.Buffer
		_, err = x.HAR(context.Background(), &b, bytes.NewReader(data), file)
		red = b.Bytes()
	} else {
		red, err = x.Value(file, data)
	}
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(out, red, 0o644))
	if usersFile == "" {
		return out, ""
	}
	list, err := os.ReadFile(usersFile)
	require.NoError(t, err)
	redList, err := x.Users(usersFile, list, func(b []byte) ([]string, error) {
		u, err := users.Parse(usersFile, b)
		if err != nil {
			return nil, err
		}
		return u.Names, nil
	})
	require.NoError(t, err)
	usersOut := filepath.Join(dir, "redacted-"+filepath.Base(usersFile))
	require.NoError(t, os.WriteFile(usersOut, redList, 0o644))
	return out, usersOut
}

// TestRedactKeepsDiagnosis redacts every fixture (rules, login captures,
// raw inputs) and checks that samlcheck concludes the same on the copy: the
// same findings (rule, severity, message, and but for the signature rules
// the text with its quoted values taken out, so that "differs only by
// case from user name" cannot turn into "is not a user name") and exit
// code, signatures broken by redaction reported only as the Info note;
// without a users list, and with each users list beside the fixture,
// redacted with the same pseudonyms. No NameID, e-mail address or listed
// user name of the original is left.
func TestRedactKeepsDiagnosis(t *testing.T) {
	for _, f := range diagnosisFixtures(t) {
		t.Run(strings.TrimPrefix(f, "../../testdata/"), func(t *testing.T) {
			want := fixtureWant(t, f)
			args := checkArgs(want)
			red, _ := redactFixture(t, f, "")
			orig := diagnose(t, args, f)
			require.Zero(t, orig.Notes)
			got := diagnose(t, args, red)
			assert.Equal(t, orig.Findings, got.Findings, "findings without a users list")
			assert.Equal(t, orig.Code, got.Code, "exit code without a users list")
			assertNoValueIdentities(t, f, red)
			if data, err := os.ReadFile(f); err == nil && har.Sniff(data) {
				out, err := os.ReadFile(red)
				require.NoError(t, err)
				assertNoSecrets(t, data, out)
			}
			// The users list the fixture names, and any other list beside
			// it (the same users as text and as JSON).
			lists, err := filepath.Glob(filepath.Join(filepath.Dir(f), "users.*"))
			require.NoError(t, err)
			if u := want["users"]; u != "" {
				require.Contains(t, lists, filepath.Join(filepath.Dir(f), u))
			}
			for _, users := range lists {
				red, redUsers := redactFixture(t, f, users)
				orig := diagnose(t, append(slices.Clone(args), "--users", users), f)
				got := diagnose(t, append(slices.Clone(args), "--users", redUsers), red)
				assert.Equal(t, orig.Findings, got.Findings, "findings with %s", users)
				assert.Equal(t, orig.Code, got.Code, "exit code with %s", users)
				assertNoListedNames(t, users, redUsers)
			}
		})
	}
}

// assertNoListedNames checks that no user name of the list is left in the
// redacted list.
func assertNoListedNames(t *testing.T, list, redacted string) {
	t.Helper()
	data, err := os.ReadFile(list)
	require.NoError(t, err)
	u, err := users.Parse(list, data)
	require.NoError(t, err)
	out, err := os.ReadFile(redacted)
	require.NoError(t, err)
	for _, n := range u.Names {
		assertAbsent(t, string(out), n, "user name left in the redacted list")
	}
	for _, e := range emailRE.FindAllString(string(data), -1) {
		assertAbsent(t, string(out), e, "e-mail address left in the redacted list")
	}
}

// messageIdentities returns the NameIDs (of four characters or more) and
// e-mail addresses of the SAML messages in an input, and the decoded XML.
func messageIdentities(t *testing.T, file string) (ids []string, xml string) {
	t.Helper()
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	var msgs []saml.Encoded
	if har.Sniff(data) {
		c, err := har.ScanWith(bytes.NewReader(data), file, har.ScanOptions{})
		if c != nil {
			msgs = c.Messages
		}
		_ = err
	} else {
		msgs, _ = saml.ParseInput(file, data)
	}
	add := func(s string) {
		if len(s) >= 4 && !slices.Contains(ids, s) {
			ids = append(ids, s)
		}
	}
	for _, m := range msgs {
		dm, err := saml.Decode(m, nil)
		if err != nil {
			continue
		}
		xml += string(dm.XML)
		for _, e := range emailRE.FindAllString(string(dm.XML), -1) {
			add(e)
		}
		for _, a := range (&checks.Pass{Message: dm}).Assertions() {
			if a.Subject != nil && a.Subject.NameID != nil {
				add(strings.TrimSpace(a.Subject.NameID.Value))
			}
		}
	}
	return ids, xml
}

// assertNoValueIdentities checks that the NameIDs and e-mail addresses of
// the original's messages are neither in the redacted file nor in its
// decoded messages.
func assertNoValueIdentities(t *testing.T, orig, red string) {
	t.Helper()
	ids, _ := messageIdentities(t, orig)
	out, err := os.ReadFile(red)
	require.NoError(t, err)
	_, xml := messageIdentities(t, red)
	text := string(out) + xml
	for _, id := range ids {
		assertAbsent(t, text, id, "identity left in the redacted copy")
	}
}

// byteRE finds the byte offset in a HAR reading error.
var byteRE = regexp.MustCompile(`har: \S+: byte (\d+): (entry \d+: )?truncated JSON`)

// TestRedactTruncatedHAR cuts each login capture short at several places
// and checks that samlcheck redact writes what it can read, says where the
// input stopped at the byte samlcheck check names, exits 2 as check does,
// and that check concludes on the copy what it concludes on the cut
// original: the same findings, and incomplete.
func TestRedactTruncatedHAR(t *testing.T) {
	files, err := filepath.Glob("../../testdata/har/*.har")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, frac := range []float64{0.35, 0.7, 0.999} {
			t.Run(fmt.Sprintf("%s/%.0f%%", filepath.Base(f), frac*100), func(t *testing.T) {
				dir := t.TempDir()
				cut := filepath.Join(dir, "cut.har")
				require.NoError(t, os.WriteFile(cut, data[:int(float64(len(data))*frac)], 0o644))
				args := checkArgs(fixtureWant(t, f))

				code, _, stderr := runCLI(append(slices.Clone(args), cut)...)
				require.Equal(t, exitInput, code, stderr)
				checkSays := byteRE.FindStringSubmatch(stderr)
				require.NotNil(t, checkSays, "check names the byte: %s", stderr)

				out := filepath.Join(dir, "out.har")
				code, stdout, stderr := runCLI("redact", cut, "-o", out)
				assert.Equal(t, exitInput, code, "redact exits as check does")
				redactSays := byteRE.FindStringSubmatch(stderr)
				require.NotNil(t, redactSays, "redact names the byte: %s", stderr)
				assert.Equal(t, checkSays[1:], redactSays[1:], "the same byte (and entry) as check")
				assert.Contains(t, stdout, "stopped where the input stops", "the receipt says so")
				assert.NotContains(t, stdout+stderr, "alice", "no identity in the messages")

				red, err := os.ReadFile(out)
				require.NoError(t, err, "the readable part is written")
				assert.True(t, redact.IsRedacted(red))
				orig, got := diagnose(t, args, cut), diagnose(t, args, out)
				assert.Equal(t, exitInput, got.Code, "the copy is incomplete too")
				assert.Equal(t, orig.Findings, got.Findings)
				assertNoSecrets(t, data, red)
			})
		}
	}
}

// TestRedactKeepsDiagnosisCorpus does the same for the real-world SAML
// messages of the corpus (XML, Base64, forms, HTML pages from other
// projects' tests): what samlcheck concludes of each, it concludes of
// the redacted copy. Keys and certificates are not inputs.
func TestRedactKeepsDiagnosisCorpus(t *testing.T) {
	files := corpusSAMLFiles(t)
	require.GreaterOrEqual(t, len(files), 100)
	args := []string{"--no-config", "--format", "json", "--at", "2026-11-01T10:00:30Z"}
	for _, f := range files {
		rel, _ := filepath.Rel(corpusDir, f)
		t.Run(rel, func(t *testing.T) {
			red, _ := redactFixture(t, f, "")
			orig := diagnose(t, args, f)
			got := diagnose(t, args, red)
			assert.Equal(t, orig.Findings, got.Findings)
			assert.Equal(t, orig.Code, got.Code)
			assertNoValueIdentities(t, f, red)
		})
	}
}

// TestRedactTruncatedValue cuts pasted values short (as a chat client
// does) at several places: samlcheck says of the redacted copy what it
// says of the cut original, and the part of the message that is left no
// longer names the user.
func TestRedactTruncatedValue(t *testing.T) {
	for _, f := range []string{"../../testdata/inputs/response.b64", "../../testdata/inputs/post-body.txt"} {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, frac := range []float64{0.5, 0.8, 0.85, 0.9, 0.95} {
			t.Run(fmt.Sprintf("%s/%.0f%%", filepath.Base(f), frac*100), func(t *testing.T) {
				dir := t.TempDir()
				cut := filepath.Join(dir, "cut"+filepath.Ext(f))
				require.NoError(t, os.WriteFile(cut, data[:int(float64(len(data))*frac)], 0o644))
				red, _ := redactFixture(t, cut, "")
				args := checkArgs(fixtureWant(t, f))
				orig, got := diagnose(t, args, cut), diagnose(t, args, red)
				assert.Equal(t, orig.Findings, got.Findings)
				assert.Equal(t, orig.Code, got.Code)
				out, err := os.ReadFile(red)
				require.NoError(t, err)
				v := strings.TrimSpace(string(out))
				if strings.HasPrefix(v, "SAMLResponse=") {
					v = strings.ReplaceAll(strings.TrimPrefix(v, "SAMLResponse="), "%2B", "+")
					v = strings.ReplaceAll(strings.ReplaceAll(v, "%2F", "/"), "%3D", "=")
				}
				v = strings.Join(strings.Fields(v), "")
				raw, _ := base64.StdEncoding.DecodeString(v[:len(v)&^3])
				assert.NotContains(t, string(raw), "alice@example.com", "the part left names nobody")
			})
		}
	}
}

// TestRedactValueMarkRecognised checks that the signature rules know the
// marks the redactor writes (redact.ValueMark, redact.BrokenMark): a
// signature broken by redaction is the Info note with the mark, an error
// without it; one whose digest was broken before stays an error.
func TestRedactValueMarkRecognised(t *testing.T) {
	f := "../../testdata/inputs/response.xml"
	args := checkArgs(fixtureWant(t, f))
	red, _ := redactFixture(t, f, "")
	d := diagnose(t, args, red)
	assert.Positive(t, d.Notes, "the mark makes the broken signatures notes")
	assert.Equal(t, exitOK, d.Code)

	data, err := os.ReadFile(red)
	require.NoError(t, err)
	require.Contains(t, string(data), redact.ValueMark)
	unmarked := filepath.Join(t.TempDir(), "unmarked.xml")
	require.NoError(t, os.WriteFile(unmarked, []byte(strings.Replace(string(data), redact.ValueMark, "<!--x-->", 1)), 0o644))
	d = diagnose(t, args, unmarked)
	assert.Zero(t, d.Notes)
	assert.Contains(t, strings.Join(d.Findings, "\n"), "saml/signature-invalid error", "without the mark the edit reads as tampering")

	broken := filepath.Join(t.TempDir(), "broken.xml")
	require.NoError(t, os.WriteFile(broken, []byte(strings.Replace(string(data), redact.ValueMark, redact.BrokenMark, 1)), 0o644))
	d = diagnose(t, args, broken)
	assert.Zero(t, d.Notes)
	assert.Contains(t, strings.Join(d.Findings, "\n"), "saml/signature-invalid error", "a digest broken before redaction stays an error")
}
