package diff_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/checks/diff"
	"github.com/samlcheck/samlcheck/har/capture"
	"github.com/samlcheck/samlcheck/saml"
)

// side reads one SAML message file and checks it (a HAR is read with
// package analyze: analyze.Read gives the capture).
func side(name string, cfg *checks.Config) (*diff.Side, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	msgs, err := saml.ParseInput(name, data)
	if err != nil {
		return nil, err
	}
	return diff.NewSide(context.Background(), name, []capture.Capture{{File: name, Messages: msgs}}, nil, cfg)
}

// Example compares a response Identity Center accepts with one whose
// NameID Format it rejects.
func Example() {
	cfg := &checks.Config{Profile: checks.IdentityCenter, At: time.Date(2026, 11, 1, 10, 0, 30, 0, time.UTC)}
	good, err := side("../../testdata/diff/nameid-format/good.xml", cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	bad, err := side("../../testdata/diff/nameid-format/bad.xml", cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	r := diff.Diff(good, bad)
	fmt.Println(r.Pairs[0].How)
	for _, d := range r.Differences {
		if d.Kind != diff.KindCosmetic {
			fmt.Printf("%s %s: %s -> %s %v\n", d.Kind, d.Field, *d.Good, *d.Bad, d.Rules)
		}
	}
	fmt.Println("exit code 1:", r.HasChanges())
	// Output:
	// by flow position: the 1st Response of each side
	// rule nameid.format: urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress -> urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified [idc/nameid-format]
	// exit code 1: true
}
