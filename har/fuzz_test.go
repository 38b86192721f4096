package har

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The fuzz targets of package har, seeded with the fixture HARs of
// testdata/har and, when it is there, the corpus's HARs; regression seeds
// live in testdata/fuzz/FuzzXxx. `.ci/fuzz N` runs each for N seconds.

// fuzzSeedLimit is the largest HAR added as a seed: bigger ones slow each
// execution without reaching new code.
const fuzzSeedLimit = 64 << 10

// fuzzName is the file name the targets give the reader.
const fuzzName = "f.har"

// addHARSeeds adds the small .har files of the fixtures and of the corpus
// (when present) as seeds.
func addHARSeeds(f *testing.F) {
	f.Helper()
	for _, dir := range []string{filepath.Join("..", "testdata", "har"), filepath.Join("..", "..", "shared", "corpus", "har")} {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || filepath.Ext(path) != ".har" {
				return err
			}
			if info, err := d.Info(); err != nil || info.Size() > fuzzSeedLimit {
				return err
			}
			data, err := os.ReadFile(path)
			f.Add(data)
			return err
		})
		if errors.Is(err, fs.ErrNotExist) && strings.Contains(dir, "corpus") {
			f.Logf("../shared/corpus not found, seeding without it: %v", err)
		} else if err != nil {
			f.Fatal(err)
		}
	}
}

// addHARStrings adds hand-written HARs that reach the reader's corners.
func addHARStrings(f *testing.F) {
	for _, s := range []string{
		"\xef\xbb\xbfonInputData(" + `{"log":{"entries":[{"request":{"url":"https://idp/sso?SAMLRequest=abc%2B&RelayState=x"}}]}}` + ");",
		`{"request":{"url":"u","postData":{"text":"SAMLResponse=a"}},"response":{"status":"302","headers":[{"name":"location","value":"?SAMLResponse=b"}]}}`,
		`{"log":{"entries":[{"request":5},{"response":{"content":{"mimeType":"text/html","text":"<form><input name=SAMLResponse value=x><textarea name=SAMLRequest>y"}}}]}}`,
		`{"log":{"entries":[{"request":{"method":"POST","url":"https://sp/acs","postData":{"mimeType":"multipart/form-data; boundary=b","text":"--b\r\nContent-Disposition: form-data; name=\"SAMLResponse\"\r\n\r\nPHg+\r\n--b--"}},"response":{"content":{"mimeType":"text/html","encoding":"base64","text":"PGh0bWw+"}}}]}}`,
		`{"log":{"creator":{"name":"x"},"entries":[null,{"request":null},{"request":{"url":7}},[],{"request":{"headers":{}}}]}}`,
		`{"log":[2,1,3]`,
		`{"log":{"entries":[{"request":{"url":"a`,
	} {
		f.Add([]byte(s))
	}
}

// checkOneLine fails unless msg is one line holding every part.
func checkOneLine(t *testing.T, msg string, parts ...string) {
	t.Helper()
	if strings.ContainsAny(msg, "\r\n") {
		t.Fatalf("error is not one line: %q", msg)
	}
	for _, p := range parts {
		if !strings.Contains(msg, p) {
			t.Fatalf("error %q does not say %q", msg, p)
		}
	}
}

// checkFileError checks a fatal error: a *FileError naming the file, at an
// offset inside the input.
func checkFileError(t *testing.T, err error, size int) {
	t.Helper()
	var fe *FileError
	if !errors.As(err, &fe) {
		t.Fatalf("fatal error is a %T, not a *FileError: %v", err, err)
	}
	if fe.File != fuzzName || fe.Offset < -1 || fe.Offset > int64(size) {
		t.Fatalf("file error %q: file %q, offset %d of %d bytes", err, fe.File, fe.Offset, size)
	}
	checkOneLine(t, err.Error(), "har: "+fuzzName+": ")
}

// FuzzScan scans any input as a HAR: the capture is never nil, a fatal
// error is a *FileError, entry errors name their entry in order, messages
// come with their sightings, and kept pages stay within their bounds.
func FuzzScan(f *testing.F) {
	addHARStrings(f)
	addHARSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		const maxPages, maxText = 2, 100
		keep := func(*Entry, []byte) bool { return true }
		c, err := ScanWith(bytes.NewReader(data), fuzzName, ScanOptions{KeepPage: keep, MaxPages: maxPages, MaxText: maxText})
		if c == nil || c.File != fuzzName {
			t.Fatalf("capture %+v", c)
		}
		if err != nil {
			checkFileError(t, err, len(data))
		}
		last := -1
		for _, ee := range c.EntryErrors {
			if ee.File != fuzzName || ee.Entry <= last || ee.Entry >= c.Entries {
				t.Fatalf("entry error %q: entry %d after %d, of %d entries", ee, ee.Entry, last, c.Entries)
			}
			last = ee.Entry
			checkOneLine(t, ee.Error(), "har: "+fuzzName+": entry "+strconv.Itoa(ee.Entry+1)+": ")
		}
		for _, m := range c.Messages {
			if len(m.Sightings) == 0 || m.Sightings[0] != m.Source {
				t.Fatalf("sightings do not start with the source: %+v", m)
			}
			if m.Value == "" || m.Source.File != fuzzName || m.Source.Entry < 0 || m.Source.Entry >= c.Entries {
				t.Fatalf("bad message %+v", m)
			}
		}
		if len(c.Pages) > maxPages {
			t.Fatalf("%d pages kept, bound %d", len(c.Pages), maxPages)
		}
		for _, p := range c.Pages {
			if len(p.Text) > maxText {
				t.Fatalf("page text of %d bytes, bound %d", len(p.Text), maxText)
			}
		}
		_ = Sniff(data)
	})
}

// FuzzEntries ranges over the entries of any input, stopping after a
// number of steps the input chooses: each step yields an entry or an
// error, entries and entry errors are numbered in order, a *FileError is
// the last thing yielded, and stopping early is safe.
func FuzzEntries(f *testing.F) {
	addHARStrings(f)
	addHARSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		stopAfter := len(data) % 7 // 0: range to the end
		r := NewReader(bytes.NewReader(data), fuzzName)
		steps, fatal := 0, false
		for e, err := range r.Entries() {
			if fatal {
				t.Fatal("something yielded after a fatal error")
			}
			steps++
			var ee *EntryError
			switch {
			case (e == nil) == (err == nil):
				t.Fatalf("step %d yields entry %v and error %v", steps, e != nil, err)
			case errors.As(err, &ee):
				if ee.Entry != steps-1 {
					t.Fatalf("entry error for entry %d at step %d", ee.Entry, steps)
				}
				checkOneLine(t, err.Error(), "har: "+fuzzName+": entry "+strconv.Itoa(ee.Entry+1)+": ")
			case err != nil:
				checkFileError(t, err, len(data))
				fatal = true
			default:
				if e.Index != steps-1 {
					t.Fatalf("entry %d at step %d", e.Index, steps)
				}
				for _, m := range Extract(fuzzName, e) {
					if m.Source.Entry != e.Index || m.Source.File != fuzzName {
						t.Fatalf("message source %+v in entry %d", m.Source, e.Index)
					}
				}
				_, _ = e.Response.Content.Body()
			}
			if steps == stopAfter {
				break
			}
		}
		_ = r.Creator().String()
	})
}
