package xmlenc

import (
	"bytes"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/samlcheck/samlcheck/saml/internal/colonhex"
	"software.sslmate.com/src/go-pkcs12"
)

// Key is a service provider's RSA private key, with the certificates that
// came with it (a PKCS#12 file, a PEM bundle), as given with --sp-key.
//
// The private key is kept in an unexported field and never leaves the
// package: String, Format, GoString and MarshalJSON show only the file name
// and the fingerprint of the public key, so a Key printed by mistake (in a
// log line, a %+v, a JSON report) discloses nothing secret.
type Key struct {
	// File is the file the key was read from.
	File string
	// Certs are the certificates found beside the key whose public key is
	// the key's (the SP encryption certificate the IdP holds).
	Certs []*x509.Certificate

	priv *rsa.PrivateKey
	spki []byte
}

// NewKey returns a Key for priv read from file, with the certificates of
// certs whose public key is priv's (others are dropped).
func NewKey(file string, priv *rsa.PrivateKey, certs []*x509.Certificate) (*Key, error) {
	if priv == nil {
		return nil, &KeyError{File: file, Err: ErrNoKey}
	}
	spki, err := x509.MarshalPKIXPublicKey(&priv.PublicKey)
	if err != nil {
		return nil, &KeyError{File: file, Err: err}
	}
	k := &Key{File: file, priv: priv, spki: spki}
	for _, c := range certs {
		if pub, ok := c.PublicKey.(*rsa.PublicKey); ok && pub.Equal(&priv.PublicKey) {
			k.Certs = append(k.Certs, c)
		}
	}
	return k, nil
}

// Public returns the key's public half.
func (k *Key) Public() *rsa.PublicKey { return &k.priv.PublicKey }

// Bits returns the size of the RSA modulus in bits.
func (k *Key) Bits() int { return k.priv.N.BitLen() }

// Fingerprint returns the SHA-256 fingerprint of the key's public key
// (SubjectPublicKeyInfo DER), upper-case hex pairs with colons, as
// "openssl pkey -pubout -outform der | sha256sum" computes it. It is the
// same for the private key file and for every certificate of the key.
func (k *Key) Fingerprint() string { return colonhex.Encode(sha256Sum(k.spki)) }

// String names the key without disclosing it: "sp.key (RSA 2048, public key
// SHA-256 AB:…)".
func (k Key) String() string {
	if k.priv == nil {
		return "<no key>"
	}
	return fmt.Sprintf("%s (RSA %d, public key SHA-256 %s)", k.File, k.priv.N.BitLen(), colonhex.Encode(sha256Sum(k.spki)))
}

// GoString is String, so that %#v never prints the private key.
func (k Key) GoString() string { return k.String() }

// Format prints String for every verb, so that no verb (%v, %+v, %#v, %x)
// prints the private key.
func (k Key) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(k.String())) }

// MarshalJSON writes the file and the public key fingerprint only.
func (k Key) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		File                 string `json:"file"`
		Bits                 int    `json:"bits"`
		PublicKeyFingerprint string `json:"publicKeySHA256"`
	}{k.File, k.priv.N.BitLen(), colonhex.Encode(sha256Sum(k.spki))})
}

// matchesPublic reports whether pub is the key's public key.
func (k *Key) matchesPublic(pub any) bool {
	p, ok := pub.(*rsa.PublicKey)
	return ok && p.Equal(&k.priv.PublicKey)
}

// ErrNoKey is returned for a key file holding no private key.
var ErrNoKey = errors.New("no private key in the file")

// ErrPassphrase is wrapped by the error for an encrypted key file that came
// without a passphrase, or whose passphrase is wrong.
var ErrPassphrase = errors.New("wrong or missing passphrase")

// ErrNotRSA is wrapped by the error for a private key that is not RSA: XML
// Encryption key transport in SAML is RSA.
var ErrNotRSA = errors.New("not an RSA private key")

// KeyError is the error of a key file that cannot be used, naming the file.
type KeyError struct {
	// File is the key file.
	File string
	// Err says why.
	Err error
}

// Error names the key file and why it cannot be used.
func (e *KeyError) Error() string { return "xmlenc: key file " + e.File + ": " + e.Err.Error() }

// Unwrap returns the cause.
func (e *KeyError) Unwrap() error { return e.Err }

// ParseKeys reads the private keys of a key file: PEM (PKCS#1 "RSA PRIVATE
// KEY", PKCS#8 "PRIVATE KEY", encrypted PKCS#8 "ENCRYPTED PRIVATE KEY" with
// PBES2, legacy OpenSSL encryption with a DEK-Info header; certificates in
// the same file are kept with their key), DER PKCS#1 or PKCS#8, or PKCS#12
// (.p12/.pfx as AD FS and Windows export them). passphrase decrypts an
// encrypted key; it may be nil for a plain one. Errors are *KeyError naming
// file.
func ParseKeys(file string, data []byte, passphrase []byte) ([]*Key, error) {
	keys, err := parseKeys(file, data, passphrase)
	if err != nil {
		var ke *KeyError
		if errors.As(err, &ke) {
			return nil, err
		}
		return nil, &KeyError{File: file, Err: err}
	}
	if len(keys) == 0 {
		return nil, &KeyError{File: file, Err: ErrNoKey}
	}
	return keys, nil
}

func parseKeys(file string, data []byte, passphrase []byte) ([]*Key, error) {
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	if bytes.Contains(trimmed, []byte("-----BEGIN")) {
		return parsePEM(file, trimmed, passphrase)
	}
	if len(trimmed) == 0 {
		return nil, errors.New("the file is empty")
	}
	// DER: PKCS#1, PKCS#8, or PKCS#12.
	if priv, err := parseDERKey(data); err == nil {
		k, err := NewKey(file, priv, nil)
		if err != nil {
			return nil, err
		}
		return []*Key{k}, nil
	} else if errors.Is(err, ErrNotRSA) {
		return nil, err
	}
	return parsePKCS12(file, data, passphrase, strings.ToLower(filepath.Ext(file)))
}

func parsePKCS12(file string, data, passphrase []byte, ext string) ([]*Key, error) {
	priv, cert, chain, err := pkcs12.DecodeChain(data, string(passphrase))
	if err != nil {
		var nie pkcs12.NotImplementedError
		switch {
		case errors.Is(err, pkcs12.ErrIncorrectPassword) && len(passphrase) == 0:
			return nil, fmt.Errorf("PKCS#12: the file is protected by a passphrase: set it in an environment variable and name that with --sp-key-pass-env: %w", ErrPassphrase)
		case errors.Is(err, pkcs12.ErrIncorrectPassword), errors.Is(err, pkcs12.ErrDecryption):
			return nil, fmt.Errorf("PKCS#12: %w (from --sp-key-pass-env)", ErrPassphrase)
		case errors.As(err, &nie):
			return nil, fmt.Errorf("PKCS#12: %w (convert it: openssl pkcs12 -in %s -nodes -nocerts -out key.pem)", err, filepath.Base(file))
		case ext == ".p12" || ext == ".pfx":
			return nil, fmt.Errorf("PKCS#12: %w", err)
		}
		return nil, fmt.Errorf("not a PEM, DER (PKCS#1, PKCS#8) or PKCS#12 private key file (PKCS#12: %w)", err)
	}
	rk, ok := priv.(*rsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("PKCS#12: %T: %w", priv, ErrNotRSA)
	}
	k, err := NewKey(file, rk, append([]*x509.Certificate{cert}, chain...))
	if err != nil {
		return nil, err
	}
	return []*Key{k}, nil
}

func parsePEM(file string, data, passphrase []byte) ([]*Key, error) {
	var privs []*rsa.PrivateKey
	var certs []*x509.Certificate
	for n := 1; ; n++ {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			break
		}
		switch block.Type {
		case "CERTIFICATE":
			c, err := x509.ParseCertificate(block.Bytes)
			if err != nil {
				return nil, fmt.Errorf("PEM block %d (CERTIFICATE): %w", n, err)
			}
			certs = append(certs, c)
		case "RSA PRIVATE KEY", "PRIVATE KEY", "ENCRYPTED PRIVATE KEY":
			der := block.Bytes
			var err error
			switch {
			case block.Type == "ENCRYPTED PRIVATE KEY":
				if len(passphrase) == 0 {
					return nil, fmt.Errorf("PEM block %d is an encrypted PKCS#8 key: set its passphrase in an environment variable and name that with --sp-key-pass-env: %w", n, ErrPassphrase)
				}
				der, err = decryptPKCS8(der, passphrase)
			case block.Headers["Proc-Type"] == "4,ENCRYPTED":
				if len(passphrase) == 0 {
					return nil, fmt.Errorf("PEM block %d (%s) is encrypted (%s): set its passphrase in an environment variable and name that with --sp-key-pass-env: %w", n, block.Type, block.Headers["DEK-Info"], ErrPassphrase)
				}
				der, err = decryptLegacyPEM(block, passphrase)
			}
			if err != nil {
				return nil, fmt.Errorf("PEM block %d (%s): %w", n, block.Type, err)
			}
			priv, err := parseDERKey(der)
			if err != nil {
				if (block.Headers["Proc-Type"] == "4,ENCRYPTED" || block.Type == "ENCRYPTED PRIVATE KEY") && !errors.Is(err, ErrNotRSA) {
					// CBC padding passes for about one wrong passphrase
					// in 256: the DER then does not parse.
					err = ErrPassphrase
				}
				return nil, fmt.Errorf("PEM block %d (%s): %w", n, block.Type, err)
			}
			privs = append(privs, priv)
		case "EC PRIVATE KEY", "DSA PRIVATE KEY", "OPENSSH PRIVATE KEY":
			return nil, fmt.Errorf("PEM block %d is an %s: %w", n, block.Type, ErrNotRSA)
		}
	}
	if len(privs) == 0 {
		if len(certs) > 0 {
			return nil, fmt.Errorf("%w: it holds only certificates (give the private key that belongs to the SP encryption certificate)", ErrNoKey)
		}
		return nil, ErrNoKey
	}
	var keys []*Key
	for _, p := range privs {
		k, err := NewKey(file, p, certs)
		if err != nil {
			return nil, err
		}
		keys = append(keys, k)
	}
	return keys, nil
}

// parseDERKey parses a PKCS#1 or PKCS#8 RSA private key.
func parseDERKey(der []byte) (*rsa.PrivateKey, error) {
	if k, err := x509.ParsePKCS1PrivateKey(der); err == nil {
		return k, nil
	}
	k, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, fmt.Errorf("not a PKCS#1 or PKCS#8 private key: %w", err)
	}
	rk, ok := k.(*rsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("%T: %w", k, ErrNotRSA)
	}
	return rk, nil
}

// decryptLegacyPEM decrypts an OpenSSL "Proc-Type: 4,ENCRYPTED" PEM block
// (RFC 1423 with DES-CBC, DES-EDE3-CBC or AES-CBC, as "openssl rsa -aes256"
// and old ssh-keygen write it). The format is insecure by design, but SP keys
// exported years ago use it; reading one offline discloses nothing.
func decryptLegacyPEM(block *pem.Block, passphrase []byte) ([]byte, error) {
	//lint:ignore SA1019 reading existing legacy-encrypted key files is the point; samlcheck never writes them
	der, err := x509.DecryptPEMBlock(block, passphrase)
	if errors.Is(err, x509.IncorrectPasswordError) {
		return nil, ErrPassphrase
	}
	return der, err
}

func sha256Sum(b []byte) []byte {
	s := sha256.Sum256(b)
	return s[:]
}
