package web

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/valyala/fasthttp"
)

// fastAndStd serves the test server twice over real sockets: with fasthttp
// through FastHTTPHandler, and with net/http through ServeHTTP.
func fastAndStd(t *testing.T) (fast, std string) {
	t.Helper()
	s := newTestServer(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	fs := &fasthttp.Server{Handler: s.FastHTTPHandler(), NoDefaultServerHeader: true, ReadBufferSize: 16 << 10}
	go fs.Serve(ln)
	t.Cleanup(func() { fs.Shutdown() })
	hs := httptest.NewServer(s)
	t.Cleanup(hs.Close)
	return "http://" + ln.Addr().String(), hs.URL
}

// headerNames is a response's header names, canonical and sorted, without
// those that differ between two answers by nature.
func headerNames(h http.Header) []string {
	var names []string
	for k := range h {
		switch k {
		case "Date", "Content-Length", "Transfer-Encoding":
			continue
		}
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}

// TestFastHTTPServesAlike asks both servers the same questions, for every
// prepared response in every encoding, as HEAD, and revalidated, and for
// the routes fasthttp hands to ServeHTTP: status, headers and body must be
// the same, Date and framing aside.
func TestFastHTTPServesAlike(t *testing.T) {
	fastURL, stdURL := fastAndStd(t)
	s := newTestServer(t)
	var paths []string
	for p := range s.site.Load().pages {
		paths = append(paths, p)
	}
	for p := range s.assets.files {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	if len(paths) < 200 {
		t.Fatalf("only %d prepared responses", len(paths))
	}
	paths = append(paths,
		"/?utm_source=x", "/errors/WSAECONNRESET?x=1",
		"/search?q=wsarecv+10054", "/search?q=", "/api/v1/search?q=ECONNRESET&limit=3", "/api/v1/search?limit=x",
		"/10054", "/wsaeconnreset", "/0x2746", "/kb/Q196271", "/api/v1/errors/10054",
		"/nope", "/errors/nope", "/static/nope.css", "/healthz", "/readyz",
		"/errors/%57SAECONNRESET", "/%2F%2Fexample.com", "/errors/WSAECONNRESET/",
	)

	client := &http.Client{
		Transport:     &http.Transport{DisableCompression: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Timeout:       10 * time.Second,
	}
	ask := func(base, method, path string, header ...string) (*http.Response, string) {
		t.Helper()
		req, err := http.NewRequest(method, base+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", method, base+path, err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp, string(b)
	}

	compared := 0
	for _, path := range paths {
		for _, q := range []struct {
			method string
			header []string
		}{
			{"GET", []string{"Accept-Encoding", "gzip"}},
			{"GET", []string{"Accept-Encoding", "br;q=1, gzip;q=0.5"}},
			{"GET", nil},
			{"HEAD", []string{"Accept-Encoding", "gzip"}},
		} {
			f, fb := ask(fastURL, q.method, path, q.header...)
			n, nb := ask(stdURL, q.method, path, q.header...)
			what := q.method + " " + path + " " + strings.Join(q.header, ": ")
			if f.StatusCode != n.StatusCode {
				t.Errorf("%s: status %d from fasthttp, %d from net/http", what, f.StatusCode, n.StatusCode)
				continue
			}
			if fn, nn := headerNames(f.Header), headerNames(n.Header); !slices.Equal(fn, nn) {
				t.Errorf("%s: headers\n fasthttp %v\n net/http %v", what, fn, nn)
			}
			for _, k := range headerNames(n.Header) {
				if k == "X-Request-Id" {
					continue
				}
				if f.Header.Get(k) != n.Header.Get(k) {
					t.Errorf("%s: %s is %q from fasthttp, %q from net/http", what, k, f.Header.Get(k), n.Header.Get(k))
				}
			}
			if fb != nb {
				t.Errorf("%s: bodies differ (%d and %d bytes)", what, len(fb), len(nb))
			}
			if n.ContentLength >= 0 && f.ContentLength != n.ContentLength {
				t.Errorf("%s: Content-Length %d from fasthttp, %d from net/http", what, f.ContentLength, n.ContentLength)
			}
			compared++

			if etag := n.Header.Get("Etag"); etag != "" && q.method == "GET" && n.StatusCode == http.StatusOK {
				f, fb := ask(fastURL, "GET", path, append(q.header, "If-None-Match", `"other", `+etag)...)
				if f.StatusCode != http.StatusNotModified || fb != "" || f.Header.Get("Etag") != etag {
					t.Errorf("%s revalidated: %d with %d bytes, Etag %q; want 304, empty, %q", what, f.StatusCode, len(fb), f.Header.Get("Etag"), etag)
				}
			}
		}
	}
	t.Logf("%d answers compared", compared)
}

// TestFastHTTPFastPath checks which requests the fasthttp front answers
// itself: the parity test above would pass as well if it handed every
// request on.
func TestFastHTTPFastPath(t *testing.T) {
	s := newTestServer(t)
	for _, tc := range []struct {
		raw  string
		fast bool
	}{
		{"GET /errors/WSAECONNRESET HTTP/1.1\r\nHost: x\r\n\r\n", true},
		{"HEAD /errors/WSAECONNRESET HTTP/1.1\r\nHost: x\r\n\r\n", true},
		{"GET /?utm_source=x HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", true},
		{"GET /api/v1/errors/WSAECONNRESET HTTP/1.1\r\nHost: x\r\n\r\n", true},
		{"GET " + s.assets.urls["style.css"] + " HTTP/1.1\r\nHost: x\r\n\r\n", true},
		{"GET /errors/WSAECONNRESET HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc", false},
		{"GET /errors/WSAECONNRESET HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\n\r\n", false},
		{"POST /errors/WSAECONNRESET HTTP/1.1\r\nHost: x\r\n\r\n", false},
		{"GET /errors/%57SAECONNRESET HTTP/1.1\r\nHost: x\r\n\r\n", false},
		{"GET http://x/errors/WSAECONNRESET HTTP/1.1\r\nHost: x\r\n\r\n", false},
		{"GET /10054 HTTP/1.1\r\nHost: x\r\n\r\n", false},
		{"GET /search?q=x HTTP/1.1\r\nHost: x\r\n\r\n", false},
	} {
		var ctx fasthttp.RequestCtx
		if err := ctx.Request.Read(bufio.NewReader(strings.NewReader(tc.raw))); err != nil {
			t.Fatalf("%q: %v", tc.raw, err)
		}
		if got := s.serveFast(&ctx, nil); got != tc.fast {
			t.Errorf("%q: answered from memory %v, want %v", tc.raw, got, tc.fast)
		}
	}
}

// TestFastHTTPRefuses checks what fasthttp answers itself or hands on:
// other methods, bodies, oversized headers.
func TestFastHTTPRefuses(t *testing.T) {
	fastURL, _ := fastAndStd(t)
	for _, tc := range []struct {
		method, path, body string
		header             []string
		want               int
	}{
		{"POST", "/", "x", nil, http.StatusMethodNotAllowed},
		{"PUT", "/errors/WSAECONNRESET", "x", nil, http.StatusMethodNotAllowed},
		{"DELETE", "/errors/WSAECONNRESET", "", nil, http.StatusMethodNotAllowed},
		{"GET", "/errors/WSAECONNRESET", "a body", nil, http.StatusBadRequest},
		{"GET", "/", "", []string{"X-Big", strings.Repeat("a", 20<<10)}, http.StatusRequestHeaderFieldsTooLarge},
	} {
		req, err := http.NewRequest(tc.method, fastURL+tc.path, strings.NewReader(tc.body))
		if err != nil {
			t.Fatal(err)
		}
		if tc.body == "" {
			req.Body, req.ContentLength = nil, 0
		}
		for i := 0; i+1 < len(tc.header); i += 2 {
			req.Header.Set(tc.header[i], tc.header[i+1])
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil && tc.want == http.StatusRequestHeaderFieldsTooLarge &&
			(errors.Is(err, syscall.EPIPE) || errors.Is(err, syscall.ECONNRESET)) {
			// fasthttp answers 431 and closes as soon as the headers
			// overflow its buffer; a client still writing them can see the
			// connection reset before it reads the answer. Refused either way.
			continue
		}
		if err != nil {
			t.Fatalf("%s %s: %v", tc.method, tc.path, err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.want {
			t.Errorf("%s %s (body %q): %d, want %d", tc.method, tc.path, tc.body, resp.StatusCode, tc.want)
		}
	}
}
