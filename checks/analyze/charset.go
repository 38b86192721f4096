package analyze

import (
	"bufio"
	"bytes"
	"io"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// textCharset recognises, from the first bytes of an input, a text
// encoding other than plain UTF-8: a UTF-8 byte order mark, or UTF-16 with
// or without one (Windows PowerShell 5's > and Out-File write UTF-16LE with
// a byte order mark; Get-Clipboard piped to a file, and some editors,
// UTF-16 without). It returns the decoder to UTF-8 and a description for
// the decoding steps, or nil and "" for UTF-8 (and for anything else:
// binary data is left to the caller).
func textCharset(head []byte) (encoding.Encoding, string) {
	switch {
	case bytes.HasPrefix(head, []byte("\xef\xbb\xbf")):
		return unicode.UTF8BOM, "UTF-8, byte order mark removed"
	case bytes.HasPrefix(head, []byte("\xff\xfe")):
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), "UTF-16LE with byte order mark, converted to UTF-8"
	case bytes.HasPrefix(head, []byte("\xfe\xff")):
		return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), "UTF-16BE with byte order mark, converted to UTF-8"
	}
	switch utf16Order(head) {
	case 'L':
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "UTF-16LE without byte order mark, converted to UTF-8"
	case 'B':
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), "UTF-16BE without byte order mark, converted to UTF-8"
	}
	return nil, ""
}

// utf16Order guesses UTF-16 without a byte order mark from mostly ASCII
// text (every format samlcheck reads starts with ASCII: '{', '<', Base64, a
// URL): 'L' when the first code unit, and at least 7 in 8 of the first 64,
// are an ASCII character followed by a zero byte; 'B' when preceded by
// one; 0 otherwise. It needs at least 4 code units.
func utf16Order(head []byte) byte {
	n := min(len(head), 128) &^ 1
	if n < 8 {
		return 0
	}
	ascii := func(c byte) bool { return c != 0 && c < 0x80 }
	le, be := 0, 0
	for i := 0; i < n; i += 2 {
		a, b := head[i], head[i+1]
		if ascii(a) && b == 0 {
			le++
		}
		if a == 0 && ascii(b) {
			be++
		}
	}
	units := n / 2
	switch {
	case ascii(head[0]) && head[1] == 0 && le*8 >= units*7:
		return 'L'
	case head[0] == 0 && ascii(head[1]) && be*8 >= units*7:
		return 'B'
	}
	return 0
}

// decodeCharset returns a reader of br's text as UTF-8, converting on the
// fly (a big UTF-16 HAR is streamed, never read whole), and the
// description of the conversion; br itself and "" when the text is UTF-8
// already. head is br's first bytes.
func decodeCharset(br *bufio.Reader, head []byte) (*bufio.Reader, string) {
	enc, name := textCharset(head)
	if enc == nil {
		return br, ""
	}
	var r io.Reader = transform.NewReader(br, enc.NewDecoder())
	return bufio.NewReaderSize(r, 64<<10), name
}
