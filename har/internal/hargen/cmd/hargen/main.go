// Command hargen writes a realistic Chrome-style HAR file of a given size
// for benchmarks, and checks a samlcheck JSON report against what it
// planted.
//
// Generate (the stats line goes to standard error):
//
//	go run ./har/internal/hargen/cmd/hargen -size 200MB -o big.har
//	go run ./har/internal/hargen/cmd/hargen -size 1MB -body 500MB -body-kind html -o one.har
//	go run ./har/internal/hargen/cmd/hargen -size 300MB -mix html -o pages.har
//
// Check a report (exit status 1 when a planted message is missing, found
// twice, or has the wrong number of sightings):
//
//	samlcheck --format json big.har > report.json
//	go run ./har/internal/hargen/cmd/hargen -check report.json -messages 8 -sightings 16
//
// Time a command, whole process, and print its wall time, CPU times and
// peak resident set size, from the kernel's rusage (no GNU time needed);
// its standard output goes to the -stdout file:
//
//	go run ./har/internal/hargen/cmd/hargen -time -stdout /dev/null -- cat big.har
//
// Scan a HAR with the har package alone (har.ScanWith, fast path unless
// -strict, no page filter), to tell its cost from the rest of samlcheck's:
//
//	go run ./har/internal/hargen/cmd/hargen -scan big.har
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/samlcheck/samlcheck/har"
	"github.com/samlcheck/samlcheck/har/internal/hargen"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("hargen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	size := fs.String("size", "10MB", "target file size (bytes, or with a KB, MB or GB suffix, powers of 1024)")
	seed := fs.Uint64("seed", 1, "random seed: the same flags write the same bytes")
	flows := fs.Int("flows", 0, "SAML logins to plant (0: 3 plus one per 128 MiB)")
	body := fs.String("body", "0", "add one entry with a response body of this size")
	bodyKind := fs.String("body-kind", "video", "kind of that body: video (Base64), html or script (text)")
	mix := fs.String("mix", "chrome", "make-up of the entries: "+strings.Join(hargen.Mixes, ", "))
	out := fs.String("o", "-", "output file (- for standard output)")
	check := fs.String("check", "", "instead of generating, check this samlcheck --format json report")
	wantMessages := fs.Int("messages", -1, "with -check: the number of messages planted")
	wantSightings := fs.Int("sightings", -1, "with -check: the number of sightings planted")
	timeCmd := fs.Bool("time", false, "instead of generating, run the command after -- and print its wall time, CPU time and peak RSS")
	cmdOut := fs.String("stdout", "/dev/null", "with -time: the file the command's standard output goes to")
	scan := fs.String("scan", "", "instead of generating, scan this HAR with har.ScanWith and print what it found")
	strict := fs.Bool("strict", false, "with -scan: use the strict decoder (ScanOptions.Strict)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *scan != "" {
		return scanFile(*scan, *strict, stdout, stderr)
	}
	if *check != "" {
		return checkReport(*check, *wantMessages, *wantSightings, stdout, stderr)
	}
	if *timeCmd {
		return timeCommand(fs.Args(), *cmdOut, stdout, stderr)
	}
	opt := hargen.Options{Seed: *seed, Flows: *flows, BodyKind: *bodyKind, Mix: *mix}
	var err error
	if opt.Size, err = parseSize(*size); err != nil {
		fmt.Fprintln(stderr, "hargen: -size:", err)
		return 2
	}
	if opt.Body, err = parseSize(*body); err != nil {
		fmt.Fprintln(stderr, "hargen: -body:", err)
		return 2
	}
	w := stdout
	if *out != "-" {
		f, err := os.Create(*out)
		if err != nil {
			fmt.Fprintln(stderr, "hargen:", err)
			return 1
		}
		defer f.Close()
		w = f
	}
	st, err := hargen.Write(w, opt)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	fmt.Fprintln(stderr, "hargen:", st)
	return 0
}

// parseSize reads "123", "10KB", "200MB", "1GB" (powers of 1024; the B is
// optional).
func parseSize(s string) (int64, error) {
	t := strings.TrimSuffix(strings.ToUpper(strings.TrimSpace(s)), "B")
	mult := int64(1)
	switch {
	case strings.HasSuffix(t, "K"):
		mult, t = 1<<10, strings.TrimSuffix(t, "K")
	case strings.HasSuffix(t, "M"):
		mult, t = 1<<20, strings.TrimSuffix(t, "M")
	case strings.HasSuffix(t, "G"):
		mult, t = 1<<30, strings.TrimSuffix(t, "G")
	}
	n, err := strconv.ParseFloat(t, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("bad size %q", s)
	}
	return int64(n * float64(mult)), nil
}

// report is the part of samlcheck's JSON report checked here.
type report struct {
	Inputs []struct {
		File     string `json:"file"`
		Entries  int    `json:"entries"`
		Messages int    `json:"messages"`
	} `json:"inputs"`
	Messages []struct {
		Kind      string            `json:"kind"`
		Param     string            `json:"param"`
		Sightings []json.RawMessage `json:"sightings"`
	} `json:"messages"`
}

// checkReport compares a report with what was planted: every message
// found once, each with two sightings.
func checkReport(path string, wantMessages, wantSightings int, stdout, stderr io.Writer) int {
	data, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintln(stderr, "hargen:", err)
		return 1
	}
	var r report
	if err := json.Unmarshal(data, &r); err != nil {
		fmt.Fprintln(stderr, "hargen: -check:", err)
		return 1
	}
	counted, sightings, kinds := 0, 0, map[string]int{}
	var problems []string
	for _, in := range r.Inputs {
		counted += in.Messages
	}
	for i, m := range r.Messages {
		sightings += len(m.Sightings)
		kinds[m.Kind]++
		if len(m.Sightings) != 2 {
			problems = append(problems, fmt.Sprintf("message %d (%s %s) has %d sightings, want 2", i, m.Param, m.Kind, len(m.Sightings)))
		}
	}
	fmt.Fprintf(stdout, "found messages=%d (inputs say %d) sightings=%d responses=%d requests=%d; planted messages=%d sightings=%d\n",
		len(r.Messages), counted, sightings, kinds["Response"], kinds["AuthnRequest"], wantMessages, wantSightings)
	if wantMessages >= 0 && (len(r.Messages) != wantMessages || counted != wantMessages) {
		problems = append(problems, fmt.Sprintf("%d messages found, %d planted", len(r.Messages), wantMessages))
	}
	if wantSightings >= 0 && sightings != wantSightings {
		problems = append(problems, fmt.Sprintf("%d sightings found, %d planted", sightings, wantSightings))
	}
	if len(problems) > 0 {
		fmt.Fprintln(stderr, "hargen: -check:", errors.New(strings.Join(problems, "; ")))
		return 1
	}
	return 0
}

// timeCommand runs args and prints "wall=S user=S sys=S maxrss_kib=N
// exit=N" from the child's resource usage.
func timeCommand(args []string, out string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "hargen: -time: no command after --")
		return 2
	}
	f, err := os.Create(out)
	if err != nil {
		fmt.Fprintln(stderr, "hargen:", err)
		return 1
	}
	defer f.Close()
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdout, cmd.Stderr = f, stderr
	start := time.Now()
	err = cmd.Run()
	wall := time.Since(start)
	code := 0
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		fmt.Fprintln(stderr, "hargen:", err)
		return 1
	}
	st := cmd.ProcessState
	fmt.Fprintf(stdout, "wall=%.3f user=%.3f sys=%.3f maxrss_kib=%d exit=%d\n",
		wall.Seconds(), st.UserTime().Seconds(), st.SystemTime().Seconds(), maxRSSKiB(st), code)
	return 0
}

// scanFile scans a HAR with har.ScanWith and prints the counts.
func scanFile(path string, strict bool, stdout, stderr io.Writer) int {
	f, err := os.Open(path)
	if err != nil {
		fmt.Fprintln(stderr, "hargen:", err)
		return 1
	}
	defer f.Close()
	c, err := har.ScanWith(f, path, har.ScanOptions{Strict: strict})
	sightings := 0
	for _, m := range c.Messages {
		sightings += len(m.Sightings)
	}
	fmt.Fprintf(stdout, "entries=%d messages=%d sightings=%d entry_errors=%d skipped=%d\n", c.Entries, len(c.Messages), sightings, len(c.EntryErrors), len(c.Skipped))
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	return 0
}
