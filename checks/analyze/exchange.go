package analyze

import (
	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/har/capture"
	"github.com/samlcheck/samlcheck/saml"
)

// maxExchanges and maxExchangeBytes bound what one HAR keeps for the
// token, SCIM and connection rules: the number of exchanges, and the sum
// of their body lengths.
const (
	maxExchanges     = 4096
	maxExchangeBytes = 64 << 20
)

// exchangeKeeper returns the har.ScanOptions.KeepExchange of a HAR: the
// exchanges the token, SCIM and connection rules may need
// (checks.KeepExchange), within maxExchanges and maxExchangeBytes; dropped
// reports how many were left out.
func exchangeKeeper() (keep func(x *capture.Exchange) bool, dropped func() int) {
	n, size, drop := 0, 0, 0
	keep = func(x *capture.Exchange) bool {
		if !checks.KeepExchange(x) {
			return false
		}
		b := len(x.RequestBody) + len(x.ResponseBody)
		if n >= maxExchanges || size+b > maxExchangeBytes {
			drop++
			return false
		}
		n, size = n+1, size+b
		return true
	}
	return keep, func() int { return drop }
}

// document returns the capture of a file that holds a SCIM document or a
// JWT pasted alone, or false.
func document(file *Loaded, data []byte) bool {
	kind := checks.KindOf(data)
	if kind == "" {
		return false
	}
	file.Input.Kind, file.Input.Exchanges = kind, 1
	file.Capture.Documents = []capture.Document{{Source: saml.Source{File: file.Input.File, Entry: -1, Where: saml.InFile}, Kind: kind, Text: string(data)}}
	return true
}
