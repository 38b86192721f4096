package diff_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/checks/diff"
)

func TestShape(t *testing.T) {
	for v, want := range map[string]string{
		"alice@example.com":                           "e-mail, lower case",
		"Alice@Example.com":                           "e-mail, mixed case",
		`CORP\alice`:                                  `DOMAIN\user, mixed case`,
		"4f2b1c3d-0a9e-4e71-b6c2-8d4f7a1e9b03":        "GUID",
		"alice_example.com#EXT#@corp.onmicrosoft.com": "guest UPN (#EXT#), mixed case",
		"3600":                      "integer",
		"Alice Example":             "text with spaces, mixed case",
		"":                          "empty",
		" alice@example.com":        "e-mail, lower case, white space around it",
		"https://example.com/x":     "URL",
		"arn:aws:iam::1:role/Admin": "ARN",
		"alice":                     "opaque, lower case",
	} {
		assert.Equal(t, want, diff.Shape(v), v)
	}
}

// sides reads goodFile and badFile as the two sides of a diff under cfg.
func sides(t *testing.T, cfg *checks.Config, goodFile, badFile string) (good, bad *diff.Side) {
	t.Helper()
	good, err := side(goodFile, cfg)
	require.NoError(t, err)
	bad, err = side(badFile, cfg)
	require.NoError(t, err)
	return good, bad
}

func TestSameInputHasNoDifference(t *testing.T) {
	cfg := &checks.Config{Profile: checks.IdentityCenter, At: time.Date(2026, 11, 1, 10, 0, 30, 0, time.UTC)}
	a, b := sides(t, cfg, "../../testdata/diff/encrypted-assertion/good.xml", "../../testdata/diff/encrypted-assertion/good.xml")
	r := diff.Diff(a, b)
	assert.Empty(t, r.Differences)
	assert.False(t, r.HasChanges())
	require.Len(t, r.Pairs, 1)
}

// TestMessageChoice pairs the message --message chose with the other
// side's first of its kind, and says so.
func TestMessageChoice(t *testing.T) {
	cfg := &checks.Config{Profile: checks.IdentityCenter}
	good, bad := sides(t, cfg, "../../testdata/inputs/response.xml", "../../testdata/diff/nameid-format/bad.xml")
	bad.Choose = 1
	r := diff.Diff(good, bad)
	require.Len(t, r.Pairs, 1)
	assert.Contains(t, r.Pairs[0].How, "BAD's message 1 chosen with --message")
	assert.True(t, r.HasChanges())
}

// TestRanking: rule differences first, then structural, then cosmetic;
// the rule's finding stands next to the field that explains it.
func TestRanking(t *testing.T) {
	cfg := &checks.Config{Profile: checks.IdentityCenter, At: time.Date(2026, 11, 1, 10, 0, 30, 0, time.UTC)}
	good, bad := sides(t, cfg, "../../testdata/diff/encrypted-assertion/good.xml", "../../testdata/diff/encrypted-assertion/bad.xml")
	r := diff.Diff(good, bad)
	order := map[diff.Kind]int{diff.KindRule: 0, diff.KindStructural: 1, diff.KindCosmetic: 2}
	for i := 1; i < len(r.Differences); i++ {
		assert.LessOrEqual(t, order[r.Differences[i-1].Kind], order[r.Differences[i].Kind], "difference %d", i)
	}
	first := r.Differences[0]
	assert.Equal(t, "encryption", first.Field)
	require.Len(t, first.Findings, 2)
	assert.Equal(t, "idc/encrypted-assertion", first.Findings[0].Rule)
	assert.Equal(t, "bad", first.Findings[0].Side)
	assert.Equal(t, "saml/decryption", first.Findings[1].Rule, "the error first, then the warning")
	for _, d := range r.Differences {
		assert.NotContains(t, d.Field, "nameid.", "the properties of an assertion BAD cannot read are folded into one difference")
	}
}

// TestOwnRule: a rule of the user's own, which the diff knows nothing
// about, is placed next to the field read from the element its finding
// points at.
func TestOwnRule(t *testing.T) {
	own := &checks.Rule{ID: "acme/nameid-unspecified", Title: "NameID Format unspecified", Severity: checks.Error,
		Profiles: []checks.Profile{checks.IdentityCenter},
		Run: func(p *checks.Pass) {
			for _, a := range p.Assertions() {
				if n := a.Subject.NameID; n != nil && n.Format != "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent" {
					p.Reportf(n.Element, "NameID Format %q is not persistent", n.Format)
				}
			}
		}}
	cfg := &checks.Config{Profile: checks.IdentityCenter, Rules: []*checks.Rule{own}}
	good, bad := sides(t, cfg, "../../testdata/diff/nameid-format/bad.xml", "../../testdata/diff/nameid-format/good.xml")
	// Both fire (neither is persistent): no rule difference.
	assert.Zero(t, diff.Diff(good, bad).Count(diff.KindRule))
	own.Run = func(p *checks.Pass) {
		for _, a := range p.Assertions() {
			if n := a.Subject.NameID; n != nil && n.Format == "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified" {
				p.Reportf(n.Element, "unspecified")
			}
		}
	}
	good, bad = sides(t, cfg, "../../testdata/diff/nameid-format/good.xml", "../../testdata/diff/nameid-format/bad.xml")
	r := diff.Diff(good, bad)
	require.NotEmpty(t, r.Differences)
	first := r.Differences[0]
	assert.Equal(t, diff.KindRule, first.Kind)
	assert.Equal(t, "nameid.format", first.Field)
	assert.Equal(t, []string{"acme/nameid-unspecified"}, first.Rules)
}

// TestUndecodable: a message that did not decode is paired with the other
// side's message, and the decoding is the difference saml/decode judges.
func TestUndecodable(t *testing.T) {
	cfg := &checks.Config{Profile: checks.IdentityCenter}
	good, bad := sides(t, cfg, "../../testdata/inputs/response.xml", "../../testdata/rules/saml/decode/fail/deflate-corrupt.b64")
	r := diff.Diff(good, bad)
	require.Len(t, r.Pairs, 1)
	require.NotNil(t, r.Pairs[0].Good)
	require.NotNil(t, r.Pairs[0].Bad)
	require.NotEmpty(t, r.Differences)
	assert.Equal(t, "decode", r.Differences[0].Field)
	assert.Equal(t, []string{"saml/decode"}, r.Differences[0].Rules)
	for _, d := range r.Differences {
		assert.NotEqual(t, "kind", d.Field)
	}
}

func TestNilSides(t *testing.T) {
	r := diff.Diff(nil, &diff.Side{Name: "x"})
	assert.Empty(t, r.Pairs)
	assert.False(t, r.HasChanges())
}

// TestSeverityChange: a rule that fires on both sides, as a warning on
// GOOD and an error on BAD, is a difference it judges.
func TestSeverityChange(t *testing.T) {
	cfg := &checks.Config{Profile: checks.IAM}
	good, bad := sides(t, cfg, "../../testdata/rules/iam/role-attribute/fail/provider-first.xml", "../../testdata/rules/iam/role-attribute/fail/role-arn-only.xml")
	r := diff.Diff(good, bad)
	require.NotEmpty(t, r.Differences)
	d := r.Differences[0]
	assert.Equal(t, diff.KindRule, d.Kind)
	assert.Equal(t, "attribute:https://aws.amazon.com/SAML/Attributes/Role.role:arn:aws:iam::123456789012:role/Admin", d.Field)
	require.Len(t, d.Findings, 1)
	assert.Equal(t, checks.Error, d.Findings[0].Severity)
	assert.Equal(t, checks.Warning, d.Findings[0].OtherSeverity)
	// The reverse: BAD's error is GOOD's warning; the same severity on
	// both sides is no difference.
	assert.Zero(t, diff.Diff(bad, bad).Count(diff.KindRule))
}
