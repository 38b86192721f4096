package har

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Test values: a POST-binding SAMLResponse (Base64 with "+"), and a
// Redirect-binding SAMLRequest (DEFLATE + Base64).
const (
	respXML = `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_resp1" Version="2.0"><saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">https://idp.example.com/?a>b</saml:Issuer></samlp:Response>`
	reqXML  = `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_req1" Version="2.0" AssertionConsumerServiceURL="https://sp.example.com/acs"/>`
)

var (
	respB64 = base64.StdEncoding.EncodeToString([]byte(respXML))
	reqB64  = deflateB64(reqXML)
)

func deflateB64(s string) string {
	var buf bytes.Buffer
	w, err := flate.NewWriter(&buf, flate.BestCompression)
	if err != nil {
		panic(err)
	}
	_, _ = w.Write([]byte(s))
	_ = w.Close()
	return base64.StdEncoding.EncodeToString(buf.Bytes())
}

// qe is form encoding, as a browser does for a query or form body.
func qe(s string) string { return url.QueryEscape(s) }

// b64 encodes a body as an exporter does with "encoding": "base64".
func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// readAll ranges over the entries of a HAR given as a string.
func readAll(t *testing.T, doc string) (entries []*Entry, entryErrs []*EntryError, fatal error) {
	t.Helper()
	r := NewReader(strings.NewReader(doc), "t.har")
	for e, err := range r.Entries() {
		if err != nil {
			var ee *EntryError
			if errors.As(err, &ee) {
				entryErrs = append(entryErrs, ee)
				continue
			}
			require.Nil(t, fatal, "two fatal errors")
			fatal = err
			continue
		}
		require.NotNil(t, e)
		entries = append(entries, e)
	}
	return entries, entryErrs, fatal
}

// doc wraps entries (JSON text) into a minimal HAR document.
func doc(entries ...string) string {
	return `{"log":{"version":"1.2","creator":{"name":"test","version":"1"},"entries":[` + strings.Join(entries, ",") + `]}}`
}

// getEntry is a minimal GET entry of url.
func getEntry(u string) string {
	return `{"startedDateTime":"2024-05-01T10:00:00Z","time":1,"request":{"method":"GET","url":` + jsonString(u) +
		`,"headers":[],"queryString":[]},"response":{"status":200,"headers":[],"content":{"size":0,"mimeType":"text/plain"}}}`
}

func jsonString(s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		panic(err)
	}
	return string(b)
}
