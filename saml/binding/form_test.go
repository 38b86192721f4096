package binding

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestParseForm(t *testing.T) {
	got := ParseForm("a=1&&b=%2B+x&c&d=%zz&e=1=2&a=3")
	assert.Equal(t, []Field{{"a", "1"}, {"b", "+ x"}, {"c", ""}, {"d", "%zz"}, {"e", "1=2"}, {"a", "3"}}, got)
}

func TestRawQuery(t *testing.T) {
	assert.Equal(t, "a=1&b=%2B", RawQuery("https://h/p?a=1&b=%2B#frag"))
	assert.Equal(t, "", RawQuery("https://h/p"))
	assert.Equal(t, "x?y", RawQuery("/p?x?y"))
}

// TestMessagesCompanions is the case two readers once disagreed on: the
// companions match in any case, and every value is form-decoded once.
func TestMessagesCompanions(t *testing.T) {
	got := Messages(ParseForm("SAMLRequest=fZ%2B&relaystate=abc&Signature=ab+cd%2Bef&SIGALG=x%3Ay&RelayState=second"))
	assert.Equal(t, []Message{{Param: "SAMLRequest", Value: "fZ+", RelayState: "abc", SigAlg: "x:y", Signature: "ab cd+ef"}}, got)

	// Blank message values are skipped; each message shares the set's companions.
	got = Messages([]Field{{"SAMLResponse", "  "}, {"samlresponse", "a"}, {"SAMLRequest", "b"}, {"RelayState", "r"}})
	assert.Equal(t, []Message{{Param: "samlresponse", Value: "a", RelayState: "r"}, {Param: "SAMLRequest", Value: "b", RelayState: "r"}}, got)
	assert.Nil(t, Messages([]Field{{"RelayState", "r"}}))
}

func TestIsMessageParam(t *testing.T) {
	for _, n := range []string{"SAMLResponse", "samlresponse", "SAMLREQUEST"} {
		assert.True(t, IsMessageParam(n), n)
	}
	for _, n := range []string{"SAMLart", "RelayState", "SAMLResponse2", ""} {
		assert.False(t, IsMessageParam(n), n)
	}
	assert.True(t, HasMessageName("x name=samlRESPONSE"))
	assert.True(t, HasMessageName("SAMLRequest"))
	assert.False(t, HasMessageName("SAML Response"))
}
