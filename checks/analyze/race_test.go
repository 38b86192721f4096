//go:build race

package analyze

// raceEnabled reports a -race build, whose tests check fewer inputs.
const raceEnabled = true
