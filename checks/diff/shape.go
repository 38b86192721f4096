package diff

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

var (
	guidRE   = regexp.MustCompile(`^\{?[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\}?$`)
	emailRE  = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
	domainRE = regexp.MustCompile(`^[^\\\s]+\\[^\\\s]+$`)
	arnRE    = regexp.MustCompile(`^arn:[a-z-]+:[a-z0-9-]+:`)
	base64RE = regexp.MustCompile(`^[A-Za-z0-9+/_-]{16,}={0,2}$`)
)

// Shape describes a value that differs per user or per login by its form
// rather than its content: "e-mail, lower case", `DOMAIN\user, mixed case`,
// "GUID", "integer", "URL", "opaque". Two users of one working setup have
// values of the same shape; a value of another shape is a difference.
func Shape(v string) string {
	if v == "" {
		return "empty"
	}
	var notes []string
	if strings.TrimSpace(v) != v {
		notes = append(notes, "white space around it")
		v = strings.TrimSpace(v)
	}
	kind := "opaque"
	switch {
	case strings.Contains(v, "#EXT#"):
		kind = "guest UPN (#EXT#)"
	case emailRE.MatchString(v):
		kind = "e-mail"
	case domainRE.MatchString(v):
		kind = `DOMAIN\user`
	case guidRE.MatchString(v):
		kind = "GUID"
	case isInteger(v):
		kind = "integer"
	case arnRE.MatchString(v):
		kind = "ARN"
	case isURL(v):
		kind = "URL"
	case strings.ContainsFunc(v, unicode.IsSpace):
		kind = "text with spaces"
	case base64RE.MatchString(v) && strings.ContainsAny(v, "0123456789"):
		kind = "opaque token"
	}
	switch kind {
	case "GUID", "integer", "ARN", "URL", "opaque token":
	default:
		if c := casePattern(v); c != "" {
			kind += ", " + c
		}
	}
	return strings.Join(append([]string{kind}, notes...), ", ")
}

func isInteger(v string) bool {
	_, err := strconv.ParseInt(v, 10, 64)
	return err == nil
}

func isURL(v string) bool {
	u, err := url.Parse(v)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http" || u.Scheme == "urn") && (u.Host != "" || u.Opaque != "")
}

// casePattern says whether the letters of v are all lower case, all upper
// case or mixed ("" without letters).
func casePattern(v string) string {
	lower, upper := false, false
	for _, r := range v {
		lower = lower || unicode.IsLower(r)
		upper = upper || unicode.IsUpper(r)
	}
	switch {
	case lower && upper:
		return "mixed case"
	case upper:
		return "upper case"
	case lower:
		return "lower case"
	}
	return ""
}
