package checks

import (
	"testing"

	"github.com/samlcheck/samlcheck/saml"
	"github.com/stretchr/testify/assert"
)

func TestChooseProfile(t *testing.T) {
	resp := func(dest, recipient, audience string) *saml.Message {
		a := &saml.Assertion{
			Subject:    &saml.Subject{Confirmations: []saml.SubjectConfirmation{{Data: &saml.SubjectConfirmationData{Recipient: recipient}}}},
			Conditions: &saml.Conditions{AudienceRestrictions: []saml.AudienceRestriction{{Audiences: []string{audience}}}},
		}
		return &saml.Message{Kind: saml.KindResponse, Response: &saml.Response{Destination: dest, Assertions: []*saml.Assertion{a}}}
	}
	posted := func(url, relay string) *saml.Encoded {
		return &saml.Encoded{RelayState: relay, Source: saml.Source{Where: saml.InForm, URL: url}}
	}
	file := &saml.Encoded{Source: saml.Source{Where: saml.InFile}}
	tests := []struct {
		name     string
		explicit Profile
		e        *saml.Encoded
		m        *saml.Message
		want     Profile
		reason   string
	}{
		{"explicit wins", IAM, posted("https://us-east-1.signin.aws.amazon.com/platform/saml/acs/6a2e", ""), nil, IAM, "--profile"},
		{"idc acs posted to", Auto, posted("https://eu-west-1.signin.aws.amazon.com/platform/saml/acs/6a2e3f7c-1b4d", ""), nil, IdentityCenter, "posted to"},
		{"idc legacy portal", "", posted("https://portal.sso.us-west-2.amazonaws.com/saml/assertion/MTIzNDU2", ""), nil, IdentityCenter, "ACS"},
		{"idc from destination", Auto, file, resp("https://us-east-1.signin.aws.amazon.com/platform/saml/acs/x", "", ""), IdentityCenter, "Destination"},
		{"idc from audience only", Auto, file, resp("", "", "https://us-east-1.signin.aws.amazon.com/platform/saml/d-9067c1a2b3"), IdentityCenter, "issuer URL"},
		{"iam global", Auto, posted("https://signin.aws.amazon.com/saml", ""), nil, IAM, "IAM federation"},
		{"iam regional recipient", Auto, file, resp("", "https://eu-central-1.signin.aws.amazon.com/saml", ""), IAM, "Recipient"},
		{"iam static", Auto, file, resp("https://signin.aws.amazon.com/static/saml", "", ""), IAM, "Destination"},
		{"iam encrypted acs", Auto, file, resp("https://signin.aws.amazon.com/saml/acs/SAMLSP4SHN3UIS2D558H46", "", ""), IAM, "Destination"},
		{"iam govcloud", Auto, file, resp("https://signin.amazonaws-us-gov.com/saml", "", ""), IAM, "Destination"},
		{"iam audience urn", Auto, file, resp("", "", "urn:amazon:webservices"), IAM, "audience"},
		{"connect relay state", Auto, posted("https://signin.aws.amazon.com/saml", "https://us-east-1.console.aws.amazon.com/connect/federate/0a1b2c3d?destination=%2Fccp-v2"), nil, Connect, "Amazon Connect"},
		{"connect relay state encoded", Auto, posted("https://signin.aws.amazon.com/saml", "https%3A%2F%2Fus-east-1.console.aws.amazon.com%2Fconnect%2Ffederate%2F0a1b"), nil, Connect, "Amazon Connect"},
		{"other sp", Auto, posted("https://sp.example.com/acs", ""), resp("https://sp.example.com/acs", "https://sp.example.com/acs", "https://sp.example.com"), SAML, "SAML 2.0 rules only"},
		{"lookalike host is not aws", Auto, posted("https://signin.aws.amazon.com.evil.example/saml", ""), nil, SAML, "SAML 2.0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := profileFromMessage(tt.explicit, tt.e, tt.m)
			assert.Equal(t, tt.want, got.Profile)
			assert.Contains(t, got.Reason, tt.reason)
		})
	}
}

func TestEmailProblem(t *testing.T) {
	for v, want := range map[string]string{
		"alice@example.com":      "",
		"alice.o'neil+aws@ex.co": "",
		`CORP\alice`:             "down-level",
		"alice_example.com#EXT#@contoso.onmicrosoft.com": "#EXT#",
		"alice":                     "no @domain",
		" alice@example.com":        "white space",
		"Alice <alice@example.com>": "addr-spec",
		"alice@localhost":           "without a dot",
		"":                          "empty",
	} {
		got := emailProblem(v)
		if want == "" {
			assert.Empty(t, got, v)
		} else {
			assert.Contains(t, got, want, v)
		}
	}
}
