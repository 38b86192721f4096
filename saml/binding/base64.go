package binding

import (
	"encoding/base64"
	"fmt"
	"strings"
)

// Base64Repairs says what DecodeBase64Repairs tolerated in a value.
type Base64Repairs struct {
	// Whitespace: spaces, tabs or line breaks were removed.
	Whitespace bool
	// URLSafe: the URL-safe alphabet ('-', '_') was read (RFC 4648 §5).
	URLSafe bool
	// AddedPadding and ExtraPadding: the '=' padding was missing, or
	// there was more than the length needs.
	AddedPadding, ExtraPadding bool
}

// DecodeBase64 decodes Base64 leniently: the standard or the URL-safe
// alphabet, with or without padding, spaces, tabs and line breaks ignored.
// It reads exactly what Base64Decoder reads, at once.
func DecodeBase64(s string) ([]byte, error) {
	data, _, err := DecodeBase64Repairs(s)
	return data, err
}

// SpacesArePlus reports whether the spaces in the Base64 value s are
// better read as '+' signs a form decoder turned into spaces than as line
// breaks: s holds spaces and no '+', and its whitespace does not split it
// into at least three lines of equal length (the last may be shorter), as
// Base64 wrapped at a fixed width is. saml's decoder tries that reading
// first, and the redactor writes a redacted value back the same way.
func SpacesArePlus(s string) bool {
	return strings.Contains(s, " ") && !strings.Contains(s, "+") && !fixedWidthLines(strings.Fields(s))
}

// fixedWidthLines reports at least three lines of equal length, the last
// of which may be shorter.
func fixedWidthLines(lines []string) bool {
	if len(lines) < 3 {
		return false
	}
	width := len(lines[0])
	for _, l := range lines[1 : len(lines)-1] {
		if len(l) != width {
			return false
		}
	}
	return len(lines[len(lines)-1]) <= width
}

// DecodeBase64Repairs is DecodeBase64 that also says what it tolerated.
func DecodeBase64Repairs(s string) ([]byte, Base64Repairs, error) {
	var r Base64Repairs
	if strings.ContainsAny(s, " \t\r\n") {
		r.Whitespace = true
		s = strings.Map(func(c rune) rune {
			if c == ' ' || c == '\t' || c == '\r' || c == '\n' {
				return -1
			}
			return c
		}, s)
	}
	if strings.ContainsAny(s, "-_") {
		r.URLSafe = true
		s = strings.NewReplacer("-", "+", "_", "/").Replace(s)
	}
	body := strings.TrimRight(s, "=")
	pad := len(s) - len(body)
	if len(body)%4 == 1 {
		return nil, r, fmt.Errorf("invalid length: %d characters is one more than a multiple of 4", len(body))
	}
	need := (4 - len(body)%4) % 4
	switch {
	case pad < need:
		r.AddedPadding = true
	case pad > need:
		r.ExtraPadding = true
	}
	data, err := base64.RawStdEncoding.DecodeString(body)
	if err != nil {
		return nil, r, err
	}
	return data, r, nil
}

// Base64Decoder decodes Base64 incrementally, as DecodeBase64 does at
// once: standard or URL-safe alphabet, spaces, tabs and line breaks
// ignored, padding only at the end, a last group of 2 or 3 characters
// allowed. Its memory does not grow with the input. The zero value is
// ready to use.
type Base64Decoder struct {
	q   [4]byte
	nq  int
	pad bool // padding seen: only padding and white space may follow
}

const (
	b64Invalid = 0xff
	b64Space   = 0xfe
	b64Pad     = 0xfd
)

var b64Table = func() [256]byte {
	var t [256]byte
	for i := range t {
		t[i] = b64Invalid
	}
	for i, c := range "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/" {
		t[c] = byte(i)
	}
	t['-'], t['_'] = 62, 63
	t[' '], t['\t'], t['\r'], t['\n'] = b64Space, b64Space, b64Space, b64Space
	t['='] = b64Pad
	return t
}()

// Decode appends the bytes decoded from p to dst. It returns false when p
// holds a byte that is not Base64 (or a character after padding); the
// decoder is then spent.
func (d *Base64Decoder) Decode(dst, p []byte) ([]byte, bool) {
	for _, c := range p {
		v := b64Table[c]
		switch {
		case v < 64:
			if d.pad {
				return dst, false
			}
			d.q[d.nq] = v
			d.nq++
			if d.nq == 4 {
				dst = append(dst, d.q[0]<<2|d.q[1]>>4, d.q[1]<<4|d.q[2]>>2, d.q[2]<<6|d.q[3])
				d.nq = 0
			}
		case v == b64Space:
		case v == b64Pad:
			d.pad = true
		default:
			return dst, false
		}
	}
	return dst, true
}

// Finish appends the last bytes to dst; false when a lone character is
// left (the input's length is one more than a multiple of 4).
func (d *Base64Decoder) Finish(dst []byte) ([]byte, bool) {
	switch d.nq {
	case 1:
		return dst, false
	case 2:
		dst = append(dst, d.q[0]<<2|d.q[1]>>4)
	case 3:
		dst = append(dst, d.q[0]<<2|d.q[1]>>4, d.q[1]<<4|d.q[2]>>2)
	}
	d.nq = 0
	return dst, true
}
