package web

import (
	"context"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/prometheus/client_golang/prometheus"
)

func requestID(r *http.Request) string { return middleware.GetReqID(r.Context()) }

func levelFor(status int) slog.Level {
	if status >= 500 {
		return slog.LevelError
	}
	return slog.LevelInfo
}

// newRequestID returns a fresh id for a request: a prefix random to this
// process and a counter, so ids from several replicas never collide.
func (s *Server) newRequestID() string {
	return s.idPrefix + strconv.FormatUint(s.idCount.Add(1), 10)
}

// withRequestID gives every routed request an id, for the log and for
// faults.
func (s *Server) withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := context.WithValue(r.Context(), middleware.RequestIDKey, s.newRequestID())
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// observe counts every routed request by route and status, times it, and
// logs it (see done).
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		next.ServeHTTP(ww, r)
		route := "unmatched"
		if rc := chi.RouteContext(r.Context()); rc != nil && rc.RoutePattern() != "" {
			route = rc.RoutePattern()
		}
		s.done(r.Context(), r.Method, r.URL.Path, route, ww.Status(), ww.BytesWritten(), start, requestID(r))
	})
}

type routeStatus struct {
	route  string
	status int
}

// done records a finished request: metrics always, and one access-log line
// (id, route, status, bytes, duration) when configured.
func (s *Server) done(ctx context.Context, method, path, route string, status, bytes int, start time.Time, id string) {
	elapsed := time.Since(start)
	key := routeStatus{route, status}
	c, ok := s.counters.Load(key)
	if !ok {
		c, _ = s.counters.LoadOrStore(key, s.metrics.requests.WithLabelValues(route, strconv.Itoa(status)))
	}
	c.(prometheus.Counter).Inc()
	o, ok := s.durations.Load(route)
	if !ok {
		o, _ = s.durations.LoadOrStore(route, s.metrics.duration.WithLabelValues(route))
	}
	o.(prometheus.Observer).Observe(elapsed.Seconds())
	if !s.cfg.AccessLog {
		return
	}
	if id == "" {
		id = s.newRequestID()
	}
	s.log.LogAttrs(ctx, levelFor(status), "request",
		slog.String("id", id),
		slog.String("method", method),
		slog.String("route", route),
		slog.String("path", truncate(path, 200)),
		slog.Int("status", status),
		slog.Int("bytes", bytes),
		slog.Duration("duration", elapsed),
	)
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

// The security headers every response carries, made once.
var (
	hCSP         = []string{contentSecurityPolicy}
	hNoSniff     = []string{"nosniff"}
	hReferrer    = []string{"strict-origin-when-cross-origin"}
	hPermissions = []string{"camera=(), microphone=(), geolocation=(), interest-cohort=()"}
	hCOOP        = []string{"same-origin"}
	hFrameDeny   = []string{"DENY"}
	hHSTS        = []string{"max-age=31536000; includeSubDomains"}
	hAnyOrigin   = []string{"*"}
)

func (s *Server) setSecurityHeaders(h http.Header) {
	h["Content-Security-Policy"] = hCSP
	h["X-Content-Type-Options"] = hNoSniff
	h["Referrer-Policy"] = hReferrer
	h["Permissions-Policy"] = hPermissions
	h["Cross-Origin-Opener-Policy"] = hCOOP
	h["X-Frame-Options"] = hFrameDeny
	if s.base.Scheme == "https" {
		h["Strict-Transport-Security"] = hHSTS
	}
}

func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.setSecurityHeaders(w.Header())
		next.ServeHTTP(w, r)
	})
}

// methods refuses what the site does not take: methods other than GET
// and HEAD (POST only where a search takes a paste too long for a URL;
// OPTIONS on the API, for CORS preflight), and bodies on anything but
// those POSTs. A request refused for its body is answered and its
// connection closed, so nothing of the body is read as the next request.
func (s *Server) methods(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodGet || r.Method == http.MethodHead:
			if r.ContentLength > 0 || len(r.TransferEncoding) > 0 {
				w.Header().Set("Connection", "close")
				s.serveError(w, r, badRequest("Requests to this address have no body."))
				return
			}
		case r.Method == http.MethodPost && takesBody(r.URL.Path) > 0:
			r.Body = http.MaxBytesReader(w, r.Body, takesBody(r.URL.Path))
		case r.Method == http.MethodOptions && strings.HasPrefix(r.URL.Path, "/api/"):
			cors(w)
			allow := "GET, HEAD, OPTIONS"
			if takesBody(r.URL.Path) > 0 {
				allow = "GET, HEAD, POST, OPTIONS"
				w.Header().Set("Access-Control-Allow-Headers", "Content-Type")
			}
			w.Header().Set("Access-Control-Allow-Methods", allow)
			w.Header().Set("Allow", allow)
			w.WriteHeader(http.StatusNoContent)
			return
		default:
			allow := "GET, HEAD"
			if takesBody(r.URL.Path) > 0 {
				allow = "GET, HEAD, POST"
			}
			w.Header().Set("Allow", allow)
			s.serveError(w, r, &httpError{status: http.StatusMethodNotAllowed, msg: "This address answers " + allow + " only."})
			return
		}
		next.ServeHTTP(w, r)
	})
}

// takesBody returns how large a body a path takes with a POST: a paste too
// long for a URL for the searches, a log for the scans; 0 for the rest.
func takesBody(path string) int64 {
	switch path {
	case "/search", "/api/v1/search":
		return maxBodyBytes
	case "/scan", "/api/v1/scan":
		return maxScanBodyBytes
	}
	return 0
}
