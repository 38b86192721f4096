package pagetext_test

import (
	"fmt"

	"github.com/samlcheck/samlcheck/checks/pagetext"
)

// Read gives what a person sees of a body: here an error page whose
// message is split by an inline tag and spelt with character references,
// beside a script that holds the same words. Find compares the phrase as
// words; Quote gives the sentence it is in.
func ExampleRead() {
	body := `<html><head><script>var m = "It's not you, it's us";</script></head>` +
		`<body><h1>Error</h1><p>It&rsquo;s <b>not</b> you, it&rsquo;s us. Try again later.</p></body></html>`
	t := pagetext.Read("text/html", body)
	span, ok := t.Find([]string{"It's not you, it's us"})
	fmt.Println(ok, t.Quote(span))

	// An error JSON reads as its error fields, the AWS type reduced to the
	// exception's name.
	j := pagetext.Read("application/x-amz-json-1.1", `{"__type":"com.amazonaws.ssooidc#InvalidGrantException","error_description":"Invalid grant provided","requestId":"r-1"}`)
	fmt.Printf("%q\n", j.Visible())

	// A script file is never a page.
	fmt.Println(pagetext.Read("application/javascript", `alert("It's not you, it's us")`) == nil)
	// Output:
	// true It’s not you, it’s us.
	// "InvalidGrantException\nInvalid grant provided"
	// true
}

// A HAR holds thousands of bodies; FoundIn tells which show one of the
// phrases, reading as pages only the few that may.
func ExamplePhrases_FoundIn() {
	phrases := pagetext.NewPhrases([]string{"An unexpected error has occurred", "InvalidGrantException"})
	for _, b := range []struct{ mime, body string }{
		{"text/html", `<p>An <em>unexpected</em> error has occurred</p>`},
		{"application/json", `{"__type":"InvalidGrantException"}`},
		{"text/html", `<script>const m = "An unexpected error has occurred";</script><div id="root"></div>`},
		{"text/css", `.error::after { content: "An unexpected error has occurred" }`},
		{"text/html", `<p>Welcome, Alice</p>`},
	} {
		fmt.Println(phrases.FoundIn(b.mime, []byte(b.body)))
	}
	// Output:
	// true
	// true
	// false
	// false
	// false
}
