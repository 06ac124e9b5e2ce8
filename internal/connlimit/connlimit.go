// Package connlimit bounds the connections a server holds, so that no
// flood of them can take it past its memory or its open-file limit.
//
// [Listen] wraps a listener. Past the total cap, Accept waits for a
// connection to close: the ones over it wait in the kernel's queue, as
// with golang.org/x/net/netutil.LimitListener. Past the cap for one
// client, a new connection from that client is closed as soon as it is
// accepted, and everyone else is still served. A client is an IPv4
// address, or an IPv6 /64 (see [Client]); addresses in the exempt
// prefixes — reverse proxies, which carry many clients — count only
// towards the total.
package connlimit

import (
	"log"
	"net"
	"net/netip"
	"sync"
)

// IPv6Prefix is the length of the prefix that is one IPv6 client: a /64,
// the smallest network one subscriber gets, so a client that walks its
// addresses is still one client.
const IPv6Prefix = 64

// Client is the client an address belongs to: the address itself for
// IPv4, its /64 for IPv6.
func Client(addr netip.Addr) netip.Prefix {
	addr = addr.Unmap()
	if addr.Is4() {
		return netip.PrefixFrom(addr, 32)
	}
	p, _ := addr.WithZone("").Prefix(IPv6Prefix)
	return p
}

// A Listener is a net.Listener that holds at most a total number of
// connections, and at most a number per client.
type Listener struct {
	net.Listener
	slots     chan struct{} // a counting semaphore: one token per connection held
	perClient int
	exempt    []netip.Prefix
	log       *log.Logger

	mu      sync.Mutex
	clients map[netip.Prefix]int // connections held, by client

	closeOnce sync.Once
	closed    chan struct{}
}

// Listen wraps l to hold at most total connections and at most perClient
// from one client not in exempt. It logs the connections it closes to
// logger, if not nil.
func Listen(l net.Listener, total, perClient int, exempt []netip.Prefix, logger *log.Logger) *Listener {
	return &Listener{
		Listener:  l,
		slots:     make(chan struct{}, total),
		perClient: perClient,
		exempt:    exempt,
		log:       logger,
		clients:   map[netip.Prefix]int{},
		closed:    make(chan struct{}),
	}
}

// Accept waits until fewer than the total are held, then returns the
// next connection from a client under its cap.
func (l *Listener) Accept() (net.Conn, error) {
	for {
		select {
		case l.slots <- struct{}{}:
		case <-l.closed:
			return nil, net.ErrClosed
		}
		c, err := l.Listener.Accept()
		if err != nil {
			<-l.slots
			return nil, err
		}
		client, ok := l.admit(c.RemoteAddr())
		if !ok {
			c.Close()
			<-l.slots
			if l.log != nil {
				l.log.Printf("connlimit: closed a connection from %v: %d already open from %v", c.RemoteAddr(), l.perClient, client)
			}
			continue
		}
		return &conn{Conn: c, l: l, client: client}, nil
	}
}

// admit counts a connection from addr against its client's cap, and
// reports whether it is under it. An exempt address, or one that is not
// an IP, counts towards the total only: its client is the zero Prefix.
func (l *Listener) admit(addr net.Addr) (netip.Prefix, bool) {
	ta, ok := addr.(*net.TCPAddr)
	if !ok {
		return netip.Prefix{}, true
	}
	ip := ta.AddrPort().Addr().Unmap()
	for _, p := range l.exempt {
		if p.Contains(ip) {
			return netip.Prefix{}, true
		}
	}
	client := Client(ip)
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.clients[client] >= l.perClient {
		return client, false
	}
	l.clients[client]++
	return client, true
}

// release gives back what a closed connection held.
func (l *Listener) release(client netip.Prefix) {
	if client.IsValid() {
		l.mu.Lock()
		if l.clients[client]--; l.clients[client] == 0 {
			delete(l.clients, client)
		}
		l.mu.Unlock()
	}
	<-l.slots
}

// Close closes the listener; an Accept waiting for a slot returns.
func (l *Listener) Close() error {
	l.closeOnce.Do(func() { close(l.closed) })
	return l.Listener.Close()
}

// A conn gives its slot and its client's count back when it is closed,
// once.
type conn struct {
	net.Conn
	l         *Listener
	client    netip.Prefix
	closeOnce sync.Once
}

func (c *conn) Close() error {
	err := c.Conn.Close()
	c.closeOnce.Do(func() { c.l.release(c.client) })
	return err
}

// CloseWrite shuts down the writing side when the connection can, as
// *net.TCPConn does: net/http uses it to close a connection without a
// reset losing its last answer.
func (c *conn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}
