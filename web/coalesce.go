package web

import (
	"net"
	"sync"
	"time"
)

// CoalescingListener wraps a listener so that each connection sends a
// response in one write instead of two. `sockerr serve --net-http` serves
// through it (fasthttp, the default, writes a response in one writev).
//
// net/http buffers 4 KB of a response: a page of 4–8 KB (most pages,
// gzipped) leaves in two writes, so in two TCP segments, and on a busy
// server the second write costs about a third of the request. A coalescing
// connection holds what the server writes until the server reads again
// (to take the next request, or a request's body after "100 Continue"),
// moves the read deadline (which net/http does when a response is over),
// closes the connection, or has written more than 64 KB. So a response
// leaves whole, at its end, as nginx sends a file with tcp_nopush. That suits handlers that write a whole response
// and return, as every handler here does; a handler that streamed (flushed
// and went on working) would have its output held until it returned.
//
// What is held is sent with writeTimeout as its deadline (none if 0):
// net/http has cleared its own write deadline by then.
func CoalescingListener(ln net.Listener, writeTimeout time.Duration) net.Listener {
	return coalescingListener{ln, writeTimeout}
}

type coalescingListener struct {
	net.Listener
	timeout time.Duration
}

func (l coalescingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &coalescingConn{Conn: c, timeout: l.timeout}, nil
}

// maxHeld is the most a connection holds: past it, it writes through.
const maxHeld = 64 << 10

var heldBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}

type coalescingConn struct {
	net.Conn
	timeout time.Duration
	mu      sync.Mutex // net/http reads on one goroutine while a handler writes on another
	held    *[]byte    // from heldBuffers while something is held
	err     error      // a failed write, returned by every later call
}

func (c *coalescingConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil {
		return 0, c.err
	}
	held := 0
	if c.held != nil {
		held = len(*c.held)
	}
	if held+len(p) > maxHeld {
		// Within a response: net/http's write deadline holds.
		if err := c.sendLocked(false); err != nil {
			return 0, err
		}
		n, err := c.Conn.Write(p)
		if err != nil {
			c.err = err
		}
		return n, err
	}
	if c.held == nil {
		c.held = heldBuffers.Get().(*[]byte)
	}
	*c.held = append(*c.held, p...)
	return len(p), nil
}

// sendLocked writes what is held and returns the buffer to the pool.
func (c *coalescingConn) sendLocked(deadline bool) error {
	if c.err != nil || c.held == nil {
		return c.err
	}
	b := c.held
	c.held = nil
	if deadline && c.timeout > 0 {
		c.Conn.SetWriteDeadline(time.Now().Add(c.timeout))
	}
	_, c.err = c.Conn.Write(*b)
	*b = (*b)[:0]
	if cap(*b) <= maxHeld {
		heldBuffers.Put(b)
	}
	return c.err
}

func (c *coalescingConn) send() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sendLocked(true)
}

// Read sends what is held before it reads, except in a one-byte read:
// that is the read net/http starts beside a handler, before the handler
// writes or while it does, to notice a client going away. net/http ends
// that read, when the handler returns, by moving its deadline, and that
// sends the response (SetReadDeadline).
func (c *coalescingConn) Read(p []byte) (int, error) {
	if len(p) > 1 {
		if err := c.send(); err != nil {
			return 0, err
		}
	}
	return c.Conn.Read(p)
}

// SetReadDeadline sends what is held: net/http moves the read deadline
// when a response is over, to end the read beside the handler and to wait
// for the next request.
func (c *coalescingConn) SetReadDeadline(t time.Time) error {
	if err := c.send(); err != nil {
		return err
	}
	return c.Conn.SetReadDeadline(t)
}

func (c *coalescingConn) SetDeadline(t time.Time) error {
	if err := c.send(); err != nil {
		return err
	}
	return c.Conn.SetDeadline(t)
}

// Close sends what is held first, unless a write is under way (stuck on a
// client that does not read, say): closing must not wait for it.
func (c *coalescingConn) Close() error {
	if c.mu.TryLock() {
		c.sendLocked(true) // closing anyway: a failed write changes nothing
		c.mu.Unlock()
	}
	return c.Conn.Close()
}

// CloseWrite sends what is held, then the FIN: net/http half-closes a
// connection this way when it can.
func (c *coalescingConn) CloseWrite() error {
	if err := c.send(); err != nil {
		return err
	}
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}
