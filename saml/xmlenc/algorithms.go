package xmlenc

import (
	"crypto"
	"crypto/aes"
	"crypto/cipher"
	"crypto/des"
)

// XML namespaces of XML Encryption and XML Signature.
const (
	// NSXEnc is the XML Encryption 1.0 namespace (xenc).
	NSXEnc = "http://www.w3.org/2001/04/xmlenc#"
	// NSXEnc11 is the XML Encryption 1.1 namespace (xenc11).
	NSXEnc11 = "http://www.w3.org/2009/xmlenc11#"
	// NSDSig is the XML Signature namespace (ds).
	NSDSig = "http://www.w3.org/2000/09/xmldsig#"
)

// Key transport algorithms (xmlenc-core1 §5.5).
const (
	// RSAOAEPMGF1P is RSA-OAEP with MGF1-SHA-1 and the digest of its
	// ds:DigestMethod (SHA-1 by default).
	RSAOAEPMGF1P = NSXEnc + "rsa-oaep-mgf1p"
	// RSAOAEP is XML Encryption 1.1 RSA-OAEP: digest from ds:DigestMethod,
	// mask generation from xenc11:MGF (both SHA-1 by default).
	RSAOAEP = NSXEnc11 + "rsa-oaep"
	// RSA15 is RSAES-PKCS1-v1_5: deprecated (xmlenc-core1 §5.5.1, the
	// Bleichenbacher attack).
	RSA15 = NSXEnc + "rsa-1_5"
)

// Block encryption algorithms (xmlenc-core1 §5.2).
const (
	AES128CBC    = NSXEnc + "aes128-cbc"
	AES192CBC    = NSXEnc + "aes192-cbc"
	AES256CBC    = NSXEnc + "aes256-cbc"
	TripleDESCBC = NSXEnc + "tripledes-cbc"
	AES128GCM    = NSXEnc11 + "aes128-gcm"
	AES192GCM    = NSXEnc11 + "aes192-gcm"
	AES256GCM    = NSXEnc11 + "aes256-gcm"
)

// dataAlgorithm describes a block encryption algorithm.
type dataAlgorithm struct {
	keySize int
	gcm     bool
	block   func(key []byte) (cipher.Block, error)
}

var dataAlgorithms = map[string]dataAlgorithm{
	AES128CBC:    {16, false, aes.NewCipher},
	AES192CBC:    {24, false, aes.NewCipher},
	AES256CBC:    {32, false, aes.NewCipher},
	TripleDESCBC: {24, false, des.NewTripleDESCipher},
	AES128GCM:    {16, true, aes.NewCipher},
	AES192GCM:    {24, true, aes.NewCipher},
	AES256GCM:    {32, true, aes.NewCipher},
}

// digestAlgorithms are the ds:DigestMethod values RSA-OAEP accepts
// (xmlenc-core1 §5.7; http://www.w3.org/2000/09/xmldsig#sha256 is not a
// standard URI, but some IdPs write it).
var digestAlgorithms = map[string]crypto.Hash{
	NSDSig + "sha1": crypto.SHA1,
	"http://www.w3.org/2001/04/xmldsig-more#sha224": crypto.SHA224,
	NSXEnc + "sha256": crypto.SHA256,
	NSDSig + "sha256": crypto.SHA256,
	"http://www.w3.org/2001/04/xmldsig-more#sha384": crypto.SHA384,
	NSXEnc + "sha512": crypto.SHA512,
	NSDSig + "sha512": crypto.SHA512,
}

// mgfAlgorithms are the xenc11:MGF values (xmlenc-core1 §5.5.2).
var mgfAlgorithms = map[string]crypto.Hash{
	NSXEnc11 + "mgf1sha1":   crypto.SHA1,
	NSXEnc11 + "mgf1sha224": crypto.SHA224,
	NSXEnc11 + "mgf1sha256": crypto.SHA256,
	NSXEnc11 + "mgf1sha384": crypto.SHA384,
	NSXEnc11 + "mgf1sha512": crypto.SHA512,
}

// Algorithm describes one algorithm samlcheck supports, for documentation.
type Algorithm struct {
	// URI is the algorithm identifier; Name its short name.
	URI, Name string
	// Use is "key transport", "data", "digest" or "mask generation".
	Use string
	// Note says anything special (deprecated, default).
	Note string
}

// Algorithms lists every algorithm the decryptor supports.
func Algorithms() []Algorithm {
	return []Algorithm{
		{RSAOAEPMGF1P, "rsa-oaep-mgf1p", "key transport", "MGF1 with SHA-1; digest from ds:DigestMethod (SHA-1 default, SHA-224/256/384/512)"},
		{RSAOAEP, "rsa-oaep (1.1)", "key transport", "digest from ds:DigestMethod, MGF from xenc11:MGF (mgf1sha1 default, mgf1sha224/256/384/512); OAEPparams as the label"},
		{RSA15, "rsa-1_5", "key transport", "deprecated: decrypted, with a warning (Bleichenbacher padding oracle)"},
		{AES128CBC, "aes128-cbc", "data", ""},
		{AES192CBC, "aes192-cbc", "data", ""},
		{AES256CBC, "aes256-cbc", "data", ""},
		{AES128GCM, "aes128-gcm", "data", "authenticated: a changed byte fails the tag"},
		{AES192GCM, "aes192-gcm", "data", "authenticated"},
		{AES256GCM, "aes256-gcm", "data", "authenticated"},
		{TripleDESCBC, "tripledes-cbc", "data", "legacy"},
	}
}

// AlgorithmName returns the short name of an algorithm URI (its fragment),
// or the URI itself.
func AlgorithmName(uri string) string {
	for i := len(uri) - 1; i >= 0; i-- {
		if uri[i] == '#' {
			if i+1 < len(uri) {
				return uri[i+1:]
			}
			break
		}
	}
	return uri
}
