package har_test

import (
	"fmt"
	"strings"

	"github.com/samlcheck/samlcheck/har"
)

// ScanWith keeps the response bodies its caller asks for, such as the
// error page a login ended on, beside the SAML messages; other bodies are
// dropped as soon as they are read.
func ExampleScanWith() {
	keep := func(e *har.Entry, body []byte) bool {
		return e.Response.Status >= 400 || strings.Contains(string(body), "onload")
	}
	c, err := har.ScanWith(strings.NewReader(exampleHAR), "login.har", har.ScanOptions{KeepPage: keep, MaxText: 40})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d messages, %d page kept\n", len(c.Messages), len(c.Pages))
	for _, p := range c.Pages {
		fmt.Printf("entry %d, %s %s, status %d: %s… (cut: %v)\n", p.Source.Entry, p.Source.Method, p.Source.URL, p.Source.Status, p.Text, p.Truncated)
	}
	// Output:
	// 2 messages, 1 page kept
	// entry 1, POST https://idp.example.com/login, status 200: <html><body onload="document.forms[0].su… (cut: true)
}
