package har_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/samlcheck/samlcheck/har"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The broken-HAR mutation test: fixture HARs (and a sample of the corpus's)
// truncated at hundreds of offsets and with fields of one entry damaged.
// Whatever the damage, reading never panics, the entries before it are
// still yielded in order, and what could not be read is an *EntryError
// naming the entry and the field, or a *FileError naming the byte, each a
// single line naming the file. Written against the public API only.

// mutName is the file name the reader is given.
const mutName = "broken.har"

// item is one step of Reader.Entries, reduced to what the test compares.
type item struct {
	entry *har.Entry
	err   error
}

// readItems ranges over the entries of data.
func readItems(data []byte) []item {
	var out []item
	for e, err := range har.NewReader(bytes.NewReader(data), mutName).Entries() {
		out = append(out, item{entry: e, err: err})
	}
	return out
}

// same reports whether a and b are the same step: the same entry (index,
// method, URL) or an error for the same entry.
func same(a, b item) bool {
	var ea, eb *har.EntryError
	switch {
	case a.entry != nil && b.entry != nil:
		return a.entry.Index == b.entry.Index && a.entry.Request.Method == b.entry.Request.Method && a.entry.Request.URL == b.entry.Request.URL
	case errors.As(a.err, &ea) && errors.As(b.err, &eb):
		return ea.Entry == eb.Entry && ea.Error() == eb.Error()
	}
	return false
}

// checkOneLine fails unless err's text is one line naming the file and
// holding each of parts.
func checkOneLine(t *testing.T, err error, parts ...string) {
	t.Helper()
	msg := err.Error()
	assert.NotContains(t, msg, "\n", "one line")
	assert.True(t, strings.HasPrefix(msg, "har: "+mutName+": "), "%q names the file", msg)
	for _, p := range parts {
		assert.Contains(t, msg, p)
	}
}

// bounds are the byte offsets of one element of log.entries: its first
// byte and the byte after its last.
type bounds struct{ start, end int }

// entryBounds returns where each element of log.entries is in data (a HAR
// document, possibly after a BOM or JSONP prefix).
func entryBounds(t *testing.T, data []byte) []bounds {
	t.Helper()
	base := bytes.IndexByte(data, '{')
	require.GreaterOrEqual(t, base, 0)
	dec := json.NewDecoder(bytes.NewReader(data[base:]))
	next := func() json.Token {
		tok, err := dec.Token()
		require.NoError(t, err)
		return tok
	}
	// enter walks into the object member key of the object just opened.
	enter := func(key string) {
		require.Equal(t, json.Delim('{'), next())
		for dec.More() {
			if next() == key {
				return
			}
			var skip json.RawMessage
			require.NoError(t, dec.Decode(&skip))
		}
		t.Fatalf("no %q", key)
	}
	enter("log")
	enter("entries")
	require.Equal(t, json.Delim('['), next())
	var out []bounds
	for dec.More() {
		start := base + int(dec.InputOffset())
		for data[start] == ',' || data[start] == ' ' || data[start] == '\n' || data[start] == '\r' || data[start] == '\t' {
			start++
		}
		var raw json.RawMessage
		require.NoError(t, dec.Decode(&raw))
		out = append(out, bounds{start: start, end: base + int(dec.InputOffset())})
	}
	return out
}

// mutFile is a HAR the test damages, with how it reads undamaged.
type mutFile struct {
	name string
	data []byte
	// want is what reading the undamaged file yields.
	want []item
	// bounds locate its entries.
	bounds []bounds
	// cuts is how many evenly spread truncation offsets to try.
	cuts int
}

// mutFiles returns the fixture HARs and a sample of the corpus's small
// ones that read without a fatal error.
func mutFiles(t *testing.T) []mutFile {
	t.Helper()
	var out []mutFile
	add := func(path string, cuts int) {
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		want := readItems(data)
		if len(want) == 0 || want[len(want)-1].err != nil && !isEntryError(want[len(want)-1].err) {
			return // a negative corpus file: not a readable HAR to damage
		}
		out = append(out, mutFile{name: path, data: data, want: want, bounds: entryBounds(t, data), cuts: cuts})
	}
	fixtures, err := filepath.Glob(filepath.Join("..", "testdata", "har", "*.har"))
	require.NoError(t, err)
	require.NotEmpty(t, fixtures)
	for _, f := range fixtures {
		add(f, 80)
	}
	corpus, _ := filepath.Glob(filepath.Join("..", "..", "shared", "corpus", "har", "*", "*.har"))
	if len(corpus) == 0 {
		t.Log("../shared/corpus not found: damaging the fixture HARs only")
	}
	slices.Sort(corpus)
	n := 0
	for i, f := range corpus {
		if info, err := os.Stat(f); err != nil || info.Size() > 64<<10 || i%4 != 0 || n == 6 {
			continue
		}
		before := len(out)
		add(f, 30)
		n += len(out) - before
	}
	names := make([]string, len(out))
	for i, f := range out {
		names[i] = filepath.Base(f.name)
	}
	t.Logf("damaging %s", strings.Join(names, ", "))
	return out
}

func isEntryError(err error) bool {
	var ee *har.EntryError
	return errors.As(err, &ee)
}

// TestTruncatedHARs cuts every file at evenly spread offsets and around
// each entry's first and last byte: the entries that end before the cut
// are yielded as in the whole file, nothing else, then one *FileError
// saying the file is truncated at a byte no further than the cut.
func TestTruncatedHARs(t *testing.T) {
	total := 0
	for _, f := range mutFiles(t) {
		last := bytes.LastIndexByte(f.data, '}')
		first := bytes.IndexByte(f.data, '{') + 1
		cuts := map[int]bool{}
		for i := range f.cuts {
			cuts[first+i*(last-first)/f.cuts] = true
		}
		for _, b := range f.bounds {
			for _, c := range []int{b.start - 1, b.start, b.start + 1, b.end - 1, b.end, b.end + 1} {
				if c >= first && c < last {
					cuts[c] = true
				}
			}
		}
		for _, cut := range slices.Sorted(func(yield func(int) bool) {
			for c := range cuts {
				if !yield(c) {
					return
				}
			}
		}) {
			total++
			got := readItems(f.data[:cut])
			complete := 0
			for _, b := range f.bounds {
				if b.end <= cut {
					complete++
				}
			}
			where := fmt.Sprintf("%s cut at byte %d of %d", f.name, cut, len(f.data))
			require.Len(t, got, complete+1, "%s: the %d entries before the cut, then an error", where, complete)
			for i := range complete {
				assert.True(t, same(f.want[i], got[i]), "%s: step %d differs from the whole file's", where, i)
			}
			err := got[complete].err
			var fe *har.FileError
			require.ErrorAs(t, err, &fe, where)
			assert.ErrorIs(t, err, har.ErrTruncated, where)
			assert.Equal(t, mutName, fe.File)
			assert.True(t, fe.Offset >= 0 && fe.Offset <= int64(cut), "%s: error at byte %d", where, fe.Offset)
			checkOneLine(t, err, "byte "+strconv.FormatInt(fe.Offset, 10)+": ")
		}
	}
	assert.Greater(t, total, 500, "hundreds of cuts")
}

// A mutation damages one entry of a HAR decoded as generic JSON.
type mutation struct {
	name string
	// apply changes entry (an element of log.entries) and returns it.
	apply func(entry any) any
	// field is the dotted path of the damaged field, "" for the entry.
	field string
	// lenient: the reader may accept the damage (the entry is yielded)
	// instead of reporting an *EntryError for it.
	lenient bool
}

// set returns an apply that sets the field at path (dotted) to v, creating
// objects on the way; v == deleteField deletes it.
func set(path string, v any) func(any) any {
	return func(entry any) any {
		obj, ok := entry.(map[string]any)
		if !ok {
			return entry
		}
		keys := strings.Split(path, ".")
		m := obj
		for _, k := range keys[:len(keys)-1] {
			inner, ok := m[k].(map[string]any)
			if !ok {
				inner = map[string]any{}
				m[k] = inner
			}
			m = inner
		}
		if v == deleteField {
			delete(m, keys[len(keys)-1])
		} else {
			m[keys[len(keys)-1]] = v
		}
		return obj
	}
}

// deleteField tells set to delete the field.
var deleteField = &struct{}{}

var mutations = []mutation{
	{name: "request is an array", apply: set("request", []any{}), field: "request"},
	{name: "request is a string", apply: set("request", "GET /"), field: "request"},
	{name: "headers is an object", apply: set("request.headers", map[string]any{}), field: "request.headers"},
	{name: "postData is a string", apply: set("request.postData", "a=b"), field: "request.postData"},
	{name: "params is an object", apply: set("request.postData.params", map[string]any{}), field: "request.postData.params"},
	{name: "content is an array", apply: set("response.content", []any{1}), field: "response.content"},
	{name: "response headers is a number", apply: set("response.headers", 7), field: "response.headers"},
	{name: "entry is an array", apply: func(any) any { return []any{} }},
	{name: "entry is a number", apply: func(any) any { return 42 }},
	{name: "entry is a string", apply: func(any) any { return "entry" }},
	{name: "request is null", apply: set("request", nil), field: "request", lenient: true},
	{name: "no request", apply: set("request", deleteField), field: "request", lenient: true},
	{name: "response is null", apply: set("response", nil), field: "response", lenient: true},
	{name: "entry is null", apply: func(any) any { return nil }, lenient: true},
	{name: "status is a string", apply: set("response.status", "302"), field: "response.status", lenient: true},
	{name: "time is a string", apply: set("time", "12.5"), field: "time", lenient: true},
	{name: "startedDateTime is a number", apply: set("startedDateTime", 1700000000), field: "startedDateTime", lenient: true},
	{name: "url is a number", apply: set("request.url", 5), field: "request.url", lenient: true},
	{name: "bodySize is a string", apply: set("request.bodySize", "-1"), field: "request.bodySize", lenient: true},
}

// mutated returns f's document with entry i decoded, changed by apply and
// encoded again in its place.
func mutated(t *testing.T, f mutFile, i int, apply func(any) any) []byte {
	t.Helper()
	b := f.bounds[i]
	var entry any
	dec := json.NewDecoder(bytes.NewReader(f.data[b.start:b.end]))
	dec.UseNumber()
	require.NoError(t, dec.Decode(&entry))
	data, err := json.Marshal(apply(entry))
	require.NoError(t, err)
	return slices.Concat(f.data[:b.start], data, f.data[b.end:])
}

// mutatedEntries are the entries of f the mutations damage: the first and
// the last.
func mutatedEntries(f mutFile) []int {
	return slices.Compact([]int{0, len(f.bounds) - 1})
}

// TestDamagedHAREntries damages one entry at a time: every other entry is
// still yielded as in the undamaged file, and the damaged one is either
// yielded (damage the reader tolerates) or an *EntryError naming it and
// the field.
func TestDamagedHAREntries(t *testing.T) {
	for _, f := range mutFiles(t) {
		for _, i := range mutatedEntries(f) {
			for _, mu := range mutations {
				where := fmt.Sprintf("%s: entry %d: %s", f.name, i, mu.name)
				data := mutated(t, f, i, mu.apply)
				got := damagedItem(t, f, readItems(data), i, where)
				if got.entry != nil {
					assert.True(t, mu.lenient, "%s: the damaged entry is yielded", where)
					assert.Equal(t, i, got.entry.Index, where)
					continue
				}
				var ee *har.EntryError
				require.ErrorAs(t, got.err, &ee, where)
				assert.Equal(t, i, ee.Entry, where)
				assert.Equal(t, mutName, ee.File)
				prefix := "entry " + strconv.Itoa(i+1) + ": " // messages count from 1
				if mu.field != "" && !mu.lenient {
					prefix += mu.field + ": "
					assert.Equal(t, mu.field, ee.Field, where)
				}
				checkOneLine(t, ee, prefix)
			}
		}
	}
}

// damagedItem checks that the steps got of a file whose entry i is
// damaged have the undamaged file's number, that every other step is as in
// the undamaged file, and returns step i.
func damagedItem(t *testing.T, f mutFile, got []item, i int, where string) item {
	t.Helper()
	require.Len(t, got, len(f.want), where)
	for j := range got {
		if j != i {
			assert.True(t, same(f.want[j], got[j]), "%s: entry %d differs", where, j)
		}
	}
	return got[i]
}

// TestInvalidUTF8InHAR inserts bytes that are not UTF-8 into an entry's
// URL: the entry is still read (the bytes become U+FFFD) or is an
// *EntryError for that entry; every other entry is read as before.
func TestInvalidUTF8InHAR(t *testing.T) {
	for _, f := range mutFiles(t) {
		for _, i := range mutatedEntries(f) {
			at := requestURL(f.data, f.bounds[i])
			if at < 0 || f.want[i].entry == nil || f.want[i].entry.Request.URL == "" {
				continue // no request URL to damage (haralyzer's missing_pageref.har has it in postData)
			}
			data := slices.Concat(f.data[:at], []byte("\xff\xfe\xc3"), f.data[at:])
			where := fmt.Sprintf("%s: entry %d: invalid UTF-8 in the URL", f.name, i)
			got := damagedItem(t, f, readItems(data), i, where)
			if got.entry == nil {
				var ee *har.EntryError
				require.ErrorAs(t, got.err, &ee, where)
				checkOneLine(t, ee, "entry "+strconv.Itoa(i+1)+": ")
				continue
			}
			assert.Contains(t, got.entry.Request.URL, "\ufffd", where)
		}
	}
}

// requestURL returns the offset of the first byte of the request URL's
// text in the entry at b, or -1.
func requestURL(data []byte, b bounds) int {
	entry := data[b.start:b.end]
	req := bytes.Index(entry, []byte(`"request"`))
	if req < 0 {
		return -1
	}
	u := bytes.Index(entry[req:], []byte(`"url"`))
	if u < 0 {
		return -1
	}
	q := bytes.IndexByte(entry[req+u+len(`"url"`):], '"')
	if q < 0 {
		return -1
	}
	return b.start + req + u + len(`"url"`) + q + 1
}

// TestMissingBraceInHAR deletes the closing brace of one entry: the
// entries before it are yielded, then one *FileError naming the entry, at
// a byte after the end of the one before, ends the file.
func TestMissingBraceInHAR(t *testing.T) {
	for _, f := range mutFiles(t) {
		for _, i := range mutatedEntries(f) {
			b := f.bounds[i]
			require.Equal(t, byte('}'), f.data[b.end-1])
			data := slices.Concat(f.data[:b.end-1], f.data[b.end:])
			where := fmt.Sprintf("%s: entry %d without its closing brace", f.name, i)
			got := readItems(data)
			require.Len(t, got, i+1, "%s: the entries before it, then an error", where)
			for j := range i {
				assert.True(t, same(f.want[j], got[j]), "%s: entry %d differs", where, j)
			}
			var fe *har.FileError
			require.ErrorAs(t, got[i].err, &fe, where)
			after := 0
			if i > 0 {
				after = f.bounds[i-1].end
			}
			assert.GreaterOrEqual(t, fe.Offset, int64(after), where)
			checkOneLine(t, got[i].err, "byte "+strconv.FormatInt(fe.Offset, 10)+": ", "entry "+strconv.Itoa(i+1)+": ")
		}
	}
}
