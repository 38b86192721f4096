package checks_test

import (
	"fmt"

	"github.com/samlcheck/samlcheck/checks"
)

// MayBeErrorPage is the filter a HAR reader applies to response bodies: it
// keeps those whose visible text or error fields hold a message an error/*
// rule recognises, and drops the rest, scripts included.
func ExampleMayBeErrorPage() {
	for _, b := range []struct{ mime, body string }{
		{"text/html", `<html><body><h1>Error</h1><p>It&rsquo;s not you, it&rsquo;s us</p></body></html>`},
		{"application/x-amz-json-1.1", `{"__type":"com.amazonaws.ssooidc#InvalidGrantException","error":"invalid_grant"}`},
		{"text/html", `<script>const m = "An unexpected error has occurred";</script><div id="root"></div>`},
		{"application/javascript", `throw new Error("An unexpected error has occurred")`},
		{"text/html", `<p>Welcome, Alice</p>`},
	} {
		fmt.Println(checks.MayBeErrorPage(b.mime, []byte(b.body)))
	}
	// Output:
	// true
	// true
	// false
	// false
	// false
}
