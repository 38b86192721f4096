package analyze

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"path"
	"slices"
	"strings"
)

// magic is a file signature: what a file starting with prefix (at offset
// at) is, and what to do instead.
type magic struct {
	at     int
	prefix string
	what   string
	hint   string
}

// magics are the signatures of files people attach by mistake where a HAR
// or a SAML message was asked for: screenshots, documents, archives,
// packet captures, executables.
var magics = []magic{
	{0, "\x89PNG\r\n\x1a\n", "a PNG image", ""},
	{0, "\xff\xd8\xff", "a JPEG image", ""},
	{0, "GIF87a", "a GIF image", ""},
	{0, "GIF89a", "a GIF image", ""},
	{8, "WEBP", "a WebP image", ""},
	{0, "%PDF-", "a PDF document", ""},
	{0, "{\\rtf", "an RTF document", ""},
	{0, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Outlook message or legacy Office document (OLE)", "save the attachment it holds and pass that"},
	{0, "7z\xbc\xaf\x27\x1c", "a 7-Zip archive", "extract it and pass the .har file"},
	{0, "Rar!\x1a\x07", "a RAR archive", "extract it and pass the .har file"},
	{0, "\xfd7zXZ\x00", "an xz-compressed file", "decompress it and pass the .har file"},
	{0, "BZh", "a bzip2-compressed file", "decompress it and pass the .har file"},
	{0, "\x28\xb5\x2f\xfd", "a zstd-compressed file", "decompress it and pass the .har file"},
	{0, "\xd4\xc3\xb2\xa1", "a packet capture (pcap)", "samlcheck reads the browser's view of the login: save a HAR from the developer tools (Network tab)"},
	{0, "\xa1\xb2\xc3\xd4", "a packet capture (pcap)", "samlcheck reads the browser's view of the login: save a HAR from the developer tools (Network tab)"},
	{0, "\x0a\x0d\x0d\x0a", "a packet capture (pcapng)", "samlcheck reads the browser's view of the login: save a HAR from the developer tools (Network tab)"},
	{0, "SQLite format 3\x00", "an SQLite database", ""},
	{0, "\x7fELF", "an executable (ELF)", ""},
}

// harHint says how to get what samlcheck reads.
const harHint = "pass the HAR saved from the browser's developer tools (Network tab, Save all as HAR), or the SAMLResponse value"

// notSAMLKind names what a file that is neither a HAR nor a SAML message
// looks like, from its first bytes (after any text decoding): "a PNG image"
// and a hint, or "" when nothing is recognised. A ZIP archive is described
// by describeZip; binary data (a NUL byte) that matches no signature is
// "binary data".
func notSAMLKind(head []byte) (what, hint string) {
	for _, m := range magics {
		if len(head) >= m.at+len(m.prefix) && string(head[m.at:m.at+len(m.prefix)]) == m.prefix {
			if m.at == 8 && !bytes.HasPrefix(head, []byte("RIFF")) {
				continue
			}
			if m.hint == "" {
				m.hint = harHint
			}
			return m.what, m.hint
		}
	}
	if isZip(head) {
		return "a ZIP archive", "extract it and pass the .har files"
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return "binary data", harHint
	}
	return "", ""
}

// isZip reports whether head starts like a ZIP archive (a local file
// header, or the end record of an empty archive).
func isZip(head []byte) bool {
	return bytes.HasPrefix(head, []byte("PK\x03\x04")) || bytes.HasPrefix(head, []byte("PK\x05\x06"))
}

// zipHARs returns the names of the .har members of the ZIP archive at p,
// in archive order, or nil when p is not a ZIP archive or holds none.
func zipHARs(p string) []string {
	f, err := os.Open(p)
	if err != nil {
		return nil
	}
	defer f.Close()
	head := make([]byte, 4)
	if _, err := io.ReadFull(f, head); err != nil || !isZip(head) {
		return nil
	}
	st, err := f.Stat()
	if err != nil {
		return nil
	}
	return zipHARNames(f, st.Size())
}

// zipHARNames returns the names of the .har members of the ZIP archive r.
func zipHARNames(r io.ReaderAt, size int64) []string {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil
	}
	var names []string
	for _, m := range zr.File {
		if isHARMember(m) {
			names = append(names, m.Name)
		}
	}
	return names
}

func isHARMember(m *zip.File) bool {
	base := path.Base(m.Name)
	return !m.FileInfo().IsDir() && strings.EqualFold(path.Ext(m.Name), ".har") &&
		!strings.HasPrefix(base, "._") && !strings.HasPrefix(m.Name, "__MACOSX/")
}

// describeZip says what a ZIP archive that holds no .har file is: a Fiddler
// session archive (.saz: raw/NN_c.txt, NN_s.txt), an Office document, or a
// ZIP of other files (naming a few). r reads the whole archive.
func describeZip(r io.ReaderAt, size int64) (what, hint string) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return "a ZIP archive that cannot be read (" + err.Error() + ")", "extract it and pass the .har files"
	}
	var names []string
	saz := false
	for _, m := range zr.File {
		names = append(names, m.Name)
		if strings.HasPrefix(m.Name, "raw/") && (strings.HasSuffix(m.Name, "_c.txt") || strings.HasSuffix(m.Name, "_s.txt")) {
			saz = true
		}
	}
	switch {
	case saz:
		return "a Fiddler session archive (.saz, raw HTTP sessions)",
			"in Fiddler, File > Export Sessions > All Sessions > HTTPArchive v1.2, and pass the .har file"
	case slices.Contains(names, "[Content_Types].xml"):
		return "an Office document (Word, Excel or PowerPoint)", harHint
	case len(names) == 0:
		return "an empty ZIP archive", harHint
	}
	shown := names[:min(len(names), 3)]
	more := ""
	if len(names) > len(shown) {
		more = fmt.Sprintf(" and %d more", len(names)-len(shown))
	}
	return fmt.Sprintf("a ZIP archive with no .har file in it (%s%s)", strings.Join(shown, ", "), more),
		"extract the SAML file and pass it, or put the .har files in the archive"
}
