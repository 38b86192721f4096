// Package report writes a [checks.Report] in the formats samlcheck offers.
// Each format is one pure function of the report.
package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/samlcheck/samlcheck/checks"
)

// JSON writes the report as one indented JSON document: schema version,
// inputs, messages and findings (see checks.Report for the fields).
func JSON(w io.Writer, r *checks.Report) error {
	if r == nil {
		return fmt.Errorf("report: json: no report")
	}
	// Written member by member and element by element, as
	// json.Encoder.SetIndent("", "  ") writes the whole report, so that a
	// tree of thousands of files is never held twice more as JSON text.
	jw := &jsonWriter{w: bufio.NewWriterSize(w, 64<<10)}
	jw.raw("{")
	jw.member("schemaVersion", r.SchemaVersion)
	jw.member("tool", r.Tool)
	if r.Version != "" {
		jw.member("version", r.Version)
	}
	jsonArray(jw, "inputs", r.Inputs)
	jsonArray(jw, "messages", r.Messages)
	jsonArray(jw, "findings", r.Findings)
	jsonArray(jw, "rules", r.Rules)
	if len(r.Captures) > 0 {
		jsonArray(jw, "captures", r.Captures)
	}
	jw.raw("\n}\n")
	if jw.err == nil {
		jw.err = jw.w.Flush()
	}
	if jw.err != nil {
		return fmt.Errorf("report: json: %w", jw.err)
	}
	return nil
}

// jsonWriter writes the members of the report's top-level object; it
// keeps the first error.
type jsonWriter struct {
	w       *bufio.Writer
	members int
	buf     bytes.Buffer
	err     error
}

func (jw *jsonWriter) raw(s string) {
	if jw.err == nil {
		_, jw.err = jw.w.WriteString(s)
	}
}

// key starts the next member.
func (jw *jsonWriter) key(name string) {
	if jw.members > 0 {
		jw.raw(",")
	}
	jw.members++
	jw.raw("\n  \"" + name + "\": ")
}

// value writes v indented as at depth, without a final newline.
func (jw *jsonWriter) value(v any, depth int) {
	if jw.err != nil {
		return
	}
	jw.buf.Reset()
	enc := json.NewEncoder(&jw.buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent(strings.Repeat("  ", depth), "  ")
	if jw.err = enc.Encode(v); jw.err != nil {
		return
	}
	_, jw.err = jw.w.Write(bytes.TrimSuffix(jw.buf.Bytes(), []byte("\n")))
}

func (jw *jsonWriter) member(name string, v any) {
	jw.key(name)
	jw.value(v, 1)
}

// jsonArray writes the member name with the elements of list, [] when it
// has none (the schema wants lists, never null).
func jsonArray[T any](jw *jsonWriter, name string, list []T) {
	jw.key(name)
	if len(list) == 0 {
		jw.raw("[]")
		return
	}
	jw.raw("[")
	for i := range list {
		if i > 0 {
			jw.raw(",")
		}
		jw.raw("\n    ")
		jw.value(&list[i], 2)
	}
	jw.raw("\n  ]")
}
