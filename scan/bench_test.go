package scan

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
)

// BenchmarkScan scans 16 MiB of an ordinary service log with a socket error
// every two thousand lines (the error lines of testdata/mixed.log), as
// bench/scan.sh does at scale. Set SCAN_LOG to a file to scan that
// instead. Besides MB/s, it reports the CPU time's (cpu-MB/s), which a
// busy machine moves less.
func BenchmarkScan(b *testing.B) {
	rec := recognizer(b)
	data := benchLog(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime()
	for range b.N {
		if _, err := Log(rec, bytes.NewReader(data), 0); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if c := cpuTime() - cpu; c > 0 {
		b.ReportMetric(float64(len(data))*float64(b.N)/1e6/c.Seconds(), "cpu-MB/s")
	}
}

func benchLog(b *testing.B) []byte {
	if name := os.Getenv("SCAN_LOG"); name != "" {
		data, err := os.ReadFile(name)
		if err != nil {
			b.Fatal(err)
		}
		return data
	}
	mixed, err := os.ReadFile("testdata/mixed.log")
	if err != nil {
		b.Fatal(err)
	}
	var errorLines []string
	for _, l := range strings.Split(string(mixed), "\n") {
		if strings.Contains(l, "ERROR") {
			errorLines = append(errorLines, l)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var buf bytes.Buffer
	for i := 0; buf.Len() < 16<<20; i++ {
		fmt.Fprintf(&buf, "2024-05-01T10:%02d:%02d.%03dZ ", i/60000%60, i/1000%60, i%1000)
		switch {
		case rng.IntN(2000) == 0:
			buf.WriteString(errorLines[rng.IntN(len(errorLines))])
		case i%3 == 0:
			fmt.Fprintf(&buf, "INFO  [access] 10.%d.%d.%d:443 GET /api/v1/orders/%d status=200 bytes=%d duration=%dms trace=%016x%016x",
				rng.IntN(256), rng.IntN(256), rng.IntN(256), rng.IntN(100000), rng.IntN(50000), rng.IntN(900), rng.Uint64(), rng.Uint64())
		case i%3 == 1:
			fmt.Fprintf(&buf, "DEBUG [OrderService] order %d for customer %d placed; cache refresh took %d ms, pool connection reused", rng.IntN(1e6), rng.IntN(1e5), rng.IntN(50))
		default:
			fmt.Fprintf(&buf, `{"level":"info","msg":"batch processed","count":%d,"elapsed_ms":%d,"span":"%016x"}`, rng.IntN(10000), rng.IntN(5000), rng.Uint64())
		}
		buf.WriteByte('\n')
	}
	return buf.Bytes()
}
