package main

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"time"
)

// keyPair is a test signing key with its self-signed certificate.
type keyPair struct {
	key  *rsa.PrivateKey
	cert *x509.Certificate
	der  []byte // cert in DER form
}

// loadOrCreateKeyPair reads dir/<name>.key.pem, creating an RSA 2048 key
// there first when the file does not exist, then writes dir/<name>.crt.pem:
// a self-signed certificate derived from the key alone (fixed subject, serial
// and validity, deterministic PKCS#1 v1.5 signature), so it is byte-identical
// on every run.
func loadOrCreateKeyPair(dir, name, cn string, serial int64) (keyPair, error) {
	keyPath := filepath.Join(dir, name+".key.pem")
	key, err := readKey(keyPath)
	if errors.Is(err, fs.ErrNotExist) {
		key, err = createKey(keyPath, 2048)
	}
	if err != nil {
		return keyPair{}, err
	}
	kp, err := selfSigned(key, name, cn, serial, time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2045, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		return keyPair{}, err
	}
	if err := writeFile(filepath.Join(dir, name+".crt.pem"), kp.certPEM()); err != nil {
		return keyPair{}, err
	}
	return kp, nil
}

// certTemplate is the fixtures' certificate: subject cn of the
// organisation "samlcheck test fixtures", for digital signatures, signed
// with RSA SHA-256.
func certTemplate(serial int64, cn string, notBefore, notAfter time.Time) *x509.Certificate {
	return &x509.Certificate{
		SerialNumber:       big.NewInt(serial),
		Subject:            pkix.Name{CommonName: cn, Organization: []string{"samlcheck test fixtures"}},
		NotBefore:          notBefore,
		NotAfter:           notAfter,
		KeyUsage:           x509.KeyUsageDigitalSignature,
		SignatureAlgorithm: x509.SHA256WithRSA,
	}
}

// selfSigned makes a self-signed certificate for key with a fixed subject,
// serial and validity; PKCS#1 v1.5 signatures are deterministic, so the same
// key always gives the same certificate.
func selfSigned(key *rsa.PrivateKey, name, cn string, serial int64, notBefore, notAfter time.Time) (keyPair, error) {
	tmpl := certTemplate(serial, cn, notBefore, notAfter)
	tmpl.BasicConstraintsValid = true
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return keyPair{}, fmt.Errorf("%s: create certificate: %w", name, err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return keyPair{}, fmt.Errorf("%s: parse certificate: %w", name, err)
	}
	return keyPair{key: key, cert: cert, der: der}, nil
}

// certPEM returns the certificate in PEM form.
func (kp keyPair) certPEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: kp.der})
}

// readKey reads an RSA private key in PKCS#8 or PKCS#1 PEM form.
func readKey(path string) (*rsa.PrivateKey, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, fmt.Errorf("%s: no PEM block", path)
	}
	switch block.Type {
	case "RSA PRIVATE KEY":
		key, err := x509.ParsePKCS1PrivateKey(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return key, nil
	case "PRIVATE KEY":
		parsed, err := x509.ParsePKCS8PrivateKey(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		key, ok := parsed.(*rsa.PrivateKey)
		if !ok {
			return nil, fmt.Errorf("%s: not an RSA key", path)
		}
		return key, nil
	default:
		return nil, fmt.Errorf("%s: unexpected PEM block %q", path, block.Type)
	}
}

// createKey generates a new RSA key of the given size and writes it to path
// (PKCS#8 PEM).
func createKey(path string, bits int) (*rsa.PrivateKey, error) {
	key, err := rsa.GenerateKey(rand.Reader, bits)
	if err != nil {
		return nil, fmt.Errorf("generate key: %w", err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, fmt.Errorf("marshal key: %w", err)
	}
	if err := writeFile(path, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})); err != nil {
		return nil, err
	}
	return key, nil
}

// writeFile writes data to path, creating its directory.
func writeFile(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}
