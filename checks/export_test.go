package checks

// ErrorSignPhrases exports errorSignPhrases to the external tests.
var ErrorSignPhrases = errorSignPhrases

// AskedOf returns, for the tests of package checks_test, the shared
// results each rule of the run read (ResultOf), by rule id.
func AskedOf(r *Report) map[string][]Requirement { return r.asked }

// Reused returns how many preparations c's Checks used.
func Reused(c *Checker) int64 { return c.reused.Load() }
