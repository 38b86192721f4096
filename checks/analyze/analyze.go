// Package analyze is samlcheck's entry point for whole inputs: it reads
// files (HAR captures, SAML messages as XML, Base64, URL-encoded text, form
// bodies, URLs or HTML pages), recognises each by content, runs the checks
// and returns one report. The samlcheck command and Go programs that import
// the library share it.
//
// [Files] takes paths as a command line does: files, directories (walked
// recursively) and glob patterns. It reads and checks the files
// concurrently on GOMAXPROCS workers, yet its report is the same on every
// run: inputs and messages in the order of the paths, findings sorted by
// file, message and rule. A file that cannot be read completely is reported
// (in its Input.Errors and as an [*InputError] in the returned error) and
// never stops the others. [Reader] checks a single stream. [Expand] and
// [Read] are Files in steps, for a caller that wants the captures
// themselves (a comparison of two logins, a tool of one's own).
//
// It is the one package that imports both har and checks: har finds the
// messages in captures, checks judges them. What passes between them is a
// [capture.Capture], which [Read] returns in [Loaded] as har made it (plus
// the charset of a UTF-16 input and the mark of a redacted HAR).
package analyze

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/har/capture"
)

// Options controls how inputs are read. The zero value (or nil) reads
// standard input as empty, uses GOMAXPROCS workers and one configuration
// for every file.
type Options struct {
	// Stdin is read for the path "-".
	Stdin io.Reader
	// Workers is how many files are read and checked at once; 0 means
	// runtime.GOMAXPROCS(0).
	Workers int
	// ConfigFor returns the configuration of one input file, for callers
	// with per-path settings (the config file's overrides); nil means the
	// cfg passed to Files for every file. It is called concurrently and
	// must not modify the configurations it returns, which are shared.
	ConfigFor func(file string) *checks.Config
	// MaxBody is the longest HAR body text scanned for SAML values
	// (har.ScanOptions.MaxBody): 0 means har.DefaultMaxBody. A longer body
	// is not scanned and makes the input incomplete.
	MaxBody int64
	// OnSkip, if set, is told about each found file that was skipped
	// because it is neither a HAR nor a SAML message, in path order, after
	// the run.
	OnSkip func(file, reason string)
	// Progress, if set, is updated as the run goes (files, bytes, HAR
	// entries and messages), for a caller that shows progress.
	Progress *Progress

	// checker, when set, is the Checker a HAR's messages will be checked
	// with: each is decoded and its signatures verified as soon as it is
	// first seen, on its own goroutine, while the reading goes on
	// (Checker.Prepare, a pipeline over both cores).
	checker *checks.Checker
}

// withChecker returns a copy of opt that prepares messages for c.
func withChecker(opt *Options, c *checks.Checker) *Options {
	var o Options
	if opt != nil {
		o = *opt
	}
	o.checker = c
	return &o
}

// InputError says that one input could not be read completely: the file
// is unreadable, is not a HAR or SAML message although named explicitly,
// or is a HAR with unreadable entries or a truncated end. The report still
// holds what could be read.
type InputError struct {
	// File is the input's path.
	File string
	// Err says what went wrong; it names the file (and entry) itself.
	Err error
}

// Error returns the underlying error's text, which names the file.
func (e *InputError) Error() string { return e.Err.Error() }

// Unwrap returns the underlying error.
func (e *InputError) Unwrap() error { return e.Err }

// ErrNoInput is returned (wrapped) by Files when the paths hold no file to
// check: every file found was skipped, or the directories are empty.
var ErrNoInput = errors.New("no HAR or SAML file to check")

// Reader reads one input from r, named name in the report, and checks it.
// The input is recognised by content like a file named on the command line.
// The error is an *InputError when the input could not be read completely
// (the report then holds what was read), or the context's error.
func Reader(ctx context.Context, name string, r io.Reader, cfg *checks.Config, opt *Options) (*checks.Report, error) {
	c := checks.New(configFor(cfg, opt, name))
	file, rerr := readStream(ctx, name, r, false, withChecker(opt, c))
	rep, err := check(ctx, file, c, 0)
	if err != nil {
		return nil, err
	}
	rep.Inputs = []checks.Input{file.Input}
	return rep, rerr
}

// Files expands paths (see Expand), reads and checks every file and returns
// one report, in a deterministic order whatever the order the workers
// finish in. The error joins the problems met: patterns that match nothing,
// unreadable directories and each incomplete input (an *InputError); the
// report is complete for everything else. When no file is left to check
// the error wraps ErrNoInput. When ctx is cancelled Files returns nil and
// the context's error.
func Files(ctx context.Context, paths []string, cfg *checks.Config, opt *Options) (*checks.Report, error) {
	if opt == nil {
		opt = &Options{}
	}
	targets, expandErr := Expand(paths)
	if opt.Progress != nil {
		opt.Progress.start(targets)
	}
	slots := process(ctx, targets, cfg, opt)
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("analyze: %w", err)
	}
	errs := []error{expandErr}
	var reps []*checks.Report
	for i := range slots {
		s := &slots[i]
		if s.file != nil && s.file.Skipped != "" {
			if opt.OnSkip != nil {
				opt.OnSkip(s.file.Input.File, s.file.Skipped)
			}
			continue
		}
		if s.err != nil {
			errs = append(errs, s.err)
		}
		if s.file == nil {
			continue
		}
		r := s.rep
		if r == nil {
			r = &checks.Report{} // a file whose checks did not run: its input only
		}
		r.Inputs = []checks.Input{s.file.Input}
		reps = append(reps, r)
	}
	rep := checks.Merge(reps...)
	if len(rep.Inputs) == 0 && expandErr == nil {
		errs = append(errs, fmt.Errorf("analyze: %s: %w", strings.Join(paths, " "), ErrNoInput))
	}
	return rep, errors.Join(errs...)
}

// slot is one target's place in a run: its message index base is known
// (ready is closed) once every earlier target has been read.
type slot struct {
	ready chan struct{}
	base  int
	file  *Loaded
	rep   *checks.Report
	err   error
}

// process reads and checks the targets on opt.Workers goroutines. Workers
// take targets in order; a worker that has read target i waits until
// target i-1 has been read to learn its first message index, publishes the
// next one, then runs the checks. Target i-1 was taken before i and its
// reading waits for nothing, so the chain always completes.
func process(ctx context.Context, targets []Target, cfg *checks.Config, opt *Options) []slot {
	slots := make([]slot, len(targets)+1)
	for i := range slots {
		slots[i].ready = make(chan struct{})
	}
	close(slots[0].ready)
	workers := cmp.Or(opt.Workers, runtime.GOMAXPROCS(0))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, len(targets)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(targets) || ctx.Err() != nil {
					return
				}
				if !processOne(ctx, targets[i], &slots[i], &slots[i+1], cfg, opt) {
					return
				}
			}
		}()
	}
	wg.Wait()
	return slots[:len(targets)]
}

// processOne reads target t into s, publishes the index base of the next
// slot and checks the file. It returns false when ctx was cancelled.
func processOne(ctx context.Context, t Target, s, next *slot, cfg *checks.Config, opt *Options) (ok bool) {
	published := false
	defer func() {
		// A panic in a rule must not take the other files down with it.
		if v := recover(); v != nil {
			s.rep, s.err = nil, &InputError{File: t.Path, Err: fmt.Errorf("analyze: %s: internal error: %v", t.Path, v)}
			if s.file == nil {
				s.file = &Loaded{Input: checks.Input{File: t.Path}}
			}
			s.file.Input.Errors = append(s.file.Input.Errors, s.err.Error())
			ok = ctx.Err() == nil
			if !published {
				select {
				case <-s.ready:
					next.base = s.base
					close(next.ready)
				case <-ctx.Done():
					ok = false
				}
			}
		}
	}()
	c := checks.New(configFor(cfg, opt, t.Path)) // one per file: its preparations go with it
	s.file, s.err = Read(ctx, t, withChecker(opt, c))
	select {
	case <-s.ready:
	case <-ctx.Done():
		return false
	}
	next.base = s.base + len(s.file.Capture.Messages)
	close(next.ready)
	published = true
	if s.file.Skipped != "" {
		if opt.Progress != nil {
			opt.Progress.FilesDone.Add(1)
		}
		return true
	}
	rep, err := check(ctx, s.file, c, s.base)
	if err != nil {
		return false
	}
	s.rep = rep
	// The report holds what Files needs: the file's messages, documents
	// and pages can go now rather than at the end of the run, so that a
	// tree's memory does not grow with the number of files.
	s.file.Capture = capture.Capture{}
	if opt.Progress != nil {
		opt.Progress.FilesDone.Add(1)
	}
	return true
}

// configFor returns the configuration of file: opt.ConfigFor's, else cfg,
// else the zero configuration.
func configFor(cfg *checks.Config, opt *Options, file string) *checks.Config {
	if opt != nil && opt.ConfigFor != nil {
		if c := opt.ConfigFor(file); c != nil {
			return c
		}
	}
	if cfg == nil {
		return &checks.Config{}
	}
	return cfg
}

// check runs the checks on one file with c, its message indexes starting
// at first.
func check(ctx context.Context, f *Loaded, c *checks.Checker, first int) (*checks.Report, error) {
	rep, err := c.Check(ctx, []capture.Capture{f.Capture}, first)
	if err != nil {
		return nil, fmt.Errorf("analyze: %w", err)
	}
	return rep, nil
}
