package report

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/samlcheck/samlcheck/checks"
)

// tokens lists the JWTs of one input: where each was found, its kind, and
// its header and claims (never its signature: a TokenSummary has none).
func (t *textWriter) tokens(r *checks.Report, file string) {
	var list []checks.TokenSummary
	for _, tok := range r.Tokens {
		if tok.File == file {
			list = append(list, tok)
		}
	}
	if len(list) == 0 {
		return
	}
	t.printf("%s\n", t.style("1", "Tokens:"))
	for i, tok := range list {
		where := "the file"
		if tok.Entry >= 0 {
			where = fmt.Sprintf("entry %d, %s", tok.Entry, tok.Where)
		}
		var notes []string
		if tok.Exchanged {
			notes = append(notes, "exchanged")
		}
		if tok.Checked {
			notes = append(notes, "checked by the oidc/* rules")
		}
		note := ""
		if len(notes) > 0 {
			note = " (" + strings.Join(notes, ", ") + ")"
		}
		t.printf("  %2d. %s: %s%s\n", i+1, where, tok.Kind, note)
		h, _ := json.Marshal(tok.Header)
		c, _ := json.Marshal(tok.Claims)
		t.printf("      header %s\n      claims %s\n", h, c)
		if times := tokenTimes(tok.Claims); times != "" {
			t.printf("      times  %s\n", times)
		}
	}
	t.printf("\n")
}

// tokenTimes writes a token's NumericDate claims as UTC times.
func tokenTimes(claims map[string]any) string {
	var out []string
	for _, k := range []string{"iat", "nbf", "exp"} {
		n, ok := claims[k].(json.Number)
		if !ok {
			continue
		}
		if sec, err := n.Int64(); err == nil {
			out = append(out, k+" "+time.Unix(sec, 0).UTC().Format(time.RFC3339))
		}
	}
	return strings.Join(out, ", ")
}
