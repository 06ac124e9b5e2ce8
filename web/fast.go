package web

import (
	"bytes"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/valyala/fasthttp"
	"github.com/valyala/fasthttp/fasthttpadaptor"
)

// FastHTTPHandler is the site for a fasthttp server, which is what `sockerr
// serve` runs. Prepared responses (every page, API document and asset:
// nearly every request) are served here straight from memory, as
// ServeHTTP's fast path serves them, with the same headers, validators,
// encodings, metrics and access log; every other request goes through
// fasthttpadaptor to ServeHTTP, so the router, its middleware and every
// error page are the net/http ones, unchanged.
//
// Why fasthttp: a prepared page costs net/http about 27 µs of its own work
// per request (a map of request headers, a cloned and sorted map of
// response headers, contexts, a read kept pending beside the handler), more
// than nginx spends on a whole request; fasthttp reuses its request and
// response objects and parses into them. On one core it serves an article
// page at about 1.6 times nginx's rate, where net/http reached 0.68 times
// (bench/README.md).
func (s *Server) FastHTTPHandler() fasthttp.RequestHandler {
	// The security headers are the same on every response: their names
	// are made canonical here, once, rather than by Set on each request.
	h := http.Header{}
	s.setSecurityHeaders(h)
	security := make([][2][]byte, 0, len(h))
	for k, vs := range h {
		security = append(security, [2][]byte{[]byte(k), []byte(vs[0])})
	}
	slices.SortFunc(security, func(a, b [2][]byte) int { return bytes.Compare(a[0], b[0]) })
	slow := fasthttpadaptor.NewFastHTTPHandler(s)
	return func(ctx *fasthttp.RequestCtx) {
		if s.serveFast(ctx, security) {
			return
		}
		// A URL net/http's server refuses before any handler runs is
		// refused alike: the adaptor would answer it with a 500.
		if _, err := url.ParseRequestURI(string(ctx.RequestURI())); err != nil {
			ctx.Error("400 Bad Request: malformed URL", fasthttp.StatusBadRequest)
			return
		}
		slow(ctx)
	}
}

// serveFast serves a prepared response if the request is for one, under
// the same conditions as ServeHTTP's fast path: GET or HEAD, no body, and
// a path written plainly (no escapes: those go the long way, through the
// router, as on net/http).
func (s *Server) serveFast(ctx *fasthttp.RequestCtx, security [][2][]byte) bool {
	req := &ctx.Request.Header
	// -2 is fasthttp's "no Content-Length, not chunked": no body.
	if !req.IsGet() && !req.IsHead() || req.ContentLength() != 0 && req.ContentLength() != -2 {
		return false
	}
	path := req.RequestURI()
	if i := bytes.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	if len(path) == 0 || path[0] != '/' || bytes.IndexByte(path, '%') >= 0 {
		return false // absolute-form, "*", or escaped
	}
	st := s.site.Load()
	if st == nil {
		return false
	}
	p := st.pages[string(path)]
	if p == nil {
		p = s.assets.files[string(path)]
	}
	if p == nil || p.route == "" {
		return false
	}

	start := time.Now()
	v, notModified := p.choose(string(req.Peek("Accept-Encoding")), string(req.Peek("If-None-Match")))
	h := &ctx.Response.Header
	for _, kv := range security {
		h.SetCanonical(kv[0], kv[1])
	}
	if p.cors {
		h.Set("Access-Control-Allow-Origin", "*")
	}
	h.SetContentType(p.contentType)
	if p.hCache != nil {
		h.Set("Cache-Control", p.hCache[0])
	}
	if p.compressible {
		h.Set("Vary", hVary[0])
	}
	h.Set("Etag", v.etag[0])
	status, n := http.StatusOK, 0
	if notModified {
		status = http.StatusNotModified
		ctx.SetStatusCode(status)
	} else {
		if v.encoding != nil {
			h.Set("Content-Encoding", v.encoding[0])
		}
		// Prepared bytes are never changed: fasthttp may send them as
		// they are. It leaves a HEAD response's body out, keeping its
		// length.
		ctx.Response.SetBodyRaw(v.body)
		if !req.IsHead() {
			n = len(v.body)
		}
	}
	s.done(ctx, string(req.Method()), string(path), p.route, status, n, start, "")
	return true
}
