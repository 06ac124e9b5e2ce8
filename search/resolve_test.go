package search

import (
	"slices"
	"testing"
)

func TestResolve(t *testing.T) {
	x := index(t)
	for _, tt := range []struct {
		in, want string // want "" means nil
	}{
		// Decimal codes.
		{"10054", "WSAECONNRESET"},
		{" 10054 ", "WSAECONNRESET"},
		{"11001", "WSAHOST_NOT_FOUND"},
		{"995", "WSA_OPERATION_ABORTED"},
		{"6", "WSA_INVALID_HANDLE"},
		{"87", "WSA_INVALID_PARAMETER"},
		// Hex, with and without 0x; bare hex only when no decimal code matches.
		{"0x2746", "WSAECONNRESET"},
		{"0X2746", "WSAECONNRESET"},
		{"0x00002746", "WSAECONNRESET"},
		{"2746", "WSAECONNRESET"},
		{"2745", "WSAECONNABORTED"},
		{"2afd", "WSA_QOS_RECEIVERS"},
		{"0x3E5", "WSA_IO_PENDING"},
		// HRESULT_FROM_WIN32, unsigned hex, signed decimal, unsigned decimal.
		{"0x80072746", "WSAECONNRESET"},
		{"0x80072745", "WSAECONNABORTED"},
		{"80072746", "WSAECONNRESET"},
		{"-2147014842", "WSAECONNRESET"},
		{"-2147014843", "WSAECONNABORTED"},
		{"2147952454", "WSAECONNRESET"},
		{"0x800703E5", "WSA_IO_PENDING"},
		// Names in any case.
		{"WSAECONNRESET", "WSAECONNRESET"},
		{"wsaeconnreset", "WSAECONNRESET"},
		{"WsaEConnReset", "WSAECONNRESET"},
		{"wsa_io_pending", "WSA_IO_PENDING"},
		{"ECONNRESET", "WSAECONNRESET"},
		{"econnreset", "WSAECONNRESET"},
		{"ETIMEDOUT", "WSAETIMEDOUT"},
		{"EWOULDBLOCK", "WSAEWOULDBLOCK"},
		{"ECANCELED", "WSAECANCELLED"}, // the errno name beats Node's shared ECANCELED
		{"EAGAIN", "WSAEWOULDBLOCK"},   // only a Node code, but only one article's
		{"EPIPE", "EPIPE"},             // an article of its own, though WSAESHUTDOWN has EPIPE as its Node code
		// .NET names, bare or qualified, in any case.
		{"ConnectionReset", "WSAECONNRESET"},
		{"connectionreset", "WSAECONNRESET"},
		{"SocketError.ConnectionReset", "WSAECONNRESET"},
		{"socketerror.connectionreset", "WSAECONNRESET"},
		{"SocketError.Shutdown", "WSAESHUTDOWN"},
		{"Shutdown", "WSAESHUTDOWN"},
		{"TimedOut", "WSAETIMEDOUT"},
		{"IOPending", "WSA_IO_PENDING"},
		// Python classes that belong to one error.
		{"ConnectionResetError", "WSAECONNRESET"},
		{"ConnectionRefusedError", "WSAECONNREFUSED"},
		// KB numbers.
		{"KB196271", "196271"},
		{"kb196271", "196271"},
		{"KB 196271", "196271"},
		{"Q196271", "196271"},
		{"q159254", "159254"},
		{"196271", "196271"},
		{"905628", "905628"},
		// Aliases from the front matter.
		{"ERROR_IO_PENDING", "WSA_IO_PENDING"},
		{"error_io_pending", "WSA_IO_PENDING"},
		{"WSANO_ADDRESS", "WSANO_DATA"},
		{"TRY_AGAIN", "WSATRY_AGAIN"},
		{"ENOTFOUND", "EAI_NONAME"},
		// Resolver errors have articles of their own.
		{"EAI_AGAIN", "EAI_AGAIN"},
		{"eai_noname", "EAI_NONAME"},
		{"HOST_NOT_FOUND", "WSAHOST_NOT_FOUND"},
		// Node.js errno on Windows.
		{"-4077", "WSAECONNRESET"},
		{"-4039", "WSAETIMEDOUT"},
		// The words people put around an identifier.
		{"[WinError 10054]", "WSAECONNRESET"},
		{"WinError 995", "WSA_OPERATION_ABORTED"},
		{"error 10060", "WSAETIMEDOUT"},
		{"`WSAECONNRESET`", "WSAECONNRESET"},
		{"\"10054\"", "WSAECONNRESET"},
		{"errno 104", "WSAECONNRESET"},     // Linux numbering by default
		{"[Errno 111]", "WSAECONNREFUSED"}, // Linux
		{"errno 61", "WSAECONNREFUSED"},    // no Linux errno 61 here: macOS
		{"errno 54 macos", "WSAECONNRESET"},
		{"errno 60 freebsd", "WSAETIMEDOUT"},
		{"errno 110 linux", "WSAETIMEDOUT"},
		{"[Errno 11001]", "WSAHOST_NOT_FOUND"}, // Python's Winsock code
		{"errno: -4077", "WSAECONNRESET"},
		{"ENOENT", "WSANO_DATA"},    // Node on Windows: getaddrinfo ENOENT is 11004 only
		{"-4058", "WSANO_DATA"},     // same, as errno
		{"ENOTFOUND", "EAI_NONAME"}, // 11001 is ENOTFOUND (libuv EAI_NONAME)

		// Ambiguous: several articles.
		{"EINVAL-ish", ""},
		{"-4071", ""},           // Node EINVAL: three errors
		{"BlockingIOError", ""}, // Python class of three errors
		{"10054 10053", ""},
		{"WSAECONNRESET WSAECONNABORTED", ""},
		{"KB196271 WSAENOBUFS", ""},
		// Unknown.
		{"", ""},
		{"   ", ""},
		{"hello", ""},
		{"WSAEFOO", ""},
		{"10000", ""},
		{"99999", ""},
		{"0x1234", ""},
		{"0x80004005", ""},  // E_FAIL: not a Win32 error
		{"-2147467259", ""}, // E_FAIL, signed
		{"0xFFFFFFFFFFFFFFFFFF", ""},
		{"123456789012345678901234567890", ""},
		{"KB999999", ""},
		{"Q", ""},
		{"errno", ""},
		{"errno 99999", ""},
		{"errno 54 on linux", ""}, // Linux 54 is no socket error
		{"Connection reset by peer", ""},
		{"SocketError.Success", ""},
		{"java.net.SocketException", ""},
		{"-", ""},
		{"--10054", ""},
	} {
		got := x.Resolve(tt.in)
		gotID := ""
		if got != nil {
			gotID = got.ID
		}
		if gotID != tt.want {
			t.Errorf("Resolve(%q) = %q, want %q", tt.in, gotID, tt.want)
		}
	}
}

// TestExact checks which identifiers Search finds inside running text:
// the articles its hits mark Exact, in order.
func TestExact(t *testing.T) {
	x := index(t)
	for _, tt := range []struct {
		q    string
		want []string
	}{
		{"ConnectionResetError: [WinError 10054] An existing connection was forcibly closed by the remote host", []string{"WSAECONNRESET"}},
		{"Error: connect ECONNREFUSED 127.0.0.1:5432", []string{"WSAECONNREFUSED"}},
		{"{ errno: -4077, code: 'ECONNRESET', syscall: 'read' }", []string{"WSAECONNRESET"}},
		{"is WSAECONNRESET worse than WSAECONNABORTED?", []string{"WSAECONNRESET", "WSAECONNABORTED"}},
		{"TimeoutError: [Errno 110] Connection timed out", []string{"WSAETIMEDOUT"}},
		{"on macOS connect fails with errno 54", []string{"WSAECONNRESET"}},
		{"socket.gaierror: [Errno 11001] getaddrinfo failed", []string{"WSAHOST_NOT_FOUND"}},
		{"System.Net.Sockets.SocketException (995): The I/O operation has been aborted", []string{"WSA_OPERATION_ABORTED"}},
		{"OSError: [WinError 87] The parameter is incorrect", []string{"WSA_INVALID_PARAMETER"}},
		{"Exception from HRESULT: 0x8007274D", []string{"WSAECONNREFUSED"}},
		{"HResult -2147014835", []string{"WSAECONNREFUSED"}},
		{"see KB 196271 and raise MaxUserPort", []string{"196271"}},
		{"Microsoft Q263823", []string{"263823"}},
		{"SocketErrorCode == SocketError.WouldBlock", []string{"WSAEWOULDBLOCK"}},
		{"Os { code: 10048, kind: AddrInUse }", []string{"WSAEADDRINUSE"}},
		{"error: could not connect: Connection refused (os error 111)", []string{"WSAECONNREFUSED"}},
		{"Socket error # 10053 Software caused connection abort.", []string{"WSAECONNABORTED"}},
		{"Error: getaddrinfo ENOENT example.com", []string{"WSANO_DATA"}}, // Node's getaddrinfo ENOENT is 11004 only; 11001 is ENOTFOUND

		// Look like identifiers, are not.
		{"dial tcp 10.0.0.5:10050: connectex: No connection could be made", nil}, // a port
		{"Zabbix agent on port 10050 is not reachable", nil},
		{"curl: (56) Recv failure: Connection reset by peer", []string{"WSAECONNRESET"}}, // the BSD text, as curl prints it
		{"curl: (6) Could not resolve host: example.com", nil},
		{"System.Net.Sockets.SocketException (0x80004005): An invalid argument was supplied", []string{"WSAEINVAL"}}, // Windows' message
		{"access violation reading 0x00000008", nil},
		{"after shutdown the Fault handler runs", nil}, // .NET names only as spelled, with two capitals
		{"2024-01-02 10:05:40 connection 10.0.0.1 closed", nil},
		{"BlockingIOError: resource temporarily unavailable", nil}, // EAGAIN's text, also for files and pipes
		{"errno 54 on linux", nil},
		{"worker pid 10054 exited", nil}, // a bare number names a code only in a text about sockets
		{"user 10054 logged in from the portal", nil},
		{"listening on :10050", nil},
		{"sent bytes=10048 in 3 chunks", nil},
		{"recv failed with 10054 on socket 3", []string{"WSAECONNRESET"}},
	} {
		res, err := x.Search(tt.q, 10)
		if err != nil {
			t.Errorf("Search(%q): %v", tt.q, err)
			continue
		}
		var got []string
		for _, h := range res.Hits {
			if h.Match == Exact {
				got = append(got, h.Article.ID)
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Search(%q) exact hits = %q, want %q", tt.q, got, tt.want)
		}
		for i, id := range tt.want {
			if i >= len(res.Hits) || res.Hits[i].Article.ID != id {
				t.Errorf("Search(%q): exact hit %s is not at rank %d", tt.q, id, i+1)
			}
		}
	}
}
