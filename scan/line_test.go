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
	mention := strings.Index(long, "ECONNRESET")
	for _, tc := range []struct {
		line  string
		start int
		want  string
	}{
		{"  read ECONNRESET\t", 7, "read ECONNRESET"},
		{"a\x00b\x1b[31mc\u202ed", 0, "a b [31mc d"},
		{"bad \xff\xfe utf-8", 0, "bad \uFFFD\uFFFD utf-8"},
		{"远程主机强迫关闭了一个现有的连接。", 0, "远程主机强迫关闭了一个现有的连接。"},
		{long, mention, "…" + long[mention-maxSampleBytes/4:mention-maxSampleBytes/4+maxSampleBytes] + "…"},
		{long, 0, long[:maxSampleBytes] + "…"},
		{long, len(long) - 1, "…" + long[len(long)-maxSampleBytes:]},
		// A cut inside a character moves to its edge.
		{strings.Repeat("é", 150), 0, strings.Repeat("é", maxSampleBytes/2) + "…"},
		{"x" + strings.Repeat("é", 150), 120, "…" + strings.Repeat("é", maxSampleBytes/2-1) + "…"},
	} {
		if got := sample([]byte(tc.line), tc.start); got != tc.want {
			t.Errorf("sample(%q, %d) = %q, want %q", tc.line, tc.start, got, tc.want)
		}
	}
}
