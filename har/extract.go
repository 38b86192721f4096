package har

import (
	"io"
	"mime"
	"mime/multipart"
	"net/url"
	"strings"

	martian "github.com/google/martian/v3/har"

	"github.com/samlcheck/samlcheck/har/internal/harvalue"
	"github.com/samlcheck/samlcheck/saml"
	"github.com/samlcheck/samlcheck/saml/binding"
)

// The binding parameter names (saml-bindings-2.0-os §3.4.4.1 and §3.5.4),
// matched in any case as package binding says.
const (
	paramRequest  = binding.ParamRequest
	paramResponse = binding.ParamResponse
)

// Extract returns every SAML protocol message value found in one entry, in
// this order:
//
//   - SAMLRequest or SAMLResponse in the request URL's query (the Redirect
//     binding, [saml.InQuery]), with RelayState, SigAlg, Signature and the
//     raw query kept for signature checks; the URL is preferred, and the
//     entry's queryString is used only when the URL carries none;
//   - the same in the Location header (or redirectURL) of a 3xx response
//     ([saml.InLocation], Target the redirect URL, resolved against the
//     request URL);
//   - SAMLResponse or SAMLRequest in the request body (the POST binding,
//     [saml.InForm]): from postData.params, else from postData.text parsed
//     as an application/x-www-form-urlencoded or multipart/form-data body;
//   - hidden inputs (or textareas) named SAMLResponse or SAMLRequest in an
//     HTML response body, plain or Base64 ([saml.InHTML], Target the form's
//     action). Only HTML bodies are read, and script, style and comment
//     text is skipped, so code that merely mentions SAMLResponse yields
//     nothing.
//
// Values are as found after at most form decoding: a query or form body is
// URL-decoded once, an HTML attribute has its character references
// decoded, and a params value is URL-decoded only when it visibly still is
// URL-encoded (Firefox keeps "%2B", Chrome writes "+"). Base64 and DEFLATE
// are left to the saml package. Parameter names match in any case and are
// reported as the sender spelled them. Each result's Sightings holds its
// Source.
// Extract returns nil for a nil entry or one without SAML values.
func Extract(file string, e *Entry) []saml.Encoded {
	if e == nil {
		return nil
	}
	return extract(file, e, strictBodies(e, limits{maxBody: -1}))
}

// entrySource is the Source of entry e of file, without the parameter
// and the place in the entry.
func entrySource(file string, e *Entry) saml.Source {
	return saml.Source{
		File:       file,
		Entry:      e.Index,
		Started:    e.Started,
		StartedRaw: e.StartedDateTime,
		Method:     e.Request.Method,
		URL:        e.Request.URL,
		Status:     e.Response.Status,
	}
}

// extract is Extract with the entry's body texts already decoded.
func extract(file string, e *Entry, b bodies) []saml.Encoded {
	base := entrySource(file, e)
	var out []saml.Encoded
	out = append(out, fromQuery(base, e)...)
	out = append(out, fromLocation(base, e)...)
	out = append(out, fromPost(base, e, b.post)...)
	out = append(out, fromHTML(base, e, b.html)...)
	return out
}

// bodies are the texts of an entry that Extract and KeepPage read besides
// its URLs and headers, decoded from Base64 when so stored.
type bodies struct {
	// post is request.postData.text when it mentions a SAML parameter
	// name, else "".
	post string
	// html is the response body when it may be an auto-post page: it
	// is (or looks like) HTML and mentions a SAML parameter name; else "".
	html string
	// page is the start of the response body for KeepPage (nil: none to
	// offer): all of it, or at least limits.pageHead bytes.
	page []byte
	// skipped lists the fields not scanned because they are longer than
	// limits.maxBody.
	skipped []string
}

// The fields a body can be skipped in.
const (
	fieldPostText    = "request.postData.text"
	fieldContentText = "response.content.text"
)

// limits says how much of the bodies is read.
type limits struct {
	maxBody  int64 // texts longer than this are not scanned for forms; <0: no bound
	pageHead int   // bytes of a page kept for KeepPage; 0: no pages
}

// over reports a text too long to scan.
func (l limits) over(n int64) bool { return l.maxBody >= 0 && n > l.maxBody }

// strictBodies decodes the bodies of an entry read by the strict decoder.
func strictBodies(e *Entry, l limits) bodies {
	var b bodies
	if pd := e.Request.PostData; pd != nil && pd.Text != "" {
		text := pd.Text
		if l.over(int64(len(text))) {
			b.skipped = append(b.skipped, fieldPostText)
			text = ""
		} else if isBase64(pd.Encoding) {
			d, err := binding.DecodeBase64(text)
			if err != nil {
				d = nil
			}
			text = string(d)
		}
		if binding.HasMessageName(text) {
			b.post = text
		}
	}
	c := &e.Response.Content
	if c.Text == "" || c.Omitted {
		return b
	}
	mt := strings.ToLower(c.MimeType)
	isHTML := strings.Contains(mt, "html")
	form := isHTML || !binding.NeverHTML(mt) // else script, JSON, CSS: never an auto-post page
	if form && l.over(int64(len(c.Text))) {
		b.skipped = append(b.skipped, fieldContentText)
		form = false
	}
	page := l.pageHead > 0 && pageMime(c.MimeType)
	if !form && !page {
		return b
	}
	body, err := c.Body()
	if err != nil {
		return b
	}
	if page && len(body) > 0 {
		b.page = body[:min(len(body), l.pageHead)]
	}
	if form && (isHTML || binding.SniffHTML(body)) && binding.HasMessageName(string(body)) {
		b.html = string(body)
	}
	return b
}

// bodies returns what the fast path read of an entry's bodies.
func (x *entryScan) bodies(e *Entry, l limits) bodies {
	var b bodies
	if pd := e.Request.PostData; pd != nil && x.post.nonEmpty() {
		switch {
		case !x.post.isString:
			b.post = strictBodies(&Entry{Request: Request{PostData: &PostData{Text: x.post.value, Encoding: pd.Encoding}}}, l).post
		case x.post.over:
			b.skipped = append(b.skipped, fieldPostText)
		default:
			if k, ok := x.post.reading(isBase64(pd.Encoding)); ok && k.found {
				b.post = string(k.win)
			}
		}
	}
	c := &e.Response.Content
	if !x.body.nonEmpty() || isBinaryMime(c.MimeType) {
		return b
	}
	if !x.body.isString {
		t := strictBodies(&Entry{Response: Response{Content: Content{MimeType: c.MimeType, Encoding: c.Encoding, Text: x.body.value}}}, l)
		b.html, b.page = t.html, t.page
		return b
	}
	mt := strings.ToLower(c.MimeType)
	isHTML := strings.Contains(mt, "html")
	form := isHTML || !binding.NeverHTML(mt)
	if form && x.body.over {
		b.skipped = append(b.skipped, fieldContentText)
		form = false
	}
	k, ok := x.body.reading(isBase64(c.Encoding))
	if !ok {
		return b // not Base64 as it says: neither a page nor a form
	}
	if l.pageHead > 0 && len(k.head) > 0 && pageMime(c.MimeType) {
		b.page = k.head
	}
	if form && (isHTML || k.sniff.html()) && k.found {
		b.html = string(k.win)
	}
	return b
}

// fromQuery finds Redirect-binding values in the request URL.
func fromQuery(base saml.Source, e *Entry) []saml.Encoded {
	raw := binding.RawQuery(e.Request.URL)
	base.Where = saml.InQuery
	if out := messages(binding.ParseForm(raw), saml.BindingRedirect, base, raw); len(out) > 0 {
		return out
	}
	// The URL carries no SAML parameter: try the exporter's queryString.
	// Its values may or may not be URL-decoded, and the raw bytes are lost,
	// so RawQuery stays empty.
	var fields []binding.Field
	for _, q := range e.Request.QueryString {
		fields = append(fields, binding.Field{Name: harvalue.MaybeUnescape(q.Name), Value: harvalue.MaybeUnescape(q.Value)})
	}
	return messages(fields, saml.BindingRedirect, base, "")
}

// fromLocation finds Redirect-binding values in a redirect's target.
func fromLocation(base saml.Source, e *Entry) []saml.Encoded {
	if e.Response.Status < 300 || e.Response.Status > 399 {
		return nil
	}
	loc := header(e.Response.Headers, "Location")
	if loc == "" {
		loc = e.Response.RedirectURL
	}
	loc = strings.TrimSpace(loc)
	if loc == "" {
		return nil
	}
	raw := binding.RawQuery(loc)
	base.Where = saml.InLocation
	base.Target = resolve(e.Request.URL, loc)
	return messages(binding.ParseForm(raw), saml.BindingRedirect, base, raw)
}

// fromPost finds POST-binding values in the request body: in its params,
// else in text, its decoded text when that mentions a SAML parameter.
func fromPost(base saml.Source, e *Entry, text string) []saml.Encoded {
	pd := e.Request.PostData
	if pd == nil {
		return nil
	}
	base.Where = saml.InForm
	var fields []binding.Field
	for _, p := range pd.Params {
		fields = append(fields, binding.Field{Name: harvalue.MaybeUnescape(p.Name), Value: harvalue.MaybeUnescape(p.Value)})
	}
	if out := messages(fields, saml.BindingPOST, base, ""); len(out) > 0 {
		return out
	}
	if text == "" {
		return nil
	}
	mediaType, mparams, _ := mime.ParseMediaType(pd.MimeType)
	if mediaType == "multipart/form-data" && mparams["boundary"] != "" {
		fields = parseMultipart(text, mparams["boundary"])
	} else {
		fields = binding.ParseForm(strings.TrimSpace(text))
	}
	return messages(fields, saml.BindingPOST, base, "")
}

// fromHTML finds POST-binding values in an HTML auto-submit form, body
// being the response body when it may hold one.
func fromHTML(base saml.Source, e *Entry, body string) []saml.Encoded {
	if body == "" {
		return nil
	}
	base.Where = saml.InHTML
	var out []saml.Encoded
	for _, f := range binding.Forms(body) {
		src := base
		action := strings.TrimSpace(f.Action)
		if action == "" {
			// HTML: a form without an action submits to its document.
			src.Target = e.Request.URL
		} else {
			src.Target = resolve(e.Request.URL, action)
		}
		out = append(out, messages(f.Fields, saml.BindingPOST, src, "")...)
	}
	return out
}

// messages builds one Encoded per SAMLRequest/SAMLResponse field, each with
// the companion parameters of the same field set (binding.Messages).
func messages(fields []binding.Field, b saml.Binding, src saml.Source, rawQuery string) []saml.Encoded {
	var out []saml.Encoded
	for _, m := range binding.Messages(fields) {
		s := src
		s.Param = m.Param
		out = append(out, saml.Encoded{
			Binding:    b,
			Param:      m.Param,
			Value:      m.Value,
			RelayState: m.RelayState,
			SigAlg:     m.SigAlg,
			Signature:  m.Signature,
			RawQuery:   rawQuery,
			Source:     s,
			Sightings:  []saml.Source{s},
		})
	}
	return out
}

// header returns the first value of the named header.
func header(hs []martian.Header, name string) string {
	for _, h := range hs {
		if strings.EqualFold(strings.TrimSpace(h.Name), name) {
			return h.Value
		}
	}
	return ""
}

// parseMultipart reads the parts of a multipart/form-data body as fields;
// a malformed body yields the parts read before the damage.
func parseMultipart(body, boundary string) []binding.Field {
	var out []binding.Field
	mr := multipart.NewReader(strings.NewReader(body), boundary)
	for {
		p, err := mr.NextPart()
		if err != nil {
			return out
		}
		b, err := io.ReadAll(p)
		if err != nil {
			return out
		}
		out = append(out, binding.Field{Name: p.FormName(), Value: string(b)})
	}
}

// resolve makes ref absolute against base when both parse, else returns
// ref as written.
func resolve(base, ref string) string {
	r, err := url.Parse(ref)
	if err != nil || r.IsAbs() {
		return ref
	}
	b, err := url.Parse(base)
	if err != nil || !b.IsAbs() {
		return ref
	}
	return b.ResolveReference(r).String()
}
