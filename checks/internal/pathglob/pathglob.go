// Package pathglob matches slash-separated paths against patterns with a
// "**" segment, the one semantics shared by samlcheck's command-line globs
// and its configuration file's per-path overrides.
//
// A pattern is split at "/" into segments. A segment "**" matches zero or
// more whole path segments; any other segment is matched against one path
// segment with path.Match, so "*" and "?" never cross a "/". Thus
// "fixtures/**/*.har" matches fixtures/a.har and fixtures/x/y/a.har, and
// "**" alone matches every path.
package pathglob

import (
	"fmt"
	"path"
	"strings"
)

// Validate reports a malformed pattern (an unclosed "[" class, a trailing
// "\\", a "**" glued to other characters such as "a**").
func Validate(pattern string) error {
	if pattern == "" {
		return fmt.Errorf("pathglob: empty pattern")
	}
	for _, seg := range strings.Split(pattern, "/") {
		if seg != "**" && strings.Contains(seg, "**") {
			return fmt.Errorf("pathglob: %q: ** must be a whole path segment", pattern)
		}
		if _, err := path.Match(seg, ""); err != nil {
			return fmt.Errorf("pathglob: %q: %w", pattern, err)
		}
	}
	return nil
}

// Match reports whether the slash-separated path name matches pattern as a
// whole. A malformed pattern matches nothing (check it with Validate).
func Match(pattern, name string) bool {
	return match(strings.Split(pattern, "/"), strings.Split(name, "/"))
}

// MatchOrParent reports whether name or one of its parent directories
// matches pattern: "fixtures/connect" then covers every file below it, like
// "fixtures/connect/**".
func MatchOrParent(pattern, name string) bool {
	pat, segs := strings.Split(pattern, "/"), strings.Split(name, "/")
	for n := len(segs); n > 0; n-- {
		if match(pat, segs[:n]) {
			return true
		}
	}
	return false
}

// CouldMatchBelow reports whether a path below directory dir could match
// pattern, so that a walk may skip the directories that cannot.
func CouldMatchBelow(pattern, dir string) bool {
	pat, segs := strings.Split(pattern, "/"), strings.Split(dir, "/")
	for ; len(segs) > 0; pat, segs = pat[1:], segs[1:] {
		if len(pat) == 0 {
			return false
		}
		if pat[0] == "**" {
			return true
		}
		if ok, err := path.Match(pat[0], segs[0]); err != nil || !ok {
			return false
		}
	}
	return len(pat) > 0
}

// HasMeta reports whether s holds a glob metacharacter: "*", "?" or "[".
func HasMeta(s string) bool { return strings.ContainsAny(s, "*?[") }

func match(pat, segs []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			// Collapse consecutive ** and try every split point.
			for len(pat) > 0 && pat[0] == "**" {
				pat = pat[1:]
			}
			if len(pat) == 0 {
				return true
			}
			for i := 0; i <= len(segs); i++ {
				if match(pat, segs[i:]) {
					return true
				}
			}
			return false
		}
		if len(segs) == 0 {
			return false
		}
		ok, err := path.Match(pat[0], segs[0])
		if err != nil || !ok {
			return false
		}
		pat, segs = pat[1:], segs[1:]
	}
	return len(segs) == 0
}
