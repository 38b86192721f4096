package saml

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/samlcheck/samlcheck/saml/binding"
)

// ErrNoMessage is returned by ParseInput for an input that looks like a
// URL, query string or HTML page but carries no SAMLRequest or
// SAMLResponse.
var ErrNoMessage = errors.New("no SAMLRequest or SAMLResponse found")

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
// Query strings, form bodies and HTML pages are read by package binding,
// as the HAR reader reads them: parameter names in any case, values
// decoded once as a form ('+' is a space; Decode restores spaces that
// stand for '+' and says so), HTML by the HTML5 tokenizing rules. A URL, query string or HTML
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
		if binding.SniffHTML([]byte(text)) {
			return htmlInput(name, data)
		}
	case hasPrefixFold(text, "http://") || hasPrefixFold(text, "https://"):
		return urlInput(name, text)
	default:
		q := strings.TrimPrefix(text, "?")
		if fields := binding.ParseForm(q); hasSAMLParam(fields) {
			if encs := queryInput(name, text, fields); len(encs) > 0 {
				return encs, nil
			}
			return nil, fmt.Errorf("saml: %s: %w: its SAMLRequest or SAMLResponse field has no value", name, ErrNoMessage)
		}
	}
	src := Source{File: name, Entry: -1, Where: InFile}
	return []Encoded{{Binding: BindingNone, Value: string(data), Source: src, Sightings: []Source{src}}}, nil
}

// fromQuery builds one Encoded per SAML parameter of fields (see
// binding.Messages for the companion parameters).
func fromQuery(fields []binding.Field, b Binding, rawQuery string, src Source) []Encoded {
	var out []Encoded
	for _, m := range binding.Messages(fields) {
		s := src
		s.Param = m.Param
		out = append(out, Encoded{
			Binding: b, Param: m.Param, Value: m.Value,
			RelayState: m.RelayState, SigAlg: m.SigAlg, Signature: m.Signature, RawQuery: rawQuery,
			Source: s, Sightings: []Source{s},
		})
	}
	return out
}

func hasSAMLParam(fields []binding.Field) bool {
	for _, f := range fields {
		if binding.IsMessageParam(f.Name) {
			return true
		}
	}
	return false
}

// urlInput reads a Redirect-binding URL.
func urlInput(name, text string) ([]Encoded, error) {
	raw := strings.Fields(text)[0]
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("saml: %s: %w", name, err)
	}
	fields := binding.ParseForm(u.RawQuery)
	if !hasSAMLParam(fields) {
		return nil, fmt.Errorf("saml: %s: URL: %w in its query", name, ErrNoMessage)
	}
	src := Source{File: name, Entry: -1, URL: raw, Where: InFile}
	encs := fromQuery(fields, BindingRedirect, u.RawQuery, src)
	if len(encs) == 0 {
		return nil, fmt.Errorf("saml: %s: URL: %w: its SAMLRequest or SAMLResponse parameter has no value", name, ErrNoMessage)
	}
	return encs, nil
}

// queryInput reads a query string or form body. See ParseInput for how the
// binding is chosen.
func queryInput(name, text string, fields []binding.Field) []Encoded {
	src := Source{File: name, Entry: -1, Where: InFile}
	if strings.HasPrefix(text, "?") || redirectLike(fields) {
		return fromQuery(fields, BindingRedirect, strings.TrimPrefix(text, "?"), src)
	}
	return fromQuery(fields, BindingPOST, "", src)
}

// redirectLike reports whether a query carries a redirect signature or a
// DEFLATE-compressed SAML value (saml-bindings §3.4.4.1).
func redirectLike(fields []binding.Field) bool {
	for _, f := range fields {
		if strings.EqualFold(f.Name, binding.ParamSigAlg) || strings.EqualFold(f.Name, binding.ParamSignature) {
			return true
		}
	}
	for _, m := range binding.Messages(fields) {
		alts, _ := decodeValue(m.Value, (*DecodeOptions)(nil).withDefaults())
		return len(alts) > 0 && hasStep(alts[0].steps, StepInflate)
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

// htmlInput reads the SAML form fields of an HTML page (binding.Forms).
func htmlInput(name string, data []byte) ([]Encoded, error) {
	var out []Encoded
	for _, f := range binding.Forms(string(data)) {
		src := Source{File: name, Entry: -1, Where: InHTML, Target: strings.TrimSpace(f.Action)}
		out = append(out, fromQuery(f.Fields, BindingPOST, "", src)...)
	}
	if len(out) == 0 {
		why := "in its form fields"
		if binding.HasMessageName(string(data)) {
			why += " (the page mentions one only outside a form control, such as in a script or a comment, which a browser does not post)"
		}
		return nil, fmt.Errorf("saml: %s: HTML page: %w %s", name, ErrNoMessage, why)
	}
	return out, nil
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
