package analyze

import (
	"io"
	"os"
	"sync/atomic"
)

// Progress counts the work of one [Files] run as it goes, for a progress
// display: set [Options.Progress] and read the counters from another
// goroutine while Files runs. The workers update them atomically; a
// Progress belongs to one run.
type Progress struct {
	// Files is the number of files to read, known once the paths are
	// expanded; FilesDone counts those read and checked.
	Files, FilesDone atomic.Int64
	// Size is the total size in bytes of the regular files to read (0
	// until known); Bytes counts the bytes read from them so far.
	Size, Bytes atomic.Int64
	// Entries counts the HAR entries read and Messages the SAML messages
	// found in HARs.
	Entries, Messages atomic.Int64
}

// start records the targets of a run and their total size.
func (p *Progress) start(targets []Target) {
	var size int64
	for _, t := range targets {
		if t.Path == "-" || t.Member != "" {
			continue
		}
		if st, err := os.Stat(t.Path); err == nil && st.Mode().IsRegular() {
			size += st.Size()
		}
	}
	p.Size.Store(size)
	p.Files.Store(int64(len(targets)))
}

// countingReader adds the bytes read from r to n.
type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// progress returns opt's Progress, nil for nil options.
func (opt *Options) progress() *Progress {
	if opt == nil {
		return nil
	}
	return opt.Progress
}
