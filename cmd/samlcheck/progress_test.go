package main

import (
	"bytes"
	"context"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/samlcheck/samlcheck/checks/analyze"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestProgressWanted: progress only on a terminal, never with --quiet, CI
// set or TERM=dumb.
func TestProgressWanted(t *testing.T) {
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	tty := func(io.Writer) bool { return true }
	pipe := func(io.Writer) bool { return false }
	assert.True(t, progressWanted(io.Discard, false, env(), tty))
	assert.False(t, progressWanted(io.Discard, false, env(), pipe), "a pipe or a file")
	assert.False(t, progressWanted(io.Discard, true, env(), tty), "--quiet")
	assert.False(t, progressWanted(io.Discard, false, env("CI", "true"), tty), "CI")
	assert.False(t, progressWanted(io.Discard, false, env("TERM", "dumb"), tty), "TERM=dumb")
	assert.False(t, isTerminal(&bytes.Buffer{}), "a buffer is no terminal")
}

// syncBuffer is a bytes.Buffer safe for one writer and one reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestProgressLine: the line says files done of total, bytes of the size,
// the rate, entries and messages; it is redrawn in place and erased at
// the end.
func TestProgressLine(t *testing.T) {
	p := &analyze.Progress{}
	p.Files.Store(10)
	p.FilesDone.Store(3)
	p.Size.Store(200e6)
	p.Bytes.Store(50e6)
	p.Entries.Store(734)
	p.Messages.Store(5)
	var out syncBuffer
	l := startProgress(&out, p, 0, time.Millisecond)
	require.Eventually(t, func() bool { return strings.Count(out.String(), "\r") >= 2 }, 5*time.Second, time.Millisecond, "redrawn")
	l.stop()
	s := out.String()
	assert.Contains(t, s, "\rsamlcheck: 3 of 10 files, 50.0 of 200.0 MB (25%), ")
	assert.Contains(t, s, " MB/s, 734 entries, 5 messages\x1b[K")
	assert.True(t, strings.HasSuffix(s, "\r\x1b[K"), "erased at the end: %q", s)

	one := &analyze.Progress{}
	one.Files.Store(1)
	one.Bytes.Store(1500000)
	line := (&progressLine{p: one}).text(time.Second)
	assert.Equal(t, "samlcheck: 1.5 MB, 1.5 MB/s, 0 messages", line, "one file of unknown size, no entries")
}

// TestProgressNotBeforeDelay: a run shorter than the delay writes nothing.
func TestProgressNotBeforeDelay(t *testing.T) {
	var out syncBuffer
	l := startProgress(&out, &analyze.Progress{}, time.Hour, time.Millisecond)
	l.stop()
	assert.Empty(t, out.String())
}

// TestProgressQuickRunOnTerminal: a check that ends within a second prints
// no progress on a terminal, and its standard error holds no carriage
// return; Files fills the counters it is given.
func TestProgressQuickRunOnTerminal(t *testing.T) {
	var stdout, stderr bytes.Buffer
	env := &environment{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr, getenv: func(string) string { return "" },
		isTerminal: func(w io.Writer) bool { return w == &stderr }}
	code := runCheck(context.Background(), "check", []string{"--format", "json", "--no-config", "../../testdata/har"}, env)
	assert.Less(t, code, 2, stderr.String())
	assert.NotContains(t, stderr.String(), "\r")

	p := &analyze.Progress{}
	_, err := analyze.Files(context.Background(), []string{"../../testdata/har"}, nil, &analyze.Options{Progress: p})
	require.NoError(t, err)
	assert.Positive(t, p.Files.Load())
	assert.Equal(t, p.Files.Load(), p.FilesDone.Load(), "every file done")
	assert.Equal(t, p.Size.Load(), p.Bytes.Load(), "every byte read")
	assert.Positive(t, p.Entries.Load())
	assert.Positive(t, p.Messages.Load())
}
