package web

import (
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/go-chi/chi/v5/middleware"
	"golang.org/x/time/rate"
)

// limiter is a per-client token bucket for search. Clients are identified
// by the IP a ClientIPFrom* middleware stored: the operator decides which
// source is trusted (the connection, or a header set by their proxy).
type limiter struct {
	perSecond rate.Limit
	burst     int

	mu      sync.Mutex
	clients map[string]*client
	swept   time.Time
}

type client struct {
	lim  *rate.Limiter
	seen time.Time
}

// idleClient is how long an idle client's bucket is kept; by then it has
// refilled anyway.
const idleClient = 10 * time.Minute

func newLimiter(perMinute float64, burst int) *limiter {
	if burst < 1 {
		burst = max(1, int(math.Ceil(perMinute/6))) // ten seconds' worth
	}
	return &limiter{perSecond: rate.Limit(perMinute / 60), burst: burst, clients: map[string]*client{}, swept: time.Now()}
}

// reserve takes a token for key, or reports how long until one is free.
func (l *limiter) reserve(key string, now time.Time) (ok bool, wait time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.swept) > idleClient {
		for k, c := range l.clients {
			if now.Sub(c.seen) > idleClient {
				delete(l.clients, k)
			}
		}
		l.swept = now
	}
	c := l.clients[key]
	if c == nil {
		c = &client{lim: rate.NewLimiter(l.perSecond, l.burst)}
		l.clients[key] = c
	}
	c.seen = now
	r := c.lim.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
}

// allowSearch takes a search token for the request's client, if searches
// are limited.
func (s *Server) allowSearch(r *http.Request) bool {
	if s.limiter == nil {
		return true
	}
	ok, _ := s.limiter.reserve(middleware.GetClientIP(r.Context()), time.Now())
	return ok
}

// limit answers 429 with Retry-After to a client over its search budget.
// Requests whose client IP is unknown share one bucket, so a misconfigured
// proxy cannot switch limiting off.
func (s *Server) limit(next http.Handler) http.Handler {
	if s.limiter == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := middleware.GetClientIP(r.Context())
		if ok, wait := s.limiter.reserve(key, time.Now()); !ok {
			w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
			s.serveError(w, r, &httpError{status: http.StatusTooManyRequests, msg: "Too many searches from your address. Wait a few seconds and try again."})
			return
		}
		next.ServeHTTP(w, r)
	})
}
