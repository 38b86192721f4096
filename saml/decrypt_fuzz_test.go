package saml

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/beevik/etree"
	"github.com/samlcheck/samlcheck/saml/xmlenc"
)

// fixtureKeys reads test keys from testdata/keys.
func fixtureKeys(tb testing.TB, names ...string) []*xmlenc.Key {
	tb.Helper()
	var out []*xmlenc.Key
	for _, n := range names {
		p := filepath.Join("..", "testdata", "keys", n)
		data, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		keys, err := xmlenc.ParseKeys(p, data, nil)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, keys...)
	}
	return out
}

// FuzzDecrypt decrypts mutated encrypted responses: nothing panics, a key
// for which nothing was encrypted never yields an assertion, and an
// assertion is only ever reported as opened by one of the keys given.
func FuzzDecrypt(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "rules", "saml", "decryption", "*", "*.xml"))
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		// One element a line (the Response signature breaks, decryption
		// does not): the fuzzer's instrumented XML reader crawls on
		// documents written on one long line, as the fixtures'
		// EncryptedAssertions are.
		doc := etree.NewDocument()
		if doc.ReadFromBytes(data) == nil {
			doc.Indent(1)
			if b, err := doc.WriteToBytes(); err == nil {
				f.Add(b)
			}
		}
	}
	right := fixtureKeys(f, "sp.key.pem", "sp-old.key.pem")
	wrong := fixtureKeys(f, "other.key.pem")
	f.Fuzz(func(t *testing.T, data []byte) {
		e := Encoded{Binding: BindingNone, Value: string(data), Source: Source{File: "fuzz", Entry: -1, Where: InFile}}
		opts := &DecodeOptions{MaxValue: 1 << 20, MaxElements: 5000}
		m, err := Decode(e, opts)
		if err != nil {
			return
		}
		m.Decrypt(wrong, opts)
		for _, ea := range m.EncryptedAssertions() {
			if ea.Decryption.Decrypted() {
				t.Fatalf("a key nothing was encrypted for opened an EncryptedAssertion")
			}
		}
		m, err = Decode(e, opts)
		if err != nil {
			t.Fatalf("decodes once, not twice: %v", err)
		}
		m.Decrypt(right, opts)
		for _, ea := range m.EncryptedAssertions() {
			if d := ea.Decryption; d.Decrypted() && !slices.Contains(right, d.Key) {
				t.Fatalf("decrypted with a key that was not given")
			}
		}
		results := m.Verify(VerifyOptions{At: time.Date(2026, 11, 1, 10, 0, 30, 0, time.UTC)})
		m.SignedView(results)
	})
}

// BenchmarkDecryptVerify measures what --sp-key adds per message: decode,
// decrypt (RSA-2048 OAEP and AES), verify both signatures (the Response's
// and the decrypted Assertion's) and build the signed view.
func BenchmarkDecryptVerify(b *testing.B) {
	keys := fixtureKeys(b, "sp.key.pem")
	for _, name := range []string{"mgf1p-sha1-aes256-cbc.xml", "oaep11-sha256-mgf1sha256-aes256-gcm.xml", "okta-retrieval-method.xml"} {
		data, err := os.ReadFile(filepath.Join("..", "testdata", "rules", "saml", "decryption", "pass", name))
		if err != nil {
			b.Fatal(err)
		}
		e := Encoded{Binding: BindingNone, Value: string(data), Source: Source{File: name, Entry: -1, Where: InFile}}
		at := time.Date(2026, 11, 1, 10, 0, 30, 0, time.UTC)
		b.Run("decode+decrypt+verify/"+name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				m, err := Decode(e, nil)
				if err != nil {
					b.Fatal(err)
				}
				m.Decrypt(keys, nil)
				if len(m.Assertions()) != 1 {
					b.Fatal("not decrypted")
				}
				m.SignedView(m.Verify(VerifyOptions{At: at}))
			}
		})
		b.Run("decrypt/"+name, func(b *testing.B) {
			m, err := Decode(e, nil)
			if err != nil {
				b.Fatal(err)
			}
			ea := m.EncryptedAssertions()[0].Element
			b.ReportAllocs()
			for b.Loop() {
				if _, err := xmlenc.Decrypt(ea, keys, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("decode+verify-plain/"+name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				m, err := Decode(e, nil)
				if err != nil {
					b.Fatal(err)
				}
				m.SignedView(m.Verify(VerifyOptions{At: at}))
			}
		})
	}
}
