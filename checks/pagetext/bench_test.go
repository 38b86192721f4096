package pagetext

import (
	"fmt"
	"strings"
	"testing"
)

// benchBodies are realistic response bodies for BenchmarkFoundIn: a
// large minified JSON document full of common words (decoy), a large HTML
// application page (decoy) and a real error page.
func benchBodies() []struct{ name, mime, body string } {
	var js strings.Builder
	js.WriteString(`{"items":[`)
	for i := 0; js.Len() < 200<<10; i++ {
		if i > 0 {
			js.WriteByte(',')
		}
		fmt.Fprintf(&js, `{"id":%d,"request":"GET /api/v1/items/%d","error":null,"status":"ok","note":"not cached; the response of session %d was sent to the application","tags":["error","request","retry"]}`, i, i, i)
	}
	js.WriteString(`]}`)

	var page strings.Builder
	page.WriteString(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Console</title>` +
		`<link rel="stylesheet" href="/static/app.css"><style>.nav{display:flex}.hidden{display:none}</style>` +
		`<script>window.__CONFIG__={"api":"/api","errorPage":"/error","retries":3};</script></head><body><div id="root">`)
	for i := 0; page.Len() < 100<<10; i++ {
		fmt.Fprintf(&page, `<div class="row"><a href="/items/%d?view=full&amp;tab=2">Item %d</a>`+
			`<span class="muted">Updated by <b>admin</b> &middot; request %d</span>`+
			`<p>This application does not store your session; the response is not cached.</p></div>`, i, i, i)
	}
	page.WriteString(`</div><script src="/static/app.js"></script></body></html>`)

	// A page whose links and labels end in letters right before an inline
	// tag with quoted attributes: the markup the quick test must read.
	var links strings.Builder
	links.WriteString(`<!DOCTYPE html><html><head><title>Docs</title></head><body><ul>`)
	for i := 0; links.Len() < 100<<10; i++ {
		fmt.Fprintf(&links, `<li><a href="/docs/%d" class="nav">Index</a><span class="sep" title="a>b">Zoo</span>`+
			`<em data-x='1'>Quiz</em><b>Fox</b></li>`, i)
	}
	links.WriteString(`</ul></body></html>`)

	// The worst case: letters that follow each other in a phrase word
	// ("x" and "p" as in "unexpected") on both sides of block tags with
	// quoted attributes, so that the quick test reads the page with the
	// tokenizer.
	var blocks strings.Builder
	blocks.WriteString(`<!DOCTYPE html><html><head><title>Docs</title></head><body>`)
	for i := 0; blocks.Len() < 100<<10; i++ {
		fmt.Fprintf(&blocks, `<div class="row" data-i="%d">Box<div class="cell">Pin</div></div>`, i)
	}
	blocks.WriteString(`</body></html>`)

	// An application page that uses the words of error messages in other
	// orders (hargen -mix html): every page passes mayShow.
	words := strings.Fields("an unexpected error has occurred the request was not valid and could not be processed access denied please contact your account administrator invalid session token found it's you us")
	var wordy strings.Builder
	wordy.WriteString(`<!DOCTYPE html><html><head><title>App</title></head><body>`)
	for i := 0; wordy.Len() < 100<<10; i++ {
		fmt.Fprintf(&wordy, `<div class="alert"><span>%s lorem %s ipsum %s dolor %s</span></div><p>%s sit %s amet</p>`,
			words[i%len(words)], words[(i*7+3)%len(words)], words[(i*5+1)%len(words)], words[(i*3+2)%len(words)], words[(i*11+5)%len(words)], words[(i*13+4)%len(words)])
	}
	wordy.WriteString(`</body></html>`)

	errPage := `<!DOCTYPE html><html><head><title>Error</title><style>body{font-family:sans-serif}</style></head>` +
		`<body><div class="container"><h1>Error</h1><p>It&rsquo;s not you, it&rsquo;s us.</p>` +
		`<p>We couldn&#39;t complete your request right now. Please try again later.</p></div></body></html>`
	return []struct{ name, mime, body string }{
		{"json-decoy-200KB", "application/json", js.String()},
		{"html-app-100KB", "text/html; charset=utf-8", page.String()},
		{"html-links-100KB", "text/html", links.String()},
		{"html-blocks-100KB", "text/html", blocks.String()},

		{"html-error-words-100KB", "text/html; charset=utf-8", wordy.String()},
		{"error-page", "text/html", errPage},
	}
}

// BenchmarkFoundIn measures FoundIn with the phrases of the error/* rules
// (what checks.MayBeErrorPage does for each response body of a HAR).
func BenchmarkFoundIn(b *testing.B) {
	tab := errorTable(b)
	for _, bb := range benchBodies() {
		body := []byte(bb.body)
		b.Run(bb.name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				tab.FoundIn(bb.mime, body)
			}
		})
	}
}
