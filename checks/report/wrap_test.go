package report

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWrapText(t *testing.T) {
	for _, tc := range []struct {
		prefix string
		indent int
		text   string
		width  int
		want   string
	}{
		{"  why: ", 7, "one two three four", 14, "  why: one two\n       three\n       four\n"},
		{"", 0, "", 10, "\n"},
		// A URL longer than the room after the prefix: alone on the next
		// line, outdented to fit.
		{"  at ", 6, "https://example.com/a/very/long/path", 40, "  at\n    https://example.com/a/very/long/path\n"},
		// Longer than the width: alone at column 0, whole.
		{"  ", 2, "x https://example.com/longer/than/the/width", 20, "  x\nhttps://example.com/longer/than/the/width\n"},
		// A fingerprint and a comma-separated list break after their separators.
		{"", 4, "SHA-1 AB:CD:EF:01:23:45:67:89", 16, "SHA-1 AB:CD:EF:\n    01:23:45:67:\n    89\n"},
		{"", 2, "arn:aws:iam::1:role/A,arn:aws:iam::1:saml-provider/P", 30, "arn:aws:iam::1:role/A,\narn:aws:iam::1:saml-provider/P\n"},
		// Colour codes take no columns.
		{"\x1b[1mERROR\x1b[0m ", 6, "aaaa bbbb", 14, "\x1b[1mERROR\x1b[0m aaaa\n      bbbb\n"},
	} {
		assert.Equal(t, tc.want, wrapText(tc.prefix, tc.indent, tc.text, tc.width), "%q at %d", tc.text, tc.width)
	}
}

// TestWrapTextProperties wraps random texts at random widths: no line is
// longer than the width unless it is one word alone at column 0, and the
// words come out as they went in (pieces of split lists rejoined).
func TestWrapTextProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("abcdefghijklmnopqrstuvwxyzé/:.,-")
	for range 2000 {
		var words []string
		for range r.IntN(30) {
			n := 1 + r.IntN(25)
			if r.IntN(10) == 0 {
				n = 40 + r.IntN(60)
			}
			w := make([]rune, n)
			for i := range w {
				w[i] = alphabet[r.IntN(len(alphabet))]
			}
			words = append(words, string(w))
		}
		width := 20 + r.IntN(100)
		indent := r.IntN(12)
		prefix := strings.Repeat(" ", r.IntN(indent+1)) + "p: "
		text := strings.Join(words, " ")
		out := wrapText(prefix, indent, text, width)
		require.True(t, strings.HasSuffix(out, "\n"))
		for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
			if utf8.RuneCountInString(line) > width {
				assert.Len(t, strings.Fields(line), 1, "width %d: a line over the width holds one word: %q", width, line)
				assert.False(t, strings.HasPrefix(line, " "), "width %d: an overlong word starts at column 0: %q", width, line)
			}
		}
		got := strings.Fields(strings.TrimPrefix(strings.TrimLeft(out, " "), "p:"))
		assert.Equal(t, strings.Join(words, ""), strings.Join(got, ""), "width %d: the text's characters, in order", width)
		if !strings.ContainsAny(text, ",:") {
			assert.Equal(t, words, nilIfEmpty(got), "width %d: the same words", width)
		}
	}
}

func nilIfEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}
