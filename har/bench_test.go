package har

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/samlcheck/samlcheck/har/internal/hargen"
)

// generated returns a generated Chrome-style HAR of about size bytes and
// what was planted in it.
func generated(tb testing.TB, size int64, seed uint64) ([]byte, hargen.Stats) {
	tb.Helper()
	var buf bytes.Buffer
	st, err := hargen.Write(&buf, hargen.Options{Size: size, Seed: seed})
	if err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes(), st
}

// benchmarkGenerated scans generated HARs of a few sizes.
func benchmarkGenerated(b *testing.B, opt ScanOptions) {
	for _, size := range []int64{1 << 20, 8 << 20, 32 << 20} {
		b.Run(fmt.Sprintf("%dMiB", size>>20), func(b *testing.B) {
			data, st := generated(b, size, 1)
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				c, err := ScanWith(bytes.NewReader(data), "gen.har", opt)
				if err != nil || len(c.Messages) != st.Messages {
					b.Fatalf("scan: %d messages, want %d, %v", len(c.Messages), st.Messages, err)
				}
			}
		})
	}
}

// BenchmarkScanGenerated measures the fast path on realistic HARs.
func BenchmarkScanGenerated(b *testing.B) {
	benchmarkGenerated(b, ScanOptions{})
}

// BenchmarkScanGeneratedPages is the fast path with a KeepPage that
// keeps nothing, as the CLI's error-page search costs the scan.
func BenchmarkScanGeneratedPages(b *testing.B) {
	benchmarkGenerated(b, ScanOptions{KeepPage: func(*Entry, []byte) bool { return false }})
}

// BenchmarkScanStrict measures the strict path on the same HARs.
func BenchmarkScanStrict(b *testing.B) {
	benchmarkGenerated(b, ScanOptions{Strict: true})
}
