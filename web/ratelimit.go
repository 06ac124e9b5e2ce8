package web

import (
	"math"
	"net/http"
	"net/netip"
	"strconv"
	"sync"
	"time"

	"github.com/go-chi/chi/v5/middleware"
	"golang.org/x/time/rate"

	"github.com/sockerr/sockerr/internal/connlimit"
)

// limiter is a per-client token bucket for search. Clients are identified
// by the IP a ClientIPFrom* middleware stored: the operator decides which
// source is trusted (the connection, or a header set by their proxy). An
// IPv6 client is its /64, the smallest network one subscriber gets: a
// client that walks its addresses is still one client.
//
// The buckets are kept in two generations, so the table never holds more
// than maxClients: a full current generation becomes the previous one and
// the one before is dropped. A client's bucket moves to the current
// generation when it searches, so only clients idle through a whole
// generation are forgotten (their buckets had refilled by then anyway,
// unless a flood of new clients turned the generations over faster).
type limiter struct {
	perSecond rate.Limit
	burst     int

	mu        sync.Mutex
	cur, prev map[netip.Prefix]*rate.Limiter
	turned    time.Time
}

// Bounds on the limiter's table.
const (
	maxClients = 1 << 16          // buckets in one generation
	idleClient = 10 * time.Minute // a generation turns over at least this often
)

func newLimiter(perMinute float64, burst int) *limiter {
	if burst < 1 {
		burst = max(1, int(math.Ceil(perMinute/6))) // ten seconds' worth
	}
	return &limiter{
		perSecond: rate.Limit(perMinute / 60),
		burst:     burst,
		cur:       map[netip.Prefix]*rate.Limiter{},
		prev:      map[netip.Prefix]*rate.Limiter{},
		turned:    time.Now(),
	}
}

// clientKey is the bucket of a client IP: the address itself for IPv4,
// its /64 for IPv6 (as the connection limits count clients). An IP that
// does not parse (no client IP was found) shares one bucket with every
// other such request, so a misconfigured proxy cannot switch limiting
// off.
func clientKey(ip string) netip.Prefix {
	addr, err := netip.ParseAddr(ip)
	if err != nil {
		return netip.Prefix{}
	}
	return connlimit.Client(addr)
}

// reserve takes a token for a client, or reports how long until one is
// free.
func (l *limiter) reserve(ip string, now time.Time) (ok bool, wait time.Duration) {
	key := clientKey(ip)
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.cur) >= maxClients || now.Sub(l.turned) > idleClient {
		l.prev, l.cur, l.turned = l.cur, make(map[netip.Prefix]*rate.Limiter, len(l.cur)), now
	}
	b := l.cur[key]
	if b == nil {
		if b = l.prev[key]; b != nil {
			delete(l.prev, key)
		} else {
			b = rate.NewLimiter(l.perSecond, l.burst)
		}
		l.cur[key] = b
	}
	r := b.ReserveN(now, 1)
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

// refusedDelay holds back each 429: a client that ignores Retry-After
// and asks again at once, on every connection it may open, then gets at
// most one answer a second per connection, where it could otherwise make
// the server spend a core on refusing it.
const refusedDelay = time.Second

// limit answers 429 with Retry-After to a client over its search budget,
// after refusedDelay.
func (s *Server) limit(next http.Handler) http.Handler {
	if s.limiter == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ok, wait := s.limiter.reserve(middleware.GetClientIP(r.Context()), time.Now()); !ok {
			select {
			case <-time.After(refusedDelay):
			case <-r.Context().Done():
			}
			w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
			s.serveError(w, r, &httpError{status: http.StatusTooManyRequests, msg: "Too many searches from your address. Wait a few seconds and try again."})
			return
		}
		next.ServeHTTP(w, r)
	})
}
