// Package report writes a [checks.Report] in the formats samlcheck offers.
// Each format is one pure function of the report.
package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"slices"
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
	// The members in the order, and under the names and omitempty rules,
	// of checks.Report's json tags, so that a field added there is written
	// without a change here.
	rv := reflect.ValueOf(r).Elem()
	rt := rv.Type()
	for i := range rt.NumField() {
		f := rt.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		v := rv.Field(i)
		omitEmpty := slices.Contains(strings.Split(opts, ","), "omitempty")
		if v.Kind() == reflect.Slice {
			if omitEmpty && v.Len() == 0 {
				continue
			}
			jsonArray(jw, name, v)
			continue
		}
		if omitEmpty && v.IsZero() {
			continue
		}
		jw.member(name, v.Interface())
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

// jsonArray writes the member name with the elements of the slice list,
// [] when it has none (the schema wants lists, never null).
func jsonArray(jw *jsonWriter, name string, list reflect.Value) {
	jw.key(name)
	if list.Len() == 0 {
		jw.raw("[]")
		return
	}
	jw.raw("[")
	for i := range list.Len() {
		if i > 0 {
			jw.raw(",")
		}
		jw.raw("\n    ")
		jw.value(list.Index(i).Addr().Interface(), 2)
	}
	jw.raw("\n  ]")
}

// nonNil returns s, or an empty slice for nil (JSON [] rather than null).
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
