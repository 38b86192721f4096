package checks

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/samlcheck/samlcheck/checks/jwt"
	"github.com/samlcheck/samlcheck/har/capture"
	"github.com/samlcheck/samlcheck/saml/binding"
)

// TokenConfig is what the oidc/* rules check the JWTs of trusted identity
// propagation against. The zero value checks the claim "email" and takes
// the issuer and keys only from documents in the capture.
type TokenConfig struct {
	// Issuer is the trusted token issuer's URL as configured in IAM
	// Identity Center (--trusted-token-issuer).
	Issuer string
	// Audiences are the audiences configured on the application's grant
	// (--token-audience, repeatable).
	Audiences []string
	// Claim is the JWT claim the trusted token issuer's attribute mapping
	// reads (--token-claim); "" means DefaultTokenClaim.
	Claim string
	// KeySets are JWKS documents given as files (--jwks).
	KeySets []*jwt.KeySet
}

// DefaultTokenClaim is the claim checked when TokenConfig.Claim is empty.
const DefaultTokenClaim = "email"

func (c *TokenConfig) claim() string {
	if c.Claim != "" {
		return c.Claim
	}
	return DefaultTokenClaim
}

// foundToken is a JWT found in a capture, where it was found, and whether
// it is the one that was exchanged.
type foundToken struct {
	tok *jwt.Token
	// x is the exchange it came from; nil for a pasted file (doc is set).
	x   *capture.Exchange
	doc *capture.Document
	// where says where in the exchange: "the assertion of the request
	// body", "id_token in the URL fragment of the redirect".
	where string
	// field is the name of the parameter or JSON member ("" unknown).
	field string
	// exchanged reports a token sent to a token endpoint to be exchanged
	// (CreateTokenWithIAM's assertion, a jwt-bearer grant, a token
	// exchange's subject_token).
	exchanged bool
}

// entry returns the HAR entry index, or -1.
func (t *foundToken) entry() int {
	if t.x != nil {
		return t.x.Source.Entry
	}
	return -1
}

// started is the capture time of the token's entry (zero for a file).
func (t *foundToken) started() time.Time {
	if t.x != nil {
		return t.x.Source.Started
	}
	return time.Time{}
}

// describe says which token it is, for findings: where it was found, its
// issuer and kind, never the token itself.
func (t *foundToken) describe() string {
	kind := t.kind()
	var where string
	if t.x != nil {
		where = fmt.Sprintf("entry %d (%s %s): %s", t.x.Source.Entry, t.x.Source.Method, binding.WithoutQuery(t.x.Source.URL), t.where)
	} else {
		where = "file " + t.doc.Source.File
	}
	return fmt.Sprintf("the %s in %s", kind, where)
}

// kind is "ID token", "access token" (Cognito's token_use, or the
// parameter that carried it) or "JWT".
func (t *foundToken) kind() string {
	switch {
	case t.tok.TokenUse() == "id", t.tok.TokenUse() == "" && t.field == "id_token":
		return "ID token"
	case t.tok.TokenUse() == "access", t.tok.TokenUse() == "" && t.field == "access_token":
		return "access token"
	}
	return "JWT"
}

// exchangeFields are the parameters that carry a token sent for exchange.
var exchangeFields = []string{"assertion", "subject_token"}

// capturedTokens returns the JWTs of a capture, each once (at its first
// sighting, but marked exchanged if any sighting was).
func capturedTokens(c *capture.Capture) []*foundToken {
	var out []*foundToken
	index := map[string]*foundToken{}
	add := func(raw string, x *capture.Exchange, doc *capture.Document, where, field string) {
		exchanged := slices.Contains(exchangeFields, field) && isTokenExchange(x)
		if prev, ok := index[raw]; ok {
			if exchanged && !prev.exchanged {
				prev.exchanged, prev.where, prev.field, prev.x = true, where, field, x
			}
			return
		}
		tok, err := jwt.Parse(raw)
		if err != nil {
			return
		}
		ft := &foundToken{tok: tok, x: x, doc: doc, where: where, field: field, exchanged: exchanged}
		index[raw] = ft
		out = append(out, ft)
	}
	for i := range c.Documents {
		d := &c.Documents[i]
		if d.Kind == capture.DocumentJWT {
			add(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(d.Text), "Bearer ")), nil, d, "", "")
		}
	}
	for i := range c.Exchanges {
		x := &c.Exchanges[i]
		for _, f := range x.Form {
			for _, raw := range jwt.Find(f.Value) {
				add(raw, x, nil, "form field "+f.Name+" of the request", f.Name)
			}
		}
		walkParams := func(raw, what string) {
			u, err := url.Parse(raw)
			if err != nil {
				return
			}
			for _, pq := range [][2]string{{"query", u.RawQuery}, {"fragment", u.Fragment}} {
				part, q := pq[0], pq[1]
				vals, err := url.ParseQuery(q)
				if err != nil {
					continue
				}
				for _, name := range slices.Sorted(mapsKeys(vals)) {
					for _, v := range vals[name] {
						for _, t := range jwt.Find(v) {
							add(t, x, nil, name+" in the "+part+" of "+what, name)
						}
					}
				}
			}
		}
		walkParams(x.Source.URL, "the request URL")
		if x.Location != "" {
			walkParams(x.Location, "the redirect (Location)")
		}
		walkBody := func(body, mime, what string) {
			if body == "" {
				return
			}
			if strings.HasPrefix(strings.TrimSpace(body), "{") {
				var m map[string]any
				if json.Unmarshal([]byte(body), &m) == nil {
					walkJSON(m, "", func(key, v string) {
						for _, t := range jwt.Find(v) {
							add(t, x, nil, "member "+key+" of the JSON "+what, key)
						}
					})
					return
				}
			}
			if strings.Contains(strings.ToLower(mime), "x-www-form-urlencoded") {
				if vals, err := url.ParseQuery(body); err == nil {
					for _, name := range slices.Sorted(mapsKeys(vals)) {
						for _, v := range vals[name] {
							for _, t := range jwt.Find(v) {
								add(t, x, nil, "form field "+name+" of the "+what, name)
							}
						}
					}
					return
				}
			}
			for _, t := range jwt.Find(body) {
				add(t, x, nil, "the "+what, "")
			}
		}
		walkBody(x.RequestBody, x.RequestMime, "request body")
		walkBody(x.ResponseBody, x.ResponseMime, "response body")
	}
	return out
}

func mapsKeys(v url.Values) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range v {
			if !yield(k) {
				return
			}
		}
	}
}

// walkJSON calls f with each string member of a JSON value, its key the
// member's name (the last path element).
func walkJSON(v any, key string, f func(key, v string)) {
	switch x := v.(type) {
	case map[string]any:
		for _, k := range slices.Sorted(func(yield func(string) bool) {
			for k := range x {
				if !yield(k) {
					return
				}
			}
		}) {
			walkJSON(x[k], k, f)
		}
	case []any:
		for _, e := range x {
			walkJSON(e, key, f)
		}
	case string:
		f(key, x)
	}
}

// judgedTokens returns the tokens the oidc/* rules judge: those sent to be
// exchanged, when the capture holds any; else the tokens pasted alone,
// and, when the configuration says what to expect of them (a trusted token
// issuer, audiences or keys), the ID tokens. A capture of some other OIDC
// login is not judged against trusted identity propagation's needs, and an
// access token that was only received is never judged: it is meant for
// the provider's own APIs.
func judgedTokens(cfg *Config, all []*foundToken) []*foundToken {
	var ex []*foundToken
	for _, t := range all {
		if t.exchanged {
			ex = append(ex, t)
		}
	}
	if len(ex) > 0 {
		return ex
	}
	expect := cfg != nil && (cfg.Tokens.Issuer != "" || len(cfg.Tokens.Audiences) > 0 || len(cfg.Tokens.KeySets) > 0)
	var out []*foundToken
	for _, t := range all {
		switch {
		case t.doc != nil:
			out = append(out, t)
		case !expect:
		case t.field == "id_token", t.tok.TokenUse() == "id":
			out = append(out, t)
		case t.tok.TokenUse() == "" && t.tok.Audience() != nil && t.field != "access_token" && t.field != "refresh_token":
			out = append(out, t)
		}
	}
	return out
}

// isTokenExchange reports a request that exchanges a JWT: one to IAM
// Identity Center's OIDC endpoint (CreateTokenWithIAM), or with a JWT
// bearer or token exchange grant type (RFC 7523, RFC 8693).
func isTokenExchange(x *capture.Exchange) bool {
	if x == nil {
		return false
	}
	if u, err := url.Parse(x.Source.URL); err == nil && oidcHost.MatchString(strings.ToLower(u.Hostname())) {
		return true
	}
	return strings.Contains(x.RequestBody, "grant-type:jwt-bearer") || strings.Contains(x.RequestBody, "grant-type:token-exchange")
}

// oidcHost matches IAM Identity Center's OIDC service: oidc.<region>.amazonaws.com.
var oidcHost = regexp.MustCompile(`^oidc\.[a-z]{2}(-gov)?-[a-z]+-\d\.amazonaws\.com$`)

// discoveryDoc is an OpenID Connect discovery document found in a capture.
type discoveryDoc struct {
	d *jwt.Discovery
	x *capture.Exchange
}

// describe names the document: the entry and URL it was captured from.
func (d discoveryDoc) describe() string {
	return fmt.Sprintf("the discovery document of entry %d (%s)", d.x.Source.Entry, binding.WithoutQuery(d.x.Source.URL))
}

// capturedDiscovery returns the discovery documents of the capture.
func capturedDiscovery(c *capture.Capture) []discoveryDoc {
	var out []discoveryDoc
	for i := range c.Exchanges {
		x := &c.Exchanges[i]
		if x.Source.Status >= 300 || x.ResponseBody == "" {
			continue
		}
		if d, ok := jwt.ParseDiscovery(binding.WithoutQuery(x.Source.URL), []byte(x.ResponseBody)); ok {
			out = append(out, discoveryDoc{d, x})
		}
	}
	return out
}

// capturedKeySets returns the JWKS documents of the capture, then those of
// the configuration.
func capturedKeySets(c *capture.Capture, cfg *Config) []*jwt.KeySet {
	var out []*jwt.KeySet
	for i := range c.Exchanges {
		x := &c.Exchanges[i]
		if x.Source.Status >= 300 || !jwt.IsJWKS([]byte(x.ResponseBody)) {
			continue
		}
		ks, err := jwt.ParseJWKS(fmt.Sprintf("the JWKS of entry %d (%s)", x.Source.Entry, binding.WithoutQuery(x.Source.URL)), []byte(x.ResponseBody))
		if err == nil {
			out = append(out, ks)
		}
	}
	return append(out, cfg.Tokens.KeySets...)
}

// tokenFinding returns a finding about a token, located at its entry.
func tokenFinding(t *foundToken, msg string) Finding {
	f := Finding{Message: msg, Location: Location{Entry: t.entry(), MessageIndex: -1}}
	if t.doc != nil {
		f.Location.File = t.doc.Source.File
	}
	return f
}

// oidcCheck is the check of one oidc/* rule on one judged token, pure so
// that error/invalid-grant can name the findings as causes.
type oidcCheck func(cfg *Config, c *capture.Capture, t *foundToken) []Finding

// runOIDC is the RunCapture of the oidc/* rules: check on each judged
// token.
func runOIDC(check oidcCheck) func(p *CapturePass) {
	return func(p *CapturePass) {
		for _, t := range judgedTokens(p.Config, capturedTokens(p.Capture)) {
			for _, f := range check(p.Config, p.Capture, t) {
				p.Report(f)
			}
		}
	}
}

// oidcRefs are the sources the oidc/* rules share.
var (
	refTTISettings = ttiSettings.at("OIDC discovery endpoint URL (issuer URL)")
	refTTIAttrs    = ttiSettings.at("Attribute mapping")
	refSetupTTI    = Ref{Title: "IAM Identity Center User Guide: Setting up a trusted token issuer",
		URL: "https://docs.aws.amazon.com/singlesignon/latest/userguide/setuptrustedtokenissuer.html", Section: "Setting up a trusted token issuer"}
	refOidcJwt = Ref{Title: "IAM Identity Center API Reference: OidcJwtConfiguration",
		URL: "https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_OidcJwtConfiguration.html", Section: "IssuerUrl; ClaimAttributePath"}
	refAuthorizedIssuer = Ref{Title: "IAM Identity Center API Reference: AuthorizedTokenIssuer",
		URL: "https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_AuthorizedTokenIssuer.html", Section: "AuthorizedAudiences"}
	refCreateTokenWithIAM = createTokenWithIAM.at("Request Parameters: assertion; Errors: InvalidGrantException")
	refCognitoIDToken     = Ref{Title: "Amazon Cognito Developer Guide: Understanding the identity (ID) token",
		URL: "https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-id-token.html", Section: "ID token payload (iss, aud, token_use)"}
	refCognitoAccessToken = Ref{Title: "Amazon Cognito Developer Guide: Understanding the access token",
		URL: "https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-access-token.html", Section: "Access token payload (client_id, token_use)"}
	refRFC7519 = Ref{Title: "RFC 7519: JSON Web Token (JWT)", URL: "https://www.rfc-editor.org/rfc/rfc7519", Section: "4.1.4 \"exp\", 4.1.5 \"nbf\", 4.1.6 \"iat\""}
	refRFC7515 = Ref{Title: "RFC 7515: JSON Web Signature (JWS)", URL: "https://www.rfc-editor.org/rfc/rfc7515", Section: "5.2 Message Signature or MAC Validation"}
	refRFC7517 = Ref{Title: "RFC 7517: JSON Web Key (JWK)", URL: "https://www.rfc-editor.org/rfc/rfc7517", Section: "5 JWK Set Format"}
)

// oidcRules are the rules of trusted identity propagation's JWTs and of
// the Cognito and load balancer sign-in errors.
var oidcRules = []*Rule{
	certNameMismatchRule,
	cognitoRedirectMismatchRule,
	oidcAudienceRule,
	oidcClaimRule,
	oidcIssuerRule,
	oidcSignatureRule,
	oidcTokenTimeRule,
}
