package checks

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// Session duration bounds (seconds) of the SessionDuration attribute.
const (
	minSessionDuration = 900
	maxSessionDuration = 43200
)

var iamSessionDurationRule = &Rule{
	ID:       "iam/session-duration",
	Title:    "SessionDuration is not an integer from 900 to 43200",
	Severity: Error,
	Profiles: iamProfiles,
	Doc: "The optional attribute https://aws.amazon.com/SAML/Attributes/SessionDuration sets the console session " +
		"length in seconds. It must be a single integer from 900 (15 minutes) to 43200 (12 hours), and no longer than " +
		"the role's maximum session duration; AWS rejects the sign-in otherwise.",
	Fix: "Send SessionDuration as a plain number of seconds between 900 and 43200 (for example 3600), not an ISO 8601 " +
		"duration or a number with a unit, and at most the role's maximum session duration; or leave it out for the " +
		"one-hour default.",
	Refs: []Ref{
		iamAssertions.at("SessionDuration SAML attribute"),
		stsAssumeSAML.at("Request Parameters: DurationSeconds (900 to the role's maximum session duration, up to 43200)"),
	},
	Run: func(p *Pass) {
		for _, a := range p.Assertions() {
			v, _, ok := iamSingleValue(p, a, iamDurationAttr)
			if !ok {
				continue
			}
			if problem := durationProblem(v.Text); problem != "" {
				iamReport(p, Error, v.Element, "SessionDuration %q %s", v.Text, problem)
			}
		}
	},
}

// durationProblem says what is wrong with a SessionDuration value, or "".
func durationProblem(text string) string {
	if strings.TrimSpace(text) != text {
		return "has white space around the number; expected digits only, 900–43200"
	}
	n, err := strconv.ParseInt(text, 10, 64)
	if err != nil {
		switch {
		case text == "":
			return "is empty; expected a number of seconds, 900–43200"
		case strings.HasPrefix(strings.ToUpper(text), "PT"):
			return "is an ISO 8601 duration; expected a number of seconds, 900–43200"
		case isUnit(strings.TrimLeft(text, "0123456789")) && text[0] >= '0' && text[0] <= '9':
			return "is a number with a unit; expected a number of seconds, 900–43200"
		}
		return "is not an integer; expected a number of seconds, 900–43200"
	}
	switch {
	case n < minSessionDuration:
		return fmt.Sprintf("is below the minimum of %d seconds (15 minutes) by %d", minSessionDuration, minSessionDuration-n)
	case n > maxSessionDuration:
		return fmt.Sprintf("is above the maximum of %d seconds (12 hours) by %d", maxSessionDuration, n-maxSessionDuration)
	}
	return ""
}

// isUnit reports whether s is a unit after a number: letters only, possibly
// after one space ("3600s", "60 min").
func isUnit(s string) bool {
	s = strings.TrimPrefix(s, " ")
	if s == "" {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}
