package main

// testdataReadme is testdata/README.md.
const testdataReadme = `# samlcheck test data

Everything here is written by the fixture generator
(` + "`checks/internal/fixturegen`" + `), the private keys in ` + "`keys/`" + ` only once. Do not
edit generated files by hand: change the generator and regenerate.

## Regenerating

    go generate ./checks

(or, from the repository root, ` + "`go run ./checks/internal/fixturegen -out testdata`" + `).
The output is deterministic: running the generator twice gives byte-identical
files. It reads the signing keys from ` + "`keys/`" + ` and creates them only when they
are missing; a new key changes every signature, so keep the committed keys.

## Layout

| path | what |
|---|---|
| ` + "`rules/<rule-id>/fail/`" + ` | inputs that must make rule ` + "`<rule-id>`" + ` report a finding (rule ids contain a slash, so ` + "`idc/nameid-format`" + ` is ` + "`rules/idc/nameid-format/`" + `) |
| ` + "`rules/<rule-id>/pass/`" + ` | near-identical inputs that must not |
| ` + "`rules/idc/nameid-user/*/users.{txt,json}`" + ` | users lists: one username a line, and ` + "`aws identitystore list-users`" + ` output |
| ` + "`inputs/`" + ` | one valid response as raw XML, Base64 with line breaks, a URL-encoded POST body, and a Redirect-binding URL carrying an AuthnRequest |
| ` + "`realworld/`" + ` | inputs as people really have them: the response and a HAR in UTF-16 (with and without byte order mark) and UTF-8 with a byte order mark and CRLF, as Windows tools save them; a response pasted long after the login (no ` + "`at`" + `) |
| ` + "`notsaml/`" + ` | files attached by mistake (a screenshot, a PDF, a Fiddler ` + "`.saz`" + `) and archives (a ZIP holding a HAR, a gzip-compressed HAR); no expectation, see ` + "`cmd/samlcheck/testdata/script/inputs-real.txtar`" + ` |
| ` + "`har/`" + ` | Chrome and Firefox HAR exports of whole logins (IAM Identity Center SP-initiated, IAM and Amazon Connect IdP-initiated) |
| ` + "`keys/`" + ` | the test IdP key pair that signs everything, and an untrusted "other" pair |

Every response is signed with ` + "`keys/idp.key.pem`" + ` (RSA-SHA256, exclusive
canonicalisation; the Assertion first, then the Response) unless the fixture is
about signatures or decoding. All fixtures issue their response at
T = 2026-11-01T10:00:00Z; assertions are valid from T-1m to T+5m.

## Expectations

Each fixture says what samlcheck must report for it, as one line of
space-separated ` + "`key=value`" + ` pairs:

    want=idc/nameid-format,idc/nameid-email profile=identity-center abac=false users=users.txt at=2026-11-01T10:00:30Z

| key | meaning |
|---|---|
| ` + "`want`" + ` | comma-separated rule ids that must be reported; empty for a file that must produce no error-severity finding |
| ` + "`profile`" + ` | the profile to run: ` + "`identity-center`" + `, ` + "`iam`" + `, ` + "`connect`" + `, ` + "`saml`" + ` or ` + "`auto`" + ` |
| ` + "`abac`" + ` | ` + "`true`" + ` to run as with ` + "`--abac`" + ` |
| ` + "`users`" + ` | optional: a users file, relative to the fixture's folder (` + "`--users`" + `) |
| ` + "`at`" + ` | the reference time (` + "`--at`" + `): T+30s unless the rule is about time; left out, the message's own IssueInstant is the reference |

In an XML file under ` + "`rules/`" + ` the line sits in a comment before the root
element, where it is covered by no signature:

    <?xml version="1.0" encoding="UTF-8"?>
    <!-- samlcheck: want=idc/nameid-format profile=identity-center abac=false at=2026-11-01T10:00:30Z -->
    <samlp:Response …>

Every other file (` + "`.b64`" + ` Base64 values, ` + "`.txt`" + ` URL-encoded POST bodies, ` + "`.url`" + `
Redirect-binding URLs, ` + "`.har`" + ` captures, and all of ` + "`inputs/`" + `, kept exactly as a
user would have them) has a sidecar named after the whole file plus ` + "`.want`" + `
(` + "`chrome-idc-ok.har.want`" + `) holding the line alone.

## Secrets in the HARs

The HAR captures contain a password (` + "`Hunter2-secret`" + `), session cookies and
` + "`Set-Cookie`" + ` headers, as real exports do. samlcheck must never print them.
`

// keysReadme is testdata/keys/README.md.
const keysReadme = `# Test keys — for tests only

These RSA keys and self-signed certificates exist only to sign samlcheck's
test fixtures. They are public: never trust them for anything.

| file | what |
|---|---|
| ` + "`idp.key.pem`" + `, ` + "`idp.crt.pem`" + ` | the test IdP ("samlcheck test IdP", serial 0x5a4d4c01): signs every fixture and is the trusted certificate |
| ` + "`other.key.pem`" + `, ` + "`other.crt.pem`" + ` | an untrusted pair ("samlcheck untrusted test key", serial 0x5a4d4c02), for signatures that must not be trusted |
| ` + "`idp-expired.crt.pem`" + ` | a second certificate of the IdP key ("samlcheck test IdP (expired)", serial 0x5a4d4c03), valid 2020-01-01 to 2025-01-01 only: expired at the fixtures' time |
| ` + "`weak.key.pem`" + `, ` + "`weak.crt.pem`" + ` | an RSA 1024 pair ("samlcheck weak test key", serial 0x5a4d4c04), for the weak-key certificate check |

The certificates are valid from 2020-01-01 to 2045-01-01 unless said otherwise. The generator
(` + "`checks/internal/fixturegen`" + `) creates a key only when its file is missing and
always re-derives the certificate from the key, deterministically.
`

// writeReadmes writes testdata/README.md and testdata/keys/README.md.
func (g *generator) writeReadmes() error {
	if err := g.write("README.md", []byte(testdataReadme)); err != nil {
		return err
	}
	return g.write("keys/README.md", []byte(keysReadme))
}
