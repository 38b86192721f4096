package analyze

import (
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestExchangesBounded checks that a HAR keeps at most maxExchanges
// exchanges for the token rules and says how many it left out.
func TestExchangesBounded(t *testing.T) {
	tok := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"RS256"}`)) + "." + base64.RawURLEncoding.EncodeToString([]byte(`{"iss":"https://i"}`)) + ".c2ln"
	var entries []string
	for i := range maxExchanges + 3 {
		entries = append(entries, fmt.Sprintf(`{"startedDateTime":"2026-11-02T09:00:00Z","request":{"method":"GET","url":"https://app/%d"},`+
			`"response":{"status":200,"content":{"mimeType":"application/json","text":"{\"id_token\":\"%s\"}"}}}`, i, tok))
	}
	data := `{"log":{"version":"1.2","entries":[` + strings.Join(entries, ",") + `]}}`
	f, err := Read(context.Background(), Target{Path: "-"}, &Options{Stdin: strings.NewReader(data)})
	require.Error(t, err)
	assert.Len(t, f.Capture.Exchanges, maxExchanges)
	assert.Equal(t, maxExchanges, f.Input.Exchanges)
	require.Len(t, f.Input.Errors, 1)
	assert.Contains(t, f.Input.Errors[0], "3 exchanges with tokens or SCIM calls not checked")
}
