package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"
)

// httpDate is the date format of HTTP headers (RFC 9110 §5.6.7, IMF-fixdate):
// net/http's TimeFormat, written here because samlcheck's packages import
// nothing that opens network connections (TestNoNetworkImports).
const httpDate = "Mon, 02 Jan 2006 15:04:05 GMT"

// The HAR 1.2 document (http://www.softwareishard.com/blog/har-12-spec/), with
// the fields and extensions Chrome and Firefox write. Structs, not maps, keep
// the JSON field order fixed; the entry's fields are in Chrome's
// (alphabetical) order.
type (
	harFile struct {
		Log harLog `json:"log"`
	}
	harLog struct {
		Version string       `json:"version"`
		Creator nameVersion  `json:"creator"`
		Browser *nameVersion `json:"browser,omitempty"`
		Pages   []harPage    `json:"pages"`
		Entries []harEntry   `json:"entries"`
	}
	nameVersion struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	}
	harPage struct {
		StartedDateTime string      `json:"startedDateTime"`
		ID              string      `json:"id"`
		Title           string      `json:"title"`
		PageTimings     pageTimings `json:"pageTimings"`
	}
	pageTimings struct {
		OnContentLoad float64 `json:"onContentLoad"`
		OnLoad        float64 `json:"onLoad"`
	}
	harEntry struct {
		Initiator       *initiator  `json:"_initiator,omitempty"`
		Priority        string      `json:"_priority,omitempty"`
		ResourceType    string      `json:"_resourceType,omitempty"`
		Cache           struct{}    `json:"cache"`
		Connection      string      `json:"connection,omitempty"`
		Pageref         string      `json:"pageref"`
		Request         harRequest  `json:"request"`
		Response        harResponse `json:"response"`
		ServerIPAddress string      `json:"serverIPAddress"`
		StartedDateTime string      `json:"startedDateTime"`
		Time            float64     `json:"time"`
		Timings         harTimings  `json:"timings"`
	}
	initiator struct {
		Type       string `json:"type"`
		URL        string `json:"url,omitempty"`
		LineNumber int    `json:"lineNumber,omitempty"`
	}
	harRequest struct {
		Method      string      `json:"method"`
		URL         string      `json:"url"`
		HTTPVersion string      `json:"httpVersion"`
		Headers     []nameValue `json:"headers"`
		QueryString []nameValue `json:"queryString"`
		Cookies     []any       `json:"cookies"`
		HeadersSize int         `json:"headersSize"`
		BodySize    int         `json:"bodySize"`
		PostData    *postData   `json:"postData,omitempty"`
	}
	nameValue struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	}
	postData struct {
		MimeType string      `json:"mimeType"`
		Text     string      `json:"text"`
		Params   []nameValue `json:"params,omitempty"`
	}
	harResponse struct {
		Status       int         `json:"status"`
		StatusText   string      `json:"statusText"`
		HTTPVersion  string      `json:"httpVersion"`
		Headers      []nameValue `json:"headers"`
		Cookies      []any       `json:"cookies"`
		Content      harContent  `json:"content"`
		RedirectURL  string      `json:"redirectURL"`
		HeadersSize  int         `json:"headersSize"`
		BodySize     int         `json:"bodySize"`
		TransferSize *int        `json:"_transferSize,omitempty"`
		// Error is Chrome's response._error (a request that failed).
		Error string `json:"_error,omitempty"`
	}
	harContent struct {
		Size     int    `json:"size"`
		MimeType string `json:"mimeType"`
		Text     string `json:"text,omitempty"`
		Encoding string `json:"encoding,omitempty"`
	}
	harTimings struct {
		Blocked         float64 `json:"blocked"`
		DNS             float64 `json:"dns"`
		SSL             float64 `json:"ssl"`
		Connect         float64 `json:"connect"`
		Send            float64 `json:"send"`
		Wait            float64 `json:"wait"`
		Receive         float64 `json:"receive"`
		BlockedQueueing float64 `json:"_blocked_queueing,omitempty"`
	}
	// chromeCookie is a cookie as Chrome records it: "expires" is null for a
	// session cookie.
	chromeCookie struct {
		Name     string  `json:"name"`
		Value    string  `json:"value"`
		Path     string  `json:"path"`
		Domain   string  `json:"domain"`
		Expires  *string `json:"expires"`
		HTTPOnly bool    `json:"httpOnly"`
		Secure   bool    `json:"secure"`
		SameSite string  `json:"sameSite,omitempty"`
	}
	// firefoxCookie is a cookie as Firefox records it: only name and value
	// for a request cookie.
	firefoxCookie struct {
		Name     string `json:"name"`
		Value    string `json:"value"`
		Path     string `json:"path,omitempty"`
		Domain   string `json:"domain,omitempty"`
		Expires  string `json:"expires,omitempty"`
		HTTPOnly *bool  `json:"httpOnly,omitempty"`
		Secure   *bool  `json:"secure,omitempty"`
		SameSite string `json:"sameSite,omitempty"`
	}
)

// cookie is a browser cookie; a zero expires makes it a session cookie.
type cookie struct {
	name, value, domain string
	expires             time.Time
	sameSite            string // "" for the browser default (Lax)
}

// setCookieHeader returns the Set-Cookie header value for c.
func (c cookie) setCookieHeader() string {
	s := c.name + "=" + c.value + "; Domain=" + c.domain + "; Path=/"
	if !c.expires.IsZero() {
		s += "; Expires=" + c.expires.UTC().Format(httpDate)
	}
	s += "; Secure; HttpOnly"
	if c.sameSite != "" {
		s += "; SameSite=" + c.sameSite
	}
	return s
}

// exchange is one HTTP request and response of a capture, browser-neutral.
type exchange struct {
	page       string
	start      time.Time
	method     string
	url        string
	referer    string
	kind       string // document, stylesheet, script or image
	initiator  string // for a subresource: the document that loaded it
	line       int    // and the line of the tag
	cookies    []cookie
	form       []nameValue // a POST's form fields, decoded
	formParams bool        // record postData.params beside postData.text
	status     int
	location   string
	setCookies []cookie
	mime       string
	body       []byte
	base64Body bool   // store the body Base64-encoded ("encoding": "base64")
	jsonBody   string // a fetch's JSON request body (kind "fetch")
	waitUS     int64  // server time, microseconds
	ip         string
}

// capturePage is one page (top-level navigation) of a capture.
type capturePage struct {
	id, title         string
	start             time.Time
	contentUS, loadUS int64
}

// capture is a recorded browser session.
type capture struct {
	pages     []capturePage
	exchanges []exchange
}

// browser is the browser whose HAR export is imitated.
type browser int

const (
	chrome browser = iota
	firefox
)

// The user agents of the captures.
const (
	chromeUA  = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36"
	firefoxUA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:131.0) Gecko/20100101 Firefox/131.0"
)

// ms converts microseconds to fractional milliseconds (exactly, without
// floating-point arithmetic that could differ between platforms).
func ms(us int64) float64 {
	return float64(us) / 1000
}

// encode returns the HAR document for c as the browser would export it.
func (b browser) encode(c capture) ([]byte, error) {
	h := harFile{Log: harLog{Version: "1.2"}}
	if b == chrome {
		h.Log.Creator = nameVersion{"WebInspector", "537.36"}
	} else {
		h.Log.Creator = nameVersion{"Firefox", "131.0"}
		h.Log.Browser = &nameVersion{"Firefox", "131.0"}
	}
	for _, p := range c.pages {
		pt := pageTimings{OnContentLoad: ms(p.contentUS), OnLoad: ms(p.loadUS)}
		if b == firefox {
			pt = pageTimings{OnContentLoad: float64(p.contentUS / 1000), OnLoad: float64(p.loadUS / 1000)}
		}
		h.Log.Pages = append(h.Log.Pages, harPage{StartedDateTime: b.instant(p.start), ID: p.id, Title: p.title, PageTimings: pt})
	}
	conns := map[string]string{}
	for i, x := range c.exchanges {
		host := hostOf(x.url)
		conn, seen := conns[host]
		if !seen {
			conn = fmt.Sprint(48213 + 97*len(conns))
			conns[host] = conn
		}
		e, err := b.entry(x, conn, !seen)
		if err != nil {
			return nil, fmt.Errorf("entry %d: %w", i, err)
		}
		h.Log.Entries = append(h.Log.Entries, e)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // browsers write <, > and & as they are
	enc.SetIndent("", "  ")
	if err := enc.Encode(h); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// instant formats a startedDateTime: Chrome writes UTC, Firefox local time
// with its offset (here Central European Time).
func (b browser) instant(t time.Time) string {
	if b == chrome {
		return t.UTC().Format("2006-01-02T15:04:05.000Z")
	}
	return t.In(time.FixedZone("CET", 3600)).Format("2006-01-02T15:04:05.000-07:00")
}

// hostOf returns the host of a URL.
func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Host
}

// entry renders one exchange; newConn marks the first request to its host.
func (b browser) entry(x exchange, conn string, newConn bool) (harEntry, error) {
	u, err := url.Parse(x.url)
	if err != nil {
		return harEntry{}, err
	}
	req := harRequest{
		Method:      x.method,
		URL:         x.url,
		Cookies:     []any{},
		HeadersSize: -1,
	}
	req.QueryString = queryInOrder(u.RawQuery)
	if len(x.form) > 0 {
		var text []string
		for _, f := range x.form {
			text = append(text, url.QueryEscape(f.Name)+"="+url.QueryEscape(f.Value))
		}
		req.PostData = &postData{MimeType: "application/x-www-form-urlencoded", Text: strings.Join(text, "&")}
		if x.formParams {
			for _, f := range x.form {
				p := f
				if b == firefox {
					// Firefox leaves the parameter values URL-encoded.
					p.Value = url.QueryEscape(f.Value)
				}
				req.PostData.Params = append(req.PostData.Params, p)
			}
		}
		req.BodySize = len(req.PostData.Text)
	} else if x.jsonBody != "" {
		req.PostData = &postData{MimeType: "application/json", Text: x.jsonBody}
		req.BodySize = len(x.jsonBody)
	}
	for _, c := range x.cookies {
		if b == chrome {
			req.Cookies = append(req.Cookies, chromeCookie{Name: c.name, Value: c.value, Path: "/", Domain: c.domain, Expires: chromeExpires(c), HTTPOnly: true, Secure: true, SameSite: c.sameSite})
		} else {
			req.Cookies = append(req.Cookies, firefoxCookie{Name: c.name, Value: c.value})
		}
	}
	req.Headers = b.requestHeaders(x, u)

	resp := harResponse{
		Status:      x.status,
		RedirectURL: x.location,
		Cookies:     []any{},
		HeadersSize: -1,
	}
	resp.Headers = b.responseHeaders(x)
	for _, c := range x.setCookies {
		yes := true
		if b == chrome {
			resp.Cookies = append(resp.Cookies, chromeCookie{Name: c.name, Value: c.value, Path: "/", Domain: c.domain, Expires: chromeExpires(c), HTTPOnly: true, Secure: true, SameSite: c.sameSite})
		} else {
			fc := firefoxCookie{Name: c.name, Value: c.value, Path: "/", Domain: c.domain, HTTPOnly: &yes, Secure: &yes, SameSite: c.sameSite}
			if !c.expires.IsZero() {
				fc.Expires = c.expires.UTC().Format("2006-01-02T15:04:05.000Z")
			}
			resp.Cookies = append(resp.Cookies, fc)
		}
	}
	resp.Content = harContent{Size: len(x.body), MimeType: x.mime}
	if x.base64Body {
		resp.Content.Text = base64.StdEncoding.EncodeToString(x.body)
		resp.Content.Encoding = "base64"
	} else {
		resp.Content.Text = string(x.body)
	}
	bodySize := len(x.body)
	if strings.HasPrefix(x.mime, "text/") || strings.Contains(x.mime, "javascript") {
		bodySize = len(x.body)/3 + 20 // gzip on the wire
	}
	resp.BodySize = bodySize

	receiveUS := 150 + int64(len(x.body))/40
	e := harEntry{
		Pageref:         x.page,
		Request:         req,
		Response:        resp,
		ServerIPAddress: x.ip,
		StartedDateTime: b.instant(x.start),
	}
	if b == chrome {
		e.Request.HTTPVersion = "http/2.0"
		e.Response.HTTPVersion = "http/2.0"
		e.Response.StatusText = "" // Chrome records no reason phrase for HTTP/2
		if x.mime == "" {
			e.Response.Content.MimeType = "x-unknown"
		}
		transfer := bodySize + 380 + 60*len(x.setCookies)
		e.Response.TransferSize = &transfer
		e.Connection = conn
		e.Initiator = &initiator{Type: "other"}
		if x.initiator != "" {
			e.Initiator = &initiator{Type: "parser", URL: x.initiator, LineNumber: x.line}
		}
		e.Priority, e.ResourceType = chromePriority(x.kind), x.kind
		t := harTimings{Blocked: ms(1840), DNS: -1, SSL: -1, Connect: -1, Send: ms(212), Wait: ms(x.waitUS), Receive: ms(receiveUS), BlockedQueueing: ms(935)}
		total := 1840 + 212 + x.waitUS + receiveUS
		if newConn {
			t.DNS, t.Connect, t.SSL = ms(14217), ms(41764), ms(27305) // ssl is part of connect
			total += 14217 + 41764
		}
		e.Timings, e.Time = t, ms(total)
	} else {
		e.Request.HTTPVersion = "HTTP/2"
		e.Response.HTTPVersion = "HTTP/2"
		e.Response.StatusText = statusText(x.status)
		if x.mime == "" {
			e.Response.Content.MimeType = "text/plain"
		}
		e.Connection = "443"
		e.Request.HeadersSize = headersSize(e.Request.Headers)
		e.Response.HeadersSize = headersSize(e.Response.Headers)
		wait, receive := x.waitUS/1000, receiveUS/1000
		t := harTimings{Wait: float64(wait), Receive: float64(receive)}
		total := wait + receive
		if newConn {
			t.DNS, t.Connect, t.SSL = 13, 40, 26
			total += 13 + 40 + 26
		}
		e.Timings, e.Time = t, float64(total)
	}
	return e, nil
}

// queryInOrder returns the URL-decoded query parameters in their order.
func queryInOrder(rawQuery string) []nameValue {
	out := []nameValue{}
	if rawQuery == "" {
		return out
	}
	for _, part := range strings.Split(rawQuery, "&") {
		name, value, _ := strings.Cut(part, "=")
		n, err1 := url.QueryUnescape(name)
		v, err2 := url.QueryUnescape(value)
		if err1 != nil || err2 != nil {
			n, v = name, value
		}
		out = append(out, nameValue{n, v})
	}
	return out
}

// chromeExpires returns Chrome's "expires": null for a session cookie.
func chromeExpires(c cookie) *string {
	if c.expires.IsZero() {
		return nil
	}
	s := c.expires.UTC().Format("2006-01-02T15:04:05.000Z")
	return &s
}

// chromePriority returns Chrome's fetch priority for a resource type.
func chromePriority(kind string) string {
	switch kind {
	case "document", "stylesheet":
		return "VeryHigh"
	case "script", "fetch":
		return "High"
	default:
		return "Low"
	}
}

// statusText returns the reason phrase Firefox records.
func statusText(status int) string {
	switch status {
	case 200:
		return "OK"
	case 302:
		return "Found"
	default:
		return ""
	}
}

// headersSize approximates the size of a header block in HTTP/1.1 form.
func headersSize(h []nameValue) int {
	n := 2
	for _, kv := range h {
		n += len(kv.Name) + len(kv.Value) + 4
	}
	return n
}

// acceptFor returns the Accept header a browser sends for a resource type.
func acceptFor(b browser, kind string) string {
	switch kind {
	case "stylesheet":
		return "text/css,*/*;q=0.1"
	case "script":
		return "*/*"
	case "fetch":
		return "application/json, text/plain, */*"
	case "image":
		if b == chrome {
			return "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8"
		}
		return "image/avif,image/webp,image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5"
	default:
		if b == chrome {
			return "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7"
		}
		return "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
	}
}

// fetchSite returns Sec-Fetch-Site for a request to u with referer.
func fetchSite(u *url.URL, referer string) string {
	switch {
	case referer == "":
		return "none"
	case hostOf(referer) == u.Host:
		return "same-origin"
	default:
		return "cross-site"
	}
}

// fetchMode returns Sec-Fetch-Dest and Sec-Fetch-Mode for a resource type.
func fetchMode(kind string) (dest, mode string) {
	switch kind {
	case "stylesheet":
		return "style", "no-cors"
	case "script":
		return "script", "no-cors"
	case "fetch":
		return "empty", "cors"
	case "image":
		return "image", "no-cors"
	default:
		return "document", "navigate"
	}
}

// requestHeaders returns the request headers the browser sends for x.
func (b browser) requestHeaders(x exchange, u *url.URL) []nameValue {
	dest, mode := fetchMode(x.kind)
	var cookieHeader string
	if len(x.cookies) > 0 {
		var parts []string
		for _, c := range x.cookies {
			parts = append(parts, c.name+"="+c.value)
		}
		cookieHeader = strings.Join(parts, "; ")
	}
	var body string
	if len(x.form) > 0 {
		var text []string
		for _, f := range x.form {
			text = append(text, url.QueryEscape(f.Name)+"="+url.QueryEscape(f.Value))
		}
		body = strings.Join(text, "&")
	}
	contentType := "application/x-www-form-urlencoded"
	if body == "" && x.jsonBody != "" {
		body, contentType = x.jsonBody, "application/json"
	}
	origin := ""
	if x.method == "POST" {
		origin = "null"
		if x.referer != "" {
			r, err := url.Parse(x.referer)
			if err == nil {
				origin = r.Scheme + "://" + r.Host
			}
		}
	}
	if b == chrome {
		h := map[string]string{
			"accept":             acceptFor(b, x.kind),
			"accept-encoding":    "gzip, deflate, br, zstd",
			"accept-language":    "en-US,en;q=0.9",
			"sec-ch-ua":          `"Chromium";v="130", "Google Chrome";v="130", "Not?A_Brand";v="99"`,
			"sec-ch-ua-mobile":   "?0",
			"sec-ch-ua-platform": `"Windows"`,
			"sec-fetch-dest":     dest,
			"sec-fetch-mode":     mode,
			"sec-fetch-site":     fetchSite(u, x.referer),
			"user-agent":         chromeUA,
		}
		if x.kind == "document" {
			h["priority"] = "u=0, i"
			h["sec-fetch-user"] = "?1"
			h["upgrade-insecure-requests"] = "1"
		}
		if x.referer != "" {
			h["referer"] = x.referer
		}
		if cookieHeader != "" {
			h["cookie"] = cookieHeader
		}
		if body != "" {
			h["content-type"] = contentType
			h["content-length"] = fmt.Sprint(len(body))
			h["cache-control"] = "max-age=0"
			h["origin"] = origin
		}
		out := []nameValue{
			{":authority", u.Host},
			{":method", x.method},
			{":path", u.RequestURI()},
			{":scheme", u.Scheme},
		}
		for _, k := range sortedMapKeys(h) {
			out = append(out, nameValue{k, h[k]})
		}
		return out
	}
	out := []nameValue{
		{"Host", u.Host},
		{"User-Agent", firefoxUA},
		{"Accept", acceptFor(b, x.kind)},
		{"Accept-Language", "en-US,en;q=0.5"},
		{"Accept-Encoding", "gzip, deflate, br, zstd"},
	}
	if body != "" {
		out = append(out,
			nameValue{"Content-Type", contentType},
			nameValue{"Content-Length", fmt.Sprint(len(body))},
			nameValue{"Origin", origin})
	}
	out = append(out, nameValue{"Connection", "keep-alive"})
	if x.referer != "" {
		out = append(out, nameValue{"Referer", x.referer})
	}
	if cookieHeader != "" {
		out = append(out, nameValue{"Cookie", cookieHeader})
	}
	if x.kind == "document" {
		out = append(out, nameValue{"Upgrade-Insecure-Requests", "1"})
	}
	out = append(out,
		nameValue{"Sec-Fetch-Dest", dest},
		nameValue{"Sec-Fetch-Mode", mode},
		nameValue{"Sec-Fetch-Site", fetchSite(u, x.referer)})
	if x.kind == "document" {
		out = append(out, nameValue{"Sec-Fetch-User", "?1"}, nameValue{"Priority", "u=0, i"})
	}
	return out
}

// responseHeaders returns the response headers of x (HTTP/2: lower case).
func (b browser) responseHeaders(x exchange) []nameValue {
	aws := strings.Contains(hostOf(x.url), "amazon") || strings.Contains(hostOf(x.url), "aws")
	out := []nameValue{}
	if x.kind == "document" {
		out = append(out, nameValue{"cache-control", "no-cache, no-store, must-revalidate"})
	} else {
		out = append(out, nameValue{"cache-control", "public, max-age=31536000, immutable"})
	}
	if len(x.body) > 0 {
		if strings.HasPrefix(x.mime, "text/") || strings.Contains(x.mime, "javascript") {
			out = append(out, nameValue{"content-encoding", "gzip"})
		}
		out = append(out, nameValue{"content-type", x.mime})
	}
	out = append(out, nameValue{"date", x.start.Add(time.Duration(x.waitUS) * time.Microsecond).UTC().Format(httpDate)})
	if x.location != "" {
		out = append(out, nameValue{"location", x.location})
	}
	if aws {
		out = append(out, nameValue{"server", "Server"})
	} else {
		out = append(out, nameValue{"server", "nginx"})
	}
	for _, c := range x.setCookies {
		out = append(out, nameValue{"set-cookie", c.setCookieHeader()})
	}
	out = append(out,
		nameValue{"strict-transport-security", "max-age=31536000; includeSubDomains"},
		nameValue{"x-content-type-options", "nosniff"})
	if aws {
		out = append(out, nameValue{"x-amzn-requestid", uuidFrom("request/" + x.url + x.start.String())})
	}
	return out
}

// sortedMapKeys returns a map's keys in order.
func sortedMapKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// uuidFrom returns a deterministic UUID-shaped string for seed.
func uuidFrom(seed string) string {
	b := pseudoRandom(seed, 16)
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
