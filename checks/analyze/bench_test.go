package analyze

import (
	"bytes"
	"context"
	"crypto/x509"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/checks/report"
	"github.com/samlcheck/samlcheck/saml"
	"github.com/stretchr/testify/require"
)

// fixtureTree writes a tree of n files under a new directory by replicating
// the generated fixtures (testdata/rules, testdata/har, testdata/inputs:
// messages in every encoding, HARs, and the users lists, metadata and .want
// sidecars beside them, which a walk skips) under varied names and folders.
func fixtureTree(tb testing.TB, n int) string {
	tb.Helper()
	var sources []string
	for _, sub := range []string{"rules", "har", "inputs"} {
		err := filepath.WalkDir(filepath.Join(testdata, sub), func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				sources = append(sources, p)
			}
			return err
		})
		require.NoError(tb, err)
	}
	require.NotEmpty(tb, sources)
	dir := tb.TempDir()
	for i := range n {
		src := sources[i*7%len(sources)] // spread: every kind early on
		data, err := os.ReadFile(src)
		require.NoError(tb, err)
		rel, err := filepath.Rel(testdata, src)
		require.NoError(tb, err)
		base := filepath.Base(rel)
		name := strings.ReplaceAll(filepath.Dir(rel), string(filepath.Separator), "-")
		p := filepath.Join(dir, fmt.Sprintf("batch%d", i/len(sources)), name, fmt.Sprintf("%04d-%s", i, base))
		require.NoError(tb, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(tb, os.WriteFile(p, data, 0o644))
	}
	return dir
}

// treeConfig is a fixed configuration: no clock read, so that runs compare.
func treeConfig() *checks.Config {
	return &checks.Config{Now: at, At: at}
}

func reportJSON(tb testing.TB, dir string, opt *Options) []byte {
	tb.Helper()
	rep, err := Files(context.Background(), []string{dir}, treeConfig(), opt)
	require.NoError(tb, err)
	var buf bytes.Buffer
	require.NoError(tb, report.JSON(&buf, rep))
	return buf.Bytes()
}

// TestFilesDeterministic checks a tree of fixtures three times on two cores
// and once with one worker: the JSON reports are byte-identical.
func TestFilesDeterministic(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	dir := fixtureTree(t, 40)
	first := reportJSON(t, dir, nil)
	for _, kind := range []string{"har", "xml", "form"} {
		require.Contains(t, string(first), `"kind": "`+kind+`"`)
	}
	for range 2 {
		require.Equal(t, string(first), string(reportJSON(t, dir, nil)))
	}
	require.Equal(t, string(first), string(reportJSON(t, dir, &Options{Workers: 1})), "the same report whatever the number of workers")
}

// BenchmarkFiles1000 checks a tree of 1,000 fixture files. Compare the
// throughput on one and two cores with
//
//	go test ./checks/analyze -run '^$' -bench BenchmarkFiles1000 -cpu 1,2
func BenchmarkFiles1000(b *testing.B) {
	dir := fixtureTree(b, 1000)
	want := reportJSON(b, dir, nil) // warm the file cache; the reference output
	b.ResetTimer()
	for b.Loop() {
		rep, err := Files(context.Background(), []string{dir}, treeConfig(), nil)
		if err != nil {
			b.Fatal(err)
		}
		if len(rep.Inputs) == 0 {
			b.Fatal("no input")
		}
	}
	b.StopTimer()
	if got := reportJSON(b, dir, nil); !bytes.Equal(got, want) {
		b.Fatal("the report changed from one run to the next")
	}
	b.ReportMetric(float64(1000*b.N)/b.Elapsed().Seconds(), "files/s")
}

// signedTree writes n signed responses (the repository's valid signed
// fixtures, or the OneLogin responses of the shared corpus when present)
// and returns the folder and the IdP certificate that signed them.
func signedTree(tb testing.TB, n int) (string, *x509.Certificate) {
	tb.Helper()
	var sources [][]byte
	certFile := filepath.Join(testdata, "keys", "idp.crt.pem")
	corpus := filepath.Join("..", "..", "..", "shared", "corpus", "saml", "gosaml2", "onelogin")
	if _, err := os.Stat(corpus); err == nil {
		for _, name := range []string{"olgn09_response_01.b64", "olgn09_response_03.b64"} {
			b, err := os.ReadFile(filepath.Join(corpus, name))
			require.NoError(tb, err)
			sources = append(sources, b)
		}
		certFile = filepath.Join(corpus, "idp.signing.cert")
	} else {
		for _, rel := range []string{"rules/saml/signature-invalid/pass", "rules/saml/signature-algorithm/pass"} {
			matches, err := filepath.Glob(filepath.Join(testdata, rel, "*.xml"))
			require.NoError(tb, err)
			for _, m := range matches {
				b, err := os.ReadFile(m)
				require.NoError(tb, err)
				sources = append(sources, b)
			}
		}
	}
	require.NotEmpty(tb, sources)
	pemBytes, err := os.ReadFile(certFile)
	require.NoError(tb, err)
	certs, err := saml.ParseCertificates(certFile, pemBytes)
	require.NoError(tb, err)
	cert := certs[0]
	dir := tb.TempDir()
	for i := range n {
		p := filepath.Join(dir, fmt.Sprintf("batch%d", i/100), fmt.Sprintf("%04d.xml", i))
		require.NoError(tb, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(tb, os.WriteFile(p, sources[i%len(sources)], 0o644))
	}
	return dir, cert
}

// BenchmarkSignedTree1000 checks a tree of 1,000 signed responses with
// the certificate that signed them given, the shape .ci/bench-tree
// compares with xmlsec1:
//
//	go test ./checks/analyze -run '^$' -bench BenchmarkSignedTree1000 -cpu 1,2
func BenchmarkSignedTree1000(b *testing.B) {
	dir, cert := signedTree(b, 1000)
	cfg := &checks.Config{IdPCerts: []*x509.Certificate{cert}}
	rep, err := Files(context.Background(), []string{dir}, cfg, nil)
	require.NoError(b, err)
	require.Len(b, rep.Inputs, 1000)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Files(context.Background(), []string{dir}, cfg, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(1000*b.N)/b.Elapsed().Seconds(), "files/s")
}
