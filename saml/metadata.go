package saml

import "github.com/beevik/etree"

// Metadata is a SAML metadata EntityDescriptor (saml-metadata-2.0-os §2.3.2):
// an IdP's or a service provider's, as far as samlcheck checks it.
type Metadata struct {
	// Doc is the parsed document; Element the EntityDescriptor.
	Doc     *etree.Document
	Element *etree.Element
	// File names where the metadata came from.
	File string
	// Size is the document's size in bytes; HasBOM reports a UTF-8 byte
	// order mark at its start.
	Size   int
	HasBOM bool
	// EntityID is the entityID attribute.
	EntityID string
	// SigningCerts and EncryptionCerts hold the DER bytes of the
	// X509Certificates of the KeyDescriptors for signing (or without use)
	// and for encryption.
	SigningCerts    [][]byte
	EncryptionCerts [][]byte
	// NameIDFormats lists the NameIDFormat elements' values.
	NameIDFormats []string
	// SSOServices are the IdP's SingleSignOnService endpoints.
	SSOServices []Endpoint
	// ACSs are the SP's AssertionConsumerService endpoints.
	ACSs []Endpoint
}

// Endpoint is a metadata endpoint: a binding and a location.
type Endpoint struct {
	Binding  string
	Location string
	// Index and IsDefault are set for indexed endpoints (ACS).
	Index     string
	IsDefault bool
}
