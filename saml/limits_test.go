package saml

import (
	"bytes"
	"compress/flate"
	"errors"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// allocated returns the bytes allocated while f runs.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// wide returns a document whose root holds n empty children: n+1 elements.
func wide(n int) string {
	return "<r>" + strings.Repeat("<a/>", n) + "</r>"
}

func TestDecodeLimitErrors(t *testing.T) {
	bomb := b64(deflateRaw(t, bytes.Repeat([]byte{'<'}, 1<<20), flate.BestCompression))
	tests := []struct {
		name     string
		value    string
		opts     *DecodeOptions
		step     string
		sentinel error
		limit    string
		value64  int64
		unit     string
		flag     string
		found    string
	}{
		{"value", strings.Repeat("A", 101), &DecodeOptions{MaxValue: 100}, StepInput, ErrValueTooLarge, LimitValue, 100, "bytes", "--max-value", "value too large: 101 bytes"},
		{"inflated", bomb, &DecodeOptions{MaxInflated: 100_000}, StepInflate, ErrInflateLimit, LimitInflated, 100_000, "bytes", "--max-inflated", "inflated size exceeds the limit"},
		{"zlib inflated", b64(zlibCompress(t, bytes.Repeat([]byte{'<'}, 1<<20))), &DecodeOptions{MaxInflated: 1000}, StepInflate, ErrInflateLimit, LimitInflated, 1000, "bytes", "--max-inflated", "inflated size exceeds the limit"},
		{"gzip inflated", b64(gzipCompress(t, bytes.Repeat([]byte{'<'}, 1<<20))), &DecodeOptions{MaxInflated: 1000}, StepInflate, ErrInflateLimit, LimitInflated, 1000, "bytes", "--max-inflated", "inflated size exceeds the limit"},
		{"depth", strings.Repeat("<a>", 11) + strings.Repeat("</a>", 11), &DecodeOptions{MaxDepth: 10}, StepXML, ErrTooDeep, LimitDepth, 10, "levels", "--max-depth", "elements nested too deeply: <a> at level 11 (line 1, column 34)"},
		{"elements", wide(10), &DecodeOptions{MaxElements: 10}, StepXML, ErrTooManyElements, LimitElements, 10, "elements", "--max-elements", "too many elements: <a> is element 11 (line 1, column 44)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Decode(Encoded{Param: "SAMLResponse", Value: tt.value}, tt.opts)
			assert.Nil(t, m)
			var de *DecodeError
			require.ErrorAs(t, err, &de)
			assert.Equal(t, tt.step, de.Step)
			var le *LimitError
			require.ErrorAs(t, err, &le)
			assert.Equal(t, LimitError{Name: tt.limit, Limit: tt.value64, Unit: tt.unit, Flag: tt.flag, Err: le.Err}, *le)
			assert.ErrorIs(t, err, tt.sentinel)
			want := "saml: SAMLResponse: " + tt.step + ": " + tt.found
			assert.True(t, strings.HasPrefix(err.Error(), want), "%q does not start with %q", err, want)
			assert.True(t, strings.HasSuffix(err.Error(), "; the limit is "+strconv.FormatInt(tt.value64, 10)+" "+tt.unit+" ("+tt.limit+"), raise it with "+tt.flag), err.Error())
		})
	}
}

func TestDecodeAtTheLimits(t *testing.T) {
	_, err := Decode(Encoded{Value: wide(9)}, &DecodeOptions{MaxElements: 10})
	require.NoError(t, err)
	_, err = Decode(Encoded{Value: strings.Repeat("A", 100)}, &DecodeOptions{MaxValue: 100})
	assert.NotErrorIs(t, err, ErrValueTooLarge, "exactly MaxValue bytes")
	var le *LimitError
	assert.False(t, errors.As(err, &le))
}

// A 1 KB deflate bomb (1 MiB of output) allocates no more than twice the
// cap, for raw DEFLATE and the zlib and gzip framings (a bomb beyond the
// default cap: TestDecodeDeflateBombBoundedAllocation).
func TestDecodeDeflateBombAllocation(t *testing.T) {
	const limit = 100_000
	raw := deflateRaw(t, bytes.Repeat([]byte{'<'}, 1<<20), flate.BestCompression)
	require.Less(t, len(raw), 1100, "about 1 KB")
	for name, data := range map[string][]byte{
		"deflate": raw,
		"zlib":    zlibCompress(t, bytes.Repeat([]byte{'<'}, 1<<20)),
		"gzip":    gzipCompress(t, bytes.Repeat([]byte{'<'}, 1<<20)),
	} {
		value := b64(data)
		var err error
		n := allocated(func() { _, err = Decode(Encoded{Value: value}, &DecodeOptions{MaxInflated: limit}) })
		require.ErrorIs(t, err, ErrInflateLimit, name)
		t.Logf("%s: %d bytes allocated for a cap of %d", name, n, limit)
		assert.LessOrEqual(t, n, uint64(2*limit), "%s: %d bytes allocated for a cap of %d", name, n, limit)
	}
}

// A value over MaxValue is refused before any decoding: refusing it
// allocates next to nothing, however large it is.
func TestDecodeValueTooLargeBeforeDecoding(t *testing.T) {
	value := strings.Repeat("PHNhbWxwOlJlc3BvbnNl", DefaultMaxValue/20+1)
	require.Greater(t, len(value), DefaultMaxValue)
	var err error
	n := allocated(func() { _, err = Decode(Encoded{Value: value}, nil) })
	require.ErrorIs(t, err, ErrValueTooLarge)
	assert.Less(t, n, uint64(4096), "refusing a %d-byte value allocated %d bytes", len(value), n)
}

// A wide document (many siblings, not deep) is refused by the element
// count before the tree is built, also when it arrives deflated.
func TestDecodeWideBombDeflated(t *testing.T) {
	doc := []byte(wide(1_000_000)) // 4 MB, within the inflation cap
	require.Less(t, int64(len(doc)), DefaultMaxInflated)
	value := b64(deflateRaw(t, doc, flate.BestCompression))
	require.Less(t, len(value), 16<<10)
	var err error
	n := allocated(func() { _, err = Decode(Encoded{Value: value}, nil) })
	var le *LimitError
	require.ErrorAs(t, err, &le)
	assert.Equal(t, LimitError{Name: LimitElements, Limit: DefaultMaxElements, Unit: "elements", Flag: "--max-elements", Err: le.Err}, *le)
	assert.Contains(t, err.Error(), "too many elements: <a> is element 100001 (line 1, column ")
	// The inflated bytes, and the scan up to element 100,001, not a tree of
	// a million elements (etree takes several hundred bytes an element).
	t.Logf("wide bomb: %d bytes allocated", n)
	assert.Less(t, n, uint64(len(doc))+uint64(DefaultMaxElements)*200, "%d bytes allocated", n)
}

// DTDs are refused before anything is expanded, however the document
// arrives: billion laughs, external entities (general and parameter), in
// Base64 or deflated, in metadata too.
func TestDecodeNeverExpandsEntities(t *testing.T) {
	laughs := `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">` +
		`<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">` +
		`<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">` +
		`<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>` +
		`<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="&lol3;">&lol3;</samlp:Response>`
	xxe := `<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">&x;</samlp:Response>`
	for name, value := range map[string]string{
		"billion laughs":           laughs,
		"billion laughs base64":    b64([]byte(laughs)),
		"billion laughs deflated":  b64(deflateRaw(t, []byte(laughs), flate.BestCompression)),
		"external general entity":  xxe,
		"external entity deflated": b64(deflateRaw(t, []byte(xxe), flate.BestCompression)),
		"external parameter":       `<!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1/x.dtd"> %p;]><r/>`,
		"doctype after comment":    `<!-- x --><!DOCTYPE r [<!ENTITY x "y">]><r>&x;</r>`,
	} {
		t.Run(name, func(t *testing.T) {
			var err error
			n := allocated(func() { _, err = Decode(Encoded{Value: value}, nil) })
			var de *DecodeError
			require.ErrorAs(t, err, &de)
			assert.Equal(t, StepXML, de.Step)
			assert.ErrorIs(t, err, ErrDTD)
			assert.NotContains(t, err.Error(), "lollol")
			assert.NotContains(t, err.Error(), "root:")
			assert.Less(t, n, uint64(1<<20), "nothing is expanded")
		})
	}
	_, err := ParseMetadata("md.xml", []byte(laughs))
	assert.ErrorIs(t, err, ErrDTD)
}

// Metadata has ten times the elements of a message, and its limit errors
// name no flag (the message limits' flags do not apply to it).
func TestParseMetadataLimits(t *testing.T) {
	deep := `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x">` +
		strings.Repeat("<a>", DefaultMaxDepth) + strings.Repeat("</a>", DefaultMaxDepth) + `</md:EntityDescriptor>`
	_, err := ParseMetadata("md.xml", []byte(deep))
	var le *LimitError
	require.ErrorAs(t, err, &le)
	assert.Equal(t, LimitDepth, le.Name)
	assert.Empty(t, le.Flag)
	assert.NotContains(t, err.Error(), "raise it")
	assert.True(t, strings.HasPrefix(err.Error(), "saml: metadata md.xml: elements nested too deeply: "), err.Error())
	assert.Equal(t, 10*DefaultMaxElements, metadataOptions().MaxElements)
	wideMD := `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x">` +
		strings.Repeat("<a/>", DefaultMaxElements) + `</md:EntityDescriptor>`
	md, err := ParseMetadata("md.xml", []byte(wideMD))
	require.NoError(t, err, "more elements than a message may have")
	assert.Equal(t, "x", md.EntityID)
}
