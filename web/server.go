package web

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/sockerr/sockerr/content"
	"github.com/sockerr/sockerr/static"
	"github.com/sockerr/sockerr/templates"
)

// Config is what a Server needs to know about where it runs.
type Config struct {
	// BaseURL is the absolute URL the site is reached at, such as
	// "https://sockerr.example". Canonical links, previews and the
	// sitemap use it; it is never taken from a request. Default:
	// "http://localhost:8080".
	BaseURL string

	// Logger receives faults and the access log. Default: slog.Default().
	Logger *slog.Logger

	// AccessLog logs one line per request.
	AccessLog bool

	// SearchPerMinute limits the searches (pages and API) one client may
	// make per minute, with bursts of SearchBurst (default: ten seconds'
	// worth). Zero means no limit.
	SearchPerMinute float64
	SearchBurst     int

	// EmbedOrigins are the origins (https://wiki.example.org) allowed to
	// frame the embeddable cards, /embed/{id}; framing stays forbidden
	// for every other page and origin.
	EmbedOrigins []string

	// ClientIP is the middleware that stores each request's client IP
	// (one of chi's middleware.ClientIPFrom*), chosen by the operator to
	// match what they trust: the connection, or a header their proxy
	// sets. Default: middleware.ClientIPFromRemoteAddr.
	ClientIP func(http.Handler) http.Handler
}

// Server serves the site. It holds the current site, built from one corpus,
// and swaps in a new one atomically when [Server.Load] succeeds, so a
// request always sees one complete site.
type Server struct {
	cfg     Config
	urls    // absolute URLs under the base URL
	log     *slog.Logger
	tmpl    map[string]*template.Template
	assets  *assets
	handler http.Handler
	metrics *metrics
	limiter *limiter // nil: no limit
	icons   icons

	// searching holds a token for each search running: a counting
	// semaphore with a slot per core (GOMAXPROCS), so a flood of
	// searches, however many clients send it, keeps as many searches
	// runnable as there are cores, not one per connection, and a page
	// waits behind those few for its turn on a core.
	searching chan struct{}

	embedTmpl *template.Template
	embedCSP  string // the Content-Security-Policy of /embed/{id}
	openAPI   []byte // /api/v1/openapi.json, with the base URL as its server

	site        atomic.Pointer[site]
	loadMu      sync.Mutex // one Load at a time
	lastErr     atomic.Pointer[loadError]
	unavailable atomic.Pointer[loadError] // the content source cannot be read
	draining    atomic.Bool

	idPrefix  string        // request ids: random per process,
	idCount   atomic.Uint64 // then a counter
	counters  sync.Map      // routeStatus → prometheus.Counter
	durations sync.Map      // route → prometheus.Observer
}

// A loadError is why the latest load failed, or why the content source
// cannot be read, and since when.
type loadError struct {
	err error
	at  time.Time
}

// problems is the number of problems in a load error: the length of a
// [content.Problems], or 1.
func (le *loadError) problems() int {
	var ps content.Problems
	if errors.As(le.err, &ps) {
		return len(ps)
	}
	return 1
}

// The page templates, each parsed over base.html.
var pageTemplates = []string{"home", "errors", "kbs", "error", "kb", "search", "scan", "problem"}

// New returns a Server with no content: it answers 503 until the first
// successful [Server.Load].
func New(cfg Config) (*Server, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = "http://localhost:8080"
	}
	base, err := parseBase(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.ClientIP == nil {
		cfg.ClientIP = middleware.ClientIPFromRemoteAddr
	}
	s := &Server{cfg: cfg, urls: urls{base}, log: cfg.Logger, tmpl: map[string]*template.Template{}, metrics: newMetrics(),
		searching: make(chan struct{}, runtime.GOMAXPROCS(0))}
	var rnd [6]byte
	rand.Read(rnd[:])
	s.idPrefix = base64.RawURLEncoding.EncodeToString(rnd[:]) + "-"
	if cfg.SearchPerMinute > 0 {
		s.limiter = newLimiter(cfg.SearchPerMinute, cfg.SearchBurst)
	}
	if s.assets, err = loadAssets(static.FS); err != nil {
		return nil, err
	}
	if s.openAPI, err = openAPIDocument(base.String()); err != nil {
		return nil, err
	}
	funcs := template.FuncMap{
		"asset":   func(name string) (string, error) { u, err := s.assets.url(name); return s.path(u), err },
		"path":    s.path,
		"snippet": snippetHTML,
		"count":   count,
	}
	for _, name := range pageTemplates {
		t, err := template.New(name).Funcs(funcs).ParseFS(templates.FS, "base.html", name+".html")
		if err != nil {
			return nil, fmt.Errorf("parsing templates: %w", err)
		}
		s.tmpl[name] = t
	}
	if s.embedTmpl, err = parseEmbed(funcs); err != nil {
		return nil, fmt.Errorf("parsing templates: %w", err)
	}
	for _, o := range cfg.EmbedOrigins {
		u, err := url.Parse(o)
		if err != nil || u.Scheme != "https" && u.Scheme != "http" || u.Host == "" || u.Path != "" && u.Path != "/" || u.RawQuery != "" {
			return nil, fmt.Errorf("embed origin %q: want an origin such as https://wiki.example.org", o)
		}
	}
	s.embedCSP = strings.Replace(contentSecurityPolicy, "frame-ancestors 'none'", "frame-ancestors 'self' "+strings.Join(cfg.EmbedOrigins, " "), 1)
	s.handler = s.routes()
	return s, nil
}

// Load builds a site from the corpus in fsys — load, validate, index,
// render every page — and, only if all of it succeeds, makes it the site
// being served. On failure the previous site keeps serving and the error
// (a [content.Problems] for a bad corpus) is returned; /readyz says the
// reload failed, and the debug handler ([Server.DebugHandler]) lists the
// problems. A Load means the source could be read: it ends what
// [Server.ContentUnavailable] said.
func (s *Server) Load(fsys fs.FS) error {
	s.loadMu.Lock()
	defer s.loadMu.Unlock()
	s.unavailable.Store(nil)
	st, err := s.build(fsys)
	if err != nil {
		s.metrics.reloads.WithLabelValues("error").Inc()
		s.lastErr.Store(&loadError{err: err, at: time.Now()})
		return err
	}
	s.metrics.reloads.WithLabelValues("ok").Inc()
	s.metrics.articles.WithLabelValues("error").Set(float64(len(st.corpus.Errors())))
	s.metrics.articles.WithLabelValues("kb").Set(float64(len(st.corpus.KnownIssues())))
	s.lastErr.Store(nil)
	old := s.site.Swap(st)
	go st.compress(s.assets)
	if old != nil {
		go old.retire()
	}
	return nil
}

// WaitCompressed blocks until the current site's pages all have their
// compressed encodings (they are computed in the background after Load).
func (s *Server) WaitCompressed() {
	if st := s.site.Load(); st != nil {
		st.compress(s.assets)
	}
}

// snippetHTML marks a search snippet as HTML. The search package escapes
// the text and adds only <mark> and </mark>; anything else means that
// promise broke, and the snippet is escaped whole rather than trusted.
func snippetHTML(s string) template.HTML {
	rest := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(s)
	if strings.ContainsAny(rest, "<>") {
		return template.HTML(template.HTMLEscapeString(s))
	}
	return template.HTML(s)
}

func parseBase(s string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSuffix(s, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("base URL %q: want an absolute http or https URL such as https://sockerr.example", s)
	}
	return u, nil
}

// ContentUnavailable records that the content source (the folder laid
// over the built-in corpus) cannot be read since the time at, because of
// err: the site loaded last keeps serving, and /readyz says so (without
// err, which only the debug handler shows). The next [Server.Load] ends
// it; a later call keeps the first time.
func (s *Server) ContentUnavailable(at time.Time, err error) {
	if prev := s.unavailable.Load(); prev != nil {
		at = prev.at
	}
	s.unavailable.Store(&loadError{err: err, at: at})
}

// Drain makes /readyz answer 503 from now on, so load balancers stop
// sending requests to a server about to shut down; everything else keeps
// being served.
func (s *Server) Drain() { s.draining.Store(true) }

// Ready reports whether a site is being served.
func (s *Server) Ready() bool { return s.site.Load() != nil }

// ServeHTTP answers a request: chi routes every one (see routes).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handler.ServeHTTP(w, r)
}

// routes is the table of contents of the site.
func (s *Server) routes() http.Handler {
	r := chi.NewRouter()
	r.Use(
		s.withRequestID,
		s.observe, // metrics and the access log
		s.recoverer,
		s.securityHeaders,
		s.underBase,
		s.methods,
		middleware.GetHead,
		s.cfg.ClientIP, // for the search limit
	)
	r.NotFound(s.handle(s.shortURL))
	r.MethodNotAllowed(s.handle(s.methodNotAllowed))

	r.Get("/healthz", s.healthz)
	r.Get("/readyz", s.readyz)
	r.Get("/metrics", noStore(s.metrics.handler()))
	r.Get("/static/{file}", s.handle(s.prepared))
	// The auto-linker, at addresses a wiki's footer can keep for good.
	r.Get("/autolink.js", s.handle(s.asset("autolink.js")))
	r.Get("/autolink.css", s.handle(s.asset("autolink.css")))
	// Icons and the web app manifest, at the addresses browsers ask for.
	for _, f := range iconFiles {
		r.Get(f.path, s.handle(s.icon))
	}
	r.Get("/manifest.webmanifest", s.handle(s.icon))

	r.Group(func(r chi.Router) {
		r.Use(s.requireSite)
		// Pages and documents rendered when the content loads.
		for _, path := range []string{"/", "/errors", "/kb", "/scan", "/api/v1/errors", "/api/v1/openapi.json", "/opensearch.xml", "/sitemap.xml", "/robots.txt"} {
			r.Get(path, s.handle(s.prepared))
		}
		r.Get("/errors/{id}", s.handle(s.article))
		r.Get("/kb/{id}", s.handle(s.article))
		r.Get("/preview/{file}", s.handle(s.preview))
		r.Get("/embed/{id}", s.handle(s.embed))
		r.Get("/oembed", s.handle(s.oembed))
		r.Get("/badge/{file}", s.handle(s.badge))
		r.Get("/api/v1/errors/{id}", s.handle(s.apiArticle))
		r.Get("/api/v1/kb/{id}", s.handle(s.apiArticle))

		// Searches: per request, and limited per client.
		r.With(s.limit).Get("/search", s.handle(s.searchPage))
		r.With(s.limit).Post("/search", s.handle(s.searchPage))
		r.With(s.limit).Get("/api/v1/search", s.handle(s.apiSearch))
		r.With(s.limit).Post("/api/v1/search", s.handle(s.apiSearch))

		// Scans of a log: as heavy as a search a megabyte, and limited alike.
		r.With(s.limit).Post("/scan", s.handle(s.scanLog))
		r.With(s.limit).Post("/api/v1/scan", s.handle(s.apiScan))
	})
	return r
}

// render executes a page template into a buffer, so a template error never
// sends half a page.
func (s *Server) render(name string, data any) ([]byte, error) {
	// Pages are rendered into a reused buffer and copied out at their
	// size: growing a fresh buffer to a page's size, copying it at each
	// step, cost more than the copy.
	buf := renderBuffers.Get().(*bytes.Buffer)
	defer renderBuffers.Put(buf)
	buf.Reset()
	if err := s.tmpl[name].ExecuteTemplate(buf, "base", data); err != nil {
		return nil, fmt.Errorf("template %s: %w", name, err)
	}
	return bytes.Clone(buf.Bytes()), nil
}

var renderBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// urls makes the absolute URLs of the site's paths.
type urls struct{ base *url.URL }

// absURL is the absolute URL of a site path.
func (u urls) absURL(path string) string {
	return u.base.String() + path
}

// path is a site path as links write it: under the base URL's path, when
// the site is served under one (https://org.example/kb/sockerr).
func (u urls) path(p string) string {
	return u.base.Path + p
}

// underBase serves the site under its base URL's path: a request's path
// loses that prefix before it is routed, and a path outside it is not
// found.
func (s *Server) underBase(next http.Handler) http.Handler {
	if s.base.Path == "" {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rest, ok := strings.CutPrefix(r.URL.Path, s.base.Path)
		if !ok || rest != "" && rest[0] != '/' {
			s.serveError(w, r, notFound(""))
			return
		}
		if rest == "" {
			rest = "/"
		}
		u := *r.URL
		u.Path, u.RawPath = rest, ""
		r2 := *r
		r2.URL = &u
		next.ServeHTTP(w, &r2)
	})
}

// noStore keeps caches from storing what h answers: metrics are of the
// moment.
func noStore(h http.Handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		h.ServeHTTP(w, r)
	}
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	fmt.Fprintln(w, "ok")
}

// readyz answers 200 once a site is served. It tells anyone who asks
// only what a load balancer or an operator's dashboard needs: ready or
// not, how many articles since when, whether the latest reload failed (and
// how many problems it found) and whether the content folder has gone.
// The problems themselves, which quote the content, go to the log and the
// debug handler. After a failed reload the old site is still served, so
// readyz stays 200 and the replica stays in rotation.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	st := s.site.Load()
	le := s.lastErr.Load()
	switch {
	case s.draining.Load():
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintln(w, "not ready: shutting down")
	case st == nil && le != nil:
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintf(w, "not ready: the content failed to load (%s)\n", count(le.problems(), "problem", "problems"))
	case st == nil:
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintln(w, "not ready: loading")
	default:
		fmt.Fprintf(w, "ready: serving %d articles loaded %s", len(st.corpus.Articles()), st.loaded.Format(time.RFC3339))
		if le != nil {
			fmt.Fprintf(w, "; the latest reload (%s) failed (%s), still serving the last good content", le.at.Format(time.RFC3339), count(le.problems(), "problem", "problems"))
		}
		if u := s.unavailable.Load(); u != nil {
			fmt.Fprintf(w, "; the content folder is unavailable since %s, still serving the last good content", u.at.Format(time.RFC3339))
		}
		fmt.Fprintln(w)
	}
}

// DebugHandler serves what must not be public: /debug/problems, the
// latest load's problems in full (they quote the content) and why the
// content folder cannot be read. It is meant for an address only
// operators reach (sockerr serve --debug-addr), never the site's.
func (s *Server) DebugHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /debug/problems", s.debugProblems)
	return mux
}

func (s *Server) debugProblems(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	st := s.site.Load()
	switch le := s.lastErr.Load(); {
	case le != nil:
		fmt.Fprintf(w, "the latest load (%s) failed: %s\n%v\n", le.at.Format(time.RFC3339), count(le.problems(), "problem", "problems"), le.err)
	case st != nil:
		fmt.Fprintf(w, "the latest load (%s) succeeded: no problems\n", st.loaded.Format(time.RFC3339))
	default:
		fmt.Fprintln(w, "no load has finished yet")
	}
	if u := s.unavailable.Load(); u != nil {
		fmt.Fprintf(w, "the content folder is unavailable since %s: %v\n", u.at.Format(time.RFC3339), u.err)
	}
}

func (s *Server) requireSite(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.site.Load() == nil {
			s.serveError(w, r, &httpError{status: http.StatusServiceUnavailable, msg: "The site is starting; try again in a moment."})
			return
		}
		next.ServeHTTP(w, r)
	})
}

var errNoSite = errors.New("no site loaded")

func (s *Server) methodNotAllowed(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Allow", "GET, HEAD")
	return &httpError{status: http.StatusMethodNotAllowed, msg: "Only GET and HEAD are supported here."}
}
