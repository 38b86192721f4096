package checks

// ErrorSignPhrases exports errorSignPhrases to the external tests.
var ErrorSignPhrases = errorSignPhrases
