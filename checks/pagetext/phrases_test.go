package pagetext

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// errorPhrases returns the phrases of the error/* rules of package checks,
// in the order of their table, one a line of testdata/error-phrases.txt.
// Package checks keeps the file in step with the table (its test
// TestErrorPhrasesFile; go test ./checks -update rewrites it), so that
// these tests and the benchmark judge the phrases the rules look for.
func errorPhrases(tb testing.TB) []string {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "error-phrases.txt"))
	require.NoError(tb, err)
	phrases := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	require.NotEmpty(tb, phrases)
	return phrases
}

// errorTable returns errorPhrases prepared.
func errorTable(tb testing.TB) *Phrases {
	tb.Helper()
	return NewPhrases(errorPhrases(tb))
}

// fullRead is FoundIn without its quick test: the body is read as a page
// and every phrase is looked for.
func fullRead(phrases []string, mime string, body []byte) bool {
	t := Read(mime, string(body))
	if t == nil {
		return false
	}
	for _, p := range phrases {
		if _, ok := t.Find([]string{p}); ok {
			return true
		}
	}
	return false
}

func TestNewPhrases(t *testing.T) {
	tab := errorTable(t)
	require.NotEmpty(t, tab.phrases)
	assert.False(t, tab.readAll, "the quick test judges the error phrases")
	assert.LessOrEqual(t, len(tab.words), maxSignWords)
	for i, w := range tab.words {
		require.NotEmpty(t, w)
		// The quick test compares words as ASCII.
		for _, c := range []byte(w) {
			assert.True(t, 'a' <= c && c <= 'z' || '0' <= c && c <= '9', "word %q is lower case ASCII", w)
		}
		assert.Less(t, tab.key[i], len(w))
	}
	for _, p := range errorPhrases(t) {
		n := normalizePhrase(p)
		found := false
		for _, sp := range tab.phrases {
			found = found || sp.pattern == " "+n+" "
		}
		assert.True(t, found, p)
	}
	// Repeated phrases, and phrases without a word, count once or not.
	assert.Len(t, NewPhrases([]string{"Access denied", "ACCESS  denied!", "", " -- "}).phrases, 1)
}

// TestFoundInReadsAll: phrases the quick test cannot judge (a word
// outside ASCII, more words than it tracks) make FoundIn read every body,
// so that it still agrees with the full read.
func TestFoundInReadsAll(t *testing.T) {
	de := []string{"Zugriff verweigert für Benutzer"}
	tab := NewPhrases(de)
	assert.True(t, tab.readAll)
	for _, body := range []string{"ZUGRIFF VERWEIGERT FÜR BENUTZER", "<p>Zugriff <b>verweigert</b> f&uuml;r Benutzer</p>", "Zugriff verweigert"} {
		assert.Equal(t, fullRead(de, "text/html", []byte(body)), tab.FoundIn("text/html", []byte(body)), body)
	}
	assert.True(t, tab.FoundIn("text/plain", []byte("ZUGRIFF VERWEIGERT FÜR BENUTZER")))

	var many []string
	for i := range maxSignWords + 1 {
		many = append(many, fmt.Sprintf("word%d", i))
	}
	tab = NewPhrases(many)
	assert.False(t, tab.readAll)
	assert.True(t, tab.FoundIn("text/plain", []byte("a WORD256 b")))
	assert.False(t, tab.FoundIn("text/plain", []byte("a word256b")))
}

func TestNonASCIIFoldingToASCII(t *testing.T) {
	var want strings.Builder
	for r := rune(utf8.RuneSelf); r <= unicode.MaxRune; r++ {
		if foldsToASCIIWord(r) {
			want.WriteRune(r)
		}
	}
	assert.Equal(t, want.String(), nonASCIIFoldingToASCII)
}

func TestPlainEntities(t *testing.T) {
	for _, name := range []string{"amp", "lt", "gt", "quot", "apos", "nbsp", "copy", "reg", "trade", "hellip", "mdash",
		"ndash", "lsquo", "rsquo", "ldquo", "rdquo", "laquo", "raquo", "middot", "bull", "times", "shy"} {
		require.True(t, plainEntity(name), name)
		ref := "&" + name + ";"
		d := html.UnescapeString(ref)
		assert.NotEqual(t, ref, d, "%s is a reference", ref)
		for _, r := range d {
			assert.False(t, foldsToASCIIWord(r), "%s decodes to %q", ref, d)
		}
		// Without ";" it is either text as is or the same character.
		if d := html.UnescapeString("&" + name); d != "&"+name {
			for _, r := range d {
				assert.False(t, foldsToASCIIWord(r), "&%s decodes to %q", name, d)
			}
		}
	}
	assert.False(t, plainEntity("fjlig"))
}

// errorPageBody is a body offered to FoundIn.
type errorPageBody struct {
	name, mime string
	body       []byte
}

// harBodies returns the response bodies of the HAR files under dir (read
// as plain JSON: package checks does not read HARs).
func harBodies(t *testing.T, dir string) []errorPageBody {
	var out []errorPageBody
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".har") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		var h struct {
			Log struct {
				Entries []struct {
					Response struct {
						Content struct {
							MimeType, Text, Encoding string
						}
					}
				}
			}
		}
		if json.Unmarshal(data, &h) != nil {
			return nil // NEGATIVE or odd files of the corpus
		}
		for i, e := range h.Log.Entries {
			c := e.Response.Content
			body := []byte(c.Text)
			if c.Encoding == "base64" {
				if b, err := base64.StdEncoding.DecodeString(c.Text); err == nil {
					body = b
				}
			}
			out = append(out, errorPageBody{fmt.Sprintf("%s entry %d", p, i), c.MimeType, body})
		}
		return nil
	})
	require.NoError(t, err)
	return out
}

// signVariants spells every error phrase in the ways a page or an
// error JSON can: in any case, escaped, split by markup, with character
// references, JSON escapes and letters outside ASCII that fold to ASCII;
// and decoys that hold the words but not the phrase.
func signVariants(tb testing.TB) []errorPageBody {
	var out []errorPageBody
	add := func(name, mime, body string) { out = append(out, errorPageBody{name, mime, []byte(body)}) }
	rng := rand.New(rand.NewPCG(5, 5))
	for _, p := range errorPhrases(tb) {
		cases := map[string]string{"as is": p, "lower": strings.ToLower(p), "upper": strings.ToUpper(p)}
		var mixed strings.Builder
		for j, r := range p {
			if j%2 == 0 {
				r = unicode.ToUpper(r)
			} else {
				r = unicode.ToLower(r)
			}
			mixed.WriteRune(r)
		}
		cases["mixed"] = mixed.String()
		cases["kelvin"] = strings.NewReplacer("k", "\u212a", "K", "\u212a").Replace(p)
		cases["dotted I"] = strings.NewReplacer("i", "\u0130", "I", "\u0130").Replace(p)
		for cn, c := range cases {
			js, _ := json.Marshal(map[string]string{"message": c})
			add(p+" plain "+cn, "text/plain", c)
			add(p+" html "+cn, "text/html", "<html><body><p>"+html.EscapeString(c)+"</p></body></html>")
			add(p+" json "+cn, "application/json", string(js))
			add(p+" xml "+cn, "text/xml", "<Error><Message>"+html.EscapeString(c)+"</Message></Error>")
		}
		// Markup inside words, references and escapes for letters.
		for _, cut := range []int{1, len(p) / 2, len(p) - 1} {
			if cut <= 0 || cut >= len(p) {
				continue
			}
			for _, m := range []string{"<b>", "</span>", "<i></i>", "<?x?>", "<!x>", "<![CDATA[]]>", "<a href='>'>", "<!-- -->", "<div>"} {
				add(fmt.Sprintf("%s split %d by %s", p, cut, m), "text/html", "<p>"+p[:cut]+m+p[cut:]+"</p>")
			}
		}
		var dec, hex, named, jsu strings.Builder
		for j, r := range p {
			if r < utf8.RuneSelf && isASCIIAlnum(byte(r)) && j%3 == 1 {
				fmt.Fprintf(&dec, "&#%d;", r)
				fmt.Fprintf(&hex, "&#X%04x", r)
				fmt.Fprintf(&jsu, `\u%04X`, r)
			} else {
				dec.WriteRune(r)
				hex.WriteRune(r)
				jsu.WriteRune(r)
			}
			if r == 'f' {
				named.WriteString("&fjlig;")
			} else {
				named.WriteRune(r)
			}
		}
		add(p+" decimal references", "text/html", "<p>"+dec.String()+"</p>")
		add(p+" hex references", "text/html", "<p>"+hex.String()+" </p>")
		add(p+" fjlig", "text/html", "<p>"+named.String()+"</p>")
		add(p+" json escapes", "application/json", `{"message":"`+jsu.String()+`"}`)
		add(p+" json kelvin escape", "application/json", `{"message":"`+strings.ReplaceAll(p, "k", `\u212A`)+`"}`)
		add(p+" html kelvin reference", "text/html", "<p>"+strings.ReplaceAll(p, "k", "&#8490;")+"</p>")
		// Random: case, markup and references mixed.
		for n := range 20 {
			var b strings.Builder
			for _, r := range p {
				switch rng.IntN(8) {
				case 0:
					b.WriteString("<span>")
				case 1:
					fmt.Fprintf(&b, "&#x%x;", r)
					continue
				case 2:
					r = unicode.ToUpper(r)
				}
				b.WriteRune(r)
			}
			add(fmt.Sprintf("%s random %d", p, n), "text/html", "<div>"+b.String()+"</div>")
		}
		// Decoys: the words, not the phrase.
		words := strings.Fields(p)
		rng.Shuffle(len(words), func(a, b int) { words[a], words[b] = words[b], words[a] })
		add(p+" shuffled", "text/plain", strings.Join(words, " x "))
		add(p+" in a script", "text/html", "<script>var m='"+p+"'</script><p>Hello</p>")
	}
	for _, b := range benchBodies() {
		add(b.name, b.mime, b.body)
	}
	return out
}

// TestFoundInQuickTest checks the quick test against the full read:
// FoundIn keeps exactly the bodies in which a phrase is found, on every
// body of the HAR fixtures and on many spellings of the phrases.
func TestFoundInQuickTest(t *testing.T) {
	bodies := append(signVariants(t), harBodies(t, filepath.Join("..", "..", "testdata"))...)
	kept := checkQuickTest(t, bodies)
	assert.Greater(t, kept, 500, "most spellings of the phrases are error pages")
	assert.Greater(t, len(bodies)-kept, 200, "many bodies are not")
	// The same bodies after markup the byte test picks, so that the
	// quick test reads them whole (markupJoin).
	padded := make([]errorPageBody, len(bodies))
	for i, b := range bodies {
		padded[i] = errorPageBody{b.name + " (padded)", b.mime, padJoins(b.body)}
	}
	checkQuickTest(t, padded)
}

// joinDecoy is markup hasWordJoin picks (a letter before a tag with a
// quoted attribute, "x" then "p" as in "unexpected") that joins no words:
// the div is a line break.
const joinDecoy = `<p>Zx<div class="q">pz</div></p>`

// padJoins returns body after more joinDecoys than hasWordJoin reads one
// by one.
func padJoins(body []byte) []byte {
	return append([]byte(strings.Repeat(joinDecoy, maxTokenJoins+1)), body...)
}

// TestMarkupJoin checks the whole-body read of hasWordJoin on its own and
// that the padding of padJoins makes hasWordJoin use it: the decoy is
// picked alone, so in any body after it (joinable only grows).
func TestMarkupJoin(t *testing.T) {
	tab := errorTable(t)
	lt := strings.Index(joinDecoy, "<div")
	require.True(t, tab.joinable(joinDecoy)['x'], "joinable keeps the x of joinDecoy")
	require.True(t, mayJoin(joinDecoy, lt, tab), "mayJoin picks joinDecoy's div")
	require.False(t, tokenJoin(joinDecoy, lt, tab), "joinDecoy joins nothing")
	assert.False(t, markupJoin(strings.Repeat(joinDecoy, 20), tab))
	assert.False(t, hasWordJoin(strings.Repeat(joinDecoy, 20), tab))
	for _, body := range []string{
		"<p>Un<b>expected</b> error</p>", "<p>Un<!x><?y>expected</p>", "<p>Un</>expected</p>", "<p>Un<span title='a>b'>expected</span></p>",
	} {
		assert.True(t, markupJoin(body, tab), body)
		assert.True(t, hasWordJoin(string(padJoins([]byte(body))), tab), body)
	}
	for _, body := range []string{
		"<p>Un</p><p>expected</p>", "<p>Un<!-- -->expected</p>", "<p>Un<span hidden>x</span>expected</p>", "<p>Un<script>x</script>expected</p>",
		"<div hidden>Un<b>expected</b></div>", "<p>Un<b>",
	} {
		assert.False(t, markupJoin(body, tab), body)
		assert.False(t, hasWordJoin(string(padJoins([]byte(body))), tab), body)
	}
}

// TestFoundInQuickTestOnCorpus does the same on every response body of
// the corpus HARs.
func TestFoundInQuickTestOnCorpus(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "corpus", "har")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("../shared/corpus not found: %v", err)
	}
	bodies := harBodies(t, dir)
	require.Greater(t, len(bodies), 100)
	checkQuickTest(t, bodies)
}

// checkQuickTest checks that FoundIn agrees with the full read on each
// body and returns how many it keeps.
func checkQuickTest(t *testing.T, bodies []errorPageBody) int {
	phrases := errorPhrases(t)
	tab := NewPhrases(phrases)
	kept := 0
	for _, b := range bodies {
		want := fullRead(phrases, b.mime, b.body)
		if want {
			kept++
		}
		assert.Equal(t, want, tab.FoundIn(b.mime, b.body), b.name)
	}
	return kept
}

// TestMayShowDropsDecoys checks that the quick test drops large bodies
// full of the words error pages use, without reading them.
func TestMayShowDropsDecoys(t *testing.T) {
	tab := errorTable(t)
	for _, b := range benchBodies()[:4] {
		assert.False(t, tab.mayShow(pageKindOf(b.mime, b.body), b.body), b.name)
	}
	assert.True(t, tab.mayShow(plainPage, "SESSION TOKEN not found OR invalid"))
	assert.True(t, tab.mayShow(markupPage, "<p>Ses<b>sion</b> token not found or invalid</p>"))
	assert.False(t, tab.mayShow(markupPage, "<p>Ses</p><p>sion token not found or invalid</p>"))
	assert.True(t, tab.mayShow(markupPage, "<p>Invalid MF&#65; credentials</p>"))
	assert.False(t, tab.mayShow(markupPage, "<p>It&#39;s ok &amp; fine</p>"))
}

// FuzzFoundIn checks FoundIn against the full read on any body, as is and
// after padJoins.
func FuzzFoundIn(f *testing.F) {
	for _, b := range signVariants(f)[:200] {
		f.Add(b.mime, string(b.body))
	}
	phrases := errorPhrases(f)
	tab := NewPhrases(phrases)
	f.Fuzz(func(t *testing.T, mime, body string) {
		if got, want := tab.FoundIn(mime, []byte(body)), fullRead(phrases, mime, []byte(body)); got != want {
			t.Fatalf("FoundIn = %v, the full read says %v", got, want)
		}
		padded := padJoins([]byte(body))
		if got, want := tab.FoundIn(mime, padded), fullRead(phrases, mime, padded); got != want {
			t.Fatalf("after padJoins: FoundIn = %v, the full read says %v", got, want)
		}
	})
}

// TestAnyPhraseInMatchesSearch: the one-pass phrase search agrees with
// looking for each phrase's pattern in turn, on texts that hold a phrase,
// a phrase cut short, a phrase glued to another word, and none.
func TestAnyPhraseInMatchesSearch(t *testing.T) {
	tab := errorTable(t)
	naive := func(norm string) bool {
		for _, p := range tab.phrases {
			if strings.Contains(norm, p.pattern) {
				return true
			}
		}
		return false
	}
	texts := []string{" ", "  ", " hello world ", ""}
	for _, p := range tab.phrases {
		pat := p.pattern
		inner := strings.TrimSpace(pat)
		texts = append(texts,
			pat,
			" lorem"+pat+"ipsum ",
			" lorem "+inner[:len(inner)-1]+" ipsum ",
			" x"+inner+" ",
			" "+inner+"x ",
			" a b"+pat[:len(pat)/2]+" c"+pat[len(pat)/2:],
		)
	}
	found := 0
	for _, s := range texts {
		got := tab.anyPhraseIn(s)
		assert.Equal(t, naive(s), got, "%q", s)
		if got {
			found++
		}
	}
	assert.GreaterOrEqual(t, found, len(tab.phrases)*2, "every phrase is found, alone and among words")
}

// TestPageNormQuick: the quick normalisation FoundIn uses spells
// text as pageNorm with offsets does, for ASCII, other letters, the
// Kelvin sign, invalid UTF-8 and every kind of separator.
func TestPageNormQuick(t *testing.T) {
	texts := []string{"", " ", "It’s not you,\n it's us", "ÉRABLE naïve 日本語 \u212a\u0130", "a\xffb\xe2\x82c", "--x--", "ABC def\tGHI\u00a0jkl", "  lead and trail  ", "Un<b>expected</b>"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		b := make([]byte, r.IntN(40))
		for i := range b {
			b[i] = byte(r.IntN(256))
		}
		texts = append(texts, string(b))
	}
	for _, s := range texts {
		var offs []int32
		assert.Equal(t, pageNorm(s, &offs), pageNorm(s, nil), "%q", s)
	}
}
