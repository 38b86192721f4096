package main

import (
	"fmt"
	"path"
	"slices"
	"strings"
	"time"
)

// errorHAR is one HAR fixture of an error/* rule:
// testdata/rules/<rule>/<kind>/<file> with a .want sidecar. It is a login
// capture (the generator's browser flows) that ends on an error page or
// error JSON, or, for a pass fixture, a login that works or shows the
// message only where no person reads it.
type errorHAR struct {
	rule, kind, file string
	browser          browser
	flow             flowKind
	// mutate changes the SAML response (nil: the flow's valid response).
	mutate func(*respOpts)
	// users writes users.txt (users, one a line) beside the fixture and
	// passes it as users=users.txt.
	users []string
	// end, when set, is the page the login ends on instead of the
	// service: for idcFlow the page Identity Center redirects to after the
	// ACS; for iamFlow the answer of the AWS sign-in ACS itself; for
	// connectFlow the answer of the Connect federation endpoint.
	end *endPage
	// portal replaces the body of the page a working idcFlow lands on.
	portal []byte
	// calls are requests the application makes after the login.
	calls []appCall
	// also lists the other rules the fixture triggers.
	also []string
}

// endPage is a response the login ends on.
type endPage struct {
	url    string // "" keeps the flow's URL
	status int
	mime   string
	body   []byte
	base64 bool // stored Base64-encoded, as Firefox stores some bodies
}

// appCall is a request made by the page after the login (fetch/XHR).
type appCall struct {
	method, url string
	jsonBody    string // a JSON request body, if any
	status      int
	mime        string
	body        []byte
}

// The hosts of the applications the token and chat fixtures call.
const (
	chatApp   = "https://chat.example.com"
	portalAPI = "https://portal.sso.us-east-1.amazonaws.com"
	ipChatApp = "192.0.2.80"
)

// errorHARs lists the HAR fixtures of the error/* rules.
func errorHARs() []errorHAR {
	idcEnd := func(status int, body string) *endPage {
		return &endPage{status: status, mime: "text/html; charset=utf-8", body: []byte(body)}
	}
	html := func(title, main string) string {
		return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>` + title + `</title></head><body>` + main + "</body></html>\n"
	}
	signedIn := func(rule string, b browser, f flowKind) errorHAR {
		return errorHAR{rule: rule, kind: "pass", file: "signed-in.har", browser: b, flow: f}
	}
	json := func(status int, body string) (int, string, []byte) { return status, "application/json", []byte(body) }
	call := func(method, u, req string, status int, mime string, body []byte) appCall {
		return appCall{method: method, url: u, jsonBody: req, status: status, mime: mime, body: body}
	}
	chatCall := func(status int, mime string, body []byte) appCall {
		return call("POST", chatApp+"/api/chat", `{"message":"What is our travel policy?"}`, status, mime, body)
	}
	tokenCall := func(status int, mime string, body []byte) appCall {
		return call("POST", chatApp+"/api/token", `{"grant":"urn:ietf:params:oauth:grant-type:jwt-bearer"}`, status, mime, body)
	}
	chatOK := chatCall(json(200, `{"conversationId":"c-0a1b","systemMessage":"Travel is booked through the portal.","sourceAttributions":[]}`))
	unspecified := nameIDFormat(nameIDUnspecified)
	userList := []string{"alice@example.com", "bob@example.com"}

	return []errorHAR{
		// error/idc-unexpected
		{rule: "error/idc-unexpected", kind: "fail", file: "nameid-unspecified.har", browser: chrome, flow: idcFlow, mutate: unspecified,
			end: idcEnd(200, string(idcErrorPage())), also: []string{"idc/nameid-format"}},
		{rule: "error/idc-unexpected", kind: "fail", file: "firefox-entities.har", browser: firefox, flow: idcFlow,
			end: &endPage{status: 200, mime: "text/html; charset=utf-8", base64: true, body: []byte(html("AWS access portal",
				`<div class="awsui-alert awsui-alert-type-error" role="alert"><h1>Error</h1>`+"\n"+
					`  <p>An&nbsp;unexpected <strong>error</strong>`+"\n      "+`has&#32;occurred</p><p>Contact your administrator for help.</p></div>`))}},
		signedIn("error/idc-unexpected", chrome, idcFlow),
		{rule: "error/idc-unexpected", kind: "pass", file: "message-in-script.har", browser: chrome, flow: idcFlow, portal: portalWithMessages(),
			calls: []appCall{call("GET", "https://d-9067c1a2b3.awsapps.com/start/assets/i18n/en.json", "", 200, "application/json", i18nBundle())}},

		// error/idc-not-you-its-us
		{rule: "error/idc-not-you-its-us", kind: "fail", file: "curly-apostrophes.har", browser: chrome, flow: idcFlow,
			end: idcEnd(500, html("AWS access portal", `<main><h1>It&rsquo;s not you, it&rsquo;s us</h1><p>We couldn&rsquo;t complete your request right now. Please try again later.</p></main>`))},
		{rule: "error/idc-not-you-its-us", kind: "fail", file: "nameid-unspecified.har", browser: firefox, flow: idcFlow, mutate: unspecified,
			end:  idcEnd(500, html("AWS access portal", "<main><h1>It’s not you, it’s us</h1><p>We couldn’t complete your request right now.</p></main>")),
			also: []string{"idc/nameid-format"}},
		signedIn("error/idc-not-you-its-us", firefox, idcFlow),
		{rule: "error/idc-not-you-its-us", kind: "pass", file: "message-in-script.har", browser: chrome, flow: idcFlow, portal: portalWithMessages()},

		// error/idc-session-token: the portal's API refuses the session.
		{rule: "error/idc-session-token", kind: "fail", file: "portal-api.har", browser: chrome, flow: idcFlow,
			calls: []appCall{call("GET", portalAPI+"/instance/appinstances", "", 401, "application/json",
				[]byte(`{"__type":"com.amazonaws.switchboard.portal#UnauthorizedException","message":"Session token not found or invalid"}`))}},
		{rule: "error/idc-session-token", kind: "pass", file: "signed-in.har", browser: chrome, flow: idcFlow,
			calls: []appCall{call("GET", portalAPI+"/instance/appinstances", "", 200, "application/json",
				[]byte(`{"paginationToken":null,"result":[{"id":"ins-1a2b3c4d5e6f7a8b","name":"Amazon Q Business","applicationName":"Amazon Q Business"}]}`))}},

		// error/idc-invalid-mfa: the user is not provisioned yet.
		{rule: "error/idc-invalid-mfa", kind: "fail", file: "not-provisioned.har", browser: chrome, flow: idcFlow, users: userList,
			mutate: nameID("carol@example.com"),
			end:    idcEnd(200, html("AWS access portal", `<div role="alert"><p>Invalid MFA credentials</p><p>Try again or contact your administrator.</p></div>`)),
			also:   []string{"idc/nameid-user"}},
		{rule: "error/idc-invalid-mfa", kind: "pass", file: "provisioned.har", browser: chrome, flow: idcFlow, users: userList},

		// error/connect-not-onboarded
		{rule: "error/connect-not-onboarded", kind: "fail", file: "not-onboarded.har", browser: chrome, flow: connectFlow,
			end: &endPage{status: 403, mime: "text/html;charset=UTF-8", body: []byte(html("Amazon Connect",
				`<div class="error"><h2>Access Denied.</h2><p>Your account has been authenticated, but has not been onboarded to this application. Please contact your administrator.</p></div>`))}},
		{rule: "error/connect-not-onboarded", kind: "fail", file: "username-case.har", browser: chrome, flow: connectFlow,
			users:  []string{"Alice@example.com", "bob@example.com"},
			mutate: errSAMLAttr(attrRoleSession, "alice@example.com"),
			end: &endPage{status: 403, mime: "text/html;charset=UTF-8", body: []byte(html("Amazon Connect",
				`<h2>Access Denied. Your account has been authenticated, but has not been onboarded to this application.</h2>`))},
			also: []string{"connect/role-session-name"}},
		signedIn("error/connect-not-onboarded", chrome, connectFlow),

		// error/connect-bad-request
		{rule: "error/connect-bad-request", kind: "fail", file: "other-role.har", browser: chrome, flow: connectFlow,
			end: &endPage{status: 400, mime: "text/html;charset=UTF-8", body: []byte(html("Bad Request",
				`<h1>Bad Request</h1><p>The request was not valid and could not be processed.</p>`))}},
		{rule: "error/connect-bad-request", kind: "fail", file: "two-roles.har", browser: chrome, flow: connectFlow,
			mutate: errSAMLAttr(attrRole, connectRole, iamRole),
			end: &endPage{status: 400, mime: "text/html;charset=UTF-8", body: []byte(html("Bad Request",
				`<h1>Bad Request</h1><p>The request was not valid and could not be processed.</p>`))},
			also: []string{"connect/single-role"}},
		signedIn("error/connect-bad-request", chrome, connectFlow),

		// error/connect-federation-token
		{rule: "error/connect-federation-token", kind: "fail", file: "no-get-federation-token.har", browser: firefox, flow: connectFlow,
			end: &endPage{status: 403, mime: "text/html;charset=UTF-8", base64: true, body: []byte(html("Amazon Connect",
				`<h2>Access denied</h2><p>Please contact your AWS account administrator for assistance.</p>`))}},
		signedIn("error/connect-federation-token", chrome, connectFlow),

		// error/iam-saml
		{rule: "error/iam-saml", kind: "fail", file: "invalid-saml-response.har", browser: chrome, flow: iamFlow,
			end: &endPage{status: 200, mime: "text/html;charset=UTF-8", body: []byte(html("Amazon Web Services Sign-In",
				`<div id="error_message"><h2>Error</h2><p>Your request included an invalid SAML response. To logout, click <a href="/logout">here</a>.</p></div>`))}},
		{rule: "error/iam-saml", kind: "fail", file: "no-role-attribute.har", browser: chrome, flow: iamFlow,
			mutate: errSAMLAttr(attrRole),
			end: &endPage{status: 200, mime: "text/html;charset=UTF-8", body: []byte(html("Amazon Web Services Sign-In",
				`<div id="error_message"><h2>Error</h2><p>Your request included an invalid SAML response. To logout, click <a href="/logout">here</a>.</p></div>`))},
			also: []string{"iam/role-attribute"}},
		{rule: "error/iam-saml", kind: "fail", file: "not-authorized.har", browser: firefox, flow: iamFlow,
			end: &endPage{status: 403, mime: "text/html;charset=UTF-8", body: []byte(html("Amazon Web Services Sign-In",
				`<div id="error_message"><h2>Error</h2><p>Not authorized to perform sts:AssumeRoleWithSAML (Service: AWSSecurityTokenService; Status Code: 403; Error Code: AccessDenied; Request ID: 4c5d6e7f-8a9b-4c0d-9e1f-2a3b4c5d6e7f)</p></div>`))}},
		signedIn("error/iam-saml", chrome, iamFlow),

		// error/invalid-grant: the chat application's token exchange.
		{rule: "error/invalid-grant", kind: "fail", file: "token-exchange.har", browser: chrome, flow: idcFlow,
			calls: []appCall{tokenCall(json(400, `{"__type":"InvalidGrantException","error":"invalid_grant","error_description":"Invalid grant provided"}`))}},
		{rule: "error/invalid-grant", kind: "pass", file: "signed-in.har", browser: chrome, flow: idcFlow,
			calls: []appCall{tokenCall(json(200, `{"expiresIn":3600,"tokenType":"Bearer"}`)), chatOK}},
		{rule: "error/invalid-grant", kind: "pass", file: "oauth-invalid-grant.har", browser: chrome, flow: idcFlow,
			calls: []appCall{call("POST", "https://idp.example.com/oauth2/v1/token", "", 400, "application/json",
				[]byte(`{"error":"invalid_grant","error_description":"The refresh token is invalid or expired."}`))}},

		// error/create-token-access-denied
		{rule: "error/create-token-access-denied", kind: "fail", file: "relayed.har", browser: chrome, flow: idcFlow,
			calls: []appCall{tokenCall(json(403, `{"error":"An error occurred (AccessDeniedException) when calling the CreateTokenWithIAM operation: You do not have sufficient access to perform this action."}`))}},
		{rule: "error/create-token-access-denied", kind: "pass", file: "signed-in.har", browser: chrome, flow: idcFlow,
			calls: []appCall{tokenCall(json(200, `{"expiresIn":3600,"tokenType":"Bearer"}`)), chatOK}},
		{rule: "error/create-token-access-denied", kind: "pass", file: "other-operation.har", browser: chrome, flow: idcFlow,
			calls: []appCall{call("GET", chatApp+"/api/conversations", "", 403, "application/json",
				[]byte(`{"error":"An error occurred (AccessDeniedException) when calling the ListConversations operation: You do not have sufficient access to perform this action."}`))}},

		// error/chatsync-access-denied
		{rule: "error/chatsync-access-denied", kind: "fail", file: "not-subscribed.har", browser: chrome, flow: idcFlow,
			calls: []appCall{tokenCall(json(200, `{"expiresIn":3600,"tokenType":"Bearer"}`)),
				chatCall(json(403, `{"error":"An error occurred (AccessDeniedException) when calling the ChatSync operation: User is not authorized for this service call."}`))}},
		{rule: "error/chatsync-access-denied", kind: "pass", file: "signed-in.har", browser: chrome, flow: idcFlow,
			calls: []appCall{tokenCall(json(200, `{"expiresIn":3600,"tokenType":"Bearer"}`)), chatOK}},
	}
}

// errSAMLAttr replaces the values of the AWS attribute name (no values:
// removes the attribute).
func errSAMLAttr(name string, values ...string) func(*respOpts) {
	return func(o *respOpts) {
		var attrs []attribute
		for _, a := range o.attrs {
			if a.name != name {
				attrs = append(attrs, a)
				continue
			}
			if len(values) > 0 {
				a.values = values
				attrs = append(attrs, a)
			}
		}
		o.attrs = attrs
	}
}

// portalWithMessages is the access portal as a single-page application
// that carries its error messages where no one reads them: in an inline
// script, in a hidden template element and in a comment.
func portalWithMessages() []byte {
	return []byte(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>AWS access portal</title>` +
		`<script>window.__MESSAGES__={"error.unexpected":"An unexpected error has occurred","error.notYou":"It's not you, it's us",` +
		`"error.mfa":"Invalid MFA credentials","error.session":"Session token not found or invalid"};</script></head>` +
		`<body><!-- An unexpected error has occurred --><div id="error-banner" hidden><p>An unexpected error has occurred</p></div>` +
		`<div id="root"></div><script src="/start/assets/main.js"></script></body></html>` + "\n")
}

// i18nBundle is the portal's translation bundle: every message it can
// show, as data.
func i18nBundle() []byte {
	var b strings.Builder
	b.WriteString(`{"locale":"en-US","messages":{`)
	msgs := []string{"An unexpected error has occurred", "It's not you, it's us", "Invalid MFA credentials", "Session token not found or invalid"}
	for i := range 80 {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `"key%02d":%q`, i, fmt.Sprintf("Label %d", i))
		if i < len(msgs) {
			fmt.Fprintf(&b, `,"message%02d":%q`, i, msgs[i])
		}
	}
	b.WriteString("}}\n")
	return []byte(b.String())
}

// chatAppPage is the chat application that exchanges the user's token with
// IAM Identity Center and calls Amazon Q Business.
func chatAppPage() []byte {
	return []byte(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Example Corp Assistant</title></head>` +
		`<body><div id="app"></div><script src="/static/app.js"></script></body></html>` + "\n")
}

// writeErrorHARs writes the HAR fixtures of the error/* rules.
func (g *generator) writeErrorHARs() error {
	assets, err := newIdPAssets()
	if err != nil {
		return err
	}
	for _, f := range errorHARs() {
		rel := path.Join("rules", f.rule, f.kind, f.file)
		data, err := f.build(g, assets)
		if err != nil {
			return fmt.Errorf("%s: %w", rel, err)
		}
		e := expect{want: slices.Clone(f.also), profile: "auto", at: checkTime()}
		if f.kind == "fail" {
			e.want = append(e.want, f.rule)
		}
		slices.Sort(e.want)
		if len(f.users) > 0 {
			e.users = "users.txt"
			if err := g.write(path.Join("rules", f.rule, f.kind, "users.txt"), []byte(strings.Join(f.users, "\n")+"\n")); err != nil {
				return err
			}
		}
		if err := g.writeWithSidecar(rel, data, e); err != nil {
			return err
		}
	}
	return nil
}

// build records the fixture's login as its browser exports it.
func (f errorHAR) build(g *generator, assets idpAssets) ([]byte, error) {
	id := path.Base(f.rule) + "-" + f.kind + "-" + strings.TrimSuffix(f.file, ".har")
	var o respOpts
	switch f.flow {
	case idcFlow:
		o = idcResponse(id)
		o.inResponseTo = "_req-" + id
	case iamFlow:
		o = iamResponse(id, iamRole)
	default:
		o = iamResponse(id, connectRole)
	}
	o.compact = true
	if f.browser == firefox {
		o.style = styleSAML2
	}
	if f.mutate != nil {
		f.mutate(&o)
	}
	xml, err := g.signedResponse(o)
	if err != nil {
		return nil, err
	}
	spec := harSpec{file: f.file, browser: f.browser, kind: f.flow, resp: o, fails: f.end != nil && f.flow == idcFlow}
	c, err := flowCapture(spec, postValue(xml), assets)
	if err != nil {
		return nil, err
	}
	x := c.exchanges
	last := &x[len(x)-1]
	if f.end != nil {
		switch f.flow {
		case idcFlow: // the error page Identity Center redirects to
			if f.end.url != "" {
				x[len(x)-2].location, last.url = f.end.url, f.end.url
			}
		default: // the ACS (IAM) or the federation endpoint (Connect) answers with the error
			x = x[:len(x)-1]
			last = &x[len(x)-1]
			last.location, last.setCookies = "", nil
		}
		last.status, last.mime, last.body, last.base64Body = f.end.status, f.end.mime, f.end.body, f.end.base64
	}
	if f.portal != nil {
		last.body = f.portal
	}
	at := last.start.Add(time.Duration(last.waitUS)*time.Microsecond + 700*time.Millisecond)
	referer := last.url
	if slices.ContainsFunc(f.calls, func(c appCall) bool { return strings.HasPrefix(c.url, chatApp+"/") }) {
		// The user opens the chat application, which then calls its API.
		referer = chatApp + "/"
		x = append(x, exchange{
			page: "page_4", start: at, method: "GET", url: referer, referer: last.url, kind: "document",
			status: 200, mime: "text/html; charset=utf-8", body: chatAppPage(), waitUS: 64210, ip: ipChatApp,
		})
		c.pages = append(c.pages, capturePage{id: "page_4", title: "Example Corp Assistant", start: at, contentUS: 412087, loadUS: 530611})
		at = at.Add(1200 * time.Millisecond)
	}
	for i, call := range f.calls {
		ip := ipChatApp
		if strings.Contains(hostOf(call.url), "amazonaws") || strings.Contains(hostOf(call.url), "awsapps") {
			ip = ipPortal
		}
		x = append(x, exchange{
			page: x[len(x)-1].page, start: at.Add(time.Duration(i) * 850 * time.Millisecond), method: call.method, url: call.url,
			referer: referer, kind: "fetch", jsonBody: call.jsonBody, status: call.status, mime: call.mime, body: call.body,
			waitUS: 183250 + int64(i)*41117, ip: ip,
		})
	}
	c.exchanges = x
	return f.browser.encode(c)
}
