package connlimit

import (
	"errors"
	"io"
	"net"
	"net/netip"
	"os"
	"testing"
	"time"
)

func TestClient(t *testing.T) {
	for _, tc := range []struct{ addr, want string }{
		{"192.0.2.7", "192.0.2.7/32"},
		{"::ffff:192.0.2.7", "192.0.2.7/32"},
		{"2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"},
		{"2001:db8:1:2:ffff::1", "2001:db8:1:2::/64"},
		{"2001:db8:1:3::1", "2001:db8:1:3::/64"},
		{"fe80::1%eth0", "fe80::/64"},
		{"::1", "::/64"},
	} {
		if got := Client(netip.MustParseAddr(tc.addr)).String(); got != tc.want {
			t.Errorf("Client(%q) = %q, want %q", tc.addr, got, tc.want)
		}
	}
}

func TestAdmit(t *testing.T) {
	l := Listen(nil, 100, 2, []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}, nil)
	for _, tc := range []struct {
		addr string
		want bool
	}{
		{"192.0.2.1", true},
		{"192.0.2.1", true},
		{"192.0.2.1", false}, // a third from one address
		{"::ffff:192.0.2.1", false},
		{"192.0.2.2", true}, // another client
		{"2001:db8::1", true},
		{"2001:db8::2", true},
		{"2001:db8::3", false}, // a third from one /64
		{"2001:db8:0:1::1", true},
		{"10.1.2.3", true}, // exempt: a proxy
		{"10.1.2.3", true},
		{"10.1.2.3", true},
	} {
		addr := &net.TCPAddr{IP: net.ParseIP(tc.addr), Port: 1234}
		if _, ok := l.admit(addr); ok != tc.want {
			t.Errorf("admit(%s) = %v, want %v", tc.addr, ok, tc.want)
		}
	}
	if n := l.clients[netip.MustParsePrefix("192.0.2.1/32")]; n != 2 {
		t.Errorf("%d connections counted for 192.0.2.1, want 2", n)
	}
}

// accepted accepts from l in the background.
func accepted(l net.Listener) <-chan net.Conn {
	ch := make(chan net.Conn, 100)
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				close(ch)
				return
			}
			ch <- c
		}
	}()
	return ch
}

func listen(t *testing.T, total, perClient int, exempt ...netip.Prefix) *Listener {
	t.Helper()
	inner, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l := Listen(inner, total, perClient, exempt, nil)
	t.Cleanup(func() { l.Close() })
	return l
}

func dial(t *testing.T, l net.Listener) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func within(t *testing.T, ch <-chan net.Conn, d time.Duration) net.Conn {
	t.Helper()
	select {
	case c := <-ch:
		return c
	case <-time.After(d):
		return nil
	}
}

// TestPerClient checks a client over its cap is closed at once, and that
// closing a connection makes room for another.
func TestPerClient(t *testing.T) {
	l := listen(t, 10, 2)
	ch := accepted(l)
	dial(t, l)
	dial(t, l)
	over := dial(t, l)
	first := within(t, ch, time.Second)
	if first == nil || within(t, ch, time.Second) == nil {
		t.Fatal("two connections under the cap were not accepted")
	}
	over.SetReadDeadline(time.Now().Add(time.Second))
	if _, err := over.Read(make([]byte, 1)); err == nil || errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("the connection over the cap: read %v, want it closed", err)
	}
	if c := within(t, ch, 100*time.Millisecond); c != nil {
		t.Error("the connection over the cap was accepted")
	}
	first.Close()
	first.Close() // twice: released once
	dial(t, l)
	if within(t, ch, time.Second) == nil {
		t.Error("no room after a connection closed")
	}
	if n := l.clients[netip.MustParsePrefix("127.0.0.1/32")]; n != 2 {
		t.Errorf("%d connections counted for 127.0.0.1, want 2", n)
	}
}

// TestExempt checks an exempt address counts towards the total only.
func TestExempt(t *testing.T) {
	l := listen(t, 10, 1, netip.MustParsePrefix("127.0.0.0/8"))
	ch := accepted(l)
	for range 3 {
		dial(t, l)
		if within(t, ch, time.Second) == nil {
			t.Fatal("an exempt address was held to the per-client cap")
		}
	}
}

// TestTotal checks Accept waits while the total is held, and that Close
// ends the wait.
func TestTotal(t *testing.T) {
	l := listen(t, 2, 10)
	ch := accepted(l)
	dial(t, l)
	dial(t, l)
	a, b := within(t, ch, time.Second), within(t, ch, time.Second)
	if a == nil || b == nil {
		t.Fatal("two connections under the total were not accepted")
	}
	waiting := dial(t, l)
	if c := within(t, ch, 200*time.Millisecond); c != nil {
		t.Fatal("a connection over the total was accepted")
	}
	a.Close()
	c := within(t, ch, time.Second)
	if c == nil {
		t.Fatal("the waiting connection was not accepted once one closed")
	}
	// It is served, not closed: it reads what the server writes.
	io.WriteString(c, "x")
	waiting.SetReadDeadline(time.Now().Add(time.Second))
	if _, err := waiting.Read(make([]byte, 1)); err != nil {
		t.Errorf("the connection that waited: %v", err)
	}

	done := make(chan error, 1)
	go func() { _, err := l.Accept(); done <- err }()
	time.Sleep(50 * time.Millisecond)
	l.Close()
	select {
	case err := <-done:
		if !errors.Is(err, net.ErrClosed) {
			t.Errorf("Accept after Close: %v, want net.ErrClosed", err)
		}
	case <-time.After(time.Second):
		t.Error("Close did not end a waiting Accept")
	}
}
