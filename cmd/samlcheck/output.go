package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/checks/config"
	"github.com/samlcheck/samlcheck/checks/report"
)

// formats are the output formats, each one pure function of the report
// (package report). color applies to text only.
var formats = []struct {
	name  string
	write func(w io.Writer, r *checks.Report, color bool) error
}{
	{"text", func(w io.Writer, r *checks.Report, color bool) error {
		return report.Text(w, r, report.TextOptions{Color: color})
	}},
	{"json", func(w io.Writer, r *checks.Report, _ bool) error { return report.JSON(w, r) }},
	{"sarif", func(w io.Writer, r *checks.Report, _ bool) error { return report.SARIF(w, r) }},
	{"junit", func(w io.Writer, r *checks.Report, _ bool) error { return report.JUnit(w, r) }},
	{"github", func(w io.Writer, r *checks.Report, _ bool) error { return report.GitHub(w, r) }},
	{"html", func(w io.Writer, r *checks.Report, _ bool) error { return report.HTML(w, r) }},
}

func formatNames() string {
	var names []string
	for _, f := range formats {
		names = append(names, f.name)
	}
	return strings.Join(names, ", ")
}

func knownFormat(name string) bool { return formatWriter(name) != nil }

// output is one report to write: a format and a file ("-" is stdout).
type output struct {
	format string
	file   string
}

// parseOutput parses -o FORMAT=FILE.
func parseOutput(s string) (output, error) {
	f, file, ok := strings.Cut(s, "=")
	if !ok || file == "" {
		return output{}, fmt.Errorf("-o %q: want FORMAT=FILE, such as sarif=samlcheck.sarif", s)
	}
	if !knownFormat(f) {
		return output{}, fmt.Errorf("-o %q: unknown format %q (want %s)", s, f, formatNames())
	}
	return output{format: f, file: file}, nil
}

// outputs returns what to write: the -o outputs and, unless -o was given
// without a format chosen explicitly (flag or config file), the format on
// standard output first.
func outputs(opt *options, res *config.Resolved) ([]output, error) {
	s := formatSetting(res)
	if !knownFormat(res.Format) {
		if s.Source.File != "" {
			return nil, fmt.Errorf("config: %s: format: unknown format %q (want %s)", s.Source, res.Format, formatNames())
		}
		return nil, fmt.Errorf("unknown --format %q (want %s)", res.Format, formatNames())
	}
	if len(opt.outputs) > 0 && s.Source == (config.Source{}) {
		return opt.outputs, nil
	}
	return append([]output{{format: res.Format, file: "-"}}, opt.outputs...), nil
}

// formatSetting returns the effective format setting with its source.
func formatSetting(res *config.Resolved) config.Setting {
	for _, s := range res.Settings("") {
		if s.Key == "format" {
			return s
		}
	}
	return config.Setting{}
}

// writeOutputs writes the report in every output; colour follows --color
// (auto: only on a terminal without NO_COLOR) for standard output, and is
// used in files only with --color always. Text is wrapped at the terminal's
// width (see textWidth); --quiet and --sarif-all-rules apply to text and
// SARIF.
func writeOutputs(outs []output, rep *checks.Report, stdout io.Writer, opt *options, getenv func(string) string) error {
	var errs []error
	for _, o := range outs {
		if o.file == "-" {
			write := writerFor(o.format, opt, textWidth(stdout, getenv))
			errs = append(errs, write(stdout, rep, useColor(opt.color, stdout, getenv)))
			continue
		}
		f, err := os.Create(o.file)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		err = writerFor(o.format, opt, textWidth(f, getenv))(f, rep, opt.color == "always")
		errs = append(errs, err, f.Close())
	}
	return errors.Join(errs...)
}

// writerFor returns the writer of format name with the options that only
// text (width, --quiet) and SARIF (--sarif-all-rules) take.
func writerFor(name string, opt *options, width int) func(io.Writer, *checks.Report, bool) error {
	switch name {
	case "text":
		return func(w io.Writer, r *checks.Report, color bool) error {
			return report.Text(w, r, report.TextOptions{Color: color, Width: width, Quiet: opt.quiet})
		}
	case "sarif":
		return func(w io.Writer, r *checks.Report, _ bool) error {
			return report.SARIFWith(w, r, report.SARIFOptions{AllRules: opt.allRules})
		}
	}
	return formatWriter(name)
}

func formatWriter(name string) func(io.Writer, *checks.Report, bool) error {
	for _, f := range formats {
		if f.name == name {
			return f.write
		}
	}
	return nil
}

// useColor decides on colour: always, never, or (auto) only on a terminal
// and never with NO_COLOR set (https://no-color.org) or TERM=dumb.
func useColor(mode string, w io.Writer, getenv func(string) string) bool {
	switch mode {
	case "always":
		return true
	case "never":
		return false
	}
	if getenv("NO_COLOR") != "" || getenv("TERM") == "dumb" {
		return false
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
