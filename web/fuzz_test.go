package web

import (
	"bufio"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/valyala/fasthttp"
)

// FuzzRequest sends arbitrary paths and queries through the whole handler:
// never a fault, never a redirect off the site, never a panic; and the
// fasthttp front answers every one as ServeHTTP does.
func FuzzRequest(f *testing.F) {
	for _, seed := range []string{
		"/", "/10054", "/0x80072746", "/kb/Q196271", "/errors/wsaeconnreset", "//evil.example",
		"/%2F%2Fevil.example", "/%ff", "/search?q=%00", "/api/v1/search?q=a&limit=-1",
		"/static/../go.mod", "/api/v1/errors/%0d%0a", "/search?q=" + strings.Repeat("(", 100),
	} {
		f.Add(seed)
	}
	s := newTestServer(f)
	fast := s.FastHTTPHandler()
	f.Fuzz(func(t *testing.T, target string) {
		if !strings.HasPrefix(target, "/") || len(target) > 1<<16 || strings.ContainsAny(target, " \r\n\t#") {
			return
		}
		r := serve(s, newRequest(target))
		if r.status >= 500 {
			t.Fatalf("GET %q: status %d", target, r.status)
		}
		if loc := r.header.Get("Location"); loc != "" && (!strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") || strings.ContainsAny(loc, "\\\r\n")) {
			t.Fatalf("GET %q: redirect off the site to %q", target, loc)
		}
		if r.status == http.StatusOK && r.header.Get("Content-Type") == "" {
			t.Fatalf("GET %q: no Content-Type", target)
		}

		// The fasthttp front, on the same request as fasthttp parses it,
		// answers alike: what it serves from memory, it serves as
		// ServeHTTP would; the rest it hands to ServeHTTP.
		var ctx fasthttp.RequestCtx
		raw := "GET " + target + " HTTP/1.1\r\nHost: sockerr.example\r\n\r\n"
		if err := ctx.Request.Read(bufio.NewReader(strings.NewReader(raw))); err != nil {
			return // fasthttp refuses it before any handler runs
		}
		fast(&ctx)
		if _, err := url.ParseRequestURI(target); err != nil {
			// net/http's server answers 400 before the handler runs.
			if got := ctx.Response.StatusCode(); got != http.StatusBadRequest {
				t.Fatalf("GET %q: %d from the fasthttp front, want 400 for a malformed URL", target, got)
			}
			return
		}
		if got := ctx.Response.StatusCode(); got != r.status {
			t.Fatalf("GET %q: %d from the fasthttp front, %d from ServeHTTP", target, got, r.status)
		}
		if got := string(ctx.Response.Body()); got != r.body {
			t.Fatalf("GET %q: the fasthttp front's body differs from ServeHTTP's (%d and %d bytes)", target, len(got), len(r.body))
		}
	})
}
