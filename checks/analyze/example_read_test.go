package analyze_test

import (
	"context"
	"fmt"
	"time"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/checks/analyze"
	"github.com/samlcheck/samlcheck/har/capture"
)

// Expand and Read are Files in steps, for a caller that wants the captures
// themselves: Expand turns a glob into targets, Read reads one target into
// a Loaded (the report's Input and the capture.Capture the checks take),
// and a Checker checks the captures one by one, numbering their messages
// on, with Merge joining the reports as one run would.
func ExampleRead() {
	targets, err := analyze.Expand([]string{"../../testdata/har/chrome-i*-ok.har"})
	if err != nil {
		fmt.Println(err)
		return
	}
	c := checks.New(&checks.Config{At: time.Date(2026, 11, 1, 10, 0, 30, 0, time.UTC)})
	var reps []*checks.Report
	messages := 0
	for _, t := range targets {
		in, err := analyze.Read(context.Background(), t, nil)
		if err != nil {
			fmt.Println(err) // in still holds what could be read
		}
		fmt.Printf("%s: %s, %d entries, %d SAML message(s)\n", in.Input.File, in.Input.Kind, in.Input.Entries, len(in.Capture.Messages))
		rep, err := c.Check(context.Background(), []capture.Capture{in.Capture}, messages)
		if err != nil {
			fmt.Println(err)
			return
		}
		rep.Inputs = []checks.Input{in.Input}
		messages += len(rep.Messages)
		reps = append(reps, rep)
	}
	all := checks.Merge(reps...)
	fmt.Println(len(all.Inputs), "inputs,", len(all.Messages), "messages")
	for _, m := range all.Messages {
		fmt.Printf("message %d: %s, profile %s\n", m.Index+1, m.Kind, m.Profile.Profile)
	}
	// Output:
	// ../../testdata/har/chrome-iam-ok.har: har, 8 entries, 1 SAML message(s)
	// ../../testdata/har/chrome-idc-ok.har: har, 9 entries, 2 SAML message(s)
	// 2 inputs, 3 messages
	// message 1: Response, profile iam
	// message 2: AuthnRequest, profile identity-center
	// message 3: Response, profile identity-center
}
