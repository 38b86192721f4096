package checks

import (
	"strings"
	"unicode/utf8"
)

// scimUserNameRule: userName constraints (developer guide, limitations;
// createuser).
var scimUserNameRule = &Rule{
	ID:       "scim/user-name",
	Title:    "a SCIM userName is too long, reserved, or has characters that cause trouble",
	Severity: Error,
	Profiles: []Profile{SCIM},
	Doc: "IAM Identity Center refuses a userName longer than 128 characters and the reserved names Administrator and AWSAdministrators. " +
		"Characters such as < > ; : % are accepted by some paths and refused or mangled by others (sign-in, the user portal, CLI " +
		"profiles), so a user provisioned with them may not be able to sign in.",
	Fix: "Map userName to an attribute without these characters, at most 128 characters long (usually the user principal name or the " +
		"e-mail address), and rename users called Administrator or AWSAdministrators.",
	Refs: []Ref{scimRef("createuser", "CreateUser", "Constraints: userName"),
		{Title: "Identity Store API Reference: CreateUser", URL: "https://docs.aws.amazon.com/singlesignon/latest/IdentityStoreAPIReference/API_CreateUser.html", Section: "Request Parameters: UserName (128 characters; Administrator and AWSAdministrators are reserved)"}},
	RunCapture: runSCIM(checkSCIMUserName),
}

func checkSCIMUserName(_ *Config, c *scimCall) []Finding {
	if !c.isUserWrite() {
		return nil
	}
	name := c.body.String("userName")
	var out []Finding
	if n := utf8.RuneCountInString(name); n > 128 {
		out = append(out, c.finding("userName is %d characters long; at most 128 are accepted", n))
	}
	for _, r := range []string{"Administrator", "AWSAdministrators"} {
		if strings.EqualFold(name, r) {
			out = append(out, c.finding("userName %q is reserved", name))
		}
	}
	if i := strings.IndexAny(name, "<>;:%"); i >= 0 {
		f := c.finding("userName %q contains %q", name, name[i:i+1])
		f.Severity = Warning
		out = append(out, f)
	}
	return out
}
