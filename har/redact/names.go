package redact

import "strings"

// Placeholder replaces every removed secret. It is plain ASCII letters, so
// it reads the same in a URL, a form body, HTML and JSON.
const Placeholder = "REDACTED"

// Count kinds: the keys of [Receipt.Counts] and of the marker's counts.
const (
	CountCookie        = "cookie-values"             // request and response cookies, Cookie and Set-Cookie headers
	CountAuthorization = "authorization-headers"     // Authorization, Proxy-Authorization
	CountSecretHeader  = "secret-headers"            // X-Amz-Security-Token, X-CSRF-Token and other token headers
	CountPassword      = "passwords"                 // password fields of forms, queries and JSON
	CountCode          = "oauth-codes"               // code parameters (OAuth authorization codes)
	CountToken         = "tokens"                    // other token, secret and session-id parameters and JSON fields
	CountJWT           = "jwts"                      // JSON Web Tokens anywhere in text
	CountBearer        = "bearer-tokens"             // "Bearer …" anywhere in text
	CountAccessKey     = "aws-access-key-ids"        // AKIA…/ASIA… key ids
	CountRepeated      = "repeated-secrets"          // removed values found again elsewhere (a cookie value echoed in a URL)
	CountNameID        = "nameids"                   // NameID values in SAML messages
	CountIdentityAttr  = "identity-attribute-values" // RoleSessionName, e-mail and user-name attribute values
	CountEmail         = "email-addresses"           // e-mail addresses anywhere else
	CountUser          = "user-names"                // username/login/user fields, and user names met again in bodies
	CountAccount       = "aws-account-ids"           // account ids in ARNs, and met again in bodies
	CountSAMLRewritten = "saml-messages-rewritten"   // SAML values re-encoded with pseudonyms
	CountSAMLKept      = "saml-messages-unchanged"   // SAML values with nothing to replace, left byte for byte
	CountSAMLUnread    = "saml-values-undecodable"   // SAML values that do not decode, left as found
)

// countLabels names the kinds for people, in receipt order.
var countLabels = []struct{ kind, label string }{
	{CountCookie, "cookie values"},
	{CountAuthorization, "Authorization headers"},
	{CountSecretHeader, "token headers (X-Amz-Security-Token, X-CSRF-Token, …)"},
	{CountPassword, "passwords"},
	{CountCode, "OAuth codes"},
	{CountToken, "tokens, secrets and session ids in parameters and JSON"},
	{CountJWT, "JSON Web Tokens (signatures; claims kept, identities pseudonymised)"},
	{CountBearer, "bearer tokens"},
	{CountAccessKey, "AWS access key ids"},
	{CountRepeated, "removed values found again elsewhere (a cookie value echoed in a URL)"},
	{CountNameID, "NameIDs"},
	{CountIdentityAttr, "identity attribute values (RoleSessionName, e-mail, user name)"},
	{CountEmail, "e-mail addresses"},
	{CountUser, "user names"},
	{CountAccount, "AWS account ids"},
	{CountSAMLRewritten, "SAML messages re-encoded with pseudonyms"},
	{CountSAMLKept, "SAML messages left unchanged (nothing to replace)"},
	{CountSAMLUnread, "SAML values that do not decode, left as found"},
}

// removedKinds are the kinds that count secrets removed (the others count
// values replaced by pseudonyms, and SAML messages).
var removedKinds = map[string]bool{
	CountCookie: true, CountAuthorization: true, CountSecretHeader: true, CountPassword: true,
	CountCode: true, CountToken: true, CountJWT: true, CountBearer: true, CountAccessKey: true, CountRepeated: true,
}

// norm lower-cases name and drops everything but letters and digits:
// "X-Amz-Security-Token" and "x_amz_security_token" both read
// "xamzsecuritytoken".
func norm(name string) string {
	var b strings.Builder
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			b.WriteByte(c)
		case c >= 'A' && c <= 'Z':
			b.WriteByte(c + 'a' - 'A')
		}
	}
	return b.String()
}

// secretParam says whether a query parameter, form field or JSON member
// of this name holds a secret, and which kind.
func secretParam(name string) (string, bool) {
	n := norm(name)
	switch n {
	case "":
		return "", false
	case "code", "authcode", "authorizationcode", "devicecode", "usercode":
		return CountCode, true
	case "pwd", "pass", "pin", "otp", "totp", "mfacode", "otpcode", "verificationcode":
		return CountPassword, true
	case "sid", "session", "auth", "assertion", "clientassertion", "codeverifier",
		"samlart", "wresult", "signintoken", "key", "sig":
		return CountToken, true
	}
	for _, w := range []string{"password", "passwd", "passphrase", "passcode"} {
		if strings.Contains(n, w) {
			return CountPassword, true
		}
	}
	for _, w := range []string{"token", "secret", "sessionid", "sessid", "apikey", "csrf", "xsrf", "credential", "privatekey"} {
		if strings.Contains(n, w) {
			return CountToken, true
		}
	}
	return "", false
}

// identityParam reports query parameters, form fields and JSON members
// that hold a user name or e-mail address.
func identityParam(name string) bool {
	switch norm(name) {
	case "username", "user", "userid", "login", "loginname", "loginid", "loginfmt", "loginhint",
		"email", "emailaddress", "mail", "upn", "userprincipalname", "identifier", "uid",
		"jusername", "principal", "preferredusername", "rolesessionname", "nameid", "sub":
		return true
	}
	return false
}

// isSAMLParam reports the SAML binding parameters whose values are
// messages.
func isSAMLParam(name string) bool {
	return strings.EqualFold(name, "SAMLRequest") || strings.EqualFold(name, "SAMLResponse")
}

// secretHeader says what to do with a request or response header: the
// count kind when its value is removed (whole or, for cookies, in part).
func secretHeader(name string) (string, bool) {
	n := norm(name)
	switch n {
	case "cookie", "setcookie", "setcookie2":
		return CountCookie, true
	case "authorization", "proxyauthorization":
		return CountAuthorization, true
	}
	if strings.HasPrefix(n, "xauth") {
		return CountSecretHeader, true
	}
	for _, w := range []string{"token", "secret", "csrf", "xsrf", "apikey", "sessionid", "credential", "password"} {
		if strings.Contains(n, w) {
			return CountSecretHeader, true
		}
	}
	return "", false
}

// identityAttribute reports SAML attributes whose values are identities,
// by Name or FriendlyName: the last segment of a URI name ("…/claims/
// emailaddress", "…/Attributes/RoleSessionName", "…/PrincipalTag:Email")
// or a well-known OID.
func identityAttribute(name string) bool {
	switch strings.TrimSpace(name) {
	case "urn:oid:0.9.2342.19200300.100.1.3", // mail
		"urn:oid:0.9.2342.19200300.100.1.1", // uid
		"urn:oid:1.3.6.1.4.1.5923.1.1.1.6",  // eduPersonPrincipalName
		"urn:oid:2.5.4.42",                  // givenName
		"urn:oid:2.5.4.4",                   // sn
		"urn:oid:2.5.4.3",                   // cn
		"urn:oid:2.16.840.1.113730.3.1.241", // displayName
		"urn:oid:1.2.840.113549.1.9.1":      // emailAddress
		return true
	}
	last := name
	if i := strings.LastIndexAny(name, "/:#"); i >= 0 {
		last = name[i+1:]
	}
	switch norm(last) {
	case "rolesessionname", "sourceidentity", "email", "emailaddress", "mail", "username", "user", "userid",
		"login", "uid", "upn", "userprincipalname", "name", "displayname", "givenname", "firstname",
		"surname", "lastname", "familyname", "sn", "cn", "commonname", "samaccountname", "preferredusername",
		"nameid", "employeeid", "employeenumber", "mobile", "phone", "telephonenumber", "objectidentifier",
		"edupersonprincipalname", "principalname",
		// eIDAS natural-person attributes
		"personidentifier", "currentfamilyname", "currentgivenname", "birthname", "dateofbirth", "placeofbirth", "currentaddress":
		return true
	}
	return false
}
