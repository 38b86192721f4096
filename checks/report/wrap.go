package report

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// DefaultWidth is the column text output wraps at when no width is given:
// the width samlcheck uses when standard output is not a terminal and
// COLUMNS is not set.
const DefaultWidth = 100

// wrapText returns text after prefix, wrapped at width columns, with
// continuation lines indented by indent spaces; every line ends with "\n".
// Lines break only between words (runs of non-space characters), so a word
// or URL is never split: a word longer than a line's room is put alone on a
// line, moved left as far as needed to fit (to column 0 at most), and only
// a word longer than the whole width goes past it. Two kinds of long word
// that are lists rather than words may break after their separators: a
// comma-separated list ("arn:…:role/R,arn:…:saml-provider/P") after a
// comma, and a colon-separated hex fingerprint ("D8:40:…:CD") after a
// colon. Columns are counted in runes; ANSI colour codes are not counted.
func wrapText(prefix string, indent int, text string, width int) string {
	var b strings.Builder
	line, cols := prefix, visibleLen(prefix)
	start := true // nothing but the prefix or the indent on this line yet
	newline := func() {
		b.WriteString(strings.TrimRight(line, " "))
		b.WriteByte('\n')
	}
	for _, word := range strings.Fields(text) {
		for i, w := range splitLong(word, width-indent) {
			glued := i > 0 // a piece of a split word: no space before it
			n := visibleLen(w)
			gap := 1
			if glued || start {
				gap = 0
			}
			if !start && cols+gap+n > width {
				newline()
				line, cols, start, gap = strings.Repeat(" ", indent), indent, true, 0
			}
			if start && cols > 0 && cols+n > width {
				// Too long for the room left: end a line that shows a
				// prefix, and outdent the word as far as it needs.
				if strings.TrimSpace(line) != "" {
					newline()
				}
				pad := max(min(indent, width-n), 0)
				line, cols = strings.Repeat(" ", pad), pad
			}
			line += strings.Repeat(" ", gap) + w
			cols += gap + n
			start = false
		}
	}
	newline()
	return b.String()
}

// fingerprint matches a colon-separated hex fingerprint.
var fingerprint = regexp.MustCompile(`^(?:[0-9A-Fa-f]{2}:)+[0-9A-Fa-f]{2}[.,;)]*$`)

// splitLong returns word in pieces that may go on separate lines when it
// is longer than room and is a comma-separated list or a hex fingerprint
// (each piece but the last ends with its separator); else word alone.
func splitLong(word string, room int) []string {
	if visibleLen(word) <= room {
		return []string{word}
	}
	sep := ""
	switch {
	case fingerprint.MatchString(word):
		sep = ":"
	case strings.Contains(strings.TrimRight(word, ",.;)"), ","):
		sep = ","
	default:
		return []string{word}
	}
	return strings.SplitAfter(word, sep)
}

// visibleLen counts the runes of s that a terminal shows: ANSI escape
// sequences (ESC [ … letter) are not counted.
func visibleLen(s string) int {
	n := 0
	for i := 0; i < len(s); {
		if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '[' {
			j := i + 2
			for j < len(s) && (s[j] < '@' || s[j] > '~') {
				j++
			}
			i = j + 1
			continue
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		n++
	}
	return n
}
