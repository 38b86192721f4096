// Package report writes a [checks.Report] in the formats samlcheck offers.
// Each format is one pure function of the report.
package report

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/samlcheck/samlcheck/checks"
)

// JSON writes the report as one indented JSON document: schema version,
// inputs, messages and findings (see checks.Report for the fields).
func JSON(w io.Writer, r *checks.Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("report: json: %w", err)
	}
	return nil
}
