package main

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/big"
	"net/url"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/beevik/etree"
)

// The AWS attributes the iam/* fixtures use besides Role, RoleSessionName and
// SessionDuration (id_roles_providers_create_saml_assertions.html).
const (
	attrSourceIdentity = awsAttr + "SourceIdentity"
	attrPrincipalTag   = awsAttr + "PrincipalTag:"
	attrTransitiveKeys = awsAttr + "TransitiveTagKeys"
	// attrGroups is the group claim AD FS sends.
	attrGroups = "http://schemas.xmlsoap.org/claims/Group"

	nsMetadata = "urn:oasis:names:tc:SAML:2.0:metadata"
	nsMDUI     = "urn:oasis:names:tc:SAML:metadata:ui"

	// iamGovACS and iamChinaACS are the sign-in endpoints of the aws-us-gov
	// and aws-cn partitions.
	iamGovACS   = "https://signin.amazonaws-us-gov.com/saml"
	iamChinaACS = "https://signin.amazonaws.cn/saml"
	// iamProviderACS is the per-provider endpoint used with encrypted
	// assertions.
	iamProviderACS = "https://us-east-1.signin.aws.amazon.com/saml/acs/SAMLSP4SANOTEXAMPLE"
	// connectInstance is the instance ID in connectURL.
	connectInstance = "0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d"
)

// samlAttr replaces the values of the attribute named name, adding it (with
// NameFormat uri) when absent; no values removes it.
func samlAttr(name string, values ...string) func(*respOpts) {
	return func(o *respOpts) {
		i := slices.IndexFunc(o.attrs, func(a attribute) bool { return a.name == name })
		switch {
		case i >= 0 && len(values) == 0:
			o.attrs = slices.Delete(slices.Clone(o.attrs), i, i+1)
		case i >= 0:
			o.attrs = slices.Clone(o.attrs)
			o.attrs[i].values = values
		case len(values) > 0:
			o.attrs = append(slices.Clone(o.attrs), attribute{name: name, nameFormat: attrFormatURI, values: values})
		}
	}
}

// renameAttribute renames the attribute named from.
func renameAttribute(from, to string) func(*respOpts) {
	return func(o *respOpts) {
		o.attrs = slices.Clone(o.attrs)
		for i := range o.attrs {
			if o.attrs[i].name == from {
				o.attrs[i].name = to
			}
		}
	}
}

// appendAttrs appends attributes.
func appendAttrs(attrs ...attribute) func(*respOpts) {
	return func(o *respOpts) { o.attrs = append(slices.Clone(o.attrs), attrs...) }
}

// applyAll applies mutators in order.
func applyAll(fs ...func(*respOpts)) func(*respOpts) {
	return func(o *respOpts) {
		for _, f := range fs {
			f(o)
		}
	}
}

// sendTo sets the Destination and Recipient.
func sendTo(u string) func(*respOpts) { return func(o *respOpts) { o.destination = u } }

// audienceOf sets the Audience.
func audienceOf(u string) func(*respOpts) { return func(o *respOpts) { o.audience = u } }

// principalTags returns n PrincipalTag attributes Tag01…TagNN.
func principalTags(n int) []attribute {
	attrs := make([]attribute, n)
	for i := range attrs {
		attrs[i] = attribute{name: fmt.Sprintf("%sTag%02d", attrPrincipalTag, i+1), nameFormat: attrFormatURI, values: []string{fmt.Sprintf("value%02d", i+1)}}
	}
	return attrs
}

// principalTag returns one PrincipalTag attribute.
func principalTag(key string, values ...string) attribute {
	return attribute{name: attrPrincipalTag + key, nameFormat: attrFormatURI, values: values}
}

// groupClaim returns the group claim with n distinguished names, as AD FS
// sends it when the application emits every group of the user. (Long values
// rather than many: goxmldsig verifies at most 1,000 elements.)
func groupClaim(n int) attribute {
	vals := make([]string, n)
	for i := range vals {
		b := pseudoRandom(fmt.Sprintf("group/%d", i), 3)
		vals[i] = fmt.Sprintf("CN=grp-app-%04d-%x-readers,OU=Application Groups,OU=Groups,OU=Corp,DC=corp,DC=example,DC=com", i+1, b)
	}
	return attribute{name: attrGroups, values: vals}
}

// eachSubject calls f with the Subject of each assertion of resp.
func eachSubject(resp *etree.Element, f func(subject *etree.Element)) {
	for _, a := range resp.ChildElements() {
		if a.Tag != "Assertion" {
			continue
		}
		for _, s := range a.ChildElements() {
			if s.Tag == "Subject" {
				f(s)
			}
		}
	}
}

// dropNameID removes the NameID from each assertion's Subject.
func dropNameID(o *respOpts) {
	o.edit = func(resp *etree.Element) {
		eachSubject(resp, func(s *etree.Element) {
			if n := s.SelectElement("NameID"); n != nil {
				s.RemoveChild(n)
			}
		})
	}
}

// encryptedID replaces each NameID with an EncryptedID (saml-core §2.2.4).
func encryptedID(o *respOpts) {
	o.edit = func(resp *etree.Element) {
		eachSubject(resp, func(s *etree.Element) {
			n := s.SelectElement("NameID")
			if n == nil {
				return
			}
			eid := etree.NewElement(n.Space + ":EncryptedID")
			ed := eid.CreateElement("xenc:EncryptedData")
			ed.CreateAttr("xmlns:xenc", nsXenc)
			ed.CreateAttr("Type", encTypeElement)
			ed.CreateElement("xenc:EncryptionMethod").CreateAttr("Algorithm", encAES256CBC)
			ed.CreateElement("xenc:CipherData").CreateElement("xenc:CipherValue").SetText(
				base64.StdEncoding.EncodeToString(pseudoRandom("encrypted-id", 80)))
			s.InsertChildAt(n.Index(), eid)
			s.RemoveChild(n)
		})
	}
}

// iamFixture returns a fixture checked with the iam profile on the IAM base
// response.
func iamFixture(rule, kind, file string, mutate func(*respOpts), also ...string) ruleFixture {
	return ruleFixture{rule: rule, kind: kind, file: file, base: "iam", profile: "iam", mutate: mutate, also: also}
}

// connectFixture returns a fixture checked with the connect profile on the
// Connect base response.
func connectFixture(rule, kind, file string, mutate func(*respOpts), also ...string) ruleFixture {
	return ruleFixture{rule: rule, kind: kind, file: file, base: "connect", profile: "connect", mutate: mutate, also: also}
}

// iamRuleFixtures lists the fixtures of the iam/ and connect/ rules and of
// idc/metadata.
func iamRuleFixtures() []ruleFixture {
	const (
		role      = "arn:aws:iam::123456789012:role/Admin"
		provider  = "arn:aws:iam::123456789012:saml-provider/ExampleIdP"
		ssoRole   = "arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_0123456789abcdef"
		otherAcct = "arn:aws:iam::210987654321:saml-provider/ExampleIdP"
		govRole   = "arn:aws-us-gov:iam::123456789012:role/Admin,arn:aws-us-gov:iam::123456789012:saml-provider/ExampleIdP"
		cnRole    = "arn:aws-cn:iam::123456789012:role/Admin,arn:aws-cn:iam::123456789012:saml-provider/ExampleIdP"
		readOnly  = "arn:aws:iam::123456789012:role/ReadOnly," + provider
		long65    = "alice.example.with.a.very.long.session.name.that.goes.on@example.com"
	)
	fs := []ruleFixture{
		iamFixture("iam/role-attribute", "fail", "missing.xml", samlAttr(attrRole)),
		iamFixture("iam/role-attribute", "fail", "lower-case-name.xml", renameAttribute(attrRole, awsAttr+"role")),
		iamFixture("iam/role-attribute", "fail", "entra-role-claim.xml", renameAttribute(attrRole, "http://schemas.microsoft.com/ws/2008/06/identity/claims/role")),
		iamFixture("iam/role-attribute", "fail", "role-arn-only.xml", samlAttr(attrRole, role)),
		iamFixture("iam/role-attribute", "fail", "provider-first.xml", samlAttr(attrRole, provider+","+role)),
		iamFixture("iam/role-attribute", "fail", "space-after-comma.xml", samlAttr(attrRole, role+", "+provider)),
		iamFixture("iam/role-attribute", "fail", "cross-account.xml", samlAttr(attrRole, role+","+otherAcct)),
		iamFixture("iam/role-attribute", "fail", "reserved-sso-role.xml", samlAttr(attrRole, ssoRole+","+provider)),
		iamFixture("iam/role-attribute", "fail", "short-account.xml", samlAttr(attrRole, "arn:aws:iam::12345678901:role/Admin,arn:aws:iam::12345678901:saml-provider/ExampleIdP")),
		iamFixture("iam/role-attribute", "pass", "role.xml", nil),
		iamFixture("iam/role-attribute", "pass", "two-roles.xml", samlAttr(attrRole, iamRole, readOnly)),
		iamFixture("iam/role-attribute", "pass", "role-path.xml", samlAttr(attrRole, "arn:aws:iam::123456789012:role/federation/Admin,"+provider)),
		iamFixture("iam/role-attribute", "pass", "govcloud.xml", applyAll(samlAttr(attrRole, govRole), sendTo(iamGovACS), audienceOf(iamGovACS))),
		iamFixture("iam/role-attribute", "pass", "china.xml", applyAll(samlAttr(attrRole, cnRole), sendTo(iamChinaACS), audienceOf(iamChinaACS))),

		iamFixture("iam/role-session-name", "fail", "missing.xml", samlAttr(attrRoleSession)),
		iamFixture("iam/role-session-name", "fail", "display-name.xml", samlAttr(attrRoleSession, "Alice Example")),
		iamFixture("iam/role-session-name", "fail", "down-level.xml", samlAttr(attrRoleSession, `CORP\alice`)),
		iamFixture("iam/role-session-name", "fail", "two-values.xml", samlAttr(attrRoleSession, "alice@example.com", "alice")),
		iamFixture("iam/role-session-name", "fail", "too-long.xml", samlAttr(attrRoleSession, long65)),
		iamFixture("iam/role-session-name", "fail", "one-character.xml", samlAttr(attrRoleSession, "a")),
		iamFixture("iam/role-session-name", "pass", "email.xml", nil),
		iamFixture("iam/role-session-name", "pass", "all-characters.xml", samlAttr(attrRoleSession, "Alice_Ops+1=a,b.c@example-corp.com")),

		iamFixture("iam/source-identity", "fail", "aws-prefix.xml", samlAttr(attrSourceIdentity, "aws:alice")),
		iamFixture("iam/source-identity", "fail", "display-name.xml", samlAttr(attrSourceIdentity, "Alice Example")),
		iamFixture("iam/source-identity", "fail", "two-values.xml", samlAttr(attrSourceIdentity, "alice", "alice@example.com")),
		iamFixture("iam/source-identity", "pass", "email.xml", samlAttr(attrSourceIdentity, "alice@example.com")),
		iamFixture("iam/source-identity", "pass", "absent.xml", nil),

		iamFixture("iam/session-duration", "fail", "too-short.xml", samlAttr(attrSessionLength, "600")),
		iamFixture("iam/session-duration", "fail", "too-long.xml", samlAttr(attrSessionLength, "86400")),
		iamFixture("iam/session-duration", "fail", "iso-8601.xml", samlAttr(attrSessionLength, "PT1H")),
		iamFixture("iam/session-duration", "fail", "with-unit.xml", samlAttr(attrSessionLength, "3600s")),
		iamFixture("iam/session-duration", "pass", "one-hour.xml", nil),
		iamFixture("iam/session-duration", "pass", "minimum.xml", samlAttr(attrSessionLength, "900")),
		iamFixture("iam/session-duration", "pass", "maximum.xml", samlAttr(attrSessionLength, "43200")),

		iamFixture("iam/session-tags", "fail", "51-tags.xml", appendAttrs(principalTags(51)...)),
		iamFixture("iam/session-tags", "fail", "long-key.xml", appendAttrs(principalTag(strings.Repeat("k", 129), "x"))),
		iamFixture("iam/session-tags", "fail", "long-value.xml", appendAttrs(principalTag("Department", strings.Repeat("v", 257)))),
		iamFixture("iam/session-tags", "fail", "multi-valued.xml", appendAttrs(principalTag("Project", "apollo", "gemini"))),
		iamFixture("iam/session-tags", "fail", "aws-prefix.xml", appendAttrs(principalTag("aws:Department", "eng"))),
		iamFixture("iam/session-tags", "fail", "case-only-keys.xml", appendAttrs(principalTag("Department", "eng"), principalTag("department", "sales"))),
		iamFixture("iam/session-tags", "fail", "transitive-unknown.xml", appendAttrs(principalTag("Department", "eng"),
			attribute{name: attrTransitiveKeys, nameFormat: attrFormatURI, values: []string{"CostCenter"}})),
		iamFixture("iam/session-tags", "pass", "tags.xml", appendAttrs(principalTag("Department", "eng"), principalTag("CostCenter", "1234"),
			attribute{name: attrTransitiveKeys, nameFormat: attrFormatURI, values: []string{"CostCenter"}})),
		iamFixture("iam/session-tags", "pass", "50-tags.xml", appendAttrs(principalTags(50)...)),
		iamFixture("iam/session-tags", "pass", "limits.xml", appendAttrs(principalTag(strings.Repeat("k", 128), strings.Repeat("v", 256)))),

		iamFixture("iam/recipient", "fail", "trailing-slash.xml", sendTo(iamACS+"/")),
		iamFixture("iam/recipient", "fail", "http.xml", sendTo("http://signin.aws.amazon.com/saml")),
		iamFixture("iam/recipient", "fail", "identity-center-acs.xml", sendTo(idcACS)),
		iamFixture("iam/recipient", "fail", "other-sp.xml", sendTo("https://app.example.com/saml/acs")),
		iamFixture("iam/recipient", "pass", "global.xml", nil),
		iamFixture("iam/recipient", "pass", "regional.xml", sendTo("https://eu-west-1.signin.aws.amazon.com/saml")),
		iamFixture("iam/recipient", "pass", "static.xml", sendTo("https://signin.aws.amazon.com/static/saml")),
		iamFixture("iam/recipient", "pass", "govcloud.xml", applyAll(samlAttr(attrRole, govRole), sendTo(iamGovACS), audienceOf(iamGovACS))),

		iamFixture("iam/audience", "fail", "entra-suffix.xml", audienceOf(iamACS+"#2")),
		iamFixture("iam/audience", "fail", "trailing-slash.xml", audienceOf(iamACS+"/")),
		iamFixture("iam/audience", "fail", "other-sp.xml", audienceOf("urn:example:sp")),
		iamFixture("iam/audience", "fail", "case.xml", audienceOf("urn:amazon:WebServices")),
		iamFixture("iam/audience", "pass", "signin.xml", nil),
		iamFixture("iam/audience", "pass", "urn.xml", audienceOf("urn:amazon:webservices")),
		iamFixture("iam/audience", "pass", "regional.xml", applyAll(sendTo("https://eu-west-1.signin.aws.amazon.com/saml"), audienceOf("https://eu-west-1.signin.aws.amazon.com/saml"))),

		iamFixture("iam/nameid", "fail", "no-nameid.xml", dropNameID),
		iamFixture("iam/nameid", "fail", "encrypted-id.xml", encryptedID),
		iamFixture("iam/nameid", "pass", "persistent.xml", nil),
		iamFixture("iam/nameid", "pass", "email.xml", both(nameIDFormat(nameIDEmail), nameID("alice@example.com"))),

		iamFixture("iam/encrypted-assertion", "fail", "global-endpoint.xml", encrypted(encAES256CBC)),
		iamFixture("iam/encrypted-assertion", "fail", "provider-endpoint.xml", both(sendTo(iamProviderACS), encrypted(encAES128GCM))),
		iamFixture("iam/encrypted-assertion", "pass", "plain.xml", nil),

		connectFixture("connect/single-role", "fail", "two-roles.xml", samlAttr(attrRole, connectRole, iamRole)),
		connectFixture("connect/single-role", "pass", "one-role.xml", nil),
	}
	fs = append(fs, responseSizeFixtures()...)
	fs = append(fs, connectUserFixtures()...)
	fs = append(fs, relayStateFixtures()...)
	fs = append(fs, metadataFixtures()...)
	return fs
}

// responseSizeFixtures are the iam/response-size fixtures: Base64 files, as
// the SAMLResponse appears in a HAR, with an Entra ID group claim that makes
// it large.
func responseSizeFixtures() []ruleFixture {
	b64 := func(g *generator, rel string, xml []byte, e expect) error {
		return g.writeWithSidecar(rel, []byte(postValue(xml)+"\n"), e)
	}
	compactGroups := func(n int) func(*respOpts) {
		return func(o *respOpts) {
			o.compact = true
			appendAttrs(groupClaim(n))(o)
		}
	}
	f := []ruleFixture{
		iamFixture("iam/response-size", "fail", "600-groups.b64", compactGroups(600)),
		iamFixture("iam/response-size", "pass", "400-groups.b64", compactGroups(400)),
		iamFixture("iam/response-size", "pass", "plain.xml", nil),
	}
	for i := range f {
		if strings.HasSuffix(f[i].file, ".b64") {
			f[i].write = b64
		}
	}
	return f
}

// connectUser is one user as `aws connect list-users` prints it.
type connectUser struct {
	ID                 string `json:"Id"`
	Arn                string `json:"Arn"`
	Username           string `json:"Username"`
	LastModifiedTime   string `json:"LastModifiedTime"`
	LastModifiedRegion string `json:"LastModifiedRegion"`
}

// writeConnectUsers writes users.txt and users.json (the output of
// `aws connect list-users --instance-id …`) to dir.
func writeConnectUsers(g *generator, dir string) error {
	names := []string{"alice@example.com", "alice_ops@example.com", "bob@example.com"}
	var users []connectUser
	var txt strings.Builder
	for i, n := range names {
		id := fmt.Sprintf("%x-%x-%x-%x-%x", pseudoRandom("connect-user/"+n, 4), pseudoRandom("a/"+n, 2), pseudoRandom("b/"+n, 2), pseudoRandom("c/"+n, 2), pseudoRandom("d/"+n, 6))
		users = append(users, connectUser{
			ID: id, Arn: "arn:aws:connect:us-east-1:123456789012:instance/" + connectInstance + "/agent/" + id, Username: n,
			LastModifiedTime: fixtureTime().Add(-time.Duration(24*(i+1)) * time.Hour).Format("2006-01-02T15:04:05-07:00"), LastModifiedRegion: "us-east-1",
		})
		txt.WriteString(n + "\n")
	}
	if err := g.write(path.Join(dir, "users.txt"), []byte(txt.String())); err != nil {
		return err
	}
	js, err := json.MarshalIndent(struct {
		UserSummaryList []connectUser `json:"UserSummaryList"`
	}{users}, "", "    ")
	if err != nil {
		return err
	}
	return g.write(path.Join(dir, "users.json"), append(js, '\n'))
}

// connectUserFixtures are the connect/role-session-name fixtures.
func connectUserFixtures() []ruleFixture {
	rsn := func(v string) func(*respOpts) { return samlAttr(attrRoleSession, v) }
	f := []ruleFixture{
		connectFixture("connect/role-session-name", "fail", "case-only.xml", rsn("Alice@example.com")),
		connectFixture("connect/role-session-name", "fail", "not-listed.xml", rsn("carol@example.com")),
		connectFixture("connect/role-session-name", "fail", "underscore.xml", rsn("alice_ops@example.com")),
		connectFixture("connect/role-session-name", "pass", "listed-txt.xml", nil),
		connectFixture("connect/role-session-name", "pass", "listed-json.xml", nil),
	}
	for i := range f {
		f[i].users = "users.txt"
		if strings.Contains(f[i].file, "json") || f[i].file == "not-listed.xml" {
			f[i].users = "users.json"
		}
		f[i].extra = writeConnectUsers
	}
	return f
}

// relayStateFixtures are the connect/relay-state fixtures: form bodies
// "SAMLResponse=…&RelayState=…" as the browser posts them to AWS sign-in.
func relayStateFixtures() []ruleFixture {
	body := func(relayState string, with bool) func(g *generator, rel string, xml []byte, e expect) error {
		return func(g *generator, rel string, xml []byte, e expect) error {
			b := "SAMLResponse=" + url.QueryEscape(postValue(xml))
			if with {
				b += "&RelayState=" + url.QueryEscape(relayState)
			}
			return g.writeWithSidecar(rel, []byte(b+"\n"), e)
		}
	}
	cases := []struct {
		kind, file, relayState string
		without                bool
	}{
		{"fail", "no-relay-state.txt", "", true},
		{"fail", "no-region.txt", "https://console.aws.amazon.com/connect/federate/" + connectInstance, false},
		{"fail", "access-url.txt", "https://example-corp.my.connect.aws/", false},
		{"fail", "instance-arn.txt", "https://us-east-1.console.aws.amazon.com/connect/federate/arn:aws:connect:us-east-1:123456789012:instance/" + connectInstance, false},
		{"fail", "trailing-slash.txt", connectURL + "/", false},
		{"fail", "destination-not-encoded.txt", connectURL + "?destination=/agent-app-v2", false},
		{"pass", "federate.txt", connectURL, false},
		{"pass", "destination.txt", connectURL + "?destination=%2Fagent-app-v2", false},
		{"pass", "govcloud.txt", "https://console.amazonaws-us-gov.com/connect/federate/" + connectInstance, false},
	}
	var f []ruleFixture
	for _, c := range cases {
		fx := connectFixture("connect/relay-state", c.kind, c.file, nil)
		fx.write = body(c.relayState, !c.without)
		f = append(f, fx)
	}
	return f
}

// mdOpts describes an IdP metadata document to generate.
type mdOpts struct {
	noEntityID    bool
	bom           bool
	signing       int  // signing KeyDescriptors with the IdP certificate (default 1 when zero and not noSigning)
	noSigning     bool // no signing KeyDescriptor
	weakKey       bool // a second signing KeyDescriptor with a 512-bit key
	encryption    bool // a KeyDescriptor use="encryption"
	nameIDFormats []string
	noSSO         bool
	logoBytes     int // an mdui:Logo data: URI of this many image bytes
}

// metadataFixture returns a fixture whose expectation points at an IdP
// metadata file written next to it.
func metadataFixture(rule, kind, file string, md mdOpts, also ...string) ruleFixture {
	mdFile := strings.TrimSuffix(file, path.Ext(file)) + ".idp-metadata.xml"
	f := ruleFixture{rule: rule, kind: kind, file: file, also: also, flags: map[string]string{"idp-metadata": mdFile}}
	if strings.HasPrefix(rule, "iam/") {
		f.base, f.profile = "iam", "iam"
	}
	f.extra = func(g *generator, dir string) error {
		data, err := g.idpMetadata(md)
		if err != nil {
			return err
		}
		return g.write(path.Join(dir, mdFile), data)
	}
	return f
}

// metadataFixtures are the iam/metadata and idc/metadata fixtures.
func metadataFixtures() []ruleFixture {
	email := []string{nameIDEmail}
	return []ruleFixture{
		metadataFixture("iam/metadata", "fail", "bom.xml", mdOpts{bom: true}),
		metadataFixture("iam/metadata", "fail", "no-entity-id.xml", mdOpts{noEntityID: true}),
		metadataFixture("iam/metadata", "fail", "encryption-key-only.xml", mdOpts{noSigning: true, encryption: true}),
		metadataFixture("iam/metadata", "fail", "512-bit-key.xml", mdOpts{weakKey: true}),
		metadataFixture("iam/metadata", "pass", "signing-key.xml", mdOpts{}),
		metadataFixture("iam/metadata", "pass", "rollover.xml", mdOpts{signing: 2, encryption: true}),

		metadataFixture("idc/metadata", "fail", "name-typo.xml", mdOpts{nameIDFormats: []string{"urn:oasis:name:tc:SAML:1.1:nameid-format:emailAddress"}}),
		metadataFixture("idc/metadata", "fail", "saml2-email.xml", mdOpts{nameIDFormats: []string{"urn:oasis:names:tc:SAML:2.0:nameid-format:emailAddress"}}),
		metadataFixture("idc/metadata", "fail", "persistent.xml", mdOpts{nameIDFormats: []string{nameIDPersistent}}),
		metadataFixture("idc/metadata", "fail", "also-unspecified.xml", mdOpts{nameIDFormats: []string{nameIDEmail, nameIDUnspecified}}),
		metadataFixture("idc/metadata", "fail", "over-75000.xml", mdOpts{nameIDFormats: email, logoBytes: 60000}),
		metadataFixture("idc/metadata", "fail", "encryption-key.xml", mdOpts{nameIDFormats: email, encryption: true}),
		metadataFixture("idc/metadata", "fail", "no-sso.xml", mdOpts{nameIDFormats: email, noSSO: true}),
		metadataFixture("idc/metadata", "fail", "no-certificate.xml", mdOpts{nameIDFormats: email, noSigning: true}),
		metadataFixture("idc/metadata", "fail", "no-entity-id.xml", mdOpts{nameIDFormats: email, noEntityID: true}),
		metadataFixture("idc/metadata", "pass", "email.xml", mdOpts{nameIDFormats: email}),
		metadataFixture("idc/metadata", "pass", "with-logo.xml", mdOpts{nameIDFormats: email, logoBytes: 20000}),
	}
}

// idpMetadata returns the IdP's metadata (saml-metadata-2.0-os §2.4.3): an
// EntityDescriptor with an IDPSSODescriptor, as IdPs export it.
func (g *generator) idpMetadata(o mdOpts) ([]byte, error) {
	key, certDER, err := g.signer.ctx.KeyStore.GetKeyPair()
	if err != nil {
		return nil, err
	}
	ed := etree.NewElement("md:EntityDescriptor")
	ed.CreateAttr("xmlns:md", nsMetadata)
	ed.CreateAttr("xmlns:ds", nsDS)
	if !o.noEntityID {
		ed.CreateAttr("entityID", idpIssuer)
	}
	idp := ed.CreateElement("md:IDPSSODescriptor")
	idp.CreateAttr("WantAuthnRequestsSigned", "false")
	idp.CreateAttr("protocolSupportEnumeration", nsProtocol)
	if o.logoBytes > 0 {
		ext := idp.CreateElement("md:Extensions")
		ui := ext.CreateElement("mdui:UIInfo")
		ui.CreateAttr("xmlns:mdui", nsMDUI)
		name := ui.CreateElement("mdui:DisplayName")
		name.CreateAttr("xml:lang", "en")
		name.SetText("Example IdP")
		logo := ui.CreateElement("mdui:Logo")
		logo.CreateAttr("height", "60")
		logo.CreateAttr("width", "200")
		logo.SetText("data:image/png;base64," + base64.StdEncoding.EncodeToString(pseudoRandom("logo", o.logoBytes)))
	}
	keyDescriptor := func(use string, der []byte) {
		kd := idp.CreateElement("md:KeyDescriptor")
		if use != "" {
			kd.CreateAttr("use", use)
		}
		kd.CreateElement("ds:KeyInfo").CreateElement("ds:X509Data").CreateElement("ds:X509Certificate").SetText(base64.StdEncoding.EncodeToString(der))
	}
	if !o.noSigning {
		keyDescriptor("signing", certDER)
		if o.signing > 1 {
			next, err := rolloverCert(key, certDER)
			if err != nil {
				return nil, err
			}
			keyDescriptor("signing", next)
		}
	}
	if o.weakKey {
		weak, err := weakCert(key, certDER)
		if err != nil {
			return nil, err
		}
		keyDescriptor("signing", weak)
	}
	if o.encryption {
		keyDescriptor("encryption", certDER)
	}
	slo := idp.CreateElement("md:SingleLogoutService")
	slo.CreateAttr("Binding", bindingPOST)
	slo.CreateAttr("Location", "https://idp.example.com/slo/saml")
	for _, f := range o.nameIDFormats {
		idp.CreateElement("md:NameIDFormat").SetText(f)
	}
	if !o.noSSO {
		for _, b := range []string{bindingPOST, "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"} {
			sso := idp.CreateElement("md:SingleSignOnService")
			sso.CreateAttr("Binding", b)
			sso.CreateAttr("Location", idpSSO)
		}
	}
	doc := etree.NewDocument()
	doc.SetRoot(ed)
	doc.Indent(2)
	out, err := doc.WriteToBytes()
	if err != nil {
		return nil, err
	}
	out = append([]byte(xmlDecl+"\n"), out...)
	if o.bom {
		out = append([]byte("\xef\xbb\xbf"), out...)
	}
	return out, nil
}

// issuedCert returns a certificate for pub issued by the IdP certificate
// (deterministic: fixed fields, PKCS#1 v1.5 signature).
func issuedCert(idpKey *rsa.PrivateKey, idpDER []byte, pub *rsa.PublicKey, serial int64, cn string, from, to time.Time) ([]byte, error) {
	parent, err := x509.ParseCertificate(idpDER)
	if err != nil {
		return nil, err
	}
	return x509.CreateCertificate(nil, certTemplate(serial, cn, from, to), parent, pub, idpKey)
}

// weakCert returns a certificate with a 512-bit RSA key, as old IdP
// installations still publish. The modulus is pseudo-random: nothing is
// ever signed with it.
func weakCert(idpKey *rsa.PrivateKey, idpDER []byte) ([]byte, error) {
	n := new(big.Int).SetBytes(pseudoRandom("weak-key", 64))
	n.SetBit(n, 511, 1)
	n.SetBit(n, 0, 1)
	return issuedCert(idpKey, idpDER, &rsa.PublicKey{N: n, E: 65537}, 0x5a4d4c03, "samlcheck legacy 512-bit key",
		time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2040, 1, 1, 0, 0, 0, 0, time.UTC))
}

// rolloverCert returns the next signing certificate of a key rollover (the
// IdP's key, a later validity period).
func rolloverCert(idpKey *rsa.PrivateKey, idpDER []byte) ([]byte, error) {
	return issuedCert(idpKey, idpDER, &idpKey.PublicKey, 0x5a4d4c04, "samlcheck test IdP (next)",
		time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2046, 1, 1, 0, 0, 0, 0, time.UTC))
}
