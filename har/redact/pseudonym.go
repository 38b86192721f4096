package redact

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"strings"
	"unicode"
	"unicode/utf8"
)

// pseudonyms maps identities to consistent pseudonyms for one run: the
// same input (compared without regard to ASCII case) always gets the same
// pseudonym, and different inputs get different ones, so equality checks
// between the places an identity appears still hold.
//
// Pseudonyms keep the shape of what they replace: letters stay letters,
// digits stay digits, the case of each character and every other character
// (".", "@", "\", "-", white space) stay as they are, so that the rules on
// a value's form (an e-mail address, a DOMAIN\user logon name, the
// characters RoleSessionName allows, its length) judge the pseudonym as
// they judged the original. They are derived with HMAC-SHA256 under a key
// that is random for each run unless the caller fixes it: short user names
// cannot be recovered by hashing guesses.
type pseudonyms struct {
	key []byte
	// fwd maps kind + "\x00" + lower-cased input to the lower-cased
	// pseudonym.
	fwd map[string]string
	// made holds every pseudonym handed out (lower-cased), so that no two
	// inputs share a pseudonym, and so that the scanners of free text
	// leave an address or account they already replaced alone.
	made map[string]bool
	// distinct counts the distinct inputs of each kind.
	distinct map[string]int
	// known lists the user names and account ids met in identity places,
	// replaced wherever they occur as whole words in response and request
	// bodies (an error page naming the user).
	known []knownID
}

// knownID is an identity to replace in body text.
type knownID struct {
	lower string // ASCII-lower-cased original
	kind  string
}

// Pseudonym kinds: the key spaces of the table.
const (
	kindUser    = "user"    // user names and e-mail local parts
	kindDomain  = "domain"  // e-mail domains
	kindNetBIOS = "netbios" // the DOMAIN of DOMAIN\user
	kindAccount = "account" // 12-digit AWS account ids
	kindGUID    = "guid"    // GUIDs (Entra object ids, user ids)
)

func newPseudonyms(key []byte) *pseudonyms {
	return &pseudonyms{key: key, fwd: map[string]string{}, made: map[string]bool{}, distinct: map[string]int{}}
}

// isPseudonym reports whether v is a pseudonym this table made.
func (p *pseudonyms) isPseudonym(v string) bool { return p.made[asciiLower(v)] }

// identity returns the pseudonym of an identity value of any shape: an
// e-mail address, DOMAIN\user, or a user name. Leading and trailing white
// space is kept; an empty value is returned as is.
func (p *pseudonyms) identity(v string) string {
	core := strings.TrimSpace(v)
	if core == "" {
		return v
	}
	lead := v[:strings.Index(v, core)]
	trail := v[len(lead)+len(core):]
	var out string
	switch {
	case isGUID(core):
		out = p.guid(core)
	case strings.Contains(core, "@"):
		out = p.email(core)
	case strings.Contains(core, `\`):
		dom, user, _ := strings.Cut(core, `\`)
		out = p.word(kindNetBIOS, dom) + `\` + p.word(kindUser, user)
		p.remember(user, kindUser)
	default:
		out = p.word(kindUser, core)
		p.remember(core, kindUser)
	}
	p.made[asciiLower(out)] = true
	return lead + out + trail
}

// email returns the pseudonym of an e-mail address: the local part as a
// user name (so that alice@corp.com and the user name alice stay equal),
// the domain as a domain whose last label becomes "example" (RFC 2606),
// unless the domain has no dot, which it keeps not having.
func (p *pseudonyms) email(v string) string {
	at := strings.LastIndex(v, "@")
	local, domain := v[:at], v[at+1:]
	out := p.word(kindUser, local) + "@" + p.domain(domain)
	p.made[asciiLower(out)] = true
	return out
}

// domain returns the pseudonym of an e-mail domain. Its last label
// becomes "example" (or "test" for a domain too short for it, both
// reserved by RFC 2606), and the labels before it are shaped from the
// original's and cut or padded so that the whole has the original's
// length: a rule measuring an address (RoleSessionName's 64 characters)
// measures the pseudonym the same. Only domains under 6 characters
// ("a.io") come out longer.
func (p *pseudonyms) domain(d string) string {
	if d == "" {
		return d
	}
	i := strings.LastIndexByte(d, '.')
	if i < 0 {
		return p.word(kindDomain, d)
	}
	k := kindDomain + "\x00" + asciiLower(d)
	ps, ok := p.fwd[k]
	if !ok {
		p.distinct[kindDomain]++
		for n := 0; ; n++ {
			rnd := p.stream(kindDomain, asciiLower(d), n)
			ps = fitDomain(shape(asciiLower(d[:i]), rnd, n), len(d), rnd)
			if n < 64 && (p.made[ps] || ps == asciiLower(d)) {
				continue
			}
			p.fwd[k], p.made[ps] = ps, true
			break
		}
	}
	// The labels before the TLD keep their case character by character,
	// the new TLD the case of the whole original TLD.
	j := strings.LastIndexByte(ps, '.')
	tld := ps[j:]
	if strings.ToUpper(d[i:]) == d[i:] {
		tld = strings.ToUpper(tld)
	}
	return withCase(ps[:j], d[:i]) + tld
}

// fitDomain returns labels (a shaped, lower-case domain without its TLD)
// with a reserved TLD, cut or padded with letters from rnd to n bytes
// where it can be.
func fitDomain(labels string, n int, rnd []byte) string {
	tld := ".example"
	if n < len(tld)+1 {
		tld = ".test"
	}
	want := max(1, n-len(tld))
	b := []byte(labels)
	if len(b) > want {
		b = b[:want]
	}
	// No label may end empty or with a hyphen after the cut.
	for len(b) > 0 && (b[len(b)-1] == '.' || b[len(b)-1] == '-') {
		b = b[:len(b)-1]
	}
	for k := 0; len(b) < want; k++ {
		b = append(b, 'a'+rnd[(len(rnd)-1-k%len(rnd))]%26)
	}
	return string(b) + tld
}

// isGUID reports a GUID: 32 hexadecimal digits in the 8-4-4-4-12 groups,
// optionally in braces.
func isGUID(v string) bool {
	v = strings.TrimSuffix(strings.TrimPrefix(v, "{"), "}")
	if len(v) != 36 {
		return false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
				return false
			}
		}
	}
	return true
}

// guid returns the pseudonym of a GUID: a GUID again, hexadecimal digit
// for hexadecimal digit (the case of each kept), with the original's
// version and variant digits, so that a rule that recognises a GUID
// NameID recognises the pseudonym.
func (p *pseudonyms) guid(v string) string {
	lower := asciiLower(v)
	k := kindGUID + "\x00" + lower
	ps, ok := p.fwd[k]
	if !ok {
		p.distinct[kindGUID]++
		off := 0
		if strings.HasPrefix(v, "{") {
			off = 1
		}
		for n := 0; ; n++ {
			rnd := p.stream(kindGUID, lower, n)
			b := []byte(lower)
			for i := range b {
				switch j := i - off; {
				case j == 14 || j == 19: // version, variant
				case b[i] >= '0' && b[i] <= '9' || b[i] >= 'a' && b[i] <= 'f':
					b[i] = "0123456789abcdef"[rnd[i%len(rnd)]%16]
				}
			}
			ps = string(b)
			if n < 64 && (p.made[ps] || ps == lower) {
				continue
			}
			p.fwd[k], p.made[ps] = ps, true
			break
		}
	}
	return withCase(ps, v)
}

// account returns the pseudonym of a 12-digit AWS account id.
func (p *pseudonyms) account(v string) string {
	out := p.word(kindAccount, v)
	p.remember(v, kindAccount)
	return out
}

// word returns the shape-preserving pseudonym of v in the key space kind.
func (p *pseudonyms) word(kind, v string) string {
	if v == "" {
		return v
	}
	lower := asciiLower(v)
	k := kind + "\x00" + lower
	if ps, ok := p.fwd[k]; ok {
		return withCase(ps, v)
	}
	p.distinct[kind]++
	hex := isHexID(lower)
	for n := 0; ; n++ {
		var ps string
		if hex {
			ps = shapeHex(lower, p.stream(kind, lower, n), n)
		} else {
			ps = shape(lower, p.stream(kind, lower, n), n)
		}
		// Retry on a clash with another input's pseudonym or with the
		// input itself (a one-digit value has ten shapes); give up on
		// uniqueness only after many tries.
		if n < 64 && (p.made[ps] || ps == lower) {
			continue
		}
		p.fwd[k], p.made[ps] = ps, true
		return withCase(ps, v)
	}
}

// remember adds an identity met in an identity place to the words
// replaced in bodies: user names of at least four characters with a
// letter, and account ids.
func (p *pseudonyms) remember(v, kind string) {
	lower := asciiLower(v)
	switch {
	case kind == kindAccount:
	case len(lower) < 4 || !strings.ContainsFunc(lower, unicode.IsLetter):
		return
	}
	for _, k := range p.known {
		if k.lower == lower && k.kind == kind {
			return
		}
	}
	p.known = append(p.known, knownID{lower: lower, kind: kind})
}

// stream returns pseudo-random bytes for input v of kind, attempt n.
func (p *pseudonyms) stream(kind, v string, n int) []byte {
	var out []byte
	for block := uint32(0); len(out) < 4*len(v)+8; block++ {
		m := hmac.New(sha256.New, p.key)
		var hdr [8]byte
		binary.BigEndian.PutUint32(hdr[:4], uint32(n))
		binary.BigEndian.PutUint32(hdr[4:], block)
		m.Write(hdr[:])
		m.Write([]byte(kind))
		m.Write([]byte{0})
		m.Write([]byte(v))
		out = m.Sum(out)
	}
	return out
}

// accented are the lower-case letters non-ASCII letters are mapped to, so
// that a value the rules reject for a non-ASCII letter still has one.
var accented = []rune("àáâäåçèéêëìíîïñòóôöùúûüý")

// shape replaces each letter and digit of lower (already lower-cased) by
// one drawn from rnd, keeping every other character, the token "#ext#"
// (Entra ID guest names) and a leading "aws:" (a prefix AWS reserves).
// Attempts after the first many (n > 32) append a digit, for inputs so
// short that their shapes are used up.
func shape(lower string, rnd []byte, n int) string {
	var b strings.Builder
	b.Grow(len(lower) + 2)
	i, j := 0, 0
	next := func() byte {
		c := rnd[j%len(rnd)]
		j++
		return c
	}
	if strings.HasPrefix(lower, "aws:") {
		b.WriteString("aws:")
		i = 4
	}
	for i < len(lower) {
		if strings.HasPrefix(lower[i:], "#ext#") {
			b.WriteString("#ext#")
			i += 5
			continue
		}
		r, size := utf8.DecodeRuneInString(lower[i:])
		i += size
		switch {
		case r >= 'a' && r <= 'z':
			b.WriteByte('a' + next()%26)
		case r >= '0' && r <= '9':
			b.WriteByte('0' + next()%10)
		case r >= utf8.RuneSelf && unicode.IsLetter(r):
			b.WriteRune(accented[int(next())%len(accented)])
		case r >= utf8.RuneSelf && unicode.IsDigit(r):
			b.WriteByte('0' + next()%10)
		default:
			b.WriteRune(r)
		}
	}
	if n > 32 {
		b.WriteByte('0' + byte(n%10))
	}
	return b.String()
}

// isHexID reports an identifier of hexadecimal digits (and hyphens), at
// least eight long with a digit and a letter, such as an Identity Store
// UserId: its pseudonym stays hexadecimal.
func isHexID(lower string) bool {
	if len(lower) < 8 {
		return false
	}
	digit, letter := false, false
	for i := 0; i < len(lower); i++ {
		switch c := lower[i]; {
		case c >= '0' && c <= '9':
			digit = true
		case c >= 'a' && c <= 'f':
			letter = true
		case c != '-':
			return false
		}
	}
	return digit && letter
}

// shapeHex is shape for a hexadecimal identifier: each hexadecimal digit
// becomes one drawn from rnd.
func shapeHex(lower string, rnd []byte, n int) string {
	b := []byte(lower)
	for i, c := range b {
		if c != '-' {
			b[i] = "0123456789abcdef"[rnd[i%len(rnd)]%16]
		}
	}
	if n > 32 {
		b = append(b, '0'+byte(n%10))
	}
	return string(b)
}

// withCase gives ps, a lower-case pseudonym, the case of orig character by
// character (both have the same number of characters, but for the digits
// shape may append).
func withCase(ps, orig string) string {
	if asciiLower(orig) == orig && !strings.ContainsFunc(orig, unicode.IsUpper) {
		return ps
	}
	if !strings.ContainsFunc(orig, unicode.IsLower) {
		// All upper case: all of it, letters where orig has digits
		// included (a hexadecimal id).
		return strings.ToUpper(ps)
	}
	or := []rune(orig)
	out := []rune(ps)
	for i := range out {
		if i < len(or) && unicode.IsUpper(or[i]) {
			out[i] = unicode.ToUpper(out[i])
		}
	}
	return string(out)
}

// asciiLower lower-cases ASCII letters only, so that byte offsets stay the
// same.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}
