package saml

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/samlcheck/samlcheck/saml/xmlenc"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// corpusKeys reads a corpus key file.
func corpusKeys(t *testing.T, rel string) []*xmlenc.Key {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(corpusDir, rel))
	require.NoError(t, err)
	keys, err := xmlenc.ParseKeys(rel, data, nil)
	require.NoError(t, err)
	return keys
}

// corpusMessage decodes the first message of a corpus file.
func corpusMessage(t *testing.T, rel string) *Message {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(corpusDir, rel))
	require.NoError(t, err)
	encs, err := ParseInput(rel, data)
	require.NoError(t, err)
	require.NotEmpty(t, encs)
	m, err := Decode(encs[0], nil)
	require.NoError(t, err)
	return m
}

// TestCorpusDecryption decrypts every encrypted response of the corpus with
// the key MANIFEST.md names and checks the documented NameID, algorithms
// and the signatures inside (as the MANIFEST's independent check found
// them: "Assertion=OK" or NOSIG).
func TestCorpusDecryption(t *testing.T) {
	corpusSAML(t)
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		require.NoError(t, err)
		return v
	}
	cases := []struct {
		file, key, sigCert string
		at                 time.Time
		nameID             string
		keyAlg, dataAlg    string
		assertionSigned    bool // the decrypted assertion carries a verifying signature
	}{
		{"saml/gosaml2/pingfed/pfed11_response_05.b64", "saml/gosaml2/pingfed/sp.encryption.key", "saml/gosaml2/pingfed/idp.signing.cert", at("2017-09-03T01:22:57Z"), "firstlast@saml.test.nope", "rsa-oaep-mgf1p", "aes256-cbc", true},
		{"saml/gosaml2/onelogin/olgn09_response_05.b64", "saml/gosaml2/onelogin/sp.encryption.key", "saml/gosaml2/onelogin/idp.signing.cert", at("2017-08-30T23:14:41Z"), "user@saml.sp.nope", "rsa-oaep-mgf1p", "aes256-cbc", true},
		{"saml/crewjam/TestSPCanHandleOktaSignedResponseEncryptedAssertion_response", "saml/crewjam/sp_key.pem", "saml/crewjam/TestSPCanHandleOkta_IDPMetadata", at("2020-03-03T19:24:28Z"), "testuser@testrsc.com", "rsa-oaep-mgf1p", "aes256-cbc", false},
		{"saml/crewjam/TestSPCanHandleOktaResponseEncryptedSignedAssertion_response", "saml/crewjam/sp_key.pem", "saml/crewjam/TestSPCanHandleOkta_IDPMetadata", at("2020-03-03T19:31:55Z"), "testuser@testrsc.com", "rsa-oaep-mgf1p", "aes256-cbc", true},
		{"saml/crewjam/SP_SamlResponse", "saml/crewjam/sp_key.pem", "saml/crewjam/SP_IDPMetadata", at("2015-12-01T01:57:09Z"), "_41bd295976dadd70e1480f318e772841", "rsa-oaep-mgf1p", "aes128-cbc", true},
		{"saml/crewjam/TestParseXMLArtifactResponse_response", "saml/crewjam/sp_key.pem", "saml/crewjam/TestGetArtifactBindingLocation_IDPMetadata", at("2021-08-17T10:26:57Z"), "AAdzZWNyZXQxmdGfdGiCl5GfFqdXr4fFg22uNwB1", "rsa-oaep-mgf1p", "aes128-cbc", true},
		{"saml/python3-saml/signed_message_response2.xml.base64", "saml/python3-saml/sp.key", "saml/python3-saml/idp_settings2.pem", at("2014-09-23T12:39:27Z"), "", "rsa-oaep-mgf1p", "aes128-cbc", false},
		{"saml/python3-saml/valid_encrypted_assertion.xml.base64", "saml/python3-saml/sp.key", "", time.Time{}, "_68392312d490db6d355555cfbbd8ec95d746516", "rsa-1_5", "aes128-cbc", false},
		{"saml/ruby-saml/invalids/encrypted_new_attack.xml.base64", "saml/ruby-saml/ruby-saml.key", "", time.Time{}, "_b98f98bb1ab512ced653b58baaff543448daed5", "rsa-1_5", "tripledes-cbc", false},
		{"saml/ruby-saml/unsigned_message_aes128gcm_encrypted_signed_assertion.xml.base64", "saml/ruby-saml/ruby-saml.key", "", time.Time{}, "_ce3d2948b4cf20146dee0a0b3dd6f69b6cf86f6", "rsa-oaep-mgf1p", "aes128-gcm", false},
		{"saml/node-saml/testshib_encrypted_response.xml", "saml/node-saml/testshib_encryption_pvk.pem", "", time.Time{}, "_32990a6fe34e615a7657a8fe2056d885", "rsa-oaep-mgf1p", "aes128-cbc", false},
		{"saml/node-saml/signatures/valid/response.root-signed.assertion-unsigned-encrypted.xml", "saml/node-saml/testshib_encryption_pvk.pem", "saml/node-saml/cert.pem", at("2015-08-31T08:54:06Z"), "vincent.vega@evil-corp.com", "rsa-oaep-mgf1p", "aes128-cbc", false},
	}
	for _, tc := range cases {
		t.Run(filepath.Base(tc.file), func(t *testing.T) {
			m := corpusMessage(t, tc.file)
			keys := corpusKeys(t, tc.key)
			m.Decrypt(keys, nil)
			eas := m.EncryptedAssertions()
			require.Len(t, eas, 1)
			d := eas[0].Decryption
			require.NotNil(t, d)
			require.NoError(t, d.Err)
			require.True(t, d.Decrypted())
			assert.Same(t, keys[0], d.Key)
			assert.Equal(t, tc.keyAlg, xmlenc.AlgorithmName(d.KeyAlgorithm))
			assert.Equal(t, tc.dataAlg, xmlenc.AlgorithmName(d.DataAlgorithm))
			if tc.keyAlg == "rsa-1_5" {
				assert.Contains(t, d.Deprecated, "Bleichenbacher")
			}
			as := m.Assertions()
			require.Len(t, as, 1)
			require.NotNil(t, as[0].Subject)
			if tc.nameID != "" {
				require.NotNil(t, as[0].Subject.NameID)
				// MANIFEST.md cuts NameIDs at 40 characters.
				assert.True(t, strings.HasPrefix(strings.TrimSpace(as[0].Subject.NameID.Value), tc.nameID), "NameID %q, MANIFEST %q", as[0].Subject.NameID.Value, tc.nameID)
			}
			if tc.sigCert == "" {
				return
			}
			results := m.Verify(VerifyOptions{Certs: corpusCerts(t, tc.sigCert), At: tc.at})
			var own *SignatureResult
			for i := range results {
				if results[i].Signature.Parent == as[0].Element {
					own = &results[i]
				}
			}
			if tc.assertionSigned {
				require.NotNil(t, own, "the decrypted assertion's signature was not verified")
				assert.Equal(t, StatusValid, own.Status, "%v", own.Err)
			} else {
				assert.Nil(t, own)
			}
			view := m.SignedView(results)
			require.Len(t, view.Assertions, 1)
			if tc.assertionSigned || view.Response != nil {
				require.NotNil(t, view.Assertions[0].Signed, "the decrypted assertion is covered by a verifying signature")
				if tc.nameID != "" {
					nid, ok := SignedNameID(view.Assertions[0].Signed)
					assert.True(t, ok)
					assert.Equal(t, as[0].Subject.NameID.Value, nid, "the signed view reads the same NameID")
				}
			}
		})
	}
}

// TestCorpusDecryptionFailures checks the responses MANIFEST.md expects not
// to decrypt: OneLogin scenario 16 names the right certificate but its
// EncryptedKey does not open (corrupt), and with the other corpus SP key
// the mismatch names the certificate it was encrypted for.
func TestCorpusDecryptionFailures(t *testing.T) {
	corpusSAML(t)
	const file = "saml/gosaml2/onelogin/olgn09_response_16.b64"
	spCert := corpusCerts(t, "saml/gosaml2/onelogin/sp.encryption.cert")[0]

	m := corpusMessage(t, file)
	m.Decrypt(corpusKeys(t, "saml/gosaml2/onelogin/sp.encryption.key"), nil)
	d := m.EncryptedAssertions()[0].Decryption
	require.False(t, d.Decrypted())
	var xe *xmlenc.Error
	require.True(t, errors.As(d.Err, &xe))
	assert.Equal(t, xmlenc.CauseCorrupt, xe.Cause)
	require.Len(t, xe.Recipients, 1)
	assert.NotNil(t, xe.Recipients[0].Match, "the EncryptedKey names the given key's certificate")
	assert.Empty(t, m.Assertions())

	m = corpusMessage(t, file)
	other := corpusKeys(t, "saml/crewjam/sp_key.pem")
	m.Decrypt(other, nil)
	d = m.EncryptedAssertions()[0].Decryption
	require.True(t, errors.As(d.Err, &xe))
	assert.Equal(t, xmlenc.CauseKeyMismatch, xe.Cause)
	require.Len(t, xe.Recipients, 1)
	r := xe.Recipients[0]
	assert.Nil(t, r.Match)
	require.NotNil(t, r.Cert)
	assert.True(t, r.Cert.Equal(spCert), "the recipient is the OneLogin SP certificate")
	assert.Contains(t, r.String(), "CN=saml.test.nope")
	assert.Contains(t, r.String(), Fingerprint(spCert.Raw, true))
	assert.NotEqual(t, other[0].Fingerprint(), r.PublicKeyFingerprint())
}
