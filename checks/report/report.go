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
	if r == nil {
		return fmt.Errorf("report: json: no report")
	}
	// The schema wants lists, never null, for the top-level arrays.
	c := *r
	c.Inputs = nonNil(c.Inputs)
	c.Messages = nonNil(c.Messages)
	c.Findings = nonNil(c.Findings)
	c.Rules = nonNil(c.Rules)
	if err := enc.Encode(&c); err != nil {
		return fmt.Errorf("report: json: %w", err)
	}
	return nil
}

// nonNil returns s, or an empty slice when s is nil, so JSON writes [].
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
