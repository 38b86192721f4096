package har

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"strings"

	martian "github.com/google/martian/v3/har"

	"github.com/samlcheck/samlcheck/saml/binding"
)

// This file reads one entry on the fast path: the members that can carry
// SAML are decoded with the semantics of the strict JSON types (lenient
// scalars, null resets, the last of duplicate members wins, objects of
// duplicate members merge, arrays start over), everything else is skipped.

// entryScan is what the fast path read of one entry besides the Entry.
type entryScan struct {
	post bodyScan // request.postData.text
	body bodyScan // response.content.text
	// What content.mimeType and content.encoding were when content.text
	// was read (they may come before or after it).
	textMime, textEnc string
	mimeSeen, encSeen bool
	// odd reports something the fast path does not model (a key that
	// only Unicode case folding matches, a media type or encoding that
	// changed after the text was read): the entry is decoded strictly.
	odd bool
	// mismatch is the first field of the wrong JSON kind.
	mismatch *json.UnmarshalTypeError
	// path is the dotted field path being read, for mismatch.
	path []string
}

// The JSON types a field of the wrong kind is reported against, as
// encoding/json reports it.
var (
	typeEntry    = reflect.TypeFor[jsonEntry]()
	typeRequest  = reflect.TypeFor[*jsonRequest]()
	typeResponse = reflect.TypeFor[*jsonResponse]()
	typePostData = reflect.TypeFor[*jsonPostData]()
	typeContent  = reflect.TypeFor[*jsonContent]()
	typeNVs      = reflect.TypeFor[[]jsonNV]()
	typeNV       = reflect.TypeFor[jsonNV]()
	typeParams   = reflect.TypeFor[[]jsonParam]()
	typeParam    = reflect.TypeFor[jsonParam]()
)

// wrongKind records a field of the wrong kind (the first one) and skips
// it.
func (s *scanner) wrongKind(x *entryScan, c byte, field string, t reflect.Type) error {
	if x.mismatch == nil {
		kind := map[byte]string{'"': "string", '{': "object", '[': "array", 't': "bool", 'f': "bool"}[c]
		if kind == "" {
			kind = "number"
		}
		path := x.path
		if field != "" {
			path = append(path, field)
		}
		x.mismatch = &json.UnmarshalTypeError{Value: kind, Type: t, Offset: s.offset(), Field: strings.Join(path, ".")}
	}
	return s.skipValue()
}

// open peeks at a value that must be an object or array (opening, "{" or
// "[") or null. It returns true at the object or array, unconsumed; after
// a null (reset is called, when set) or a value of the wrong kind (which
// is recorded) it returns false, the value consumed.
func (s *scanner) open(x *entryScan, opening byte, field string, t reflect.Type, reset func()) (bool, error) {
	c, err := s.peek()
	if err != nil {
		return false, err
	}
	switch c {
	case opening:
		return true, nil
	case 'n':
		if reset != nil {
			reset()
		}
		_, err = s.scalar()
		return false, err
	}
	return false, s.wrongKind(x, c, field, t)
}

// members reads the object at the scanner, field being its name in the
// entry: member reads the value of a key it knows and reports true; the
// values of other keys are skipped.
func (s *scanner) members(x *entryScan, field string, member func() (bool, error)) error {
	if field != "" {
		x.path = append(x.path, field)
	}
	empty, err := s.start()
	for more := !empty; more && err == nil; more, err = s.next(err, '}', "object key:value pair") {
		if err = s.readKey(); err != nil {
			break
		}
		var known bool
		if known, err = member(); !known && err == nil {
			if s.oddKey() {
				x.odd = true
			}
			err = s.skipValue()
		}
	}
	if field != "" {
		x.path = x.path[:len(x.path)-1]
	}
	return err
}

// elements reads the array at the scanner with element.
func (s *scanner) elements(element func() error) error {
	empty, err := s.start()
	for more := !empty; more && err == nil; more, err = s.next(err, ']', "array element") {
		err = element()
	}
	return err
}

// entry reads one element of log.entries into e and x. The scanner is at
// the element's first byte.
func (s *scanner) entry(e *Entry, x *entryScan) error {
	c, err := s.peek()
	if err != nil {
		return err
	}
	ok, err := s.open(x, '{', "", typeEntry, nil) // null: an empty entry, as encoding/json reads it
	if !ok {
		// encoding/json reads one byte past a string before it ends the
		// value: a read error there is the entry's.
		if err == nil && c == '"' && !s.ensure(1) && s.err != nil {
			return errInputEnd
		}
		return err
	}
	var started string
	var tm float64
	err = s.members(x, "", func() (known bool, err error) {
		switch {
		case s.keyIs("startedDateTime"):
			started, err = s.lenientString()
		case s.keyIs("time"):
			tm, err = s.lenientNumber()
		case s.keyIs("request"):
			err = s.request(e, x)
		case s.keyIs("response"):
			err = s.response(e, x)
		case s.keyIs("_securityState"):
			e.SecurityState, err = s.lenientString()
		default:
			return false, nil
		}
		return true, err
	})
	if err != nil {
		return err
	}
	e.StartedDateTime = started
	e.Started = parseStarted(started)
	if !math.IsInf(tm, 0) {
		e.Time = tm
	}
	return nil
}

// request reads entry.request.
func (s *scanner) request(e *Entry, x *entryScan) error {
	rq := &e.Request
	ok, err := s.open(x, '{', "request", typeRequest, func() {
		*rq = Request{}
		x.post.clear()
	})
	if !ok {
		return err
	}
	return s.members(x, "request", func() (known bool, err error) {
		switch {
		case s.keyIs("method"):
			rq.Method, err = s.lenientString()
		case s.keyIs("url"):
			rq.URL, err = s.lenientString()
		case s.keyIs("headers"):
			// Not used to find SAML: only Authorization is kept (its
			// scheme, for ScanOptions.KeepExchange).
			rq.Headers = nil
			err = s.nvList(x, "headers", func(name, value string) {
				rq.Headers = append(rq.Headers, martian.Header{Name: name, Value: redactHeader(name, value)})
			}, keptRequestHeader)
		case s.keyIs("queryString"):
			rq.QueryString = nil
			err = s.nvList(x, "queryString", func(name, value string) {
				rq.QueryString = append(rq.QueryString, martian.QueryString{Name: name, Value: value})
			}, nil)
		case s.keyIs("postData"):
			err = s.postData(e, x)
		default:
			return false, nil
		}
		return true, err
	})
}

// response reads entry.response.
func (s *scanner) response(e *Entry, x *entryScan) error {
	rs := &e.Response
	ok, err := s.open(x, '{', "response", typeResponse, func() {
		*rs = Response{}
		x.body.clear()
		x.mimeSeen, x.encSeen = false, false
	})
	if !ok {
		return err
	}
	return s.members(x, "response", func() (known bool, err error) {
		switch {
		case s.keyIs("status"):
			var f float64
			f, err = s.lenientNumber()
			rs.Status = lenientNumber(f).int()
		case s.keyIs("headers"):
			// Only the headers Extract and KeepPage read are kept.
			rs.Headers = nil
			err = s.nvList(x, "headers", func(name, value string) {
				rs.Headers = append(rs.Headers, martian.Header{Name: name, Value: redactHeader(name, value)})
			}, keptResponseHeader)
		case s.keyIs("content"):
			err = s.content(e, x)
		case s.keyIs("redirectURL"):
			rs.RedirectURL, err = s.lenientString()
		case s.keyIs("_error"):
			rs.Error, err = s.lenientString()
		default:
			return false, nil
		}
		return true, err
	})
}

// keptRequestHeader reports the request headers the fast path keeps.
func keptRequestHeader(name []byte) bool {
	return bytes.EqualFold(bytes.TrimSpace(name), []byte("authorization"))
}

// keptResponseHeader reports the response headers the fast path keeps.
func keptResponseHeader(name []byte) bool {
	n := bytes.TrimSpace(name)
	return bytes.EqualFold(n, []byte("location")) || bytes.EqualFold(n, []byte("content-type"))
}

// nvList reads an array of name/value objects (headers, queryString),
// calling add for each element whose name keep accepts (nil: all); a nil
// add only checks the shape.
func (s *scanner) nvList(x *entryScan, field string, add func(name, value string), keep func([]byte) bool) error {
	ok, err := s.open(x, '[', field, typeNVs, nil)
	if !ok {
		return err
	}
	return s.elements(func() error {
		ok, err := s.open(x, '{', field, typeNV, func() {
			if add != nil && (keep == nil || keep(nil)) {
				add("", "") // a null element is an empty pair
			}
		})
		switch {
		case !ok:
			return err
		case add == nil:
			return s.skipComposite()
		}
		return s.nv(x, add, keep)
	})
}

// nv reads one name/value object.
func (s *scanner) nv(x *entryScan, add func(name, value string), keep func([]byte) bool) error {
	var name, value string
	haveName, kept := false, true
	err := s.members(x, "", func() (known bool, err error) {
		switch {
		case s.keyIs("name"):
			if haveName {
				x.odd = true // the value may have been skipped for the first name
			}
			var b []byte
			b, err = s.lenientBytes()
			haveName = true
			if kept = keep == nil || keep(b); kept {
				name = string(b)
			}
		case s.keyIs("value"):
			// The value of a header that is not kept is skipped, when
			// its name came first (as exporters write it).
			if haveName && !kept {
				value = ""
				return false, nil
			}
			value, err = s.lenientString()
		default:
			return false, nil
		}
		return true, err
	})
	if !haveName {
		kept = keep == nil || keep(nil)
	}
	if err == nil && kept {
		add(name, value)
	}
	return err
}

// postData reads entry.request.postData.
func (s *scanner) postData(e *Entry, x *entryScan) error {
	ok, err := s.open(x, '{', "postData", typePostData, func() {
		e.Request.PostData = nil
		x.post.clear()
	})
	if !ok {
		return err
	}
	pd := e.Request.PostData
	if pd == nil {
		pd = &PostData{}
		e.Request.PostData = pd
	}
	return s.members(x, "postData", func() (known bool, err error) {
		switch {
		case s.keyIs("mimeType"):
			pd.MimeType, err = s.lenientString()
		case s.keyIs("encoding"):
			pd.Encoding, err = s.lenientString()
		case s.keyIs("text"):
			err = s.text(&x.post, bodyWant{plain: true, win: true, b64: true, max: s.cfg.maxBody, head: s.cfg.pageHead})
		case s.keyIs("params"):
			err = s.params(pd, x)
		default:
			return false, nil
		}
		return true, err
	})
}

// params reads postData.params.
func (s *scanner) params(pd *PostData, x *entryScan) error {
	pd.Params = nil
	ok, err := s.open(x, '[', "params", typeParams, nil)
	if !ok {
		return err
	}
	return s.elements(func() error {
		var w jsonParam
		ok, err := s.open(x, '{', "params", typeParam, func() {
			pd.Params = append(pd.Params, param(w)) // a null element is an empty param
		})
		if !ok {
			return err
		}
		err = s.members(x, "", func() (known bool, err error) {
			var to *lenientString
			switch {
			case s.keyIs("name"):
				to = &w.Name
			case s.keyIs("value"):
				to = &w.Value
			case s.keyIs("fileName"):
				to = &w.FileName
			case s.keyIs("contentType"):
				to = &w.ContentType
			default:
				return false, nil
			}
			v, err := s.lenientString()
			*to = lenientString(v)
			return true, err
		})
		pd.Params = append(pd.Params, param(w))
		return err
	})
}

// param converts a JSON param.
func param(x jsonParam) martian.Param {
	return martian.Param{Name: string(x.Name), Value: string(x.Value), Filename: string(x.FileName), ContentType: string(x.ContentType)}
}

// content reads entry.response.content.
func (s *scanner) content(e *Entry, x *entryScan) error {
	ct := &e.Response.Content
	ok, err := s.open(x, '{', "content", typeContent, func() {
		*ct = Content{}
		x.body.clear()
		x.mimeSeen, x.encSeen = false, false
	})
	if !ok {
		return err
	}
	mimeSeen, encSeen := false, false
	return s.members(x, "content", func() (known bool, err error) {
		switch {
		case s.keyIs("size"):
			var f float64
			f, err = s.lenientNumber()
			ct.Size = lenientNumber(f).int64()
		case s.keyIs("mimeType"):
			ct.MimeType, err = s.lenientString()
			mimeSeen = true
		case s.keyIs("encoding"):
			ct.Encoding, err = s.lenientString()
			encSeen = true
		case s.keyIs("text"):
			x.textMime, x.textEnc = ct.MimeType, ct.Encoding
			x.mimeSeen, x.encSeen = mimeSeen, encSeen
			err = s.text(&x.body, s.contentWant(ct, mimeSeen, encSeen))
		default:
			return false, nil
		}
		return true, err
	})
}

// contentWant decides, when content.text starts, what to keep of it from
// what is known of the media type and encoding so far.
func (s *scanner) contentWant(ct *Content, mimeSeen, encSeen bool) bodyWant {
	if mimeSeen && isBinaryMime(ct.MimeType) {
		return bodyWant{} // never a form, never a page: skipped
	}
	mt := strings.ToLower(ct.MimeType)
	isHTML := strings.Contains(mt, "html")
	form := !mimeSeen || isHTML || !binding.NeverHTML(mt)
	page := s.cfg.pageHead > 0 && (!mimeSeen || pageMime(ct.MimeType))
	if !form && !page {
		return bodyWant{}
	}
	w := bodyWant{plain: true, b64: true, win: form, sniff: form && !isHTML, max: s.cfg.maxBody}
	if encSeen {
		w.b64 = isBase64(ct.Encoding)
		w.plain = !w.b64
	}
	if page {
		w.head = s.cfg.pageHead
		w.valid = w.b64
	}
	return w
}

// isBase64 reports content.encoding or postData.encoding "base64".
func isBase64(enc string) bool { return strings.EqualFold(strings.TrimSpace(enc), "base64") }

// text reads content.text or postData.text into b.
func (s *scanner) text(b *bodyScan, w bodyWant) error {
	c, err := s.peek()
	if err != nil {
		return err
	}
	if c != '"' {
		// Not a string: read as lenientString reads it (short by nature).
		v, err := s.lenientString()
		b.clear()
		b.value = v
		return err
	}
	s.r++
	b.reset(w)
	if !w.plain && !w.b64 {
		// Nothing is wanted: only whether the text is empty matters.
		if !s.ensure(1) {
			return errInputEnd
		}
		if s.buf[s.r] != '"' {
			b.n = 1
		}
		return s.skipString()
	}
	// The runs between escapes of a JSON or script body are a few bytes
	// long: they reach the body's readers in batches.
	st := stagedWriter{k: b, buf: s.stage[:0]}
	err = s.scanString(&st)
	st.flush()
	s.stage = st.buf[:0]
	if err != nil {
		return err
	}
	b.finish()
	return nil
}

// stageMax is the most bytes a stagedWriter holds back.
const stageMax = 4 << 10

// stagedWriter gathers small writes into one buffer before passing them on
// to k. Its busy is k's, which may so see up to stageMax bytes late that
// it is done: a writer ignores what it is given once it is not busy.
type stagedWriter struct {
	k   unescapedWriter
	buf []byte
}

func (t *stagedWriter) write(p []byte) {
	if len(t.buf)+len(p) > stageMax {
		t.flush()
	}
	if len(p) >= stageMax {
		t.k.write(p)
		return
	}
	t.buf = append(t.buf, p...)
}

// flush passes on what is held back.
func (t *stagedWriter) flush() {
	if len(t.buf) > 0 {
		t.k.write(t.buf)
		t.buf = t.buf[:0]
	}
}

func (t *stagedWriter) busy() bool { return t.k.busy() }
