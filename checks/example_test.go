package checks_test

import (
	"context"
	"fmt"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/checks/users"
	"github.com/samlcheck/samlcheck/har/capture"
	"github.com/samlcheck/samlcheck/saml"
)

// A Response as an IdP might send it to IAM Identity Center, with a NameID in
// the wrong format and form.
const exampleResponse = `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"
    ID="_r1" Version="2.0" IssueInstant="2026-11-01T10:00:00Z"
    Destination="https://us-east-1.signin.aws.amazon.com/platform/saml/acs/6a2e3f7c-1b4d-4c9e-9f7a-2d3b5c8e1a90">
  <saml:Issuer>https://idp.example.com/saml/metadata</saml:Issuer>
  <samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>
  <saml:Assertion ID="_a1" Version="2.0" IssueInstant="2026-11-01T10:00:00Z">
    <saml:Issuer>https://idp.example.com/saml/metadata</saml:Issuer>
    <saml:Subject>
      <saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified">CORP\alice</saml:NameID>
    </saml:Subject>
  </saml:Assertion>
</samlp:Response>`

// Run decodes messages, picks a profile for each and reports every finding
// of the rules configured (here three NameID rules; nil means every rule).
func ExampleRun() {
	msgs, err := saml.ParseInput("response.xml", []byte(exampleResponse))
	if err != nil {
		fmt.Println(err)
		return
	}
	cfg := &checks.Config{
		Users: users.New("users.txt", []string{"alice@example.com"}),
		Rules: []*checks.Rule{checks.Lookup("idc/nameid-format"), checks.Lookup("idc/nameid-email"), checks.Lookup("idc/nameid-user")},
	}
	rep, err := checks.Run(context.Background(), cfg, msgs)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("profile:", rep.Messages[0].Profile.Profile)
	for _, f := range rep.Findings {
		fmt.Printf("%s %s: %s\n", f.Severity, f.Rule, f.Message)
	}
	// Output:
	// profile: identity-center
	// error idc/nameid-email: NameID "CORP\alice" is a down-level logon name (DOMAIN\user); expected an e-mail address such as user@domain.com
	// error idc/nameid-format: NameID Format is "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"; expected "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"
	// error idc/nameid-user: NameID "CORP\alice" is not a user name in users.txt (1 user)
}

// A rule's documentation is data: id, severity, profiles, sources.
func ExampleLookup() {
	r := checks.Lookup("idc/nameid-format")
	fmt.Println(r.ID, r.Severity, r.Profiles)
	fmt.Println(r.Refs[0].URL)
	// Output:
	// idc/nameid-format error [identity-center]
	// https://docs.aws.amazon.com/singlesignon/latest/userguide/troubleshooting.html
}

// A Checker checks inputs one by one with one configuration: Prepare
// decodes and verifies a message ahead (on any goroutine, while a reader goes
// on), Check runs the rules, its messages numbered from the index given,
// and Merge joins the parts into one report.
func ExampleChecker() {
	msgs, err := saml.ParseInput("response.xml", []byte(exampleResponse))
	if err != nil {
		fmt.Println(err)
		return
	}
	c := checks.New(&checks.Config{Rules: []*checks.Rule{checks.Lookup("idc/nameid-format")}})
	var parts []*checks.Report
	for _, file := range []string{"a.xml", "b.xml"} {
		capt := capture.Capture{File: file, Messages: msgs}
		for _, m := range capt.Messages {
			c.Prepare(m)
		}
		first := 0
		for _, p := range parts {
			first += len(p.Messages)
		}
		rep, err := c.Check(context.Background(), []capture.Capture{capt}, first)
		if err != nil {
			fmt.Println(err)
			return
		}
		parts = append(parts, rep)
	}
	rep := checks.Merge(parts...)
	for _, f := range rep.Findings {
		fmt.Printf("message %d: %s\n", f.MessageIndex, f.Rule)
	}
	// Output:
	// message 0: idc/nameid-format
	// message 1: idc/nameid-format
}
