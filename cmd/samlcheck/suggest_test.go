package main

import (
	"runtime/debug"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSuggest(t *testing.T) {
	cmds := commandNames()
	ids := ruleIDs()
	for _, tc := range []struct {
		word       string
		candidates []string
		want       string
	}{
		{"chek", cmds, "check"},
		{"chekc", cmds, "check"},
		{"decod", cmds, "decode"},
		{"complete", cmds, "completion"},
		{"frobnicate", cmds, ""},
		{"x", cmds, ""},
		{"nameid-format", ids, "idc/nameid-format"},
		{"nameid-formt", ids, "idc/nameid-format"},
		{"idc/nameid-formt", ids, "idc/nameid-format"},
		{"saml/time-windw", ids, "saml/time-window"},
		{"formt", []string{"format", "fail-on", "o"}, "format"},
	} {
		assert.Equal(t, tc.want, suggest(tc.word, tc.candidates), tc.word)
	}
}

func TestEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"", "abc", 3}, {"check", "check", 0}, {"chek", "check", 1},
		{"chekc", "check", 1}, {"kitten", "sitting", 3}, {"complete", "completion", 3},
	} {
		assert.Equal(t, tc.want, editDistance(tc.a, tc.b), "%q %q", tc.a, tc.b)
		assert.Equal(t, tc.want, editDistance(tc.b, tc.a), "%q %q", tc.b, tc.a)
	}
}

func TestVersionText(t *testing.T) {
	assert.Equal(t, "samlcheck (devel)\n", versionText(nil))
	bi := &debug.BuildInfo{GoVersion: "go1.25.3", Main: debug.Module{Path: "github.com/samlcheck/samlcheck", Version: "v1.2.0"}}
	assert.Equal(t, "samlcheck v1.2.0\ngo1.25.3\n", versionText(bi))
	bi.Main.Version = ""
	bi.Settings = []debug.BuildSetting{
		{Key: "vcs.revision", Value: "0123456789abcdef"},
		{Key: "vcs.time", Value: "2026-11-01T10:00:00Z"},
		{Key: "vcs.modified", Value: "true"},
	}
	assert.Equal(t, "samlcheck (devel)\nrevision 0123456789abcdef+dirty (2026-11-01T10:00:00Z)\ngo1.25.3\n", versionText(bi))
}
