package report

import (
	"bufio"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/samlcheck/samlcheck/checks"
)

// GitHub writes the report as GitHub Actions workflow commands, which turn
// into annotations on the run and the pull request: one line per finding,
//
//	::error file=login.har,title=idc/nameid-format (…)::NameID Format is …
//
// with "::warning" for warnings and "::notice" for info findings. The
// message is the finding's text, where it points (message, HAR entry, XML
// path) and how to fix it, on several lines. file is the input as given,
// with forward slashes; no line is given, for a SAML message in a HAR has
// none. An input that could not be read completely gives an "::error" line
// of its own. Nothing else is written: a report without findings writes
// nothing.
//
// Values are escaped as the runner's command parser expects: '%', '\r' and
// '\n' as %25, %0D and %0A in the message, and also ':' and ',' as %3A and
// %2C in the file and title properties.
func GitHub(w io.Writer, r *checks.Report) error {
	if r == nil {
		return errNilReport("github")
	}
	bw := bufio.NewWriter(w)
	for _, in := range r.Inputs {
		for _, e := range in.Errors {
			githubCommand(bw, "error", in.File, "could not read "+in.File, e)
		}
	}
	for _, n := range r.Notices {
		githubCommand(bw, githubLevel(n.Severity), "", "samlcheck "+n.Code, n.Message)
	}
	for _, f := range r.Findings {
		msg := f.Message + sameCauseSuffix(f)
		if wh := where(r, f); wh != "" {
			msg += "\nwhere: " + wh
		}
		if f.Fix != "" {
			msg += "\nfix: " + f.Fix
		}
		githubCommand(bw, githubLevel(f.Severity), f.Location.File, ruleTitle(f.Rule), msg)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("report: github: %w", err)
	}
	return nil
}

// githubLevel maps a severity to a workflow command: "error", "warning",
// or "notice" for info.
func githubLevel(s checks.Severity) string {
	if s == checks.Error || s == checks.Warning {
		return s.String()
	}
	return "notice"
}

// githubCommand writes one workflow command; file "" or "-" (standard
// input) is left out.
func githubCommand(w io.Writer, cmd, file, title, msg string) {
	var props []string
	if file != "" && file != "-" {
		props = append(props, "file="+githubProperty(filepath.ToSlash(file)))
	}
	props = append(props, "title="+githubProperty(title))
	fmt.Fprintf(w, "::%s %s::%s\n", cmd, strings.Join(props, ","), githubData(msg))
}

// githubData escapes a workflow command's message.
func githubData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// githubProperty escapes a workflow command's property value.
func githubProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
