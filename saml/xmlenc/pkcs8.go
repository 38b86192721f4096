package xmlenc

import (
	"crypto"
	"crypto/aes"
	"crypto/cipher"
	"crypto/des"
	"crypto/pbkdf2"
	"crypto/subtle"
	"encoding/asn1"
	"fmt"
	"hash"

	// Registers the PBKDF2 PRFs for crypto.Hash.New.
	_ "crypto/sha1"
	_ "crypto/sha256"
	_ "crypto/sha512"
)

// Encrypted PKCS#8 (RFC 5208 §6, RFC 8018 PBES2 §6.2) as "openssl pkcs8
// -topk8" and "openssl genpkey -aes256" write it. The standard library reads
// only unencrypted PKCS#8; PBES2 with PBKDF2 is a few ASN.1 structures over
// crypto/pbkdf2 and crypto/cipher.

var (
	oidPBES2      = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 13}
	oidPBKDF2     = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 12}
	oidScrypt     = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 11591, 4, 11}
	oidHMACSHA1   = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 7}
	oidHMACSHA224 = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 8}
	oidHMACSHA256 = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 9}
	oidHMACSHA384 = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 10}
	oidHMACSHA512 = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 11}
	oidAES128CBC  = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 2}
	oidAES192CBC  = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 22}
	oidAES256CBC  = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 42}
	oidDESEDE3CBC = asn1.ObjectIdentifier{1, 2, 840, 113549, 3, 7}
)

type algorithmIdentifier struct {
	Algorithm  asn1.ObjectIdentifier
	Parameters asn1.RawValue `asn1:"optional"`
}

type encryptedPrivateKeyInfo struct {
	Algorithm     algorithmIdentifier
	EncryptedData []byte
}

type pbes2Params struct {
	KeyDerivationFunc algorithmIdentifier
	EncryptionScheme  algorithmIdentifier
}

type pbkdf2Params struct {
	Salt           []byte
	IterationCount int
	KeyLength      int                 `asn1:"optional"`
	PRF            algorithmIdentifier `asn1:"optional"`
}

// maxPBKDF2Iterations bounds the work a key file can ask for.
const maxPBKDF2Iterations = 10_000_000

// decryptPKCS8 decrypts an EncryptedPrivateKeyInfo and returns the
// PrivateKeyInfo DER.
func decryptPKCS8(der, passphrase []byte) ([]byte, error) {
	var info encryptedPrivateKeyInfo
	if rest, err := asn1.Unmarshal(der, &info); err != nil || len(rest) > 0 {
		return nil, fmt.Errorf("encrypted PKCS#8: malformed EncryptedPrivateKeyInfo")
	}
	if !info.Algorithm.Algorithm.Equal(oidPBES2) {
		return nil, fmt.Errorf("encrypted PKCS#8: encryption scheme %s is not supported, only PBES2 (convert it: openssl pkcs8 -topk8 -v2 aes256 -in old.pem -out new.pem)", info.Algorithm.Algorithm)
	}
	var params pbes2Params
	if _, err := asn1.Unmarshal(info.Algorithm.Parameters.FullBytes, &params); err != nil {
		return nil, fmt.Errorf("encrypted PKCS#8: malformed PBES2 parameters")
	}
	kdf := params.KeyDerivationFunc.Algorithm
	if kdf.Equal(oidScrypt) {
		return nil, fmt.Errorf("encrypted PKCS#8: key derivation scrypt is not supported, only PBKDF2 (convert it: openssl pkcs8 -topk8 -v2 aes256 -v2prf hmacWithSHA256)")
	}
	if !kdf.Equal(oidPBKDF2) {
		return nil, fmt.Errorf("encrypted PKCS#8: key derivation %s is not supported, only PBKDF2", kdf)
	}
	var kp pbkdf2Params
	if _, err := asn1.Unmarshal(params.KeyDerivationFunc.Parameters.FullBytes, &kp); err != nil {
		return nil, fmt.Errorf("encrypted PKCS#8: malformed PBKDF2 parameters")
	}
	if kp.IterationCount < 1 || kp.IterationCount > maxPBKDF2Iterations {
		return nil, fmt.Errorf("encrypted PKCS#8: PBKDF2 iteration count %d out of range 1..%d", kp.IterationCount, maxPBKDF2Iterations)
	}
	prf := crypto.SHA1
	if len(kp.PRF.Algorithm) > 0 {
		switch {
		case kp.PRF.Algorithm.Equal(oidHMACSHA1):
		case kp.PRF.Algorithm.Equal(oidHMACSHA224):
			prf = crypto.SHA224
		case kp.PRF.Algorithm.Equal(oidHMACSHA256):
			prf = crypto.SHA256
		case kp.PRF.Algorithm.Equal(oidHMACSHA384):
			prf = crypto.SHA384
		case kp.PRF.Algorithm.Equal(oidHMACSHA512):
			prf = crypto.SHA512
		default:
			return nil, fmt.Errorf("encrypted PKCS#8: PBKDF2 PRF %s is not supported", kp.PRF.Algorithm)
		}
	}
	var keyLen int
	var newCipher func([]byte) (cipher.Block, error)
	scheme := params.EncryptionScheme.Algorithm
	switch {
	case scheme.Equal(oidAES128CBC):
		keyLen, newCipher = 16, aes.NewCipher
	case scheme.Equal(oidAES192CBC):
		keyLen, newCipher = 24, aes.NewCipher
	case scheme.Equal(oidAES256CBC):
		keyLen, newCipher = 32, aes.NewCipher
	case scheme.Equal(oidDESEDE3CBC):
		keyLen, newCipher = 24, des.NewTripleDESCipher
	default:
		return nil, fmt.Errorf("encrypted PKCS#8: cipher %s is not supported (AES-CBC and DES-EDE3-CBC are)", scheme)
	}
	if kp.KeyLength != 0 && kp.KeyLength != keyLen {
		return nil, fmt.Errorf("encrypted PKCS#8: PBKDF2 key length %d does not fit the cipher (%d)", kp.KeyLength, keyLen)
	}
	var iv []byte
	if _, err := asn1.Unmarshal(params.EncryptionScheme.Parameters.FullBytes, &iv); err != nil {
		return nil, fmt.Errorf("encrypted PKCS#8: malformed cipher IV")
	}
	key, err := pbkdf2.Key(func() hash.Hash { return prf.New() }, string(passphrase), kp.Salt, kp.IterationCount, keyLen)
	if err != nil {
		return nil, fmt.Errorf("encrypted PKCS#8: PBKDF2: %w", err)
	}
	block, err := newCipher(key)
	if err != nil {
		return nil, fmt.Errorf("encrypted PKCS#8: %w", err)
	}
	bs := block.BlockSize()
	ct := info.EncryptedData
	if len(iv) != bs || len(ct) == 0 || len(ct)%bs != 0 {
		return nil, fmt.Errorf("encrypted PKCS#8: ciphertext or IV length does not fit the cipher")
	}
	pt := make([]byte, len(ct))
	cipher.NewCBCDecrypter(block, iv).CryptBlocks(pt, ct)
	n := int(pt[len(pt)-1])
	if n == 0 || n > bs || n > len(pt) {
		return nil, fmt.Errorf("encrypted PKCS#8: %w", ErrPassphrase)
	}
	pad := pt[len(pt)-n:]
	for _, b := range pad {
		if subtle.ConstantTimeByteEq(b, byte(n)) != 1 {
			return nil, fmt.Errorf("encrypted PKCS#8: %w", ErrPassphrase)
		}
	}
	return pt[:len(pt)-n], nil
}
