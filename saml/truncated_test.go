package saml

import (
	"bytes"
	"encoding/base64"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDecodeTruncated cuts the fixture response's Base64 value at several
// places: each is reported as truncated, naming the element it ends in,
// with the XML that did decode.
func TestDecodeTruncated(t *testing.T) {
	data, err := os.ReadFile("../testdata/inputs/response.b64")
	require.NoError(t, err)
	value := strings.Join(strings.Fields(string(data)), "")
	full, err := base64.StdEncoding.DecodeString(value)
	require.NoError(t, err)
	for _, tt := range []struct {
		cut    int
		inside string
	}{
		{6000, "inside the Assertion"},
		{6001, "inside the Assertion"}, // one more than a multiple of 4
		{2400, "inside the Response (in <ds:X509Certificate>)"},
	} {
		m, err := Decode(Encoded{Value: value[:tt.cut], Source: Source{File: "cut.b64", Entry: -1}}, nil)
		assert.Nil(t, m)
		require.ErrorIs(t, err, ErrTruncated, "cut at %d", tt.cut)
		var te *TruncatedError
		require.True(t, errors.As(err, &te))
		assert.Equal(t, "Base64", te.Encoding)
		assert.Equal(t, tt.cut, te.Chars)
		assert.Contains(t, te.Error(), "ends after "+thousands(tt.cut)+" characters "+tt.inside)
		assert.True(t, bytes.HasPrefix(full, te.Partial), "the partial XML is the start of the message")
		assert.Greater(t, len(te.Partial), tt.cut*3/4-4)
	}
	// The whole value, and a value with a real syntax error, are not truncated.
	_, err = Decode(Encoded{Value: value}, nil)
	require.NoError(t, err)
	_, err = Decode(Encoded{Value: "<a><b></a>"}, nil)
	assert.False(t, errors.Is(err, ErrTruncated), "%v", err)
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 6240: "6,240", 1234567: "1,234,567"} {
		assert.Equal(t, want, thousands(n))
	}
}

// TestDecodeUTF16Declaration: an XML file that was UTF-16, converted by the
// reader (Encoded.Charset), may still declare encoding="UTF-16".
func TestDecodeUTF16Declaration(t *testing.T) {
	const doc = `<?xml version="1.0" encoding="utf-16"?><samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r" Version="2.0" IssueInstant="2026-11-01T10:00:00Z"/>`
	_, err := Decode(Encoded{Value: doc}, nil)
	require.Error(t, err, "a UTF-8 text declaring UTF-16 is refused")
	m, err := Decode(Encoded{Value: doc, Charset: "UTF-16LE with byte order mark, converted to UTF-8"}, nil)
	require.NoError(t, err)
	assert.Equal(t, StepCharset, m.Steps[0].Name)
	assert.Contains(t, m.Steps[0].Repairs[0], `encoding="UTF-16" read as UTF-8`)
	assert.Contains(t, string(m.XML), `encoding="UTF-8"`)
}

// TestDecodeEveryCut cuts the fixture response's value at many places:
// every cut fails without panicking, and every cut past the XML
// declaration's first group is reported as truncated, with a partial XML
// that is a prefix of the message.
func TestDecodeEveryCut(t *testing.T) {
	data, err := os.ReadFile("../testdata/inputs/response.b64")
	require.NoError(t, err)
	value := strings.Join(strings.Fields(string(data)), "")
	full, err := base64.StdEncoding.DecodeString(value)
	require.NoError(t, err)
	for cut := 8; cut < len(value)-4; cut += 37 {
		_, err := Decode(Encoded{Value: value[:cut]}, nil)
		require.Error(t, err, "cut at %d", cut)
		var te *TruncatedError
		require.True(t, errors.As(err, &te), "cut at %d: %v", cut, err)
		assert.True(t, bytes.HasPrefix(full, te.Partial), "cut at %d", cut)
	}
}
