package web

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// countingListener counts the writes its connections make.
type countingListener struct {
	net.Listener
	writes atomic.Int64
}

func (l *countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &countingConn{c, &l.writes}, nil
}

type countingConn struct {
	net.Conn
	writes *atomic.Int64
}

func (c *countingConn) Write(p []byte) (int, error) {
	c.writes.Add(1)
	return c.Conn.Write(p)
}

func (c *countingConn) CloseWrite() error { return c.Conn.(*net.TCPConn).CloseWrite() }

// coalescingServer serves h through a coalescing listener over a counting
// one.
func coalescingServer(t *testing.T, h http.Handler) (*httptest.Server, *countingListener) {
	t.Helper()
	srv := httptest.NewUnstartedServer(h)
	counting := &countingListener{Listener: srv.Listener}
	srv.Listener = CoalescingListener(counting, 5*time.Second)
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, counting
}

var testBody = func() []byte {
	var b bytes.Buffer
	for i := 0; b.Len() < 200<<10; i++ {
		fmt.Fprintf(&b, "line %d of a response larger than what net/http buffers\n", i)
	}
	return b.Bytes()
}()

// bodyHandler answers /N with the first N bytes of testBody, and echoes a
// POST's body.
func bodyHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			b, err := io.ReadAll(r.Body)
			if err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			w.Write(b)
			return
		}
		var n int
		fmt.Sscan(strings.TrimPrefix(r.URL.Path, "/"), &n)
		w.Header().Set("Content-Length", fmt.Sprint(n))
		w.Write(testBody[:n])
	})
}

// TestCoalescingOneWritePerResponse checks what the listener is for: a
// response larger than net/http's 4 KB buffer, which net/http writes in
// two, leaves in one write; and that responses of every size arrive whole
// over one kept-alive connection.
func TestCoalescingOneWritePerResponse(t *testing.T) {
	srv, counting := coalescingServer(t, bodyHandler())
	client := srv.Client()
	get := func(n int) {
		t.Helper()
		resp, err := client.Get(fmt.Sprintf("%s/%d", srv.URL, n))
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || !bytes.Equal(b, testBody[:n]) {
			t.Fatalf("GET /%d: %d bytes (err %v), want the first %d of the body", n, len(b), err, n)
		}
	}

	const requests = 20
	for range requests {
		get(6000)
	}
	if got := counting.writes.Load(); got != requests {
		t.Errorf("%d responses of 6,000 bytes took %d writes, want one each", requests, got)
	}

	// Every size, including past what a connection holds (64 KB).
	for _, n := range []int{0, 1, 4095, 4096, 8192, 65000, maxHeld, maxHeld + 1, 200 << 10} {
		get(n)
	}
}

// TestCoalescingRawHTTP drives the connection by hand: pipelined requests,
// Expect: 100-continue (the interim response must go out before the
// server waits for the body), and Connection: close.
func TestCoalescingRawHTTP(t *testing.T) {
	srv, _ := coalescingServer(t, bodyHandler())
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	br := bufio.NewReader(conn)

	// Three requests in one write.
	fmt.Fprint(conn, "GET /10 HTTP/1.1\r\nHost: x\r\n\r\nGET /5000 HTTP/1.1\r\nHost: x\r\n\r\nGET /70000 HTTP/1.1\r\nHost: x\r\n\r\n")
	for _, n := range []int{10, 5000, 70000} {
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatalf("pipelined GET /%d: %v", n, err)
		}
		b, _ := io.ReadAll(resp.Body)
		if !bytes.Equal(b, testBody[:n]) {
			t.Errorf("pipelined GET /%d: %d bytes", n, len(b))
		}
	}

	// 100-continue: the client sends the body only after the interim
	// response, which a connection holding it would never send.
	fmt.Fprint(conn, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
	line, err := br.ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "HTTP/1.1 100") {
		t.Fatalf("after Expect: 100-continue: %q, %v", line, err)
	}
	if _, err := br.ReadString('\n'); err != nil { // the blank line ending it
		t.Fatal(err)
	}
	fmt.Fprint(conn, "hello")
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := io.ReadAll(resp.Body); string(b) != "hello" {
		t.Errorf("echoed %q, want hello", b)
	}

	// Connection: close: the response, then the end of the stream.
	fmt.Fprint(conn, "GET /6000 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	resp, err = http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := io.ReadAll(resp.Body); len(b) != 6000 {
		t.Errorf("GET /6000 with Connection: close: %d bytes", len(b))
	}
	if n, err := br.Read(make([]byte, 1)); err != io.EOF {
		t.Errorf("after Connection: close: read %d bytes, err %v; want EOF", n, err)
	}
}

// TestCoalescingConcurrent runs many clients at once (meant for -race).
func TestCoalescingConcurrent(t *testing.T) {
	srv, _ := coalescingServer(t, bodyHandler())
	client := srv.Client()
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for c := range 16 {
		wg.Go(func() {
			for i := range 25 {
				n := (c*997 + i*7919) % (100 << 10)
				resp, err := client.Get(fmt.Sprintf("%s/%d", srv.URL, n))
				if err != nil {
					errs <- err
					return
				}
				b, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err != nil || !bytes.Equal(b, testBody[:n]) {
					errs <- fmt.Errorf("GET /%d: %d bytes, %v", n, len(b), err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestCoalescingHeldWriteTimesOut: what is held goes out under the
// connection's write timeout, so a client that stops reading cannot hold
// a goroutine for ever.
func TestCoalescingHeldWriteTimesOut(t *testing.T) {
	server, client := net.Pipe() // a write blocks until the other end reads
	defer client.Close()
	c := &coalescingConn{Conn: server, timeout: 50 * time.Millisecond}
	if n, err := c.Write([]byte("held")); n != 4 || err != nil {
		t.Fatalf("Write: %d, %v", n, err)
	}
	start := time.Now()
	_, err := c.Read(make([]byte, 512))
	if !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("Read with an unread client: %v, want the write's deadline exceeded", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the held write gave up after %v", d)
	}
	if _, err := c.Write([]byte("x")); err == nil {
		t.Error("a write after a failed one succeeded")
	}
}

// TestCoalescingCloseDoesNotWait: closing a connection whose write is
// stuck returns at once (and ends the write).
func TestCoalescingCloseDoesNotWait(t *testing.T) {
	server, client := net.Pipe()
	defer client.Close()
	c := &coalescingConn{Conn: server}
	written := make(chan error, 1)
	go func() { _, err := c.Write(make([]byte, maxHeld+1)); written <- err }()
	time.Sleep(20 * time.Millisecond) // let the write block
	closed := make(chan struct{})
	go func() { c.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Fatal("Close waited for a stuck write")
	}
	if err := <-written; err == nil {
		t.Error("the stuck write succeeded after Close")
	}
}
