package scan

import (
	"strings"
	"testing"
)

func TestTimestamp(t *testing.T) {
	for _, tc := range []struct{ line, want string }{
		{"2024-05-01T10:00:00Z ERROR x", "2024-05-01T10:00:00Z"},
		{"2024-05-01T10:00:00.123456789+02:00 x", "2024-05-01T10:00:00.123456789+02:00"},
		{"2024-05-01T10:00:00-0700 x", "2024-05-01T10:00:00-0700"},
		{"2024-05-01 10:00:00,123 ERROR x", "2024-05-01 10:00:00,123"},
		{"2024-05-01 10:00:00.000 +02:00 [ERR] x", "2024-05-01 10:00:00.000"},
		{"2024-05-01T10:00:00", "2024-05-01T10:00:00"},
		{"[2024-05-01 10:00:00,123] ERROR x", "2024-05-01 10:00:00,123"},
		{"2024/05/01 10:00:00 dial tcp", "2024/05/01 10:00:00"},
		{"2024/05/01 10:00:00.000123 dial tcp", "2024/05/01 10:00:00.000123"},
		{"May  1 10:00:00 host app[1]: x", "May  1 10:00:00"},
		{"Dec 31 23:59:59 host", "Dec 31 23:59:59"},
		{"[01/May/2024:10:00:00 +0000] GET /", "01/May/2024:10:00:00 +0000"},
		{"[01/May/2024:10:00:00 -0130] GET /", "01/May/2024:10:00:00 -0130"},

		{"", ""},
		{"ERROR 2024-05-01T10:00:00Z", ""},              // not at the start
		{"2024-05-01 x", ""},                            // a date alone
		{"2024-05-01T10:00", ""},                        // no seconds
		{"2024-05-01T10:00:00.", "2024-05-01T10:00:00"}, // a full stop, not a fraction
		{"[2024-05-01 10:00:00 x", ""},                  // no closing bracket
		{"Foo  1 10:00:00 host", ""},
		{"may  1 10:00:00 host", ""},
		{"[01/Mai/2024:10:00:00 +0000]", ""},
		{"\xff\xfe2024-05-01T10:00:00Z", ""},
	} {
		if got := timestamp([]byte(tc.line)); got != tc.want {
			t.Errorf("timestamp(%q) = %q, want %q", tc.line, got, tc.want)
		}
	}
}

func TestSample(t *testing.T) {
	long := strings.Repeat("a", 300) + " ECONNRESET " + strings.Repeat("b", 300)
	at := strings.Index(long, "ECONNRESET")
	from := at - maxSampleBytes/4
	for _, tc := range []struct {
		line       string
		start, end int
		want       string
		mark       [2]int
	}{
		{"  read ECONNRESET\t", 7, 17, "read ECONNRESET", [2]int{5, 15}},
		{"a\x00b\x1b[31mc\u202ed", 0, 1, "a b [31mc d", [2]int{0, 1}},
		{"bad \xff\xfe ECONNRESET", 7, 17, "bad \uFFFD\uFFFD ECONNRESET", [2]int{11, 21}},
		{"远程主机强迫关闭了一个现有的连接。", 0, 42, "远程主机强迫关闭了一个现有的连接。", [2]int{0, 42}},
		{long, at, at + 10, "…" + long[from:from+maxSampleBytes] + "…", [2]int{len("…") + at - from, len("…") + at - from + 10}},
		{long, 0, 3, long[:maxSampleBytes] + "…", [2]int{0, 3}},
		{long, len(long) - 2, len(long), "…" + long[len(long)-maxSampleBytes:], [2]int{len("…") + maxSampleBytes - 2, len("…") + maxSampleBytes}},
		// A cut inside a character moves to its edge.
		{strings.Repeat("é", 150), 0, 2, strings.Repeat("é", maxSampleBytes/2) + "…", [2]int{0, 2}},
		{"x" + strings.Repeat("é", 150), 120, 122, "…" + strings.Repeat("é", maxSampleBytes/2-1) + "…", [2]int{len("…") + 50, len("…") + 52}},
	} {
		got, mark := sample([]byte(tc.line), tc.start, tc.end)
		if got != tc.want || mark != tc.mark {
			t.Errorf("sample(%q, %d, %d) = %q, %v; want %q, %v", tc.line, tc.start, tc.end, got, mark, tc.want, tc.mark)
		}
	}
}
