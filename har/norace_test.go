//go:build !race

package har

// raceEnabled reports a -race build, whose tests use smaller inputs.
const raceEnabled = false
