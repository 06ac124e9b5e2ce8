package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// logWatcher reads a server's JSON log lines and lets a test wait for one.
type logWatcher struct {
	mu    sync.Mutex
	lines []map[string]any
	raw   []string // the same, as written
	w     *io.PipeWriter
}

func newLogWatcher() *logWatcher {
	r, w := io.Pipe()
	lw := &logWatcher{w: w}
	go func() {
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			var m map[string]any
			if json.Unmarshal(sc.Bytes(), &m) == nil {
				lw.mu.Lock()
				lw.lines = append(lw.lines, m)
				lw.raw = append(lw.raw, sc.Text())
				lw.mu.Unlock()
			}
		}
	}()
	return lw
}

// wait returns the first log record with the message msg after skip
// records, waiting up to timeout.
func (lw *logWatcher) wait(t *testing.T, msg string, from int, timeout time.Duration) (map[string]any, int) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		lw.mu.Lock()
		for i := from; i < len(lw.lines); i++ {
			if lw.lines[i]["msg"] == msg {
				m := lw.lines[i]
				lw.mu.Unlock()
				return m, i + 1
			}
		}
		lw.mu.Unlock()
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no %q in the log within %v", msg, timeout)
	return nil, 0
}

func (lw *logWatcher) count() int {
	lw.mu.Lock()
	defer lw.mu.Unlock()
	return len(lw.lines)
}

// since returns the records after the first from, as written.
func (lw *logWatcher) since(from int) []string {
	lw.mu.Lock()
	defer lw.mu.Unlock()
	return slices.Clone(lw.raw[from:])
}

// matching counts the records after the first from that contain s.
func (lw *logWatcher) matching(from int, s string) int {
	n := 0
	for _, l := range lw.since(from) {
		if strings.Contains(l, s) {
			n++
		}
	}
	return n
}

// startServe runs serve in this process and returns its base URL.
func startServe(t *testing.T, args ...string) (string, *logWatcher, func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	lw := newLogWatcher()
	done := make(chan int, 1)
	go func() {
		done <- serve(ctx, append([]string{"--addr", "127.0.0.1:0", "--access-log=false"}, args...), nil, io.Discard, lw.w)
	}()
	m, _ := lw.wait(t, "listening", 0, 20*time.Second)
	stop := func() int {
		cancel()
		select {
		case code := <-done:
			return code
		case <-time.After(20 * time.Second):
			t.Fatal("serve did not stop")
			return -1
		}
	}
	t.Cleanup(func() { cancel() })
	return "http://" + m["addr"].(string), lw, stop
}

func writeArticle(t *testing.T, dir, name, data string) {
	t.Helper()
	// Write then rename, as editors do, so a reload never reads half a file.
	tmp := filepath.Join(dir, "."+filepath.Base(name)+".tmp")
	if err := os.WriteFile(tmp, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, name)); err != nil {
		t.Fatal(err)
	}
}

func fetch(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestServeContentReload serves a content folder, edits it, and checks
// good edits come in, broken ones leave the last good site serving with
// every problem logged and listed on the debug address (and /readyz
// saying only that the reload failed), and a fix brings the new site in.
func TestServeContentReload(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "errors"), 0o755); err != nil {
		t.Fatal(err)
	}
	orig := readBuiltIn(t, "errors/WSAEINTR.md")
	base, lw, stop := startServe(t, "--content", dir, "--debug-addr", "127.0.0.1:0")
	m, _ := lw.wait(t, "debug listening", 0, time.Second)
	debug := "http://" + m["addr"].(string)

	if code, body := fetch(t, base+"/errors/WSAEINTR"); code != 200 || !strings.Contains(body, "Interrupted function call") {
		t.Fatalf("before edits: %d", code)
	}

	// A good edit: a corrected title.
	from := lw.count()
	writeArticle(t, dir, "errors/WSAEINTR.md", strings.Replace(orig, "title: Interrupted function call", "title: Interrupted function call, corrected", 1))
	_, from = lw.wait(t, "content reloaded", from, 10*time.Second)
	if _, body := fetch(t, base+"/errors/WSAEINTR"); !strings.Contains(body, "Interrupted function call, corrected") {
		t.Errorf("the good edit is not served")
	}

	// A broken edit: the old site keeps serving; the problem is logged and
	// listed on the debug address; /readyz says only that the reload failed.
	writeArticle(t, dir, "errors/WSAEINTR.md", strings.Replace(orig, "see_also: [", "see_also: [WSAEGONE, ", 1))
	m, from = lw.wait(t, "content problem", from, 10*time.Second)
	if p, _ := m["problem"].(string); !strings.HasPrefix(p, filepath.Join(dir, "errors", "WSAEINTR.md")+":") || !strings.Contains(p, "WSAEGONE") {
		t.Errorf("logged problem = %q, want file:line: message naming WSAEGONE", p)
	}
	if code, body := fetch(t, base+"/errors/WSAEINTR"); code != 200 || !strings.Contains(body, "Interrupted function call, corrected") {
		t.Errorf("after a broken edit: status %d; want the last good page", code)
	}
	if code, body := fetch(t, base+"/readyz"); code != 200 || !strings.Contains(body, "failed (1 problem), still serving the last good content") || strings.Contains(body, "WSAEGONE") {
		t.Errorf("/readyz after a broken edit: %d %q; want it to say the reload failed, and not what", code, body)
	}
	if code, body := fetch(t, debug+"/debug/problems"); code != 200 || !strings.Contains(body, "errors/WSAEINTR.md:") || !strings.Contains(body, "WSAEGONE") {
		t.Errorf("/debug/problems on --debug-addr after a broken edit: %d %q", code, body)
	}
	if code, _ := fetch(t, base+"/debug/problems"); code != 404 {
		t.Errorf("/debug/problems on --addr: %d, want 404", code)
	}

	// The fix.
	writeArticle(t, dir, "errors/WSAEINTR.md", orig)
	lw.wait(t, "content reloaded", from, 10*time.Second)
	if _, body := fetch(t, base+"/readyz"); strings.Contains(body, "failed") {
		t.Errorf("/readyz after the fix: %q", body)
	}
	if code := stop(); code != 0 {
		t.Errorf("serve exited %d, want 0", code)
	}
}

// TestServeAccessLog runs serve and checks it answers a prepared page, a
// search and an error, with the access log recording each request.
func TestServeAccessLog(t *testing.T) {
	base, lw, stop := startServe(t, "--access-log=true")
	for _, tc := range []struct {
		path, want string
		status     int
	}{
		{"/errors/WSAECONNRESET", "Connection reset by peer", 200},
		{"/search?q=wsarecv+10054", "WSAECONNRESET", 200},
		{"/no-such-thing-at-all", "Page not found", 404},
	} {
		code, body := fetch(t, base+tc.path)
		if code != tc.status || !strings.Contains(body, tc.want) {
			t.Errorf("GET %s: %d, body without %q", tc.path, code, tc.want)
		}
	}
	m, _ := lw.wait(t, "request", 0, 5*time.Second)
	if m["route"] != "/errors/{id}" || m["status"] != float64(200) || m["id"] == "" {
		t.Errorf("first access log record: %v", m)
	}
	if code := stop(); code != 0 {
		t.Errorf("serve exited %d", code)
	}
}

// TestLoad runs a bounded mixed load at 64 concurrent connections while
// the content folder is edited (good and broken edits), and checks there
// are no transport errors, no 5xx, and every answer is well-formed.
// It takes a few seconds: set SOCKERR_LOAD=1 to run it (CI does).
func TestLoad(t *testing.T) {
	if os.Getenv("SOCKERR_LOAD") != "1" {
		t.Skip("load test: set SOCKERR_LOAD=1 to run it")
	}
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "errors"), 0o755)
	orig := readBuiltIn(t, "errors/WSAECONNRESET.md")
	// Searches unlimited per client: this load is one client, searching
	// all the while the content changes.
	base, lw, stop := startServe(t, "--content", dir, "--search-rate=0")

	paths := []string{
		"/", "/errors/WSAECONNRESET", "/errors/WSAEADDRINUSE", "/kb/196271", "/10054", "/wsaeconnreset",
		"/search?q=connection+reset", "/search?q=java.net.ConnectException%3A+Connection+refused",
		"/api/v1/errors/WSAECONNREFUSED", "/api/v1/search?q=0x80072746", "/api/v1/errors", "/nope/nothing",
		"/%ff%fe", "/search?q=%00", "/static/style.css", "/readyz",
	}
	const (
		workers  = 64
		duration = 4 * time.Second
		maxReqs  = 400000
	)
	tr := &http.Transport{MaxIdleConnsPerHost: workers, MaxConnsPerHost: workers}
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	defer tr.CloseIdleConnections()
	var total, transportErrs, serverErrs, malformed atomic.Int64
	var firstErr atomic.Value
	deadline := time.Now().Add(duration)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; time.Now().Before(deadline) && total.Load() < maxReqs; i++ {
				p := paths[i%len(paths)]
				resp, err := client.Get(base + p)
				total.Add(1)
				if err != nil {
					transportErrs.Add(1)
					firstErr.CompareAndSwap(nil, fmt.Sprintf("GET %s: %v", p, err))
					continue
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err != nil {
					transportErrs.Add(1)
					firstErr.CompareAndSwap(nil, fmt.Sprintf("GET %s: reading: %v", p, err))
					continue
				}
				if resp.StatusCode >= 500 {
					serverErrs.Add(1)
					firstErr.CompareAndSwap(nil, fmt.Sprintf("GET %s: %d", p, resp.StatusCode))
				}
				if !wellFormed(resp, body) {
					malformed.Add(1)
					firstErr.CompareAndSwap(nil, fmt.Sprintf("GET %s: malformed %d %q: %.80q", p, resp.StatusCode, resp.Header.Get("Content-Type"), body))
				}
			}
		})
	}
	// Edit the content folder while the load runs: good, broken, good.
	edits := []string{
		strings.Replace(orig, "title: Connection reset by peer", "title: Connection reset by peer (edit 1)", 1),
		strings.Replace(orig, "see_also: [", "see_also: [WSAEGONE, ", 1),
		strings.Replace(orig, "title: Connection reset by peer", "title: Connection reset by peer (edit 2)", 1),
		"---\nid: WSAECONNRESET\nkind: error\ncode: [broken\n---\n",
		orig,
	}
	for _, e := range edits {
		time.Sleep(duration / time.Duration(len(edits)+1))
		writeArticle(t, dir, "errors/WSAECONNRESET.md", e)
	}
	wg.Wait()
	n := total.Load()
	t.Logf("%d requests in %v at %d connections: %d transport errors, %d 5xx, %d malformed; %d log records",
		n, duration, workers, transportErrs.Load(), serverErrs.Load(), malformed.Load(), lw.count())
	if transportErrs.Load()+serverErrs.Load()+malformed.Load() > 0 {
		t.Errorf("first failure: %v", firstErr.Load())
	}
	if n < 1000 {
		t.Errorf("only %d requests: the load did not run", n)
	}
	if code := stop(); code != 0 {
		t.Errorf("serve exited %d", code)
	}
}

// wellFormed checks an answer is complete and of its declared type.
func wellFormed(resp *http.Response, body []byte) bool {
	if resp.StatusCode == http.StatusMovedPermanently {
		return strings.HasPrefix(resp.Header.Get("Location"), "/")
	}
	ct := resp.Header.Get("Content-Type")
	switch {
	case strings.HasPrefix(ct, "text/html"):
		return strings.HasPrefix(string(body), "<!doctype html>") && strings.HasSuffix(strings.TrimSpace(string(body)), "</html>")
	case strings.HasPrefix(ct, "application/json"):
		return json.Valid(body)
	case strings.HasPrefix(ct, "text/"):
		return len(body) > 0
	}
	return false
}

// TestShutdown starts the real binary, keeps 32 clients sending requests,
// sends SIGTERM, and checks that every request that got an answer got all
// of it, that requests kept completing after the signal (those in flight),
// and that the process exits 0 once the listener is closed. A connection
// the kernel queued but the server never accepted may see EOF before any
// answer; that is not a request in flight, so it only counts.
func TestShutdown(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	// Searches unlimited: every request here must be answered 200.
	srv := startBinary(t, nil, "--search-rate=0")
	cmd, lw, base := srv.cmd, srv.log, srv.base

	// One connection per request, so no request can be lost to the
	// client's own reuse of a connection the server is closing.
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 10 * time.Second}
	var completed, afterSignal, refused, unaccepted atomic.Int64
	var signalled atomic.Bool
	var firstErr atomic.Value
	var wg sync.WaitGroup
	stop := time.Now().Add(15 * time.Second)
	for w := range 32 {
		wg.Go(func() {
			paths := []string{"/search?q=connection+reset+by+peer", "/errors/WSAECONNRESET", "/api/v1/search?q=10054"}
			for i := w; time.Now().Before(stop); i++ {
				resp, err := client.Get(base + paths[i%len(paths)])
				if err != nil {
					var op *net.OpError
					switch {
					case signalled.Load() && errors.As(err, &op) && op.Op == "dial":
						refused.Add(1)
						return // the listener is closed: done
					case signalled.Load() && (errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET)):
						unaccepted.Add(1) // queued by the kernel, never accepted
						continue
					}
					firstErr.CompareAndSwap(nil, err.Error())
					return
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != 200 || !wellFormed(resp, body) {
					firstErr.CompareAndSwap(nil, fmt.Sprintf("status %d, err %v", resp.StatusCode, err))
					return
				}
				completed.Add(1)
				if signalled.Load() {
					afterSignal.Add(1)
				}
			}
		})
	}
	time.Sleep(500 * time.Millisecond)
	signalled.Store(true)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	err := cmd.Wait()
	t.Logf("%d requests answered, %d of them after SIGTERM; %d connections closed unaccepted; %d clients then found the listener closed",
		completed.Load(), afterSignal.Load(), unaccepted.Load(), refused.Load())
	if e := firstErr.Load(); e != nil {
		t.Errorf("a request failed: %v", e)
	}
	if err != nil {
		t.Errorf("sockerr exited with %v, want 0", err)
	}
	if refused.Load() != 32 {
		t.Errorf("%d of 32 clients saw the listener close, want all", refused.Load())
	}
	if afterSignal.Load() == 0 {
		t.Errorf("no request completed after SIGTERM: nothing was in flight, the test proves nothing")
	}
	lw.wait(t, "stopped", 0, time.Second) // fails the test when the stop is not logged
}

// binDir holds the binary the tests run, for as long as they run.
var binDir string

func TestMain(m *testing.M) {
	var err error
	if binDir, err = os.MkdirTemp("", "sockerr-test"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(binDir)
	os.Exit(code)
}

// binary is the sockerr binary the tests run, built once.
var binary = sync.OnceValues(func() (string, error) {
	bin := filepath.Join(binDir, "sockerr")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

// A process is the real binary serving on loopback.
type process struct {
	cmd  *exec.Cmd
	addr string // host:port
	base string // http://host:port
	log  *logWatcher
}

// startBinary runs sockerr serve on a loopback port, under the command
// in wrap (such as prlimit) if any, and waits until it listens. It is
// killed when the test ends, if it is still running.
func startBinary(t *testing.T, wrap []string, args ...string) *process {
	t.Helper()
	bin, err := binary()
	if err != nil {
		t.Fatal(err)
	}
	argv := slices.Concat(wrap, []string{bin, "serve", "--addr", "127.0.0.1:0", "--access-log=false"}, args)
	cmd := exec.Command(argv[0], argv[1:]...)
	lw := newLogWatcher()
	cmd.Stderr = lw.w
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	m, _ := lw.wait(t, "listening", 0, 20*time.Second)
	addr := m["addr"].(string)
	return &process{cmd: cmd, addr: addr, base: "http://" + addr, log: lw}
}

// TestRefusedBodyCloses sends requests that carry a body where none is
// taken, each followed on the same connection by another request (the
// body or what follows it could be read as a request: smuggling). Each
// must be answered 400 with Connection: close, then the connection
// closed, with nothing after it answered.
func TestRefusedBodyCloses(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	p := startBinary(t, nil)
	next := "GET /errors/WSAEINTR HTTP/1.1\r\nHost: sockerr\r\n\r\n"
	for _, req := range []string{
		// The body is a request.
		fmt.Sprintf("GET /errors/WSAECONNRESET HTTP/1.1\r\nHost: sockerr\r\nContent-Length: %d\r\n\r\n%s", len(next), next),
		// A chunked body whose chunk is a request.
		fmt.Sprintf("GET /errors/WSAECONNRESET HTTP/1.1\r\nHost: sockerr\r\nTransfer-Encoding: chunked\r\n\r\n%x\r\n%s\r\n0\r\n\r\n", len(next), next),
		// A short body, and a request after it.
		"GET /errors/WSAECONNRESET HTTP/1.1\r\nHost: sockerr\r\nContent-Length: 5\r\n\r\nhello" + next,
		// HEAD, and a body that is a request.
		fmt.Sprintf("HEAD /errors/WSAECONNRESET HTTP/1.1\r\nHost: sockerr\r\nContent-Length: %d\r\n\r\n%s", len(next), next),
	} {
		c, err := net.Dial("tcp", p.addr)
		if err != nil {
			t.Fatal(err)
		}
		c.SetDeadline(time.Now().Add(5 * time.Second))
		io.WriteString(c, req)
		br := bufio.NewReader(c)
		method, _, _ := strings.Cut(req, " ")
		resp, err := http.ReadResponse(br, &http.Request{Method: method})
		if err != nil {
			t.Errorf("%.60q: %v", req, err)
			c.Close()
			continue
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		rest, err := io.ReadAll(br)
		if resp.StatusCode != 400 || !resp.Close || err != nil || len(rest) > 0 {
			t.Errorf("%.60q: %d, Connection: close %v; then %d bytes more (%.40q) and %v, want 400, close, then EOF",
				req, resp.StatusCode, resp.Close, len(rest), rest, err)
		}
		c.Close()
	}
}
