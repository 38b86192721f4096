package users

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// FuzzParse reads any file as a users list (lines, or the JSON of
// aws identitystore / connect list-users): errors name the file; the names
// are sorted, unique, trimmed and not empty, and each matches itself.
func FuzzParse(f *testing.F) {
	f.Add([]byte("# users\nalice@example.com\n\n  Bob \r\nbob\n"))
	f.Add([]byte(`{"Users":[{"UserName":"alice","UserId":"1"}],"NextToken":null}`))
	f.Add([]byte(`{"UserSummaryList":[{"Username":"agent1","Id":"x"}]}`))
	f.Add([]byte(`[{"UserName":"a"},{"Username":"b"}]`))
	f.Add([]byte("\xef\xbb\xbf[{}]"))
	seedUsersFiles(f, filepath.Join("..", "..", "testdata", "rules"))
	f.Fuzz(func(t *testing.T, data []byte) {
		u, err := Parse("users.txt", data)
		if err != nil {
			if u != nil || !strings.HasPrefix(err.Error(), "checks: users file users.txt: ") {
				t.Fatalf("error %q does not name the file, or comes with users", err)
			}
			return
		}
		if u.Source != "users.txt" || !slices.IsSorted(u.Names) {
			t.Fatalf("source %q, names %q", u.Source, u.Names)
		}
		for i, n := range u.Names {
			if n == "" || n != strings.TrimSpace(n) || (i > 0 && n == u.Names[i-1]) {
				t.Fatalf("name %d %q is empty, untrimmed or repeated", i, n)
			}
			if exact, _ := u.Match(n); !exact {
				t.Fatalf("%q does not match itself", n)
			}
		}
	})
}

// seedUsersFiles adds the generated users lists below dir (the files
// named users.*) as seeds; regression seeds live in testdata/fuzz/FuzzParse.
func seedUsersFiles(f *testing.F, dir string) {
	f.Helper()
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasPrefix(filepath.Base(path), "users.") {
			return err
		}
		data, err := os.ReadFile(path)
		if len(data) <= 64<<10 {
			f.Add(data)
		}
		return err
	})
	if err != nil {
		f.Fatal(err)
	}
}
