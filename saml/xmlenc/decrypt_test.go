package xmlenc

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/beevik/etree"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fixtureEncryptedAssertion returns the EncryptedAssertion of a
// saml/decryption fixture.
func fixtureEncryptedAssertion(t testing.TB, rel string) *etree.Element {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("../../testdata/rules/saml/decryption", rel))
	require.NoError(t, err)
	doc := etree.NewDocument()
	require.NoError(t, doc.ReadFromBytes(data))
	var ea *etree.Element
	walk(doc.Root(), func(e *etree.Element) {
		if e.Tag == "EncryptedAssertion" && ea == nil {
			ea = e
		}
	})
	require.NotNil(t, ea)
	return ea
}

func readKeys(t testing.TB, names ...string) []*Key {
	t.Helper()
	var out []*Key
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join(testKeys, n))
		require.NoError(t, err)
		k, err := ParseKeys(n, data, nil)
		require.NoError(t, err)
		out = append(out, k...)
	}
	return out
}

// TestDecryptTriesEveryKey: with both keys of a rotation given, in either
// order, the one the EncryptedKey names opens it.
func TestDecryptTriesEveryKey(t *testing.T) {
	ea := fixtureEncryptedAssertion(t, "fail/encrypted-for-old-certificate.xml")
	keys := readKeys(t, "sp.key.pem", "sp-old.key.pem")
	for _, order := range [][]*Key{keys, {keys[1], keys[0]}} {
		res, err := Decrypt(ea, order, nil)
		require.NoError(t, err)
		assert.Same(t, keys[1], res.Key)
		assert.Same(t, keys[1], res.Recipient.Match)
		assert.Contains(t, string(res.Plaintext), "alice@example.com")
	}
	// Two EncryptedKeys (old and current key): either key opens it.
	ea = fixtureEncryptedAssertion(t, "pass/rotation-two-encrypted-keys.xml")
	for _, k := range keys {
		res, err := Decrypt(ea, []*Key{k}, nil)
		require.NoError(t, err, k.File)
		assert.Same(t, k, res.Key)
	}
}

// TestDecryptNoKey reports the recipients even without a key.
func TestDecryptNoKey(t *testing.T) {
	ea := fixtureEncryptedAssertion(t, "fail/encrypted-for-old-certificate.xml")
	_, err := Decrypt(ea, nil, nil)
	var e *Error
	require.True(t, errors.As(err, &e))
	assert.Equal(t, CauseNoKey, e.Cause)
	require.Len(t, e.Recipients, 1)
	assert.Contains(t, e.Recipients[0].String(), "(previous)")
}

// TestDecryptHugeCipherValue: a CipherValue over the limit is refused
// before it is decoded, allocating next to nothing.
func TestDecryptHugeCipherValue(t *testing.T) {
	ea := fixtureEncryptedAssertion(t, "pass/mgf1p-sha1-aes256-cbc.xml")
	keys := readKeys(t, "sp.key.pem")
	var cv *etree.Element
	walk(ea, func(e *etree.Element) {
		if e.Tag == "CipherValue" && e.Parent().Parent().Tag == "EncryptedData" {
			cv = e
		}
	})
	require.NotNil(t, cv)
	cv.SetText(strings.Repeat("QUFB", (DefaultMaxCipherText/4)+1))
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := Decrypt(ea, keys, nil)
	runtime.ReadMemStats(&after)
	var e *Error
	require.True(t, errors.As(err, &e))
	assert.Equal(t, CauseMalformed, e.Cause)
	assert.Contains(t, err.Error(), "over the limit")
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(256<<10), "allocated while refusing")

	// An EncryptedKey CipherValue longer than the key's modulus never
	// reaches RSA.
	ea = fixtureEncryptedAssertion(t, "pass/mgf1p-sha1-aes256-cbc.xml")
	walk(ea, func(e *etree.Element) {
		if e.Tag == "CipherValue" && e.Parent().Parent().Tag == "EncryptedKey" {
			e.SetText(strings.Repeat("QUFB", 1000))
		}
	})
	_, err = Decrypt(ea, keys, nil)
	require.ErrorAs(t, err, &e)
	assert.ErrorIs(t, err, ErrKeyTransport)
	assert.Contains(t, err.Error(), "3000 bytes")
}

// TestDecryptMalformed names what is missing or unsupported.
func TestDecryptMalformed(t *testing.T) {
	keys := readKeys(t, "sp.key.pem")
	cases := []struct {
		name  string
		edit  func(ea *etree.Element)
		cause Cause
		want  string
	}{
		{"no EncryptedData", func(ea *etree.Element) { ea.RemoveChildAt(0) }, CauseMalformed, "holds no xenc:EncryptedData"},
		{"CipherReference", func(ea *etree.Element) {
			walk(ea, func(e *etree.Element) {
				if e.Tag == "CipherValue" && e.Parent().Parent().Tag == "EncryptedData" {
					e.Tag = "CipherReference"
				}
			})
		}, CauseMalformed, "CipherReference"},
		{"unknown digest", func(ea *etree.Element) {
			walk(ea, func(e *etree.Element) {
				if e.Tag == "DigestMethod" {
					e.CreateAttr("Algorithm", "http://www.w3.org/2001/04/xmlenc#ripemd160")
				}
			})
		}, CauseUnsupported, "ripemd160"},
		{"no algorithm", func(ea *etree.Element) {
			walk(ea, func(e *etree.Element) {
				if e.Tag == "EncryptionMethod" && e.Parent().Tag == "EncryptedData" {
					e.RemoveAttr("Algorithm")
				}
			})
		}, CauseMalformed, "no EncryptionMethod Algorithm"},
		{"bad Base64", func(ea *etree.Element) {
			walk(ea, func(e *etree.Element) {
				if e.Tag == "CipherValue" && e.Parent().Parent().Tag == "EncryptedData" {
					e.SetText("!!!")
				}
			})
		}, CauseMalformed, "not Base64"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ea := fixtureEncryptedAssertion(t, "pass/mgf1p-sha1-aes256-cbc.xml")
			tc.edit(ea)
			_, err := Decrypt(ea, keys, nil)
			var e *Error
			require.True(t, errors.As(err, &e), "%v", err)
			assert.Equal(t, tc.cause, e.Cause, "%v", err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

// TestOAEPLabel: xmlenc11 OAEPparams is the OAEP label; a wrong one fails.
func TestOAEPLabel(t *testing.T) {
	ea := fixtureEncryptedAssertion(t, "pass/oaep11-sha256-mgf1sha256-aes256-gcm.xml")
	keys := readKeys(t, "sp.key.pem")
	walk(ea, func(e *etree.Element) {
		if e.Tag == "EncryptionMethod" && e.Parent().Tag == "EncryptedKey" {
			e.CreateElement("xenc:OAEPparams").SetText("bGFiZWw=")
		}
	})
	_, err := Decrypt(ea, keys, nil)
	var e *Error
	require.True(t, errors.As(err, &e))
	assert.Equal(t, CauseCorrupt, e.Cause, "the recipient matches, the label does not: %v", err)
}
