package checks_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/har"
	"github.com/samlcheck/samlcheck/har/capture"
)

// A program that reads a HAR with package har itself, rather than with
// checks/analyze, keeps the response bodies and exchanges the rules read
// with MayBeErrorPage and KeepExchange: har.ScanWith then returns the
// capture.Capture a Checker takes, and the error/* and oidc/* rules see
// the error the login ended on and the exchanges that carry tokens and
// OpenID Connect documents (here the issuer's discovery document and a
// token request answered with an error).
func ExampleKeepExchange() {
	f, err := os.Open("../testdata/rules/oidc/issuer/fail/discovery-in-capture.har")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	c, err := har.ScanWith(f, "discovery-in-capture.har", har.ScanOptions{
		KeepPage: func(e *har.Entry, body []byte) bool {
			return checks.MayBeErrorPage(e.Response.Content.MimeType, body)
		},
		MaxText:      capture.DefaultMaxPageText,
		KeepExchange: checks.KeepExchange,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d entries: %d message(s), %d page(s), %d exchange(s) kept\n", c.Entries, len(c.Messages), len(c.Pages), len(c.Exchanges))
	cfg := &checks.Config{At: time.Date(2026, 11, 1, 10, 0, 30, 0, time.UTC)}
	rep, err := checks.New(cfg).Check(context.Background(), []capture.Capture{c.Capture}, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, fd := range rep.Findings {
		fmt.Println(fd.Severity, fd.Rule, "entry", fd.Entry)
	}
	// Output:
	// 2 entries: 0 message(s), 1 page(s), 2 exchange(s) kept
	// error error/invalid-grant entry 1
	// error oidc/issuer entry 1
	// info oidc/signature entry 1
}
