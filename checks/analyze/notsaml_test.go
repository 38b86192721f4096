package analyze

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNotSAMLKind(t *testing.T) {
	for head, want := range map[string]string{
		"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR":     "a PNG image",
		"\xff\xd8\xff\xe0\x00\x10JFIF":            "a JPEG image",
		"GIF89a\x01\x00":                          "a GIF image",
		"RIFF\x10\x00\x00\x00WEBPVP8 ":            "a WebP image",
		"%PDF-1.7\n":                              "a PDF document",
		"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00":    "an Outlook message or legacy Office document (OLE)",
		"\xd4\xc3\xb2\xa1\x02\x00":                "a packet capture (pcap)",
		"PK\x03\x04\x14\x00":                      "a ZIP archive",
		"text with a NUL \x00 byte":               "binary data",
		"PHNhbWxwOlJlc3BvbnNlIHhtbG5zOnNhbWxwPSJ": "",
		"<samlp:Response":                         "",
		`{"log":{}}`:                              "",
		"RIFF\x10\x00\x00\x00WAVEfmt ":            "binary data",
	} {
		what, hint := notSAMLKind([]byte(head))
		assert.Equal(t, want, what, "%q", head)
		if want != "" {
			assert.NotEmpty(t, hint, "%q", head)
		}
	}
}

// TestReadNotSAML reads the generated not-SAML files: named explicitly each
// is a *NotSAMLError naming the file and what it is; found in a directory
// walk each is skipped without error, saying what it is.
func TestReadNotSAML(t *testing.T) {
	for name, what := range map[string]string{
		"error-screenshot.png": "a PNG image",
		"capture.pdf":          "a PDF document",
		"session.saz":          "a Fiddler session archive (.saz, raw HTTP sessions)",
	} {
		p := filepath.Join("../../testdata/notsaml", name)
		f, err := Read(context.Background(), Target{Path: p}, nil)
		var ns *NotSAMLError
		require.True(t, errors.As(err, &ns), "%s: %v", name, err)
		assert.Equal(t, what, ns.What)
		assert.Equal(t, p, ns.File)
		assert.Contains(t, err.Error(), p+": "+what+", not a HAR or a SAML message")
		assert.Empty(t, f.Capture.Messages)

		f, err = Read(context.Background(), Target{Path: p, Found: true}, nil)
		require.NoError(t, err)
		assert.NotEmpty(t, f.Skipped, name)
	}
}

// TestZipOfHARs: a ZIP named explicitly gives one target per .har member,
// read like the HAR itself; the same archive on standard input is said to
// hold HARs.
func TestZipOfHARs(t *testing.T) {
	p := "../../testdata/notsaml/hars.zip"
	targets, err := Expand([]string{p})
	require.NoError(t, err)
	require.Equal(t, []Target{{Path: p, Member: "capture/login.har"}}, targets)
	assert.Equal(t, p+"/capture/login.har", targets[0].Name())
	f, err := Read(context.Background(), targets[0], nil)
	require.NoError(t, err)
	assert.Equal(t, "har", f.Input.Kind)
	assert.Equal(t, p+"/capture/login.har", f.Input.File)
	assert.Len(t, f.Capture.Messages, 2)

	data, err := os.ReadFile(p)
	require.NoError(t, err)
	_, err = Read(context.Background(), Target{Path: "-"}, &Options{Stdin: bytes.NewReader(data)})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "-: a ZIP archive holding capture/login.har, not a HAR or a SAML message")

	// A ZIP without HARs says what it holds.
	other, err := os.ReadFile("../../testdata/notsaml/session.saz")
	require.NoError(t, err)
	what, _ := describeZip(bytes.NewReader(other), int64(len(other)))
	assert.Contains(t, what, "Fiddler")
}

func TestGzipHAR(t *testing.T) {
	f, err := Read(context.Background(), Target{Path: "../../testdata/notsaml/login.har.gz"}, nil)
	require.NoError(t, err)
	assert.Equal(t, "har", f.Input.Kind)
	require.Len(t, f.Capture.Messages, 2)
	assert.Equal(t, "gzip-compressed, decompressed", f.Capture.Messages[0].Charset)
}
