package analyze

import (
	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/har"
	"github.com/samlcheck/samlcheck/saml"
)

// Exchange converts a HAR exchange into the checks' copy of it.
func Exchange(x har.Exchange) checks.Exchange {
	out := checks.Exchange{
		Source: x.Source, RequestMime: x.RequestMime, RequestBody: x.RequestBody, Location: x.Location,
		ResponseMime: x.ResponseMime, ResponseBody: x.ResponseBody, Error: x.Error, SecurityState: x.SecurityState,
		Authorization: x.Authorization,
	}
	for _, f := range x.Form {
		out.Form = append(out.Form, [2]string{f.Name, f.Value})
	}
	return out
}

// keepExchange is the har.ScanOptions.KeepExchange of a HAR: the
// exchanges the token, SCIM and connection rules may need
// (checks.KeepExchange).
func keepExchange(x *har.Exchange) bool {
	cx := Exchange(*x)
	return checks.KeepExchange(&cx)
}

// document returns the capture of a file that holds a SCIM document or a
// JWT pasted alone, or false.
func document(file *File, data []byte) bool {
	kind := checks.KindOf(data)
	if kind == "" {
		return false
	}
	file.Input.Kind, file.Input.Exchanges = kind, 1
	file.Capture.Documents = []checks.Document{{Source: saml.Source{File: file.Input.File, Entry: -1, Where: saml.InFile}, Kind: kind, Text: string(data)}}
	return true
}
