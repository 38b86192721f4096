package binding

import "strings"

// WithoutQuery returns URL u without its query string and fragment, which
// may carry tokens, codes or the SAML value itself: "?…" stands in their
// place, so that a reader sees something was there. A URL without either
// is returned as it is.
func WithoutQuery(u string) string {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		return u[:i] + "?…"
	}
	return u
}
