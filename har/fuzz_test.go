package har

import (
	"bytes"
	"errors"
	"testing"
)

func FuzzReader(f *testing.F) {
	f.Add([]byte(chromeHAR))
	f.Add([]byte(loginFlow("r", "p")))
	f.Add([]byte(doc(getEntry("https://idp/sso?SAMLRequest=abc%2B&RelayState=x"))))
	f.Add([]byte("\xef\xbb\xbfonInputData(" + doc(getEntry("u")) + ");"))
	f.Add([]byte(`{"request":{"url":"u","postData":{"text":"SAMLResponse=a"}},"response":{"status":"302","headers":[{"name":"location","value":"?SAMLResponse=b"}]}}`))
	f.Add([]byte(`{"log":{"entries":[{"request":5},{"response":{"content":{"mimeType":"text/html","text":"<form><input name=SAMLResponse value=x><textarea name=SAMLRequest>y"}}}]}}`))
	f.Add([]byte(`{"log":[2,1,3]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Scan(bytes.NewReader(data), "f.har")
		if c == nil {
			t.Fatal("nil capture")
		}
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("fatal error is a %T, not a *FileError: %v", err, err)
			}
		}
		if len(c.EntryErrors) > c.Entries {
			t.Fatalf("%d entry errors in %d entries", len(c.EntryErrors), c.Entries)
		}
		for _, m := range c.Messages {
			if len(m.Sightings) == 0 || m.Sightings[0] != m.Source {
				t.Fatalf("sightings do not start with the source: %+v", m)
			}
			if m.Value == "" || m.Source.File != "f.har" {
				t.Fatalf("bad message %+v", m)
			}
		}
		_ = Sniff(data)
		_ = formValues(string(data))
	})
}
