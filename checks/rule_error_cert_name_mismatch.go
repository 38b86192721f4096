package checks

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/samlcheck/samlcheck/har/capture"
	"github.com/samlcheck/samlcheck/saml/binding"
)

// certNameMismatchRule: a request that failed on the server's certificate
// (Chrome response._error, Firefox _securityState "broken").
var certNameMismatchRule = &Rule{
	ID:       "error/cert-name-mismatch",
	Title:    "the browser refused the server's certificate (name, date or authority)",
	Severity: Error,
	Profiles: Profiles(),
	Doc: "The browser stopped the request because the server's TLS certificate does not name the host it was reached at, has expired " +
		"or is not trusted; the page shows \"not secure\" and the login goes no further. Behind an Application Load Balancer this is " +
		"usually the load balancer's own DNS name (<name>-<digits>.<region>.elb.amazonaws.com) used in the browser while the certificate " +
		"names the custom domain.",
	Fix: "Create a DNS record for the certificate's domain pointing at the load balancer, change Amazon Cognito's allowed callback URLs to " +
		"that domain (https://<domain>/oauth2/idpresponse), change the application's configured external DNS name to it, and browse to the domain.",
	Refs: []Ref{
		albAuthenticate.at("Prepare to use Amazon Cognito"),
		{Title: "Elastic Load Balancing User Guide: SSL certificates for your Application Load Balancer",
			URL: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/https-listener-certificates.html", Section: "SSL certificates"},
	},
	RunCapture: runCertNameMismatch,
}

// certErrors are the Chrome net errors of a refused certificate.
var certErrors = map[string]string{
	"net::ERR_CERT_COMMON_NAME_INVALID": "the certificate does not name the host",
	"net::ERR_CERT_DATE_INVALID":        "the certificate has expired or is not yet valid",
	"net::ERR_CERT_AUTHORITY_INVALID":   "the certificate is not issued by a trusted authority",
}

func runCertNameMismatch(p *CapturePass) {
	// One finding per host and error (the page, its favicon, a reload),
	// at the first entry, naming the others.
	type group struct {
		x       *capture.Exchange
		what    string
		host    string
		entries []string
	}
	var groups []*group
	index := map[string]*group{}
	for i := range p.Capture.Exchanges {
		x := &p.Capture.Exchanges[i]
		var what string
		if why, ok := certErrors[strings.TrimSpace(x.Error)]; ok {
			what = x.Error + ": " + why
		} else if strings.EqualFold(x.SecurityState, "broken") {
			what = "security state \"broken\""
		} else {
			continue
		}
		host := ""
		if u, err := url.Parse(x.Source.URL); err == nil {
			host = u.Hostname()
		}
		if g, ok := index[host+" "+what]; ok {
			g.entries = append(g.entries, fmt.Sprint(x.Source.Entry))
			continue
		}
		g := &group{x: x, what: what, host: host}
		index[host+" "+what] = g
		groups = append(groups, g)
	}
	for _, g := range groups {
		also := ""
		if len(g.entries) > 0 {
			also = fmt.Sprintf(" (also entr%s %s)", errPlural(len(g.entries), "y", "ies"), strings.Join(g.entries, ", "))
		}
		msg := fmt.Sprintf("entry %d (%s %s) failed%s: %s", g.x.Source.Entry, g.x.Source.Method, binding.WithoutQuery(g.x.Source.URL), also, g.what)
		if isELBHost(g.host) {
			msg += fmt.Sprintf("; %s is the load balancer's DNS name, and its certificate names your custom domain, not it: create a DNS record for the certificate's domain pointing at the load balancer, change the Cognito allowed callback URLs to that domain, change the application's external DNS name, and browse to the domain", g.host)
		}
		p.Report(Finding{Message: msg, Location: Location{Entry: g.x.Source.Entry}})
	}
}
