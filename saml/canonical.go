package saml

import (
	"net/url"
	"strings"
)

// Canonical normalises an encoded SAML value so that sightings of one
// message compare equal however they were transported: the value of the
// IdP's auto-post page (as binding.Forms returns it, perhaps with line breaks)
// and the browser's POST of it (percent-encoded, or with '+' turned into
// spaces by a form decoder). It percent-decodes (up to three times),
// removes line breaks, reads spaces as '+' when the value holds no '+'
// (else removes them), maps the URL-safe alphabet "-_" to "+/" and strips
// padding. A value that is XML is only trimmed. Canonical never fails; it
// is not a decoder, and its result is only for comparison.
func Canonical(value string) string {
	s := trimValue(value)
	for i := 0; i < maxURLRounds && hasURLEscape(s) && !looksXML(s); i++ {
		u, err := url.PathUnescape(s)
		if err != nil {
			break
		}
		s = trimValue(u)
	}
	if looksXML(s) {
		return strings.TrimSpace(trimBOM(s))
	}
	s = base64Candidates(s)[0].text
	s = strings.NewReplacer("-", "+", "_", "/").Replace(s)
	return strings.TrimRight(s, "=")
}
