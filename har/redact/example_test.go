package redact_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/samlcheck/samlcheck/har/redact"
)

// Redact a HAR: the cookie and the password go, the user name becomes a
// pseudonym of the same shape, the marker says the HAR was redacted, and
// the receipt counts what was done.
func ExampleRedact() {
	in := `{"log":{"version":"1.2","entries":[{"request":{"method":"POST","url":"https://idp.example.net/login",
		"headers":[{"name":"Cookie","value":"sid=s3ss10n-1d-0123"}],
		"postData":{"mimeType":"application/x-www-form-urlencoded","text":"email=jane.doe%40corp.com&password=hunter2!"}},
		"response":{"status":302,"headers":[]}}]}}`
	var out bytes.Buffer
	rc, err := redact.Redact(context.Background(), &out, strings.NewReader(in), "login.har", redact.Options{Key: []byte("example")})
	if err != nil {
		fmt.Println(err)
		return
	}
	har := out.String()
	fmt.Println(redact.IsRedacted(out.Bytes()))
	fmt.Println(strings.Contains(har, "s3ss10n"), strings.Contains(har, "hunter2"), strings.Contains(har, "jane.doe"))
	fmt.Println(strings.Contains(har, `"value":"sid=REDACTED"`), strings.Contains(har, "&password=REDACTED"))
	_ = rc.WriteText(os.Stdout)
	// Output:
	// true
	// false false false
	// true true
	// 1 entry written
	// removed:
	//        1  cookie values
	//        1  passwords
	// replaced by pseudonyms (the same value gets the same pseudonym throughout the file):
	//        1  e-mail addresses
	//   distinct: 1 user name, 1 e-mail domain
}

// Redact a pasted SAML message and the users list that goes with it with
// one Redactor: the NameID and the listed user name get pseudonyms that
// still differ only by case, so the pair still shows the mismatch.
func ExampleRedactor() {
	x, err := redact.New(redact.Options{Key: []byte("example")})
	if err != nil {
		fmt.Println(err)
		return
	}
	msg := `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r" Version="2.0">` +
		`<saml:Assertion ID="_a" Version="2.0"><saml:Subject><saml:NameID>Jane.Doe@Corp.com</saml:NameID></saml:Subject></saml:Assertion></samlp:Response>`
	safe, err := x.Value("response.xml", []byte(msg))
	if err != nil {
		fmt.Println(err)
		return
	}
	lines := func(b []byte) ([]string, error) { return strings.Fields(string(b)), nil }
	users, err := x.Users("users.txt", []byte("jane.doe@corp.com\n"), lines)
	if err != nil {
		fmt.Println(err)
		return
	}
	nameID := string(safe)[strings.Index(string(safe), "<saml:NameID>")+len("<saml:NameID>"):]
	nameID = nameID[:strings.Index(nameID, "<")]
	user := strings.TrimSpace(string(users))
	fmt.Println(strings.Contains(string(safe)+string(users), "oe@"))
	fmt.Println(nameID != user, strings.EqualFold(nameID, user), len(nameID) == len("Jane.Doe@Corp.com"))
	// Output:
	// false
	// true true true
}
