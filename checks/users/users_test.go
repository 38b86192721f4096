package users

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf16"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestParseShapes reads the generated users lists (testdata/rules):
// every shape the AWS CLIs print and people keep, with its kind.
func TestParseShapes(t *testing.T) {
	idc := []string{"alice@example.com", "bob@example.com"}
	connect := []string{"alice@example.com", "alice_ops@example.com", "bob@example.com"}
	for _, tt := range []struct {
		file, format string
		kind         Kind
		names        []string
		incomplete   bool
		pages        int
	}{
		{"idc/nameid-user/pass/users.json", "json", IdentityStore, idc, false, 1},
		{"idc/nameid-user/pass/users.txt", "lines", Unknown, idc, false, 0},
		{"idc/nameid-user/pass/users.query.json", "json", Unknown, idc, false, 1},
		{"idc/nameid-user/pass/users.query.txt", "aws-text", Unknown, idc, false, 0},
		{"idc/nameid-user/pass/users.text.txt", "aws-text", IdentityStore, idc, false, 0},
		{"idc/nameid-user/pass/users.table.txt", "aws-table", IdentityStore, idc, false, 0},
		{"idc/nameid-user/pass/users.csv", "csv", Unknown, idc, false, 0},
		{"idc/nameid-user/pass/users.yaml", "aws-yaml", IdentityStore, idc, false, 0},
		{"idc/nameid-user/pass/users.pages.json", "json", IdentityStore, idc, false, 2},
		{"idc/nameid-user/fail/users.nexttoken.json", "json", IdentityStore, idc, true, 1},
		{"idc/nameid-user/fail/users.connect.json", "json", Connect, connect, false, 1},
		{"connect/role-session-name/pass/users.json", "json", Connect, connect, false, 1},
		{"connect/role-session-name/pass/users.text.txt", "aws-text", Connect, connect, false, 0},
		{"connect/role-session-name/pass/users.table.txt", "aws-table", Connect, connect, false, 0},
		{"connect/role-session-name/fail/users.idstore.json", "json", IdentityStore, idc, false, 1},
	} {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join("..", "..", "testdata", "rules", tt.file)
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			u, err := Parse(path, data)
			require.NoError(t, err)
			assert.Equal(t, tt.names, u.Names)
			assert.Equal(t, tt.kind, u.Kind)
			assert.Equal(t, tt.format, u.Format)
			assert.Equal(t, tt.incomplete, u.Incomplete != "", "incomplete: %q", u.Incomplete)
			assert.Equal(t, tt.pages, u.Pages)
		})
	}
}

func utf16LE(s string, bom bool) []byte {
	var out []byte
	if bom {
		out = []byte{0xFF, 0xFE}
	}
	for _, r := range utf16.Encode([]rune(s)) {
		out = append(out, byte(r), byte(r>>8))
	}
	return out
}

func TestParseForms(t *testing.T) {
	for _, tt := range []struct {
		name string
		data []byte
		want []string
		kind Kind
	}{
		{"powershell.json", utf16LE(`{"UserSummaryList":[{"Username":"Agent1"}]}`+"\r\n", true), []string{"Agent1"}, Connect},
		{"search.json", []byte(`{"Users":[{"Id":"x","Username":"agent2"}]}`), []string{"agent2"}, Connect},
		{"mixed.json", []byte(`[{"UserName":"a"},{"Username":"b"}]`), []string{"a", "b"}, Unknown},
		{"strings.json", []byte(`["alice", "bob"]`), []string{"alice", "bob"}, Unknown},
		{"semicolon.csv", []byte("Display name;User name\r\nAlice;alice@example.com\r\n"), []string{"alice@example.com"}, Unknown},
		{"comma-in-name.txt", []byte("Doe, Jane\n"), []string{"Doe, Jane"}, Unknown},
		{"query-table.txt", []byte("-----------------------\n|      ListUsers      |\n+---------------------+\n|  alice@example.com  |\n|  bob@example.com    |\n+---------------------+\n"), []string{"alice@example.com", "bob@example.com"}, Unknown},
		{"search-users.txt", []byte("USERS\tarn:aws:connect:us-east-1:123456789012:instance/i/agent/1\tdir-1\th-1\t0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d\ti\trp-1\tAgent.One\nIDENTITYINFO\tAgent\tOne\nSECURITYPROFILEIDS\tsp-1\n"), []string{"Agent.One"}, Connect},
		{"commented.txt", []byte("# exported by Jane, 2026-11-01\nalice@example.com\n"), []string{"alice@example.com"}, Unknown},
		{"idstore.yaml", []byte("Users:\n- DisplayName: Alice Example\n  Emails:\n  - Primary: true\n    Value: alice@example.com\n  IdentityStoreId: d-9067c1a2b3\n  UserId: 9067-1\n  UserName: alice@example.com\n- UserName: 'o''neil@example.com'\n"), []string{"alice@example.com", "o'neil@example.com"}, IdentityStore},
		{"connect.yaml", []byte("UserSummaryList:\n- Arn: arn:aws:connect:us-east-1:123456789012:instance/i/agent/1\n  Id: '1'\n  Username: \"Agent.One\"\nNextToken: null\n"), []string{"Agent.One"}, Connect},
		{"next.txt", []byte("USERSUMMARYLIST\tarn:aws:connect:x\tid1\tus-east-1\t2026-10-31T10:00:00+00:00\tagent1\n"), []string{"agent1"}, Connect},
	} {
		t.Run(tt.name, func(t *testing.T) {
			u, err := Parse(tt.name, tt.data)
			require.NoError(t, err)
			assert.Equal(t, tt.want, u.Names)
			assert.Equal(t, tt.kind, u.Kind)
		})
	}

	// A bare line beside the users of --output text is the NextToken.
	u, err := Parse("page.txt", []byte("USERSUMMARYLIST\tarn\tid\tus-east-1\tt\tagent1\nAAMA-token\n"))
	require.NoError(t, err)
	assert.Contains(t, u.Incomplete, "line 2")
	// --max-items: the CLI prints NEXTTOKEN after the pages, and None in
	// its place under --query.
	u, err = Parse("max-items.txt", []byte("USERS\tAlice\td-1\t9067c1a2b3-4d5e6f70-8192-4a3b-b5c6-d7e8f9a0b1c2\talice\nNEXTTOKEN\teyJ0b2tlbiI6IDJ9\n"))
	require.NoError(t, err)
	assert.Equal(t, []string{"alice"}, u.Names)
	assert.Contains(t, u.Incomplete, "line 2 holds the NextToken")
	u, err = Parse("max-items-query.txt", []byte("alice\tbob\nNone\n"))
	require.NoError(t, err)
	assert.Equal(t, []string{"alice", "bob"}, u.Names)
	assert.Contains(t, u.Incomplete, "line 2")
	u, err = Parse("page.yaml", []byte("NextToken: AAMA-token\nUsers:\n- UserName: alice\n"))
	require.NoError(t, err)
	assert.Contains(t, u.Incomplete, "line 1 holds a NextToken")
	// Several JSON documents: complete when the last one has no NextToken.
	u, err = Parse("pages.json", []byte(`{"Users":[{"UserName":"a"}],"NextToken":"t"}`+"\n"+`{"Users":[{"UserName":"b"}],"NextToken":null}`))
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b"}, u.Names)
	assert.Empty(t, u.Incomplete)
	assert.Equal(t, 2, u.Pages)
}

// TestParseErrors: a list that cannot be read says the file, the line
// and what was expected.
func TestParseErrors(t *testing.T) {
	for _, tt := range []struct {
		name string
		data string
		line int
		want string
	}{
		{"trunc.json", "{\n  \"Users\": [\n    {\"UserName\": \"a\"},\n", 4, `expected the JSON of aws identitystore list-users`},
		{"second.json", `{"Users":[{"UserName":"a"}]}` + "\n" + `{"Items":[]}`, 2, `neither "Users"`},
		{"noname.json", "{\"Users\":[\n{\"UserId\":\"1\"}]}", 1, `user 0 in "Users" has no UserName or Username`},
		{"number.json", `[1]`, 1, "user 0 in the array: expected an object with UserName or Username, or a string"},
		{"header.csv", "Display,Email\nAlice,alice@example.com\n", 1, "names no username column"},
		{"short.csv", "UserName,Display\nalice\n\"bob", 3, "expected CSV"},
		{"text.txt", "USERS\tAlice\td-1\tnot-an-id\talice\n", 1, "without a UserId column"},
		{"table.txt", "--------\n|  ListGroups |\n+------+\n||  GroupId  |  DisplayName ||\n", 0, "without a UserName or Username column"},
		{"odd.json", string([]byte{0xFF, 0xFE, 'a'}), 0, "not UTF-8 or UTF-16"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.name, []byte(tt.data))
			require.Error(t, err)
			var ue *Error
			require.True(t, errors.As(err, &ue), "%T", err)
			assert.Equal(t, tt.name, ue.File)
			assert.Equal(t, tt.line, ue.Line, err.Error())
			assert.Contains(t, err.Error(), tt.want)
			assert.Contains(t, err.Error(), "checks: users file "+tt.name+": ")
		})
	}
}

func TestParse(t *testing.T) {
	lines, err := Parse("u.txt", []byte("\xef\xbb\xbf# users\nalice@example.com\r\n\n  Bob@Example.com \nalice@example.com\n"))
	assert.NoError(t, err)
	assert.Equal(t, []string{"Bob@Example.com", "alice@example.com"}, lines.Names)

	idstore, err := Parse("u.json", []byte(`{"Users":[{"UserName":"alice@example.com","UserId":"9067-1","IdentityStoreId":"d-9067c1a2b3"}]}`))
	assert.NoError(t, err)
	assert.Equal(t, []string{"alice@example.com"}, idstore.Names)

	connect, err := Parse("c.json", []byte(`{"UserSummaryList":[{"Id":"x","Arn":"arn:aws:connect:…","Username":"Alice.Agent"}],"NextToken":null}`))
	assert.NoError(t, err)
	assert.Equal(t, []string{"Alice.Agent"}, connect.Names)

	exact, caseOnly := connect.Match("alice.agent")
	assert.False(t, exact)
	assert.Equal(t, "Alice.Agent", caseOnly)
	exact, caseOnly = connect.Match("Alice.Agent")
	assert.True(t, exact)
	assert.Empty(t, caseOnly)
	exact, caseOnly = connect.Match("carol")
	assert.False(t, exact)
	assert.Empty(t, caseOnly)

	_, err = Parse("bad.json", []byte(`{"Items":[]}`))
	assert.ErrorContains(t, err, "bad.json")
	assert.ErrorContains(t, err, "UserSummaryList")
	_, err = Parse("bad.json", []byte(`{"Users":[{"UserId":"1"}]}`))
	assert.ErrorContains(t, err, `user 0 in "Users" has no UserName`)
	_, err = Parse("trunc.json", []byte(`{"Users":[`))
	assert.ErrorContains(t, err, "trunc.json")
}
