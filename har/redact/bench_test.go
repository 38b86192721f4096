package redact

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"testing"
)

// BenchmarkRedact redacts a login capture's entries repeated to about 16 MB
// (throughput in bytes of input), from a file (read twice: first for the
// secrets of every entry) and from a stream (read once). Memory on a 1 GB file is measured with
// /usr/bin/time -v on samlcheck redact (see the issue note).
func BenchmarkRedact(b *testing.B) {
	data, err := os.ReadFile("../../testdata/har/chrome-idc-ok.har")
	if err != nil {
		b.Fatal(err)
	}
	var doc struct {
		Log map[string]any `json:"log"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		b.Fatal(err)
	}
	one := doc.Log["entries"].([]any)
	var entries []any
	for len(entries)*len(data)/len(one) < 16<<20 {
		entries = append(entries, one...)
	}
	doc.Log["entries"] = entries
	in, err := json.Marshal(doc)
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		r    func() io.Reader
	}{
		{"file", func() io.Reader { return bytes.NewReader(in) }},                        // seekable: two passes
		{"stream", func() io.Reader { return struct{ io.Reader }{bytes.NewReader(in)} }}, // standard input: one
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			for b.Loop() {
				if _, err := Redact(context.Background(), io.Discard, bc.r(), "big.har", Options{Key: testKey}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
