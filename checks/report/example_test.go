package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/checks/report"
	"github.com/samlcheck/samlcheck/saml"
)

// Text writes a report for people; each format is a pure function of a
// checks.Report.
func ExampleText() {
	rep := &checks.Report{
		Inputs: []checks.Input{{File: "login.har", Kind: "har", Entries: 12, Messages: 1}},
		Messages: []checks.MessageSummary{{
			Index: 0, File: "login.har", Entry: 7, Binding: saml.BindingPOST, Kind: saml.KindResponse,
			Sightings: []saml.Source{{File: "login.har", Entry: 7, Method: "POST", URL: "https://us-east-1.signin.aws.amazon.com/platform/saml/acs/6a2e?…", Where: saml.InForm, Status: 302}},
			Profile:   checks.Choice{Profile: checks.IdentityCenter, Reason: "posted to an IAM Identity Center ACS URL"},
			Issuer:    "https://idp.example.com", NameID: "alice", NameIDFormat: "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
			Assertions: 1,
		}},
		Findings: []checks.Finding{{
			Rule: "idc/nameid-format", Severity: checks.Error,
			Message:  `NameID Format is "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"; expected "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"`,
			Why:      "IAM Identity Center accepts only the emailAddress format.",
			Fix:      "Set the Name ID format to EmailAddress at the IdP.",
			Location: checks.Location{File: "login.har", Entry: 7, MessageIndex: 0, XMLPath: "/samlp:Response/saml:Assertion/saml:Subject/saml:NameID"},
		}},
	}
	_ = report.Text(os.Stdout, rep, report.TextOptions{})
	// Output:
	// login.har (HAR, 12 entries): 1 SAML message
	//
	// Message 1: Response over HTTP-POST
	//   found:           entry 8, form POST to
	//                    https://us-east-1.signin.aws.amazon.com/platform/saml/acs/6a2e?…, status 302
	//   profile:         identity-center (posted to an IAM Identity Center ACS URL)
	//   issuer:          https://idp.example.com
	//   assertions:      1 plain, 0 encrypted
	//   NameID:          alice (urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified)
	//
	//   ERROR idc/nameid-format: NameID Format is "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified";
	//       expected "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"
	//       at /samlp:Response/saml:Assertion/saml:Subject/saml:NameID
	//       why: IAM Identity Center accepts only the emailAddress format.
	//       fix: Set the Name ID format to EmailAddress at the IdP.
	//
	// 1 message, 1 error, 0 warnings, 0 info
}

// SARIF writes a report for code scanning tools; here, the results of
// checking a bundled fixture against IAM Identity Center.
func ExampleSARIF() {
	const file = "../../testdata/rules/idc/nameid-format/fail/unspecified.xml"
	data, err := os.ReadFile(file)
	if err != nil {
		fmt.Println(err)
		return
	}
	msgs, err := saml.ParseInput(file, data)
	if err != nil {
		fmt.Println(err)
		return
	}
	cfg := &checks.Config{Profile: checks.IdentityCenter, At: time.Date(2026, 11, 1, 10, 0, 30, 0, time.UTC)}
	rep, err := checks.Run(context.Background(), cfg, msgs)
	if err != nil {
		fmt.Println(err)
		return
	}
	var out bytes.Buffer
	if err := report.SARIF(&out, rep); err != nil {
		fmt.Println(err)
		return
	}
	var log struct {
		Runs []struct {
			Results []struct{ RuleID, Level string }
		}
	}
	if err := json.Unmarshal(out.Bytes(), &log); err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range log.Runs[0].Results {
		fmt.Println(r.Level, r.RuleID)
	}
	// Output:
	// error idc/nameid-format
	// note idc/nameid-user
	// note saml/signature-untrusted
}

// HTML writes one self-contained page for people: it loads nothing, and
// everything taken from the capture is escaped.
func ExampleHTML() {
	rep := &checks.Report{
		Version: "v1.0.0",
		Inputs:  []checks.Input{{File: "login.har", Kind: "har", Entries: 12, Messages: 1}},
		Messages: []checks.MessageSummary{{
			Index: 0, File: "login.har", Entry: 7, Binding: saml.BindingPOST, Kind: saml.KindResponse,
			NameID: "<script>alert(1)</script>", Assertions: 1,
		}},
	}
	var b bytes.Buffer
	if err := report.HTML(&b, rep); err != nil {
		fmt.Println(err)
		return
	}
	page := b.String()
	fmt.Println(strings.HasPrefix(page, "<!DOCTYPE html>"))
	fmt.Println(strings.Contains(page, `content="default-src &#39;none&#39;;`))
	fmt.Println(strings.Contains(page, "<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>"))
	fmt.Println(strings.Contains(page, "<script"))
	// Output:
	// true
	// true
	// true
	// false
}
