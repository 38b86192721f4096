package main

import (
	"bytes"
	"crypto"
	"crypto/aes"
	"crypto/cipher"
	"crypto/des"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/base64"
	"errors"
	"fmt"
	"math/big"
	"path"
	"regexp"
	"strings"

	// Registers the OAEP digests for crypto.Hash.New.
	_ "crypto/sha256"
	_ "crypto/sha512"

	"github.com/beevik/etree"
)

// Fixtures of saml/decryption: real XML Encryption of the signed assertion
// for the test SP keys (testdata/keys/sp.*, sp-old.*), in every algorithm
// pair samlcheck decrypts and with every cause of failure it names.
//
// The encryption is written here, independently of the decryptor, and is
// deterministic: session keys, IVs and OAEP seeds come from pseudoRandom,
// and RSA is applied with math/big (crypto/rsa always draws its own
// randomness), so regenerating gives byte-identical files.

// XML Encryption algorithm URIs of the fixtures.
const (
	encXenc11         = "http://www.w3.org/2009/xmlenc11#"
	encRSAOAEP11      = encXenc11 + "rsa-oaep"
	encRSA15          = nsXenc + "rsa-1_5"
	encAES128CBC      = nsXenc + "aes128-cbc"
	encAES192CBC      = nsXenc + "aes192-cbc"
	encTripleDESCBC   = nsXenc + "tripledes-cbc"
	encAES192GCM      = encXenc11 + "aes192-gcm"
	encAES256GCM      = encXenc11 + "aes256-gcm"
	digestSHA256Enc   = nsXenc + "sha256"
	digestSHA512Enc   = nsXenc + "sha512"
	mgf1SHA256        = encXenc11 + "mgf1sha256"
	encTypeEncKey     = nsXenc + "EncryptedKey"
	spKeyFlag         = "../../../../keys/sp.key.pem"
	spEncryptionCN    = "samlcheck test SP encryption"
	spOldEncryptionCN = "samlcheck test SP encryption (previous)"
)

// keyTransport is an EncryptedKey EncryptionMethod: algorithm, the
// DigestMethod and MGF written ("" leaves them out, meaning SHA-1).
type keyTransport struct {
	name, uri, digest, mgf string
}

var (
	transportMGF1PSHA1   = keyTransport{"mgf1p-sha1", encRSAOAEP, digestSHA1, ""}
	transportMGF1PSHA256 = keyTransport{"mgf1p-sha256", encRSAOAEP, digestSHA256Enc, ""}
	transportOAEP11      = keyTransport{"oaep11-sha256-mgf1sha256", encRSAOAEP11, digestSHA256Enc, mgf1SHA256}
	transportOAEP11Def   = keyTransport{"oaep11-defaults", encRSAOAEP11, "", ""}
	transportOAEP11S512  = keyTransport{"oaep11-sha512-mgf1sha1", encRSAOAEP11, digestSHA512Enc, ""}
	transportRSA15       = keyTransport{"rsa-1_5", encRSA15, "", ""}
)

// dataAlgorithms are the block encryption algorithms, by short name.
var encDataAlgorithms = []struct{ name, uri string }{
	{"aes128-cbc", encAES128CBC}, {"aes192-cbc", encAES192CBC}, {"aes256-cbc", encAES256CBC},
	{"aes128-gcm", encAES128GCM}, {"aes192-gcm", encAES192GCM}, {"aes256-gcm", encAES256GCM},
	{"tripledes-cbc", encTripleDESCBC},
}

// encSpec describes one EncryptedAssertion.
type encSpec struct {
	transport keyTransport
	data      string
	// layout: "keyinfo" (EncryptedKey inside EncryptedData's KeyInfo, as
	// OneLogin, PingFederate and Shibboleth send it), "sibling" (beside
	// EncryptedData), "retrieval" (beside it, named by a RetrievalMethod
	// and a ReferenceList, as Okta sends it), "carried" (ds:KeyName naming
	// a CarriedKeyName), "two-keys" (for the old and the current key).
	layout string
	// recipient says what the EncryptedKey's KeyInfo names: "cert",
	// "keyname", "ski" or "" (no KeyInfo).
	recipient string
	// old encrypts for the previous SP key (sp-old) instead of sp.
	old bool
	// tamper: "gcm-tag", "cbc-padding" (the data), "key" (the EncryptedKey).
	tamper string
	// dataURI and keyURI, when set, replace the algorithm written.
	dataURI, keyURI string
	// content replaces the plaintext.
	content []byte
	// noKey leaves the EncryptedKey out.
	noKey bool
	// unsignedAssertion leaves the assertion unsigned (only the Response
	// is signed, over the ciphertext); unsignedResponse the Response.
	unsignedAssertion, unsignedResponse bool
	// alter changes the serialised assertion after it was signed, before
	// it is encrypted.
	alter func([]byte) []byte
	// beside keeps the plain signed assertion and adds the EncryptedAssertion
	// after it (an injected second assertion).
	beside bool
}

// sealed replaces the signed assertion by its encryption as spec says.
func sealed(spec encSpec) func(*respOpts) {
	return func(o *respOpts) {
		o.signAssert = o.signAssert && !spec.unsignedAssertion
		o.signResponse = o.signResponse && !spec.unsignedResponse
		o.seal = func(g *generator, resp *etree.Element) error { return g.seal(resp, o, spec) }
	}
}

// spKeyPair returns the current (or, old, the previous) SP encryption key.
func (g *generator) spKeyPair(old bool) (keyPair, error) {
	if old {
		return loadOrCreateKeyPair(g.keys, "sp-old", spOldEncryptionCN, 0x5a4d4c06)
	}
	return loadOrCreateKeyPair(g.keys, "sp", spEncryptionCN, 0x5a4d4c05)
}

// seal encrypts resp's signed Assertion and puts the EncryptedAssertion in
// its place.
func (g *generator) seal(resp *etree.Element, o *respOpts, spec encSpec) error {
	var a *etree.Element
	for _, c := range resp.ChildElements() {
		if c.Tag == "Assertion" {
			a = c
			break
		}
	}
	if a == nil {
		return errors.New("seal: no Assertion to encrypt")
	}
	plain := spec.content
	if plain == nil {
		d := etree.NewDocument()
		d.SetRoot(a.Copy())
		var err error
		if plain, err = d.WriteToBytes(); err != nil {
			return err
		}
	}
	if spec.alter != nil {
		plain = spec.alter(plain)
	}
	kp, err := g.spKeyPair(spec.old)
	if err != nil {
		return err
	}
	seed := "enc/" + o.id
	size := map[string]int{encAES128CBC: 16, encAES192CBC: 24, encAES256CBC: 32, encTripleDESCBC: 24, encAES128GCM: 16, encAES192GCM: 24, encAES256GCM: 32}[spec.data]
	cek := pseudoRandom(seed+"/cek", size)
	ct, err := encryptData(spec.data, cek, plain, seed)
	if err != nil {
		return err
	}
	switch spec.tamper {
	case "gcm-tag":
		ct[len(ct)-1] ^= 0x01
	case "cbc-padding":
		// Flipping the second-to-last block turns the padding length byte
		// (1..block size) into 0.
		bs := 16
		if spec.data == encTripleDESCBC {
			bs = 8
		}
		ct[len(ct)-bs-1] ^= plainPadLen(plain, bs)
	}
	ek := func(kp keyPair, id string) (*etree.Element, error) {
		wrapped, err := wrapKey(spec.transport, kp.key, cek, seed+"/"+id)
		if err != nil {
			return nil, err
		}
		if spec.tamper == "key" {
			wrapped[len(wrapped)/2] ^= 0x01
		}
		return encryptedKeyElement(spec, kp, id, wrapped), nil
	}

	st := o.style
	ea, ed := newEncryptedAssertion(st, o.id)
	dataURI := spec.data
	if spec.dataURI != "" {
		dataURI = spec.dataURI
	}
	ed.CreateElement("xenc:EncryptionMethod").CreateAttr("Algorithm", dataURI)
	ki := etree.NewElement("ds:KeyInfo")
	ki.CreateAttr("xmlns:ds", nsDS)
	var siblings []*etree.Element
	if !spec.noKey {
		key, err := ek(kp, "_key-"+o.id)
		if err != nil {
			return err
		}
		switch spec.layout {
		case "", "keyinfo":
			ki.AddChild(key)
		case "sibling":
			siblings = append(siblings, key)
		case "retrieval":
			rm := ki.CreateElement("ds:RetrievalMethod")
			rm.CreateAttr("Type", encTypeEncKey)
			rm.CreateAttr("URI", "#_key-"+o.id)
			key.CreateElement("xenc:ReferenceList").CreateElement("xenc:DataReference").CreateAttr("URI", "#_enc-"+o.id)
			siblings = append(siblings, key)
		case "carried":
			ki.CreateElement("ds:KeyName").SetText("sp-encryption-2026")
			key.CreateElement("xenc:CarriedKeyName").SetText("sp-encryption-2026")
			siblings = append(siblings, key)
		case "two-keys":
			oldKP, err := g.spKeyPair(true)
			if err != nil {
				return err
			}
			first, err := ek(oldKP, "_key-old-"+o.id)
			if err != nil {
				return err
			}
			siblings = append(siblings, first, key)
		default:
			return fmt.Errorf("seal: unknown layout %q", spec.layout)
		}
	}
	if len(ki.ChildElements()) > 0 {
		ed.AddChild(ki)
	}
	ed.CreateElement("xenc:CipherData").CreateElement("xenc:CipherValue").SetText(base64.StdEncoding.EncodeToString(ct))
	for _, s := range siblings {
		s.CreateAttr("xmlns:xenc", nsXenc)
		ea.AddChild(s)
	}
	i := a.Index()
	if spec.beside {
		resp.InsertChildAt(i+1, ea)
		return nil
	}
	resp.RemoveChildAt(i)
	resp.InsertChildAt(i, ea)
	return nil
}

// plainPadLen returns the padding length encryptData adds to plain.
func plainPadLen(plain []byte, bs int) byte { return byte(bs - len(plain)%bs) }

// encryptedKeyElement writes an xenc:EncryptedKey for kp.
func encryptedKeyElement(spec encSpec, kp keyPair, id string, wrapped []byte) *etree.Element {
	key := etree.NewElement("xenc:EncryptedKey")
	key.CreateAttr("Id", id)
	em := key.CreateElement("xenc:EncryptionMethod")
	uri := spec.transport.uri
	if spec.keyURI != "" {
		uri = spec.keyURI
	}
	em.CreateAttr("Algorithm", uri)
	if spec.transport.digest != "" {
		dm := em.CreateElement("ds:DigestMethod")
		dm.CreateAttr("xmlns:ds", nsDS)
		dm.CreateAttr("Algorithm", spec.transport.digest)
	}
	if spec.transport.mgf != "" {
		m := em.CreateElement("xenc11:MGF")
		m.CreateAttr("xmlns:xenc11", encXenc11)
		m.CreateAttr("Algorithm", spec.transport.mgf)
	}
	if spec.recipient != "" {
		ki := key.CreateElement("ds:KeyInfo")
		ki.CreateAttr("xmlns:ds", nsDS)
		switch spec.recipient {
		case "cert":
			ki.CreateElement("ds:X509Data").CreateElement("ds:X509Certificate").SetText(base64.StdEncoding.EncodeToString(kp.der))
		case "keyname":
			ki.CreateElement("ds:KeyName").SetText(kp.cert.Subject.CommonName)
		case "ski":
			ki.CreateElement("ds:X509Data").CreateElement("ds:X509SKI").SetText(base64.StdEncoding.EncodeToString(ski(&kp.key.PublicKey)))
		}
	}
	key.CreateElement("xenc:CipherData").CreateElement("xenc:CipherValue").SetText(base64.StdEncoding.EncodeToString(wrapped))
	return key
}

// ski returns the RFC 5280 §4.2.1.2 (1) key identifier of pub.
func ski(pub *rsa.PublicKey) []byte {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return nil
	}
	var info struct {
		Algorithm pkix.AlgorithmIdentifier
		PublicKey asn1.BitString
	}
	if _, err := asn1.Unmarshal(der, &info); err != nil {
		return nil
	}
	s := sha1.Sum(info.PublicKey.Bytes)
	return s[:]
}

// encryptData encrypts plain: IV || CBC ciphertext with XML Encryption
// padding (xmlenc-core1 §5.2: the last byte is the padding length, the
// others arbitrary), or nonce || GCM ciphertext || tag.
func encryptData(alg string, key, plain []byte, seed string) ([]byte, error) {
	var block cipher.Block
	var err error
	if alg == encTripleDESCBC {
		block, err = des.NewTripleDESCipher(key)
	} else {
		block, err = aes.NewCipher(key)
	}
	if err != nil {
		return nil, err
	}
	if strings.HasSuffix(alg, "-gcm") {
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, err
		}
		nonce := pseudoRandom(seed+"/nonce", aead.NonceSize())
		return aead.Seal(nonce, nonce, plain, nil), nil
	}
	bs := block.BlockSize()
	n := int(plainPadLen(plain, bs))
	padded := append(bytes.Clone(plain), pseudoRandom(seed+"/pad", n-1)...)
	padded = append(padded, byte(n))
	iv := pseudoRandom(seed+"/iv", bs)
	out := make([]byte, bs+len(padded))
	copy(out, iv)
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(out[bs:], padded)
	return out, nil
}

// wrapKey encrypts the content encryption key for key's public half:
// RSAES-OAEP (RFC 8017 §7.1.1, digest and MGF1 hash as t says) or
// RSAES-PKCS1-v1_5 (§7.2.1), with deterministic seeds.
func wrapKey(t keyTransport, key *rsa.PrivateKey, cek []byte, seed string) ([]byte, error) {
	k := (key.N.BitLen() + 7) / 8
	var em []byte
	switch t.uri {
	case encRSA15:
		if len(cek) > k-11 {
			return nil, errors.New("wrapKey: key too small")
		}
		ps := pseudoRandom(seed+"/ps", k-len(cek)-3)
		for i := range ps {
			if ps[i] == 0 {
				ps[i] = 0x5a
			}
		}
		em = append(append(append([]byte{0, 2}, ps...), 0), cek...)
	default:
		h := hashOf(t.digest)
		mgf := crypto.SHA1
		if t.uri == encRSAOAEP11 && t.mgf == mgf1SHA256 {
			mgf = crypto.SHA256
		}
		hLen := h.Size()
		lHash := h.New().Sum(nil)
		if len(cek) > k-2*hLen-2 {
			return nil, errors.New("wrapKey: key too small")
		}
		db := append(append(append(lHash, make([]byte, k-len(cek)-2*hLen-2)...), 1), cek...)
		s := pseudoRandom(seed+"/oaep", hLen)
		xorInto(db, mgf1(mgf, s, len(db)))
		xorInto(s, mgf1(mgf, db, hLen))
		em = append(append([]byte{0}, s...), db...)
	}
	c := new(big.Int).Exp(new(big.Int).SetBytes(em), big.NewInt(int64(key.E)), key.N)
	return c.FillBytes(make([]byte, k)), nil
}

// hashOf returns the hash of a DigestMethod URI ("" is SHA-1).
func hashOf(uri string) crypto.Hash {
	switch uri {
	case digestSHA256Enc:
		return crypto.SHA256
	case digestSHA512Enc:
		return crypto.SHA512
	}
	return crypto.SHA1
}

// mgf1 is the mask generation function of RFC 8017 §B.2.1.
func mgf1(h crypto.Hash, seed []byte, n int) []byte {
	var out []byte
	for c := uint32(0); len(out) < n; c++ {
		d := h.New()
		d.Write(seed)
		d.Write([]byte{byte(c >> 24), byte(c >> 16), byte(c >> 8), byte(c)})
		out = d.Sum(out)
	}
	return out[:n]
}

func xorInto(dst, mask []byte) {
	for i := range dst {
		dst[i] ^= mask[i]
	}
}

// decryptionFixture returns a saml/decryption fixture checked under the
// saml profile with the IdP certificate trusted and, unless noKey, the SP
// key given.
func decryptionFixture(kind, file string, spec encSpec, noKey bool) ruleFixture {
	flags := map[string]string{"idp-cert": "../../../../keys/idp.crt.pem"}
	if !noKey {
		flags["sp-key"] = spKeyFlag
	}
	return ruleFixture{rule: "saml/decryption", kind: kind, file: file, profile: "saml", mutate: sealed(spec), flags: flags}
}

// withRule files f under another rule, which reports also the rules in
// also.
func withRule(rule string, f ruleFixture, also ...string) ruleFixture {
	f.rule, f.also = rule, also
	return f
}

// decryptionRuleFixtures lists the saml/decryption fixtures: every
// algorithm pair that opens, and every cause of failure.
func decryptionRuleFixtures() []ruleFixture {
	var fs []ruleFixture
	for _, t := range []keyTransport{transportMGF1PSHA1, transportMGF1PSHA256, transportOAEP11, transportOAEP11Def} {
		for _, d := range encDataAlgorithms {
			fs = append(fs, decryptionFixture("pass", t.name+"-"+d.name+".xml", encSpec{transport: t, data: d.uri, recipient: "cert"}, false))
		}
	}
	for _, d := range encDataAlgorithms {
		// RSA-1_5 decrypts, with a deprecation warning.
		fs = append(fs, decryptionFixture("fail", "rsa-1_5-"+d.name+".xml", encSpec{transport: transportRSA15, data: d.uri, recipient: "cert"}, false))
	}
	okta := encSpec{transport: transportMGF1PSHA1, data: encAES256CBC, layout: "retrieval"}
	fs = append(fs,
		decryptionFixture("pass", "okta-retrieval-method.xml", okta, false),
		decryptionFixture("pass", "sibling-encrypted-key.xml", encSpec{transport: transportMGF1PSHA1, data: encAES256CBC, layout: "sibling", recipient: "cert"}, false),
		decryptionFixture("pass", "carried-key-name.xml", encSpec{transport: transportOAEP11, data: encAES256GCM, layout: "carried"}, false),
		decryptionFixture("pass", "rotation-two-encrypted-keys.xml", encSpec{transport: transportMGF1PSHA1, data: encAES128GCM, layout: "two-keys", recipient: "cert"}, false),
		decryptionFixture("pass", "recipient-ski.xml", encSpec{transport: transportOAEP11S512, data: encAES256GCM, recipient: "ski"}, false),
		decryptionFixture("pass", "recipient-key-name.xml", encSpec{transport: transportMGF1PSHA1, data: encAES128CBC, recipient: "keyname"}, false),
		decryptionFixture("pass", "unnamed-recipient.xml", encSpec{transport: transportMGF1PSHA1, data: encAES128CBC}, false),

		decryptionFixture("pass", "response-signed-only.xml", encSpec{transport: transportMGF1PSHA1, data: encAES256CBC, layout: "retrieval", unsignedAssertion: true}, false),
		decryptionFixture("pass", "assertion-signed-only.xml", encSpec{transport: transportMGF1PSHA1, data: encAES256CBC, recipient: "cert", unsignedResponse: true}, false),
		withRule("saml/signature-missing", decryptionFixture("fail", "encrypted-unsigned.xml", encSpec{transport: transportMGF1PSHA1, data: encAES256CBC, recipient: "cert", unsignedAssertion: true, unsignedResponse: true}, false)),
		withRule("saml/signature-invalid", decryptionFixture("fail", "encrypted-altered-after-signing.xml", encSpec{transport: transportMGF1PSHA1, data: encAES256CBC, recipient: "cert", unsignedResponse: true,
			alter: func(b []byte) []byte {
				return bytes.Replace(b, []byte(">alice@example.com<"), []byte(">mallory@example.com<"), 1)
			}}, false)),

		// A comment inside the encrypted NameID (CVE-2017-11427): the
		// signature still verifies, a naive reader truncates the value.
		withRule("saml/xml-comment", decryptionFixture("fail", "encrypted-nameid-comment.xml", encSpec{transport: transportMGF1PSHA1, data: encAES256GCM, recipient: "cert",
			alter: func(b []byte) []byte {
				return bytes.Replace(b, []byte(">alice@example.com<"), []byte(">alice@<!-- split -->example.com<"), 1)
			}}, false)),

		// An ID beside a prefixed one inside the encrypted assertion
		// (signed by the Response over the ciphertext).
		withRule("saml/xml-roundtrip", decryptionFixture("fail", "encrypted-prefixed-id.xml", encSpec{transport: transportMGF1PSHA1, data: encAES256GCM, recipient: "cert", unsignedAssertion: true,
			alter: func(b []byte) []byte {
				return bytes.Replace(b, []byte(` ID="_assert-`), []byte(` xmlns:x="urn:x" x:ID="_other" ID="_assert-`), 1)
			}}, false)),

		// An attacker who holds the SP's public certificate adds an
		// unsigned assertion of their own, encrypted for the SP, beside the
		// signed one.
		withRule("saml/signature-wrapping", decryptionFixture("fail", "encrypted-injected-beside-signed.xml", encSpec{transport: transportMGF1PSHA1, data: encAES128GCM, unsignedResponse: true, beside: true,
			alter: func(b []byte) []byte {
				b = regexp.MustCompile(`(?s)<ds:Signature.*</ds:Signature>\s*`).ReplaceAll(b, nil)
				b = bytes.Replace(b, []byte(`ID="_assert-`), []byte(`ID="_injected-`), 1)
				return bytes.Replace(b, []byte(">alice@example.com<"), []byte(">mallory@example.com<"), 1)
			}}, false), "saml/signature-missing"),

		decryptionFixture("fail", "no-sp-key.xml", okta, true),
		decryptionFixture("fail", "encrypted-for-old-certificate.xml", encSpec{transport: transportMGF1PSHA1, data: encAES256CBC, recipient: "cert", old: true}, false),
		decryptionFixture("fail", "encrypted-for-other-key-name.xml", encSpec{transport: transportMGF1PSHA1, data: encAES256CBC, recipient: "keyname", old: true}, false),
		decryptionFixture("fail", "encrypted-for-unnamed-other-key.xml", encSpec{transport: transportMGF1PSHA1, data: encAES256CBC, old: true}, false),
		decryptionFixture("fail", "gcm-tag-altered.xml", encSpec{transport: transportMGF1PSHA1, data: encAES256GCM, recipient: "cert", tamper: "gcm-tag"}, false),
		decryptionFixture("fail", "cbc-padding-altered.xml", encSpec{transport: transportMGF1PSHA1, data: encAES128CBC, recipient: "cert", tamper: "cbc-padding"}, false),
		decryptionFixture("fail", "encrypted-key-altered.xml", encSpec{transport: transportMGF1PSHA1, data: encAES128CBC, recipient: "cert", tamper: "key"}, false),
		decryptionFixture("fail", "unsupported-data-algorithm.xml", encSpec{transport: transportMGF1PSHA1, data: encAES128CBC, dataURI: "http://www.w3.org/2001/04/xmldsig-more#camellia128-cbc", recipient: "cert"}, false),
		decryptionFixture("fail", "unsupported-key-wrap.xml", encSpec{transport: transportMGF1PSHA1, data: encAES128CBC, keyURI: nsXenc + "kw-aes128", recipient: "cert"}, false),
		decryptionFixture("fail", "no-encrypted-key.xml", encSpec{transport: transportMGF1PSHA1, data: encAES128CBC, noKey: true}, false),
		decryptionFixture("fail", "content-not-an-assertion.xml", encSpec{transport: transportMGF1PSHA1, data: encAES128CBC, recipient: "cert",
			content: []byte(`<saml:NameID xmlns:saml="` + nsAssertion + `" Format="` + nameIDEmail + `">alice@example.com</saml:NameID>`)}, false),
	)
	return fs
}

// encryptedIAMHARFixtures lists the IAM login captures with an encrypted
// assertion whose RoleSessionName is a display name (invalid): with --sp-key
// iam/role-session-name finds it, without it saml/decryption warns that the
// assertion was not checked.
func encryptedIAMHARs() []struct {
	rel  string
	e    expect
	resp respOpts
} {
	o := iamResponse("iam-encrypted-role-session-name", iamRole)
	o.style = styleSAML2
	o.compact = true
	for i := range o.attrs {
		if o.attrs[i].name == attrRoleSession {
			o.attrs[i].values = []string{"Alice Example"}
		}
	}
	sealed(encSpec{transport: transportMGF1PSHA1, data: encAES256CBC, layout: "retrieval"})(&o)
	with := expect{want: []string{"iam/encrypted-assertion", "iam/role-session-name"}, profile: "iam", at: checkTime(),
		flags: map[string]string{"sp-key": spKeyFlag, "idp-cert": "../../../../keys/idp.crt.pem"}}
	without := expect{want: []string{"iam/encrypted-assertion", "saml/decryption"}, profile: "iam", at: checkTime(),
		flags: map[string]string{"idp-cert": "../../../../keys/idp.crt.pem"}}
	return []struct {
		rel  string
		e    expect
		resp respOpts
	}{
		{"rules/iam/role-session-name/fail/encrypted-assertion.har", with, o},
		{"rules/saml/decryption/fail/iam-encrypted-no-sp-key.har", without, o},
	}
}

// writeDecryptionFixtures writes the saml/decryption XML fixtures and the
// encrypted IAM captures.
func (g *generator) writeDecryptionFixtures() error {
	if err := g.writeRuleXMLs(decryptionRuleFixtures()); err != nil {
		return err
	}
	assets, err := newIdPAssets()
	if err != nil {
		return err
	}
	for _, h := range encryptedIAMHARs() {
		xml, err := g.signedResponse(h.resp)
		if err != nil {
			return fmt.Errorf("%s: %w", h.rel, err)
		}
		spec := harSpec{file: path.Base(h.rel), browser: chrome, kind: iamFlow, resp: h.resp}
		c, err := awsCapture(spec, postValue(xml), assets)
		if err != nil {
			return fmt.Errorf("%s: %w", h.rel, err)
		}
		data, err := spec.browser.encode(c)
		if err != nil {
			return fmt.Errorf("%s: %w", h.rel, err)
		}
		if err := g.writeWithSidecar(h.rel, data, h.e); err != nil {
			return err
		}
	}
	return nil
}
