package redact

import (
	"encoding/binary"
	"unicode/utf16"
)

// textEncoding is how a pasted value's text was encoded: UTF-8, or UTF-16
// as Windows PowerShell's ">" and Get-Clipboard write it.
type textEncoding struct {
	utf16 bool
	big   bool // big-endian
	bom   bool
}

// sniffUTF16 reports data in UTF-16: with a byte order mark, or without
// one when it is mostly ASCII text in 16-bit units (every other byte NUL).
func sniffUTF16(data []byte) textEncoding {
	switch {
	case len(data) >= 2 && data[0] == 0xff && data[1] == 0xfe:
		return textEncoding{utf16: true, bom: true}
	case len(data) >= 2 && data[0] == 0xfe && data[1] == 0xff:
		return textEncoding{utf16: true, big: true, bom: true}
	case len(data) < 4 || len(data)%2 != 0:
		return textEncoding{}
	}
	n := min(len(data), 1024) &^ 1
	le, be := 0, 0
	for i := 0; i < n; i += 2 {
		if data[i] != 0 && data[i+1] == 0 {
			le++
		}
		if data[i] == 0 && data[i+1] != 0 {
			be++
		}
	}
	pairs := n / 2
	switch {
	case le*10 >= pairs*9:
		return textEncoding{utf16: true}
	case be*10 >= pairs*9:
		return textEncoding{utf16: true, big: true}
	}
	return textEncoding{}
}

// decode returns data as UTF-8 (without the UTF-16 byte order mark).
func (e textEncoding) decode(data []byte) []byte {
	if !e.utf16 {
		return data
	}
	if e.bom {
		data = data[2:]
	}
	units := make([]uint16, len(data)/2)
	for i := range units {
		if e.big {
			units[i] = binary.BigEndian.Uint16(data[2*i:])
		} else {
			units[i] = binary.LittleEndian.Uint16(data[2*i:])
		}
	}
	return []byte(string(utf16.Decode(units)))
}

// encode returns UTF-8 text in the encoding e (with its byte order mark).
func (e textEncoding) encode(text []byte) []byte {
	if !e.utf16 {
		return text
	}
	units := utf16.Encode([]rune(string(text)))
	out := make([]byte, 0, 2*len(units)+2)
	if e.bom {
		units = append([]uint16{0xfeff}, units...)
	}
	for _, u := range units {
		if e.big {
			out = binary.BigEndian.AppendUint16(out, u)
		} else {
			out = binary.LittleEndian.AppendUint16(out, u)
		}
	}
	return out
}
