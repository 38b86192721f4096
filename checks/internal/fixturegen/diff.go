package main

import (
	"fmt"
	"path"
	"slices"
	"strings"
)

// This file writes testdata/diff/: pairs of responses for samlcheck diff,
// a GOOD one that works and a BAD one that differs in one way, each pair in
// a folder of its own with a "want" file: its first line the flags both
// sides are checked with, then the differences diff must find, one a line
// ("KIND FIELD [RULE,…]"), in the order of its ranking.

// diffCase is one pair.
type diffCase struct {
	dir string
	// base is the response both start from ("" = idcResponse, "iam",
	// "connect"); profile the profile they are checked with.
	base, profile string
	bad           func(*respOpts)
	// flags are further flags (relative paths from the case's folder).
	flags map[string]string
	// goodWant and badWant are the rules a check of each side reports.
	goodWant, badWant []string
	// want lists the differences, ranked.
	want []string
}

// otherACS is an Identity Center ACS URL of another instance.
const otherACS = "https://us-east-1.signin.aws.amazon.com/platform/saml/acs/0f9e8d7c-6b5a-4c3d-8e2f-1a0b9c8d7e6f"

func diffCases() []diffCase {
	return []diffCase{
		{
			dir: "nameid-format", bad: nameIDFormat(nameIDUnspecified), badWant: []string{"idc/nameid-format"},
			want: []string{"rule nameid.format idc/nameid-format"},
		},
		{
			dir: "missing-attribute", bad: samlAttr("urn:oid:2.16.840.1.113730.3.1.241"),
			want: []string{"structural attributes", "structural attribute:urn:oid:2.16.840.1.113730.3.1.241"},
		},
		{
			dir: "missing-role-session-name", base: "iam", profile: "iam", bad: samlAttr(attrRoleSession), badWant: []string{"iam/role-session-name"},
			want: []string{"rule attribute:" + attrRoleSession + " iam/role-session-name", "structural attributes"},
		},
		{
			dir: "second-role", base: "connect", profile: "connect", bad: samlAttr(attrRole, connectRole, iamRole),
			badWant: []string{"connect/single-role"},
			want: []string{
				"rule attribute:" + attrRole + ".count connect/single-role",
				"rule attribute:" + attrRole + ".role:arn:aws:iam::123456789012:role/Admin connect/single-role",
			},
		},
		{
			dir: "rotated-certificate", bad: func(o *respOpts) { o.signWithOther = true },
			flags:   map[string]string{"idp-cert": "../../keys/idp.crt.pem"},
			badWant: []string{"saml/signature-untrusted"},
			want: []string{
				"rule signature:Response.status saml/signature-untrusted",
				"rule signature:Response.certificate saml/signature-untrusted",
				"rule signature:Assertion.status saml/signature-untrusted",
				"rule signature:Assertion.certificate saml/signature-untrusted",
			},
		},
		{
			dir: "encrypted-assertion", bad: encrypted(encAES256CBC), badWant: []string{"idc/encrypted-assertion", "saml/decryption"},
			want: []string{"rule encryption idc/encrypted-assertion,saml/decryption", "structural signature:Assertion", "structural signed"},
		},
		{
			// The assertion of BAD is encrypted for the SP's key and its
			// NameID Format is unspecified: with --sp-key the decrypted
			// assertion is compared as a plain one.
			dir: "encrypted-decrypted", profile: "identity-center",
			bad:     applyAll(nameIDFormat(nameIDUnspecified), sealed(encSpec{transport: transportMGF1PSHA256, data: encAES256CBC, layout: "keyinfo", recipient: "cert"})),
			flags:   map[string]string{"sp-key": "../../keys/sp.key.pem"},
			badWant: []string{"idc/encrypted-assertion", "idc/nameid-format"},
			want:    []string{"rule encryption idc/encrypted-assertion", "rule nameid.format idc/nameid-format"},
		},
		{
			dir: "acs-mismatch", bad: sendTo(otherACS),
			flags:   map[string]string{"acs": idcACS},
			badWant: []string{"idc/acs-url", "saml/destination", "saml/recipient"},
			want:    []string{"rule destination idc/acs-url,saml/destination,saml/recipient", "rule confirmation.recipient idc/acs-url,saml/recipient"},
		},
	}
}

// writeDiffFixtures writes testdata/diff/<case>/{good.xml,bad.xml,want}.
func (g *generator) writeDiffFixtures() error {
	for _, c := range diffCases() {
		profile := c.profile
		if profile == "" {
			profile = "identity-center"
		}
		build := func(id string) respOpts {
			switch c.base {
			case "iam":
				return iamResponse(id, iamRole)
			case "connect":
				return iamResponse(id, connectRole)
			}
			return idcResponse(id)
		}
		good, bad := build("diff-"+c.dir+"-good"), build("diff-"+c.dir+"-bad")
		c.bad(&bad)
		dir := path.Join("diff", c.dir)
		for _, side := range []struct {
			file string
			o    respOpts
			want []string
		}{{"good.xml", good, c.goodWant}, {"bad.xml", bad, c.badWant}} {
			xml, err := g.signedResponse(side.o)
			if err != nil {
				return fmt.Errorf("%s/%s: %w", dir, side.file, err)
			}
			e := expect{want: slices.Sorted(slices.Values(side.want)), profile: profile, at: checkTime(), flags: c.flags}
			if err := g.writeXML(path.Join(dir, side.file), xml, e); err != nil {
				return err
			}
		}
		e := expect{profile: profile, at: checkTime(), flags: c.flags}
		head := strings.TrimPrefix(e.line(), "want= ")
		if err := g.write(path.Join(dir, "want"), []byte(head+"\n"+strings.Join(c.want, "\n")+"\n")); err != nil {
			return err
		}
	}
	return nil
}
