package capture_test

import (
	"fmt"

	"github.com/samlcheck/samlcheck/har/capture"
	"github.com/samlcheck/samlcheck/saml"
)

// A capture built by hand, as a reader of another format would build one:
// a pasted JWT becomes a Document, an error page a Page.
func Example() {
	c := capture.Capture{
		File: "login.har",
		Pages: []capture.Page{{
			Source:   saml.Source{File: "login.har", Entry: 7, Method: "GET", URL: "https://idp.example.com/error", Status: 500},
			MimeType: "text/html",
			Text:     "<p>An unexpected error has occurred</p>",
		}},
		Exchanges: []capture.Exchange{{
			Source: saml.Source{File: "login.har", Entry: 9, Method: "POST", URL: "https://oidc.example.com/token", Status: 400},
			Form:   []capture.Field{{Name: "grant_type", Value: "authorization_code"}},
		}},
	}
	for _, p := range c.Pages {
		fmt.Printf("page: entry %d, %s %s, status %d\n", p.Source.Entry, p.Source.Method, p.Source.URL, p.Source.Status)
	}
	for _, x := range c.Exchanges {
		fmt.Printf("exchange: entry %d, %s %s, %s=%s\n", x.Source.Entry, x.Source.Method, x.Source.URL, x.Form[0].Name, x.Form[0].Value)
	}
	// Output:
	// page: entry 7, GET https://idp.example.com/error, status 500
	// exchange: entry 9, POST https://oidc.example.com/token, grant_type=authorization_code
}
