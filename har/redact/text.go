package redact

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/samlcheck/samlcheck/har/internal/harvalue"
	"github.com/samlcheck/samlcheck/saml/binding"
)

// textMode says where a text sits, which decides the scanners run on it.
type textMode int

const (
	// modeValue is a header value, URL part, cookie attribute or other
	// short HAR string.
	modeValue textMode = iota
	// modeBody is a request or response body (or a WebSocket message):
	// "key": "value" pairs are read as well, and user names met earlier
	// in identity places are replaced as whole words.
	modeBody
	// modeXML is text or an attribute value inside a SAML message: no
	// user-name words (an Issuer or Destination must stay as it is).
	modeXML
)

// text removes secrets from free text and replaces the identities it can
// recognise without context: name=value pairs of secret or identity
// names, "key": "value" pairs (bodies), JSON Web Tokens, bearer tokens,
// AWS access key ids, e-mail addresses and account ids in ARNs, and in
// bodies the user names and account ids met before in identity places.
func (r *redactor) text(s string, mode textMode) string {
	if s == "" {
		return s
	}
	if mode == modeBody {
		if out, ok := r.scimBody(s); ok { // tokens.go
			s = out
		}
	}
	s = r.secrets.replace(s, func() { r.count(CountRepeated, 1) }, r.placeholder)
	s = r.pairs(s)
	if mode == modeBody {
		s = r.quotedPairs(s)
	}
	s = r.tokens(s)
	if r.opt.KeepIdentities {
		return s
	}
	s = r.emails(s)
	s = r.arns(s)
	if mode == modeBody {
		s = r.knownWords(s)
	}
	return s
}

// isNameChar reports the characters of a parameter name in free text.
func isNameChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.' || c == '[' || c == ']'
}

// isValueEnd reports the characters that end a parameter value in free
// text.
func isValueEnd(c byte) bool {
	switch c {
	case '&', '#', '"', '\'', ' ', '\t', '\r', '\n', '<', '>', ';', ',', ')', '}', '\\', '`':
		return true
	}
	return false
}

// maxName bounds the parameter names pairs looks at: a longer run of name
// characters before "=" is Base64, not a name.
const maxName = 64

// pairs rewrites name=value pairs in free text (URLs in a page, a Link
// header, a script): the values of secret names become Placeholder, those
// of identity names pseudonyms. SAML values are left to the callers that
// know where they are.
func (r *redactor) pairs(s string) string {
	if strings.IndexByte(s, '=') < 0 {
		return s
	}
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); i++ {
		if s[i] != '=' {
			continue
		}
		j := i
		for j > 0 && i-j <= maxName && isNameChar(s[j-1]) {
			j--
		}
		if j == i || i-j > maxName || (j > 0 && isNameChar(s[j-1])) {
			continue
		}
		name := s[j:i]
		end := i + 1
		for end < len(s) && !isValueEnd(s[end]) {
			end++
		}
		value := s[i+1 : end]
		repl, ok := r.pairValue(name, value, true)
		if !ok {
			i = end - 1
			continue
		}
		b.WriteString(s[last : i+1])
		b.WriteString(repl)
		last = end
		i = end - 1
	}
	return spliced(&b, s, last)
}

// pairValue returns the replacement of a parameter value given its name,
// and whether there is one. encoded says the value is URL-encoded as
// written (a query or form body), so an identity is decoded before and
// encoded after its replacement.
func (r *redactor) pairValue(name, value string, encoded bool) (string, bool) {
	if kind, ok := secretParam(name); ok {
		if value == "" || value == Placeholder {
			return "", false
		}
		if isJWT(value) { // a JWT keeps its claims, pseudonymised: tokens.go
			return r.jwt(value), true
		}
		r.removed(kind, value)
		return r.placeholder(value), true
	}
	if r.opt.KeepIdentities || !identityParam(name) || value == "" {
		return "", false
	}
	plain := value
	if encoded {
		plain = binding.FormUnescape(value)
	}
	ps := r.identityValue(plain, CountUser)
	if ps == plain {
		return "", false
	}
	if encoded && (plain != value || strings.ContainsAny(ps, "&#=+% ")) {
		ps = url.QueryEscape(ps)
	}
	return ps, true
}

// identityValue returns the pseudonym of an identity, counted as kind (or
// as an e-mail address when it is one).
func (r *redactor) identityValue(v, kind string) string {
	ps := r.ps.identity(v)
	if ps != v {
		if kind == CountUser && strings.Contains(v, "@") {
			kind = CountEmail
		}
		r.count(kind, 1)
	}
	return ps
}

// placeholder returns what replaces the removed secret: Placeholder, or,
// inside a RelayState (see relayState), Placeholder cut or padded with "_"
// to the secret's length.
func (r *redactor) placeholder(secret string) string {
	if !r.fitSecrets {
		return Placeholder
	}
	if n := len(secret); n <= len(Placeholder) {
		return Placeholder[:n]
	}
	return Placeholder + strings.Repeat("_", len(secret)-len(Placeholder))
}

// relayState redacts a RelayState value keeping its length, which
// saml/relay-state-length measures: the secrets removed from it (a JWT
// some SPs put there) are replaced by placeholders of their length, and
// pseudonyms keep the length of what they replace.
func (r *redactor) relayState(plain string) string {
	r.fitSecrets = true
	defer func() { r.fitSecrets = false }()
	return r.value(plain)
}

// quotedPair finds "key": "value" members in JSON or script text.
var quotedPair = regexp.MustCompile(`"([A-Za-z0-9_.:-]{1,64})"\s*:\s*"((?:[^"\\]|\\.)*)"`)

// quotedPairs rewrites the string values of "key": "value" pairs whose
// key names a secret or an identity.
func (r *redactor) quotedPairs(s string) string {
	if !strings.Contains(s, `":`) && !strings.Contains(s, `" :`) {
		return s
	}
	return replaceSubmatch(quotedPair, s, func(m []string, idx []int) (string, int, int, bool) {
		key, raw := m[1], m[2]
		var repl string
		if kind, ok := secretParam(key); ok {
			if raw == "" || raw == Placeholder {
				return "", 0, 0, false
			}
			if isJWT(raw) {
				repl = r.jwt(raw)
				return repl, idx[4], idx[5], true
			}
			r.removed(kind, raw)
			repl = Placeholder
		} else {
			if r.opt.KeepIdentities || !identityParam(key) || raw == "" {
				return "", 0, 0, false
			}
			plain, err := unquoteJSON(raw)
			if err != nil {
				return "", 0, 0, false
			}
			ps := r.identityValue(plain, CountUser)
			if ps == plain {
				return "", 0, 0, false
			}
			repl = quoteJSON(ps)
		}
		return repl, idx[4], idx[5], true
	})
}

// replaceSubmatch calls f on each match of re in s; f returns a
// replacement for the span [from, to) of s (inside the match) and whether
// to replace.
func replaceSubmatch(re *regexp.Regexp, s string, f func(m []string, idx []int) (string, int, int, bool)) string {
	var b strings.Builder
	last := 0
	for _, idx := range re.FindAllStringSubmatchIndex(s, -1) {
		m := make([]string, len(idx)/2)
		for k := range m {
			if idx[2*k] >= 0 {
				m[k] = s[idx[2*k]:idx[2*k+1]]
			}
		}
		repl, from, to, ok := f(m, idx)
		if !ok || from < last {
			continue
		}
		b.WriteString(s[last:from])
		b.WriteString(repl)
		last = to
	}
	return spliced(&b, s, last)
}

// spliced finishes a scan that copied s into b up to last, replacing
// what it found: s itself when nothing was replaced.
func spliced(b *strings.Builder, s string, last int) string {
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// Tokens recognisable by their form.
var (
	jwtRE    = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*){0,2}`)
	bearerRE = regexp.MustCompile(`(?i)\b(bearer)(\s+|%20|\+)([A-Za-z0-9._~+/-]{8,}=*)`)
	akidRE   = regexp.MustCompile(`\b(?:AKIA|ASIA)[A-Z0-9]{16}\b`)
)

// tokens pseudonymises JSON Web Tokens (tokens.go) and removes bearer
// tokens and AWS access key ids.
func (r *redactor) tokens(s string) string {
	if strings.Contains(s, "eyJ") {
		s = jwtRE.ReplaceAllStringFunc(s, r.jwt)
	}
	if harvalue.IndexFold(s, "bearer") >= 0 {
		s = replaceSubmatch(bearerRE, s, func(m []string, idx []int) (string, int, int, bool) {
			if m[3] == Placeholder {
				return "", 0, 0, false
			}
			r.count(CountBearer, 1)
			return r.placeholder(m[3]), idx[6], idx[7], true
		})
	}
	if strings.Contains(s, "AKIA") || strings.Contains(s, "ASIA") {
		s = akidRE.ReplaceAllStringFunc(s, func(m string) string {
			r.count(CountAccessKey, 1)
			return r.placeholder(m)
		})
	}
	return s
}

// isLocalChar reports the characters of an e-mail local part as found in
// free text: the common ones only, so that "user=alice@corp.com" or
// "/users/alice@corp.com" yield "alice" ('%' is left out so that "%40"
// reads as "@").
func isLocalChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '+' || c == '-'
}

func isDomainChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.'
}

// emails replaces e-mail addresses, written with "@" or URL-encoded with
// "%40", by their pseudonyms.
func (r *redactor) emails(s string) string {
	if strings.IndexByte(s, '@') < 0 && !strings.Contains(s, "%40") {
		return s
	}
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); i++ {
		sep := 0
		switch {
		case s[i] == '@':
			sep = 1
		case s[i] == '%' && i+2 < len(s) && s[i+1] == '4' && s[i+2] == '0':
			sep = 3
		default:
			continue
		}
		start := i
		for start > last && isLocalChar(s[start-1]) {
			start--
		}
		for start < i && s[start] == '.' {
			start++ // not the start of a local part
		}
		end := i + sep
		for end < len(s) && isDomainChar(s[end]) {
			end++
		}
		for end > i+sep && (s[end-1] == '.' || s[end-1] == '-') {
			end--
		}
		if start == i || !plausibleDomain(s[i+sep:end]) {
			i += sep - 1
			continue
		}
		local, domain := s[start:i], s[i+sep:end]
		addr := local + "@" + domain
		if r.ps.isPseudonym(addr) {
			i = end - 1
			continue
		}
		ps := r.ps.email(addr)
		r.count(CountEmail, 1)
		psLocal, psDomain, _ := strings.Cut(ps, "@")
		b.WriteString(s[last:start])
		b.WriteString(psLocal)
		b.WriteString(s[i : i+sep])
		b.WriteString(psDomain)
		last = end
		i = end - 1
	}
	return spliced(&b, s, last)
}

// plausibleDomain reports a domain of at least two labels whose last label
// (the TLD) is two or more letters and no file extension: in
// "logo@2x.png" and "lodash@4.17.21" there is no address.
func plausibleDomain(d string) bool {
	dot := strings.LastIndexByte(d, '.')
	if dot <= 0 || dot == len(d)-1 {
		return false
	}
	tld := d[dot+1:]
	if len(tld) < 2 {
		return false
	}
	switch strings.ToLower(tld) {
	case "png", "jpg", "jpeg", "gif", "svg", "webp", "ico", "css", "js", "mjs", "map", "woff", "woff2", "ttf", "html", "htm", "json", "xml":
		return false
	}
	for i := 0; i < len(tld); i++ {
		if c := tld[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return !strings.Contains(d, "..")
}

// arnRE matches the account id of an ARN, also URL-encoded.
var arnRE = regexp.MustCompile(`arn(?::|%3[aA])aws[a-z-]*(?::|%3[aA])[a-zA-Z0-9-]*(?::|%3[aA])[a-z0-9-]*(?::|%3[aA])(\d{12})\b`)

// arns replaces the account ids of ARNs by pseudonyms.
func (r *redactor) arns(s string) string {
	if !strings.Contains(s, "arn:") && !strings.Contains(s, "arn%3") {
		return s
	}
	return replaceSubmatch(arnRE, s, func(m []string, idx []int) (string, int, int, bool) {
		if r.ps.isPseudonym(m[1]) {
			return "", 0, 0, false
		}
		r.count(CountAccount, 1)
		return r.ps.account(m[1]), idx[2], idx[3], true
	})
}

// knownWords replaces, as whole words and in any ASCII case, the user
// names and account ids met before in identity places.
func (r *redactor) knownWords(s string) string {
	if len(r.ps.known) == 0 {
		return s
	}
	lower := asciiLower(s)
	for _, k := range r.ps.known {
		if !strings.Contains(lower, k.lower) {
			continue
		}
		var b strings.Builder
		last := 0
		for from := 0; ; {
			i := strings.Index(lower[from:], k.lower)
			if i < 0 {
				break
			}
			i += from
			end := i + len(k.lower)
			from = end
			if i > 0 && isWordChar(lower[i-1]) || end < len(lower) && isWordChar(lower[end]) {
				continue
			}
			var ps string
			kind := CountUser
			if k.kind == kindAccount {
				ps, kind = r.ps.account(s[i:end]), CountAccount
			} else {
				ps = r.ps.word(kindUser, s[i:end])
			}
			r.count(kind, 1)
			b.WriteString(s[last:i])
			b.WriteString(ps)
			last = end
		}
		if last > 0 {
			b.WriteString(s[last:])
			s = b.String()
			lower = asciiLower(s)
		}
	}
	return s
}

func isWordChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}
