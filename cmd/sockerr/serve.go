package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	stdlog "log"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/go-chi/chi/v5/middleware"

	"github.com/sockerr/sockerr/content"
	"github.com/sockerr/sockerr/internal/connlimit"
	"github.com/sockerr/sockerr/internal/quietlog"
	"github.com/sockerr/sockerr/web"
)

// Server limits. Pages are small and pre-rendered, so generous timeouts
// only help slow clients hold connections open.
const (
	// A client's request line and headers come in one or two packets:
	// two seconds allow for a lost one resent, and bytes that never make
	// a request (a TLS handshake sent to this plain-HTTP port) are
	// answered 400 and closed after them.
	readHeaderTimeout = 2 * time.Second
	readTimeout       = 10 * time.Second
	// The largest answer is about 60 KB: ten seconds send it to a client
	// at 6 KB/s, and cut a client that stopped reading.
	writeTimeout    = 10 * time.Second
	idleTimeout     = 120 * time.Second
	maxHeaderBytes  = 64 << 10
	shutdownTimeout = 15 * time.Second

	// Connections held at once, in total and from one client (an IPv4
	// address or IPv6 /64; proxies named by --trusted-proxy count in the
	// total only): the defaults of --max-conns and --max-conns-per-ip.
	// A connection costs 10 to 25 KB of RSS idle between requests, and
	// up to about 190 KB while it sends the largest headers allowed,
	// slowly. On top of the 95 MB the process holds serving, 512 of
	// those peaked at 188 MB, under the Deployment's 256 MiB limit, with
	// its GOMEMLIMIT (237 MB without: too close). TestFloodConns measures
	// all three. A browser opens at most six connections; 64 leave room
	// for an office behind one address.
	defaultMaxConns      = 512
	defaultMaxConnsPerIP = 64
	// Files kept for everything but connections (content reloads, the
	// listener, /metrics reading /proc): --max-conns is lowered to leave
	// them under the process's open-file limit.
	reservedFiles = 64

	// Searches a client may make per minute: the default of
	// --search-rate. Typing in the search box searches at most every
	// 120 ms; bursts of ten seconds' worth cover a query typed quickly.
	defaultSearchRate = 120

	// Lines a second net/http and the connection limits may add to the
	// log (net/http reports some errors per connection); the rest are
	// counted, and the count logged.
	errorLogPerSecond = 10
)

// serveOptions are serve's flags.
type serveOptions struct {
	addr, dir, baseURL *string
	debugAddr          *string
	accessLog          *bool
	drain              *time.Duration
	searchRate         *float64
	searchBurst        *int
	maxConns           *int
	maxConnsPerIP      *int
	trusted, ipHeader  *string
	embedOrigins       *origins
}

// origins is a repeatable flag: --embed-origin A --embed-origin B.
type origins []string

func (o *origins) String() string     { return strings.Join(*o, ",") }
func (o *origins) Set(v string) error { *o = append(*o, v); return nil }

func serveFlags(fs *flag.FlagSet) *serveOptions {
	return &serveOptions{
		addr:        fs.String("addr", envOr("SOCKERR_ADDR", ":8080"), "address to listen on"),
		dir:         fs.String("content", os.Getenv("SOCKERR_CONTENT"), "folder of articles laid over the built-in ones, reloaded on change"),
		baseURL:     fs.String("base-url", os.Getenv("SOCKERR_BASE_URL"), "absolute URL the site is reached at (default http://localhost:PORT)"),
		debugAddr:   fs.String("debug-addr", "", "address to serve /debug/problems on, the latest load's problems in full (default: none); keep it private: problems quote the content"),
		accessLog:   fs.Bool("access-log", true, "log every request"),
		drain:       fs.Duration("drain", 0, "on SIGTERM, answer /readyz with 503 for this long before closing the listener, so load balancers stop sending first"),
		searchRate:  fs.Float64("search-rate", defaultSearchRate, "searches per minute allowed per client (0: no limit); behind a proxy, set --trusted-proxy, or its clients share one budget"),
		searchBurst: fs.Int("search-burst", 0, "searches a client may make at once (default: ten seconds' worth of --search-rate)"),
		maxConns:    fs.Int("max-conns", defaultMaxConns, "connections held at once; more wait to be accepted (lowered to fit the open-file limit)"),
		maxConnsPerIP: fs.Int("max-conns-per-ip", defaultMaxConnsPerIP,
			"connections held at once from one client (an IPv4 address or IPv6 /64); more are closed (--trusted-proxy addresses count in --max-conns only)"),
		trusted:  fs.String("trusted-proxy", "", "comma-separated CIDR prefixes of reverse proxies whose client-IP header is trusted (default: none; the client is the connection's peer)"),
		ipHeader: fs.String("client-ip-header", "", "header a trusted proxy sets to the client IP, such as X-Real-IP (default with --trusted-proxy: X-Forwarded-For)"),
		embedOrigins: func() *origins {
			o := &origins{}
			fs.Var(o, "embed-origin", "an origin allowed to frame the embeddable cards, /embed/{id}, such as https://wiki.example.org (repeatable; default: none may)")
			return o
		}(),
	}
}

func serve(ctx context.Context, args []string, _ io.Reader, _, stderr io.Writer) int {
	flags := newFlagSet("serve", stderr)
	o := serveFlags(flags)
	rest, code, ok := parseFlags(flags, args)
	if !ok {
		return code
	}
	if len(rest) > 0 {
		fmt.Fprintf(stderr, "sockerr serve: unexpected argument %q\n", rest[0])
		return 2
	}
	// SIGINT and SIGTERM shut the server down gracefully.
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	addr, dir, baseURL, debugAddr, trusted, ipHeader := o.addr, o.dir, o.baseURL, o.debugAddr, o.trusted, o.ipHeader
	accessLog, drain, searchRate, searchBurst := o.accessLog, o.drain, o.searchRate, o.searchBurst
	proxies, err := trustedProxies(*trusted)
	if err != nil {
		fmt.Fprintf(stderr, "sockerr serve: %v\n", err)
		return 2
	}
	clientIP, err := clientIPFrom(proxies, *ipHeader)
	if err != nil {
		fmt.Fprintf(stderr, "sockerr serve: %v\n", err)
		return 2
	}
	if *o.maxConns < 1 || *o.maxConnsPerIP < 1 {
		fmt.Fprintf(stderr, "sockerr serve: --max-conns and --max-conns-per-ip must be at least 1\n")
		return 2
	}
	log := newLogger(stderr, isTerminal(stderr))
	errorLog := quietlog.New(log, errorLogPerSecond)

	maxConns := *o.maxConns
	if n := openFileLimit(); n > 0 && maxConns > n-reservedFiles {
		maxConns = max(1, n-reservedFiles)
		log.Warn("--max-conns lowered to fit the open-file limit", "max_conns", maxConns, "open_file_limit", n)
	}
	l, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Error("cannot listen", "addr", *addr, "err", err)
		return 1
	}
	ln := connlimit.Listen(l, maxConns, *o.maxConnsPerIP, proxies, errorLog)
	defer ln.Close()
	// /debug/problems has its own server on its own address, so nothing
	// routes a public request to it.
	var dln net.Listener
	if *debugAddr != "" {
		if dln, err = net.Listen("tcp", *debugAddr); err != nil {
			log.Error("cannot listen", "addr", *debugAddr, "err", err)
			return 1
		}
		defer dln.Close()
	}
	if *baseURL == "" {
		*baseURL = "http://localhost"
		if _, port, err := net.SplitHostPort(ln.Addr().String()); err == nil && port != "80" {
			*baseURL += ":" + port
		}
	}
	srv, err := web.New(web.Config{
		BaseURL:         *baseURL,
		Logger:          log,
		AccessLog:       *accessLog,
		SearchPerMinute: *searchRate,
		SearchBurst:     *searchBurst,
		ClientIP:        clientIP,
		EmbedOrigins:    *o.embedOrigins,
	})
	if err != nil {
		log.Error("configuration", "err", err)
		return 2
	}

	start := time.Now()
	if *dir == "" {
		if err := srv.Load(content.FS); err != nil {
			logProblems(log, "the content failed to load", content.FS, "", err)
			return 1
		}
	} else {
		folder := &contentFolder{dir: *dir, srv: srv, log: log}
		watcher := watchFolder(*dir, log)
		if folder.load() != nil {
			watcher.close()
			return 1
		}
		go watcher.run(ctx, folder.reload)
	}
	log.Info("content loaded", "duration", time.Since(start).Round(time.Millisecond))

	hs := newHTTPServer(srv, errorLog)
	errc := make(chan error, 2)
	go func() { errc <- hs.Serve(ln) }()
	log.Info("listening", "addr", ln.Addr().String(), "url", *baseURL)
	if dln != nil {
		ds := newHTTPServer(srv.DebugHandler(), errorLog)
		go func() { errc <- ds.Serve(dln) }()
		defer ds.Close()
		log.Info("debug listening", "addr", dln.Addr().String(), "path", "/debug/problems")
	}

	select {
	case err := <-errc:
		log.Error("server stopped", "err", err)
		return 1
	case <-ctx.Done():
	}
	if *drain > 0 {
		log.Info("draining: /readyz now answers 503", "for", *drain)
		srv.Drain()
		time.Sleep(*drain)
	}
	log.Info("shutting down: finishing requests in flight", "timeout", shutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		// The grace period is over: what is left is cut.
		log.Warn("shutdown: closing the connections still open", "err", err)
		hs.Close()
	}
	log.Info("stopped")
	return 0
}

// trustedProxies parses --trusted-proxy: comma-separated CIDR prefixes.
func trustedProxies(s string) ([]netip.Prefix, error) {
	if s == "" {
		return nil, nil
	}
	var prefixes []netip.Prefix
	for _, p := range strings.Split(s, ",") {
		prefix, err := netip.ParsePrefix(strings.TrimSpace(p))
		if err != nil {
			return nil, fmt.Errorf("--trusted-proxy: %q is not a CIDR prefix such as 10.0.0.0/8", strings.TrimSpace(p))
		}
		prefixes = append(prefixes, prefix)
	}
	return prefixes, nil
}

// newHTTPServer returns a server of h with sockerr's limits.
func newHTTPServer(h http.Handler, errorLog *stdlog.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          errorLog,
	}
}

// clientIPFrom chooses where the client IP (for rate limiting) comes from:
// the connection's peer, unless the operator names proxies they trust.
func clientIPFrom(trusted []netip.Prefix, header string) (func(http.Handler) http.Handler, error) {
	if len(trusted) == 0 {
		if header != "" {
			return nil, fmt.Errorf("--client-ip-header needs --trusted-proxy: a header is only believed from a proxy you name")
		}
		return middleware.ClientIPFromRemoteAddr, nil
	}
	var prefixes []string
	for _, p := range trusted {
		prefixes = append(prefixes, p.String())
	}
	if header != "" && !strings.EqualFold(header, "X-Forwarded-For") {
		return middleware.ClientIPFromHeader(header, prefixes...), nil
	}
	return middleware.ClientIPFromXFF(prefixes...), nil
}

// newLogger logs text to a terminal and JSON to anything else.
func newLogger(w io.Writer, terminal bool) *slog.Logger {
	if terminal {
		return slog.New(slog.NewTextHandler(w, nil))
	}
	return slog.New(slog.NewJSONHandler(w, nil))
}

func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// logProblems logs a load error, one record per problem, each reading
// file:line: message.
func logProblems(log *slog.Logger, msg string, fsys fs.FS, dir string, err error) {
	var ps content.Problems
	if !errors.As(err, &ps) {
		log.Error(msg, "err", err)
		return
	}
	lines := make([]string, len(ps))
	for i, p := range ps {
		p.Path = displayPath(fsys, dir, p.Path)
		lines[i] = p.String()
		log.Error("content problem", "problem", lines[i])
	}
	log.Error(msg, "problems", len(ps), "first", lines[0])
}
