package web

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/netip"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/sockerr/sockerr/content"
)

// TestHostileInput sends hostile requests to every route and checks each
// gets a clear answer: the right status, the usual security headers, no
// fault, and nothing reflected unescaped.
func TestHostileInput(t *testing.T) {
	s := newTestServer(t)
	const script = "%3Cscript%3Ealert(1)%3C%2Fscript%3E"
	long := strings.Repeat("a", 10000)
	for _, tc := range []struct {
		method, target string
		headers        []string
		status         int
	}{
		// Path traversal, every encoding.
		{"GET", "/static/../go.mod", nil, 404},
		{"GET", "/static/..%2fgo.mod", nil, 404},
		{"GET", "/static/%2e%2e/%2e%2e/etc/passwd", nil, 404},
		{"GET", "/static/%252e%252e%252fetc%252fpasswd", nil, 404},
		{"GET", "/static/..%5c..%5cwindows%5cwin.ini", nil, 404},
		{"GET", "/static/.%00./etc/passwd", nil, 404},
		{"GET", "/errors/..%2f..%2f..%2fetc%2fpasswd", nil, 404},
		{"GET", "/kb/%2e%2e%2f%2e%2e%2fetc%2fpasswd", nil, 404},
		{"GET", "/api/v1/errors/..%2f..%2fsecret", nil, 404},
		{"GET", "/static/style.css%00.png", nil, 404},
		// Overlong paths and queries.
		{"GET", "/" + long, nil, 404},
		{"GET", "/errors/" + long, nil, 404},
		{"GET", "/search?q=" + long, nil, 200}, // a long paste is searched
		{"GET", "/api/v1/search?q=" + long, nil, 200},
		{"GET", "/search?q=" + strings.Repeat("reset+", 600), nil, 200},
		{"GET", "/api/v1/search?q=" + strings.Repeat("%22%28%29%5B%5D%7B%7D%3A%2B-%5E~*%3F%5C%2F", 40), nil, 400},
		{"GET", "/api/v1/search?q=connection+" + strings.Repeat("%22%28%29%5B%5D%7B%7D%3A%2B-%5E~*%3F%5C%2F", 10) + "+reset", nil, 200},
		// Invalid UTF-8, NUL, control characters, CR/LF.
		{"GET", "/%ff%fe%fd", nil, 404},
		{"GET", "/errors/WSA%ffECONNRESET", nil, 404},
		{"GET", "/search?q=%ff%fe%fd", nil, 400},
		{"GET", "/api/v1/search?q=%ff%fereset", nil, 200},
		{"GET", "/search?q=%00%00%00", nil, 400},
		{"GET", "/api/v1/search?q=reset%00%01%1b", nil, 200},
		{"GET", "/%0d%0aSet-Cookie:%20a=b", nil, 404},
		{"GET", "/search?q=a%0d%0aSet-Cookie:%20a=b", nil, 200},
		{"GET", "/kb/%0d%0aLocation:%20//evil.example", nil, 404},
		// HTML and script in paths and queries.
		{"GET", "/" + script, nil, 404},
		{"GET", "/errors/" + script, nil, 404},
		{"GET", "/search?q=" + script, nil, 200},
		{"GET", "/search?q=%22%3E%3Cimg%20src=x%20onerror=alert(1)%3E", nil, 200},
		{"GET", "/api/v1/search?q=" + script, nil, 200},
		{"GET", "/api/v1/errors/" + script, nil, 404},
		// Open redirects.
		{"GET", "//evil.example/", nil, 404},
		{"GET", "/%2F%2Fevil.example", nil, 404},
		{"GET", "/%5C%5Cevil.example", nil, 404},
		{"GET", "/errors/%2F%2Fevil.example", nil, 404},
		{"GET", "/https:%2F%2Fevil.example", nil, 404},
		// Wrong methods and bodies.
		{"PATCH", "/search?q=reset", nil, 405},
		{"POST", "/errors/WSAECONNRESET", nil, 405},
		{"PUT", "/errors/WSAECONNRESET", nil, 405},
		{"DELETE", "/api/v1/errors/WSAECONNRESET", nil, 405},
		{"TRACE", "/", nil, 405},
		{"CONNECT", "/", nil, 405},
		{"OPTIONS", "/api/v1/search?q=reset", nil, 204},
		{"GET", "/", []string{"Content-Length", "5"}, 400},
		// Huge and odd headers.
		{"GET", "/errors/WSAECONNRESET", []string{"Accept-Encoding", strings.Repeat("gzip;q=0.5, ", 2000)}, 200},
		{"GET", "/errors/WSAECONNRESET", []string{"If-None-Match", strings.Repeat(`"x", `, 2000)}, 200},
		{"GET", "/", []string{"Host", "evil.example"}, 200},
		{"GET", "/api/v1/search?q=reset&limit=-1", nil, 400},
		{"GET", "/api/v1/search?q=reset&limit=99999999999999999999", nil, 400},
		{"GET", "/search?q=reset&q=abort", nil, 200},
	} {
		req := tc.target
		r := do(t, s, tc.method, req, tc.headers...)
		name := tc.method + " " + truncate(tc.target, 70)
		if r.status != tc.status {
			t.Errorf("%s: status %d, want %d", name, r.status, tc.status)
		}
		if r.status >= 500 {
			t.Errorf("%s: a fault (%d)", name, r.status)
		}
		if r.header.Get("Content-Security-Policy") == "" || r.header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: security headers missing", name)
		}
		if loc := r.header.Get("Location"); loc != "" && (!strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") || strings.ContainsAny(loc, "\\\r\n")) {
			t.Errorf("%s: redirects off the site to %q", name, loc)
		}
		for _, bad := range []string{"<script>alert", "<img src=x", `href="//evil`, `href="https://evil`, `href="\\evil`, "goroutine "} {
			if strings.Contains(r.body, bad) {
				t.Errorf("%s: body reflects %q unescaped", name, bad)
			}
		}
		if r.header.Get("Set-Cookie") != "" {
			t.Errorf("%s: a header was injected: Set-Cookie %q", name, r.header.Get("Set-Cookie"))
		}
		if strings.Contains(r.body, "/etc/passwd") && strings.Contains(r.body, "root:") {
			t.Errorf("%s: served a system file", name)
		}
		if tc.headers != nil && tc.headers[0] == "Host" && strings.Contains(r.body, "evil.example") {
			t.Errorf("%s: the Host header leaked into the page", name)
		}
	}
}

func TestRateLimit(t *testing.T) {
	s, err := New(Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), SearchPerMinute: 6, SearchBurst: 3})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Load(content.FS); err != nil {
		t.Fatal(err)
	}
	from := func(addr, target string) result {
		req := newRequest(target)
		req.RemoteAddr = addr
		return serve(s, req)
	}
	for i := range 3 {
		if r := from("192.0.2.1:1234", "/api/v1/search?q=reset"); r.status != 200 {
			t.Fatalf("search %d within the burst: status %d", i+1, r.status)
		}
	}
	start := time.Now()
	r := from("192.0.2.1:1234", "/search?q=reset")
	if r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") != "10" {
		t.Errorf("search over the burst: status %d, Retry-After %q; want 429, 10", r.status, r.header.Get("Retry-After"))
	}
	if took := time.Since(start); took < refusedDelay {
		t.Errorf("429 after %v, want it held back %v", took, refusedDelay)
	}
	if r := from("192.0.2.1:1234", "/errors/WSAECONNRESET"); r.status != 200 {
		t.Errorf("a page while search is limited: status %d, want 200", r.status)
	}
	// A 404 page's search counts too: over the budget, it shows no results.
	if r := from("192.0.2.1:1234", "/connection-reset"); r.status != 404 || strings.Contains(r.body, `href="/errors/WSAECONNRESET"`) {
		t.Errorf("a 404 over the budget: status %d, with search results %v", r.status, strings.Contains(r.body, "WSAECONNRESET"))
	}
	if r := from("198.51.100.9:1234", "/api/v1/search?q=reset"); r.status != 200 {
		t.Errorf("another client: status %d, want 200", r.status)
	}
	// X-Forwarded-For is not trusted unless the operator says so.
	req := newRequest("/api/v1/search?q=reset")
	req.RemoteAddr = "192.0.2.1:1234"
	req.Header.Set("X-Forwarded-For", "203.0.113.50")
	if r := serve(s, req); r.status != http.StatusTooManyRequests {
		t.Errorf("a spoofed X-Forwarded-For escaped the limit: status %d", r.status)
	}
}

// TestSearchBusy takes every search slot, as a flood of searches would:
// a search then waits searchWait and is answered 503 with Retry-After, a
// 404 page leaves its suggestions out, and pages are served as ever.
func TestSearchBusy(t *testing.T) {
	s, err := New(Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Load(content.FS); err != nil {
		t.Fatal(err)
	}
	for range cap(s.searching) {
		s.searching <- struct{}{}
	}
	start := time.Now()
	r := get(t, s, "/api/v1/search?q=reset")
	if took := time.Since(start); took < searchWait {
		t.Errorf("a search was refused after %v, want a wait of %v first", took, searchWait)
	}
	if r.status != http.StatusServiceUnavailable || r.header.Get("Retry-After") != "1" || !strings.Contains(r.body, `"error"`) {
		t.Errorf("API search while busy: %d, Retry-After %q, %.80q; want 503, 1, a JSON error", r.status, r.header.Get("Retry-After"), r.body)
	}
	if r := get(t, s, "/search?q=reset"); r.status != http.StatusServiceUnavailable || !strings.Contains(r.body, "busy with other searches") {
		t.Errorf("search page while busy: %d", r.status)
	}
	if r := get(t, s, "/connection-reset"); r.status != 404 || strings.Contains(r.body, `href="/errors/WSAECONNRESET"`) {
		t.Errorf("a 404 while busy: status %d, with search results %v", r.status, strings.Contains(r.body, "WSAECONNRESET"))
	}
	if r := get(t, s, "/errors/WSAECONNRESET"); r.status != 200 {
		t.Errorf("a page while busy: %d", r.status)
	}
	<-s.searching
	if r := get(t, s, "/api/v1/search?q=reset"); r.status != 200 {
		t.Errorf("a search with a slot free: %d", r.status)
	}
}

func TestMetrics(t *testing.T) {
	s := newTestServer(t)
	get(t, s, "/errors/WSAECONNRESET")
	get(t, s, "/api/v1/search?q=reset")
	r := get(t, s, "/metrics")
	if cc := r.header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("/metrics: Cache-Control %q, want no-store", cc)
	}
	for _, want := range []string{
		`sockerr_http_requests_total{code="200",route="/errors/{id}"}`,
		`sockerr_http_request_duration_seconds_bucket{route="/errors/{id}",le=`,
		`sockerr_searches_total `,
		`sockerr_search_duration_seconds_count `,
		fmt.Sprintf(`sockerr_corpus_articles{kind="error"} %d`, builtInErrors(t)),
		`sockerr_build_info{`,
		`sockerr_content_loads_total{result="ok"}`,
	} {
		if !strings.Contains(r.body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

// TestReloadKeepsLastGood loads a broken corpus over a good one: the good
// site keeps serving, /readyz says the reload failed without quoting the
// problem (the debug handler does), and a fixed corpus comes in.
func TestReloadKeepsLastGood(t *testing.T) {
	s, err := New(Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Load(content.FS); err != nil {
		t.Fatal(err)
	}
	old, _ := fs.ReadFile(content.FS, "errors/WSAEINTR.md")
	broken := content.Overlay(fstest.MapFS{
		"errors/WSAEINTR.md": {Data: []byte(strings.Replace(string(old), "see_also: [", "see_also: [WSAEGONE, ", 1))},
	}, content.FS)
	if err := s.Load(broken); err == nil {
		t.Fatal("Load(broken) succeeded")
	}
	if r := get(t, s, "/errors/WSAEINTR"); r.status != 200 {
		t.Errorf("after a failed reload: status %d, want the last good page", r.status)
	}
	r := get(t, s, "/readyz")
	if r.status != 200 || !strings.Contains(r.body, "; the latest reload (") || !strings.Contains(r.body, ") failed (1 problem), still serving the last good content") {
		t.Errorf("/readyz after a failed reload: %d %q", r.status, r.body)
	}
	if strings.Contains(r.body, "WSAEINTR") || strings.Contains(r.body, "WSAEGONE") {
		t.Errorf("/readyz quotes the problem to the public: %q", r.body)
	}
	if r := get(t, s, "/debug/problems"); r.status != 404 {
		t.Errorf("/debug/problems on the site: status %d, want 404", r.status)
	}
	r = serve(s.DebugHandler(), newRequest("/debug/problems"))
	if r.status != 200 || !strings.Contains(r.body, ") failed: 1 problem\nerrors/WSAEINTR.md:") || !strings.Contains(r.body, `"WSAEGONE", which is not an article`) {
		t.Errorf("debug /debug/problems after a failed reload: %d %q", r.status, r.body)
	}
	fixed := content.Overlay(fstest.MapFS{
		"errors/WSAEINTR.md": {Data: []byte(strings.Replace(string(old), "title: Interrupted function call", "title: Interrupted function call (corrected)", 1))},
	}, content.FS)
	if err := s.Load(fixed); err != nil {
		t.Fatalf("Load(fixed): %v", err)
	}
	if r := get(t, s, "/errors/WSAEINTR"); !strings.Contains(r.body, "Interrupted function call (corrected)") {
		t.Errorf("the fixed corpus is not served")
	}
	if r := get(t, s, "/readyz"); strings.Contains(r.body, "failed") {
		t.Errorf("/readyz still reports the failure: %q", r.body)
	}
	if r := serve(s.DebugHandler(), newRequest("/debug/problems")); !strings.Contains(r.body, ") succeeded: no problems") {
		t.Errorf("debug /debug/problems after the fix: %q", r.body)
	}
}

// TestContentUnavailable checks /readyz says, in one public line, when the
// content folder cannot be read, keeps the time it first could not, and
// forgets it on the next load; the reason is only in the debug handler.
func TestContentUnavailable(t *testing.T) {
	s, err := New(Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Load(content.FS); err != nil {
		t.Fatal(err)
	}
	since := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	s.ContentUnavailable(since, errors.New("stat /srv/content: no such file or directory"))
	s.ContentUnavailable(since.Add(time.Minute), errors.New("still gone"))
	r := get(t, s, "/readyz")
	want := "; the content folder is unavailable since 2026-12-04T10:00:00Z, still serving the last good content\n"
	if r.status != 200 || !strings.HasPrefix(r.body, fmt.Sprintf("ready: serving %d articles loaded ", len(builtIn(t).Articles()))) || !strings.HasSuffix(r.body, want) || strings.Count(r.body, "\n") != 1 {
		t.Errorf("/readyz with the folder gone: %d %q, want 200 and one line ending %q", r.status, r.body, want)
	}
	if d := serve(s.DebugHandler(), newRequest("/debug/problems")); !strings.Contains(d.body, "unavailable since 2026-12-04T10:00:00Z: still gone") {
		t.Errorf("debug /debug/problems with the folder gone: %q", d.body)
	}
	if err := s.Load(content.FS); err != nil {
		t.Fatal(err)
	}
	if r := get(t, s, "/readyz"); strings.Contains(r.body, "unavailable") {
		t.Errorf("/readyz after a load: %q", r.body)
	}
}

// TestReloadMemory reloads the built-in corpus 50 times and checks the
// heap in use after a collection stops growing: each replaced site (its
// pages, index and compressed encodings) is released.
func TestReloadMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("50 reloads")
	}
	s, err := New(Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	const reloads, settled = 50, 10
	var plateau, last uint64
	for i := range reloads {
		if err := s.Load(content.FS); err != nil {
			t.Fatal(err)
		}
		s.WaitCompressed()
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		last = m.HeapInuse
		if i < settled {
			plateau = max(plateau, last)
		}
	}
	t.Logf("heap in use after GC: at most %d MB over the first %d reloads, %d MB after %d", plateau>>20, settled, last>>20, reloads)
	// Generous: the collector's timing moves the heap by several MB.
	if last > plateau+plateau/2 {
		t.Errorf("heap in use grew from %d MB to %d MB over %d reloads", plateau>>20, last>>20, reloads-settled)
	}
}

// TestReloadReleases reloads the corpus several times and checks the
// replaced sites' indexes are closed: no goroutines pile up.
func TestReloadReleases(t *testing.T) {
	s, err := New(Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Load(content.FS); err != nil {
		t.Fatal(err)
	}
	s.WaitCompressed()
	time.Sleep(100 * time.Millisecond)
	before := runtime.NumGoroutine()
	for range 5 {
		if err := s.Load(content.FS); err != nil {
			t.Fatal(err)
		}
		s.WaitCompressed()
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if after := runtime.NumGoroutine(); after > before {
		t.Errorf("goroutines: %d before five reloads, %d after: replaced indexes are not released", before, after)
	}
}

// TestLimiterKeys checks how the search limiter tells clients apart and
// that its table stays bounded: an IPv6 client is its /64, so walking its
// addresses gains nothing, and a flood of distinct clients never holds
// more than two generations of buckets.
func TestLimiterKeys(t *testing.T) {
	l := newLimiter(60, 2)
	now := time.Now()
	for i, ip := range []string{"2001:db8:1:2::1", "2001:db8:1:2::ffff", "2001:db8:1:2:aaaa:bbbb:cccc:dddd"} {
		ok, _ := l.reserve(ip, now)
		if want := i < 2; ok != want {
			t.Errorf("search %d from %s (the same /64): allowed %v, want %v", i+1, ip, ok, want)
		}
	}
	if ok, _ := l.reserve("2001:db8:1:3::1", now); !ok {
		t.Errorf("another /64 shares the first one's bucket")
	}
	if ok, _ := l.reserve("::ffff:192.0.2.1", now); !ok {
		t.Errorf("an IPv4-mapped address was refused on its first search")
	}
	if ok, _ := l.reserve("192.0.2.1", now); !ok {
		t.Errorf("192.0.2.1 and ::ffff:192.0.2.1 should be one client with a burst of 2")
	}
	if ok, _ := l.reserve("192.0.2.1", now); ok {
		t.Errorf("192.0.2.1 and ::ffff:192.0.2.1 are not one client")
	}

	for i := range 3 * maxClients {
		ip := netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, byte(i >> 16), byte(i >> 8), byte(i), 0, 0, 0, 0, 0, 0, 0, 0, 1})
		l.reserve(ip.String(), now)
	}
	if n := l.clients(); n > 2*maxClients {
		t.Errorf("after %d distinct clients the limiter holds %d buckets, want at most %d", 3*maxClients, n, 2*maxClients)
	}
}

// clients is how many clients' buckets the limiter holds.
func (l *limiter) clients() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.cur) + len(l.prev)
}
