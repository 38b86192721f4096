package checks

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf16"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestParseUsersShapes reads the generated users lists (testdata/rules):
// every shape the AWS CLIs print and people keep, with its kind.
func TestParseUsersShapes(t *testing.T) {
	idc := []string{"alice@example.com", "bob@example.com"}
	connect := []string{"alice@example.com", "alice_ops@example.com", "bob@example.com"}
	for _, tt := range []struct {
		file, format string
		kind         UsersKind
		names        []string
		incomplete   bool
		pages        int
	}{
		{"idc/nameid-user/pass/users.json", "json", UsersIdentityStore, idc, false, 1},
		{"idc/nameid-user/pass/users.txt", "lines", UsersUnknown, idc, false, 0},
		{"idc/nameid-user/pass/users.query.json", "json", UsersUnknown, idc, false, 1},
		{"idc/nameid-user/pass/users.query.txt", "aws-text", UsersUnknown, idc, false, 0},
		{"idc/nameid-user/pass/users.text.txt", "aws-text", UsersIdentityStore, idc, false, 0},
		{"idc/nameid-user/pass/users.table.txt", "aws-table", UsersIdentityStore, idc, false, 0},
		{"idc/nameid-user/pass/users.csv", "csv", UsersUnknown, idc, false, 0},
		{"idc/nameid-user/pass/users.yaml", "aws-yaml", UsersIdentityStore, idc, false, 0},
		{"idc/nameid-user/pass/users.pages.json", "json", UsersIdentityStore, idc, false, 2},
		{"idc/nameid-user/fail/users.nexttoken.json", "json", UsersIdentityStore, idc, true, 1},
		{"idc/nameid-user/fail/users.connect.json", "json", UsersConnect, connect, false, 1},
		{"connect/role-session-name/pass/users.json", "json", UsersConnect, connect, false, 1},
		{"connect/role-session-name/pass/users.text.txt", "aws-text", UsersConnect, connect, false, 0},
		{"connect/role-session-name/pass/users.table.txt", "aws-table", UsersConnect, connect, false, 0},
		{"connect/role-session-name/fail/users.idstore.json", "json", UsersIdentityStore, idc, false, 1},
	} {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join("..", "testdata", "rules", tt.file)
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			u, err := ParseUsers(path, data)
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

func TestParseUsersForms(t *testing.T) {
	for _, tt := range []struct {
		name string
		data []byte
		want []string
		kind UsersKind
	}{
		{"powershell.json", utf16LE(`{"UserSummaryList":[{"Username":"Agent1"}]}`+"\r\n", true), []string{"Agent1"}, UsersConnect},
		{"search.json", []byte(`{"Users":[{"Id":"x","Username":"agent2"}]}`), []string{"agent2"}, UsersConnect},
		{"mixed.json", []byte(`[{"UserName":"a"},{"Username":"b"}]`), []string{"a", "b"}, UsersUnknown},
		{"strings.json", []byte(`["alice", "bob"]`), []string{"alice", "bob"}, UsersUnknown},
		{"semicolon.csv", []byte("Display name;User name\r\nAlice;alice@example.com\r\n"), []string{"alice@example.com"}, UsersUnknown},
		{"comma-in-name.txt", []byte("Doe, Jane\n"), []string{"Doe, Jane"}, UsersUnknown},
		{"query-table.txt", []byte("-----------------------\n|      ListUsers      |\n+---------------------+\n|  alice@example.com  |\n|  bob@example.com    |\n+---------------------+\n"), []string{"alice@example.com", "bob@example.com"}, UsersUnknown},
		{"search-users.txt", []byte("USERS\tarn:aws:connect:us-east-1:123456789012:instance/i/agent/1\tdir-1\th-1\t0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d\ti\trp-1\tAgent.One\nIDENTITYINFO\tAgent\tOne\nSECURITYPROFILEIDS\tsp-1\n"), []string{"Agent.One"}, UsersConnect},
		{"commented.txt", []byte("# exported by Jane, 2026-11-01\nalice@example.com\n"), []string{"alice@example.com"}, UsersUnknown},
		{"idstore.yaml", []byte("Users:\n- DisplayName: Alice Example\n  Emails:\n  - Primary: true\n    Value: alice@example.com\n  IdentityStoreId: d-9067c1a2b3\n  UserId: 9067-1\n  UserName: alice@example.com\n- UserName: 'o''neil@example.com'\n"), []string{"alice@example.com", "o'neil@example.com"}, UsersIdentityStore},
		{"connect.yaml", []byte("UserSummaryList:\n- Arn: arn:aws:connect:us-east-1:123456789012:instance/i/agent/1\n  Id: '1'\n  Username: \"Agent.One\"\nNextToken: null\n"), []string{"Agent.One"}, UsersConnect},
		{"next.txt", []byte("USERSUMMARYLIST\tarn:aws:connect:x\tid1\tus-east-1\t2026-10-31T10:00:00+00:00\tagent1\n"), []string{"agent1"}, UsersConnect},
	} {
		t.Run(tt.name, func(t *testing.T) {
			u, err := ParseUsers(tt.name, tt.data)
			require.NoError(t, err)
			assert.Equal(t, tt.want, u.Names)
			assert.Equal(t, tt.kind, u.Kind)
		})
	}

	// A bare line beside the users of --output text is the NextToken.
	u, err := ParseUsers("page.txt", []byte("USERSUMMARYLIST\tarn\tid\tus-east-1\tt\tagent1\nAAMA-token\n"))
	require.NoError(t, err)
	assert.Contains(t, u.Incomplete, "line 2")
	// --max-items: the CLI prints NEXTTOKEN after the pages, and None in
	// its place under --query.
	u, err = ParseUsers("max-items.txt", []byte("USERS\tAlice\td-1\t9067c1a2b3-4d5e6f70-8192-4a3b-b5c6-d7e8f9a0b1c2\talice\nNEXTTOKEN\teyJ0b2tlbiI6IDJ9\n"))
	require.NoError(t, err)
	assert.Equal(t, []string{"alice"}, u.Names)
	assert.Contains(t, u.Incomplete, "line 2 holds the NextToken")
	u, err = ParseUsers("max-items-query.txt", []byte("alice\tbob\nNone\n"))
	require.NoError(t, err)
	assert.Equal(t, []string{"alice", "bob"}, u.Names)
	assert.Contains(t, u.Incomplete, "line 2")
	u, err = ParseUsers("page.yaml", []byte("NextToken: AAMA-token\nUsers:\n- UserName: alice\n"))
	require.NoError(t, err)
	assert.Contains(t, u.Incomplete, "line 1 holds a NextToken")
	// Several JSON documents: complete when the last one has no NextToken.
	u, err = ParseUsers("pages.json", []byte(`{"Users":[{"UserName":"a"}],"NextToken":"t"}`+"\n"+`{"Users":[{"UserName":"b"}],"NextToken":null}`))
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b"}, u.Names)
	assert.Empty(t, u.Incomplete)
	assert.Equal(t, 2, u.Pages)
}

// TestParseUsersErrors: a list that cannot be read says the file, the line
// and what was expected.
func TestParseUsersErrors(t *testing.T) {
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
			_, err := ParseUsers(tt.name, []byte(tt.data))
			require.Error(t, err)
			var ue *UsersError
			require.True(t, errors.As(err, &ue), "%T", err)
			assert.Equal(t, tt.name, ue.File)
			assert.Equal(t, tt.line, ue.Line, err.Error())
			assert.Contains(t, err.Error(), tt.want)
			assert.Contains(t, err.Error(), "checks: users file "+tt.name+": ")
		})
	}
}
