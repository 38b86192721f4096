package main

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/beevik/etree"
)

// The fixtures of the SAML 2.0 core rules and of idc/acs-url and
// idc/audience. Most run under profile saml, so that a change aimed at one
// SAML rule does not also trip the Identity Center rules.

// find returns the first element below el (el included) whose local name is
// tag, or nil.
func find(el *etree.Element, tag string) *etree.Element {
	if el.Tag == tag {
		return el
	}
	for _, c := range el.ChildElements() {
		if f := find(c, tag); f != nil {
			return f
		}
	}
	return nil
}

// setAttr returns an edit that sets attribute key of the first tag element.
func setAttr(tag, key, value string) func(*etree.Element) {
	return func(resp *etree.Element) { find(resp, tag).CreateAttr(key, value) }
}

// removeAttr returns an edit that removes attribute key of the first tag element.
func removeAttr(tag, key string) func(*etree.Element) {
	return func(resp *etree.Element) { find(resp, tag).RemoveAttr(key) }
}

// edits combines edits.
func edits(fs ...func(*etree.Element)) func(*respOpts) {
	return func(o *respOpts) {
		o.edit = func(resp *etree.Element) {
			for _, f := range fs {
				f(resp)
			}
		}
	}
}

// assertionOf returns the first Assertion child of resp.
func assertionOf(resp *etree.Element) *etree.Element { return find(resp, "Assertion") }

// status sets the Response's status: top-level code, second-level code and
// message ("" leaves a part out); without Success the assertion is removed.
func status(code, sub, message string) func(*respOpts) {
	return func(o *respOpts) {
		o.assertions = 0
		o.edit = func(resp *etree.Element) {
			st := find(resp, "Status")
			sc := find(st, "StatusCode")
			sc.CreateAttr("Value", "urn:oasis:names:tc:SAML:2.0:status:"+code)
			if sub != "" {
				inner := sc.CreateElement(sc.FullTag())
				inner.CreateAttr("Value", "urn:oasis:names:tc:SAML:2.0:status:"+sub)
			}
			if message != "" {
				st.CreateElement(strings.TrimSuffix(sc.FullTag(), "Code") + "Message").SetText(message)
			}
		}
	}
}

// instantAt formats T+d as the base response does.
func instantAt(d time.Duration) string {
	return fixtureTime().Add(d).UTC().Format("2006-01-02T15:04:05Z")
}

func samlRuleFixtures() []ruleFixture {
	const saml = "saml"
	idcACSSlash := idcACS + "/"
	otherACS := "https://sp.example.net/saml/acs"
	wide := edits(setAttr("Conditions", "NotBefore", instantAt(-time.Hour)), setAttr("Conditions", "NotOnOrAfter", instantAt(time.Hour)),
		setAttr("SubjectConfirmationData", "NotOnOrAfter", instantAt(time.Hour)))
	return []ruleFixture{
		{rule: "saml/version", kind: "fail", file: "response-1.1.xml", profile: saml, mutate: edits(setAttr("Response", "Version", "1.1"))},
		{rule: "saml/version", kind: "fail", file: "assertion-no-version.xml", profile: saml, mutate: edits(func(r *etree.Element) { assertionOf(r).RemoveAttr("Version") })},
		{rule: "saml/version", kind: "pass", file: "version-2.0.xml", profile: saml},

		{rule: "saml/status", kind: "fail", file: "responder-authn-failed.xml", profile: saml, mutate: status("Responder", "AuthnFailed", "")},
		{rule: "saml/status", kind: "fail", file: "requester-request-denied.xml", profile: saml, mutate: status("Requester", "RequestDenied", "User is not assigned to this application")},
		{rule: "saml/status", kind: "fail", file: "invalid-nameid-policy.xml", profile: "identity-center", mutate: status("Requester", "InvalidNameIDPolicy", "")},
		{rule: "saml/status", kind: "pass", file: "success.xml", profile: saml},

		{rule: "saml/issuer", kind: "fail", file: "trailing-slash.xml", profile: saml, flags: map[string]string{"issuer": idpIssuer + "/"}},
		{rule: "saml/issuer", kind: "fail", file: "assertion-issuer-differs.xml", profile: saml, mutate: edits(func(r *etree.Element) { find(assertionOf(r), "Issuer").SetText("http://idp.example.com/saml/metadata") })},
		{rule: "saml/issuer", kind: "fail", file: "format-unspecified.xml", profile: saml, mutate: edits(func(r *etree.Element) {
			find(assertionOf(r), "Issuer").CreateAttr("Format", nameIDUnspecified)
		})},
		{rule: "saml/issuer", kind: "pass", file: "expected-issuer.xml", profile: saml, flags: map[string]string{"issuer": idpIssuer}},
		{rule: "saml/issuer", kind: "pass", file: "format-entity.xml", profile: saml, mutate: style(styleSAML2)},

		{rule: "saml/destination", kind: "fail", file: "trailing-slash.xml", profile: saml, flags: map[string]string{"acs": idcACS},
			mutate: edits(setAttr("Response", "Destination", idcACSSlash))},
		{rule: "saml/destination", kind: "fail", file: "signed-without-destination.xml", profile: saml, mutate: edits(removeAttr("Response", "Destination"))},
		{rule: "saml/destination", kind: "pass", file: "acs.xml", profile: saml, flags: map[string]string{"acs": idcACS}},

		{rule: "saml/recipient", kind: "fail", file: "no-recipient.xml", profile: saml, mutate: edits(removeAttr("SubjectConfirmationData", "Recipient"))},
		{rule: "saml/recipient", kind: "fail", file: "other-recipient.xml", profile: saml, mutate: edits(setAttr("SubjectConfirmationData", "Recipient", otherACS))},
		{rule: "saml/recipient", kind: "pass", file: "recipient-is-acs.xml", profile: saml, flags: map[string]string{"acs": idcACS}},

		{rule: "saml/subject-confirmation", kind: "fail", file: "holder-of-key.xml", profile: saml,
			mutate: edits(setAttr("SubjectConfirmation", "Method", "urn:oasis:names:tc:SAML:2.0:cm:holder-of-key"))},
		{rule: "saml/subject-confirmation", kind: "fail", file: "data-not-before.xml", profile: saml, mutate: edits(setAttr("SubjectConfirmationData", "NotBefore", instantAt(-time.Minute)))},
		{rule: "saml/subject-confirmation", kind: "fail", file: "data-no-not-on-or-after.xml", profile: saml, mutate: edits(removeAttr("SubjectConfirmationData", "NotOnOrAfter"))},
		{rule: "saml/subject-confirmation", kind: "pass", file: "bearer.xml", profile: saml},

		{rule: "saml/audience", kind: "fail", file: "no-audience-restriction.xml", profile: saml, mutate: edits(func(r *etree.Element) {
			c := find(r, "Conditions")
			c.RemoveChild(find(c, "AudienceRestriction"))
		})},
		{rule: "saml/audience", kind: "fail", file: "other-audience.xml", profile: saml, flags: map[string]string{"audience": "https://us-east-1.signin.aws.amazon.com/platform/saml/d-1111111111"}},
		{rule: "saml/audience", kind: "pass", file: "expected-audience.xml", profile: saml, flags: map[string]string{"audience": idcAudience}},

		{rule: "saml/time-window", kind: "fail", file: "expired.xml", profile: saml, at: fixtureTime().Add(10 * time.Minute)},
		{rule: "saml/time-window", kind: "fail", file: "not-yet-valid.xml", profile: saml, at: fixtureTime().Add(-10 * time.Minute)},
		{rule: "saml/time-window", kind: "fail", file: "empty-window.xml", profile: saml, mutate: edits(setAttr("Conditions", "NotBefore", instantAt(6*time.Minute)))},
		{rule: "saml/time-window", kind: "fail", file: "malformed-not-on-or-after.xml", profile: saml,
			mutate: edits(setAttr("SubjectConfirmationData", "NotOnOrAfter", "This-is-invalid-2026-11-01F10:05:00Z"))},
		{rule: "saml/time-window", kind: "pass", file: "in-window.xml", profile: saml},
		{rule: "saml/time-window", kind: "pass", file: "expired-within-skew.xml", profile: saml, at: fixtureTime().Add(7 * time.Minute)},
		{rule: "saml/time-window", kind: "pass", file: "wide-window.xml", profile: saml, mutate: wide, at: fixtureTime().Add(50 * time.Minute)},

		{rule: "saml/in-response-to", kind: "fail", file: "subject-confirmation-disagrees.xml", profile: saml, mutate: func(o *respOpts) {
			o.inResponseTo = "_req-one"
			o.edit = setAttr("SubjectConfirmationData", "InResponseTo", "_req-two")
		}},
		{rule: "saml/in-response-to", kind: "pass", file: "idp-initiated.xml", profile: saml},

		{rule: "idc/acs-url", kind: "fail", file: "iam-endpoint.xml", mutate: func(o *respOpts) { o.destination = iamACS }},
		{rule: "idc/acs-url", kind: "fail", file: "other-region.xml", flags: map[string]string{"acs": idcACS},
			also:   []string{"saml/destination", "saml/recipient"},
			mutate: func(o *respOpts) { o.destination = strings.Replace(idcACS, "us-east-1", "eu-west-1", 1) }},
		{rule: "idc/acs-url", kind: "pass", file: "acs.xml", flags: map[string]string{"acs": idcACS}},
		{rule: "idc/acs-url", kind: "pass", file: "form.xml"},

		{rule: "idc/audience", kind: "fail", file: "iam-audience.xml", mutate: func(o *respOpts) { o.audience = "urn:amazon:webservices" }},
		{rule: "idc/audience", kind: "fail", file: "other-instance.xml", flags: map[string]string{"audience": idcAudience}, also: []string{"saml/audience"},
			mutate: func(o *respOpts) { o.audience = "https://us-east-1.signin.aws.amazon.com/platform/saml/d-1111111111" }},
		{rule: "idc/audience", kind: "pass", file: "issuer-url.xml"},
		{rule: "idc/audience", kind: "pass", file: "expected.xml", flags: map[string]string{"audience": idcAudience}},
	}
}

// writeSAMLValueFixtures writes the saml/ rule fixtures that are not XML
// files: captures (which carry a capture time and other messages) and
// binding values (which carry a binding and a RelayState).
func (g *generator) writeSAMLValueFixtures() error {
	e := func(want ...string) expect { return expect{want: want, profile: "saml", at: checkTime()} }
	post := func(o respOpts) (string, error) {
		xml, err := g.signedResponse(o)
		if err != nil {
			return "", err
		}
		return postValue(xml), nil
	}
	acsPost := func(start time.Time, value string) exchange {
		return exchange{page: "page_1", start: start, method: "POST", url: idcACS, referer: "https://idp.example.com/", kind: "document",
			form: []nameValue{{"SAMLResponse", value}}, formParams: true, status: 302, location: idcPortal, waitUS: 120000, ip: ipSignin}
	}
	harOf := func(x ...exchange) ([]byte, error) {
		return chrome.encode(capture{pages: []capturePage{{id: "page_1", title: idcACS, start: x[0].start, contentUS: 500000, loadUS: 600000}}, exchanges: x})
	}
	t := fixtureTime()
	wideOpts := func(id string) respOpts {
		o := idcResponse(id)
		o.edit = func(resp *etree.Element) {
			find(resp, "Conditions").CreateAttr("NotBefore", instantAt(-time.Hour))
			find(resp, "Conditions").CreateAttr("NotOnOrAfter", instantAt(time.Hour))
			find(resp, "SubjectConfirmationData").CreateAttr("NotOnOrAfter", instantAt(time.Hour))
		}
		return o
	}

	type file struct {
		rel  string
		data func() ([]byte, error)
		e    expect
	}
	files := []file{
		// The IdP's clock is 10 minutes behind the browser's; the window is
		// wide enough that only the skew shows.
		{"rules/saml/clock-skew/fail/idp-clock-behind.har", func() ([]byte, error) {
			v, err := post(wideOpts("clock-skew-fail-behind"))
			if err != nil {
				return nil, err
			}
			return harOf(acsPost(t.Add(10*time.Minute), v))
		}, e("saml/clock-skew")},
		{"rules/saml/clock-skew/pass/in-sync.har", func() ([]byte, error) {
			v, err := post(idcResponse("clock-skew-pass"))
			if err != nil {
				return nil, err
			}
			return harOf(acsPost(t.Add(2*time.Second), v))
		}, e()},
		// An SP-initiated Response whose request is not in the capture.
		{"rules/saml/in-response-to/fail/request-not-captured.har", func() ([]byte, error) {
			o := idcResponse("in-response-to-fail-missing")
			o.inResponseTo = "_req-not-captured"
			v, err := post(o)
			if err != nil {
				return nil, err
			}
			return harOf(acsPost(t.Add(time.Second), v))
		}, e("saml/in-response-to")},
		// The request and its response, paired.
		{"rules/saml/in-response-to/pass/request-and-response.har", func() ([]byte, error) {
			o := idcResponse("in-response-to-pass")
			o.inResponseTo = "_req-in-response-to-pass"
			v, err := post(o)
			if err != nil {
				return nil, err
			}
			redirect, err := redirectURL("in-response-to-pass", "")
			if err != nil {
				return nil, err
			}
			get := exchange{page: "page_1", start: t.Add(-20 * time.Second), method: "GET", url: redirect, kind: "document",
				status: 200, mime: "text/html; charset=utf-8", body: []byte("<html><body>Sign in</body></html>"), waitUS: 80000, ip: ipIdP}
			return harOf(get, acsPost(t.Add(time.Second), v))
		}, e()},
		// A Response with its assertion in a Redirect-binding URL.
		{"rules/saml/redirect-response/fail/response-in-url.url", func() ([]byte, error) {
			xml, err := g.signedResponse(idcResponse("redirect-response-fail"))
			if err != nil {
				return nil, err
			}
			d, err := deflate(withDecl(xml))
			if err != nil {
				return nil, err
			}
			return []byte(idcACS + "?SAMLResponse=" + url.QueryEscape(base64.StdEncoding.EncodeToString(d)) + "\n"), nil
		}, e("saml/redirect-response")},
		{"rules/saml/redirect-response/pass/post-body.txt", func() ([]byte, error) {
			v, err := post(idcResponse("redirect-response-pass"))
			return []byte("SAMLResponse=" + url.QueryEscape(v) + "\n"), err
		}, e()},
		{"rules/saml/relay-state-length/fail/long-relay-state.txt", func() ([]byte, error) {
			v, err := post(idcResponse("relay-state-length-fail"))
			rs := "https://app.example.com/reports/quarterly?year=2026&quarter=4&view=details&sort=desc&filter=region%3Deu"
			return []byte(fmt.Sprintf("SAMLResponse=%s&RelayState=%s\n", url.QueryEscape(v), url.QueryEscape(rs))), err
		}, e("saml/relay-state-length")},
		{"rules/saml/relay-state-length/pass/short-relay-state.txt", func() ([]byte, error) {
			v, err := post(idcResponse("relay-state-length-pass"))
			return []byte(fmt.Sprintf("SAMLResponse=%s&RelayState=%s\n", url.QueryEscape(v), url.QueryEscape(idcRelayState))), err
		}, e()},
	}
	for _, f := range files {
		data, err := f.data()
		if err != nil {
			return fmt.Errorf("%s: %w", f.rel, err)
		}
		if err := g.writeWithSidecar(f.rel, data, f.e); err != nil {
			return err
		}
	}
	return nil
}
