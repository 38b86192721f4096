package colonhex

import "testing"

func TestEncode(t *testing.T) {
	for in, want := range map[string]string{"": "", "\x00": "00", "\x3b\x9a\x0f": "3B:9A:0F"} {
		if got := Encode([]byte(in)); got != want {
			t.Errorf("Encode(%q) = %q, want %q", in, got, want)
		}
	}
}
