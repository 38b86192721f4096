package saml

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"encoding/base64"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// sampleXML is a small Response whose Base64 form contains '+', '/' and
// padding, so every Base64 repair can be exercised on it.
const sampleXML = `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r1" Version="2.0" IssueInstant="2024-05-01T10:00:00Z" Destination="https://sp.example.com/acs"><saml:Issuer>https://idp.example.com/</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status><saml:Assertion ID="_a1" Version="2.0" IssueInstant="2024-05-01T10:00:00Z"><saml:Issuer>https://idp.example.com/</saml:Issuer><saml:Subject><saml:NameID>jane@example.com</saml:NameID></saml:Subject><saml:AttributeStatement><saml:Attribute Name="note"><saml:AttributeValue>??? &gt;&gt;&gt; ~~~ ???? &gt;&gt;&gt;&gt;</saml:AttributeValue></saml:Attribute></saml:AttributeStatement></saml:Assertion></samlp:Response>`

func b64(data []byte) string { return base64.StdEncoding.EncodeToString(data) }

func deflateRaw(t testing.TB, data []byte, level int) []byte {
	t.Helper()
	return compress(t, data, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, level) })
}

func zlibCompress(t testing.TB, data []byte) []byte {
	t.Helper()
	return compress(t, data, func(w io.Writer) (io.WriteCloser, error) { return zlib.NewWriter(w), nil })
}

func gzipCompress(t testing.TB, data []byte) []byte {
	t.Helper()
	return compress(t, data, func(w io.Writer) (io.WriteCloser, error) { return gzip.NewWriter(w), nil })
}

// compress writes data through the writer newWriter makes and returns what
// it wrote, closed.
func compress(t testing.TB, data []byte, newWriter func(io.Writer) (io.WriteCloser, error)) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := newWriter(&buf)
	require.NoError(t, err)
	_, err = w.Write(data)
	require.NoError(t, err)
	require.NoError(t, w.Close())
	return buf.Bytes()
}

// wrapLines splits s into lines of n characters joined by sep.
func wrapLines(s string, n int, sep string) string {
	var lines []string
	for len(s) > n {
		lines = append(lines, s[:n])
		s = s[n:]
	}
	return strings.Join(append(lines, s), sep)
}

// mustDecode decodes raw XML and fails the test on error.
func mustDecode(t testing.TB, xml string) *Message {
	t.Helper()
	m, err := Decode(Encoded{Value: xml}, nil)
	require.NoError(t, err)
	require.NotNil(t, m)
	return m
}

func stepNames(steps []Step) []string {
	names := make([]string, 0, len(steps))
	for _, s := range steps {
		names = append(names, s.Name)
	}
	return names
}

func allRepairs(steps []Step) []string {
	var r []string
	for _, s := range steps {
		r = append(r, s.Repairs...)
	}
	return r
}
