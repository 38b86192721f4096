package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/samlcheck/samlcheck/checks/analyze"
	"golang.org/x/term"
)

// A progress line is shown on standard error once a run has taken
// progressDelay, refreshed every progressEvery, and erased at the end.
const (
	progressDelay = time.Second
	progressEvery = 250 * time.Millisecond
)

// progressWanted reports whether a run shows progress on w: only when w is
// a terminal (tty says so), never with --quiet, with CI set (a CI log is
// not a terminal it could redraw) or TERM=dumb.
func progressWanted(w io.Writer, quiet bool, getenv func(string) string, tty func(io.Writer) bool) bool {
	if quiet || getenv("CI") != "" || getenv("TERM") == "dumb" {
		return false
	}
	return tty(w)
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// progressLine shows p on w while a run goes on. Its stop erases the line
// and returns once nothing more is written.
type progressLine struct {
	w     io.Writer
	p     *analyze.Progress
	start time.Time
	done  chan struct{}
	wg    sync.WaitGroup
	shown bool // a line is on the screen (only the drawing goroutine reads it before stop)
}

// startProgress starts drawing p on w after delay, every interval.
func startProgress(w io.Writer, p *analyze.Progress, delay, interval time.Duration) *progressLine {
	l := &progressLine{w: w, p: p, start: time.Now(), done: make(chan struct{})}
	l.wg.Add(1)
	go l.run(delay, interval)
	return l
}

func (l *progressLine) run(delay, interval time.Duration) {
	defer l.wg.Done()
	select {
	case <-time.After(delay):
	case <-l.done:
		return
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		fmt.Fprint(l.w, "\r"+l.text(time.Since(l.start))+"\x1b[K")
		l.shown = true
		select {
		case <-t.C:
		case <-l.done:
			return
		}
	}
}

// stop ends the drawing and erases the line.
func (l *progressLine) stop() {
	close(l.done)
	l.wg.Wait()
	if l.shown {
		fmt.Fprint(l.w, "\r\x1b[K")
	}
}

// text is one progress line: "samlcheck: 120.0 of 200.0 MB (60%), 85.3
// MB/s, 734 entries, 5 messages" for a single file; a tree also says how
// many files are done.
func (l *progressLine) text(elapsed time.Duration) string {
	p := l.p
	var b strings.Builder
	b.WriteString("samlcheck: ")
	if files := p.Files.Load(); files > 1 {
		fmt.Fprintf(&b, "%d of %d files, ", p.FilesDone.Load(), files)
	}
	read, size := p.Bytes.Load(), p.Size.Load()
	const mb = 1e6
	if size > 0 {
		fmt.Fprintf(&b, "%.1f of %.1f MB (%d%%)", float64(read)/mb, float64(size)/mb, min(100, read*100/size))
	} else {
		fmt.Fprintf(&b, "%.1f MB", float64(read)/mb)
	}
	if s := elapsed.Seconds(); s > 0 {
		fmt.Fprintf(&b, ", %.1f MB/s", float64(read)/mb/s)
	}
	if n := p.Entries.Load(); n > 0 {
		fmt.Fprintf(&b, ", %d entries", n)
	}
	fmt.Fprintf(&b, ", %d messages", p.Messages.Load())
	return b.String()
}
