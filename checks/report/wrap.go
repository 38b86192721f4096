package report

import (
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
// a word longer than the whole width goes past it. Columns are counted in
// runes, and ANSI colour codes in prefix are not counted.
func wrapText(prefix string, indent int, text string, width int) string {
	words := strings.Fields(text)
	var b strings.Builder
	line, cols := prefix, visibleLen(prefix)
	start := true // nothing but the prefix or the indent on this line yet
	for _, w := range words {
		n := visibleLen(w)
		if !start && cols+1+n > width {
			b.WriteString(strings.TrimRight(line, " "))
			b.WriteByte('\n')
			line, cols, start = strings.Repeat(" ", indent), indent, true
		}
		if start && cols > 0 && cols+n > width {
			// Too long for the room left: end a line that shows a prefix,
			// and outdent the word as far as it needs.
			if strings.TrimSpace(line) != "" {
				b.WriteString(strings.TrimRight(line, " "))
				b.WriteByte('\n')
			}
			pad := max(min(indent, width-n), 0)
			line, cols = strings.Repeat(" ", pad), pad
		}
		if start {
			line += w
			cols += n
			start = false
			continue
		}
		line += " " + w
		cols += 1 + n
	}
	b.WriteString(strings.TrimRight(line, " "))
	b.WriteByte('\n')
	return b.String()
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
