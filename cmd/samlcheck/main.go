// Command samlcheck analyses SAML logins offline: give it a HAR capture of a
// failed sign-in, or a SAML message as XML, Base64 or URL-encoded text, and
// it reports what is wrong, why the login fails, and how to fix it. Given
// folders or glob patterns, it checks every HAR and SAML file in them, on
// all cores, for CI pipelines that validate IdP fixtures.
//
// Usage:
//
//	samlcheck [check] [flags] PATH...  check files, folders, globs ("-" reads standard input)
//	samlcheck decode PATH...           print each SAML message as indented XML
//	samlcheck config [PATH]            print the effective configuration and its sources
//	samlcheck redact [-o OUT] IN       copy a HAR without secrets, for a support case
//	samlcheck rules                    list every rule
//	samlcheck explain ID               print a rule's documentation
//	samlcheck version                  print the version
//
// Output formats (--format, -o FORMAT=FILE): text, json, sarif, junit,
// github, html. Settings come from flags and from .samlcheck.yaml (package
// checks/config).
//
// Exit codes: 0 no finding at or above --fail-on (default error), 1 findings
// at or above it, 2 usage error or unreadable or incomplete input. No output
// format changes them.
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
