package search

import (
	"errors"
	"strings"
	"testing"
)

// Seeds for the fuzz targets: every identifier form, runtime lines and the
// inputs that have broken search engines before.
var fuzzSeeds = []string{
	"10054", "0x2746", "2746", "0x80072746", "-2147014842", "2147952454",
	"wsaeconnreset", "ECONNRESET", "ConnectionReset", "SocketError.ConnectionReset",
	"KB196271", "Q196271", "KB 196271", "196271", "ERROR_IO_PENDING", "-4077",
	"errno 110", "[Errno 61]", "errno 54 macos", "[WinError 10054]", "(os error 111)",
	"System.Net.Sockets.SocketException (10060): A connection attempt failed...",
	"java.net.SocketException: Connection reset",
	"dial tcp [::1]:6379: connectex: No connection could be made because the target machine actively refused it.",
	"read tcp 192.0.2.7:51000->198.51.100.3:5671: wsarecv: An existing connection was forcibly closed",
	"Error: connect ECONNREFUSED ::1:8080",
	"conection timed out", "WSAETIMEOUT",
	"", " ", "\x00", "\xff\xfe", "\u200b", "\u202e", "é", "--1", "0x", "0X", "-",
	`+-=&&||><!(){}[]^"~*?:\/`, "a:b", `"unterminated`, "title:reset~2^5",
	"99999999999999999999999", "-99999999999999999999999", "0xFFFFFFFFFFFFFFFFFFFF",
	strings.Repeat("a", 1000), strings.Repeat("connection ", 200), strings.Repeat("é", 300),
}

// FuzzResolve resolves any text, and recognizes it (see checkRecognize
// and checkLines).
func FuzzResolve(f *testing.F) {
	for _, s := range append(fuzzSeeds, recognizeTexts...) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		x := index(t)
		checkRecognize(t, x, s)
		checkLines(t, x, s)
		a := x.Resolve(s)
		if a == nil {
			return
		}
		// Whatever resolves names an article that its own id resolves to.
		if b := x.Resolve(a.ID); b != a {
			t.Errorf("Resolve(%q) = %s, but Resolve(%q) = %v", s, a.ID, a.ID, b)
		}
	})
}

func FuzzSearch(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add(s, i%60-5)
	}
	f.Fuzz(func(t *testing.T, q string, limit int) {
		x := index(t)
		res, err := x.Search(q, limit)
		if err != nil {
			if !errors.Is(err, ErrEmptyQuery) || res != nil {
				t.Fatalf("Search(%q, %d) = %v, %v; want a result or ErrEmptyQuery", q, limit, res, err)
			}
			return
		}
		checkResult(t, q, limit, res)
	})
}

// FuzzRecognize feeds arbitrary text to the recognizer, as scan reads a
// log line and Search a paste: it never panics, every mention lies inside
// the text in order, and a mention it reports is found again in the text
// it spans, repeated in a longer paste (so a paste's size changes nothing).
func FuzzRecognize(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Add("远程主机强迫关闭了一个现有的连接。")
	f.Add("Caused by: java.net.SocketException: Connection reset\n\tat x")
	f.Fuzz(func(t *testing.T, text string) {
		x := index(t)
		ms := x.Recognize(text)
		last := 0
		for _, m := range ms {
			if m.Article == nil || m.Start < last || m.End > len(text) || m.Start >= m.End {
				t.Fatalf("Recognize(%q): mention %+v out of place (after %d, in %d bytes)", text, m, last, len(text))
			}
			last = m.Start
		}
		if len(text) > 2000 {
			return
		}
		long := strings.Repeat("noise line without errors\n", 40) + text + "\n" + strings.Repeat("more noise\n", 40)
		if got := x.Recognize(long); len(got) != len(ms) {
			t.Fatalf("Recognize finds %d mentions in %q alone and %d inside a long paste", len(ms), text, len(got))
		}
	})
}
