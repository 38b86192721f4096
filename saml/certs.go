package saml

import (
	"bytes"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
)

// ParseCertificates reads X.509 certificates from a file's contents: one or
// more PEM CERTIFICATE blocks, a single DER certificate, or the bare Base64
// of one (as IdP consoles and metadata show it). name is used in errors.
func ParseCertificates(name string, data []byte) ([]*x509.Certificate, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var certs []*x509.Certificate
	rest := data
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("saml: %s: certificate %d: %w", name, len(certs)+1, err)
		}
		certs = append(certs, c)
	}
	if len(certs) > 0 {
		return certs, nil
	}
	if bytes.Contains(data, []byte("-----BEGIN")) {
		return nil, fmt.Errorf("saml: %s: no CERTIFICATE block in the PEM data", name)
	}
	der := data
	if c, err := x509.ParseCertificate(der); err == nil {
		return []*x509.Certificate{c}, nil
	}
	b64 := removeWhitespace(string(data))
	if d, err := base64.StdEncoding.DecodeString(b64); err == nil {
		if c, err := x509.ParseCertificate(d); err == nil {
			return []*x509.Certificate{c}, nil
		}
	}
	return nil, fmt.Errorf("saml: %s: %w", name, errNotCertificate)
}

var errNotCertificate = errors.New("not a certificate (want PEM, DER or Base64 DER)")
