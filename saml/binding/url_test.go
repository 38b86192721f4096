package binding

import "testing"

func TestWithoutQuery(t *testing.T) {
	for in, want := range map[string]string{
		"https://idp.example.com/sso?SAMLRequest=abc&RelayState=x": "https://idp.example.com/sso?…",
		"https://app.example.com/cb#id_token=eyJ":                  "https://app.example.com/cb?…",
		"https://sp.example.com/acs":                               "https://sp.example.com/acs",
		"":                                                         "",
	} {
		if got := WithoutQuery(in); got != want {
			t.Errorf("WithoutQuery(%q) = %q, want %q", in, got, want)
		}
	}
}
