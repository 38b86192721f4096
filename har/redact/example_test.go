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
