package checks

import (
	"strings"

	"github.com/samlcheck/samlcheck/checks/jwt"
	"github.com/samlcheck/samlcheck/checks/scim"
	"github.com/samlcheck/samlcheck/har/capture"
)

// KindOf returns capture.DocumentSCIM or capture.DocumentJWT for a file's content that is
// a SCIM JSON document (its "schemas" names a SCIM URN) or a JWT pasted
// alone, else "".
func KindOf(data []byte) string {
	switch {
	case scim.Looks(data):
		return capture.DocumentSCIM
	case jwt.Looks(string(data)):
		if _, err := jwt.Parse(string(data)); err == nil {
			return capture.DocumentJWT
		}
	}
	return ""
}

// KeepExchange reports whether the rules may need an exchange: a SCIM
// call, a failed TLS connection, a Cognito redirect_mismatch, an OpenID
// Connect discovery or JWKS document, or anything carrying a JWT.
func KeepExchange(x *capture.Exchange) bool {
	switch {
	case strings.Contains(strings.ToLower(x.Source.URL), "/scim/v2") && scim.IsSCIMURL(x.Source.URL):
		return true
	case x.Error != "" || isBrokenSecurity(x.SecurityState):
		return true
	case strings.Contains(x.Source.URL, "redirect_mismatch") || strings.Contains(x.Location, "redirect_mismatch"):
		return true
	case strings.Contains(x.Source.URL, "/.well-known/openid-configuration"), mayBeJWKS(x.ResponseBody):
		return true
	}
	for _, s := range []string{x.Source.URL, x.Location, x.RequestBody, x.ResponseBody} {
		if hasJWT(s) {
			return true
		}
	}
	for _, f := range x.Form {
		if hasJWT(f.Value) {
			return true
		}
	}
	return false
}

// hasJWT reports a JWT-shaped value in s (a SAML value or a Base64 state
// may contain "eyJ", but not two dot-separated JSON parts).
func hasJWT(s string) bool {
	return strings.Contains(s, "eyJ") && len(jwt.Find(s)) > 0
}

func isBrokenSecurity(s string) bool {
	switch strings.ToLower(s) {
	case "broken":
		return true
	}
	return false
}

// mayBeJWKS reports a body that may be a JWKS document: a JSON object
// naming "keys" and "kty" (jwt.IsJWKS decides).
func mayBeJWKS(body string) bool {
	t := strings.TrimSpace(body[:min(len(body), 16)])
	return strings.HasPrefix(t, "{") && strings.Contains(body, `"keys"`) && strings.Contains(body, `"kty"`) && jwt.IsJWKS([]byte(body))
}
