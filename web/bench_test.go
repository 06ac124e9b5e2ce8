package web

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/sockerr/sockerr/content"
)

// BenchmarkLoad measures building a whole site: corpus, index, every page
// rendered and compressed.
func BenchmarkLoad(b *testing.B) {
	s, err := New(Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := s.Load(content.FS); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkServe measures serving prepared responses through the whole
// middleware chain.
func BenchmarkServe(b *testing.B) {
	s := newTestServer(b)
	for _, bc := range []struct{ name, path, accept string }{
		{"error-page", "/errors/WSAECONNRESET", ""},
		{"error-page-br", "/errors/WSAECONNRESET", "gzip, deflate, br"},
		{"home-gzip", "/", "gzip"},
		{"api-article", "/api/v1/errors/WSAECONNRESET", ""},
		{"short-url", "/10054", ""},
	} {
		b.Run(bc.name, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, bc.path, nil)
			if bc.accept != "" {
				req.Header.Set("Accept-Encoding", bc.accept)
			}
			b.ReportAllocs()
			for b.Loop() {
				w := discardWriter{h: http.Header{}}
				s.ServeHTTP(&w, req)
			}
		})
	}
}

type discardWriter struct{ h http.Header }

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *discardWriter) WriteHeader(int)             {}
