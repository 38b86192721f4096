package redact

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"testing"

	"github.com/samlcheck/samlcheck/har"
	"github.com/samlcheck/samlcheck/saml"
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

// FuzzValue feeds any bytes to Redactor.Value: it must never panic, and a
// pasted value whose message decodes must still decode once redacted.
func FuzzValue(f *testing.F) {
	b64 := base64.StdEncoding.EncodeToString([]byte(responseXML))
	f.Add([]byte(responseXML))
	f.Add([]byte(b64))
	f.Add([]byte("SAMLResponse=" + url.QueryEscape(b64) + "&RelayState=x"))
	f.Add([]byte("https://idp.example/sso?SAMLRequest=" + url.QueryEscape(deflateB64(f, requestXML))))
	f.Add([]byte(`<html><form><input name="SAMLResponse" value="` + b64 + `"></form></html>`))
	f.Add([]byte(`{"SAMLResponse":"` + b64 + `"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		x, err := New(Options{Key: testKey})
		if err != nil {
			t.Fatal(err)
		}
		out, err := x.Value("fuzz", data)
		if err != nil || har.Sniff(data) {
			return
		}
		decodes := func(b []byte) bool {
			msgs, err := saml.ParseInput("fuzz", b)
			if err != nil || len(msgs) == 0 {
				return false
			}
			_, err = saml.Decode(msgs[0], nil)
			return err == nil
		}
		if decodes(data) && !decodes(out) {
			t.Fatalf("the message no longer decodes:\n%q\n%q", data, out)
		}
	})
}
