package har

import (
	"bytes"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/samlcheck/samlcheck/har/capture"
)

// exchanges reads a whole HAR file from r and returns the exchanges keep
// asks for (nil keeps every one), with a fatal error the exchanges read so
// far: ScanWith with only ScanOptions.KeepExchange set.
func exchanges(r io.Reader, name string, keep func(*capture.Exchange) bool) ([]capture.Exchange, error) {
	if keep == nil {
		keep = func(*capture.Exchange) bool { return true }
	}
	c, err := ScanWith(r, name, ScanOptions{KeepExchange: keep})
	if c == nil {
		return nil, err
	}
	return c.Exchanges, err
}

// TestExchanges checks what an Exchange keeps: bodies (Base64 decoded),
// form fields, the Location header over redirectURL, Chrome's _error and
// Firefox's _securityState, and of the Authorization header the scheme
// only.
func TestExchanges(t *testing.T) {
	d := doc(
		`{"startedDateTime":"2026-11-02T09:00:00Z","_securityState":"broken","request":{"method":"POST","url":"https://scim.us-east-1.amazonaws.com/t/scim/v2/Users",`+
			`"headers":[{"name":"Authorization","value":"Bearer s3cr3t-token-value"}],"postData":{"mimeType":"application/scim+json","text":"eyJ1c2VyTmFtZSI6ImEifQ==","encoding":"base64",`+
			`"params":[{"name":"id_token","value":"v"}]}},"response":{"status":409,"redirectURL":"https://old/","headers":[{"name":"Location","value":"https://new/#id_token=x"}],`+
			`"content":{"mimeType":"application/json","text":"{\"detail\":\"User already exists.\"}"},"_error":"net::ERR_CERT_DATE_INVALID"}}`,
		getEntry("https://sp/x"))
	xs, err := exchanges(strings.NewReader(d), "x.har", func(x *capture.Exchange) bool { return x.Source.Status == 409 })
	require.NoError(t, err)
	require.Len(t, xs, 1)
	x := xs[0]
	assert.Equal(t, 0, x.Source.Entry)
	assert.Equal(t, "POST", x.Source.Method)
	assert.Equal(t, `{"userName":"a"}`, x.RequestBody)
	assert.Equal(t, []capture.Field{{Name: "id_token", Value: "v"}}, x.Form)
	assert.Equal(t, "https://new/#id_token=x", x.Location)
	assert.Equal(t, `{"detail":"User already exists."}`, x.ResponseBody)
	assert.Equal(t, "net::ERR_CERT_DATE_INVALID", x.Error)
	assert.Equal(t, "broken", x.SecurityState)
	assert.Equal(t, "Bearer", x.Authorization)

	// The strict decoder yields the same exchanges.
	c, err := ScanWith(strings.NewReader(d), "x.har", ScanOptions{Strict: true, KeepExchange: func(x *capture.Exchange) bool { return x.Source.Status == 409 }})
	require.NoError(t, err)
	assert.Equal(t, xs, c.Exchanges)

	// The fast path reads the same browser fields.
	r := NewReader(strings.NewReader(d), "x.har")
	r.fast = &fastConfig{maxBody: -1}
	for e, err := range r.Entries() {
		require.NoError(t, err)
		if e.Index == 0 {
			assert.Equal(t, "net::ERR_CERT_DATE_INVALID", e.Response.Error)
			assert.Equal(t, "broken", e.SecurityState)
		}
	}

	all, err := exchanges(strings.NewReader(d[:len(d)/2]), "cut.har", nil)
	assert.Error(t, err, "a cut file is an error")
	assert.Empty(t, all)
}

// FuzzExchanges checks that the fast scanner and the strict decoder yield
// the same exchanges for a file the strict decoder reads without error.
func FuzzExchanges(f *testing.F) {
	addHARStrings(f)
	addHARSeeds(f)
	f.Add([]byte(doc(`{"request":{"method":"POST","url":"https://scim/x/scim/v2/Users","headers":[{"name":"authorization","value":"Bearer t"},{"name":"Authorization","value":"Basic u"}],` +
		`"postData":{"text":"eyJ1c2VyTmFtZSI6ImEifQ","encoding":"base64","params":[{"name":"a","value":"b"}]}},"_securityState":"broken",` +
		`"response":{"status":400,"_error":"net::ERR_CERT_DATE_INVALID","headers":[{"name":"location","value":"/x#id_token=a.b.c"}],"content":{"mimeType":"application/json","text":"{}"}}}`)))
	f.Fuzz(func(t *testing.T, data []byte) {
		all := func(*capture.Exchange) bool { return true }
		strict, serr := ScanWith(bytes.NewReader(data), fuzzName, ScanOptions{Strict: true, KeepExchange: all, MaxText: 64})
		if serr != nil || len(strict.EntryErrors) > 0 {
			return
		}
		fast, ferr := ScanWith(bytes.NewReader(data), fuzzName, ScanOptions{KeepExchange: all, MaxText: 64})
		if ferr != nil {
			t.Fatalf("fast path fails where the strict one does not: %v", ferr)
		}
		if !reflect.DeepEqual(strict.Exchanges, fast.Exchanges) {
			t.Fatalf("exchanges differ:\nstrict %+v\nfast   %+v", strict.Exchanges, fast.Exchanges)
		}
		for _, x := range fast.Exchanges {
			if len(x.RequestBody) > 64 || len(x.ResponseBody) > 64+4 {
				t.Fatalf("bodies longer than MaxText: %d, %d", len(x.RequestBody), len(x.ResponseBody))
			}
		}
	})
}
