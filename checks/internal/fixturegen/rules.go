package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"path"
	"slices"
	"strings"
	"time"
)

// ruleFixture is one XML fixture: testdata/rules/<rule>/<kind>/<file>, the
// base response changed by mutate. A fail fixture wants exactly its rule, a
// pass fixture nothing.
type ruleFixture struct {
	rule, kind, file string
	abac             bool
	users            string
	mutate           func(*respOpts)
	// profile is the profile to check with ("" = identity-center).
	profile string
	// base builds the response to mutate ("" = idcResponse; "iam",
	// "connect" for the IAM and Connect responses).
	base string
	// also lists rules the fixture triggers besides its own (a fail fixture
	// wants its rule plus these; a pass fixture these alone).
	also []string
	// flags are further expectation keys (idp-cert=…, acs=…, at=… as a
	// duration offset "at+": see expect).
	flags map[string]string
	// at overrides the reference time (zero = checkTime()).
	at time.Time
	// write, when set, writes the fixture instead of writeXML (for example
	// as a form body with a .want sidecar); rel is its path under g.out.
	write func(g *generator, rel string, xml []byte, e expect) error
	// extra, when set, writes further files the fixture refers to (such as
	// metadata) into its folder dir, a path under g.out.
	extra func(g *generator, dir string) error
}

// respOpts returns the response the fixture describes.
func (f ruleFixture) respOpts() respOpts {
	name := strings.TrimSuffix(f.file, path.Ext(f.file))
	id := path.Base(f.rule) + "-" + f.kind + "-" + name
	var o respOpts
	switch f.base {
	case "iam":
		o = iamResponse(id, iamRole)
	case "connect":
		o = iamResponse(id, connectRole)
	default:
		o = idcResponse(id)
	}
	if f.mutate != nil {
		f.mutate(&o)
	}
	return o
}

// expect returns the fixture's expectation.
func (f ruleFixture) expect() expect {
	e := expect{profile: "identity-center", abac: f.abac, users: f.users, at: checkTime(), flags: f.flags}
	if f.profile != "" {
		e.profile = f.profile
	}
	if !f.at.IsZero() {
		e.at = f.at
	}
	e.want = append(e.want, f.also...)
	if o := f.respOpts(); (o.encryption != "" || o.seal != nil) && f.flags["sp-key"] == "" && f.rule != "saml/decryption" {
		// Nothing inside an EncryptedAssertion is checked without the key.
		e.want = append(e.want, "saml/decryption")
	}
	if f.kind == "fail" {
		e.want = append(e.want, f.rule)
	}
	slices.Sort(e.want)
	return e
}

// nameIDFormat sets the NameID Format ("" leaves it out).
func nameIDFormat(format string) func(*respOpts) {
	return func(o *respOpts) { o.nameIDFormat = format }
}

// nameID sets the NameID value.
func nameID(value string) func(*respOpts) {
	return func(o *respOpts) { o.nameID = value }
}

// style sets the namespace style.
func style(st nsStyle) func(*respOpts) {
	return func(o *respOpts) { o.style = st }
}

// both applies two mutators.
func both(a, b func(*respOpts)) func(*respOpts) {
	return func(o *respOpts) { a(o); b(o) }
}

// assertionCount sets the number of plain assertions.
func assertionCount(n int) func(*respOpts) {
	return func(o *respOpts) { o.assertions = n }
}

// encrypted replaces the assertion with an EncryptedAssertion using alg;
// only the Response can then be signed.
func encrypted(alg string) func(*respOpts) {
	return func(o *respOpts) {
		o.assertions = 0
		o.encryption = alg
		o.signAssert = false
	}
}

// withAttrs replaces the attributes (ABAC ones are named
// https://aws.amazon.com/SAML/Attributes/AccessControl:<key>).
func withAttrs(attrs ...attribute) func(*respOpts) {
	return func(o *respOpts) { o.attrs = attrs }
}

// accessControl returns an ABAC attribute with NameFormat uri.
func accessControl(key string, values ...string) attribute {
	return attribute{name: attrAccessControl + key, nameFormat: attrFormatURI, values: values}
}

// ordinaryPlus returns the ordinary attributes followed by extra.
func ordinaryPlus(extra ...attribute) []attribute {
	return append(ordinaryAttrs(), extra...)
}

// abacAttrs returns the ordinary attributes plus CostCenter and a Department
// attribute changed by dept.
func abacAttrs(dept func(*attribute)) []attribute {
	d := accessControl("Department", "eng")
	if dept != nil {
		dept(&d)
	}
	return ordinaryPlus(accessControl("CostCenter", "1234"), d)
}

// numberedAccessControl returns n ABAC attributes key01…keyNN.
func numberedAccessControl(n int) []attribute {
	attrs := make([]attribute, n)
	for i := range attrs {
		attrs[i] = accessControl(fmt.Sprintf("key%02d", i+1), fmt.Sprintf("value%02d", i+1))
	}
	return attrs
}

// ruleFixtures lists the XML rule fixtures.
func ruleFixtures() []ruleFixture {
	deptFormat := func(format string) func(*attribute) {
		return func(a *attribute) { a.nameFormat = format }
	}
	return []ruleFixture{
		{rule: "idc/nameid-format", kind: "fail", file: "unspecified.xml", mutate: nameIDFormat(nameIDUnspecified)},
		{rule: "idc/nameid-format", kind: "fail", file: "unspecified-default-ns.xml", mutate: both(style(styleDefaultNS), nameIDFormat(nameIDUnspecified))},
		{rule: "idc/nameid-format", kind: "fail", file: "absent.xml", mutate: nameIDFormat("")},
		{rule: "idc/nameid-format", kind: "fail", file: "persistent.xml", mutate: nameIDFormat(nameIDPersistent)},
		{rule: "idc/nameid-format", kind: "pass", file: "email-address.xml"},
		{rule: "idc/nameid-format", kind: "pass", file: "email-address-saml2.xml", mutate: style(styleSAML2)},
		{rule: "idc/nameid-format", kind: "pass", file: "email-address-default-ns.xml", mutate: style(styleDefaultNS)},

		{rule: "idc/nameid-email", kind: "fail", file: "down-level.xml", mutate: nameID(`CORP\alice`)},
		{rule: "idc/nameid-email", kind: "fail", file: "entra-guest.xml", mutate: both(style(styleDefaultNS), nameID("alice_example.com#EXT#@contoso.onmicrosoft.com"))},
		{rule: "idc/nameid-email", kind: "fail", file: "no-domain.xml", mutate: nameID("alice")},
		{rule: "idc/nameid-email", kind: "pass", file: "email.xml"},

		{rule: "idc/nameid-user", kind: "fail", file: "case-only.xml", users: "users.txt", mutate: nameID("Alice@Example.com")},
		{rule: "idc/nameid-user", kind: "fail", file: "not-in-list.xml", users: "users.json", mutate: nameID("carol@example.com")},
		{rule: "idc/nameid-user", kind: "pass", file: "listed-txt.xml", users: "users.txt"},
		{rule: "idc/nameid-user", kind: "pass", file: "listed-json.xml", users: "users.json"},

		{rule: "idc/assertion-count", kind: "fail", file: "two-assertions.xml", mutate: assertionCount(2)},
		{rule: "idc/assertion-count", kind: "fail", file: "no-assertion.xml", mutate: assertionCount(0)},
		{rule: "idc/assertion-count", kind: "pass", file: "one-assertion.xml"},

		{rule: "idc/encrypted-assertion", kind: "fail", file: "aes256-cbc.xml", mutate: encrypted(encAES256CBC)},
		{rule: "idc/encrypted-assertion", kind: "fail", file: "aes128-gcm-saml2.xml", mutate: both(style(styleSAML2), encrypted(encAES128GCM))},
		{rule: "idc/encrypted-assertion", kind: "pass", file: "plain.xml"},

		{rule: "idc/abac-attribute-count", kind: "fail", file: "51-attributes.xml", abac: true, mutate: withAttrs(numberedAccessControl(51)...)},
		{rule: "idc/abac-attribute-count", kind: "pass", file: "50-attributes.xml", abac: true, mutate: withAttrs(numberedAccessControl(50)...)},

		{rule: "idc/abac-multi-valued", kind: "fail", file: "two-values.xml", abac: true, mutate: withAttrs(abacAttrs(func(a *attribute) { a.values = []string{"eng", "sales"} })...)},
		{rule: "idc/abac-multi-valued", kind: "pass", file: "single-values.xml", abac: true, mutate: withAttrs(abacAttrs(nil)...)},

		{rule: "idc/abac-duplicate-name", kind: "fail", file: "duplicate.xml", abac: true, mutate: withAttrs(append(abacAttrs(nil), accessControl("Department", "sales"))...)},
		{rule: "idc/abac-duplicate-name", kind: "pass", file: "distinct.xml", abac: true, mutate: withAttrs(append(abacAttrs(nil), accessControl("Division", "sales"))...)},

		{rule: "idc/abac-xml-value", kind: "fail", file: "element-value.xml", abac: true, mutate: withAttrs(abacAttrs(func(a *attribute) { a.xmlValue = true })...)},
		{rule: "idc/abac-xml-value", kind: "pass", file: "text-values.xml", abac: true, mutate: withAttrs(abacAttrs(nil)...)},

		{rule: "idc/abac-name-format", kind: "fail", file: "unspecified.xml", abac: true, mutate: withAttrs(abacAttrs(deptFormat(attrFormatUnspecified))...)},
		{rule: "idc/abac-name-format", kind: "fail", file: "not-a-uri.xml", abac: true, mutate: withAttrs(abacAttrs(deptFormat("email"))...)},
		{rule: "idc/abac-name-format", kind: "pass", file: "uri.xml", abac: true, mutate: withAttrs(abacAttrs(nil)...)},
		{rule: "idc/abac-name-format", kind: "pass", file: "basic.xml", abac: true, mutate: withAttrs(ordinaryPlus(
			attribute{name: attrAccessControl + "CostCenter", nameFormat: attrFormatBasic, values: []string{"1234"}},
			attribute{name: attrAccessControl + "Department", nameFormat: attrFormatBasic, values: []string{"eng"}},
		)...)},
	}
}

// writeRuleXMLs writes each fixture's signed response to
// testdata/rules/<rule>/<kind>/<file> (with f.write when set) and its
// extra files.
func (g *generator) writeRuleXMLs(fs []ruleFixture) error {
	for _, f := range fs {
		xml, err := g.signedResponse(f.respOpts())
		if err != nil {
			return fmt.Errorf("%s/%s/%s: %w", f.rule, f.kind, f.file, err)
		}
		write := (*generator).writeXML
		if f.write != nil {
			write = f.write
		}
		if err := write(g, path.Join("rules", f.rule, f.kind, f.file), xml, f.expect()); err != nil {
			return err
		}
		if f.extra != nil {
			if err := f.extra(g, path.Join("rules", f.rule, f.kind)); err != nil {
				return fmt.Errorf("%s/%s/%s: %w", f.rule, f.kind, f.file, err)
			}
		}
	}
	return nil
}

// writeRuleFixtures writes testdata/rules/.
func (g *generator) writeRuleFixtures() error {
	if err := g.writeRuleXMLs(slices.Concat(ruleFixtures(), samlRuleFixtures(), signatureRuleFixtures(), iamRuleFixtures(), errorRuleFixtures())); err != nil {
		return err
	}
	for _, kind := range []string{"fail", "pass"} {
		if err := g.writeUsers(path.Join("rules/idc/nameid-user", kind)); err != nil {
			return err
		}
	}
	if err := g.writeDecryptionFixtures(); err != nil {
		return err
	}
	return g.writeDecodeFixtures()
}

// identityStoreUser is one user as `aws identitystore list-users` prints it.
type identityStoreUser struct {
	UserName        string       `json:"UserName"`
	UserID          string       `json:"UserId"`
	Name            personName   `json:"Name"`
	DisplayName     string       `json:"DisplayName"`
	Emails          []emailEntry `json:"Emails"`
	IdentityStoreID string       `json:"IdentityStoreId"`
}

// personName is an Identity Store user's structured name.
type personName struct {
	FamilyName string `json:"FamilyName"`
	GivenName  string `json:"GivenName"`
}

// emailEntry is one of an Identity Store user's e-mail addresses.
type emailEntry struct {
	Value   string `json:"Value"`
	Type    string `json:"Type"`
	Primary bool   `json:"Primary"`
}

// writeUsers writes users.txt (one username a line) and users.json (the
// output of `aws identitystore list-users --identity-store-id d-…`) to dir.
func (g *generator) writeUsers(dir string) error {
	users := []identityStoreUser{
		{
			UserName: "alice@example.com", UserID: "9067c1a2b3-4d5e6f70-8192-4a3b-b5c6-d7e8f9a0b1c2",
			Name: personName{FamilyName: "Example", GivenName: "Alice"}, DisplayName: "Alice Example",
			Emails:          []emailEntry{{Value: "alice@example.com", Type: "work", Primary: true}},
			IdentityStoreID: idcStoreID,
		},
		{
			UserName: "bob@example.com", UserID: "9067c1a2b3-5e6f7081-92a3-4b4c-86d7-e8f9a0b1c2d3",
			Name: personName{FamilyName: "Example", GivenName: "Bob"}, DisplayName: "Bob Example",
			Emails:          []emailEntry{{Value: "bob@example.com", Type: "work", Primary: true}},
			IdentityStoreID: idcStoreID,
		},
	}
	var txt strings.Builder
	for _, u := range users {
		txt.WriteString(u.UserName + "\n")
	}
	if err := g.write(path.Join(dir, "users.txt"), []byte(txt.String())); err != nil {
		return err
	}
	// The AWS CLI indents its JSON output by four spaces.
	js, err := json.MarshalIndent(struct {
		Users []identityStoreUser `json:"Users"`
	}{users}, "", "    ")
	if err != nil {
		return err
	}
	return g.write(path.Join(dir, "users.json"), append(js, '\n'))
}

// writeDecodeFixtures writes testdata/rules/saml/decode/: values broken at
// each decoding step (Base64, DEFLATE, XML), and the base response as Base64.
func (g *generator) writeDecodeFixtures() error {
	const dir = "rules/saml/decode"
	fail := expect{want: []string{"saml/decode"}, profile: "identity-center", at: checkTime()}
	pass := expect{profile: "identity-center", at: checkTime()}

	xml, err := g.signedResponse(idcResponse("decode"))
	if err != nil {
		return err
	}
	value := postValue(xml)

	// Cut so that the length is 1 modulo 4: no padding repair can save it.
	cut := len(value) * 2 / 3
	cut -= cut % 4
	cut++
	if err := g.writeWithSidecar(dir+"/fail/truncated-base64.b64", []byte(value[:cut]+"\n"), fail); err != nil {
		return err
	}

	// A DEFLATE stream whose first block header has the reserved block type
	// 11 (RFC 1951 §3.2.3): every inflater rejects it at byte 0.
	compressed, err := deflate(withDecl(xml))
	if err != nil {
		return err
	}
	compressed[0] |= 0x06
	if err := g.writeWithSidecar(dir+"/fail/deflate-corrupt.b64", []byte(base64.StdEncoding.EncodeToString(compressed)+"\n"), fail); err != nil {
		return err
	}

	// A Redirect-binding AuthnRequest whose DEFLATE stream is cut in half.
	req, err := authnRequestXML("decode")
	if err != nil {
		return err
	}
	compressed, err = deflate(req)
	if err != nil {
		return err
	}
	broken := base64.StdEncoding.EncodeToString(compressed[:len(compressed)/2])
	u := idpSSO + "?SAMLRequest=" + url.QueryEscape(broken) + "&RelayState=" + url.QueryEscape(idcRelayState)
	if err := g.writeWithSidecar(dir+"/fail/redirect-deflate-truncated.url", []byte(u+"\n"), fail); err != nil {
		return err
	}

	// Not well-formed XML: an unescaped "&" (naive templating of a
	// department "R&D"), and a document cut short.
	amp := bytes.Replace(xml, []byte(">Alice Example<"), []byte(">Alice Example (R&D)<"), 1)
	if bytes.Equal(amp, xml) {
		return fmt.Errorf("%s: no displayName value to break", dir)
	}
	if err := g.writeXML(dir+"/fail/not-well-formed-ampersand.xml", amp, fail); err != nil {
		return err
	}
	if err := g.writeXML(dir+"/fail/not-well-formed-truncated.xml", xml[:len(xml)*3/4], fail); err != nil {
		return err
	}

	return g.writeWithSidecar(dir+"/pass/response.b64", []byte(value+"\n"), pass)
}
