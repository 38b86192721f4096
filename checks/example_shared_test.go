package checks_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/saml"
)

// A rule of one's own reads the signature verification the built-in rules
// share: it lists checks.Signatures in Requires and gets it with ResultOf,
// verified once per message whichever rule asks first.
func ExampleResultOf() {
	everyAssertionSigned := &checks.Rule{
		ID:       "acme/assertion-signed",
		Title:    "an assertion is not covered by a signature that verifies",
		Severity: checks.Error,
		Profiles: checks.Profiles(),
		Requires: []checks.Requirement{checks.Signatures},
		Run: func(p *checks.Pass) {
			v := checks.ResultOf(p, checks.Signatures)
			for _, a := range v.View.Assertions {
				if a.By == nil {
					p.Reportf(a.Assertion.Element, "assertion %s is not signed", a.Assertion.ID)
					continue
				}
				fmt.Printf("%s: %s by %s, trusted from %s, at %s (%s)\n", a.Assertion.ID, a.By.Status, a.By.Signature.Parent.Tag,
					v.TrustedFrom, v.At.Format(time.RFC3339), v.AtFrom)
			}
		},
	}
	data, err := os.ReadFile("../testdata/rules/saml/signature-invalid/pass/signed.xml")
	if err != nil {
		fmt.Println(err)
		return
	}
	msgs, err := saml.ParseInput("signed.xml", data)
	if err != nil {
		fmt.Println(err)
		return
	}
	pemData, err := os.ReadFile("../testdata/keys/idp.crt.pem")
	if err != nil {
		fmt.Println(err)
		return
	}
	certs, err := saml.ParseCertificates("idp.crt.pem", pemData)
	if err != nil {
		fmt.Println(err)
		return
	}
	cfg := &checks.Config{
		IdPCerts: certs,
		At:       time.Date(2026, 11, 1, 10, 0, 30, 0, time.UTC),
		Rules:    append(checks.All(), everyAssertionSigned),
	}
	rep, err := checks.Run(context.Background(), cfg, msgs)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("findings of acme/assertion-signed:", countRule(rep, "acme/assertion-signed"))
	// Output:
	// _assert-signature-invalid-pass-signed: valid by Assertion, trusted from --idp-cert, at 2026-11-01T10:00:30Z (--at)
	// findings of acme/assertion-signed: 0
}

func countRule(rep *checks.Report, id string) int {
	n := 0
	for _, f := range rep.Findings {
		if f.Rule == id {
			n++
		}
	}
	return n
}
