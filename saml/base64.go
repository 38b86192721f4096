package saml

import (
	"strings"

	"github.com/samlcheck/samlcheck/saml/binding"
)

// decodeBase64Payload decodes s as Base64, inflating the result when it is
// not XML. When s's whitespace can be read in two ways (line breaks, or
// '+' turned into spaces by a form decoder) both readings are tried, the
// likelier first. It returns the readings that succeeded and, when the
// likelier one failed, its error.
func decodeBase64Payload(s string, o DecodeOptions) ([]decoded, *stepError) {
	var alts []decoded
	var firstErr *stepError
	for i, c := range base64Candidates(s) {
		d, serr := decodeCandidate(c, o)
		if serr != nil {
			if i == 0 {
				firstErr = serr
			}
			continue
		}
		alts = append(alts, d)
	}
	return alts, firstErr
}

// candidate is one reading of a Base64 value's whitespace.
type candidate struct {
	text    string
	repairs []string
}

// base64Candidates returns the readings of s's whitespace, likelier first:
// removing every whitespace character (line breaks), and restoring each
// space to '+' while removing CR, LF and tab.
// Spaces read as '+' first when s holds no '+' (a form decoder turns every
// '+' into a space) and the spaces do not split s into equal-length lines.
func base64Candidates(s string) []candidate {
	if !strings.ContainsAny(s, " \t\r\n\f\v") {
		return []candidate{{text: s}}
	}
	removed := candidate{text: removeWhitespace(s), repairs: whitespaceRepairs(s)}
	if !strings.Contains(s, " ") {
		return []candidate{removed}
	}
	plus := repairWhitespace(s)
	if !plus.plusRestored {
		return []candidate{removed}
	}
	if binding.SpacesArePlus(s) {
		return []candidate{plus.candidate, removed}
	}
	return []candidate{removed, plus.candidate}
}

// whitespaceRepairs names what removeWhitespace removes from s.
func whitespaceRepairs(s string) []string {
	var r []string
	if strings.ContainsAny(s, "\t\r\n\f\v") {
		r = append(r, "removed line breaks")
	}
	if strings.Contains(s, " ") {
		r = append(r, "removed spaces")
	}
	return r
}

type whitespaceRepair struct {
	candidate
	plusRestored bool
}

// repairWhitespace reads s as a value whose '+' a form decoder turned into
// spaces: every space becomes '+' again, other whitespace (line breaks,
// tabs) is removed.
func repairWhitespace(s string) whitespaceRepair {
	var b strings.Builder
	b.Grow(len(s))
	var r whitespaceRepair
	removed := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == ' ':
			b.WriteByte('+')
			r.plusRestored = true
		case isSpace(c):
			removed = true
		default:
			b.WriteByte(c)
		}
	}
	r.text = b.String()
	if removed {
		r.repairs = append(r.repairs, "removed line breaks")
	}
	if r.plusRestored {
		r.repairs = append(r.repairs, "'+' turned into space restored")
	}
	return r
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'
}

func removeWhitespace(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x80 && isSpace(byte(r)) {
			return -1
		}
		return r
	}, s)
}

// decodeCandidate Base64-decodes one candidate and inflates the result if
// it is not XML.
func decodeCandidate(c candidate, o DecodeOptions) (decoded, *stepError) {
	data, repairs, err := decodeBase64(c.text)
	if err != nil {
		return decoded{}, failStep(StepBase64, err)
	}
	steps := []Step{{Name: StepBase64, Repairs: append(append([]string(nil), c.repairs...), repairs...)}}
	if looksXMLBytes(data) {
		return decoded{data: data, steps: steps}, nil
	}
	out, infRepairs, err := inflate(data, o.MaxInflated)
	if err != nil {
		return decoded{}, failStep(StepInflate, err)
	}
	steps = append(steps, Step{Name: StepInflate, Repairs: infRepairs})
	if !looksXMLBytes(out) {
		return decoded{}, failStep(StepXML, notXML(out))
	}
	return decoded{data: out, steps: steps}, nil
}

// decodeBase64 decodes s (already free of whitespace) with
// binding.DecodeBase64Repairs, naming its repairs.
func decodeBase64(s string) ([]byte, []string, error) {
	data, r, err := binding.DecodeBase64Repairs(s)
	if err != nil {
		return nil, nil, err
	}
	var repairs []string
	if r.URLSafe {
		repairs = append(repairs, "URL-safe alphabet")
	}
	switch {
	case r.AddedPadding:
		repairs = append(repairs, "added padding")
	case r.ExtraPadding:
		repairs = append(repairs, "removed extra padding")
	}
	return data, repairs, nil
}
