package har

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSniff(t *testing.T) {
	yes := []string{
		`{"log":{"version":"1.2"`,
		`{"log":[2,1,3]`, // a broken HAR is still routed to the HAR reader
		"\xef\xbb\xbf\r\n  {\n  \"log\": {",
		`onInputData({"log":{`,
		` cb ( { "log" : {`,
		`{"comment":"x","log":{"entries":[`,
		`{"serverIPAddress": "1.2.3.4", "cache": {}, "startedDateTime": "2015-02-22T19:28:12.136-08:00", "request": {"url"`,
		`{"_id":"x","request" :{"method":"GET"`,
	}
	no := []string{
		``,
		`   `,
		`<samlp:Response/>`,
		`PHNhbWxwOlJlc3BvbnNl`,
		`SAMLResponse=PHNhbWxw`,
		`[{"log":{}}]`,
		`{"name":"package.json","version":"1.0.0"}`,
		`{"request":"a string"}`,
		`onInputData[{"log":{`,
		`<html><form action="/acs">`,
	}
	for _, s := range yes {
		assert.True(t, Sniff([]byte(s)), s)
	}
	for _, s := range no {
		assert.False(t, Sniff([]byte(s)), s)
	}
}

func TestSniffCorpus(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "har", "*", "*.har"))
	if len(files) == 0 {
		t.Skip("../shared/corpus not found: no har/*/*.har under ", corpusDir)
	}
	// Every corpus HAR is meant as one, broken ones included: routed to
	// the HAR reader, they get its precise error.
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		head := data[:min(len(data), 4096)]
		assert.True(t, Sniff(head), f)
	}
}
