package har

import "bytes"

// Sniff reports whether data, the first few kilobytes of a file, looks like
// a HAR document that [NewReader] accepts: after an optional UTF-8 byte
// order mark, white space and JSONP callback ("onInputData("), a JSON
// object whose first member is "log", or which has an object-valued "log"
// or the "request" or "startedDateTime" member of a bare entry within data.
// It answers about intent, not validity: a file starting {"log": that is
// broken further on is still a HAR, so the reader can report precisely
// what is wrong. It reads nothing beyond data and never fails; a false
// answer means the file should be handled as something else (a SAML
// value, XML, HTML).
func Sniff(data []byte) bool {
	s := bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	s = trimSpace(s)
	if len(s) > 0 && isIdentStart(s[0]) {
		n := 0
		for n < len(s) && n < 256 && (isIdentStart(s[n]) || s[n] >= '0' && s[n] <= '9' || s[n] == '.') {
			n++
		}
		s = trimSpace(s[n:])
		if len(s) == 0 || s[0] != '(' {
			return false
		}
		s = trimSpace(s[1:])
	}
	if len(s) == 0 || s[0] != '{' {
		return false
	}
	if bytes.HasPrefix(trimSpace(s[1:]), []byte(`"log"`)) {
		return true
	}
	return hasMember(s, `"log"`, '{') || hasMember(s, `"request"`, '{') || hasMember(s, `"startedDateTime"`, '"')
}

// hasMember reports whether key occurs in s followed by a colon and a value
// starting with first.
func hasMember(s []byte, key string, first byte) bool {
	for {
		i := bytes.Index(s, []byte(key))
		if i < 0 {
			return false
		}
		s = s[i+len(key):]
		rest := trimSpace(s)
		if len(rest) > 0 && rest[0] == ':' {
			rest = trimSpace(rest[1:])
			if len(rest) > 0 && rest[0] == first {
				return true
			}
		}
	}
}

func trimSpace(b []byte) []byte {
	return bytes.TrimLeft(b, " \t\r\n")
}
