package redact

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"
)

// FuzzRedact feeds any bytes to Redact: it must never panic, and whenever
// it succeeds its output is JSON carrying the marker.
func FuzzRedact(f *testing.F) {
	f.Add(testHAR(f))
	f.Add([]byte(`{"log":{"entries":[{"request":{"url":"https://x/?SAMLRequest=%3Cx%2F%3E&code=1234567890"}}]}}`))
	f.Add([]byte(`onInputData({"request":{"headers":[{"name":"Cookie","value":"a=b"}]}});`))
	f.Add([]byte(`{"log":{"entries":[{"response":{"content":{"mimeType":"text/html","encoding":"base64","text":"PGlucHV0IG5hbWU9U0FNTFJlc3BvbnNlIHZhbHVlPSJQSE5oYlc=="}}}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var out bytes.Buffer
		_, err := Redact(context.Background(), &out, bytes.NewReader(data), "fuzz.har", Options{Key: testKey})
		if err != nil {
			return
		}
		if !json.Valid(out.Bytes()) {
			t.Fatalf("output is not JSON:\n%s", out.Bytes())
		}
		if !IsRedacted(out.Bytes()) {
			t.Fatalf("no marker in the head:\n%s", out.Bytes())
		}
	})
}
