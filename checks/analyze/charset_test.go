package analyze

import (
	"bytes"
	"context"
	"os"
	"testing"
	"unicode/utf16"

	"github.com/samlcheck/samlcheck/saml"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// encodeUTF16 encodes s as UTF-16 in the byte order given ('L' or 'B').
func encodeUTF16(s string, order byte, bom bool) []byte {
	units := utf16.Encode([]rune(s))
	if bom {
		units = append([]uint16{0xfeff}, units...)
	}
	var b bytes.Buffer
	for _, u := range units {
		if order == 'L' {
			b.WriteByte(byte(u))
			b.WriteByte(byte(u >> 8))
		} else {
			b.WriteByte(byte(u >> 8))
			b.WriteByte(byte(u))
		}
	}
	return b.Bytes()
}

func TestTextCharset(t *testing.T) {
	text := "PD94bWwgdmVyc2lvbj0iMS4wIj8+\r\n"
	for _, tt := range []struct {
		data []byte
		want string
	}{
		{[]byte(text), ""},
		{append([]byte("\xef\xbb\xbf"), text...), "UTF-8, byte order mark removed"},
		{encodeUTF16(text, 'L', true), "UTF-16LE with byte order mark, converted to UTF-8"},
		{encodeUTF16(text, 'B', true), "UTF-16BE with byte order mark, converted to UTF-8"},
		{encodeUTF16(text, 'L', false), "UTF-16LE without byte order mark, converted to UTF-8"},
		{encodeUTF16(text, 'B', false), "UTF-16BE without byte order mark, converted to UTF-8"},
		{[]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), ""},
		{[]byte("a\x00b"), ""}, // too short to tell
		{encodeUTF16(`{"log":{"creator":{"name":"Müller's Fiddler-ähnliches Tool"}}}`, 'L', false), "UTF-16LE without byte order mark, converted to UTF-8"},
		{[]byte("\x1f\x8b\x08\x00\xff\xfe\x00\x01"), ""},
	} {
		_, got := textCharset(tt.data)
		assert.Equal(t, tt.want, got, "%q", tt.data[:min(len(tt.data), 12)])
	}
}

// TestReadCharsets reads the fixture response and HAR as Windows tools
// write them: each decodes to the same message as the UTF-8 original, and
// the conversion is the first decoding step.
func TestReadCharsets(t *testing.T) {
	for _, path := range []string{"../../testdata/inputs/response.b64", "../../testdata/inputs/response.xml", "../../testdata/har/chrome-idc-ok.har"} {
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		orig, err := readStream(context.Background(), path, bytes.NewReader(data), false, nil)
		require.NoError(t, err)
		require.NotEmpty(t, orig.Capture.Messages)
		for _, order := range []byte{'L', 'B'} {
			for _, bom := range []bool{true, false} {
				f, err := readStream(context.Background(), path, bytes.NewReader(encodeUTF16(string(data), order, bom)), true, nil)
				require.NoError(t, err, "%s %c %v", path, order, bom)
				require.Empty(t, f.Skipped)
				require.Len(t, f.Capture.Messages, len(orig.Capture.Messages))
				for i, e := range f.Capture.Messages {
					assert.Equal(t, orig.Capture.Messages[i].Value, e.Value)
					assert.Contains(t, e.Charset, "UTF-16")
					m, err := saml.Decode(e, nil)
					require.NoError(t, err)
					assert.Equal(t, saml.StepCharset, m.Steps[0].Name)
					assert.Equal(t, []string{e.Charset}, m.Steps[0].Repairs)
				}
			}
		}
	}
}
