package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/har/capture"
)

// decodeTokens prints each JWT of a capture after a header line saying
// where it was found: its JOSE header and claims as indented JSON. The
// signature is never printed. It returns how many it printed.
func decodeTokens(w io.Writer, c *capture.Capture) int {
	toks := checks.Tokens(nil, c)
	for _, t := range toks {
		where := t.File
		if t.Entry >= 0 {
			where += fmt.Sprintf(": entry %d: %s", t.Entry, t.Where)
		}
		fmt.Fprintf(w, "==> %s: %s <==\n", where, t.Kind)
		doc, _ := json.MarshalIndent(map[string]any{"header": t.Header, "claims": t.Claims, "signature": "(not shown)"}, "", "  ")
		fmt.Fprintf(w, "%s\n\n", doc)
	}
	return len(toks)
}
