package scan

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// timestamp returns the timestamp a line starts with, as written, in one
// of the forms the package doc lists; "" when there is none. A bracketed
// one is returned without its brackets.
func timestamp(line []byte) string {
	if n := isoStamp(line); n > 0 {
		return string(line[:n])
	}
	if n := stampLike(line, "dddd/dd/dd dd:dd:dd"); n > 0 {
		return string(line[:n+fraction(line[n:])])
	}
	if n := stampLike(line, "Mmm _d dd:dd:dd"); n > 0 {
		return string(line[:n])
	}
	if len(line) > 0 && line[0] == '[' {
		in := line[1:]
		n := isoStamp(in)
		if n == 0 {
			n = stampLike(in, "dd/Mmm/dddd:dd:dd:dd +dddd")
		}
		if n > 0 && n < len(in) && in[n] == ']' {
			return string(in[:n])
		}
	}
	return ""
}

// isoStamp returns the length of the RFC 3339 or ISO 8601 timestamp at the
// start of b, 0 when there is none: a date, "T" or a space, a time, an
// optional fraction and an optional zone.
func isoStamp(b []byte) int {
	n := stampLike(b, "dddd-dd-ddTdd:dd:dd")
	if n == 0 {
		return 0
	}
	n += fraction(b[n:])
	switch {
	case n < len(b) && (b[n] == 'Z' || b[n] == 'z'):
		n++
	case stampLike(b[n:], "+dd:dd") > 0:
		n += len("+dd:dd")
	case stampLike(b[n:], "+dddd") > 0:
		n += len("+dddd")
	}
	return n
}

// fraction returns the length of the fraction of a second at the start of
// b: "." or ",", and digits.
func fraction(b []byte) int {
	if len(b) < 2 || b[0] != '.' && b[0] != ',' || !isDigit(b[1]) {
		return 0
	}
	n := 2
	for n < len(b) && isDigit(b[n]) {
		n++
	}
	return n
}

// stampLike returns how many bytes at the start of b match pat, 0 when
// they do not: in pat, d is a digit, _ a digit or a space, T a "T" or a
// space, + a plus or minus sign, Mmm an English month's abbreviation; any
// other byte stands for itself.
func stampLike(b []byte, pat string) int {
	if len(b) < len(pat) {
		return 0
	}
	for i := 0; i < len(pat); i++ {
		c := b[i]
		switch pat[i] {
		case 'd':
			if !isDigit(c) {
				return 0
			}
		case '_':
			if !isDigit(c) && c != ' ' {
				return 0
			}
		case 'T':
			if c != 'T' && c != ' ' {
				return 0
			}
		case '+':
			if c != '+' && c != '-' {
				return 0
			}
		case 'M':
			if !slices.Contains(months, string(b[i:i+3])) {
				return 0
			}
			i += 2
		default:
			if c != pat[i] {
				return 0
			}
		}
	}
	return len(pat)
}

var months = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// maxSampleBytes bounds the bytes of a line a sample shows: enough for a
// runtime's error line, and for a window around the mention in a longer
// one. Each byte shows as at most one character (U+FFFD for a bad one).
const maxSampleBytes = 200

// sample returns a line as a printable sample of the mention at
// [start, end), and where the mention is in it: the whole line when it is
// short, otherwise a window of maxSampleBytes that starts a little before
// the mention, "…" marking each cut. Invalid UTF-8 becomes U+FFFD; control
// and other unprintable characters become spaces.
func sample(line []byte, start, end int) (string, [2]int) {
	from, to := 0, len(line)
	if to > maxSampleBytes {
		from = max(0, min(start-maxSampleBytes/4, len(line)-maxSampleBytes))
		to = from + maxSampleBytes
	}
	for from > 0 && from < len(line) && !utf8.RuneStart(line[from]) {
		from++
	}
	for to < len(line) && to > from && !utf8.RuneStart(line[to]) {
		to--
	}
	var b strings.Builder
	mark := [2]int{-1, -1} // in b
	for i := from; i < to; {
		if mark[0] < 0 && i >= start {
			mark[0] = b.Len()
		}
		if mark[1] < 0 && i >= end {
			mark[1] = b.Len()
		}
		r, size := utf8.DecodeRune(line[i:to])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
		case !unicode.IsPrint(r):
			b.WriteByte(' ')
		default:
			b.Write(line[i : i+size])
		}
		i += size
	}
	s := b.String()
	for k := range mark {
		if mark[k] < 0 {
			mark[k] = len(s)
		}
	}
	t := strings.TrimLeftFunc(s, unicode.IsSpace)
	cut := len(s) - len(t)
	t = strings.TrimRightFunc(t, unicode.IsSpace)
	for k := range mark {
		mark[k] = min(max(mark[k]-cut, 0), len(t))
	}
	if from > 0 {
		t = "…" + t
		mark[0] += len("…")
		mark[1] += len("…")
	}
	if to < len(line) {
		t += "…"
	}
	return t, mark
}
