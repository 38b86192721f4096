package scim

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParse(t *testing.T) {
	d, err := Parse([]byte(`{"Schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],` +
		`"UserName":"alice","NAME":{"GivenName":"Alice"},"emails":[{"value":"a@x","primary":true}]}`))
	require.NoError(t, err)
	assert.Equal(t, KindUser, d.Kind)
	assert.Equal(t, "alice", d.String("userName"), "names are case-insensitive")
	assert.Equal(t, "Alice", d.String("name.givenName"))
	assert.Equal(t, "", d.String("name.familyName"))
	v, ok := d.Get("emails")
	require.True(t, ok)
	assert.Len(t, v, 1)

	_, err = Parse([]byte(`{"userName":"x"}`))
	assert.ErrorIs(t, err, ErrNotSCIM)
	_, err = Parse([]byte(`[1]`))
	assert.Error(t, err)
	assert.True(t, Looks([]byte(` {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[]}`)))
	assert.False(t, Looks([]byte(`{"schemas":["urn:x"]}`)))

	p, err := Parse([]byte(`{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Remove"},{"op":"replace","path":"active","value":false}]}`))
	require.NoError(t, err)
	assert.Equal(t, KindPatchOp, p.Kind)
	ops := p.Operations()
	require.Len(t, ops, 2)
	assert.Equal(t, Operation{Index: 0, Op: "Remove"}, ops[0])
	assert.Equal(t, Operation{Index: 1, Op: "replace", Path: "active", Value: false, HasValue: true}, ops[1])
}

func TestEndpoint(t *testing.T) {
	e, err := ParseEndpoint("https://scim.eu-west-1.amazonaws.com/abc-123/scim/v2/Users/u1?filter=userName%20eq%20%22a%22")
	require.NoError(t, err)
	assert.Equal(t, "eu-west-1", e.Region)
	assert.Equal(t, "abc-123", e.Tenant)
	assert.Equal(t, "https://scim.eu-west-1.amazonaws.com/abc-123/scim/v2", e.Base)
	assert.Equal(t, "Users", e.Resource)
	assert.Equal(t, "u1", e.Rest)
	assert.Equal(t, `userName eq "a"`, e.Query.Get("filter"))
	assert.False(t, e.DoubleSlash)

	e, err = ParseEndpoint("https://scim.us-east-1.amazonaws.com/scim/v2//Groups")
	require.NoError(t, err)
	assert.Equal(t, "", e.Tenant)
	assert.True(t, e.DoubleSlash)
	assert.Equal(t, "Groups", e.Resource)

	_, err = ParseEndpoint("https://example.com/api/users")
	assert.Error(t, err)
	assert.True(t, IsAWSHost("scim.us-gov-west-1.amazonaws.com"))
	assert.False(t, IsAWSHost("scim.example.com"))
}

func TestFilter(t *testing.T) {
	f := ParseFilter(`userName eq "a b" and (emails.value co "x") or title pr`)
	assert.Equal(t, []Comparison{{"userName", "eq", "a b"}, {"emails.value", "co", "x"}, {"title", "pr", ""}}, f.Comparisons)
	assert.Equal(t, []string{"and", "or"}, f.Logical)
	assert.True(t, f.Grouping)
	f = ParseFilter(`externalId eq "q\"uote"`)
	assert.Equal(t, `q\"uote`, f.Comparisons[0].Value)
}

func TestErrorOf(t *testing.T) {
	e, ok := ErrorOf([]byte(`{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"409","detail":"User already exists."}`))
	require.True(t, ok)
	assert.Equal(t, &Error{Status: "409", Detail: "User already exists."}, e)
	e, ok = ErrorOf([]byte(`{"message":"Not Found","status":404}`))
	require.True(t, ok)
	assert.Equal(t, "404", e.Status)
	_, ok = ErrorOf([]byte(`{"Resources":[]}`))
	assert.False(t, ok)
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"a","name":{"givenName":"b"},"emails":[{"value":"c"}]}`))
	f.Add([]byte(`{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","value":{"members":[1]}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Parse(data)
		if err == nil {
			_ = d.Operations()
			_ = d.String("name.givenName")
		}
		_, _ = ErrorOf(data)
		_ = ParseFilter(string(data))
	})
}
