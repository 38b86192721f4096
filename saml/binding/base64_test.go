package binding

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDecodeBase64Repairs(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
		r    Base64Repairs
	}{
		{"QUJD", "ABC", Base64Repairs{}},
		{"QUI", "AB", Base64Repairs{AddedPadding: true}},
		{"QUI===", "AB", Base64Repairs{ExtraPadding: true}},
		{"Pz8_", "???", Base64Repairs{URLSafe: true}},
		{"QU\r\nJD", "ABC", Base64Repairs{Whitespace: true}},
	} {
		got, r, err := DecodeBase64Repairs(tc.in)
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.want, string(got), tc.in)
		assert.Equal(t, tc.r, r, tc.in)
	}
	_, _, err := DecodeBase64Repairs("QUJDR")
	assert.ErrorContains(t, err, "one more than a multiple of 4")
	_, err = DecodeBase64("QQ==QQ==")
	assert.Error(t, err, "padding inside the value")
}

// TestBase64Decoder compares the incremental decoder with DecodeBase64 at
// every split of each input.
func TestBase64Decoder(t *testing.T) {
	for _, in := range []string{"", "=", "QQ", "QQ==", "QUI", "QUJD", "QUJDRA", "Q", "QQ=x", "QQ==\n", "QU\r\nJD", "Pz8_-w", "PD94bWw+", "a b\tc\nd", "@@@@", "QQ=="} {
		checkBase64Decoder(t, in)
	}
}

func checkBase64Decoder(t *testing.T, in string) {
	t.Helper()
	want, werr := DecodeBase64(in)
	for split := 0; split <= len(in); split++ {
		var d Base64Decoder
		out, ok := d.Decode(nil, []byte(in[:split]))
		if ok {
			out, ok = d.Decode(out, []byte(in[split:]))
		}
		if ok {
			out, ok = d.Finish(out)
		}
		if (werr == nil) != ok {
			t.Fatalf("%q split at %d: streaming ok=%v, whole err=%v", in, split, ok, werr)
		}
		if ok && string(want) != string(out) {
			t.Fatalf("%q split at %d: streaming %q, whole %q", in, split, out, want)
		}
	}
}

func FuzzBase64Decoder(f *testing.F) {
	for _, s := range []string{"QUJD", "QU\r\nJD", "Pz8_-w==", "QQ=x", "Q"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) { checkBase64Decoder(t, in) })
}

func TestSpacesArePlus(t *testing.T) {
	for in, want := range map[string]bool{
		"PHNh bWw+":               false, // a '+' is there: the spaces are line breaks
		"PHNh bWwg":               true,  // spaces, no '+', no fixed width
		"abcd efgh ijkl mn":       false, // three lines of four, the last shorter
		"abcd efgh ijklm":         true,  // the last line is longer
		"abcd efgh":               true,  // two lines are no wrapping
		"abcd\nefgh\nijkl":        false, // no space at all
		"PHNhbWw6UmVzcG9uc2U+ICA": false,
	} {
		assert.Equal(t, want, SpacesArePlus(in), "%q", in)
	}
}
