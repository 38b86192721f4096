package main

import (
	"io/fs"
	"os"
	"runtime/debug"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

type fakeInfo struct {
	size int64
	dir  bool
}

func (f fakeInfo) Name() string       { return "f" }
func (f fakeInfo) Size() int64        { return f.size }
func (f fakeInfo) Mode() fs.FileMode  { return map[bool]fs.FileMode{true: fs.ModeDir, false: 0}[f.dir] }
func (f fakeInfo) ModTime() time.Time { return time.Time{} }
func (f fakeInfo) IsDir() bool        { return f.dir }
func (f fakeInfo) Sys() any           { return nil }

// TestTuneGC: only one big regular file and no folder lowers the GC's
// targets, and GOGC/GOMEMLIMIT always win.
func TestTuneGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	files := map[string]fakeInfo{"big.har": {size: 1 << 30}, "big2.har": {size: 1 << 30}, "small.har": {size: 1 << 10}, "dir": {dir: true}}
	stat := func(name string) (fs.FileInfo, error) {
		if f, ok := files[name]; ok {
			return f, nil
		}
		return nil, os.ErrNotExist
	}
	noEnv := func(string) string { return "" }
	for _, tc := range []struct {
		args []string
		env  func(string) string
		want bool
	}{
		{[]string{"big.har"}, noEnv, true},
		{[]string{"--format", "json", "check", "big.har", "--users", "small.har"}, noEnv, true},
		{[]string{"small.har"}, noEnv, false},
		{[]string{"big.har", "big2.har"}, noEnv, false},
		{[]string{"big.har", "dir"}, noEnv, false},
		{[]string{"big.har"}, func(k string) string { return map[string]string{"GOGC": "100"}[k] }, false},
		{[]string{"big.har"}, func(k string) string { return map[string]string{"GOMEMLIMIT": "1GiB"}[k] }, false},
	} {
		assert.Equal(t, tc.want, tuneGC(tc.args, tc.env, stat), "%v", tc.args)
	}
}
