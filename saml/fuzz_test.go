package saml

import (
	"compress/flate"
	"errors"
	"net/url"
	"testing"
)

func FuzzDecode(f *testing.F) {
	f.Add(sampleXML)
	f.Add(b64([]byte(sampleXML)))
	f.Add(url.QueryEscape(b64(deflateRaw(f, []byte(sampleXML), flate.BestCompression))))
	f.Add(wrapLines(b64([]byte(sampleXML)), 76, "\r\n"))
	f.Add(`<!DOCTYPE r [<!ENTITY x "y">]><r>&x;</r>`)
	f.Add(`<a/><b/>`)
	f.Add(`<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><p:ArtifactResponse xmlns:p="urn:oasis:names:tc:SAML:2.0:protocol"/></soap:Body></soap:Envelope>`)
	f.Add("%%%")
	f.Fuzz(func(t *testing.T, value string) {
		m, err := Decode(Encoded{Value: value}, &DecodeOptions{MaxInflated: 1 << 20})
		if err != nil {
			var de *DecodeError
			if !errors.As(err, &de) || de.Step == "" {
				t.Fatalf("error is not a *DecodeError with a step: %v", err)
			}
			return
		}
		if m.Doc == nil || m.Kind == "" || len(m.Steps) == 0 {
			t.Fatalf("incomplete message: kind %q, %d steps", m.Kind, len(m.Steps))
		}
		_, _, _ = m.ID(), m.Issuer(), m.Destination()
		_ = Path(m.Element())
		_ = Canonical(value)
	})
}

func FuzzParseInput(f *testing.F) {
	f.Add("SAMLResponse=abc%2B&RelayState=x")
	f.Add("https://idp/sso?SAMLRequest=abc&SigAlg=x&Signature=y")
	f.Add(`<form action=/acs><input name=SAMLResponse value="a&#43;b"></form>`)
	f.Add(`<!doctype html><!-- <input name="SAMLRequest"`)
	f.Add(sampleXML)
	f.Fuzz(func(t *testing.T, data string) {
		encs, err := ParseInput("fuzz", []byte(data))
		if err == nil && len(encs) == 0 {
			t.Fatal("no error and no values")
		}
		for _, e := range encs {
			if e.Source.Entry != -1 || e.Source.File != "fuzz" {
				t.Fatalf("bad source %+v", e.Source)
			}
		}
		_ = FormValues([]byte(data))
	})
}
