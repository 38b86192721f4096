package xmlenc

import (
	"crypto"
	"crypto/cipher"
	"crypto/rsa"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/beevik/etree"
	"github.com/samlcheck/samlcheck/saml/internal/xmltree"
)

// DefaultMaxCipherText is the default Options.MaxCipherText: 8 MiB of
// ciphertext, more than any SAML assertion (the decoder caps a whole
// message at 5 MiB inflated).
const DefaultMaxCipherText = 8 << 20

// Options limits what Decrypt accepts. A zero field means its default.
type Options struct {
	// MaxCipherText caps the Base64 text of a CipherValue, in bytes
	// (default DefaultMaxCipherText); a larger one fails as malformed before
	// it is decoded.
	MaxCipherText int
}

// Result is a successful decryption.
type Result struct {
	// Plaintext is the decrypted content (for an EncryptedAssertion, the
	// serialised saml:Assertion).
	Plaintext []byte
	// Key is the key that opened the EncryptedKey.
	Key *Key
	// EncryptedKey is the xenc:EncryptedKey that was opened.
	EncryptedKey *etree.Element
	// KeyAlgorithm is the key transport algorithm URI, DigestAlgorithm and
	// MGFAlgorithm those of RSA-OAEP (the defaults written out when the
	// message leaves them implicit; empty for RSA-1_5), DataAlgorithm the
	// block encryption algorithm URI.
	KeyAlgorithm, DigestAlgorithm, MGFAlgorithm, DataAlgorithm string
	// Deprecated is set when an algorithm used is deprecated (RSA-1_5): why.
	Deprecated string
	// Recipient is what the EncryptedKey says about the key it was
	// encrypted for.
	Recipient Recipient
}

// Cause says why an encrypted element could not be decrypted.
type Cause string

// The causes Decrypt tells apart.
const (
	// CauseNoKey: no key was given.
	CauseNoKey Cause = "no-key"
	// CauseMalformed: the XML Encryption structure is broken (no
	// EncryptedData, no CipherValue, bad Base64, a CipherReference, no
	// EncryptedKey).
	CauseMalformed Cause = "malformed"
	// CauseUnsupported: an algorithm is not supported (Algorithm names it).
	CauseUnsupported Cause = "unsupported-algorithm"
	// CauseKeyMismatch: the EncryptedKey names the certificate or key it
	// was encrypted for, that is none of the given keys, and none of them
	// opens it.
	CauseKeyMismatch Cause = "key-mismatch"
	// CauseWrongKey: the EncryptedKey names no recipient, and none of the
	// given keys opens it (padding check fails): it was encrypted for
	// another key, or altered.
	CauseWrongKey Cause = "wrong-key"
	// CauseCorrupt: a given key matches the recipient the EncryptedKey
	// names (or opens the EncryptedKey), but the EncryptedKey or the data
	// does not decrypt: OAEP padding, CBC padding or the GCM tag fails. The
	// data was altered or corrupted on the way.
	CauseCorrupt Cause = "corrupt"
)

// Error is why an encrypted element could not be decrypted.
type Error struct {
	// Cause classifies the failure.
	Cause Cause
	// Algorithm names the unsupported algorithm (CauseUnsupported).
	Algorithm string
	// Recipients describe the keys the EncryptedKeys say they were
	// encrypted for, with which given key matches each.
	Recipients []Recipient
	// Keys are the keys that were tried.
	Keys []*Key
	// Err is the detail.
	Err error
}

// Error says what failed (the cause) and the detail.
func (e *Error) Error() string {
	if e.Err == nil {
		return "xmlenc: " + string(e.Cause)
	}
	return "xmlenc: " + e.Err.Error()
}

// Unwrap returns the detail.
func (e *Error) Unwrap() error { return e.Err }

// ErrAuthentication is wrapped by the error of AES-GCM data whose
// authentication tag does not verify.
var ErrAuthentication = errors.New("AES-GCM authentication tag does not verify")

// ErrPadding is wrapped by the error of CBC data whose padding is invalid.
var ErrPadding = errors.New("CBC padding is invalid")

// ErrKeyTransport is wrapped by the error of an EncryptedKey that a key
// does not open (RSA padding check failed, or the key is too small).
var ErrKeyTransport = errors.New("RSA decryption of the EncryptedKey fails")

// Decrypt decrypts el, an xenc:EncryptedData or an element holding one
// (saml:EncryptedAssertion, EncryptedID, EncryptedAttribute), with the first
// of keys that opens one of its EncryptedKeys. EncryptedKeys are found
// inside the EncryptedData's ds:KeyInfo, through a ds:RetrievalMethod or a
// ds:KeyName naming an EncryptedKey's CarriedKeyName anywhere in the
// document, and beside the EncryptedData in el (as Okta sends them). Keys
// matching the recipient the EncryptedKey names are tried first. opts may
// be nil. A failure is an *Error saying why.
func Decrypt(el *etree.Element, keys []*Key, opts *Options) (*Result, error) {
	maxText := DefaultMaxCipherText
	if opts != nil && opts.MaxCipherText > 0 {
		maxText = opts.MaxCipherText
	}
	data := el
	if !xmltree.Is(el, NSXEnc, "EncryptedData") {
		data = xmltree.Child(el, NSXEnc, "EncryptedData")
	}
	if data == nil {
		return nil, &Error{Cause: CauseMalformed, Err: fmt.Errorf("%s holds no xenc:EncryptedData", name(el))}
	}
	dataURI := xmltree.Attr(xmltree.Child(data, NSXEnc, "EncryptionMethod"), "Algorithm")
	dalg, ok := dataAlgorithms[dataURI]
	if !ok {
		if dataURI == "" {
			return nil, &Error{Cause: CauseMalformed, Err: errors.New("EncryptedData has no EncryptionMethod Algorithm")}
		}
		return nil, &Error{Cause: CauseUnsupported, Algorithm: dataURI,
			Err: fmt.Errorf("data encryption algorithm %s is not supported (AES-128/192/256-CBC, AES-128/192/256-GCM and 3DES-CBC are)", dataURI)}
	}
	cipherText, err := cipherValue(data, maxText)
	if err != nil {
		return nil, &Error{Cause: CauseMalformed, Err: fmt.Errorf("EncryptedData: %w", err)}
	}
	eks := encryptedKeys(el, data)
	if len(eks) == 0 {
		return nil, &Error{Cause: CauseMalformed, Err: errors.New("no xenc:EncryptedKey found (not in the EncryptedData's KeyInfo, not referenced by RetrievalMethod or KeyName, not beside it): samlcheck cannot open a symmetric key it is not given")}
	}
	if len(keys) == 0 {
		recips := make([]Recipient, len(eks))
		for i, ek := range eks {
			recips[i] = readRecipient(ek, nil)
		}
		return nil, &Error{Cause: CauseNoKey, Recipients: recips, Err: errors.New("no key given")}
	}

	var (
		recipients  []Recipient
		unsupported string
		transportOK bool // some key opened some EncryptedKey
		matched     bool // some recipient matches a given key
		decidable   = true
		failures    []error
		unreadable  int // EncryptedKeys that could not be read
	)
	prefix := func(k *Key) string {
		if len(keys) == 1 {
			return ""
		}
		return k.File + ": "
	}
	for _, ek := range eks {
		rec := readRecipient(ek, keys)
		recipients = append(recipients, rec)
		if rec.Match != nil {
			matched = true
		}
		if !rec.Decidable() {
			decidable = false
		}
		tr, err := readTransport(ek, maxText)
		if err != nil {
			var e *Error
			if errors.As(err, &e) {
				if e.Cause == CauseUnsupported {
					unsupported = e.Algorithm
				}
				err = e.Err
			}
			failures = append(failures, err)
			unreadable++
			continue
		}
		for _, k := range orderKeys(keys, rec) {
			sessionKey, err := tr.open(k, dalg.keySize)
			if err != nil {
				failures = append(failures, fmt.Errorf("%s%w", prefix(k), err))
				continue
			}
			transportOK = true
			plain, err := decryptData(dalg, sessionKey, cipherText)
			if err != nil {
				failures = append(failures, fmt.Errorf("%sthe EncryptedKey opens, but the %s data does not decrypt: %w", prefix(k), AlgorithmName(dataURI), err))
				continue
			}
			res := &Result{Plaintext: plain, Key: k, EncryptedKey: ek, KeyAlgorithm: tr.uri, DataAlgorithm: dataURI, Recipient: rec}
			if tr.uri != RSA15 {
				res.DigestAlgorithm, res.MGFAlgorithm = tr.digestURI, tr.mgfURI
			} else {
				res.Deprecated = "RSA-1_5 key transport (RSAES-PKCS1-v1_5) is deprecated by XML Encryption 1.1 §5.5.1: it is open to Bleichenbacher's padding-oracle attack, by which a service provider that answers differently to bad padding lets an attacker decrypt assertions; configure the IdP for RSA-OAEP"
			}
			return res, nil
		}
	}
	e := &Error{Recipients: recipients, Keys: keys, Err: errors.Join(failures...)}
	switch {
	case unsupported != "" && unreadable == len(eks):
		e.Cause, e.Algorithm = CauseUnsupported, unsupported
	case unreadable == len(eks):
		e.Cause = CauseMalformed
	case transportOK || matched:
		e.Cause = CauseCorrupt
	case decidable:
		e.Cause = CauseKeyMismatch
	default:
		e.Cause = CauseWrongKey
	}
	return nil, e
}

// orderKeys returns keys with the one matching rec first, keys rec cannot
// tell about next, and keys rec rules out last: the KeyInfo of an
// EncryptedKey is a hint, not a proof, so every key is tried.
func orderKeys(keys []*Key, rec Recipient) []*Key {
	out := make([]*Key, 0, len(keys))
	if rec.Match != nil {
		out = append(out, rec.Match)
	}
	for _, k := range keys {
		if k != rec.Match {
			out = append(out, k)
		}
	}
	return out
}

// transport is a parsed EncryptedKey.
type transport struct {
	uri, digestURI, mgfURI string
	digest, mgf            crypto.Hash
	label                  []byte
	cipherText             []byte
}

func readTransport(ek *etree.Element, maxText int) (*transport, error) {
	em := xmltree.Child(ek, NSXEnc, "EncryptionMethod")
	t := &transport{uri: xmltree.Attr(em, "Algorithm")}
	switch t.uri {
	case RSAOAEPMGF1P, RSAOAEP:
		t.digestURI = NSDSig + "sha1"
		if dm := xmltree.Child(em, NSDSig, "DigestMethod"); dm != nil {
			t.digestURI = xmltree.Attr(dm, "Algorithm")
		}
		h, ok := digestAlgorithms[t.digestURI]
		if !ok {
			return nil, &Error{Cause: CauseUnsupported, Algorithm: t.digestURI, Err: fmt.Errorf("RSA-OAEP digest %s is not supported", t.digestURI)}
		}
		t.digest = h
		t.mgfURI = NSXEnc11 + "mgf1sha1"
		if m := xmltree.Child(em, NSXEnc11, "MGF"); m != nil && t.uri == RSAOAEP {
			t.mgfURI = xmltree.Attr(m, "Algorithm")
		}
		mh, ok := mgfAlgorithms[t.mgfURI]
		if !ok {
			return nil, &Error{Cause: CauseUnsupported, Algorithm: t.mgfURI, Err: fmt.Errorf("RSA-OAEP mask generation function %s is not supported", t.mgfURI)}
		}
		t.mgf = mh
		if p := xmltree.Child(em, NSXEnc, "OAEPparams"); p != nil {
			label, err := base64.StdEncoding.DecodeString(removeSpace(text(p)))
			if err != nil {
				return nil, &Error{Cause: CauseMalformed, Err: fmt.Errorf("EncryptedKey OAEPparams is not Base64")}
			}
			t.label = label
		}
	case RSA15:
	case "":
		return nil, &Error{Cause: CauseMalformed, Err: errors.New("EncryptedKey has no EncryptionMethod Algorithm")}
	default:
		return nil, &Error{Cause: CauseUnsupported, Algorithm: t.uri,
			Err: fmt.Errorf("key transport algorithm %s is not supported (RSA-OAEP and RSA-1_5 are; a symmetric key wrap needs a shared key the SP never gives samlcheck)", t.uri)}
	}
	ct, err := cipherValue(ek, maxText)
	if err != nil {
		return nil, &Error{Cause: CauseMalformed, Err: fmt.Errorf("EncryptedKey: %w", err)}
	}
	t.cipherText = ct
	return t, nil
}

// open decrypts the session key with k and checks its size.
func (t *transport) open(k *Key, size int) ([]byte, error) {
	if len(t.cipherText) != (k.Bits()+7)/8 {
		return nil, fmt.Errorf("%w: the EncryptedKey CipherValue has %d bytes, a %d-bit key's ciphertext has %d", ErrKeyTransport, len(t.cipherText), k.Bits(), (k.Bits()+7)/8)
	}
	var key []byte
	var err error
	if t.uri == RSA15 {
		// Deprecated since Go 1.26: RSA-1_5 is what some IdPs still send; decrypting it offline exposes no padding oracle, and samlcheck warns about it
		key, err = rsa.DecryptPKCS1v15(nil, k.priv, t.cipherText)
	} else {
		key, err = k.priv.Decrypt(nil, t.cipherText, &rsa.OAEPOptions{Hash: t.digest, MGFHash: t.mgf, Label: t.label})
	}
	if err != nil {
		return nil, fmt.Errorf("%w with %s", ErrKeyTransport, AlgorithmName(t.uri))
	}
	if len(key) != size {
		return nil, fmt.Errorf("%w: the session key has %d bytes, the data algorithm needs %d", ErrKeyTransport, len(key), size)
	}
	return key, nil
}

// decryptData decrypts the EncryptedData CipherValue: IV || ciphertext for
// CBC (xmlenc-core1 §5.2.1, padding whose last byte is its length), nonce
// (12 bytes) || ciphertext || tag (16 bytes) for GCM (§5.2.4).
func decryptData(alg dataAlgorithm, key, ct []byte) ([]byte, error) {
	block, err := alg.block(key)
	if err != nil {
		return nil, err
	}
	if alg.gcm {
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, err
		}
		ns := aead.NonceSize()
		if len(ct) < ns+aead.Overhead() {
			return nil, fmt.Errorf("%w: %d bytes are too few for a nonce and a tag", ErrAuthentication, len(ct))
		}
		plain, err := aead.Open(nil, ct[:ns], ct[ns:], nil)
		if err != nil {
			return nil, ErrAuthentication
		}
		return plain, nil
	}
	bs := block.BlockSize()
	if len(ct) < 2*bs || len(ct)%bs != 0 {
		return nil, fmt.Errorf("%w: %d bytes is not an IV and whole blocks of %d bytes", ErrPadding, len(ct), bs)
	}
	plain := make([]byte, len(ct)-bs)
	cipher.NewCBCDecrypter(block, ct[:bs]).CryptBlocks(plain, ct[bs:])
	n := int(plain[len(plain)-1])
	if n < 1 || n > bs {
		return nil, ErrPadding
	}
	return plain[:len(plain)-n], nil
}

// cipherValue returns the decoded CipherData/CipherValue of el.
func cipherValue(el *etree.Element, maxText int) ([]byte, error) {
	cd := xmltree.Child(el, NSXEnc, "CipherData")
	if cd == nil {
		return nil, errors.New("no CipherData")
	}
	if xmltree.Child(cd, NSXEnc, "CipherReference") != nil {
		return nil, errors.New("CipherReference (ciphertext stored elsewhere) is not supported: samlcheck reads nothing from the network")
	}
	cv := xmltree.Child(cd, NSXEnc, "CipherValue")
	if cv == nil {
		return nil, errors.New("no CipherValue")
	}
	text := cv.Text()
	for _, t := range cv.Child {
		if _, ok := t.(*etree.Element); ok {
			return nil, errors.New("CipherValue holds elements")
		}
	}
	if len(text) > maxText {
		return nil, fmt.Errorf("CipherValue has %d bytes of text, over the limit of %d", len(text), maxText)
	}
	b, err := base64.StdEncoding.DecodeString(removeSpace(text))
	if err != nil {
		return nil, fmt.Errorf("CipherValue is not Base64: %w", err)
	}
	if len(b) == 0 {
		return nil, errors.New("CipherValue is empty")
	}
	return b, nil
}

// encryptedKeys returns the EncryptedKeys for data (inside el), in the order
// they are tried, without duplicates.
func encryptedKeys(el, data *etree.Element) []*etree.Element {
	var out []*etree.Element
	add := func(e *etree.Element) {
		if e != nil && xmltree.Is(e, NSXEnc, "EncryptedKey") && !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	ki := xmltree.Child(data, NSDSig, "KeyInfo")
	for _, ek := range xmltree.Children(ki, NSXEnc, "EncryptedKey") {
		add(ek)
	}
	root := el
	for root.Parent() != nil && root.Parent().Tag != "" {
		root = root.Parent()
	}
	for _, rm := range xmltree.Children(ki, NSDSig, "RetrievalMethod") {
		if uri := xmltree.Attr(rm, "URI"); strings.HasPrefix(uri, "#") {
			add(findByID(root, uri[1:]))
		}
	}
	for _, kn := range xmltree.Children(ki, NSDSig, "KeyName") {
		name := strings.TrimSpace(text(kn))
		walk(root, func(e *etree.Element) {
			if xmltree.Is(e, NSXEnc, "EncryptedKey") && strings.TrimSpace(text(xmltree.Child(e, NSXEnc, "CarriedKeyName"))) == name && name != "" {
				add(e)
			}
		})
	}
	dataID := xmltree.Attr(data, "Id")
	if el != data {
		for _, ek := range xmltree.Children(el, NSXEnc, "EncryptedKey") {
			refs := xmltree.Child(ek, NSXEnc, "ReferenceList")
			if refs == nil || dataID == "" {
				add(ek)
				continue
			}
			for _, dr := range xmltree.Children(refs, NSXEnc, "DataReference") {
				if xmltree.Attr(dr, "URI") == "#"+dataID {
					add(ek)
				}
			}
		}
	}
	return out
}

// findByID returns the first element under root with Id or ID id.
func findByID(root *etree.Element, id string) *etree.Element {
	var found *etree.Element
	walk(root, func(e *etree.Element) {
		if found == nil && id != "" && (xmltree.Attr(e, "Id") == id || xmltree.Attr(e, "ID") == id) {
			found = e
		}
	})
	return found
}

func walk(el *etree.Element, f func(*etree.Element)) {
	f(el)
	for _, c := range el.ChildElements() {
		walk(c, f)
	}
}

func name(el *etree.Element) string {
	if el == nil {
		return "<nil>"
	}
	return el.FullTag()
}

func removeSpace(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\r', '\n':
			return -1
		}
		return r
	}, s)
}
