package main

import (
	"fmt"
	"net/url"
	"strings"
	"time"
)

// flowKind is the kind of login a HAR captures.
type flowKind int

const (
	// idcFlow: SP-initiated IAM Identity Center login, from the AWS access
	// portal through a Redirect-binding AuthnRequest to the IdP and back.
	idcFlow flowKind = iota
	// iamFlow: IdP-initiated login to the AWS console through
	// https://signin.aws.amazon.com/saml.
	iamFlow
	// connectFlow: as iamFlow, with a RelayState sending the user on to an
	// Amazon Connect instance.
	connectFlow
)

// harSpec describes one HAR fixture.
type harSpec struct {
	file    string
	browser browser
	kind    flowKind
	resp    respOpts
	fails   bool // the login ends on Identity Center's error page
	// shibboleth writes the auto-post page as the Shibboleth IdP does
	// (every non-alphanumeric character as a character reference).
	shibboleth bool
	want       []string
}

// harSpecs lists the HAR fixtures.
func harSpecs() []harSpec {
	sp := func(id string, st nsStyle, mutate ...func(*respOpts)) respOpts {
		o := idcResponse(id)
		o.style = st
		o.compact = true
		o.inResponseTo = "_req-" + id
		for _, m := range mutate {
			m(&o)
		}
		return o
	}
	iam := func(id, role string, st nsStyle) respOpts {
		o := iamResponse(id, role)
		o.style = st
		o.compact = true
		return o
	}
	indented := func(o *respOpts) { o.compact = false }
	return []harSpec{
		{file: "chrome-idc-ok.har", browser: chrome, kind: idcFlow, resp: sp("chrome-idc-ok", styleSAMLP)},
		{
			file: "chrome-idc-nameid-unspecified.har", browser: chrome, kind: idcFlow, fails: true,
			resp: sp("chrome-idc-nameid-unspecified", styleDefaultNS, nameIDFormat(nameIDUnspecified), nameID(`CORP\alice`)),
			want: []string{"error/idc-unexpected", "idc/nameid-email", "idc/nameid-format"},
		},
		{file: "firefox-idc-ok.har", browser: firefox, kind: idcFlow, shibboleth: true, resp: sp("firefox-idc-ok", styleSAML2, indented)},
		{
			file: "firefox-idc-encrypted.har", browser: firefox, kind: idcFlow, fails: true,
			resp: sp("firefox-idc-encrypted", styleSAML2, encrypted(encAES256CBC)),
			want: []string{"error/idc-unexpected", "idc/encrypted-assertion", "saml/decryption"},
		},
		{file: "chrome-iam-ok.har", browser: chrome, kind: iamFlow, resp: iam("chrome-iam-ok", iamRole, styleSAML2)},
		{file: "chrome-connect-ok.har", browser: chrome, kind: connectFlow, resp: iam("chrome-connect-ok", connectRole, styleSAMLP)},
	}
}

// writeHARs writes testdata/har/.
func (g *generator) writeHARs() error {
	assets, err := newIdPAssets()
	if err != nil {
		return err
	}
	for _, s := range harSpecs() {
		xml, err := g.signedResponse(s.resp)
		if err != nil {
			return fmt.Errorf("%s: %w", s.file, err)
		}
		c, err := flowCapture(s, postValue(xml), assets)
		if err != nil {
			return fmt.Errorf("%s: %w", s.file, err)
		}
		data, err := s.browser.encode(c)
		if err != nil {
			return fmt.Errorf("%s: %w", s.file, err)
		}
		e := expect{want: s.want, profile: "auto", at: checkTime()}
		if err := g.writeWithSidecar("har/"+s.file, data, e); err != nil {
			return err
		}
	}
	return nil
}

// IP addresses (documentation ranges, RFC 5737) of the captured hosts.
const (
	ipIdP     = "203.0.113.10"
	ipPortal  = "198.51.100.30"
	ipSignin  = "198.51.100.20"
	ipConsole = "198.51.100.40"
	ipConnect = "198.51.100.50"
)

// idpAssets are the IdP's static resources, shared by every capture.
type idpAssets struct {
	css, js, png []byte
}

// newIdPAssets builds the static resources.
func newIdPAssets() (idpAssets, error) {
	logo, err := logoPNG()
	if err != nil {
		return idpAssets{}, err
	}
	return idpAssets{css: loginCSS(), js: loginJS(), png: logo}, nil
}

// staticLoads returns the three subresource requests of the IdP login page.
func (a idpAssets) staticLoads(page, loginURL string, at time.Time) []exchange {
	sub := func(offsetMS int, path, kind, mime string, body []byte, line int, b64 bool) exchange {
		return exchange{
			page: page, start: at.Add(time.Duration(offsetMS) * time.Millisecond), method: "GET",
			url: "https://idp.example.com" + path, referer: loginURL, kind: kind, initiator: loginURL, line: line,
			status: 200, mime: mime, body: body, base64Body: b64, waitUS: 23417 + int64(offsetMS)*131, ip: ipIdP,
		}
	}
	return []exchange{
		sub(0, "/static/css/login.css", "stylesheet", "text/css", a.css, 6, false),
		sub(2, "/static/js/login.bundle.js", "script", "application/javascript", a.js, 7, false),
		sub(41, "/static/img/logo.png", "image", "image/png", a.png, 11, true),
	}
}

// secrets are the session secrets of a capture: they must never be printed.
type secrets struct {
	idpSession, idpAuth cookie
	password            string
}

// newSecrets returns the capture's cookies and password.
func newSecrets(id string, t time.Time) secrets {
	return secrets{
		idpSession: cookie{name: "idp_session", value: "idpsess-" + token("idp_session/"+id, 24), domain: "idp.example.com", sameSite: "None"},
		idpAuth:    cookie{name: "idp_auth", value: "idpauth-" + token("idp_auth/"+id, 32), domain: "idp.example.com", expires: t.Add(8 * time.Hour), sameSite: "None"},
		password:   "Hunter2-secret",
	}
}

// loginForm returns the IdP login form fields.
func (s secrets) loginForm() []nameValue {
	return []nameValue{{"username", "alice@example.com"}, {"password", s.password}}
}

// autoPost returns the auto-post page of a capture.
func autoPost(s harSpec, action, samlResponse, relayState string) []byte {
	fields := []formField{{"SAMLResponse", samlResponse}, {"RelayState", relayState}}
	if s.shibboleth {
		return shibbolethPostPage(action, []formField{fields[1], fields[0]})
	}
	return autoPostPage(action, fields)
}

// msAfter is ms milliseconds after base.
func msAfter(base time.Time, ms int) time.Time {
	return base.Add(time.Duration(ms) * time.Millisecond)
}

// idpSignIn is the user's sign-in at the IdP (page_2, at start): the
// login form posted from referer, answered with the auto-post page
// page that carries the SAML response.
func idpSignIn(s harSpec, sec secrets, start time.Time, referer string, page []byte, waitUS int64) exchange {
	return exchange{
		page: "page_2", start: start, method: "POST", url: "https://idp.example.com/login", referer: referer, kind: "document",
		cookies: []cookie{sec.idpSession}, form: sec.loginForm(), formParams: true,
		status: 200, mime: "text/html; charset=utf-8", body: page,
		base64Body: s.browser == firefox, setCookies: []cookie{sec.idpAuth}, waitUS: waitUS, ip: ipIdP,
	}
}

// flowCapture records the login of s's kind: Identity Center, or AWS
// console or Amazon Connect.
func flowCapture(s harSpec, samlResponse string, assets idpAssets) (capture, error) {
	if s.kind == idcFlow {
		return idcCapture(s, samlResponse, assets)
	}
	return awsCapture(s, samlResponse, assets)
}

// idcCapture records an SP-initiated IAM Identity Center login.
func idcCapture(s harSpec, samlResponse string, assets idpAssets) (capture, error) {
	t := fixtureTime()
	id := s.resp.id
	sec := newSecrets(id, t)
	toIdP, err := redirectURL(id, idcRelayState)
	if err != nil {
		return capture{}, err
	}
	signinLogin := "https://us-east-1.signin.aws.amazon.com/platform/login?workflowStateHandle=" + uuidFrom("workflow/"+id)
	p1, p2, p3 := t.Add(-26*time.Second), t.Add(-950*time.Millisecond), t.Add(150*time.Millisecond)

	x := []exchange{
		{page: "page_1", start: p1, method: "GET", url: idcPortal, kind: "document",
			status: 302, location: signinLogin, waitUS: 84312, ip: ipPortal},
		{page: "page_1", start: msAfter(p1, 151), method: "GET", url: signinLogin, kind: "document",
			status: 302, location: toIdP, waitUS: 118904, ip: ipSignin},
		{page: "page_1", start: msAfter(p1, 327), method: "GET", url: toIdP, kind: "document",
			status: 200, mime: "text/html; charset=utf-8", body: loginPage(), setCookies: []cookie{sec.idpSession},
			waitUS: 139221, ip: ipIdP},
	}
	x = append(x, assets.staticLoads("page_1", toIdP, msAfter(p1, 512))...)
	x = append(x, idpSignIn(s, sec, p2, toIdP, autoPost(s, idcACS, samlResponse, idcRelayState), 962480))
	acs := exchange{
		page: "page_3", start: p3, method: "POST", url: idcACS, referer: "https://idp.example.com/", kind: "document",
		form:       []nameValue{{"SAMLResponse", samlResponse}, {"RelayState", idcRelayState}},
		formParams: s.browser == chrome, status: 302, waitUS: 309877, ip: ipSignin,
	}
	final := exchange{
		page: "page_3", start: msAfter(p3, 489), method: "GET", referer: "https://idp.example.com/", kind: "document",
		status: 200, mime: "text/html; charset=utf-8", waitUS: 95102,
	}
	if s.fails {
		acs.location = "https://us-east-1.signin.aws.amazon.com/platform/d-9067c1a2b3/error"
		final.url, final.body, final.ip = acs.location, idcErrorPage(), ipSignin
	} else {
		acs.location = idcPortal + "#/"
		final.url, final.body, final.ip = idcPortal, portalPage(), ipPortal
		final.setCookies = []cookie{{name: "x-amz-sso_authn", value: token("sso_authn/"+id, 48), domain: "awsapps.com", expires: t.Add(8 * time.Hour), sameSite: "None"}}
	}
	x = append(x, acs, final)
	return capture{
		pages: []capturePage{
			{id: "page_1", title: idcPortal, start: p1, contentUS: 905113, loadUS: 1017842},
			{id: "page_2", title: "https://idp.example.com/login", start: p2, contentUS: 1003321, loadUS: 1004118},
			{id: "page_3", title: idcACS, start: p3, contentUS: 702554, loadUS: 811930},
		},
		exchanges: x,
	}, nil
}

// awsCapture records an IdP-initiated login to the AWS console (iamFlow) or
// to Amazon Connect (connectFlow).
func awsCapture(s harSpec, samlResponse string, assets idpAssets) (capture, error) {
	t := fixtureTime()
	id := s.resp.id
	sec := newSecrets(id, t)
	appURL := "https://idp.example.com/app/amazon_aws/exk9a8b7c6d5e4f3g2h1/sso/saml"
	loginURL := "https://idp.example.com/login?fromURI=" + url.QueryEscape(strings.TrimPrefix(appURL, "https://idp.example.com"))
	relayState := ""
	if s.kind == connectFlow {
		relayState = connectURL
	}
	p1, p2, p3 := t.Add(-22*time.Second), t.Add(-950*time.Millisecond), t.Add(150*time.Millisecond)

	x := []exchange{
		{page: "page_1", start: p1, method: "GET", url: appURL, kind: "document",
			status: 302, location: loginURL, waitUS: 61230, ip: ipIdP},
		{page: "page_1", start: msAfter(p1, 88), method: "GET", url: loginURL, kind: "document",
			status: 200, mime: "text/html; charset=utf-8", body: loginPage(), setCookies: []cookie{sec.idpSession},
			waitUS: 102774, ip: ipIdP},
	}
	x = append(x, assets.staticLoads("page_1", loginURL, msAfter(p1, 243))...)
	x = append(x, idpSignIn(s, sec, p2, loginURL, autoPost(s, iamACS, samlResponse, relayState), 943015))
	form := []nameValue{{"SAMLResponse", samlResponse}}
	if relayState != "" {
		form = append(form, nameValue{"RelayState", relayState})
	}
	awsCookies := []cookie{
		{name: "aws-creds", value: token("aws-creds/"+id, 96), domain: ".amazon.com", expires: t.Add(time.Hour)},
		{name: "aws-userInfo", value: url.QueryEscape(`{"arn":"arn:aws:sts::123456789012:assumed-role/Admin/alice@example.com","alias":"example","username":"assumed-role%2FAdmin%2Falice%40example.com","keybase":"` + token("keybase/"+id, 24) + `","issuer":"https://idp.example.com/saml/metadata","signinType":"PUBLIC"}`), domain: ".amazon.com", expires: t.Add(time.Hour)},
	}
	consoleHome := "https://us-east-1.console.aws.amazon.com/console/home?region=us-east-1"
	acs := exchange{
		page: "page_3", start: p3, method: "POST", url: iamACS, referer: "https://idp.example.com/", kind: "document",
		form: form, formParams: s.browser == chrome, status: 302, setCookies: awsCookies, waitUS: 412306, ip: ipSignin,
	}
	x = append(x, acs)
	if s.kind == connectFlow {
		agentApp := "https://example-corp.my.connect.aws/agent-app-v2/"
		x[len(x)-1].location = connectURL
		x = append(x,
			exchange{page: "page_3", start: msAfter(p3, 588), method: "GET", url: connectURL, referer: "https://idp.example.com/", kind: "document",
				cookies: awsCookies, status: 302, location: agentApp, waitUS: 233140, ip: ipConsole},
			exchange{page: "page_3", start: msAfter(p3, 845), method: "GET", url: agentApp, referer: "https://idp.example.com/", kind: "document",
				status: 200, mime: "text/html; charset=utf-8", body: connectPage(), waitUS: 87215, ip: ipConnect},
		)
	} else {
		x[len(x)-1].location = consoleHome
		x = append(x, exchange{page: "page_3", start: msAfter(p3, 590), method: "GET", url: consoleHome, referer: "https://idp.example.com/", kind: "document",
			cookies: awsCookies, status: 200, mime: "text/html; charset=utf-8", body: consolePage(), waitUS: 156390, ip: ipConsole})
	}
	return capture{
		pages: []capturePage{
			{id: "page_1", title: appURL, start: p1, contentUS: 634090, loadUS: 702311},
			{id: "page_2", title: "https://idp.example.com/login", start: p2, contentUS: 981207, loadUS: 982033},
			{id: "page_3", title: iamACS, start: p3, contentUS: 1214380, loadUS: 1408772},
		},
		exchanges: x,
	}, nil
}
