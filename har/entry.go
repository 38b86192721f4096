package har

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	martian "github.com/google/martian/v3/har"

	"github.com/samlcheck/samlcheck/saml/binding"
)

// Entry is one element of log.entries, reduced to what samlcheck needs.
//
// Cookies (request.cookies, response.cookies) are never kept, and the values
// of Cookie, Set-Cookie, Authorization and Proxy-Authorization headers are
// redacted (see [Request.Headers]). Fields whose names start with "_"
// (browser extensions such as _initiator or _webSocketMessages), cache and
// timings are skipped.
type Entry struct {
	// Index is the 0-based position of the entry in log.entries; messages
	// for people (errors, reports) number entries from 1 (Index+1).
	Index int
	// StartedDateTime is the entry's startedDateTime exactly as written.
	StartedDateTime string
	// Started is StartedDateTime parsed (ISO 8601 with a zone offset);
	// zero when it is absent or unparseable, such as Firebug's
	// "NaN-NaN-NaNTNaN:NaN:NaN.NaN+NaN:NaN".
	Started time.Time
	// Time is the entry's total time in milliseconds (fractional in
	// Chrome exports; 0 when absent or not a number).
	Time float64
	// Request is the entry's request.
	Request Request
	// Response is the entry's response (zero when the entry has none).
	Response Response
	// SecurityState is Firefox's _securityState ("secure", "insecure",
	// "broken", "weak"), as written.
	SecurityState string

	// scan is what the fast path read of the entry's bodies (nil for an
	// entry decoded strictly); it is reused for the next entry.
	scan *entryScan
}

// Request is a HAR request, without cookies.
type Request struct {
	// Method is the HTTP method ("GET", "POST").
	Method string
	// URL is the absolute request URL, query included.
	URL string
	// HTTPVersion is as written ("HTTP/1.1", "h2", "http/2.0", "unknown").
	HTTPVersion string
	// Headers are the request headers in order. The values of Cookie,
	// Authorization and Proxy-Authorization are redacted: cookie names
	// and the authorization scheme are kept, secrets are replaced by
	// "<redacted>".
	Headers []martian.Header
	// QueryString is the parsed query as the exporter wrote it (Chrome
	// keeps values URL-encoded, Firefox decodes them).
	QueryString []martian.QueryString
	// PostData is the request body; nil when the request had none.
	PostData *PostData
}

// PostData is a request body as a HAR records it.
type PostData struct {
	// MimeType is the body's media type as written.
	MimeType string
	// Text is the body text (may be absent when Params is given).
	Text string
	// Encoding is "base64" when Text is Base64 (a non-standard extension
	// some exporters use for binary bodies), else empty or as written.
	Encoding string
	// Params are the form fields of a URL-encoded or multipart body. Some
	// exporters decode their values, others (Firefox) keep them
	// URL-encoded.
	Params []martian.Param
}

// Response is a HAR response, without cookies.
type Response struct {
	// Status is the HTTP status code; 0 for a failed or blocked request.
	Status int
	// StatusText is the reason phrase.
	StatusText string
	// HTTPVersion is as written.
	HTTPVersion string
	// Headers are the response headers in order; Set-Cookie values are
	// redacted (the cookie name and attributes are kept).
	Headers []martian.Header
	// Content is the response body.
	Content Content
	// RedirectURL is the redirectURL field (the Location target of a
	// redirect, when the exporter fills it).
	RedirectURL string
	// Error is Chrome's response._error: why the request failed
	// ("net::ERR_CERT_COMMON_NAME_INVALID"), as written.
	Error string
}

// Content is a response body as a HAR records it.
type Content struct {
	// Size is the body's decoded length in bytes as written (may be
	// negative or 0 when the exporter did not know it).
	Size int64
	// MimeType is the body's media type as written.
	MimeType string
	// Text is the body as written: plain text, or Base64 when Encoding is
	// "base64". Bodies of images, fonts, audio and video are not kept (see
	// Omitted), to bound memory; HTML, JSON, XML, text and script bodies
	// are, for the SAML scan and later error-page rules.
	Text string
	// Encoding is content.encoding: "base64", or another value such as
	// "utf-8" that some tools write for plain text (treated as plain).
	Encoding string
	// Omitted reports a body that was present in the file but dropped
	// because of its media type.
	Omitted bool
}

// Body returns the response body's bytes: Text decoded from Base64 when
// Encoding says "base64", else Text itself.
func (c *Content) Body() ([]byte, error) {
	if !strings.EqualFold(strings.TrimSpace(c.Encoding), "base64") {
		return []byte(c.Text), nil
	}
	b, err := binding.DecodeBase64(c.Text)
	if err != nil {
		return nil, fmt.Errorf("har: response.content.text: %w", err)
	}
	return b, nil
}

// isBinaryMime reports media types whose bodies are never needed: images,
// fonts, audio and video. SVG is XML text but is an image too.
func isBinaryMime(mime string) bool {
	m := strings.ToLower(strings.TrimSpace(mime))
	for _, p := range []string{"image/", "font/", "audio/", "video/", "application/font", "application/x-font", "application/vnd.ms-fontobject", "application/wasm"} {
		if strings.HasPrefix(m, p) {
			return true
		}
	}
	return false
}

// The JSON types below decode one entry leniently. Scalars accept any JSON
// scalar (strings, numbers of any size, booleans, null); only a field whose
// structure is wrong (a number where an object or array belongs) is an
// error. Everything not named here, "_" fields included (but _error and
// _securityState), is ignored.

type jsonEntry struct {
	StartedDateTime lenientString `json:"startedDateTime"`
	Time            lenientNumber `json:"time"`
	Request         *jsonRequest  `json:"request"`
	Response        *jsonResponse `json:"response"`
	SecurityState   lenientString `json:"_securityState"`
}

type jsonRequest struct {
	Method      lenientString `json:"method"`
	URL         lenientString `json:"url"`
	HTTPVersion lenientString `json:"httpVersion"`
	Headers     []jsonNV      `json:"headers"`
	QueryString []jsonNV      `json:"queryString"`
	PostData    *jsonPostData `json:"postData"`
}

type jsonNV struct {
	Name  lenientString `json:"name"`
	Value lenientString `json:"value"`
}

type jsonPostData struct {
	MimeType lenientString `json:"mimeType"`
	Text     lenientString `json:"text"`
	Encoding lenientString `json:"encoding"`
	Params   []jsonParam   `json:"params"`
}

type jsonParam struct {
	Name        lenientString `json:"name"`
	Value       lenientString `json:"value"`
	FileName    lenientString `json:"fileName"`
	ContentType lenientString `json:"contentType"`
}

type jsonResponse struct {
	Status      lenientNumber `json:"status"`
	StatusText  lenientString `json:"statusText"`
	HTTPVersion lenientString `json:"httpVersion"`
	Headers     []jsonNV      `json:"headers"`
	Content     *jsonContent  `json:"content"`
	RedirectURL lenientString `json:"redirectURL"`
	Error       lenientString `json:"_error"`
}

type jsonContent struct {
	Size     lenientNumber `json:"size"`
	MimeType lenientString `json:"mimeType"`
	Text     lenientString `json:"text"`
	Encoding lenientString `json:"encoding"`
}

type jsonCreator struct {
	Name    lenientString `json:"name"`
	Version lenientString `json:"version"`
}

// lenientString reads any JSON value as a string: a JSON string, the
// literal text of a number or boolean, or "" for null, an object or an
// array.
type lenientString string

// UnmarshalJSON implements [json.Unmarshaler]; it never fails.
func (s *lenientString) UnmarshalJSON(data []byte) error {
	if len(data) == 0 {
		*s = ""
		return nil
	}
	switch data[0] {
	case '"':
		inner := data[1 : len(data)-1]
		if !containsByte(inner, '\\') && utf8.Valid(inner) {
			*s = lenientString(inner) // fast path: nothing to unescape
			return nil
		}
		var v string
		if json.Unmarshal(data, &v) != nil {
			v = "" // lenient by design: a broken string reads as empty
		}
		*s = lenientString(v)
	case '{', '[', 'n':
		*s = ""
	default: // number, true, false
		*s = lenientString(data)
	}
	return nil
}

func containsByte(b []byte, c byte) bool {
	for _, x := range b {
		if x == c {
			return true
		}
	}
	return false
}

// lenientNumber reads any JSON value as a number: a JSON number of any
// size, a string holding one, or 0 for anything else (null, "NaN",
// objects).
type lenientNumber float64

// UnmarshalJSON implements [json.Unmarshaler]; it never fails.
func (n *lenientNumber) UnmarshalJSON(data []byte) error {
	*n = 0
	if len(data) == 0 {
		return nil
	}
	text := string(data)
	if data[0] == '"' {
		var v string
		if json.Unmarshal(data, &v) != nil {
			return nil
		}
		text = strings.TrimSpace(v)
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil && f == 0 || math.IsNaN(f) {
		return nil // not a number (overflow keeps ±Inf)
	}
	*n = lenientNumber(f)
	return nil
}

// int converts to int, clamping values outside the int range.
func (n lenientNumber) int() int {
	f := float64(n)
	switch {
	case f >= float64(math.MaxInt):
		return math.MaxInt
	case f <= float64(math.MinInt):
		return math.MinInt
	}
	return int(f)
}

// int64 converts to int64, clamping.
func (n lenientNumber) int64() int64 {
	f := float64(n)
	switch {
	case f >= math.MaxInt64:
		return math.MaxInt64
	case f <= math.MinInt64:
		return math.MinInt64
	}
	return int64(f)
}

// parseStarted parses startedDateTime; zero when it carries no zone or is
// malformed, because a guessed zone would shift the capture time.
func parseStarted(s string) time.Time {
	s = strings.TrimSpace(s)
	for _, layout := range [...]string{
		time.RFC3339Nano,
		"2006-01-02T15:04:05.999999999Z0700", // offset without a colon
		"2006-01-02 15:04:05.999999999Z07:00",
	} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}

// entry converts the JSON form into an Entry.
func (w *jsonEntry) entry(index int) *Entry {
	e := &Entry{
		Index:           index,
		StartedDateTime: string(w.StartedDateTime),
		Started:         parseStarted(string(w.StartedDateTime)),
		Time:            float64(w.Time),
		SecurityState:   string(w.SecurityState),
	}
	if math.IsInf(e.Time, 0) {
		e.Time = 0
	}
	if rq := w.Request; rq != nil {
		e.Request = Request{
			Method:      string(rq.Method),
			URL:         string(rq.URL),
			HTTPVersion: string(rq.HTTPVersion),
			Headers:     headers(rq.Headers),
		}
		for _, q := range rq.QueryString {
			e.Request.QueryString = append(e.Request.QueryString, martian.QueryString{Name: string(q.Name), Value: string(q.Value)})
		}
		if pd := rq.PostData; pd != nil {
			p := &PostData{MimeType: string(pd.MimeType), Text: string(pd.Text), Encoding: string(pd.Encoding)}
			for _, x := range pd.Params {
				p.Params = append(p.Params, martian.Param{
					Name:        string(x.Name),
					Value:       string(x.Value),
					Filename:    string(x.FileName),
					ContentType: string(x.ContentType),
				})
			}
			e.Request.PostData = p
		}
	}
	if rs := w.Response; rs != nil {
		e.Response = Response{
			Status:      rs.Status.int(),
			StatusText:  string(rs.StatusText),
			HTTPVersion: string(rs.HTTPVersion),
			Headers:     headers(rs.Headers),
			RedirectURL: string(rs.RedirectURL),
			Error:       string(rs.Error),
		}
		if c := rs.Content; c != nil {
			e.Response.Content = Content{
				Size:     c.Size.int64(),
				MimeType: string(c.MimeType),
				Text:     string(c.Text),
				Encoding: string(c.Encoding),
			}
			if c.Text != "" && isBinaryMime(string(c.MimeType)) {
				e.Response.Content.Text = ""
				e.Response.Content.Omitted = true
			}
		}
	}
	return e
}

// headers converts JSON headers, redacting secrets.
func headers(in []jsonNV) []martian.Header {
	if len(in) == 0 {
		return nil
	}
	out := make([]martian.Header, 0, len(in))
	for _, h := range in {
		name := string(h.Name)
		out = append(out, martian.Header{Name: name, Value: redactHeader(name, string(h.Value))})
	}
	return out
}

// redacted replaces a secret in a header value.
const redacted = "<redacted>"

// redactHeader hides secrets in a header value: cookie values (names and
// Set-Cookie attributes such as SameSite stay, they matter for diagnosing
// lost sessions) and credentials (the scheme stays).
func redactHeader(name, value string) string {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "cookie":
		parts := strings.Split(value, ";")
		for i, p := range parts {
			parts[i] = redactPair(p)
		}
		return strings.Join(parts, ";")
	case "set-cookie":
		// One Set-Cookie per line when an exporter joins several.
		lines := strings.Split(value, "\n")
		for i, l := range lines {
			first, rest, found := strings.Cut(l, ";")
			lines[i] = redactPair(first)
			if found {
				lines[i] += ";" + rest
			}
		}
		return strings.Join(lines, "\n")
	case "authorization", "proxy-authorization":
		scheme, _, found := strings.Cut(strings.TrimSpace(value), " ")
		if !found || value == "" {
			if value == "" {
				return ""
			}
			return redacted
		}
		return scheme + " " + redacted
	}
	return value
}

// redactPair turns " name=secret" into " name=<redacted>".
func redactPair(p string) string {
	name, _, found := strings.Cut(p, "=")
	if !found {
		if strings.TrimSpace(p) == "" {
			return p
		}
		return redacted
	}
	return name + "=" + redacted
}
