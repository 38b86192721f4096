package main

import (
	"io/fs"
	"runtime/debug"
	"strings"
)

// Garbage-collector settings for one big streamed file (issue 5): the heap
// stays near its floor whatever the file's size, so peak memory does not
// grow with the file. A tree of many small files is the opposite case (a
// low limit makes it several times slower), so it keeps Go's defaults.
const (
	bigFile       = 32 << 20 // a file at least this big is streamed
	bigFileGCPct  = 25
	bigFileMemLim = 10 << 20 // a soft limit: the GC works harder, nothing fails
)

// tuneGC lowers the garbage collector's targets when the run reads exactly
// one big regular file and no folder, unless GOGC or GOMEMLIMIT is set. stat
// is os.Stat (a parameter for tests). It reports whether it changed them.
func tuneGC(args []string, getenv func(string) string, stat func(string) (fs.FileInfo, error)) bool {
	if getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" {
		return false
	}
	big := 0
	for _, a := range args {
		if a == "" || strings.HasPrefix(a, "-") {
			continue
		}
		st, err := stat(a)
		switch {
		case err != nil:
			continue // a command, a flag's value, a glob
		case st.IsDir():
			return false
		case st.Mode().IsRegular() && st.Size() >= bigFile:
			big++
		}
	}
	if big != 1 {
		return false
	}
	debug.SetGCPercent(bigFileGCPct)
	debug.SetMemoryLimit(bigFileMemLim)
	return true
}
