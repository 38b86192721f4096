package main

import (
	"bytes"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/big"
	"net/url"
	"path"
	"slices"
	"strings"
	"time"
)

// This file writes the fixtures of the oidc/*, scim/*, error/scim-response,
// error/cognito-redirect-mismatch and error/cert-name-mismatch rules: JWTs
// signed with the test IdP key, SCIM documents, and HARs of a Q Business
// web login with Cognito, SCIM clients, and an ALB reached by its DNS name.

// The identities of the token fixtures (Cognito facts: the iss has no
// trailing slash; an ID token's aud is the app client id).
const (
	tokPool     = "us-east-1_Ab12Cd34E"
	tokIssuer   = "https://cognito-idp.us-east-1.amazonaws.com/" + tokPool
	tokClient   = "5n3qkmn1ej6dvl7r4ih0sample"
	tokDomain   = "https://qbiz-demo.auth.us-east-1.amazoncognito.com"
	tokApp      = "https://chat.example.com"
	tokELB      = "https://qbiz-alb-1234567890.us-east-1.elb.amazonaws.com"
	tokOIDC     = "https://oidc.us-east-1.amazonaws.com/token"
	tokQApp     = "arn:aws:sso::111122223333:application/ssoins-7223a1b2c3d4e5f6/apl-1a2b3c4d5e6f7a8b"
	tokKid      = "samlcheck-test-idp"
	scimBase    = "https://scim.us-east-1.amazonaws.com/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111/scim/v2"
	plantedCode = "PLANTED-auth-code-9f8e7d"
	plantedRT   = "PLANTED-refresh-token-eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIn0"
	plantedSCIM = "PLANTED-scim-bearer-token-4c3b2a"
)

// tokTime is the capture time of the token fixtures' logins.
func tokTime() time.Time { return time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC) }

// jwtSigner signs RS256 JWTs with the test IdP key (deterministic:
// PKCS #1 v1.5).
type jwtSigner struct{ key *rsa.PrivateKey }

func (s jwtSigner) sign(claims map[string]any) (string, error) {
	h, err := json.Marshal(map[string]any{"alg": "RS256", "kid": tokKid, "typ": "JWT"})
	if err != nil {
		return "", err
	}
	c, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	in := base64.RawURLEncoding.EncodeToString(h) + "." + base64.RawURLEncoding.EncodeToString(c)
	d := sha256.Sum256([]byte(in))
	sig, err := rsa.SignPKCS1v15(nil, s.key, crypto.SHA256, d[:])
	if err != nil {
		return "", err
	}
	return in + "." + base64.RawURLEncoding.EncodeToString(sig), nil
}

// jwks returns the JWKS document of the signer's public key.
func (s jwtSigner) jwks() []byte {
	pub := s.key.PublicKey
	doc := map[string]any{"keys": []any{map[string]any{
		"alg": "RS256", "e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(pub.E)).Bytes()), "kid": tokKid, "kty": "RSA",
		"n": base64.RawURLEncoding.EncodeToString(pub.N.Bytes()), "use": "sig",
	}}}
	b, _ := json.MarshalIndent(doc, "", "  ")
	return append(b, '\n')
}

// idClaims are the claims of a Cognito ID token issued at t.
func idClaims(t time.Time) map[string]any {
	return map[string]any{
		"at_hash": "q1w2e3r4t5y6u7i8o9p0", "aud": tokClient, "auth_time": t.Unix(), "cognito:username": "alice",
		"email": "alice@example.com", "email_verified": true, "event_id": "0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9",
		"exp": t.Add(time.Hour).Unix(), "iat": t.Unix(), "iss": tokIssuer, "jti": "7c6b5a49-3827-1605-f4e3-d2c1b0a99887",
		"origin_jti": "11223344-5566-7788-99aa-bbccddeeff00", "sub": "94a8f4c8-1071-70a6-0f3e-0123456789ab", "token_use": "id",
	}
}

// accessClaims are the claims of a Cognito access token issued at t: no
// aud, a client_id.
func accessClaims(t time.Time) map[string]any {
	return map[string]any{
		"auth_time": t.Unix(), "client_id": tokClient, "event_id": "0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9", "exp": t.Add(time.Hour).Unix(),
		"iat": t.Unix(), "iss": tokIssuer, "jti": "5e4d3c2b-1a09-f8e7-d6c5-b4a392817161", "origin_jti": "11223344-5566-7788-99aa-bbccddeeff00",
		"scope": "openid email", "sub": "94a8f4c8-1071-70a6-0f3e-0123456789ab", "token_use": "access", "username": "alice",
	}
}

func with(m map[string]any, kv ...any) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		k := kv[i].(string)
		if kv[i+1] == nil {
			delete(out, k)
		} else {
			out[k] = kv[i+1]
		}
	}
	return out
}

// fxCall is one entry of a token or SCIM HAR fixture.
type fxCall struct {
	method, url string
	reqMime     string
	reqBody     string
	auth        string // the Authorization header value, if any
	status      int
	location    string
	mime, body  string
	netError    string // Chrome's response._error
	security    string // Firefox's _securityState
}

// fxHAR writes calls as a Chrome HAR export, one second apart from tokTime.
func fxHAR(calls []fxCall) ([]byte, error) {
	type entry struct {
		SecurityState   string      `json:"_securityState,omitempty"`
		Cache           struct{}    `json:"cache"`
		Request         harRequest  `json:"request"`
		Response        harResponse `json:"response"`
		StartedDateTime string      `json:"startedDateTime"`
		Time            float64     `json:"time"`
		Timings         struct {
			Send    float64 `json:"send"`
			Wait    float64 `json:"wait"`
			Receive float64 `json:"receive"`
		} `json:"timings"`
	}
	var entries []entry
	for i, c := range calls {
		u, err := url.Parse(c.url)
		if err != nil {
			return nil, err
		}
		rq := harRequest{Method: c.method, URL: c.url, HTTPVersion: "http/2.0", Headers: []nameValue{{":authority", u.Host}, {"user-agent", chromeUA}},
			QueryString: []nameValue{}, Cookies: []any{}, HeadersSize: -1, BodySize: len(c.reqBody)}
		if c.auth != "" {
			rq.Headers = append(rq.Headers, nameValue{"authorization", c.auth})
		}
		for _, q := range queryInOrder(u.RawQuery) {
			rq.QueryString = append(rq.QueryString, nameValue(q))
		}
		if c.reqBody != "" {
			rq.Headers = append(rq.Headers, nameValue{"content-type", c.reqMime})
			rq.PostData = &postData{MimeType: c.reqMime, Text: c.reqBody}
		}
		rs := harResponse{Status: c.status, StatusText: statusText(c.status), HTTPVersion: "http/2.0", Headers: []nameValue{}, Cookies: []any{},
			Content: harContent{Size: len(c.body), MimeType: c.mime, Text: c.body}, RedirectURL: c.location, HeadersSize: -1, BodySize: len(c.body), Error: c.netError}
		if c.status == 0 {
			rs.HTTPVersion, rs.Content.MimeType, rs.BodySize = "", "x-unknown", -1
		}
		if c.mime != "" {
			rs.Headers = append(rs.Headers, nameValue{"content-type", c.mime})
		}
		if c.location != "" {
			rs.Headers = append(rs.Headers, nameValue{"location", c.location})
		}
		e := entry{SecurityState: c.security, Request: rq, Response: rs, StartedDateTime: tokTime().Add(time.Duration(i) * time.Second).Format("2006-01-02T15:04:05.000Z"), Time: 85.5}
		e.Timings.Send, e.Timings.Wait, e.Timings.Receive = 0.2, 80.1, 5.2
		entries = append(entries, e)
	}
	doc := map[string]any{"log": map[string]any{"version": "1.2", "creator": map[string]string{"name": "WebInspector", "version": "537.36"},
		"pages": []any{}, "entries": entries}}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// tokFixture is one fixture of the token and SCIM rules.
type tokFixture struct {
	rule, kind, file string
	also             []string
	flags            map[string]string
	at               time.Time
	build            func(s jwtSigner) ([]byte, error)
}

// writeTokenFixtures writes the fixtures of the token, SCIM and
// connection rules.
func (g *generator) writeTokenFixtures() error {
	kp, err := loadOrCreateKeyPair(g.keys, "idp", "samlcheck test IdP", 0x5a4d4c01)
	if err != nil {
		return err
	}
	s := jwtSigner{kp.key}
	for _, f := range tokFixtures() {
		dir := path.Join("rules", f.rule, f.kind)
		data, err := f.build(s)
		if err != nil {
			return fmt.Errorf("%s/%s: %w", dir, f.file, err)
		}
		e := expect{want: slices.Clone(f.also), profile: "auto", at: f.at, flags: f.flags}
		if f.kind == "fail" {
			e.want = append(e.want, f.rule)
		}
		slices.Sort(e.want)
		if f.flags["jwks"] != "" {
			if err := g.write(path.Join(dir, f.flags["jwks"]), s.jwks()); err != nil {
				return err
			}
		}
		if err := g.writeWithSidecar(path.Join(dir, f.file), data, e); err != nil {
			return err
		}
	}
	return nil
}

// tokenFile builds a fixture file holding one JWT.
func tokenFile(claims map[string]any) func(s jwtSigner) ([]byte, error) {
	return func(s jwtSigner) ([]byte, error) {
		t, err := s.sign(claims)
		return []byte(t + "\n"), err
	}
}

// qLogin builds a Q Business custom web experience login with Cognito:
// the authorize redirect, the code exchange at Cognito's token endpoint,
// then CreateTokenWithIAM with the token assertion picks ("id" or
// "access"), answered status with body.
func qLogin(idc map[string]any, assertion string, status int, body string) func(s jwtSigner) ([]byte, error) {
	return func(s jwtSigner) ([]byte, error) {
		t := tokTime()
		idt, err := s.sign(idc)
		if err != nil {
			return nil, err
		}
		at, err := s.sign(accessClaims(t))
		if err != nil {
			return nil, err
		}
		sent := idt
		if assertion == "access" {
			sent = at
		}
		authorize := tokDomain + "/oauth2/authorize?client_id=" + tokClient + "&redirect_uri=" + url.QueryEscape(tokApp+"/callback") + "&response_type=code&scope=openid+email&state=st4t3"
		calls := []fxCall{
			{method: "GET", url: tokApp + "/", status: 302, location: authorize, mime: "text/html", body: ""},
			{method: "GET", url: authorize, status: 302, location: tokApp + "/callback?code=" + plantedCode + "&state=st4t3"},
			{method: "GET", url: tokApp + "/callback?code=" + plantedCode + "&state=st4t3", status: 200, mime: "text/html", body: "<!doctype html><html><head><title>Chat</title></head><body><div id=root></div></body></html>"},
			{method: "POST", url: tokDomain + "/oauth2/token", reqMime: "application/x-www-form-urlencoded",
				reqBody: "grant_type=authorization_code&client_id=" + tokClient + "&code=" + plantedCode + "&redirect_uri=" + url.QueryEscape(tokApp+"/callback"),
				status:  200, mime: "application/json",
				body: jsonText(map[string]any{"access_token": at, "expires_in": 3600, "id_token": idt, "refresh_token": plantedRT, "token_type": "Bearer"})},
			{method: "POST", url: tokOIDC, reqMime: "application/json",
				reqBody: jsonText(map[string]any{"assertion": sent, "clientId": tokQApp, "grantType": "urn:ietf:params:oauth:grant-type:jwt-bearer"}),
				status:  status, mime: "application/json", body: body},
		}
		return fxHAR(calls)
	}
}

const (
	invalidGrantBody = `{"__type":"InvalidGrantException","error":"invalid_grant","error_description":"Invalid grant provided"}`
	grantOKBody      = `{"accessToken":"PLANTED-idc-access-token-1a2b3c","expiresIn":3600,"idToken":"PLANTED-idc-id-token-3c2b1a","refreshToken":"PLANTED-idc-refresh-token-7d8e9f","tokenType":"Bearer"}`
)

// scimUser is a complete User as Identity Center accepts it.
func scimUser() map[string]any {
	return map[string]any{
		"schemas": []string{"urn:ietf:params:scim:schemas:core:2.0:User"}, "externalId": "701984", "userName": "alice@example.com",
		"name": map[string]any{"familyName": "Liddell", "givenName": "Alice"}, "displayName": "Alice Liddell", "active": true,
		"emails":       []any{map[string]any{"primary": true, "type": "work", "value": "alice@example.com"}},
		"phoneNumbers": []any{map[string]any{"type": "work", "value": "+1 555 0100"}},
	}
}

func jsonFile(v any) func(jwtSigner) ([]byte, error) {
	return func(jwtSigner) ([]byte, error) {
		b, err := json.MarshalIndent(v, "", "  ")
		return append(b, '\n'), err
	}
}

func scimHAR(calls ...fxCall) func(jwtSigner) ([]byte, error) {
	return func(jwtSigner) ([]byte, error) { return fxHAR(calls) }
}

func scimError(status int, detail string) string {
	return jsonText(map[string]any{"schemas": []string{"urn:ietf:params:scim:api:messages:2.0:Error"}, "status": fmt.Sprint(status), "detail": detail})
}

func members(n int) []any {
	var out []any
	for i := range n {
		out = append(out, map[string]any{"value": fmt.Sprintf("9067729b3d-%08d", i)})
	}
	return out
}

func tokFixtures() []tokFixture {
	t := tokTime()
	idc := idClaims(t)
	tti := map[string]string{"trusted-token-issuer": tokIssuer, "token-audience": tokClient}
	ttiSlash := map[string]string{"trusted-token-issuer": tokIssuer + "/", "token-audience": tokClient}
	bearer := "Bearer " + plantedSCIM
	user := scimUser()
	post := func(body any, status int, resp string) fxCall {
		return fxCall{method: "POST", url: scimBase + "/Users", reqMime: "application/scim+json", reqBody: jsonText(body), auth: bearer, status: status, mime: "application/json", body: resp}
	}
	created := jsonText(with(user, "id", "9067729b3d-94f1e0a4-0b5c-4a5e-9d1c-EXAMPLE22222", "meta", map[string]any{"resourceType": "User"}))
	return []tokFixture{
		// oidc/issuer: the Q Business login with Cognito; the trusted token
		// issuer entered with and without the trailing slash.
		{rule: "oidc/issuer", kind: "fail", file: "qbusiness-cognito-trailing-slash.har", also: []string{"error/invalid-grant"}, flags: ttiSlash,
			build: qLogin(idc, "id", 400, invalidGrantBody)},
		{rule: "oidc/issuer", kind: "fail", file: "well-known-suffix.jwt",
			flags: map[string]string{"trusted-token-issuer": tokIssuer + "/.well-known/openid-configuration"}, build: tokenFile(idc)},
		{rule: "oidc/issuer", kind: "pass", file: "qbusiness-cognito.har", flags: tti, build: qLogin(idc, "id", 200, grantOKBody)},
		// Without the flag, the discovery document in the same capture
		// says what the issuer is (an IdP whose tokens carry a trailing
		// slash its discovery document does not).
		{rule: "oidc/issuer", kind: "fail", file: "discovery-in-capture.har", also: []string{"error/invalid-grant"}, build: func(s jwtSigner) ([]byte, error) {
			const okta = "https://login.example.com/oauth2/default"
			idt, err := s.sign(with(idc, "iss", okta+"/", "token_use", nil))
			if err != nil {
				return nil, err
			}
			return fxHAR([]fxCall{
				{method: "GET", url: okta + "/.well-known/openid-configuration", status: 200, mime: "application/json",
					body: jsonText(map[string]any{"authorization_endpoint": okta + "/v1/authorize", "issuer": okta, "jwks_uri": okta + "/v1/keys"})},
				{method: "POST", url: tokOIDC, reqMime: "application/json",
					reqBody: jsonText(map[string]any{"assertion": idt, "clientId": tokQApp, "grantType": "urn:ietf:params:oauth:grant-type:jwt-bearer"}),
					status:  400, mime: "application/json", body: invalidGrantBody},
			})
		}},
		// oidc/audience: an access token where the ID token belongs.
		{rule: "oidc/audience", kind: "fail", file: "qbusiness-cognito-access-token.har", also: []string{"error/invalid-grant", "oidc/claim"}, flags: tti,
			build: qLogin(idc, "access", 400, invalidGrantBody)},
		{rule: "oidc/audience", kind: "fail", file: "other-client.jwt", flags: map[string]string{"token-audience": "1example23456789"}, build: tokenFile(idc)},
		{rule: "oidc/audience", kind: "pass", file: "id-token.jwt", flags: map[string]string{"token-audience": "1example23456789," + tokClient}, build: tokenFile(idc)},
		// oidc/claim.
		{rule: "oidc/claim", kind: "fail", file: "no-email.jwt", build: tokenFile(with(idc, "email", nil, "email_verified", nil))},
		{rule: "oidc/claim", kind: "fail", file: "empty-upn.jwt", flags: map[string]string{"token-claim": "upn"}, build: tokenFile(with(idc, "upn", ""))},
		{rule: "oidc/claim", kind: "pass", file: "id-token.jwt", flags: map[string]string{"token-claim": "email"}, build: tokenFile(idc)},
		// oidc/token-time: a token checked at a time after its exp.
		{rule: "oidc/token-time", kind: "fail", file: "expired.jwt", at: t.Add(2 * time.Hour), build: tokenFile(idc)},
		{rule: "oidc/token-time", kind: "pass", file: "id-token.jwt", at: t.Add(10 * time.Minute), build: tokenFile(idc)},
		// A token issued two hours before the capture, exchanged after its
		// exp (the capture time of the entry is the reference).
		{rule: "oidc/token-time", kind: "fail", file: "qbusiness-cognito-expired.har", also: []string{"error/invalid-grant"}, flags: tti,
			build: qLogin(idClaims(t.Add(-2*time.Hour)), "id", 400, invalidGrantBody)},
		// oidc/signature: with the JWKS given as a file; claims changed
		// after signing.
		{rule: "oidc/signature", kind: "fail", file: "altered.jwt", flags: map[string]string{"jwks": "jwks.json"}, build: func(s jwtSigner) ([]byte, error) {
			good, err := s.sign(idc)
			if err != nil {
				return nil, err
			}
			forged, err := s.sign(with(idc, "email", "mallory@example.com"))
			if err != nil {
				return nil, err
			}
			g, f := strings.Split(good, "."), strings.Split(forged, ".")
			return []byte(g[0] + "." + f[1] + "." + g[2] + "\n"), nil
		}},
		{rule: "oidc/signature", kind: "pass", file: "id-token.jwt", flags: map[string]string{"jwks": "jwks.json"}, build: tokenFile(idc)},
		{rule: "oidc/signature", kind: "pass", file: "jwks-in-capture.har", flags: tti, build: func(s jwtSigner) ([]byte, error) {
			idt, err := s.sign(idc)
			if err != nil {
				return nil, err
			}
			return fxHAR([]fxCall{
				{method: "GET", url: tokIssuer + "/.well-known/openid-configuration", status: 200, mime: "application/json",
					body: jsonText(map[string]any{"authorization_endpoint": tokDomain + "/oauth2/authorize", "issuer": tokIssuer, "jwks_uri": tokIssuer + "/.well-known/jwks.json"})},
				{method: "GET", url: tokIssuer + "/.well-known/jwks.json", status: 200, mime: "application/json", body: string(s.jwks())},
				{method: "POST", url: tokOIDC, reqMime: "application/json",
					reqBody: jsonText(map[string]any{"assertion": idt, "clientId": tokQApp, "grantType": "urn:ietf:params:oauth:grant-type:jwt-bearer"}),
					status:  200, mime: "application/json", body: grantOKBody},
			})
		}},
		// error/cognito-redirect-mismatch: the application reached at the
		// load balancer's DNS name.
		{rule: "error/cognito-redirect-mismatch", kind: "fail", file: "alb-redirect-mismatch.har", build: scimHAR(
			fxCall{method: "GET", url: tokELB + "/", status: 302, location: tokDomain + "/oauth2/authorize?client_id=" + tokClient + "&redirect_uri=" + url.QueryEscape(tokELB+"/oauth2/idpresponse") + "&response_type=code&scope=openid&state=abc"},
			fxCall{method: "GET", url: tokDomain + "/oauth2/authorize?client_id=" + tokClient + "&redirect_uri=" + url.QueryEscape(tokELB+"/oauth2/idpresponse") + "&response_type=code&scope=openid&state=abc",
				status: 302, location: tokDomain + "/error?error=redirect_mismatch&client_id=" + tokClient},
			fxCall{method: "GET", url: tokDomain + "/error?error=redirect_mismatch&client_id=" + tokClient, status: 400, mime: "text/html",
				body: "<!DOCTYPE html><html><head><title>Error</title></head><body><h1>An error was encountered with the requested page.</h1><p>redirect_mismatch</p></body></html>"},
		)},
		{rule: "error/cognito-redirect-mismatch", kind: "pass", file: "alb-custom-domain.har", build: scimHAR(
			fxCall{method: "GET", url: tokApp + "/", status: 302, location: tokDomain + "/oauth2/authorize?client_id=" + tokClient + "&redirect_uri=" + url.QueryEscape(tokApp+"/oauth2/idpresponse") + "&response_type=code&scope=openid&state=abc"},
			fxCall{method: "GET", url: tokDomain + "/oauth2/authorize?client_id=" + tokClient + "&redirect_uri=" + url.QueryEscape(tokApp+"/oauth2/idpresponse") + "&response_type=code&scope=openid&state=abc",
				status: 302, location: tokApp + "/oauth2/idpresponse?code=" + plantedCode + "&state=abc"},
			fxCall{method: "GET", url: tokApp + "/oauth2/idpresponse?code=" + plantedCode + "&state=abc", status: 302, location: tokApp + "/"},
		)},
		// error/cert-name-mismatch: Chrome refusing the ALB's certificate.
		{rule: "error/cert-name-mismatch", kind: "fail", file: "chrome-elb-cert.har", build: scimHAR(
			fxCall{method: "GET", url: strings.Replace(tokELB, "https:", "http:", 1) + "/", status: 301, location: tokELB + "/", mime: "text/html",
				body: "<html>\r\n<head><title>301 Moved Permanently</title></head>\r\n<body>\r\n<center><h1>301 Moved Permanently</h1></center>\r\n</body>\r\n</html>\r\n"},
			fxCall{method: "GET", url: tokELB + "/", status: 0, netError: "net::ERR_CERT_COMMON_NAME_INVALID"})},
		{rule: "error/cert-name-mismatch", kind: "fail", file: "firefox-broken.har", build: scimHAR(
			fxCall{method: "GET", url: strings.Replace(tokELB, "https:", "http:", 1) + "/", status: 301, location: tokELB + "/", mime: "text/html",
				body: "<html><head><title>301 Moved Permanently</title></head><body><center><h1>301 Moved Permanently</h1></center></body></html>", security: "insecure"},
			fxCall{method: "GET", url: tokELB + "/", status: 0, security: "broken"})},
		{rule: "error/cert-name-mismatch", kind: "pass", file: "chrome-custom-domain.har", build: scimHAR(
			fxCall{method: "GET", url: tokApp + "/", status: 200, mime: "text/html", body: "<!doctype html><html><body>ok</body></html>"})},
		// scim/*: documents as files (an IdP's provisioning mapping checked
		// in CI) and SCIM client HARs.
		{rule: "scim/required-attributes", kind: "fail", file: "user-no-names.json", build: jsonFile(with(user, "name", nil, "displayName", ""))},
		{rule: "scim/required-attributes", kind: "pass", file: "user.json", build: jsonFile(user)},
		{rule: "scim/single-value", kind: "fail", file: "user-two-phones.json", build: jsonFile(with(user, "phoneNumbers",
			[]any{map[string]any{"type": "work", "value": "+1 555 0100"}, map[string]any{"type": "home", "value": "+1 555 0199"}}))},
		{rule: "scim/single-value", kind: "pass", file: "user.json", build: jsonFile(user)},
		{rule: "scim/primary-email", kind: "fail", file: "user-email-not-primary.json", build: jsonFile(with(user, "emails", []any{map[string]any{"type": "work", "value": "alice@example.com"}}))},
		{rule: "scim/primary-email", kind: "pass", file: "user.json", build: jsonFile(user)},
		{rule: "scim/unsupported-attribute", kind: "fail", file: "user-photos.json", build: jsonFile(with(user, "photos", []any{map[string]any{"type": "photo", "value": "https://example.com/alice.jpg"}},
			"emails", []any{map[string]any{"display": "Alice", "primary": true, "type": "work", "value": "alice@example.com"}}))},
		{rule: "scim/unsupported-attribute", kind: "pass", file: "user.json", build: jsonFile(user)},
		{rule: "scim/user-name", kind: "fail", file: "user-administrator.json", build: jsonFile(with(user, "userName", "Administrator"))},
		{rule: "scim/user-name", kind: "pass", file: "user.json", build: jsonFile(user)},
		{rule: "scim/patch", kind: "fail", file: "patch-remove-without-path.json", build: jsonFile(map[string]any{"schemas": []string{"urn:ietf:params:scim:api:messages:2.0:PatchOp"},
			"Operations": []any{map[string]any{"op": "remove"}, map[string]any{"op": "Remove", "path": "active"}}})},
		{rule: "scim/patch", kind: "pass", file: "patch-disable.json", build: jsonFile(map[string]any{"schemas": []string{"urn:ietf:params:scim:api:messages:2.0:PatchOp"},
			"Operations": []any{map[string]any{"op": "replace", "path": "active", "value": false}}})},
		{rule: "scim/group-members", kind: "fail", file: "group-150-members.json", build: jsonFile(map[string]any{"schemas": []string{"urn:ietf:params:scim:schemas:core:2.0:Group"},
			"displayName": "Engineering", "members": members(150)})},
		{rule: "scim/group-members", kind: "fail", file: "patch-replace-members.har", build: scimHAR(fxCall{method: "PATCH", url: scimBase + "/Groups/9067729b3d-a1b2c3d4", reqMime: "application/scim+json", auth: bearer,
			reqBody: jsonText(map[string]any{"schemas": []string{"urn:ietf:params:scim:api:messages:2.0:PatchOp"}, "Operations": []any{map[string]any{"op": "replace", "path": "members", "value": members(3)}}}),
			status:  204})},
		{rule: "scim/group-members", kind: "pass", file: "group.json", build: jsonFile(map[string]any{"schemas": []string{"urn:ietf:params:scim:schemas:core:2.0:Group"},
			"displayName": "Engineering", "members": members(100)})},
		{rule: "scim/filter", kind: "fail", file: "scim-client-filter.har", build: scimHAR(
			fxCall{method: "GET", url: scimBase + "/Users?filter=" + url.QueryEscape(`emails.value co "alice"`) + "&startIndex=1&count=100", auth: bearer, status: 400, mime: "application/json",
				body: scimError(400, "Request is unparsable, syntactically incorrect, or violates schema.")}), also: []string{"error/scim-response"}},
		{rule: "scim/filter", kind: "pass", file: "scim-client-match.har", build: scimHAR(
			fxCall{method: "GET", url: scimBase + "/Users?filter=" + url.QueryEscape(`userName eq "alice@example.com"`), auth: bearer, status: 200, mime: "application/json",
				body: jsonText(map[string]any{"schemas": []string{"urn:ietf:params:scim:api:messages:2.0:ListResponse"}, "totalResults": 0, "Resources": []any{}})})},
		{rule: "scim/endpoint", kind: "fail", file: "scim-trailing-slash.har", build: scimHAR(fxCall{method: "POST", url: scimBase + "//Users", reqMime: "application/scim+json",
			reqBody: jsonText(user), auth: bearer, status: 404, mime: "application/json", body: `{"message":"Not Found"}`}), also: []string{"error/scim-response"}},
		{rule: "scim/endpoint", kind: "pass", file: "scim-client-201.har", build: scimHAR(post(user, 201, created))},
		// error/scim-response: the 400, 409 and 401 a SCIM client meets.
		{rule: "error/scim-response", kind: "fail", file: "scim-client-400.har", also: []string{"scim/required-attributes", "scim/single-value"}, build: scimHAR(
			post(with(user, "name", map[string]any{"givenName": "Alice"}, "emails", []any{map[string]any{"primary": true, "value": "alice@example.com"}, map[string]any{"value": "a.liddell@example.org"}}),
				400, scimError(400, "Request is unparsable, syntactically incorrect, or violates schema.")))},
		{rule: "error/scim-response", kind: "fail", file: "scim-client-409.har", build: scimHAR(post(user, 409, scimError(409, "User already exists.")))},
		{rule: "error/scim-response", kind: "fail", file: "scim-client-401.har", build: scimHAR(
			fxCall{method: "GET", url: scimBase + "/Users?filter=" + url.QueryEscape(`userName eq "alice@example.com"`), auth: "Bearer PLANTED-expired-scim-token-0a0b0c", status: 401, mime: "application/json",
				body: scimError(401, "Authorization header is invalid or missing.")})},
		{rule: "error/scim-response", kind: "fail", file: "scim-client-429.har", build: scimHAR(
			fxCall{method: "PATCH", url: scimBase + "/Users/9067729b3d-94f1e0a4", reqMime: "application/scim+json", auth: bearer,
				reqBody: jsonText(map[string]any{"schemas": []string{"urn:ietf:params:scim:api:messages:2.0:PatchOp"}, "Operations": []any{map[string]any{"op": "replace", "path": "displayName", "value": "Alice L."}}}),
				status:  429, mime: "application/json", body: scimError(429, "Rate exceeded")})},
		{rule: "error/scim-response", kind: "pass", file: "scim-client-201.har", build: scimHAR(post(user, 201, created))},
	}
}
