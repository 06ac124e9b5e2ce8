package scan

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/iotest"
	"unicode/utf8"

	"github.com/sockerr/sockerr/content"
	"github.com/sockerr/sockerr/search"
)

var (
	testOnce       sync.Once
	testRecognizer *search.Recognizer
	testErr        error
)

// recognizer returns a recognizer of the real embedded corpus, built once.
func recognizer(tb testing.TB) *search.Recognizer {
	tb.Helper()
	testOnce.Do(func() {
		var c *content.Corpus
		if c, testErr = content.Load(content.FS); testErr == nil {
			testRecognizer = search.NewRecognizer(c)
		}
	})
	if testErr != nil {
		tb.Fatal(testErr)
	}
	return testRecognizer
}

// A want is a row as the tests expect it: the article, its count, and the
// line and time of its first and last mention.
type want struct {
	id                  string
	count               int64
	firstLine, lastLine int64
	firstTime, lastTime string
}

func (w want) String() string {
	return fmt.Sprintf("%s ×%d lines %d–%d times %q–%q", w.id, w.count, w.firstLine, w.lastLine, w.firstTime, w.lastTime)
}

func got(r Row) want {
	return want{r.ID, r.Count, r.First.Line, r.Last.Line, r.First.Time, r.Last.Time}
}

// The expected rows of each fixture, most frequent first. The comments in
// mixed.log's table say which lines are which; every other line of it is
// noise that must not count: a version (2.10054.1, 3.0.10061), a port
// (:10050), a duration (took 10054 ms), "reset" alone, a date, EACCES
// about a file, binary junk.
var (
	mixedRows = []want{
		// .NET (3), Go wsarecv (6), Java (8), Node (9), zh-CN (14), ru
		// (15), three times in one line (25), de (27).
		{"WSAECONNRESET", 8, 3, 27, "2024-05-01T10:00:02.250Z", "2024-05-01 10:00:23,456"},
		// Python WinError (5), Go connectex (7), Node (12), ru (16),
		// Java (19), Python errno 111 (22).
		{"WSAECONNREFUSED", 6, 5, 22, "2024-05-01 10:00:03,123", "2024-05-01T10:00:18Z"},
		// A Java trace's "Caused by:" with no time (20), amid binary junk
		// (24), "socket error 10060" (28), Node's ETIMEDOUT on the last
		// line, which has no newline (32).
		{"WSAETIMEDOUT", 4, 20, 32, "", "2024-05-01T10:00:28Z"},
		{"WSAENOBUFS", 1, 21, 21, "2024-05-01T10:00:17Z", "2024-05-01T10:00:17Z"}, // name and code in one line
		{"WSAECONNABORTED", 1, 29, 29, "2024-05-01T10:00:25Z", "2024-05-01T10:00:25Z"},
		{"WSAEADDRINUSE", 1, 30, 30, "2024-05-01T10:00:26Z", "2024-05-01T10:00:26Z"}, // WinError and zh-CN in one line
	}
	windowsRows = []want{
		// PowerShell (3), zh-TW (5), de (8).
		{"WSAECONNREFUSED", 3, 3, 8, "2024-05-02 08:00:02.000", "2024-05-02 08:00:07.000"},
		{"WSAETIMEDOUT", 1, 2, 2, "2024-05-02 08:00:01.000", "2024-05-02 08:00:01.000"},
		{"WSAECONNRESET", 1, 4, 4, "2024-05-02 08:00:03.000", "2024-05-02 08:00:03.000"}, // ja
		{"WSAECONNABORTED", 1, 7, 7, "2024-05-02 08:00:06.000", "2024-05-02 08:00:06.000"},
	}
	// long.log: line 1 is 100,013 bytes, its ECONNREFUSED past the first
	// MaxLineBytes; line 2 has WSAETIMEDOUT cut in two by MaxLineBytes.
	longRows = []want{
		{"WSAECONNRESET", 1, 1, 1, "2024-05-03T00:00:00Z", "2024-05-03T00:00:00Z"},
		{"WSAECONNREFUSED", 1, 3, 3, "2024-05-03T00:00:02Z", "2024-05-03T00:00:02Z"},
	}
)

func TestFixtures(t *testing.T) {
	for _, tc := range []struct {
		file                         string
		rows                         []want
		lines, errorLines, longLines int64
		gzip                         bool
	}{
		{"mixed.log", mixedRows, 32, 21, 0, false},
		{"mixed.log.gz", mixedRows, 32, 21, 0, true},
		{"windows.log", windowsRows, 9, 6, 0, false},
		{"long.log", longRows, 3, 2, 2, false},
	} {
		name := filepath.Join("testdata", tc.file)
		data := readFile(t, name)
		s := New(recognizer(t))
		if err := s.Scan(name, bytes.NewReader(data), 0); err != nil {
			t.Errorf("Scan(%q): %v", name, err)
		}
		r := s.Report()
		checkRows(t, name, r, tc.rows)
		size := int64(len(data))
		if tc.gzip {
			size = int64(len(readFile(t, strings.TrimSuffix(name, ".gz"))))
		}
		in := Input{Name: name, Gzip: tc.gzip, Lines: tc.lines, Bytes: size}
		if r.Lines != tc.lines || r.ErrorLines != tc.errorLines || r.LongLines != tc.longLines || r.Bytes != size || !slices.Equal(r.Inputs, []Input{in}) {
			t.Errorf("Scan(%q): lines %d, error lines %d, long lines %d, bytes %d, inputs %+v; want %d, %d, %d, %d, %+v",
				name, r.Lines, r.ErrorLines, r.LongLines, r.Bytes, r.Inputs, tc.lines, tc.errorLines, tc.longLines, size, []Input{in})
		}
		for _, row := range r.Errors {
			if row.First.File != name || row.Last.File != name {
				t.Errorf("Scan(%q): %s seen in %q and %q, want %q", name, row.ID, row.First.File, row.Last.File, name)
			}
			if strings.ContainsAny(row.Sample, "\r\n\x00\x1b") || !utf8.ValidString(row.Sample) || utf8.RuneCountInString(row.Sample) > maxSampleBytes+2 {
				t.Errorf("Scan(%q): %s's sample is not a printable line of at most %d characters: %q", name, row.ID, maxSampleBytes, row.Sample)
			}
		}
	}
}

func checkRows(t *testing.T, name string, r *Report, rows []want) {
	t.Helper()
	var gotRows []want
	for _, row := range r.Errors {
		gotRows = append(gotRows, got(row))
	}
	if !slices.Equal(gotRows, rows) {
		t.Errorf("Scan(%q) rows:\n%s\nwant:\n%s", name, lines(gotRows), lines(rows))
	}
}

func lines[T any](xs []T) string {
	var b strings.Builder
	for _, x := range xs {
		fmt.Fprintf(&b, "\t%v\n", x)
	}
	return b.String()
}

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestReads checks that how the log arrives (a byte at a time, in halves,
// with its end) changes nothing: a line split across reads is one line.
func TestReads(t *testing.T) {
	rec := recognizer(t)
	for _, file := range []string{"mixed.log", "mixed.log.gz", "windows.log", "long.log"} {
		data := readFile(t, filepath.Join("testdata", file))
		want, err := Log(rec, bytes.NewReader(data), 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range []struct {
			name string
			r    io.Reader
		}{
			{"OneByteReader", iotest.OneByteReader(bytes.NewReader(data))},
			{"HalfReader", iotest.HalfReader(bytes.NewReader(data))},
			{"DataErrReader", iotest.DataErrReader(bytes.NewReader(data))},
		} {
			got, err := Log(rec, r.r, 0)
			if err != nil || !equalReports(got, want) {
				t.Errorf("Log(%s(%s)) = %+v, %v; want %+v", r.name, file, got, err, want)
			}
		}
	}
}

func equalReports(a, b *Report) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return bytes.Equal(ja, jb)
}

// TestFiles scans two logs into one report: counts add up, and places say
// which file.
func TestFiles(t *testing.T) {
	s := New(recognizer(t))
	for _, name := range []string{"testdata/windows.log", "testdata/mixed.log"} {
		if err := s.Scan(name, bytes.NewReader(readFile(t, name)), 0); err != nil {
			t.Fatal(err)
		}
	}
	r := s.Report()
	if r.Lines != 9+32 || r.ErrorLines != 6+21 || len(r.Inputs) != 2 || r.Inputs[0].Lines != 9 || r.Inputs[1].Lines != 32 {
		t.Errorf("two logs: %d lines, %d with errors, inputs %+v; want 41, 27 and 9 and 32 lines", r.Lines, r.ErrorLines, r.Inputs)
	}
	type place struct {
		id          string
		count       int64
		first, last Place
	}
	var gotRows []place
	for _, row := range r.Errors {
		gotRows = append(gotRows, place{row.ID, row.Count, row.First, row.Last})
	}
	w, m := "testdata/windows.log", "testdata/mixed.log"
	want := []place{
		{"WSAECONNREFUSED", 9, Place{w, 3, "2024-05-02 08:00:02.000"}, Place{m, 22, "2024-05-01T10:00:18Z"}},
		{"WSAECONNRESET", 9, Place{w, 4, "2024-05-02 08:00:03.000"}, Place{m, 27, "2024-05-01 10:00:23,456"}},
		{"WSAETIMEDOUT", 5, Place{w, 2, "2024-05-02 08:00:01.000"}, Place{m, 32, "2024-05-01T10:00:28Z"}},
		{"WSAECONNABORTED", 2, Place{w, 7, "2024-05-02 08:00:06.000"}, Place{m, 29, "2024-05-01T10:00:25Z"}},
		{"WSAENOBUFS", 1, Place{m, 21, "2024-05-01T10:00:17Z"}, Place{m, 21, "2024-05-01T10:00:17Z"}},
		{"WSAEADDRINUSE", 1, Place{m, 30, "2024-05-01T10:00:26Z"}, Place{m, 30, "2024-05-01T10:00:26Z"}},
	}
	if !slices.Equal(gotRows, want) {
		t.Errorf("two logs' rows:\n%s\nwant:\n%s", lines(gotRows), lines(want))
	}
}

// TestTruncated reads a gzip file cut short: the error says so, and the
// report has everything before the cut.
func TestTruncated(t *testing.T) {
	name := "testdata/truncated.log.gz"
	s := New(recognizer(t))
	err := s.Scan(name, bytes.NewReader(readFile(t, name)), 0)
	if !errors.Is(err, ErrTruncated) || !strings.HasPrefix(err.Error(), name+": after line ") {
		t.Fatalf("Scan(%q) = %v, want %q: after line N: %v", name, err, name, ErrTruncated)
	}
	r := s.Report()
	checkRows(t, name, r, windowsRows)
	if in := r.Inputs[0]; in.Lines <= 9 || in.Error != err.Error() || !in.Gzip || r.Lines != in.Lines {
		t.Errorf("Scan(%q): %d lines, input %+v; want more than the first member's 9, and the error", name, r.Lines, in)
	}

	for _, data := range [][]byte{{0x1f, 0x8b}, {0x1f, 0x8b, 8, 0, 0}} {
		if _, err := Log(recognizer(t), bytes.NewReader(data), 0); !errors.Is(err, ErrTruncated) {
			t.Errorf("Log(% x) = %v, want %v", data, err, ErrTruncated)
		}
	}
	if _, err := Log(recognizer(t), bytes.NewReader([]byte{0x1f, 0x8b, 0, 0, 0, 0, 0, 0, 0, 0, 0}), 0); err == nil || errors.Is(err, ErrTruncated) {
		t.Errorf("Log(a bad gzip header) = %v, want an error that is not %v", err, ErrTruncated)
	}
}

// TestLimit reads at most a number of bytes, and says whether there was
// more.
func TestLimit(t *testing.T) {
	rec := recognizer(t)
	for _, file := range []string{"mixed.log", "mixed.log.gz"} {
		data := readFile(t, filepath.Join("testdata", file))
		plain := readFile(t, "testdata/mixed.log")
		// Up to the end of line 9, ECONNRESET's fourth.
		limit := int64(nthIndex(plain, '\n', 9) + 1)
		r, err := Log(rec, bytes.NewReader(data), limit)
		if err != nil {
			t.Fatal(err)
		}
		if in := r.Inputs[0]; r.Lines != 9 || r.Bytes != limit || !in.Limited || r.Errors[0].ID != "WSAECONNRESET" || r.Errors[0].Count != 4 {
			t.Errorf("Log(%s, limit %d): %d lines, %d bytes, input %+v, first row %+v; want 9 lines, %[2]d bytes, limited, WSAECONNRESET ×4", file, limit, r.Lines, r.Bytes, in, r.Errors[0])
		}
		for _, limit := range []int64{int64(len(plain)), int64(len(plain)) + 1, 0} {
			r, err := Log(rec, bytes.NewReader(data), limit)
			if err != nil || r.Lines != 32 || r.Inputs[0].Limited {
				t.Errorf("Log(%s, limit %d): %d lines, limited %v, %v; want 32, not limited", file, limit, r.Lines, r.Inputs[0].Limited, err)
			}
		}
	}
}

func nthIndex(b []byte, c byte, n int) int {
	i := -1
	for range n {
		i += 1 + bytes.IndexByte(b[i+1:], c)
	}
	return i
}

// TestEmpty scans logs with nothing in them.
func TestEmpty(t *testing.T) {
	for _, data := range []string{"", "\n", "\r\n", "x", "\x00\x00\x00", "\x1f"} {
		r, err := Log(recognizer(t), strings.NewReader(data), 0)
		wantLines := int64(strings.Count(data, "\n"))
		if !strings.HasSuffix(data, "\n") && data != "" {
			wantLines++
		}
		if err != nil || len(r.Errors) != 0 || r.Errors == nil || r.Lines != wantLines || r.Bytes != int64(len(data)) {
			t.Errorf("Log(%q) = %+v, %v; want no errors, %d lines, %d bytes", data, r, err, wantLines, len(data))
		}
	}
}

// TestJSON checks the report's JSON keys, as the package doc lists them.
func TestJSON(t *testing.T) {
	r, err := Log(recognizer(t), bytes.NewReader(readFile(t, "testdata/mixed.log")), 0)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	checkKeys(t, "report", m, "errors", "lines", "bytes", "error_lines", "long_lines", "inputs")
	row := m["errors"].([]any)[0].(map[string]any)
	checkKeys(t, "row", row, "id", "code", "title", "url", "count", "first", "last", "sample", "mark")
	checkKeys(t, "row.first", row["first"].(map[string]any), "line", "time")
	checkKeys(t, "input", m["inputs"].([]any)[0].(map[string]any), "name", "gzip", "lines", "bytes")
	if row["id"] != "WSAECONNRESET" || row["code"] != 10054.0 || row["url"] != "/errors/WSAECONNRESET" || row["count"] != 8.0 {
		t.Errorf("first row = %v", row)
	}
}

func checkKeys(t *testing.T, what string, m map[string]any, keys ...string) {
	t.Helper()
	var got []string
	for k := range m {
		got = append(got, k)
	}
	slices.Sort(got)
	slices.Sort(keys)
	if !slices.Equal(got, keys) {
		t.Errorf("%s keys = %q, want %q", what, got, keys)
	}
}
