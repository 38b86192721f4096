package pathglob

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestMatch(t *testing.T) {
	for _, c := range []struct {
		pattern, name string
		want          bool
	}{
		{"**", "a/b/c.har", true},
		{"*.har", "a.har", true},
		{"*.har", "x/a.har", false}, // * never crosses a /
		{"fixtures/**/*.har", "fixtures/a.har", true},
		{"fixtures/**/*.har", "fixtures/x/y/a.har", true},
		{"fixtures/**/*.har", "other/a.har", false},
		{"fixtures/**", "fixtures", true}, // ** matches zero segments
		{"fixtures/**", "fixtures/a/b", true},
		{"**/connect/*", "a/b/connect/x.xml", true},
		{"**/connect/*", "connect/x.xml", true},
		{"**/connect/*", "connect/y/x.xml", false},
		{"a/**/**/b", "a/b", true},
		{"a/?.xml", "a/b.xml", true},
		{"a/[bc].xml", "a/d.xml", false},
		{"a/[", "a/[", false}, // malformed: matches nothing
	} {
		assert.Equal(t, c.want, Match(c.pattern, c.name), "%q %q", c.pattern, c.name)
	}
}

func TestMatchOrParent(t *testing.T) {
	assert.True(t, MatchOrParent("fixtures/connect", "fixtures/connect/a/b.har"))
	assert.True(t, MatchOrParent("fixtures/*", "fixtures/connect/a.har"))
	assert.False(t, MatchOrParent("fixtures/connect", "fixtures/connected/a.har"))
	assert.False(t, MatchOrParent("connect", "fixtures/connect/a.har"))
}

func TestCouldMatchBelow(t *testing.T) {
	assert.True(t, CouldMatchBelow("a/*/c.har", "a"))
	assert.True(t, CouldMatchBelow("a/*/c.har", "a/b"))
	assert.False(t, CouldMatchBelow("a/*/c.har", "a/b/c"))
	assert.False(t, CouldMatchBelow("a/*/c.har", "x"))
	assert.False(t, CouldMatchBelow("*.har", "x"))
	assert.True(t, CouldMatchBelow("a/**/c.har", "a/b/c/d"))
}

func TestValidate(t *testing.T) {
	assert.NoError(t, Validate("fixtures/**/*.har"))
	assert.ErrorContains(t, Validate("a/["), "syntax error")
	assert.ErrorContains(t, Validate("a**/b"), "whole path segment")
	assert.Error(t, Validate(""))
	assert.True(t, HasMeta("a/*.har"))
	assert.False(t, HasMeta("a/b.har"))
}
