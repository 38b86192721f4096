package saml

import (
	"bytes"
	"compress/flate"
	"errors"
	"net/url"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDecodeForms(t *testing.T) {
	std := b64([]byte(sampleXML))
	require.Contains(t, std, "+", "sample must exercise '+'")
	require.Contains(t, std, "/", "sample must exercise '/'")
	require.True(t, strings.HasSuffix(std, "="), "sample must need padding")
	deflated := b64(deflateRaw(t, []byte(sampleXML), flate.BestCompression))
	urlSafe := strings.TrimRight(strings.NewReplacer("+", "-", "/", "_").Replace(std), "=")

	tests := []struct {
		name    string
		value   string
		steps   []string
		repairs []string
	}{
		{"raw XML", sampleXML, []string{"xml"}, nil},
		{"raw XML with BOM", "\ufeff" + sampleXML, []string{"xml"}, []string{"removed byte order mark"}},
		{"XML declaration after whitespace", "\n  <?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + sampleXML, []string{"xml"}, []string{"removed whitespace before the XML declaration"}},
		{"URL-encoded XML", url.QueryEscape(sampleXML), []string{"url-decode", "xml"}, []string{"'+' read as space in form-encoded XML"}},
		{"percent-encoded XML", url.PathEscape(sampleXML), []string{"url-decode", "xml"}, nil},
		{"base64", std, []string{"base64", "xml"}, nil},
		{"base64 of BOM and XML", b64([]byte("\ufeff" + sampleXML)), []string{"base64", "xml"}, []string{"removed byte order mark"}},
		{"base64 CRLF lines", wrapLines(std, 76, "\r\n") + "\r\n", []string{"base64", "xml"}, []string{"removed line breaks"}},
		{"base64 indented LF lines", "  " + wrapLines(std, 64, "\n  "), []string{"base64", "xml"}, []string{"removed line breaks"}},
		{"base64 space-separated lines", wrapLines(std, 76, " "), []string{"base64", "xml"}, []string{"removed spaces"}},
		{"base64 missing padding", strings.TrimRight(std, "="), []string{"base64", "xml"}, []string{"added padding"}},
		{"base64 URL-safe alphabet", urlSafe, []string{"base64", "xml"}, []string{"URL-safe alphabet", "added padding"}},
		{"'+' turned into space", strings.ReplaceAll(std, "+", " "), []string{"base64", "xml"}, []string{"'+' turned into space restored"}},
		{"'+' turned into space and line breaks", strings.ReplaceAll(wrapLines(std, 76, "\r\n"), "+", " "), []string{"base64", "xml"}, []string{"removed line breaks", "'+' turned into space restored"}},
		{"URL-encoded once", url.QueryEscape(std), []string{"url-decode", "base64", "xml"}, nil},
		{"URL-encoded twice", url.QueryEscape(url.QueryEscape(std)), []string{"url-decode", "base64", "xml"}, []string{"decoded twice"}},
		{"URL-encoded line breaks", url.QueryEscape(wrapLines(std, 76, "\n")), []string{"url-decode", "base64", "xml"}, []string{"removed line breaks"}},
		{"DEFLATE", deflated, []string{"base64", "inflate", "xml"}, nil},
		{"DEFLATE, URL-encoded (Redirect binding)", url.QueryEscape(deflated), []string{"url-decode", "base64", "inflate", "xml"}, nil},
		{"DEFLATE, URL-encoded twice", url.QueryEscape(url.QueryEscape(deflated)), []string{"url-decode", "base64", "inflate", "xml"}, []string{"decoded twice"}},
		{"zlib", b64(zlibCompress(t, []byte(sampleXML))), []string{"base64", "inflate", "xml"}, []string{"zlib wrapper"}},
		{"gzip", b64(gzipCompress(t, []byte(sampleXML))), []string{"base64", "inflate", "xml"}, []string{"gzip wrapper"}},
		{"surrounding whitespace", "\n\t " + std + " \n", []string{"base64", "xml"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Decode(Encoded{Value: tt.value}, nil)
			require.NoError(t, err)
			assert.Equal(t, KindResponse, m.Kind)
			assert.Equal(t, "_r1", m.ID())
			assert.Equal(t, "https://idp.example.com/", m.Issuer())
			assert.Equal(t, tt.steps, stepNames(m.Steps))
			repairs := allRepairs(m.Steps)
			for _, r := range tt.repairs {
				assert.Contains(t, repairs, r)
			}
			if tt.repairs == nil {
				assert.Empty(t, repairs)
			}
			assert.True(t, bytes.HasPrefix(m.XML, []byte("<")), "XML starts at the first tag")
		})
	}
}

func TestDecodeFailures(t *testing.T) {
	tests := []struct {
		name  string
		value string
		opts  *DecodeOptions
		step  string
		is    error
		text  string
	}{
		{"empty", "", nil, StepInput, ErrEmpty, "empty value"},
		{"blank", " \r\n ", nil, StepInput, ErrEmpty, "empty value"},
		{"too large", strings.Repeat("A", 101), &DecodeOptions{MaxValue: 100}, StepInput, ErrValueTooLarge, "value too large: 101 bytes; the limit is 100 bytes (MaxValue), raise it with --max-value"},
		{"bad percent escape", "PHN%zzhbW%41", nil, StepURLDecode, nil, `invalid URL escape "%zz"`},
		{"encoded four times", url.QueryEscape(url.QueryEscape(url.QueryEscape(url.QueryEscape("a+b")))), nil, StepURLDecode, nil, "still URL-encoded after 3 rounds"},
		{"illegal base64", "PHNhbWxw!xyz", nil, StepBase64, nil, "illegal base64 data at input byte 8"},
		{"base64 bad length", "QUJDR", nil, StepBase64, nil, "invalid length"},
		{"base64 cut in the first tag", "PHNhb", nil, StepBase64, ErrTruncated, "the Base64 value ends after 5 characters inside the first tag: the capture cut it"},
		{"neither XML nor DEFLATE", "REDACTED", nil, StepInflate, nil, "neither XML nor DEFLATE"},
		{"inflates to non-XML", b64(deflateRaw(t, []byte("hello world"), flate.BestCompression)), nil, StepXML, ErrNotXML, `starts with "hello world"`},
		{"mismatched tags", "<a><b></a>", nil, StepXML, nil, "element <b> closed by </a>"},
		{"unclosed", "<a><b></b>", nil, StepXML, ErrTruncated, "the XML value ends after 10 characters inside the a (in <a>): the capture cut it"},
		{"syntax error", "<a x=1/>", nil, StepXML, nil, "line 1"},
		{"undefined entity", "<a>&lol;</a>", nil, StepXML, nil, "entity"},
		{"unbound element prefix", `<samlp:Response ID="x"/>`, nil, StepXML, ErrUnboundPrefix, `"samlp" on element <samlp:Response>`},
		{"unbound attribute prefix", `<a xsi:type="xs:string"/>`, nil, StepXML, ErrUnboundPrefix, `"xsi" on attribute xsi:type of <a>`},
		{"prefix out of scope", `<r><a xmlns:p="urn:p"/><p:b/></r>`, nil, StepXML, ErrUnboundPrefix, "<p:b>"},
		{"duplicate attribute", `<a ID="1" ID="2"/>`, nil, StepXML, nil, "duplicate attribute ID on <a>"},
		{"unsupported encoding", `<?xml version="1.0" encoding="UTF-16"?><a/>`, nil, StepXML, nil, `unsupported encoding "UTF-16"`},
		{"no root element", "<!-- only a comment -->", nil, StepXML, ErrNotXML, "no root element"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Decode(Encoded{Value: tt.value}, tt.opts)
			require.Error(t, err)
			assert.Nil(t, m)
			var de *DecodeError
			require.ErrorAs(t, err, &de)
			assert.Equal(t, tt.step, de.Step)
			if tt.is != nil {
				assert.ErrorIs(t, err, tt.is)
			}
			assert.Contains(t, err.Error(), tt.text)
			assert.True(t, strings.HasPrefix(err.Error(), "saml: "+tt.step+": "), err.Error())
		})
	}
}

func TestDecodeErrorMessage(t *testing.T) {
	tests := []struct {
		name string
		enc  Encoded
		want string
	}{
		{
			"HAR entry",
			Encoded{Param: "SAMLResponse", Value: "PHNhbWxw!xyz", Source: Source{File: "t.har", Entry: 3, Where: InForm}},
			"saml: t.har: entry 4: SAMLResponse: base64: illegal base64 data at input byte 8",
		},
		{
			"HAR entry 0, param from Source",
			Encoded{Value: "PHNhbWxw!xyz", Source: Source{File: "t.har", Entry: 0, Where: InQuery, Param: "SAMLRequest"}},
			"saml: t.har: entry 1: SAMLRequest: base64: illegal base64 data at input byte 8",
		},
		{
			"file",
			Encoded{Value: "PHNhbWxw!xyz", Source: Source{File: "resp.b64", Entry: -1, Where: InFile}},
			"saml: resp.b64: base64: illegal base64 data at input byte 8",
		},
		{
			"nothing known",
			Encoded{Value: "PHNhbWxw!xyz"},
			"saml: base64: illegal base64 data at input byte 8",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode(tt.enc, nil)
			require.Error(t, err)
			assert.EqualError(t, err, tt.want)
			var de *DecodeError
			require.ErrorAs(t, err, &de)
			assert.NotNil(t, errors.Unwrap(de))
		})
	}
	assert.Equal(t, "saml: decoding failed", (&DecodeError{}).Error())
}

func TestDecodeKeepsEncoded(t *testing.T) {
	e := Encoded{Binding: BindingPOST, Param: "SAMLResponse", Value: b64([]byte(sampleXML)), RelayState: "rs",
		Source: Source{File: "x.har", Entry: 2, Where: InForm}}
	m, err := Decode(e, nil)
	require.NoError(t, err)
	assert.Equal(t, e, m.Encoded)
	assert.Equal(t, sampleXML, string(m.XML))
	require.NotNil(t, m.Doc)
	assert.Equal(t, "Response", m.Doc.Root().Tag)
}

func TestDecodeDeflateBombSmallCap(t *testing.T) {
	bomb := deflateRaw(t, bytes.Repeat([]byte{'<'}, 1<<20), flate.BestCompression)
	require.Less(t, len(bomb), 2048, "about 1 KB of input")
	start := time.Now()
	_, err := Decode(Encoded{Value: b64(bomb)}, &DecodeOptions{MaxInflated: 100_000})
	var de *DecodeError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, StepInflate, de.Step)
	assert.ErrorIs(t, err, ErrInflateLimit)
	assert.Contains(t, err.Error(), "; the limit is 100000 bytes (MaxInflated), raise it with --max-inflated")
	assert.Less(t, time.Since(start), 30*time.Second)

	// The zlib and gzip fallbacks are capped too.
	for name, data := range map[string][]byte{
		"zlib": zlibCompress(t, bytes.Repeat([]byte{'<'}, 1<<20)),
		"gzip": gzipCompress(t, bytes.Repeat([]byte{'<'}, 1<<20)),
	} {
		_, err = Decode(Encoded{Value: b64(data)}, &DecodeOptions{MaxInflated: 100_000})
		assert.ErrorIs(t, err, ErrInflateLimit, name)
	}
}

func TestDecodeDeflateBombBoundedAllocation(t *testing.T) {
	const inflated = 16 << 20
	bomb := b64(deflateRaw(t, make([]byte, inflated), flate.BestSpeed))
	require.Less(t, len(bomb), 200_000)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := Decode(Encoded{Value: bomb}, nil)
	runtime.ReadMemStats(&after)
	var de *DecodeError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, StepInflate, de.Step)
	assert.ErrorIs(t, err, ErrInflateLimit)
	allocated := after.TotalAlloc - before.TotalAlloc
	assert.LessOrEqual(t, allocated, uint64(2*DefaultMaxInflated), "inflation must stop at the cap, not allocate the %d bytes of the bomb", inflated)
}

func TestDecodeInflateWithinCustomCap(t *testing.T) {
	value := b64(deflateRaw(t, []byte(sampleXML), flate.BestCompression))
	_, err := Decode(Encoded{Value: value}, &DecodeOptions{MaxInflated: int64(len(sampleXML))})
	require.NoError(t, err, "exactly at the cap is allowed")
	_, err = Decode(Encoded{Value: value}, &DecodeOptions{MaxInflated: int64(len(sampleXML) - 1)})
	assert.ErrorIs(t, err, ErrInflateLimit)
}

func TestDecodeRefusesDTD(t *testing.T) {
	tests := map[string]string{
		"internal entity": `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "y">]><r>&x;</r>`,
		"billion laughs": `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
]>
<lolz>&lol2;</lolz>`,
		"external entity": `<!DOCTYPE r [<!ENTITY % file SYSTEM "file:///etc/passwd"> %file;]><r/>`,
		"external DTD":    `<!DOCTYPE r SYSTEM "http://127.0.0.1/evil.dtd"><r/>`,
		"html doctype":    `<!DOCTYPE html><r/>`,
		"base64 DTD":      b64([]byte(`<!DOCTYPE r [<!ENTITY x "y">]><r>&x;</r>`)),
	}
	for name, value := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := Decode(Encoded{Value: value}, nil)
			var de *DecodeError
			require.ErrorAs(t, err, &de)
			assert.Equal(t, StepXML, de.Step)
			assert.ErrorIs(t, err, ErrDTD)
			assert.Contains(t, err.Error(), "DOCTYPE")
		})
	}
}

func TestDecodeRejectsJunkAroundRoot(t *testing.T) {
	tests := map[string]struct{ xml, text string }{
		"element before root": {`<NameID>evil@evil.com</NameID><samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"/>`,
			"another top-level element <samlp:Response> after the root element <NameID>"},
		"second root":      {`<a/><b/>`, "another top-level element <b> after the root element <a>"},
		"text after root":  {"<a/>junk", `text "junk" outside the root element`},
		"text before root": {"<!-- c -->x<a/>", `text "x" outside the root element`},
		"long junk":        {"<a/>" + strings.Repeat("é", 100), `text "` + strings.Repeat("é", 20) + `…"`},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := Decode(Encoded{Value: tt.xml}, nil)
			var de *DecodeError
			require.ErrorAs(t, err, &de)
			assert.Equal(t, StepXML, de.Step)
			assert.ErrorIs(t, err, ErrJunkAfterRoot)
			assert.Contains(t, err.Error(), tt.text)
			assert.Contains(t, err.Error(), "line ")
		})
	}
	// Comments, processing instructions and whitespace around the root are fine.
	m := mustDecode(t, "<!-- c --><?pi x?>\n<a/>\n<!-- d -->\n")
	assert.Equal(t, KindOther, m.Kind)
}

func TestDecodeDepthLimit(t *testing.T) {
	nested := func(n int) string {
		return strings.Repeat("<a>", n) + strings.Repeat("</a>", n)
	}
	_, err := Decode(Encoded{Value: nested(DefaultMaxDepth)}, nil)
	require.NoError(t, err, "exactly the limit is fine")

	_, err = Decode(Encoded{Value: nested(DefaultMaxDepth + 1)}, nil)
	var de *DecodeError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, StepXML, de.Step)
	assert.ErrorIs(t, err, ErrTooDeep)
	assert.Contains(t, err.Error(), "<a> at level 257 (line 1, column 772); the limit is 256 levels (MaxDepth), raise it with --max-depth")

	_, err = Decode(Encoded{Value: nested(100_000)}, nil)
	assert.ErrorIs(t, err, ErrTooDeep, "deep documents fail fast")

	_, err = Decode(Encoded{Value: nested(11)}, &DecodeOptions{MaxDepth: 10})
	assert.ErrorIs(t, err, ErrTooDeep)
}

func TestDecodeURLEncodedXMLPlus(t *testing.T) {
	m, err := Decode(Encoded{Value: url.PathEscape(`<a x="1">a+b c</a>`)}, nil)
	require.NoError(t, err)
	assert.Equal(t, "a+b c", m.Doc.Root().Text(), "with %20 for spaces, '+' is a plus")
	m, err = Decode(Encoded{Value: url.QueryEscape(`<a x="1">a+b c</a>`)}, nil)
	require.NoError(t, err)
	assert.Equal(t, "a+b c", m.Doc.Root().Text(), "QueryEscape encodes '+' as %2B")
	m, err = Decode(Encoded{Value: "%3Ca+x=%221%22%3Eb+c%3C/a%3E"}, nil)
	require.NoError(t, err)
	assert.Equal(t, "b c", m.Doc.Root().Text(), "form encoding: '+' is a space")
}

func TestDecodeLatin1(t *testing.T) {
	m := mustDecode(t, "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>caf\xe9</a>")
	assert.Equal(t, "café", m.Doc.Root().Text())
}

func TestDefaultDecodeOptions(t *testing.T) {
	d := DefaultDecodeOptions()
	assert.Equal(t, int64(5<<20), d.MaxInflated)
	assert.Equal(t, 20<<20, d.MaxValue)
	assert.Equal(t, 256, d.MaxDepth)
	assert.Equal(t, *d, (&DecodeOptions{}).withDefaults(), "zero fields mean defaults")
	assert.Equal(t, *d, (*DecodeOptions)(nil).withDefaults())
	assert.Equal(t, 100_000, d.MaxElements)
	custom := DecodeOptions{MaxInflated: 1, MaxValue: 2, MaxDepth: 3, MaxElements: 4}
	assert.Equal(t, custom, custom.withDefaults())
	d.MaxDepth = 1
	assert.Equal(t, 256, DefaultDecodeOptions().MaxDepth, "each call returns a fresh value")
}

func TestBase64Candidates(t *testing.T) {
	assert.Equal(t, []candidate{{text: "abcd"}}, base64Candidates("abcd"))
	// A '+' in the value: spaces are not form-decoded '+'.
	c := base64Candidates("ab+c d\nef")
	require.Len(t, c, 2)
	assert.Equal(t, "ab+cdef", c[0].text)
	// No '+' and irregular spaces: '+' first.
	c = base64Candidates("abc defgh")
	require.Len(t, c, 2)
	assert.Equal(t, "abc+defgh", c[0].text)
	assert.Equal(t, "abcdefgh", c[1].text)
	// Regular line width: line breaks first.
	c = base64Candidates("abcd efgh ijkl mn")
	require.Len(t, c, 2)
	assert.Equal(t, "abcdefghijklmn", c[0].text)
}

func TestTrimValue(t *testing.T) {
	tests := map[string]string{
		"\ufeff abc+ \n":   "abc+",
		" \n abc \n ":      "abc",
		"abc ":             "abc ",
		"  abc":            "  abc",
		"\n  abc  ":        "abc  ",
		"\t\r\n":           "",
		"   ":              "   ",
		"PHN\r\nhb W+w \n": "PHN\r\nhb W+w",
	}
	for in, want := range tests {
		assert.Equal(t, want, trimValue(in), "%q", in)
	}
}

func TestDecodeTrailingPlusAsSpace(t *testing.T) {
	value := b64([]byte("<a>??</a>")) // "PGE+Pz88L2E+"
	require.True(t, strings.HasSuffix(value, "+"), "test value %q must end in '+'", value)
	m, err := Decode(Encoded{Value: strings.ReplaceAll(value, "+", " ")}, nil)
	require.NoError(t, err)
	assert.Equal(t, "??", m.Doc.Root().Text())
	assert.Contains(t, allRepairs(m.Steps), "'+' turned into space restored")
}
