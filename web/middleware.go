package web

import (
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
)

func requestID(r *http.Request) string { return middleware.GetReqID(r.Context()) }

func levelFor(status int) slog.Level {
	if status >= 500 {
		return slog.LevelError
	}
	return slog.LevelInfo
}

// observe counts every request by route and status, times it, and (when
// configured) logs it: id, route, status, bytes, duration.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		next.ServeHTTP(ww, r)
		route := "unmatched"
		if rc := chi.RouteContext(r.Context()); rc != nil && rc.RoutePattern() != "" {
			route = rc.RoutePattern()
		}
		elapsed := time.Since(start)
		s.metrics.requests.WithLabelValues(route, strconv.Itoa(ww.Status())).Inc()
		s.metrics.duration.WithLabelValues(route).Observe(elapsed.Seconds())
		if !s.cfg.AccessLog {
			return
		}
		s.log.LogAttrs(r.Context(), levelFor(ww.Status()), "request",
			slog.String("id", requestID(r)),
			slog.String("method", r.Method),
			slog.String("route", route),
			slog.String("path", truncate(r.URL.Path, 200)),
			slog.Int("status", ww.Status()),
			slog.Int("bytes", ww.BytesWritten()),
			slog.Duration("duration", elapsed),
		)
	})
}

// recoverer turns a panic into a 500 page that reveals nothing, and logs
// the panic with the request id.
func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "request_id", requestID(r), "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
				s.serveError(w, r, panicError{v})
			}
		}()
		next.ServeHTTP(w, r)
	})
}

type panicError struct{ v any }

func (panicError) Error() string { return "panic" }

// contentSecurityPolicy allows only the site's own script, style and
// images: no inline code at all.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

func securityHeaders(https bool) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h := w.Header()
			h.Set("Content-Security-Policy", contentSecurityPolicy)
			h.Set("X-Content-Type-Options", "nosniff")
			h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
			h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
			h.Set("Cross-Origin-Opener-Policy", "same-origin")
			h.Set("X-Frame-Options", "DENY")
			if https {
				h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
			}
			next.ServeHTTP(w, r)
		})
	}
}

// onlyGetAndHead refuses other methods and requests with a body: the site
// is read-only.
func (s *Server) onlyGetAndHead(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			if r.Method == http.MethodOptions && strings.HasPrefix(r.URL.Path, "/api/") {
				cors(w)
				w.Header().Set("Access-Control-Allow-Methods", "GET, HEAD")
				w.Header().Set("Allow", "GET, HEAD, OPTIONS")
				w.WriteHeader(http.StatusNoContent)
				return
			}
			w.Header().Set("Allow", "GET, HEAD")
			s.serveError(w, r, &httpError{status: http.StatusMethodNotAllowed, msg: "Only GET and HEAD are supported."})
			return
		}
		if r.ContentLength > 0 || len(r.TransferEncoding) > 0 {
			s.serveError(w, r, &httpError{status: http.StatusBadRequest, msg: "Requests to this site have no body."})
			return
		}
		next.ServeHTTP(w, r)
	})
}
