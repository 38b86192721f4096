// Package users reads the users list a service provider holds (the
// --users file of samlcheck): the output of `aws identitystore list-users`
// or `aws connect list-users` in any of the CLI's output forms, CSV, or one
// name a line. Parse reads a file into a *List, whose Match tells whether a
// SAML NameID or RoleSessionName names a listed user exactly, or only up to
// case; its Kind is evidence of the service the list comes from.
//
// The package reads lists and judges no login: package checks takes a List
// in Config.Users, and its rules (idc/nameid-user,
// connect/role-session-name) and profile choice use it.
package users

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"
)

// Kind says which service a users list was taken from, as far as its
// shape tells.
type Kind string

// The kinds of users list.
const (
	// Unknown is a list whose shape names no service: one name a
	// line, a JSON array of strings, a CSV column.
	Unknown Kind = ""
	// IdentityStore is the IAM Identity Center identity store's list
	// (`aws identitystore list-users`: "Users" with "UserName").
	IdentityStore Kind = "identity-store"
	// Connect is Amazon Connect's list (`aws connect list-users`:
	// "UserSummaryList" with "Username"; `aws connect search-users`).
	Connect Kind = "connect"
)

// Describe names the kind for people: the command that prints such a list.
func (k Kind) Describe() string {
	switch k {
	case IdentityStore:
		return "an IAM Identity Center list (aws identitystore list-users)"
	case Connect:
		return "an Amazon Connect list (aws connect list-users)"
	}
	return "a list of user names"
}

// List is a list of usernames as the service provider stores them.
type List struct {
	// Source names where the list came from (a file name).
	Source string
	// Names holds the usernames in their original case, sorted.
	Names []string
	// Kind is the service the list's shape says it comes from.
	Kind Kind
	// Format names the shape it was read from ("lines", "json", "csv",
	// "aws-text", "aws-table").
	Format string
	// Incomplete, when not empty, says why the list may not hold every
	// user (a NextToken: the CLI printed one page).
	Incomplete string
	// Pages is the number of JSON documents read (pages of one list).
	Pages int

	exact  map[string]bool
	folded map[string]string
}

// New builds a users list from names; source names where they came from.
func New(source string, names []string) *List {
	u := &List{Source: source, exact: map[string]bool{}, folded: map[string]string{}}
	for _, n := range names {
		n = strings.TrimSpace(n)
		if n == "" || u.exact[n] {
			continue
		}
		u.exact[n] = true
		u.Names = append(u.Names, n)
		if _, ok := u.folded[strings.ToLower(n)]; !ok {
			u.folded[strings.ToLower(n)] = n
		}
	}
	sort.Strings(u.Names)
	return u
}

// Match looks name up. It returns exact when the list holds name exactly;
// otherwise caseOnly is the listed name that differs from name only by case,
// if any.
func (u *List) Match(name string) (exact bool, caseOnly string) {
	if u.exact[name] {
		return true, ""
	}
	return false, u.folded[strings.ToLower(name)]
}

// Error says why a users list could not be read: the file, the line
// (0 when it concerns the whole file) and what was expected there.
type Error struct {
	// File is the users file as given.
	File string
	// Line is the 1-based line the problem is on; 0 for the whole file.
	Line int
	// Problem says what was found and what was expected.
	Problem string
	// Err is the underlying error (JSON, CSV), if any.
	Err error
}

// Error returns "checks: users file NAME: line N: problem: err".
func (e *Error) Error() string {
	s := "checks: users file " + e.File + ": "
	if e.Line > 0 {
		s += fmt.Sprintf("line %d: ", e.Line)
	}
	s += e.Problem
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// Parse reads a users list in any of the shapes people have:
//   - one username a line (blank lines and lines starting with # ignored);
//   - the JSON of `aws identitystore list-users` ({"Users":[{"UserName":…}]})
//     or `aws connect list-users` ({"UserSummaryList":[{"Username":…}]}), a
//     bare array of such objects, or a JSON array of strings (`--query
//     'Users[].UserName'`); several documents one after the other are read
//     as pages of one list, and a NextToken in the last one marks the list
//     as possibly incomplete;
//   - the `--output text`, `--output table` and `--output yaml` forms of both
//     commands (with or without `--query`);
//   - CSV whose header names the username column (UserName, Username, user
//     name, login).
//
// UTF-8 and UTF-16 byte-order marks (PowerShell's `>`) are honoured. An
// error is a *Error naming the file, the line and what was expected.
func Parse(name string, data []byte) (*List, error) {
	text, err := decodeText(data)
	if err != nil {
		return nil, &Error{File: name, Problem: "not UTF-8 or UTF-16 text", Err: err}
	}
	p := parser{file: name, text: text}
	var names []string
	trimmed := strings.TrimSpace(text)
	switch {
	case trimmed == "":
		p.format = "lines"
	case trimmed[0] == '{' || trimmed[0] == '[':
		p.format = "json"
		names, err = p.json()
	case yamlTop.MatchString(trimmed):
		p.format = "aws-yaml"
		names = p.yaml()
	case strings.HasPrefix(trimmed, "-") || strings.HasPrefix(trimmed, "+") || strings.HasPrefix(trimmed, "|"):
		p.format = "aws-table"
		names, err = p.table()
	case strings.Contains(trimmed, "\t"):
		p.format = "aws-text"
		names, err = p.awsText()
	default:
		var ok bool
		names, ok, err = p.csv()
		if !ok && err == nil {
			p.format = "lines"
			names = p.lines()
		}
	}
	if err != nil {
		return nil, err
	}
	u := New(name, names)
	u.Kind, u.Format, u.Incomplete, u.Pages = p.kind, p.format, p.incomplete, p.pages
	return u, nil
}

// decodeText decodes data as UTF-8, or as UTF-16 when it starts with a
// UTF-16 byte-order mark.
func decodeText(data []byte) (string, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return string(data[3:]), nil
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		be := data[0] == 0xFE
		data = data[2:]
		if len(data)%2 != 0 {
			return "", errors.New("UTF-16 text with an odd number of bytes")
		}
		u := make([]uint16, len(data)/2)
		for i := range u {
			if be {
				u[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
			} else {
				u[i] = uint16(data[2*i+1])<<8 | uint16(data[2*i])
			}
		}
		return string(utf16.Decode(u)), nil
	}
	return string(data), nil
}

// parser reads one users file; it records the shape found as it goes.
type parser struct {
	file, text string
	format     string
	kind       Kind
	incomplete string
	pages      int
}

func (p *parser) errorf(line int, err error, format string, args ...any) error {
	return &Error{File: p.file, Line: line, Problem: fmt.Sprintf(format, args...), Err: err}
}

// setKind records the kind one part of the list shows; parts that disagree
// make it unknown.
func (p *parser) setKind(k Kind, first bool) {
	if first {
		p.kind = k
	} else if p.kind != k {
		p.kind = Unknown
	}
}

// lineAt returns the 1-based line of byte offset off.
func (p *parser) lineAt(off int64) int {
	if off > int64(len(p.text)) {
		off = int64(len(p.text))
	}
	return strings.Count(p.text[:off], "\n") + 1
}

func (p *parser) lines() []string {
	var names []string
	sc := bufio.NewScanner(strings.NewReader(p.text))
	sc.Buffer(make([]byte, 64*1024), len(p.text)+1)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		names = append(names, line)
	}
	return names
}

// listDoc is one JSON document of either CLI's output.
type listDoc struct {
	Users           []json.RawMessage `json:"Users"`
	UserSummaryList []json.RawMessage `json:"UserSummaryList"`
	NextToken       *string           `json:"NextToken"`
}

type userJSON struct {
	UserName string `json:"UserName"` // identitystore
	Username string `json:"Username"` // connect
}

const jsonWant = `the JSON of aws identitystore list-users ({"Users":[{"UserName":…}]}), aws connect list-users ({"UserSummaryList":[{"Username":…}]}) or an array of user names`

func (p *parser) json() ([]string, error) {
	dec := json.NewDecoder(strings.NewReader(p.text))
	var names []string
	for {
		start := dec.InputOffset()
		var raw json.RawMessage
		err := dec.Decode(&raw)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, p.errorf(p.jsonErrLine(err, start), err, "expected %s", jsonWant)
		}
		line := p.lineAt(start + int64(leadingSpace(p.text[start:])))
		p.pages++
		got, next, err := p.jsonDoc(raw, line)
		if err != nil {
			return nil, err
		}
		names = append(names, got...)
		p.incomplete = ""
		if next != "" {
			what := "its JSON has a NextToken"
			if p.pages > 1 {
				what = fmt.Sprintf("its last JSON document (line %d) has a NextToken", line)
			}
			p.incomplete = what + ": the CLI printed one page (--max-items or --no-paginate); run it again without them"
		}
	}
	return names, nil
}

func leadingSpace(s string) int { return len(s) - len(strings.TrimLeft(s, " \t\r\n")) }

// jsonErrLine returns the line a JSON error points at.
func (p *parser) jsonErrLine(err error, start int64) int {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return p.lineAt(se.Offset)
	case errors.As(err, &te):
		return p.lineAt(te.Offset)
	}
	return p.lineAt(int64(len(p.text)))
}

// jsonDoc reads one document starting on line; next is its NextToken.
func (p *parser) jsonDoc(raw json.RawMessage, line int) (names []string, next string, err error) {
	first := p.pages == 1
	if raw[0] == '[' {
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return nil, "", p.errorf(line, err, "expected a JSON array of users or of user names")
		}
		names, kind, err := p.jsonItems(items, line, "")
		p.setKind(kind, first)
		return names, "", err
	}
	var doc listDoc
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, "", p.errorf(line, err, "expected %s", jsonWant)
	}
	if doc.Users == nil && doc.UserSummaryList == nil {
		return nil, "", p.errorf(line, nil, `JSON object has neither "Users" (aws identitystore list-users) nor "UserSummaryList" (aws connect list-users)`)
	}
	var kind Kind
	if doc.Users != nil {
		names, kind, err = p.jsonItems(doc.Users, line, "Users")
		if err != nil {
			return nil, "", err
		}
		if kind == Unknown {
			kind = IdentityStore
		}
	}
	if doc.UserSummaryList != nil {
		more, _, err := p.jsonItems(doc.UserSummaryList, line, "UserSummaryList")
		if err != nil {
			return nil, "", err
		}
		names = append(names, more...)
		kind = Connect
		if doc.Users != nil {
			kind = Unknown
		}
	}
	p.setKind(kind, first)
	if doc.NextToken != nil {
		next = *doc.NextToken
	}
	return names, next, nil
}

// jsonItems reads the users of one array: objects with UserName (Identity
// Store) or Username (Connect), or strings.
func (p *parser) jsonItems(items []json.RawMessage, line int, list string) ([]string, Kind, error) {
	var names []string
	var kinds []Kind
	where := "the array"
	if list != "" {
		where = `"` + list + `"`
	}
	for i, it := range items {
		var s string
		if len(it) > 0 && it[0] == '"' && json.Unmarshal(it, &s) == nil {
			names = append(names, s)
			continue
		}
		var u userJSON
		if err := json.Unmarshal(it, &u); err != nil {
			return nil, "", p.errorf(line, err, "user %d in %s: expected an object with UserName or Username, or a string", i, where)
		}
		switch {
		case u.UserName != "":
			names = append(names, u.UserName)
			kinds = append(kinds, IdentityStore)
		case u.Username != "":
			names = append(names, u.Username)
			kinds = append(kinds, Connect)
		default:
			return nil, "", p.errorf(line, nil, "user %d in %s has no UserName or Username", i, where)
		}
	}
	kind := Unknown
	for i, k := range kinds {
		if i == 0 {
			kind = k
		} else if k != kind {
			kind = Unknown
			break
		}
	}
	return names, kind, nil
}

// usernameHeader matches a CSV or table header naming the username column.
var usernameHeader = regexp.MustCompile(`(?i)^\s*"?(user[ _-]?name|login|user[ _-]?login)"?\s*$`)

// csv reads CSV whose header names the username column; ok is false when
// the text does not look like CSV (then it is read as one name a line).
func (p *parser) csv() (names []string, ok bool, err error) {
	body := strings.TrimLeft(p.text, "\r\n")
	skipped := strings.Count(p.text[:len(p.text)-len(body)], "\n")
	header, _, _ := strings.Cut(body, "\n")
	if strings.HasPrefix(header, "#") || !strings.Contains(header, ",") && !strings.Contains(header, ";") {
		return nil, false, nil
	}
	r := csv.NewReader(strings.NewReader(body))
	if strings.Count(header, ";") > strings.Count(header, ",") {
		r.Comma = ';' // Excel in locales with a decimal comma
	}
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	rows, err := r.ReadAll()
	if err != nil {
		var pe *csv.ParseError
		line := 0
		if errors.As(err, &pe) {
			line = pe.Line + skipped
		}
		return nil, true, p.errorf(line, err, "expected CSV with a header naming the username column")
	}
	col := -1
	for i, h := range rows[0] {
		if usernameHeader.MatchString(h) {
			col = i
			break
		}
	}
	if col < 0 {
		if len(rows) > 1 && len(rows[1]) == len(rows[0]) && len(rows[0]) > 1 {
			return nil, true, p.errorf(1+skipped, nil, "CSV header %q names no username column; expected one named UserName, Username, user name or login", strings.Join(rows[0], ","))
		}
		return nil, false, nil // names that happen to contain a comma
	}
	p.format = "csv"
	for i, row := range rows[1:] {
		if col >= len(row) {
			return nil, true, p.errorf(i+2+skipped, nil, "CSV row has %d columns; expected the username in column %d (%s)", len(row), col+1, rows[0][col])
		}
		names = append(names, row[col])
	}
	return names, true, nil
}

// yamlTop matches the first line of both CLIs' --output yaml.
var yamlTop = regexp.MustCompile(`^(Users|UserSummaryList|NextToken):`)

// yamlName matches a line of --output yaml that holds a user's name.
var yamlName = regexp.MustCompile(`^\s*(- )?\s*(UserName|Username):\s*(.*?)\s*$`)

// yaml reads `--output yaml`: each user's UserName (Identity Store) or
// Username (Connect) key, and a NextToken that is not null.
func (p *parser) yaml() []string {
	var names []string
	for i, line := range strings.Split(p.text, "\n") {
		line = strings.TrimRight(line, "\r")
		if m := yamlName.FindStringSubmatch(line); m != nil {
			kind := IdentityStore
			if m[2] == "Username" {
				kind = Connect
			}
			p.setKind(kind, len(names) == 0)
			names = append(names, unquoteYAML(m[3]))
			continue
		}
		if v, ok := strings.CutPrefix(line, "NextToken:"); ok && strings.TrimSpace(v) != "" && strings.TrimSpace(v) != "null" {
			p.incomplete = fmt.Sprintf("line %d holds a NextToken: the CLI printed one page (--max-items or --no-paginate); run it again without them", i+1)
		}
	}
	return names
}

// unquoteYAML removes the quotes of a quoted YAML scalar.
func unquoteYAML(v string) string {
	if len(v) >= 2 && (v[0] == '\'' && v[len(v)-1] == '\'' || v[0] == '"' && v[len(v)-1] == '"') {
		if v[0] == '"' {
			if u, err := strconv.Unquote(v); err == nil {
				return u
			}
		}
		return strings.ReplaceAll(v[1:len(v)-1], "''", "'")
	}
	return v
}

// idstoreUserID matches an Identity Store UserId ("9067c1a2b3-" and a UUID,
// or a UUID alone).
var idstoreUserID = regexp.MustCompile(`^([0-9a-f]{10}-)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// awsText reads `--output text`. The AWS CLI prints one line per object of
// a list, its first column the list's name upper-cased (USERS,
// USERSUMMARYLIST) and the object's scalar values after it in the
// alphabetical order of the keys all objects of the list have (an absent
// value is an empty column); nested objects (NAME, EMAILS, …) get lines of
// their own, and top-level scalars (the NextToken of --no-paginate) a line
// without a name. It prints each page so, and after the last page it
// fetched under --max-items a line NEXTTOKEN <token>. With --query
// 'Users[].UserName' it prints each page's names on one line, separated by
// tabs, and None for the token. (AWS CLI awscli/text.py and formatter.py.)
//
// In an Identity Store USERS line the UserName column follows the UserId
// (no key sorts between them); in a Connect USERSUMMARYLIST line the
// Username is last (Arn, Id, LastModifiedRegion, LastModifiedTime,
// Username).
func (p *parser) awsText() ([]string, error) {
	lines := strings.Split(p.text, "\n")
	structured := false
	for _, line := range lines {
		structured = structured || strings.HasPrefix(line, "USERS\t") || strings.HasPrefix(line, "USERSUMMARYLIST\t")
	}
	var names []string
	var bare []int // lines without a list name: top-level values
	for i, line := range lines {
		n := i + 1
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		cols := strings.Split(line, "\t")
		switch {
		case cols[0] == "NEXTTOKEN":
			// the token the CLI prints after the last page it fetched
			// (--max-items): {"NextToken": {"NextToken": …}}
			bare = append(bare, n)
		case !structured && line == "None" && i >= len(lines)-2:
			// the same token line under --query, which finds no names
			// in it and prints None
			bare = append(bare, n)
		case !structured:
			names = append(names, cols...) // --query 'Users[].UserName'
		case cols[0] == "USERS" && len(cols) > 2 && strings.HasPrefix(cols[1], "arn:") && strings.Contains(cols[1], ":connect:"):
			// aws connect search-users: Arn first, Username last.
			p.setKind(Connect, len(names) == 0)
			names = append(names, cols[len(cols)-1])
		case cols[0] == "USERS":
			p.setKind(IdentityStore, len(names) == 0)
			name := ""
			for j := 1; j+1 < len(cols); j++ {
				if idstoreUserID.MatchString(cols[j]) {
					name = cols[j+1]
					break
				}
			}
			if name == "" {
				return nil, p.errorf(n, nil, "a USERS line of aws identitystore list-users --output text without a UserId column followed by the UserName; expected the full output, or --query 'Users[].UserName'")
			}
			names = append(names, name)
		case cols[0] == "USERSUMMARYLIST":
			p.setKind(Connect, len(names) == 0)
			if len(cols) < 2 || strings.TrimSpace(cols[len(cols)-1]) == "" {
				return nil, p.errorf(n, nil, "a USERSUMMARYLIST line of aws connect list-users --output text without the Username as its last column")
			}
			names = append(names, cols[len(cols)-1])
		case len(cols) > 1 && awsTextName.MatchString(cols[0]):
			// a nested object of a user (NAME, EMAILS, IDENTITYINFO, …)
		default:
			bare = append(bare, n)
		}
	}
	if len(bare) > 0 {
		p.incomplete = fmt.Sprintf("line %d holds the NextToken the CLI prints when it stopped after one page (--max-items or --no-paginate); run the command again without them", bare[len(bare)-1])
	}
	return names, nil
}

// awsTextName matches the first column of a line of --output text that
// names the object it shows: a key, upper-cased.
var awsTextName = regexp.MustCompile(`^[A-Z][A-Z0-9]+$`)

// table reads `--output table`: boxes of | separated cells, each list a
// section with a title row, a header row of key names and a row per
// object; a list of strings (--query 'Users[].UserName') is a section of
// one-cell rows under the title.
func (p *parser) table() ([]string, error) {
	var names []string
	col := -1 // the username column of the current header, if any
	title := ""
	sawTitle := false
	for i, line := range strings.Split(p.text, "\n") {
		n := i + 1
		line = strings.TrimSpace(strings.TrimRight(line, "\r"))
		if line == "" {
			continue
		}
		if strings.Trim(line, "-+|") == "" {
			continue // a border
		}
		if !strings.HasPrefix(line, "|") {
			return nil, p.errorf(n, nil, "expected a row of aws … --output table (starting with |)")
		}
		inner := strings.Trim(line, "|")
		inner = strings.TrimPrefix(strings.TrimSuffix(inner, "+"), "+")
		cells := strings.Split(inner, "|")
		for j := range cells {
			cells[j] = strings.TrimSpace(cells[j])
		}
		if len(cells) == 1 {
			c := cells[0]
			switch {
			case !sawTitle:
				sawTitle, title = true, c
			case c == "Users" || c == "UserSummaryList":
				title = c
				col = -1
				if c == "UserSummaryList" {
					p.setKind(Connect, len(names) == 0)
				}
			case title == "ListUsers" || title == "SearchUsers":
				names = append(names, c) // --query 'Users[].UserName'
			default:
				title = c // another section (Name, Emails, …)
				col = -1
			}
			continue
		}
		if len(cells) == 2 && usernameHeader.MatchString(cells[0]) {
			names = append(names, cells[1]) // a user shown as key | value rows
			continue
		}
		header := -1
		for j, c := range cells {
			if usernameHeader.MatchString(c) {
				header = j
			}
		}
		if header >= 0 {
			col = header
			if cells[header] == "UserName" || slices.Contains(cells, "IdentityStoreId") {
				p.setKind(IdentityStore, len(names) == 0)
			} else if cells[header] == "Username" {
				p.setKind(Connect, len(names) == 0)
			}
			continue
		}
		if slices.Contains(cells, "NextToken") {
			continue
		}
		if col >= 0 && col < len(cells) && (title == "Users" || title == "UserSummaryList") {
			names = append(names, cells[col])
		}
	}
	if len(names) == 0 && !strings.Contains(p.text, "UserName") && !strings.Contains(p.text, "Username") {
		return nil, p.errorf(0, nil, "a table without a UserName or Username column; expected the output of aws identitystore list-users or aws connect list-users with --output table")
	}
	if strings.Contains(p.text, "NextToken") {
		p.incomplete = "the table shows a NextToken: the CLI printed one page (--max-items or --no-paginate); run the command again without them"
	}
	return names, nil
}
