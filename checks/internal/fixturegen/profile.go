package main

import (
	"encoding/json"
	"fmt"
	"path"
	"slices"
	"strings"
	"time"
)

// This file writes the fixtures of the profile evidence, the users lists in
// the shapes people have, inputs that go unused, findings of one root cause
// and the ranking of an error page's likely causes.

// profileUser is one user of the lists below, as both CLIs know it.
type profileUser struct {
	name, display, given, family string
}

// profileIDStoreUsers are the Identity Store users of the nameid-user lists
// (the same as writeUsers').
var profileIDStoreUsers = []profileUser{
	{"alice@example.com", "Alice Example", "Alice", "Example"},
	{"bob@example.com", "Bob Example", "Bob", "Example"},
}

// profileConnectUsers are the Connect users (the same as writeConnectUsers').
var profileConnectUsers = []string{"alice@example.com", "alice_ops@example.com", "bob@example.com"}

// idstoreUserID is the UserId the Identity Store gives user n.
func idstoreUserID(n string) string {
	return idcStoreID[2:] + "-" + uuidFrom("idstore-user/"+n)
}

// connectUserOf returns user n as aws connect list-users prints it.
func connectUserOf(i int, n string) connectUser {
	id := fmt.Sprintf("%x-%x-%x-%x-%x", pseudoRandom("connect-user/"+n, 4), pseudoRandom("a/"+n, 2), pseudoRandom("b/"+n, 2), pseudoRandom("c/"+n, 2), pseudoRandom("d/"+n, 6))
	return connectUser{
		ID: id, Arn: "arn:aws:connect:us-east-1:123456789012:instance/" + connectInstance + "/agent/" + id, Username: n,
		LastModifiedTime: fixtureTime().Add(-time.Duration(24*(i+1)) * time.Hour).Format("2006-01-02T15:04:05-07:00"), LastModifiedRegion: "us-east-1",
	}
}

// idstoreJSON returns users as `aws identitystore list-users` prints them
// (four-space indent), with a NextToken when next is not "".
func idstoreJSON(users []profileUser, next string) ([]byte, error) {
	var list []identityStoreUser
	for _, u := range users {
		list = append(list, identityStoreUser{
			UserName: u.name, UserID: idstoreUserID(u.name), Name: personName{FamilyName: u.family, GivenName: u.given},
			DisplayName: u.display, Emails: []emailEntry{{Value: u.name, Type: "work", Primary: true}}, IdentityStoreID: idcStoreID,
		})
	}
	doc := struct {
		Users     []identityStoreUser `json:"Users"`
		NextToken string              `json:"NextToken,omitempty"`
	}{list, next}
	js, err := json.MarshalIndent(doc, "", "    ")
	return append(js, '\n'), err
}

// nextToken is a pagination token as the CLI prints it.
const nextToken = "AAMA-EFRSurW9Y2V0YWxpY2VAZXhhbXBsZS5jb20tcGFnZTI="

// idstoreText is `aws identitystore list-users --output text`: a USERS
// line per user, its scalars in the alphabetical order of their keys, then
// its nested objects.
func idstoreText(users []profileUser) string {
	var b strings.Builder
	for _, u := range users {
		fmt.Fprintf(&b, "USERS\t%s\t%s\t%s\t%s\n", u.display, idcStoreID, idstoreUserID(u.name), u.name)
		fmt.Fprintf(&b, "EMAILS\tTrue\twork\t%s\n", u.name)
		fmt.Fprintf(&b, "NAME\t%s\t%s\n", u.family, u.given)
	}
	return b.String()
}

// idstoreYAML is `aws identitystore list-users --output yaml`.
func idstoreYAML(users []profileUser) string {
	var b strings.Builder
	b.WriteString("Users:\n")
	for _, u := range users {
		fmt.Fprintf(&b, "- DisplayName: %s\n  Emails:\n  - Primary: true\n    Type: work\n    Value: %s\n  IdentityStoreId: %s\n", u.display, u.name, idcStoreID)
		fmt.Fprintf(&b, "  Name:\n    FamilyName: %s\n    GivenName: %s\n  UserId: %s\n  UserName: %s\n", u.family, u.given, idstoreUserID(u.name), u.name)
	}
	return b.String()
}

// awsTable renders the AWS CLI's --output table: nested sections, each a
// title row, an optional header row and rows, framed by one more | per
// level.
type awsTable struct {
	width int
	b     strings.Builder
}

func (t *awsTable) bars(depth int) string { return strings.Repeat("|", depth) }

func (t *awsTable) border(depth int, widths []int) {
	if depth == 0 {
		t.b.WriteString(strings.Repeat("-", t.width) + "\n")
		return
	}
	var parts []string
	for _, w := range widths {
		parts = append(parts, strings.Repeat("-", w))
	}
	t.b.WriteString(t.bars(depth-1) + "+" + strings.Join(parts, "+") + "+" + t.bars(depth-1) + "\n")
}

func (t *awsTable) title(depth int, s string) {
	pad := t.width - 2*depth - len(s)
	t.b.WriteString(t.bars(depth) + strings.Repeat(" ", pad/2) + s + strings.Repeat(" ", pad-pad/2) + t.bars(depth) + "\n")
}

func (t *awsTable) row(depth int, widths []int, cells []string, center bool) {
	var parts []string
	for i, c := range cells {
		pad := widths[i] - len(c)
		if center {
			parts = append(parts, strings.Repeat(" ", pad/2)+c+strings.Repeat(" ", pad-pad/2))
		} else {
			parts = append(parts, "  "+c+strings.Repeat(" ", pad-2))
		}
	}
	t.b.WriteString(t.bars(depth) + strings.Join(parts, "|") + t.bars(depth) + "\n")
}

// widths returns the column widths of a section at depth: each column as
// wide as its widest cell and some room, the last one taking what is left
// of the table's width.
func (t *awsTable) widths(depth int, header []string, rows [][]string) []int {
	w := make([]int, len(header))
	for i, h := range header {
		w[i] = len(h) + 4
		for _, r := range rows {
			w[i] = max(w[i], len(r[i])+4)
		}
	}
	used := len(w) - 1
	for _, x := range w {
		used += x
	}
	w[len(w)-1] += max(0, t.width-2*depth-used)
	return w
}

// section writes a titled section at depth with a header and rows.
func (t *awsTable) section(depth int, title string, header []string, rows [][]string) {
	w := t.widths(depth, header, rows)
	t.title(depth, title)
	t.border(depth, w)
	t.row(depth, w, header, true)
	t.border(depth, w)
	for _, r := range rows {
		t.row(depth, w, r, false)
	}
	t.border(depth, w)
}

// idstoreTable is `aws identitystore list-users --output table`.
func idstoreTable(users []profileUser) string {
	t := &awsTable{width: 140}
	t.border(0, nil)
	t.title(1, "ListUsers")
	t.border(1, []int{t.width - 2})
	for _, u := range users {
		t.section(2, "Users", []string{"DisplayName", "IdentityStoreId", "UserId", "UserName"},
			[][]string{{u.display, idcStoreID, idstoreUserID(u.name), u.name}})
		t.section(3, "Emails", []string{"Primary", "Type", "Value"}, [][]string{{"True", "work", u.name}})
		t.section(3, "Name", []string{"FamilyName", "GivenName"}, [][]string{{u.family, u.given}})
	}
	return t.b.String()
}

// connectTable is `aws connect list-users --output table`.
func connectTable(names []string) string {
	t := &awsTable{width: 260}
	t.border(0, nil)
	t.title(1, "ListUsers")
	t.border(1, []int{t.width - 2})
	var rows [][]string
	for i, n := range names {
		u := connectUserOf(i, n)
		rows = append(rows, []string{u.Arn, u.ID, u.LastModifiedRegion, u.LastModifiedTime, u.Username})
	}
	t.section(2, "UserSummaryList", []string{"Arn", "Id", "LastModifiedRegion", "LastModifiedTime", "Username"}, rows)
	return t.b.String()
}

// connectText is `aws connect list-users --output text`.
func connectText(names []string) string {
	var b strings.Builder
	for i, n := range names {
		u := connectUserOf(i, n)
		fmt.Fprintf(&b, "USERSUMMARYLIST\t%s\t%s\t%s\t%s\t%s\n", u.Arn, u.ID, u.LastModifiedRegion, u.LastModifiedTime, u.Username)
	}
	return b.String()
}

// connectJSON is `aws connect list-users` (JSON).
func connectJSON(names []string) ([]byte, error) {
	var users []connectUser
	for i, n := range names {
		users = append(users, connectUserOf(i, n))
	}
	js, err := json.MarshalIndent(struct {
		UserSummaryList []connectUser `json:"UserSummaryList"`
	}{users}, "", "    ")
	return append(js, '\n'), err
}

// usersFile is a users list written beside fixtures.
type usersFile struct {
	dir, name string
	data      func() ([]byte, error)
}

func fixedText(s string) func() ([]byte, error) {
	return func() ([]byte, error) { return []byte(s), nil }
}

// profileUsersFiles lists the users lists the profile fixtures read.
func profileUsersFiles() []usersFile {
	const (
		nameidPass  = "rules/idc/nameid-user/pass"
		nameidFail  = "rules/idc/nameid-user/fail"
		connectPass = "rules/connect/role-session-name/pass"
		connectFail = "rules/connect/role-session-name/fail"
	)
	pages := func() ([]byte, error) {
		a, err := idstoreJSON(profileIDStoreUsers[:1], nextToken)
		if err != nil {
			return nil, err
		}
		b, err := idstoreJSON(profileIDStoreUsers[1:], "")
		return append(a, b...), err
	}
	var names []string
	for _, u := range profileIDStoreUsers {
		names = append(names, u.name)
	}
	query, _ := json.MarshalIndent(names, "", "    ")
	csv := "UserName,DisplayName,UserId\n"
	for _, u := range profileIDStoreUsers {
		csv += u.name + "," + u.display + "," + idstoreUserID(u.name) + "\n"
	}
	return []usersFile{
		{nameidPass, "users.query.json", fixedText(string(query) + "\n")},
		{nameidPass, "users.query.txt", fixedText(strings.Join(names, "\t") + "\n")},
		{nameidPass, "users.text.txt", fixedText(idstoreText(profileIDStoreUsers))},
		{nameidPass, "users.table.txt", fixedText(idstoreTable(profileIDStoreUsers))},
		{nameidPass, "users.csv", fixedText(csv)},
		{nameidPass, "users.yaml", fixedText(idstoreYAML(profileIDStoreUsers))},
		{nameidPass, "users.pages.json", pages},
		{nameidFail, "users.nexttoken.json", func() ([]byte, error) { return idstoreJSON(profileIDStoreUsers, nextToken) }},
		{nameidFail, "users.connect.json", func() ([]byte, error) { return connectJSON(profileConnectUsers) }},
		{connectPass, "users.text.txt", fixedText(connectText(profileConnectUsers))},
		{connectPass, "users.table.txt", fixedText(connectTable(profileConnectUsers))},
		{connectFail, "users.idstore.json", func() ([]byte, error) { return idstoreJSON(profileIDStoreUsers, "") }},
		{"rules/idc/nameid-format/fail", "users.txt", fixedText("alice@example.com\nbob@example.com\n")},
		{"rules/iam/role-session-name/pass", "users.txt", fixedText("alice@example.com\nbob@example.com\n")},
	}
}

// profileRuleFixtures lists the XML fixtures of this file.
func profileRuleFixtures() []ruleFixture {
	rsn := func(v string) func(*respOpts) { return samlAttr(attrRoleSession, v) }
	listed := func(file, users string) ruleFixture {
		return ruleFixture{rule: "idc/nameid-user", kind: "pass", file: file, users: users}
	}
	connectListed := func(file, users string) ruleFixture {
		f := connectFixture("connect/role-session-name", "pass", file, nil)
		f.users = users
		return f
	}
	otherACS := "https://us-east-1.signin.aws.amazon.com/platform/saml/acs/0b9f3c2d-7e6a-4d1c-8b5e-3f2a1c0d9e8b"
	guid := "8d4f7a1e-9b03-4f2b-b6c2-1c3d0a9e4e71"
	return []ruleFixture{
		// An Amazon Connect Response given as XML (no RelayState) with an
		// aws connect list-users JSON: profile auto must choose connect
		// and find the case-only difference.
		{rule: "connect/role-session-name", kind: "fail", file: "xml-connect-users.xml", base: "connect", profile: "auto",
			users: "users.json", mutate: rsn("Alice@Example.com")},
		// The wrong kind of list, both ways.
		{rule: "connect/role-session-name", kind: "fail", file: "identity-store-list.xml", base: "connect", profile: "connect",
			users: "users.idstore.json"},
		{rule: "idc/nameid-user", kind: "fail", file: "connect-list.xml", users: "users.connect.json"},
		// A list with a NextToken: a name missing from it is a warning.
		{rule: "idc/nameid-user", kind: "fail", file: "incomplete-list.xml", users: "users.nexttoken.json", mutate: nameID("carol@example.com")},
		// Users lists in every shape.
		listed("listed-query-json.xml", "users.query.json"),
		listed("listed-query-text.xml", "users.query.txt"),
		listed("listed-text.xml", "users.text.txt"),
		listed("listed-table.xml", "users.table.txt"),
		listed("listed-csv.xml", "users.csv"),
		listed("listed-yaml.xml", "users.yaml"),
		listed("listed-pages.xml", "users.pages.json"),
		connectListed("listed-text.xml", "users.text.txt"),
		connectListed("listed-table.xml", "users.table.txt"),
		// One root cause, three rules: a wrong ACS URL, and a GUID NameID
		// (Entra ID's persistent user.objectid).
		{rule: "idc/acs-url", kind: "fail", file: "wrong-acs-same-cause.xml", mutate: sendTo(otherACS),
			flags: map[string]string{"acs": idcACS}, also: []string{"saml/destination", "saml/recipient"}},
		{rule: "idc/nameid-format", kind: "fail", file: "guid-same-cause.xml", users: "users.txt",
			mutate: both(nameIDFormat(nameIDPersistent), nameID(guid)), also: []string{"idc/nameid-email", "idc/nameid-user"}},
		// A users list given for an IAM login goes unused; a role named
		// like Connect's is no evidence.
		{rule: "iam/role-session-name", kind: "pass", file: "unused-users.xml", base: "iam", profile: "auto", users: "users.txt"},
		{rule: "iam/role-session-name", kind: "pass", file: "connect-role-name.xml", base: "connect", profile: "auto"},
	}
}

// profileHARs are the error HARs of this file: a login that ends on
// Connect's "not onboarded" page with an error and a warning among its
// likely causes, the warning's rule ranked first for the page.
func profileHARs() []errorHAR {
	return []errorHAR{
		{rule: "error/connect-not-onboarded", kind: "fail", file: "ranked-causes.har", browser: chrome, flow: connectFlow,
			mutate: errSAMLAttr(attrRoleSession, "alice ops@example.com"),
			end: &endPage{status: 403, mime: "text/html;charset=UTF-8", body: []byte(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Amazon Connect</title></head><body>` +
				`<h2>Access Denied. Your account has been authenticated, but has not been onboarded to this application.</h2></body></html>` + "\n")},
			also: []string{"connect/role-session-name", "iam/role-session-name"}},
	}
}

// writeProfileFixtures writes the fixtures of this file.
func (g *generator) writeProfileFixtures() error {
	for _, u := range profileUsersFiles() {
		data, err := u.data()
		if err != nil {
			return fmt.Errorf("%s/%s: %w", u.dir, u.name, err)
		}
		if err := g.write(path.Join(u.dir, u.name), data); err != nil {
			return err
		}
	}
	if err := g.writeRuleXMLs(profileRuleFixtures()); err != nil {
		return err
	}
	assets, err := newIdPAssets()
	if err != nil {
		return err
	}
	for _, f := range profileHARs() {
		rel := path.Join("rules", f.rule, f.kind, f.file)
		data, err := f.build(g, assets)
		if err != nil {
			return fmt.Errorf("%s: %w", rel, err)
		}
		e := expect{want: append(slices.Clone(f.also), f.rule), profile: "auto", at: checkTime()}
		slices.Sort(e.want)
		if err := g.writeWithSidecar(rel, data, e); err != nil {
			return err
		}
	}
	return nil
}
