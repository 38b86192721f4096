package har

import (
	"strings"
	"unsafe"

	"github.com/samlcheck/samlcheck/har/capture"
	"github.com/samlcheck/samlcheck/saml/binding"
)

// keepExchange offers entry e to opt.KeepExchange and keeps it in c when
// asked; page is the start of its response body (nil: none).
func keepExchange(c *Capture, name string, e *Entry, page []byte, opt *ScanOptions) {
	x := capture.Exchange{Source: entrySource(name, e), Location: e.Response.RedirectURL,
		ResponseMime: e.Response.Content.MimeType, Error: e.Response.Error, SecurityState: e.SecurityState,
		ResponseBody: bytesView(page)}
	for _, h := range e.Request.Headers {
		if strings.EqualFold(strings.TrimSpace(h.Name), "authorization") {
			x.Authorization, _, _ = strings.Cut(strings.TrimSpace(h.Value), " ")
			if x.Authorization == redacted {
				x.Authorization = "(a credential without scheme)"
			}
		}
	}
	for _, h := range e.Response.Headers {
		if strings.EqualFold(strings.TrimSpace(h.Name), "location") && h.Value != "" {
			x.Location = h.Value
		}
	}
	if pd := e.Request.PostData; pd != nil {
		x.RequestMime = pd.MimeType
		x.RequestBody = postHead(e, opt)
		for _, p := range pd.Params {
			x.Form = append(x.Form, capture.Field{Name: p.Name, Value: p.Value})
		}
	}
	if !opt.KeepExchange(&x) {
		return
	}
	x.RequestBody, x.ResponseBody = strings.Clone(x.RequestBody), strings.Clone(x.ResponseBody)
	c.Exchanges = append(c.Exchanges, x)
}

// postHead returns the start of the request body (decoded from Base64
// when its encoding says so), at most MaxText bytes, as a view valid
// until the next entry is read.
func postHead(e *Entry, opt *ScanOptions) string {
	pd := e.Request.PostData
	max := opt.maxText()
	if x := e.scan; x != nil {
		if !x.post.isString {
			return cutText(x.post.value, max)
		}
		if k, ok := x.post.reading(isBase64(pd.Encoding)); ok {
			return cutText(bytesView(k.head), max)
		}
		return ""
	}
	text := pd.Text
	if isBase64(pd.Encoding) {
		d, err := binding.DecodeBase64(text)
		if err != nil {
			return ""
		}
		text = string(d)
	}
	return cutText(text, max)
}

// bytesView returns b as a string without copying it.
func bytesView(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// cutText shortens s to at most n bytes, at a UTF-8 boundary.
func cutText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}
