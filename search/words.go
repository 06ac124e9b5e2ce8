package search

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The resolver reads text as words, the way the analyzers do (see
// wordPattern), but skips network addresses whole.

// netAddress matches, at the start of a string, a network address as
// runtimes print them around an error: 192.0.2.7:51000, [::1]:6379,
// ::1:8080, fe80::1%eth0. Such addresses say where, not what: their
// numbers would match any article quoting an example address.
var netAddress = regexp.MustCompile(`^(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9A-Fa-f:.%\w]*\]|[0-9A-Fa-f]{0,4}::[0-9A-Fa-f:.]*(?:%\w+)?|[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){3,7})(?::\d{1,5})?`)

// meaningful are the addresses that say what, not only where: the
// unspecified address and the loopback ("connect to 0.0.0.0 fails").
var meaningful = map[string]bool{"0.0.0.0": true, "127.0.0.1": true, "::1": true, "[::1]": true, "::": true}

// meaningfulHost returns the length of the host part of an address that is
// meaningful (see meaningful), or 0: "0.0.0.0" of "0.0.0.0:8000".
func meaningfulHost(addr string) int {
	for host := range meaningful {
		if addr == host || strings.HasPrefix(addr, host+":") && isDigits(addr[len(host)+1:]) {
			return len(host)
		}
	}
	return 0
}

// eachWord calls fn with the byte offsets of every word of s, in order.
// Network addresses (see netAddress) are skipped whole.
func eachWord(s string, fn func(start, end int)) {
	start := -1
	prevLetter := false
	for i := 0; i < len(s); {
		if start >= 0 && isWordByte(s[i]) { // the rest of an ASCII word
			for i < len(s) && isWordByte(s[i]) {
				i++
			}
			prevLetter = isASCIILetter(s[i-1])
			continue
		}
		if start < 0 && mayBeAddress(s[i:]) && (i == 0 || !isWordByte(s[i-1])) {
			if m := netAddress.FindStringIndex(addressRun(s[i:])); m != nil && m[1] > 2 && (i+m[1] == len(s) || !isWordByte(s[i+m[1]])) && strings.ContainsAny(s[i:i+m[1]], ".:") && !isPlainWord(s[i:i+m[1]]) {
				if n := meaningfulHost(s[i : i+m[1]]); n > 0 {
					fn(i, i+n) // says what, not only where: one word
				}
				i += m[1]
				prevLetter = false
				continue
			}
		}
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		switch {
		case isWordRune(r):
			if start < 0 {
				start = i
			}
			prevLetter = unicode.IsLetter(r)
		case start >= 0 && (r == '\'' || r == '’') && prevLetter && letterAt(s, i+size):
			prevLetter = false // an apostrophe inside a word
		default:
			if start >= 0 {
				fn(start, i)
				start = -1
			}
			prevLetter = false
		}
		i += size
	}
	if start >= 0 {
		fn(start, len(s))
	}
}

// mayBeAddress reports whether a network address may start s: it starts
// with '[' or ':', or with at most four hex digits followed by '.' or ':'.
// Every match of netAddress does, so the expression only runs there.
func mayBeAddress(s string) bool {
	if s[0] == '[' || s[0] == ':' {
		return true
	}
	i := 0
	for i < len(s) && i <= 4 && isHexByte(s[i]) {
		i++
	}
	return 0 < i && i <= 4 && i < len(s) && (s[i] == '.' || s[i] == ':')
}

// addressRun cuts s before the first byte that no network address holds
// (netAddress matches only letters, digits, '_', '.', ':', '%', '[' and
// ']'), so that matching costs the length of the address, not of the text.
func addressRun(s string) string {
	for i := 0; i < len(s); i++ {
		if b := s[i]; !isWordByte(b) && b != '.' && b != ':' && b != '%' && b != '[' && b != ']' {
			return s[:i]
		}
	}
	return s
}

func isHexByte(b byte) bool {
	return '0' <= b && b <= '9' || 'a' <= b && b <= 'f' || 'A' <= b && b <= 'F'
}

func isASCIILetter(b byte) bool {
	return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z'
}

func isWordByte(b byte) bool {
	return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || b == '_'
}

// isPlainWord reports whether an address match is really a word followed by
// a colon ("add:"), not an address.
func isPlainWord(m string) bool {
	return !strings.ContainsAny(strings.TrimRight(m, ":"), ".:[")
}

func letterAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r)
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '_'
	}
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r))
}

func isLetter(r rune) bool { return unicode.IsLetter(r) }
