package har

import (
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/samlcheck/samlcheck/har/internal/wire"
	"github.com/samlcheck/samlcheck/saml"
)

// Exchange is one request and response of a HAR entry, reduced to what
// the checks of tokens and SCIM calls read: the request's form fields and
// body, the redirect target, the response's status and body, and the
// browser's error for a request that failed. The har package never judges
// an exchange: [Exchanges] keeps those its caller asks for.
type Exchange struct {
	// Source says which entry it is: file, entry index, capture time,
	// method, URL and response status (Param, Where and Target are empty).
	Source saml.Source
	// RequestMime and RequestBody are the request's content type and
	// body text (decoded from Base64 when stored so), cut to
	// MaxExchangeBody bytes.
	RequestMime, RequestBody string
	// Form are the request's form fields (postData.params), as written.
	Form []Field
	// Location is the response's Location header or redirectURL.
	Location string
	// ResponseMime and ResponseBody are the response's content type and
	// body, cut to MaxExchangeBody bytes.
	ResponseMime, ResponseBody string
	// Error is Chrome's response._error; SecurityState Firefox's
	// _securityState.
	Error, SecurityState string
	// Authorization is the scheme of the request's Authorization header
	// ("Bearer"), "" when it had none: the credential itself is never
	// kept.
	Authorization string
}

// Field is a form field.
type Field struct{ Name, Value string }

// MaxExchangeBody bounds the bodies an Exchange keeps.
const MaxExchangeBody = 1 << 20

// Exchanges reads a whole HAR file from r with the strict decoder and
// returns the exchanges keep asks for (keep sees each one complete). A
// fatal error is returned with the exchanges read so far; entries that
// cannot be decoded are skipped (Scan reports them).
func Exchanges(r io.Reader, name string, keep func(*Exchange) bool) ([]Exchange, error) {
	var out []Exchange
	for e, err := range NewReader(r, name).Entries() {
		if err != nil {
			var ee *EntryError
			if errors.As(err, &ee) {
				continue
			}
			return out, err
		}
		x := exchangeOf(name, e)
		if keep == nil || keep(&x) {
			out = append(out, x)
		}
	}
	return out, nil
}

func exchangeOf(name string, e *Entry) Exchange {
	x := Exchange{Source: entrySource(name, e), Location: e.Response.RedirectURL,
		ResponseMime: e.Response.Content.MimeType, Error: e.Response.Error, SecurityState: e.SecurityState}
	for _, h := range e.Request.Headers {
		if strings.EqualFold(h.Name, "authorization") {
			x.Authorization, _, _ = strings.Cut(strings.TrimSpace(h.Value), " ")
			if x.Authorization == redacted {
				x.Authorization = "(a credential without scheme)"
			}
		}
	}
	for _, h := range e.Response.Headers {
		if strings.EqualFold(h.Name, "location") && h.Value != "" {
			x.Location = h.Value
		}
	}
	if pd := e.Request.PostData; pd != nil {
		x.RequestMime = pd.MimeType
		text := pd.Text
		if isBase64(pd.Encoding) {
			if d, err := wire.DecodeBase64(text); err == nil {
				text = string(d)
			}
		}
		x.RequestBody = cut(text)
		for _, p := range pd.Params {
			x.Form = append(x.Form, Field{p.Name, p.Value})
		}
	}
	if b, err := e.Response.Content.Body(); err == nil {
		x.ResponseBody = cut(string(b))
	}
	return x
}

// cut shortens s to MaxExchangeBody bytes at a UTF-8 boundary.
func cut(s string) string {
	if len(s) <= MaxExchangeBody {
		return s
	}
	i := MaxExchangeBody
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i]
}
