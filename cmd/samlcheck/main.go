// Command samlcheck analyses SAML logins offline: give it a HAR capture of a
// failed sign-in, or a SAML message as XML, Base64 or URL-encoded text, and
// it reports what is wrong, why the login fails, and how to fix it.
//
// Usage:
//
//	samlcheck [flags] FILE...    check files ("-" reads standard input)
//	samlcheck rules              list every rule
//	samlcheck explain ID         print a rule's documentation
//	samlcheck version            print the version
//
// Exit codes: 0 no finding at or above --fail-on (default error), 1 findings
// at or above it, 2 usage error or unreadable input.
package main

import (
	"context"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}
