package har_test

import (
	"fmt"
	"strings"

	"github.com/samlcheck/samlcheck/har"
)

// Extract finds the SAML values of one entry as a Reader yields it, for a
// caller that walks the entries itself; Scan does this for every entry and
// merges the sightings of one message.
func ExampleExtract() {
	r := har.NewReader(strings.NewReader(exampleHAR), "login.har")
	for e, err := range r.Entries() {
		if err != nil {
			fmt.Println(err)
			continue
		}
		for _, m := range har.Extract("login.har", e) {
			fmt.Printf("entry %d: %s %s (%s)\n", e.Index, m.Binding, m.Param, m.Source.Where)
		}
	}
	// Output:
	// entry 0: HTTP-Redirect SAMLRequest (location)
	// entry 1: HTTP-POST SAMLResponse (html)
	// entry 2: HTTP-POST SAMLResponse (form)
}
