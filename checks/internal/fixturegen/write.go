package main

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// generator writes fixtures under out, signing with signer.
type generator struct {
	out    string
	signer *signer
	// other signs as the untrusted "other" key (testdata/keys/other.*).
	other *signer
	// keys is the directory holding the test keys.
	keys string
}

// expect is a fixture's expectation, written as a key=value line:
// in an XML comment before the root element, or in a .want sidecar.
type expect struct {
	want    []string // rule ids that must be reported (sorted)
	profile string   // identity-center, iam, connect, saml or auto
	abac    bool
	users   string // users file relative to the fixture's folder, optional
	at      time.Time
	// flags are further keys named like the CLI's flags (idp-cert, acs,
	// issuer, audience, skew, idp-metadata, sp-metadata), written sorted.
	flags map[string]string
}

// line returns the expectation as "want=… profile=… abac=… [users=…] [at=…]".
func (e expect) line() string {
	var b strings.Builder
	b.WriteString("want=" + strings.Join(e.want, ","))
	b.WriteString(" profile=" + e.profile)
	if e.abac {
		b.WriteString(" abac=true")
	} else {
		b.WriteString(" abac=false")
	}
	if e.users != "" {
		b.WriteString(" users=" + e.users)
	}
	if !e.at.IsZero() { // no at=: the message's IssueInstant is the reference time
		b.WriteString(" at=" + e.at.UTC().Format(time.RFC3339))
	}
	for _, k := range slices.Sorted(maps.Keys(e.flags)) {
		b.WriteString(" " + k + "=" + e.flags[k])
	}
	return b.String()
}

// comment returns the expectation as the XML comment fixtures start with.
func (e expect) comment() string {
	return "<!-- samlcheck: " + e.line() + " -->"
}

// write writes data to rel (a slash-separated path under g.out).
func (g *generator) write(rel string, data []byte) error {
	return writeFile(filepath.Join(g.out, filepath.FromSlash(rel)), data)
}

// writeWithSidecar writes data to rel and the expectation to rel+".want".
func (g *generator) writeWithSidecar(rel string, data []byte, e expect) error {
	if err := g.write(rel, data); err != nil {
		return err
	}
	return g.write(rel+".want", []byte(e.line()+"\n"))
}

// writeXML writes an XML fixture: declaration, expectation comment, then the
// (signed) document. The comment sits outside the root element, so it is
// covered by no signature.
func (g *generator) writeXML(rel string, xml []byte, e expect) error {
	var b bytes.Buffer
	b.WriteString(xmlDecl + "\n")
	b.WriteString(e.comment() + "\n")
	b.Write(bytes.TrimRight(xml, "\n"))
	b.WriteString("\n")
	return g.write(rel, b.Bytes())
}

// signedResponse builds and signs the response o describes and returns it
// serialised, without XML declaration.
func (g *generator) signedResponse(o respOpts) ([]byte, error) {
	doc := buildResponse(o)
	if o.edit != nil {
		o.edit(doc.Root())
	}
	s := g.signer
	if o.signWithOther {
		s = g.other
	}
	if o.signWith != nil {
		var err error
		if s, err = o.signWith(g); err != nil {
			return nil, err
		}
	}
	if o.seal != nil {
		inner, outer := o, o
		inner.signResponse, outer.signAssert = false, false
		if err := s.signResponse(doc, inner); err != nil {
			return nil, err
		}
		if err := o.seal(g, doc.Root()); err != nil {
			return nil, err
		}
		o = outer
	}
	if err := s.signResponse(doc, o); err != nil {
		return nil, err
	}
	if o.tamper != nil {
		o.tamper(doc.Root())
	}
	xml, err := serialize(doc)
	if err != nil {
		return nil, err
	}
	return bytes.TrimRight(xml, "\n"), nil
}

// postValue returns the HTTP-POST binding value of a serialised message: the
// document with its XML declaration, Base64 on one line (saml-bindings §3.5.4).
func postValue(xml []byte) string {
	return base64.StdEncoding.EncodeToString(withDecl(xml))
}

// withDecl prefixes the XML declaration.
func withDecl(xml []byte) []byte {
	return append([]byte(xmlDecl), xml...)
}

// deflate compresses data with raw DEFLATE (RFC 1951), as the HTTP-Redirect
// binding does (saml-bindings §3.4.4.1).
func deflate(data []byte) ([]byte, error) {
	var b bytes.Buffer
	w, err := flate.NewWriter(&b, flate.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// wrap76 breaks s into lines of 76 characters (MIME style), ending with a newline.
func wrap76(s string) string {
	var b strings.Builder
	for len(s) > 76 {
		b.WriteString(s[:76] + "\n")
		s = s[76:]
	}
	b.WriteString(s + "\n")
	return b.String()
}
