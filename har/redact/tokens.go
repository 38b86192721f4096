package redact

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"strings"
)

// RedactedSignature is the signature part a pseudonymised JSON Web Token
// gets: "REDACTED", Base64url-encoded. samlcheck reports a token with it
// as redacted, not as forged.
const RedactedSignature = "UkVEQUNURUQ"

// jwtIdentityClaims are the claims of a JWT that name the user: their
// string values get pseudonyms; the others (iss, aud, client_id,
// token_use, exp, scope) stay, since they are what a check of the token
// needs.
var jwtIdentityClaims = map[string]bool{
	"email": true, "username": true, "cognito:username": true, "upn": true, "preferred_username": true, "unique_name": true,
	"sub": true, "name": true, "given_name": true, "family_name": true, "nickname": true, "phone_number": true, "oid": true,
}

// jwt returns the pseudonym of a JSON Web Token: the same header, the
// claims with the user's identities replaced by pseudonyms (the same
// value always gets the same one, so a token seen twice is replaced
// twice the same way), and RedactedSignature for the signature. A token
// whose claims do not decode (an encrypted token) becomes Placeholder.
func (r *redactor) jwt(tok string) string {
	if r.fitSecrets {
		// Inside a RelayState, whose length saml/relay-state-length
		// measures: the token is removed, keeping its length.
		r.count(CountJWT, 1)
		return r.placeholder(tok)
	}
	parts := strings.Split(tok, ".")
	if len(parts) == 3 && parts[2] == RedactedSignature {
		return tok // already replaced (a value is scanned more than once)
	}
	r.count(CountJWT, 1)
	if len(parts) != 3 {
		return Placeholder
	}
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return Placeholder
	}
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var claims map[string]any
	if d.Decode(&claims) != nil || claims == nil {
		return Placeholder
	}
	if !r.opt.KeepIdentities {
		for k, v := range claims {
			if s, ok := v.(string); ok && jwtIdentityClaims[k] && s != "" {
				claims[k] = r.ps.identity(s)
			}
		}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if enc.Encode(claims) != nil {
		return Placeholder
	}
	return parts[0] + "." + base64.RawURLEncoding.EncodeToString(bytes.TrimSuffix(b.Bytes(), []byte("\n"))) + "." + RedactedSignature
}

// isJWT reports a value that is one JSON Web Token and nothing else.
func isJWT(v string) bool {
	return strings.HasPrefix(v, "eyJ") && jwtRE.FindString(v) == v
}

// scimPersonal are the SCIM attributes (RFC 7643 §4.1) that hold personal
// data, lower-cased: their string values get pseudonyms, at any depth
// (name.givenName, emails[].value, addresses[].streetAddress).
var scimPersonal = map[string]bool{
	"username": true, "displayname": true, "nickname": true, "givenname": true, "familyname": true, "middlename": true,
	"formatted": true, "honorificprefix": true, "honorificsuffix": true, "externalid": true, "title": true,
	"streetaddress": true, "locality": true, "postalcode": true, "region": true, "employeenumber": true,
}

// scimMultiValued are the SCIM attributes whose "value" sub-attribute is
// personal data.
var scimMultiValued = map[string]bool{"emails": true, "phonenumbers": true, "ims": true, "photos": true, "addresses": true}

// scimBody pseudonymises the personal data of a SCIM JSON document (a
// body whose "schemas" names a urn:ietf:params:scim: URN), consistently
// with the rest of the file; ok is false for any other text.
func (r *redactor) scimBody(s string) (string, bool) {
	t := strings.TrimSpace(s)
	if r.opt.KeepIdentities || !strings.HasPrefix(t, "{") || !strings.Contains(t, "urn:ietf:params:scim:") {
		return "", false
	}
	d := json.NewDecoder(strings.NewReader(t))
	d.UseNumber()
	var doc map[string]any
	if d.Decode(&doc) != nil {
		return "", false
	}
	r.scimValue(doc, "", false)
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if enc.Encode(doc) != nil {
		return "", false
	}
	return strings.TrimSuffix(b.String(), "\n"), true
}

// scimValue pseudonymises v in place; key is its attribute name
// (lower-cased), multi that it is an element of a multi-valued attribute.
func (r *redactor) scimValue(v any, key string, multi bool) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			lk := strings.ToLower(k)
			x[k] = r.scimValue(e, lk, multi || scimMultiValued[lk])
		}
	case []any:
		for i, e := range x {
			x[i] = r.scimValue(e, key, multi)
		}
	case string:
		if key == "username" && scimReservedName(x) {
			return v // a reserved name (scim/user-name) identifies no one
		}
		if x != "" && (scimPersonal[key] || multi && (key == "value" || key == "display")) {
			r.count(CountUser, 1)
			return r.ps.identity(x)
		}
	}
	return v
}

// scimReservedName reports the user names IAM Identity Center reserves
// (Identity Store CreateUser: Administrator and AWSAdministrators, in any
// case): system names, kept by redaction so that scim/user-name still
// judges the copy.
func scimReservedName(s string) bool {
	return strings.EqualFold(s, "Administrator") || strings.EqualFold(s, "AWSAdministrators")
}
