package analyze

import (
	"io"

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

// exchangesTee returns a reader that passes r on to the SAML scan while a
// second reader, on a goroutine of its own, reads the same bytes for the
// exchanges the token, SCIM and connection rules need
// (checks.KeepExchange); wait returns them once the scan is done. The
// second reader always drains its input, so the scan never blocks on it.
func exchangesTee(r io.Reader, name string) (tee io.Reader, wait func(scanErr error) []checks.Exchange) {
	pr, pw := io.Pipe()
	done := make(chan []checks.Exchange, 1)
	go func() {
		var kept []checks.Exchange
		_, _ = har.Exchanges(pr, name, func(x *har.Exchange) bool {
			cx := Exchange(*x)
			if checks.KeepExchange(&cx) {
				kept = append(kept, cx)
			}
			return false
		})
		_, _ = io.Copy(io.Discard, pr)
		done <- kept
	}()
	wait = func(scanErr error) []checks.Exchange {
		// The scan may stop early (a truncated file): hand the rest on
		// so that both readers see the same bytes, then end the stream.
		if scanErr == nil {
			_, _ = io.Copy(io.Discard, io.TeeReader(r, pw))
		}
		_ = pw.Close()
		return <-done
	}
	return io.TeeReader(r, pw), wait
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
