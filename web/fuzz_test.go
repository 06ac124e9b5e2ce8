package web

import (
	"net/http"
	"strings"
	"testing"
)

// FuzzRequest sends arbitrary paths and queries through the whole handler:
// never a fault, never a redirect off the site, never a panic.
func FuzzRequest(f *testing.F) {
	for _, seed := range []string{
		"/", "/10054", "/0x80072746", "/kb/Q196271", "/errors/wsaeconnreset", "//evil.example",
		"/%2F%2Fevil.example", "/%ff", "/search?q=%00", "/api/v1/search?q=a&limit=-1",
		"/static/../go.mod", "/api/v1/errors/%0d%0a", "/search?q=" + strings.Repeat("(", 100),
	} {
		f.Add(seed)
	}
	s := newTestServer(f)
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

	})
}
