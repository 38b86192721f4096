// Command fixturegen writes samlcheck's generated test fixtures: signed SAML
// responses in testdata/rules/<rule-id>/{fail,pass}/, raw input samples in
// testdata/inputs/ and browser HAR captures in testdata/har/, each with its
// expectation (an XML comment before the root element, or a .want sidecar).
//
// Run it from the repository root:
//
//	go run ./checks/internal/fixturegen -out testdata
//
// The output is deterministic: fixed IDs and times, RSA PKCS#1 v1.5
// signatures (deterministic by construction) and pseudo-random bytes drawn
// from fixed seeds. The only random step is creating the test keys, done once
// when testdata/keys/idp.key.pem or other.key.pem does not exist yet; later
// runs read them, so regenerating gives byte-identical files.
//
// The generator deliberately imports none of samlcheck's own packages: the
// fixtures test those packages, so they must not be built by them.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stderr))
}

// run parses the command line, generates the fixtures and returns the exit code.
func run(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("fixturegen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "testdata", "directory to write the fixtures to (the repository's testdata)")
	keys := fs.String("keys", "", "directory holding the test keys (default OUT/keys); keys missing there are created")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 0 {
		fmt.Fprintf(stderr, "fixturegen: unexpected arguments: %q\n", fs.Args())
		return 2
	}
	if *keys == "" {
		*keys = filepath.Join(*out, "keys")
	}
	if err := generate(*out, *keys); err != nil {
		fmt.Fprintf(stderr, "fixturegen: %v\n", err)
		return 1
	}
	return 0
}

// generate writes every fixture under out, signing with the keys in keyDir.
func generate(out, keyDir string) error {
	idp, err := loadOrCreateKeyPair(keyDir, "idp", "samlcheck test IdP", 0x5a4d4c01)
	if err != nil {
		return err
	}
	// The second pair stands for an attacker's (or a rotated, not yet
	// trusted) key: fixtures signed with it must fail signature trust checks.
	other, err := loadOrCreateKeyPair(keyDir, "other", "samlcheck untrusted test key", 0x5a4d4c02)
	if err != nil {
		return err
	}
	g := &generator{out: out, signer: newSigner(idp), other: newSigner(other), keys: keyDir}
	steps := []func() error{
		g.writeReadmes,
		g.writeRuleFixtures,
		g.writeSAMLValueFixtures,
		g.writeInputs,
		g.writeHARs,
		g.writeErrorHARs,
		g.writeRealWorldInputs,
		g.writeProfileFixtures, // profile.go
		g.writeTokenFixtures,   // rules_tokens.go
		g.writeDiffFixtures,    // diff.go
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}
