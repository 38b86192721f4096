package analyze

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/checks/report"
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
