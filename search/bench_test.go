package search

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sockerr/sockerr/content"
)

// BenchmarkSearch measures one query end to end (resolution, full text,
// snippets) over the whole corpus, cycling through the queries of
// testdata/queries.tsv. Besides ns/op it reports the median and 99th
// percentile of single queries, and the CPU time per query (cpu-ns/op),
// which a busy machine inflates less than wall time.
func BenchmarkSearch(b *testing.B) {
	x := index(b)
	cases := readQueries(b)
	times := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if _, err := x.Search(cases[i%len(cases)].query, DefaultLimit); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(start))
	}
	b.StopTimer()
	if c := cpuTime() - cpu; c > 0 {
		b.ReportMetric(float64(c.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Nanoseconds()), "p50-ns")
	b.ReportMetric(float64(times[len(times)*99/100].Nanoseconds()), "p99-ns")
}

// BenchmarkNew measures building the index of the whole corpus.
func BenchmarkNew(b *testing.B) {
	c, err := content.Load(content.FS)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime()
	for i := 0; i < b.N; i++ {
		x, err := New(c)
		if err != nil {
			b.Fatal(err)
		}
		x.Close()
	}
	b.StopTimer()
	if c := cpuTime() - cpu; c > 0 {
		b.ReportMetric(float64(c.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}

// BenchmarkSearchPaste measures a search of a pasted log excerpt of 512
// bytes and of 64 KB (MaxQueryBytes), with one socket error inside.
func BenchmarkSearchPaste(b *testing.B) {
	x := index(b)
	line := "2024-05-02T10:00:01Z INFO worker-3 processed batch 1234 in 42 ms, 512 items\n"
	err := "2024-05-02T10:05:01Z ERROR upstream: read tcp 10.4.0.12:53412->198.51.100.20:443: wsarecv: An existing connection was forcibly closed by the remote host.\n"
	for _, size := range []int{512, MaxQueryBytes} {
		var s strings.Builder
		for s.Len()+len(line)+len(err) < size {
			s.WriteString(line)
		}
		s.WriteString(err)
		q := s.String()
		b.Run(fmt.Sprint(size), func(b *testing.B) {
			times := make([]time.Duration, 0, b.N)
			b.ReportAllocs()
			for b.Loop() {
				start := time.Now()
				res, err := x.Search(q, DefaultLimit)
				if err != nil || len(res.Hits) == 0 || res.Hits[0].Article.ID != "WSAECONNRESET" {
					b.Fatalf("Search of a %d-byte paste: %v, %v", len(q), res, err)
				}
				times = append(times, time.Since(start))
			}
			slices.Sort(times)
			b.ReportMetric(float64(times[len(times)/2].Nanoseconds()), "p50-ns")
		})
	}
}
