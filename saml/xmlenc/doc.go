// Package xmlenc decrypts XML Encryption (xmlenc-core1) as SAML identity
// providers send it — the EncryptedAssertion, EncryptedID and
// EncryptedAttribute of saml-core §2.2.4 and §2.3.4 — with the service
// provider's RSA private keys, and says precisely why a key does not open
// an element: the EncryptedKey names another certificate or key name, the
// padding or authentication tag fails with the right key (altered data),
// an algorithm is not supported.
//
// It is written on the standard library (crypto/rsa with OAEPOptions for
// the digest and MGF1 hash separately, crypto/cipher for CBC and GCM):
// crewjam/saml/xmlenc and gosaml2 read only one key, no recipient, return
// untyped errors, and use the OAEP digest for MGF1 as well, which
// rsa-oaep-mgf1p with a SHA-256 digest and xmlenc11#rsa-oaep with an
// explicit MGF do not.
//
// Supported algorithms:
//
//	key transport  rsa-oaep-mgf1p (digest SHA-1 default, SHA-224/256/384/512; MGF1-SHA-1)
//	               xmlenc11#rsa-oaep (digest as above; xenc11:MGF mgf1sha1 default … mgf1sha512; OAEPparams label)
//	               rsa-1_5 (deprecated: decrypted, Result.Deprecated says why)
//	data           aes128-cbc, aes192-cbc, aes256-cbc, tripledes-cbc,
//	               xmlenc11#aes128-gcm, aes192-gcm, aes256-gcm
//
// Keys are read by ParseKeys (PEM PKCS#1/PKCS#8, encrypted PKCS#8 PBES2,
// legacy encrypted PEM, DER, PKCS#12). A Key never prints its private half.
package xmlenc
