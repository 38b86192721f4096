package redact

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func testRedactor() *redactor {
	return &redactor{opt: Options{}, ps: newPseudonyms(testKey), counts: map[string]int{}, samlCache: map[[32]byte]samlCore{}}
}

func jwtOf(claims string) string {
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"RS256","kid":"k1"}`)) + "." + enc([]byte(claims)) + ".c2lnbmF0dXJlLVBMQU5URUQ"
}

// TestJWTPseudonym checks that a JWT keeps what a check needs (iss, aud,
// token_use), loses its signature and its user's identity, and is
// replaced the same way wherever it appears: in a form field, a JSON
// member, free text.
func TestJWTPseudonym(t *testing.T) {
	tok := jwtOf(`{"aud":"client1","email":"planted.user@example.org","iss":"https://cognito-idp.us-east-1.amazonaws.com/us-east-1_X","token_use":"id"}`)
	r := testRedactor()
	a := r.text(`{"id_token":"`+tok+`"}`, modeBody)
	b := r.text("assertion="+tok, modeValue)
	c := r.text("token "+tok+" end", modeBody)
	for _, s := range []string{a, b, c} {
		assert.NotContains(t, s, "c2lnbmF0dXJlLVBMQU5URUQ", "signature")
		assert.NotContains(t, s, tok)
	}
	red := strings.TrimSuffix(strings.TrimPrefix(b, "assertion="), "")
	assert.Contains(t, a, red, "the same token gets the same pseudonym")
	assert.Contains(t, c, red)
	parts := strings.Split(red, ".")
	require.Len(t, parts, 3)
	assert.Equal(t, RedactedSignature, parts[2])
	claims, err := base64.RawURLEncoding.DecodeString(parts[1])
	require.NoError(t, err)
	assert.Contains(t, string(claims), `"iss":"https://cognito-idp.us-east-1.amazonaws.com/us-east-1_X"`)
	assert.Contains(t, string(claims), `"token_use":"id"`)
	assert.NotContains(t, string(claims), "planted.user")
}

// TestSCIMPseudonyms checks that a SCIM User's personal data is replaced,
// the same user the same way in a request and in a response, and its
// structure kept.
func TestSCIMPseudonyms(t *testing.T) {
	user := `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"alice.liddell@example.com","externalId":"701984",` +
		`"name":{"givenName":"Alice","familyName":"Liddell"},"displayName":"Alice Liddell",` +
		`"emails":[{"primary":true,"type":"work","value":"alice.liddell@example.com"}],"phoneNumbers":[{"type":"work","value":"+1 555 0100"}],"active":true}`
	r := testRedactor()
	req := r.text(user, modeBody)
	resp := r.text(strings.Replace(user, `"active":true`, `"active":true,"id":"9067729b3d-1"`, 1), modeBody)
	for _, s := range []string{"alice", "Alice", "Liddell", "555 0100", "701984"} {
		assert.NotContains(t, req, s)
		assert.NotContains(t, resp, s)
	}
	for _, s := range []string{`"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"]`, `"primary":true`, `"type":"work"`, `"active":true`} {
		assert.Contains(t, req, s)
	}
	var a, b map[string]any
	require.NoError(t, json.Unmarshal([]byte(req), &a))
	require.NoError(t, json.Unmarshal([]byte(resp), &b))
	delete(b, "id")
	assert.Equal(t, a, b, "the same pseudonyms in the request and the response")
}
