package analyze_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/checks/analyze"
	"github.com/samlcheck/samlcheck/checks/report"
	"github.com/samlcheck/samlcheck/saml"
)

// Files checks a folder of fixtures: every HAR and SAML file in it, on all
// cores, with a report in the same order on every run. Files that are
// neither (here the .want sidecars) are skipped.
func ExampleFiles() {
	cfg := &checks.Config{
		// The library never reads the clock: messages from files (no
		// capture time) are checked at this time.
		At: time.Date(2026, 11, 1, 10, 0, 30, 0, time.UTC),
		// Run two rules only; nil runs every rule.
		Rules: []*checks.Rule{checks.Lookup("saml/decode"), checks.Lookup("idc/nameid-user")},
	}
	rep, err := analyze.Files(context.Background(), []string{"../../testdata/inputs"}, cfg, nil)
	var ie *analyze.InputError
	if errors.As(err, &ie) {
		fmt.Println("incomplete:", ie.File) // the report holds what could be read
	} else if err != nil {
		fmt.Println(err)
		return
	}
	for _, in := range rep.Inputs {
		fmt.Printf("%s (%s): %d message(s)\n", in.File, in.Kind, in.Messages)
	}
	for _, f := range rep.Findings {
		fmt.Printf("%s %s message %d\n", f.Severity, f.Rule, f.Location.MessageIndex+1)
	}
	// Output:
	// ../../testdata/inputs/post-body.txt (form): 1 message(s)
	// ../../testdata/inputs/redirect.url (url): 1 message(s)
	// ../../testdata/inputs/response.b64 (base64): 1 message(s)
	// ../../testdata/inputs/response.xml (xml): 1 message(s)
	// info idc/nameid-user message 1
	// info idc/nameid-user message 3
	// info idc/nameid-user message 4
}

// Reader checks one stream, such as a HAR received by a service, and any
// output format writes the report; here SARIF for a code-scanning upload.
func ExampleReader() {
	f, err := os.Open("../../testdata/har/chrome-idc-nameid-unspecified.har")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	rep, err := analyze.Reader(context.Background(), "login.har", f, &checks.Config{}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rep.Inputs[0].Kind, rep.Inputs[0].Entries, "entries,", len(rep.Messages), "messages")
	fmt.Println("highest severity:", rep.Max())

	var sarif bytes.Buffer
	if err := report.SARIF(&sarif, rep); err != nil {
		fmt.Println(err)
		return
	}
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Results []struct {
				RuleID string `json:"ruleId"`
				Level  string `json:"level"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(sarif.Bytes(), &log); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("SARIF", log.Version)
	for _, r := range log.Runs[0].Results {
		if r.Level == "error" {
			fmt.Println(r.Level, r.RuleID)
		}
	}
	// Output:
	// har 9 entries, 2 messages
	// highest severity: error
	// SARIF 2.1.0
	// error error/idc-unexpected
	// error idc/nameid-email
	// error idc/nameid-format
}

// A tool that imports the library adds its own rules without touching any
// global: append them to checks.All() and pass the list in the
// configuration.
func ExampleFiles_customRule() {
	noRelayState := &checks.Rule{
		ID: "acme/relay-state", Title: "no RelayState", Severity: checks.Warning,
		Profiles: checks.Profiles(),
		Run: func(p *checks.Pass) {
			if p.Encoded.RelayState == "" && p.Encoded.Binding != saml.BindingNone {
				p.Report(checks.Finding{Message: "the message has no RelayState"})
			}
		},
	}
	cfg := &checks.Config{Rules: append(checks.All(), noRelayState)}
	rep, err := analyze.Files(context.Background(), []string{"../../testdata/har/chrome-iam-ok.har"}, cfg, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range rep.Findings {
		if f.Rule == noRelayState.ID {
			fmt.Println(f.Severity, f.Rule+":", f.Message)
		}
	}
	// Output:
	// warning acme/relay-state: the message has no RelayState
}
