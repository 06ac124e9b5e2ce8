package search

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// recognizeTexts are texts for the recognizer's tests, besides the fuzz
// seeds: numbers in every place a log puts them.
// recognizeTexts are texts for the recognizer's tests, besides the fuzz
// seeds: numbers in every place a log puts them, one to a text, as the
// resolver reads a whole text once any spelling wakes it.
var recognizeTexts = []string{
	"2024-05-01 10:00:00 pid 6 took 8ms", "error 6", "error 6ms", "6", "x6",
	"ConnectionResetError: [WinError 10054] An existing connection was forcibly closed by the remote host",
	"send failed: 0x80072746", "SocketError.connectionreset", "0x8007274D", "0x80070057",
	"error 0x3E5", "error 0x03E5", "code 0x6", "error 57", "error 87.5", "error .87", "errno 104", "os!error 11", "error 87",
	"GET 10.87.1.2:8080", "10.8.6.6", "v1.10054.2", "1.87", "6.1.2.3", "error 1.997", "x-4077", "errno: -4077",
	"error 010054", "KB0196271", "0x00002746", "[WinError 0010061]",
	"hex 3e5", "2746", "3E3", "WSA_IO_PENDING", "997", "(os error 111)", "kb196271", "Q196271", "KB 196271",
	"port 10061", "host:10061", "host: 10061", "took 10054 ms", "10054ms", "10054.5", "1.10054",
}

// TestRecognize checks that a text in bytes is recognised as the same text
// in a string is, and that the recognizer finds what it would if its
// resolver read every text, not only those that hold an identifier's
// spelling.
func TestRecognize(t *testing.T) {
	x := index(t)
	for _, s := range append(recognizeTexts, fuzzSeeds...) {
		want := x.Recognize(s)
		if got := x.Recognizer().RecognizeBytes([]byte(s)); !slices.Equal(got, want) {
			t.Errorf("RecognizeBytes(%q) = %v, want %v (as Recognize)", s, got, want)
		}
		checkRecognize(t, x, s)
	}
}

// zeroPadded is a number written with leading zeros: the recognizer reads
// words a spelling of an identifier starts, and no spelling starts with a
// zero it does not need.
var zeroPadded = regexp.MustCompile(`(?i)^(kb|q|0x)?0[0-9a-f]+$`)

// checkRecognize checks Recognize(s) against the resolver reading every
// word of s, whatever spellings it holds: the same mentions, but for
// zero-padded numbers.
func checkRecognize(t *testing.T, x *Index, s string) {
	t.Helper()
	r := x.rec
	var out []Mention
	names := false
	eachLiteral(r.lits, s, func(id, end int) { out = onLiteral(r, s, id, end, out, &names) })
	all := mentionsIn(r, s, nil, out, true)
	got := x.Recognize(s)
	want := slices.DeleteFunc(slices.Clone(all), func(m Mention) bool {
		return zeroPadded.MatchString(s[m.Start:m.End]) && !slices.Contains(got, m)
	})
	if !slices.Equal(got, want) {
		t.Errorf("Recognize(%q) = %v, want %v (every word resolved)", s, got, want)
	}
}

// TestRecognizeLines checks that lines recognised together are recognised
// as each alone.
func TestRecognizeLines(t *testing.T) {
	x := index(t)
	texts := append(recognizeTexts, fuzzSeeds...)
	for _, sep := range []string{"\n", "\r\n", "\n\n", "\r\r\n"} {
		all := strings.Join(texts, sep)
		checkLines(t, x, all)
		checkLines(t, x, all+sep)
		// Every stretch eachLiteralBlock might make: from a text of one
		// line up.
		for n := 1; n < 12; n++ {
			checkLines(t, x, strings.Join(texts[:n], sep))
		}
	}
	for _, s := range []string{"", "\n", "\r\n", "ECONNRESET", "\nECONNRESET\n", "a\nb\nc\nd\ne\nerror 6", "ECONNRESET\r", "x\r\rECONNRESET\r\r"} {
		checkLines(t, x, s)
	}
}

// checkLines checks RecognizeLines(text) against RecognizeBytes on each
// of its lines.
func checkLines(t *testing.T, x *Index, text string) {
	t.Helper()
	type found struct {
		start int
		line  string
		ms    []Mention
	}
	var got, want []found
	x.Recognizer().RecognizeLines([]byte(text), func(start int, line []byte, ms []Mention) {
		got = append(got, found{start, string(line), ms})
	})
	start := 0
	for _, line := range strings.SplitAfter(text, "\n") {
		if line == "" {
			break
		}
		l := strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
		if ms := x.Recognizer().RecognizeBytes([]byte(l)); len(ms) > 0 {
			want = append(want, found{start, l, ms})
		}
		start += len(line)
	}
	if !slices.EqualFunc(got, want, func(a, b found) bool {
		return a.start == b.start && a.line == b.line && slices.Equal(a.ms, b.ms)
	}) {
		t.Errorf("RecognizeLines(%q) = %v, want %v (each line alone)", text, got, want)
	}
}
