package main

import (
	"encoding/base64"
	"net/url"
	"time"

	"github.com/beevik/etree"
)

// authnRequestXML returns the AuthnRequest IAM Identity Center sends to the
// IdP (ID _req-<id>), serialised with its XML declaration.
func authnRequestXML(id string) ([]byte, error) {
	req := etree.NewElement("saml2p:AuthnRequest")
	req.CreateAttr("xmlns:saml2p", nsProtocol)
	req.CreateAttr("AssertionConsumerServiceURL", idcACS)
	req.CreateAttr("Destination", idpSSO)
	req.CreateAttr("ForceAuthn", "false")
	req.CreateAttr("ID", "_req-"+id)
	req.CreateAttr("IsPassive", "false")
	req.CreateAttr("IssueInstant", styleSAML2.instant(fixtureTime().Add(-25*time.Second)))
	req.CreateAttr("ProtocolBinding", bindingPOST)
	req.CreateAttr("Version", "2.0")
	issuer := req.CreateElement("saml2:Issuer")
	issuer.CreateAttr("xmlns:saml2", nsAssertion)
	issuer.SetText(idcAudience)
	policy := req.CreateElement("saml2p:NameIDPolicy")
	policy.CreateAttr("AllowCreate", "false")
	policy.CreateAttr("Format", nameIDEmail)
	doc := etree.NewDocument()
	doc.SetRoot(req)
	b, err := doc.WriteToBytes()
	if err != nil {
		return nil, err
	}
	return withDecl(b), nil
}

// redirectURL returns the HTTP-Redirect binding URL carrying the AuthnRequest
// _req-<id> to the IdP (saml-bindings §3.4.4): DEFLATE, Base64, URL-encoding.
func redirectURL(id, relayState string) (string, error) {
	req, err := authnRequestXML(id)
	if err != nil {
		return "", err
	}
	compressed, err := deflate(req)
	if err != nil {
		return "", err
	}
	q := "SAMLRequest=" + url.QueryEscape(base64.StdEncoding.EncodeToString(compressed))
	if relayState != "" {
		q += "&RelayState=" + url.QueryEscape(relayState)
	}
	return idpSSO + "?" + q, nil
}

// writeInputs writes testdata/inputs/: the base response in each form a user
// may paste or save it, and a Redirect-binding URL.
func (g *generator) writeInputs() error {
	valid := expect{profile: "auto", at: checkTime()}
	xml, err := g.signedResponse(idcResponse("input"))
	if err != nil {
		return err
	}
	value := postValue(xml)
	redirect, err := redirectURL("input", idcRelayState)
	if err != nil {
		return err
	}
	files := []struct {
		name string
		data string
	}{
		{"response.xml", xmlDecl + "\n" + string(xml) + "\n"},
		{"response.b64", wrap76(value)},
		{"post-body.txt", "SAMLResponse=" + url.QueryEscape(value) + "&RelayState=" + url.QueryEscape(idcRelayState) + "\n"},
		{"redirect.url", redirect + "\n"},
	}
	for _, f := range files {
		if err := g.writeWithSidecar("inputs/"+f.name, []byte(f.data), valid); err != nil {
			return err
		}
	}
	return nil
}
