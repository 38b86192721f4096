package checks

import (
	"errors"
	"strconv"

	"github.com/samlcheck/samlcheck/saml"
)

// decodeRule reports messages that cannot be decoded, naming the step.
var decodeRule = &Rule{
	ID:       "saml/decode",
	Title:    "the message cannot be decoded",
	Severity: Error,
	Profiles: []Profile{IdentityCenter, IAM, Connect, SAML},
	// It reports the messages that did not decode.
	RunDespiteErrors: true,
	Doc: "The service provider decodes the SAML message in the same steps samlcheck does: URL decoding, Base64, " +
		"DEFLATE for the Redirect binding, then XML. A message that fails one of them is rejected before any of its " +
		"content is looked at, usually with a generic error page.",
	Fix: "Capture the message again (a value copied from a log may be truncated or re-encoded). If the IdP itself " +
		"sends it this way, check its binding settings: POST-binding values are Base64 of the XML, Redirect-binding " +
		"values are DEFLATE, then Base64, then URL-encoded.",
	Refs: []Ref{
		samlBindingsSpec.at("§3.4.4.1 DEFLATE Encoding; §3.5.4 Message Encoding"),
		samlCoreSpec.at("§3 SAML Protocols (message schema)"),
	},
	Run: func(p *Pass) {
		if p.DecodeErr != nil {
			step := "decode"
			var de *saml.DecodeError
			if errors.As(p.DecodeErr, &de) {
				step = de.Step
			}
			var te *saml.TruncatedError
			if errors.As(p.DecodeErr, &te) {
				p.Report(Finding{
					Message: humanf("%s is truncated: %v; %s bytes of its XML decoded (samlcheck decode prints them)", paramName(p.Encoded), te, withCommas(len(te.Partial))),
					Fix: "Capture the message again, whole: proxies and logs that limit line length, HAR editors and chat clients " +
						"cut long values. Save the HAR from the browser's developer tools (with content), or copy the value " +
						"from the form post itself; the IdP sent the whole message.",
				})
				return
			}
			p.Report(Finding{Message: humanf("%s does not decode at step %s: %v", paramName(p.Encoded), step, p.DecodeErr)})
			return
		}
		if p.Message != nil && p.Message.Kind == saml.KindOther {
			root := "(none)"
			if p.Message.Doc != nil && p.Message.Doc.Root() != nil {
				root = p.Message.Doc.Root().FullTag()
			}
			msg := humanf("%s decodes to XML whose root element <%s> is not a SAML message or assertion", paramName(p.Encoded), root)
			if r := p.Message.Doc.Root(); r != nil && (r.Tag == "EntityDescriptor" || r.Tag == "EntitiesDescriptor") {
				msg += "; it is SAML metadata: pass it with --idp-metadata or --sp-metadata"
			}
			p.Report(Finding{Message: msg})
		}
	},
}

func paramName(e *saml.Encoded) string {
	if e.Param != "" {
		return e.Param
	}
	return "the value"
}

// withCommas formats n with thousands separators: 6240 → "6,240".
func withCommas(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
