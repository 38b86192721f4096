package saml

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// ErrNoMessage is returned by ParseInput for an input that looks like a
// URL, query string or HTML page but carries no SAMLRequest or
// SAMLResponse.
var ErrNoMessage = errors.New("no SAMLRequest or SAMLResponse found")

// Field and parameter names of the SAML bindings (saml-bindings §3.4.4,
// §3.5.4).
const (
	ParamResponse   = "SAMLResponse"
	ParamRequest    = "SAMLRequest"
	ParamRelayState = "RelayState"
	ParamSigAlg     = "SigAlg"
	ParamSignature  = "Signature"
)

// ParseInput sniffs a whole input file or pasted value and returns the
// encoded SAML messages it holds, still encoded (decode each with Decode).
// It recognises:
//
//   - XML (a SAML message, metadata, anything starting with '<' that is not
//     HTML): one value, BindingNone;
//   - an HTML page with an auto-submit form: one value per SAMLResponse or
//     SAMLRequest field, with the form's RelayState and action URL,
//     BindingPOST, Where InHTML;
//   - a URL with SAMLRequest or SAMLResponse in its query: BindingRedirect,
//     with RelayState, SigAlg, Signature and the raw query kept for
//     signature verification;
//   - a query string or form body "SAMLResponse=…&RelayState=…":
//     BindingRedirect when it starts with '?', carries SigAlg or Signature,
//     or its payload is DEFLATE-compressed; BindingPOST otherwise;
//   - anything else, such as Base64 (possibly URL-encoded): one value,
//     BindingNone.
//
// Every Source has File name, Entry -1 and Where InFile (InHTML for HTML).
// Values from a query string or form body are kept percent-encoded; Decode
// undoes that without turning '+' into spaces. A URL, query string or HTML
// page without SAML parameters, and JSON (such as a HAR file), is an error
// wrapping ErrNoMessage.
func ParseInput(name string, data []byte) ([]Encoded, error) {
	text := strings.TrimSpace(trimBOM(string(data)))
	switch {
	case text == "":
		return nil, fmt.Errorf("saml: %s: %w: empty input", name, ErrNoMessage)
	case text[0] == '{' || text[0] == '[':
		return nil, fmt.Errorf("saml: %s: %w: the input is JSON (read HAR files with package har)", name, ErrNoMessage)
	case strings.HasPrefix(text, "<"):
		if isHTML(text) {
			return htmlInput(name, data)
		}
	case hasPrefixFold(text, "http://") || hasPrefixFold(text, "https://"):
		return urlInput(name, text)
	default:
		q := strings.TrimPrefix(text, "?")
		if pairs := splitQuery(q); hasSAMLParam(pairs) {
			return queryInput(name, text, pairs), nil
		}
	}
	src := Source{File: name, Entry: -1, Where: InFile}
	return []Encoded{{Binding: BindingNone, Value: string(data), Source: src, Sightings: []Source{src}}}, nil
}

// queryPair is one key=value of a query string, the key decoded and the
// value still percent-encoded.
type queryPair struct{ key, raw string }

// splitQuery splits a query string on '&' without decoding the values.
func splitQuery(q string) []queryPair {
	var pairs []queryPair
	for part := range strings.SplitSeq(q, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		pairs = append(pairs, queryPair{key: formUnescape(k), raw: v})
	}
	return pairs
}

func isSAMLParam(key string) bool {
	return strings.EqualFold(key, ParamResponse) || strings.EqualFold(key, ParamRequest)
}

func hasSAMLParam(pairs []queryPair) bool {
	for _, p := range pairs {
		if isSAMLParam(p.key) {
			return true
		}
	}
	return false
}

// formUnescape decodes application/x-www-form-urlencoded text ('+' is a
// space), returning s unchanged when it holds an invalid escape.
func formUnescape(s string) string {
	u, err := url.QueryUnescape(s)
	if err != nil {
		return s
	}
	return u
}

// pathUnescape decodes percent escapes but keeps '+' (for Base64 values),
// returning s unchanged when it holds an invalid escape.
func pathUnescape(s string) string {
	u, err := url.PathUnescape(s)
	if err != nil {
		return s
	}
	return u
}

// fromQuery builds one Encoded per SAML parameter of pairs, sharing the
// companion parameters (first occurrence of each).
func fromQuery(pairs []queryPair, b Binding, rawQuery string, src Source) []Encoded {
	var relay, sigAlg, sig string
	seen := map[string]bool{}
	for _, p := range pairs {
		if seen[p.key] {
			continue
		}
		seen[p.key] = true
		switch p.key {
		case ParamRelayState:
			relay = formUnescape(p.raw)
		case ParamSigAlg:
			sigAlg = formUnescape(p.raw)
		case ParamSignature:
			sig = pathUnescape(p.raw)
		}
	}
	var out []Encoded
	for _, p := range pairs {
		if !isSAMLParam(p.key) {
			continue
		}
		s := src
		s.Param = p.key
		out = append(out, Encoded{
			Binding: b, Param: p.key, Value: p.raw,
			RelayState: relay, SigAlg: sigAlg, Signature: sig, RawQuery: rawQuery,
			Source: s, Sightings: []Source{s},
		})
	}
	return out
}

// urlInput reads a Redirect-binding URL.
func urlInput(name, text string) ([]Encoded, error) {
	raw := strings.Fields(text)[0]
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("saml: %s: %w", name, err)
	}
	pairs := splitQuery(u.RawQuery)
	if !hasSAMLParam(pairs) {
		return nil, fmt.Errorf("saml: %s: URL: %w in its query", name, ErrNoMessage)
	}
	src := Source{File: name, Entry: -1, URL: raw, Where: InFile}
	return fromQuery(pairs, BindingRedirect, u.RawQuery, src), nil
}

// queryInput reads a query string or form body. See ParseInput for how the
// binding is chosen.
func queryInput(name, text string, pairs []queryPair) []Encoded {
	src := Source{File: name, Entry: -1, Where: InFile}
	if strings.HasPrefix(text, "?") || redirectLike(pairs) {
		return fromQuery(pairs, BindingRedirect, strings.TrimPrefix(text, "?"), src)
	}
	return fromQuery(pairs, BindingPOST, "", src)
}

// redirectLike reports whether a query carries a redirect signature or a
// DEFLATE-compressed SAML value (saml-bindings §3.4.4.1).
func redirectLike(pairs []queryPair) bool {
	for _, p := range pairs {
		if p.key == ParamSigAlg || p.key == ParamSignature {
			return true
		}
	}
	for _, p := range pairs {
		if isSAMLParam(p.key) {
			alts, _ := decodeValue(p.raw, (*DecodeOptions)(nil).withDefaults())
			return len(alts) > 0 && hasStep(alts[0].steps, StepInflate)
		}
	}
	return false
}

func hasStep(steps []Step, name string) bool {
	for _, s := range steps {
		if s.Name == name {
			return true
		}
	}
	return false
}

// htmlInput reads the SAML form fields of an HTML page.
func htmlInput(name string, data []byte) ([]Encoded, error) {
	fields := FormValues(data)
	relay := map[int]string{}
	for _, f := range fields {
		if strings.EqualFold(f.Name, ParamRelayState) {
			if _, ok := relay[f.Form]; !ok {
				relay[f.Form] = f.Value
			}
		}
	}
	var out []Encoded
	for _, f := range fields {
		if !isSAMLParam(f.Name) {
			continue
		}
		src := Source{File: name, Entry: -1, Param: f.Name, Where: InHTML, Target: f.Action}
		out = append(out, Encoded{
			Binding: BindingPOST, Param: f.Name, Value: f.Value, RelayState: relay[f.Form],
			Source: src, Sightings: []Source{src},
		})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("saml: %s: HTML page: %w in its form fields", name, ErrNoMessage)
	}
	return out, nil
}

// isHTML reports whether a document starting with '<' is an HTML page
// rather than XML: its first element (after any declaration, processing
// instruction or comment) is a common HTML element, or it starts with an
// HTML doctype.
func isHTML(s string) bool {
	for {
		s = strings.TrimLeft(s, " \t\r\n")
		var end int
		switch {
		case strings.HasPrefix(s, "<?"):
			end = indexAfter(s, "?>")
		case strings.HasPrefix(s, "<!--"):
			end = indexAfter(s, "-->")
		case hasPrefixFold(s, "<!doctype"):
			return hasPrefixFold(strings.TrimLeft(s[len("<!doctype"):], " \t\r\n"), "html")
		default:
			return isHTMLTag(firstTagName(s))
		}
		if end < 0 {
			return false
		}
		s = s[end:]
	}
}

// indexAfter returns the index just after the first sep in s, or -1.
func indexAfter(s, sep string) int {
	i := strings.Index(s, sep)
	if i < 0 {
		return -1
	}
	return i + len(sep)
}

func firstTagName(s string) string {
	s = strings.TrimPrefix(s, "<")
	i := 0
	for i < len(s) && isTagNameChar(s[i]) {
		i++
	}
	return strings.ToLower(s[:i])
}

func isHTMLTag(name string) bool {
	switch name {
	case "html", "head", "body", "form", "input", "div", "meta", "title", "script",
		"noscript", "style", "link", "p", "span", "table", "center", "h1", "h2":
		return true
	}
	return false
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
