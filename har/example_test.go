package har_test

import (
	"fmt"
	"strings"

	"github.com/samlcheck/samlcheck/har"
)

// A HAR as a browser exports it: the service provider redirects to the
// IdP with a SAMLRequest, the IdP answers with an auto-post page, and the
// browser posts the SAMLResponse to the ACS. The response is seen twice
// but is one message.
const exampleHAR = `{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"entries":[
 {"startedDateTime":"2024-05-01T10:00:00.000Z","time":12.5,
  "request":{"method":"GET","url":"https://sp.example.com/login","headers":[],"queryString":[]},
  "response":{"status":302,"headers":[{"name":"Location","value":"https://idp.example.com/sso?SAMLRequest=fZBNT8MwDIb%2FSuT7mjb7YLLaTQOEhAQSUoEDF5Ql7lqpdUqcjv17ug8QHPiQrPcPHlsuN8duVa84WYQO8gnF8H4oXdQ3tJX25nH9Ey1Y%2Bx6VTg%3D%3D&RelayState=abc"}],"content":{"size":0,"mimeType":"text/html"}}},
 {"startedDateTime":"2024-05-01T10:00:03.000Z","time":40,
  "request":{"method":"POST","url":"https://idp.example.com/login","headers":[],"queryString":[]},
  "response":{"status":200,"headers":[],"content":{"size":200,"mimeType":"text/html",
   "text":"<html><body onload=\"document.forms[0].submit()\"><form method=\"post\" action=\"https://sp.example.com/acs\"><input type=\"hidden\" name=\"SAMLResponse\" value=\"PHNhbWxwOlJlc3BvbnNlLz4=\"><input type=\"hidden\" name=\"RelayState\" value=\"abc\"></form></body></html>"}}},
 {"startedDateTime":"2024-05-01T10:00:03.200Z","time":80,
  "request":{"method":"POST","url":"https://sp.example.com/acs","headers":[],"queryString":[],
   "postData":{"mimeType":"application/x-www-form-urlencoded","text":"SAMLResponse=PHNhbWxwOlJlc3BvbnNlLz4%3D&RelayState=abc"}},
  "response":{"status":302,"headers":[{"name":"Location","value":"/app"}],"content":{"size":0,"mimeType":"text/html"}}}
]}}`

func ExampleScan() {
	c, err := har.Scan(strings.NewReader(exampleHAR), "login.har")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s: %d entries by %s\n", c.File, c.Entries, c.Creator)
	for i, m := range c.Messages {
		fmt.Printf("message %d: %s %s, relay state %q\n", i+1, m.Binding, m.Param, m.RelayState)
		for _, s := range m.Sightings {
			fmt.Printf("  entry %d: %s %s (%s)\n", s.Entry, s.Method, s.URL, s.Where)
		}
	}
	// Output:
	// login.har: 3 entries by WebInspector 537.36
	// message 1: HTTP-Redirect SAMLRequest, relay state "abc"
	//   entry 0: GET https://sp.example.com/login (location)
	// message 2: HTTP-POST SAMLResponse, relay state "abc"
	//   entry 1: POST https://idp.example.com/login (html)
	//   entry 2: POST https://sp.example.com/acs (form)
}

func ExampleReader_Entries() {
	r := har.NewReader(strings.NewReader(`{"log":{"entries":[
		{"startedDateTime":"2024-05-01T10:00:00Z","request":{"method":"GET","url":"https://a.example/"},"response":{"status":200}},
		{"request":5},
		{"startedDateTime":"NaN-NaN-NaNTNaN:NaN:NaN.NaN+NaN:NaN","request":{"method":"GET","url":"https://b.example/"},"response":{"status":0}}
	]}}`), "mixed.har")
	for e, err := range r.Entries() {
		if err != nil {
			fmt.Println(err) // an *EntryError: the next entry is still read
			continue
		}
		fmt.Println(e.Index, e.Request.URL, e.Response.Status, e.Started.IsZero()) // Index counts from 0, messages from 1
	}
	// Output:
	// 0 https://a.example/ 200 false
	// har: mixed.har: entry 2: request: JSON number where an object was expected
	// 2 https://b.example/ 0 true
}

func ExampleSniff() {
	fmt.Println(har.Sniff([]byte(`{"log":{"version":"1.2","creator":`)))
	fmt.Println(har.Sniff([]byte(`<samlp:Response ID="_1"/>`)))
	// Output:
	// true
	// false
}
