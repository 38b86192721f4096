package checks

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/samlcheck/samlcheck/har/capture"
	"github.com/samlcheck/samlcheck/saml/binding"
)

// cognitoRedirectMismatchRule: Cognito's /error?error=redirect_mismatch
// (Cognito developer guide, authorization-endpoint; ELB guide,
// listener-authenticate-users).
var cognitoRedirectMismatchRule = &Rule{
	ID:       "error/cognito-redirect-mismatch",
	Title:    "Amazon Cognito refused the sign-in with redirect_mismatch",
	Severity: Error,
	Profiles: Profiles(),
	Doc: "Amazon Cognito's authorize endpoint redirects to its /error page with error=redirect_mismatch when the redirect_uri of the " +
		"authorize request is not one of the app client's allowed callback URLs (compared exactly). Behind an Application Load Balancer " +
		"the redirect_uri is https://<the host name the user typed>/oauth2/idpresponse: reaching the application by another name (the " +
		"load balancer's DNS name) sends a callback URL Cognito does not know.",
	Fix: "Add the redirect_uri shown to the app client's allowed callback URLs in Amazon Cognito (for an ALB: https://<your domain>/oauth2/idpresponse), " +
		"or browse to the application at the domain that is registered.",
	Refs: []Ref{
		{Title: "Amazon Cognito Developer Guide: Authorize endpoint", URL: "https://docs.aws.amazon.com/cognito/latest/developerguide/authorization-endpoint.html",
			Section: "Request parameters: redirect_uri; Error responses"},
		albAuthenticate.at("Prepare to use Amazon Cognito"),
	},
	RunCapture: runCognitoRedirectMismatch,
}

func runCognitoRedirectMismatch(p *CapturePass) {
	xs := p.Capture.Exchanges
	for i := range xs {
		x := &xs[i]
		target := ""
		switch {
		case hasRedirectMismatch(x.Source.URL):
			target = x.Source.URL
		case hasRedirectMismatch(x.Location):
			target = x.Location
		default:
			continue
		}
		if i > 0 && hasRedirectMismatch(xs[i-1].Location) && !hasRedirectMismatch(xs[i-1].Source.URL) && xs[i-1].Location == x.Source.URL {
			continue // the redirect was reported at the entry that made it
		}
		msg := fmt.Sprintf("entry %d (%s %s) reaches Cognito's error page %s with error=redirect_mismatch", x.Source.Entry, x.Source.Method, binding.WithoutQuery(x.Source.URL), binding.WithoutQuery(target))
		if ru, client := authorizeRedirect(xs[:i+1]); ru != "" {
			msg += humanf("; the authorize request's redirect_uri %q is not an allowed callback URL of app client %q", ru, client)
			if u, err := url.Parse(ru); err == nil && isELBHost(u.Hostname()) {
				msg += humanf(": %s is the load balancer's DNS name; register https://<your domain>/oauth2/idpresponse and browse to that domain", u.Hostname())
			}
		} else {
			msg += "; the authorize request is not in the capture, so its redirect_uri is unknown"
		}
		p.Report(Finding{Message: msg, Location: Location{Entry: x.Source.Entry}})
	}
}

// hasRedirectMismatch reports Cognito's error page URL:
// https://<domain>/error?error=redirect_mismatch (the domain may be a
// custom one, so only the path and query tell).
func hasRedirectMismatch(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	return u.Path == "/error" && u.Query().Get("error") == "redirect_mismatch"
}

// authorizeRedirect returns the redirect_uri and client_id of the last
// /oauth2/authorize (or /login) request among xs.
func authorizeRedirect(xs []capture.Exchange) (redirect, client string) {
	for i := len(xs) - 1; i >= 0; i-- {
		for _, raw := range []string{xs[i].Source.URL, xs[i].Location} {
			u, err := url.Parse(raw)
			if err != nil {
				continue
			}
			if strings.HasSuffix(u.Path, "/oauth2/authorize") || strings.HasSuffix(u.Path, "/login") {
				if ru := u.Query().Get("redirect_uri"); ru != "" {
					return ru, u.Query().Get("client_id")
				}
			}
		}
	}
	return "", ""
}

// isELBHost reports a load balancer's DNS name: <name>-<digits>.<region>.elb.amazonaws.com.
func isELBHost(host string) bool {
	return strings.HasSuffix(strings.ToLower(host), ".elb.amazonaws.com")
}
