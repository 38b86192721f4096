package har_test

import (
	"fmt"
	"strings"

	"github.com/samlcheck/samlcheck/har"
	"github.com/samlcheck/samlcheck/har/capture"
)

// ScanWith keeps the exchanges KeepExchange asks for: here the SCIM calls
// of a capture, with their answers; of the bearer token only the scheme is
// kept.
func ExampleScanOptions_keepExchange() {
	const scimHAR = `{"log":{"version":"1.2","entries":[{"startedDateTime":"2026-11-02T09:00:00Z",
	  "request":{"method":"POST","url":"https://scim.us-east-1.amazonaws.com/t-1/scim/v2/Users",
	    "headers":[{"name":"Authorization","value":"Bearer s3cr3t"}],
	    "postData":{"mimeType":"application/scim+json","text":"{\"userName\":\"alice\"}"}},
	  "response":{"status":409,"content":{"mimeType":"application/json","text":"{\"detail\":\"User already exists.\"}"}}}]}}`
	c, err := har.ScanWith(strings.NewReader(scimHAR), "scim.har", har.ScanOptions{
		KeepExchange: func(x *capture.Exchange) bool {
			return strings.Contains(x.Source.URL, "/scim/v2/")
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, x := range c.Exchanges {
		fmt.Println(x.Source.Method, x.Source.Status, x.Authorization, x.RequestBody, x.ResponseBody)
	}
	// Output: POST 409 Bearer {"userName":"alice"} {"detail":"User already exists."}
}
