package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/checks/config"
)

// showConfig prints the effective configuration, for the input file
// paths[0] when given (with the overrides that match it), each value with
// where it came from: default, file:line or flag.
func showConfig(res *config.Resolved, paths []string, stdout, stderr io.Writer) int {
	if len(paths) > 1 {
		fmt.Fprintln(stderr, "samlcheck: usage: samlcheck config [flags] [PATH]")
		return exitInput
	}
	file := ""
	if len(paths) == 1 {
		file = paths[0]
	}
	if res.File != nil {
		fmt.Fprintf(stdout, "# configuration file: %s\n", res.File.Path)
	} else {
		fmt.Fprintf(stdout, "# no configuration file (%s)\n", config.FileName)
	}
	if file != "" {
		fmt.Fprintf(stdout, "# for: %s\n", file)
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	for _, s := range res.Settings(file) {
		v := strings.Join(s.Values, ", ")
		switch {
		case v == "" && s.Key == "enable":
			v = "(every rule)"
		case v == "" && s.Key == "at":
			v = "(now)"
		case v == "":
			v = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", s.Key, v, s.Source)
	}
	var cfg *checks.Config
	if file != "" {
		cfg = res.ConfigFor(file)
	} else {
		cfg = res.Config()
	}
	all := checks.All()
	var off []string
	for _, r := range all {
		if !slices.Contains(cfg.Rules, r) {
			off = append(off, r.ID)
		}
	}
	fmt.Fprintf(tw, "rules\t%d of %d run", len(cfg.Rules), len(all))
	if len(off) > 0 {
		fmt.Fprintf(tw, "\tnot run: %s", strings.Join(off, ", "))
	}
	fmt.Fprintln(tw)
	tw.Flush()
	if res.File == nil || len(res.File.Overrides) == 0 {
		return exitOK
	}
	applies := res.Overrides(file)
	fmt.Fprintln(stdout, "\noverrides:")
	for i, o := range res.File.Overrides {
		state := ""
		if file != "" {
			state = " (does not apply)"
			if slices.Contains(applies, i) {
				state = " (applies)"
			}
		}
		fmt.Fprintf(stdout, "  %s:%d: paths %s%s\n", res.File.Path, o.Line, strings.Join(o.Paths, ", "), state)
		for _, k := range config.Keys() {
			if s, ok := o.Settings[k.Name]; ok {
				fmt.Fprintf(stdout, "    %s: %s\n", k.Name, strings.Join(s.Values, ", "))
			}
		}
	}
	return exitOK
}
