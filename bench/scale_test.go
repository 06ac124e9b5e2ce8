package bench

import (
	"bufio"
	"encoding/json"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sockerr/sockerr/content"
	"github.com/sockerr/sockerr/web"
)

// The benchmarks here are measurements, not micro-benchmarks: one
// iteration is a whole start-up of the site. They report their numbers
// with b.ReportMetric and assert nothing. Run them with
//
//	go test -run XXX -bench Scale -benchtime 1x ./bench
//	go test -run XXX -bench BuiltIn ./bench
//
// Metrics (medians over the iterations where there are several):
//
//	ready-ms       web.New + Server.Load: parse, validate, cross-link, render
//	               every page, build the search index; the site serves after it
//	ready-first-ms the same for the first load in the process
//	ready-cpu-ms   CPU time of the process (all threads, GC included) during
//	               ready-ms: on a shared machine it tells a slow start-up from
//	               a starved one
//	compress-ms    after ready, until the background gzip+brotli of every
//	               page is done (Server.WaitCompressed)
//	heap-MB        HeapAlloc after runtime.GC once the first load's encodings
//	               are done: what a serving process holds
//	pages-MB       identity bytes of every prepared page, document and
//	               asset (not the pictures); gz-MB, br-MB their encodings
//	search-p50-ms  latency of GET /api/v1/search?q=...&limit=10 through the
//	search-p99-ms  server's handler (middleware, search, JSON encoding),
//	               with httptest: no network; one query at a time
//	found-%        share of the queries that name an article (id, code,
//	               pasted line, title) whose top 10 holds it: a sanity check
//	               that search answers, not a relevance score
//	gen-ms         (Scale) generating the corpus, not part of ready-ms
//
// BENCH_HEAPPROFILE=FILE writes a heap profile at the heap-MB point.

// BenchmarkScale10k measures a corpus of 10,000 generated articles: 9,900
// errors and 100 known issues.
func BenchmarkScale10k(b *testing.B) {
	t0 := time.Now()
	c := GenerateCorpus(9900, 100, 1)
	gen := float64(time.Since(t0).Milliseconds())
	measure(b, c.FS, c.Queries(500, 2))
	// After measure: b.Loop's first call drops metrics reported before it.
	b.ReportMetric(gen, "gen-ms")
	b.ReportMetric(float64(c.Bytes)/(1<<20), "corpus-MB")
}

// BenchmarkBuiltIn measures the embedded corpus, searched with the
// relevance suite's queries (search/testdata/queries.tsv).
func BenchmarkBuiltIn(b *testing.B) {
	qs, err := readQueries("../search/testdata/queries.tsv")
	if err != nil {
		b.Logf("no search queries: %v", err)
	}
	measure(b, content.FS, qs)
}

func measure(b *testing.B, fsys fs.FS, qs []query) {
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	var (
		srv             *web.Server
		ready, compress []float64
		readyCPU        []float64
		first, heap     float64
		base            uint64
	)
	runtime.GC()
	base = heapAlloc()
	for b.Loop() {
		srv = nil
		runtime.GC()
		start, cpu0 := time.Now(), cpuTime()
		s, err := web.New(web.Config{Logger: logger})
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Load(fsys); err != nil {
			b.Fatal(err)
		}
		d := msSince(start)
		ready = append(ready, d)
		readyCPU = append(readyCPU, float64((cpuTime()-cpu0).Microseconds())/1000)
		t := time.Now()
		s.WaitCompressed()
		compress = append(compress, msSince(t))
		srv = s
		if first == 0 {
			// The heap is measured once, with one site in the process:
			// a replaced site is not entirely freed (its search index
			// stays reachable), so later iterations would count more.
			first = d
			b.StopTimer()
			runtime.GC()
			heap = float64(heapAlloc()) / (1 << 20)
			if path := os.Getenv("BENCH_HEAPPROFILE"); path != "" { // what the heap holds, by allocation site
				writeHeapProfile(b, path)
			}
			b.StartTimer()
		}
	}
	b.StopTimer()
	b.ReportMetric(0, "ns/op") // one op is a whole start-up: the metrics below say more
	b.Logf("ready ms: %v (cpu %v); heap before the first load %.1f MB", ready, readyCPU, float64(base)/(1<<20))
	b.ReportMetric(median(ready), "ready-ms")
	b.ReportMetric(first, "ready-first-ms")
	b.ReportMetric(median(readyCPU), "ready-cpu-ms")
	b.ReportMetric(median(compress), "compress-ms")
	b.ReportMetric(heap, "heap-MB")

	var raw, gz, br int
	if err := srv.Export(func(f web.ExportedFile) error {
		if strings.HasPrefix(f.ContentType, "image/") {
			return nil // the previews, badges and icons: drawn for the export, not at load
		}
		raw += len(f.Body)
		gz += len(f.Gzip)
		br += len(f.Brotli)
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(raw)/(1<<20), "pages-MB")
	b.ReportMetric(float64(gz)/(1<<20), "gz-MB")
	b.ReportMetric(float64(br)/(1<<20), "br-MB")

	if len(qs) == 0 {
		return
	}
	search := func(q string) (status int, ids []string) {
		req := httptest.NewRequest(http.MethodGet, "/api/v1/search?limit=10&q="+url.QueryEscape(q), nil)
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code == http.StatusOK {
			var res struct {
				Hits []struct {
					ID string `json:"id"`
				} `json:"hits"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &res); err == nil {
				for _, h := range res.Hits {
					ids = append(ids, h.ID)
				}
			}
		}
		return rec.Code, ids
	}
	for _, q := range qs[:min(50, len(qs))] { // warm up
		search(q.text)
	}
	lat := make([]float64, 0, len(qs))
	wanted, found, failed := 0, 0, 0
	byKind := map[string][]float64{}
	for _, q := range qs {
		t := time.Now()
		status, ids := search(q.text)
		d := msSince(t)
		lat = append(lat, d)
		byKind[q.kind] = append(byKind[q.kind], d)
		if status != http.StatusOK {
			failed++
		}
		if q.want != "" {
			wanted++
			if slices.ContainsFunc(ids, func(id string) bool { return strings.EqualFold(id, q.want) }) {
				found++
			}
		}
	}
	b.ReportMetric(percentile(lat, 50), "search-p50-ms")
	b.ReportMetric(percentile(lat, 99), "search-p99-ms")
	b.ReportMetric(float64(len(qs)), "queries")
	if wanted > 0 {
		b.ReportMetric(100*float64(found)/float64(wanted), "found-%")
	}
	if failed > 0 {
		b.Logf("%d of %d queries did not answer 200", failed, len(qs))
	}
	kinds := make([]string, 0, len(byKind))
	for k := range byKind {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	for _, k := range kinds {
		l := byKind[k]
		b.Logf("search %-8s n=%3d p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms", k, len(l), percentile(l, 50), percentile(l, 99), percentile(l, 100))
	}
	runtime.KeepAlive(srv)
}

func heapAlloc() uint64 {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

func writeHeapProfile(b *testing.B, path string) {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	if err := pprof.WriteHeapProfile(f); err != nil {
		b.Fatal(err)
	}
}

// cpuTime is the CPU time the process has used, user and system, all
// threads: on a shared machine it tells a slow start-up from a starved one.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func msSince(t time.Time) float64 { return float64(time.Since(t).Microseconds()) / 1000 }

func median(xs []float64) float64 { return percentile(xs, 50) }

// percentile is the nearest-rank percentile of xs.
func percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	i := int(float64(len(s))*p/100+0.5) - 1
	return s[min(max(i, 0), len(s)-1)]
}

// readQueries reads the relevance suite's queries: "category<TAB>query<TAB>want".
func readQueries(path string) ([]query, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var qs []query
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "category\t") {
			continue
		}
		parts := strings.Split(line, "\t")
		if len(parts) < 2 {
			continue
		}
		q := query{kind: parts[0], text: parts[1]}
		if len(parts) > 2 {
			q.want = parts[2]
		}
		qs = append(qs, q)
	}
	return qs, sc.Err()
}
