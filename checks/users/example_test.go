package users_test

import (
	"fmt"

	"github.com/samlcheck/samlcheck/checks/users"
)

// ExampleParse reads `aws connect list-users --output text`: the kind
// of list is recorded (it is evidence for the profile), and the names are
// matched exactly, a case-only difference said as such.
func ExampleParse() {
	out := "USERSUMMARYLIST\tarn:aws:connect:us-east-1:123456789012:instance/i/agent/1\t1\tus-east-1\t2026-10-31T10:00:00+00:00\talice@example.com\n" +
		"USERSUMMARYLIST\tarn:aws:connect:us-east-1:123456789012:instance/i/agent/2\t2\tus-east-1\t2026-10-30T10:00:00+00:00\tbob@example.com\n"
	u, err := users.Parse("connect-users.txt", []byte(out))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(u.Names, u.Kind, u.Format)
	exact, caseOnly := u.Match("Alice@Example.com")
	fmt.Println(exact, caseOnly)

	_, err = users.Parse("users.csv", []byte("Display,Email\nAlice,alice@example.com\n"))
	fmt.Println(err)
	// Output:
	// [alice@example.com bob@example.com] connect aws-text
	// false alice@example.com
	// checks: users file users.csv: line 1: CSV header "Display,Email" names no username column; expected one named UserName, Username, user name or login
}
