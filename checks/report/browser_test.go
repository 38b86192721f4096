package report_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/samlcheck/samlcheck/checks"
)

// findBrowser returns the Chromium to drive: $SAMLCHECK_CHROMIUM, else the
// first of the usual names on $PATH.
func findBrowser(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("SAMLCHECK_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no Chromium on this machine (looked for chromium, chromium-browser, google-chrome, headless-shell on $PATH and $SAMLCHECK_CHROMIUM): " +
		"install Debian's chromium (apt-get install chromium; .ci/run does) to run the browser test")
	return ""
}

// artefactDir is where the screenshots go: $SAMLCHECK_ARTIFACTS, else
// samlcheck-html-report under the temporary directory. It is not removed.
func artefactDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("SAMLCHECK_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "samlcheck-html-report")
	}
	require.NoError(t, os.MkdirAll(dir, 0o755))
	return dir
}

// browser is one headless Chromium with the events of its tab recorded.
type browser struct {
	ctx context.Context
	mu  sync.Mutex
	req []string // URLs of the requests made
	log []string // browser log entries (CSP violations land here)
}

func startBrowser(t *testing.T) *browser {
	t.Helper()
	exe := findBrowser(t)
	// Chromium may still write to its profile while it exits: remove it
	// at the end on a best-effort basis rather than with t.TempDir, whose
	// failure to remove would fail the test.
	profile, err := os.MkdirTemp("", "samlcheck-chromium-")
	require.NoError(t, err)
	t.Cleanup(func() { _ = os.RemoveAll(profile) })
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(profile),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("force-prefers-reduced-motion", true),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	b := &browser{}
	ctx, cancel := chromedp.NewContext(actx, chromedp.WithListener(func(ev any) {
		b.mu.Lock()
		defer b.mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			b.req = append(b.req, ev.Request.URL)
		case *log.EventEntryAdded:
			b.log = append(b.log, string(ev.Entry.Source)+": "+ev.Entry.Text)
		}
	}))
	t.Cleanup(cancel)
	tctx, cancelT := context.WithTimeout(ctx, 5*time.Minute)
	t.Cleanup(cancelT)
	b.ctx = tctx
	_, err = chromedp.Call(b.ctx, network.Enable, network.EnableParams{})
	require.NoError(t, err, "starting %s", exe)
	_, err = chromedp.Call(b.ctx, log.Enable, cdp.Empty{})
	require.NoError(t, err)
	return b
}

// open loads the page from file:// and returns its URL; it asserts that
// the page made no request but for itself and that nothing was blocked.
func (b *browser) open(t *testing.T, path string) string {
	t.Helper()
	b.mu.Lock()
	b.req, b.log = nil, nil
	b.mu.Unlock()
	u := (&url.URL{Scheme: "file", Path: path}).String()
	require.NoError(t, chromedp.Do(b.ctx, chromedp.Navigate(u), chromedp.WaitReady("body")))
	// Give late fetches (fonts, images a style might ask for) time to start.
	require.NoError(t, chromedp.Do(b.ctx, chromedp.Sleep(300*time.Millisecond)))
	// The listener takes b.mu on the tab's reading goroutine: never hold
	// it across a command.
	b.mu.Lock()
	reqs, logs := b.req, b.log
	b.mu.Unlock()
	for _, r := range reqs {
		assert.Equal(t, u, r, "%s: the page made a request", path)
	}
	assert.NotEmpty(t, reqs, "no network event seen: is Network.enable working?")
	assert.Empty(t, logs, "%s: the browser logged (a CSP violation?)", path)
	resources, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`performance.getEntriesByType("resource").length`))
	require.NoError(t, err)
	assert.Zero(t, resources, "%s: resources were loaded", path)
	// The style sheet applied: its hash in the CSP is right.
	border, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector(".verdict")).borderLeftWidth`))
	require.NoError(t, err)
	assert.NotEqual(t, "0px", border, "%s: the inline style sheet was not applied (CSP hash?)", path)
	return u
}

func eval[T any](t *testing.T, b *browser, js string) T {
	t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](js))
	require.NoError(t, err, js)
	return v
}

func writePage(t *testing.T, dir, name string, r *checks.Report) string {
	t.Helper()
	p := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(p, []byte(renderHTML(t, r)), 0o644))
	return p
}

// TestHTMLInBrowser loads generated reports in headless Chromium.
func TestHTMLInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the browser test starts Chromium")
	}
	b := startBrowser(t)
	dir := t.TempDir()
	art := artefactDir(t)

	t.Run("failing login", func(t *testing.T) {
		r := analyzeReport(t, failingLogin)
		page := writePage(t, dir, "failing.html", r)
		b.open(t, page)
		for i, f := range r.Findings {
			js := fmt.Sprintf(`(() => { const e = document.getElementById("f%d"); return e && e.offsetParent !== null ? e.innerText : "" })()`, i+1)
			got := eval[string](t, b, js)
			assert.Contains(t, got, f.Rule, "finding %d", i+1)
			assert.Contains(t, strings.Join(strings.Fields(got), " "), strings.Join(strings.Fields(f.Message), " "), "finding %d", i+1)
		}
		body := eval[string](t, b, `document.body.innerText`)
		for _, m := range r.Messages {
			if m.NameID != "" {
				assert.Contains(t, body, m.NameID)
			}
		}
		// Every entry a message was seen in and the error page are steps.
		entries := map[int]bool{}
		for _, m := range r.Messages {
			for _, s := range m.Sightings {
				entries[s.Entry] = true
			}
		}
		for _, f := range r.Findings {
			if f.Location.MessageIndex < 0 && f.Location.Entry >= 0 {
				entries[f.Location.Entry] = true
			}
		}
		require.NotEmpty(t, entries)
		for e := range entries {
			vis := eval[bool](t, b, `(() => { const s = document.getElementById("in1-e`+strconv.Itoa(e)+`"); return !!s && s.offsetParent !== null && s.innerText.includes("entry `+strconv.Itoa(e+1)+`") })()`)
			assert.True(t, vis, "timeline step of entry %d is not shown", e)
		}
		// Clicking a finding's XML path scrolls to its element.
		clicked := 0
		for i, f := range r.Findings {
			if f.Location.XMLPath == "" {
				continue
			}
			sel := fmt.Sprintf("#f%d a.to-xml", i+1)
			target := eval[string](t, b, `document.querySelector("`+sel+`").getAttribute("href").slice(1)`)
			require.NoError(t, chromedp.Do(b.ctx, chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`), chromedp.Click(chromedp.CSS(sel))))
			inView, err := chromedp.Run(b.ctx, chromedp.Poll[bool](`(() => { const e = document.getElementById("`+target+`"); const r = e.getBoundingClientRect();
				return location.hash === "#`+target+`" && r.top > -2 && r.top < innerHeight })()`, chromedp.WithPollingTimeout(5*time.Second)))
			if err != nil {
				t.Log(eval[string](t, b, `location.hash + " " + JSON.stringify(document.getElementById("`+target+`").getBoundingClientRect()) + " " + innerHeight + " " + scrollY`))
			}
			require.NoError(t, err, "after clicking %s, element %s is not in view", sel, target)
			assert.True(t, inView)
			tag := eval[string](t, b, `document.getElementById("`+target+`").querySelector(".x-tag").textContent`)
			assert.True(t, strings.HasSuffix(f.Location.XMLPath, "/"+tag) || strings.Contains(f.Location.XMLPath, "/"+tag+"["), "%s is not the element of %s", tag, f.Location.XMLPath)
			// And the element links back to the finding.
			back := eval[bool](t, b, fmt.Sprintf(`!!document.getElementById("%s").querySelector('a.x-mark[href="#f%d"]')`, target, i+1))
			assert.True(t, back, "element %s does not link back to finding %d", target, i+1)
			clicked++
		}
		assert.Positive(t, clicked)
		shoot(t, b, art, "failing-login")

		// Keyboard: the first Tab reaches the skip link, which leads to
		// the report.
		b.open(t, page)
		require.NoError(t, chromedp.Do(b.ctx, chromedp.KeyEvent("\t")))
		assert.Equal(t, "#main", eval[string](t, b, `document.activeElement.getAttribute("href")`))

		// Dark mode: the page follows prefers-color-scheme.
		light := eval[string](t, b, `getComputedStyle(document.body).backgroundColor`)
		media(t, b, "", "dark")
		dark := eval[string](t, b, `getComputedStyle(document.body).backgroundColor`)
		assert.NotEqual(t, light, dark, "the background does not change in dark mode")
		assert.Equal(t, "rgb(13, 17, 23)", dark)
		shootDesktop(t, b, art, "failing-login-dark")

		// Print: contents and summaries hidden, the XML shown in full.
		media(t, b, "print", "light")
		assert.Equal(t, "none", eval[string](t, b, `getComputedStyle(document.querySelector("nav.toc")).display`))
		assert.Equal(t, "rgb(255, 255, 255)", eval[string](t, b, `getComputedStyle(document.body).backgroundColor`))
		media(t, b, "", "")
	})

	t.Run("hostile NameID", func(t *testing.T) {
		r := hostileReport()
		r.Messages[0].NameID = `<img src=x onerror="document.title='pwned'"><script>document.title='pwned'</script>`
		b.open(t, writePage(t, dir, "hostile.html", r))
		assert.Zero(t, eval[int](t, b, `document.querySelectorAll("script, img, iframe, object, embed").length`))
		assert.NotEqual(t, "pwned", eval[string](t, b, `document.title`))
		shown := eval[[]string](t, b, `[...document.querySelectorAll("dd code")].map(e => e.textContent)`)
		assert.Contains(t, shown, r.Messages[0].NameID, "the NameID is not shown as text")
	})

	t.Run("corpus", func(t *testing.T) {
		r, _ := corpusReport(t)
		require.NotNil(t, r)
		b.open(t, writePage(t, dir, "corpus.html", r))
		require.NoError(t, chromedp.Do(b.ctx, chromedp.EmulateViewport(1280, 900)))
		noOverflow(t, b, "corpus at desktop width")
		require.NoError(t, chromedp.Do(b.ctx, chromedp.ResetViewport()))
	})

	t.Run("folder", func(t *testing.T) {
		r := analyzeReport(t, "testdata/har", "testdata/inputs")
		b.open(t, writePage(t, dir, "folder.html", r))
		n := eval[int](t, b, `document.querySelectorAll("nav.toc > ol > li").length`)
		assert.Equal(t, len(r.Inputs)+2, n, "contents: one item per input, rules and about")
		assert.Equal(t, len(r.Findings), eval[int](t, b, `document.querySelectorAll("li.finding").length`))
		shoot(t, b, art, "folder")
	})
}

// noOverflow asserts that nothing on the page is wider than the viewport
// (a long URL, ID or Base64 value wraps instead).
func noOverflow(t *testing.T, b *browser, what string) {
	t.Helper()
	wide := eval[[]string](t, b, `(() => { const w = document.documentElement.clientWidth, out = [];
		for (const e of document.querySelectorAll("body *")) {
			if (e.getBoundingClientRect().right > w + 1 && !out.some(o => o.el.contains(e))) out.push({el: e, d: e.tagName + "." + e.className});
		}
		return out.map(o => o.d) })()`)
	assert.Empty(t, wide, "%s: elements wider than the viewport", what)
}

// media emulates a media type ("" for screen) and colour scheme ("" for
// the default).
func media(t *testing.T, b *browser, typ, scheme string) {
	t.Helper()
	p := emulation.SetEmulatedMediaParams{Media: typ}
	if scheme != "" {
		p.Features = []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}
	}
	_, err := chromedp.Call(b.ctx, emulation.SetEmulatedMedia, p)
	require.NoError(t, err)
}

// shootDesktop saves a full-page screenshot at desktop width.
func shootDesktop(t *testing.T, b *browser, dir, name string) {
	t.Helper()
	require.NoError(t, chromedp.Do(b.ctx, chromedp.EmulateViewport(1280, 900), chromedp.Evaluate[chromedp.Void](`document.activeElement.blur(); window.scrollTo(0, 0)`)))
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	require.NoError(t, err)
	p := filepath.Join(dir, name+"-desktop.png")
	require.NoError(t, os.WriteFile(p, png, 0o644))
	t.Logf("screenshot: %s", p)
	require.NoError(t, chromedp.Do(b.ctx, chromedp.ResetViewport()))
}

// shoot saves full-page screenshots of the open page at desktop and phone
// widths.
func shoot(t *testing.T, b *browser, dir, name string) {
	t.Helper()
	for _, size := range []struct {
		name   string
		w, h   int64
		mobile bool
	}{{"desktop", 1280, 900, false}, {"phone", 390, 844, true}} {
		var opts []chromedp.EmulateViewportOption
		if size.mobile {
			opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateScale(2))
		}
		require.NoError(t, chromedp.Do(b.ctx, chromedp.EmulateViewport(size.w, size.h, opts...), chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`)))
		noOverflow(t, b, name+" at "+size.name+" width")
		png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
		require.NoError(t, err)
		p := filepath.Join(dir, name+"-"+size.name+".png")
		require.NoError(t, os.WriteFile(p, png, 0o644))
		t.Logf("screenshot: %s", p)
	}
	require.NoError(t, chromedp.Do(b.ctx, chromedp.ResetViewport()))
}
