package bench

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/pprof"
	"strconv"
	"testing"
	"time"

	"github.com/valyala/fasthttp"

	"github.com/sockerr/sockerr/content"
	"github.com/sockerr/sockerr/web"
)

// TestProfileServe serves the built-in site on a real socket and writes a
// CPU profile of the serving, for looking into serve.sh's numbers. It runs
// only when PROFILE_SERVE names the profile file:
//
//	PROFILE_SERVE=/tmp/serve.cpu PROFILE_ADDR=127.0.0.1:18090 PROFILE_SECONDS=15 \
//	  taskset -c 0 go test -run ProfileServe -count 1 ./bench &
//	sleep 5; taskset -c 1 wrk -t1 -c32 -d10s -H 'Accept-Encoding: gzip' http://127.0.0.1:18090/errors/WSAECONNRESET
//	go tool pprof -top bench.test /tmp/serve.cpu
//
// The server is wired as `sockerr serve` wires it (fasthttp, same
// timeouts; PROFILE_NET_HTTP=1 for `serve --net-http`), minus the flags.
// The access log is off unless PROFILE_LOG=stderr, which writes it as JSON
// to stderr like `sockerr serve` does by default.
func TestProfileServe(t *testing.T) {
	out := os.Getenv("PROFILE_SERVE")
	if out == "" {
		t.Skip("set PROFILE_SERVE=FILE to profile serving")
	}
	addr := envOr("PROFILE_ADDR", "127.0.0.1:18090")
	secs, _ := strconv.Atoi(envOr("PROFILE_SECONDS", "15"))

	cfg := web.Config{BaseURL: "http://localhost:8080", Logger: slog.New(slog.NewJSONHandler(io.Discard, nil))}
	if os.Getenv("PROFILE_LOG") == "stderr" {
		cfg.Logger, cfg.AccessLog = slog.New(slog.NewJSONHandler(os.Stderr, nil)), true
	}
	srv, err := web.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Load(content.FS); err != nil {
		t.Fatal(err)
	}
	srv.WaitCompressed()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	// As `sockerr serve` serves: fasthttp, or with PROFILE_NET_HTTP=1 as
	// `sockerr serve --net-http` does.
	var stopServer func()
	if os.Getenv("PROFILE_NET_HTTP") != "" {
		hs := &http.Server{Handler: srv, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second,
			WriteTimeout: 30 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10}
		go hs.Serve(web.CoalescingListener(ln, 30*time.Second))
		stopServer = func() { hs.Close() }
	} else {
		fs := &fasthttp.Server{Handler: srv.FastHTTPHandler(), NoDefaultServerHeader: true, ReadTimeout: 10 * time.Second,
			WriteTimeout: 30 * time.Second, IdleTimeout: 120 * time.Second, ReadBufferSize: 16 << 10}
		go fs.Serve(ln)
		stopServer = func() { fs.Shutdown() }
	}

	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := pprof.StartCPUProfile(f); err != nil {
		t.Fatal(err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	select {
	case <-ctx.Done():
	case <-time.After(time.Duration(secs) * time.Second):
	}
	pprof.StopCPUProfile()
	stopServer()
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}
