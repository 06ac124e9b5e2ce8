package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// The scan package's fixtures; their counts are asserted there.
var scanTestdata = filepath.Join("..", "..", "scan", "testdata")

func fixture(name string) string { return filepath.Join(scanTestdata, name) }

func TestScan(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		code    int
		want    []string // in stdout
		wantErr []string // in stderr
	}{
		{[]string{"scan", fixture("mixed.log")}, 0, []string{
			"32 lines (2.9 kB); 21 with socket errors.",
			"       8  WSAECONNRESET    10054  3–27\n",
			"       4  WSAETIMEDOUT     10060  20–32\n",
			"WSAECONNRESET  10054 (0x2746)  ×8  Connection reset by peer\n",
			"  first  line 3   2024-05-01T10:00:02.250Z\n  last   line 27  2024-05-01 10:00:23,456\n",
			"  fix    1. Capture on both ends",
			"  link   http://localhost:8080/errors/WSAECONNRESET\n",
			// A sample whose mention is far along the line shows from near it.
			"  line   …ckets.SocketException (10054): An existing connection was forcibly cl…\n",
			"  line   …ERROR worker ConnectionRefusedError: [WinError 10061] No connection c…\n",
			"  line   Caused by: java.net.ConnectException: Connection timed out: connect\n",
		}, nil},
		{[]string{"scan", "--base-url", "https://kb.example", fixture("mixed.log.gz")}, 0, []string{"WSAECONNRESET", "https://kb.example/errors/WSAEADDRINUSE"}, nil},
		// Several logs: one report, places name their file.
		{[]string{"scan", fixture("windows.log"), fixture("mixed.log")}, 0, []string{
			"41 lines (4.0 kB) in 2 logs; 27 with socket errors.",
			"  first  " + fixture("windows.log") + ":3  2024-05-02 08:00:02.000\n",
			"  last   " + fixture("mixed.log") + ":22   2024-05-01T10:00:18Z\n",
		}, nil},
		{[]string{"scan", fixture("long.log")}, 0, []string{"2 lines longer than 64 KiB: only their start was examined."}, nil},
		// A truncated gzip: the report of what was read, then the error.
		{[]string{"scan", fixture("truncated.log.gz")}, 2, []string{"       3  WSAECONNREFUSED  10061  3–8\n"},
			[]string{"sockerr scan: " + fixture("truncated.log.gz") + ": after line ", ": the gzip stream ends early: the file is truncated"}},
		// A log that is not there, or not a file: said, and the others read.
		{[]string{"scan", "no-such.log", scanTestdata, fixture("windows.log")}, 2, []string{"9 lines (1.2 kB); 6 with socket errors."},
			[]string{"no-such.log: no such file or directory", scanTestdata + ": is a directory, not a log"}},
		{[]string{"scan", "no-such.log"}, 2, nil, []string{"no-such.log"}},
		{[]string{"scan", "--base-url", "ftp://x", fixture("mixed.log")}, 2, nil, []string{"base URL"}},
		{[]string{"scan", "--no-such-flag"}, 2, nil, []string{"no-such-flag"}},
	} {
		code, out, errOut := runCmd(t, tc.args...)
		if code != tc.code {
			t.Errorf("%q: exit %d, want %d (stderr %q)", tc.args, code, tc.code, errOut)
		}
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("%q: output does not contain %q:\n%s", tc.args, w, out)
			}
		}
		for _, w := range tc.wantErr {
			if !strings.Contains(errOut, w) {
				t.Errorf("%q: stderr does not contain %q: %q", tc.args, w, errOut)
			}
		}
		checkColumns(t, tc.args, out)
	}
}

// checkColumns checks that every line fits 80 columns of a terminal, and
// that nothing writes colour or the progress bar to a non-terminal.
func checkColumns(t *testing.T, args []string, out string) {
	t.Helper()
	for i, line := range strings.Split(out, "\n") {
		if n := columnsOf(line); n > width {
			t.Errorf("%q: line %d is %d columns, want at most %d: %q", args, i+1, n, width, line)
		}
	}
	if strings.ContainsAny(out, "\x1b\r") {
		t.Errorf("%q: control codes written to a non-terminal", args)
	}
}

// TestScanNone scans logs without socket errors: exit 1.
func TestScanNone(t *testing.T) {
	code, out, _ := runCmdIn(t, "all good\nreset the counters\nlistening on 0.0.0.0:10050\n", "scan")
	if code != 1 || !strings.Contains(out, "3 lines (55 B); 0 with socket errors.\nNo socket errors found.\n") {
		t.Errorf("scan of a log without socket errors: exit %d:\n%s", code, out)
	}
}

// TestScanStdin reads standard input: with "-" or no argument on a pipe,
// plain or gzip.
func TestScanStdin(t *testing.T) {
	for _, file := range []string{"windows.log", "mixed.log.gz"} {
		data, err := os.ReadFile(fixture(file))
		if err != nil {
			t.Fatal(err)
		}
		for _, args := range [][]string{{"scan"}, {"scan", "-"}, {"scan", "--json", "-"}} {
			code, out, errOut := runCmdIn(t, string(data), args...)
			if code != 0 || !strings.Contains(out, "WSAECONNREFUSED") || errOut != "" {
				t.Errorf("%q with %s on stdin: exit %d, stderr %q:\n%s", args, file, code, errOut, out)
			}
		}
	}
}

// TestScanJSON checks --json: the report as package scan documents it,
// with absolute links.
func TestScanJSON(t *testing.T) {
	t.Setenv("SOCKERR_BASE_URL", "https://kb.example.org/sockerr/")
	code, out, _ := runCmd(t, "scan", "--json", fixture("mixed.log.gz"), fixture("truncated.log.gz"))
	var r struct {
		Errors []struct {
			ID          string
			Count       int
			URL         string
			First, Last struct {
				File string
				Line int
				Time string
			}
		}
		Lines      int
		ErrorLines int `json:"error_lines"`
		Inputs     []struct {
			Name  string
			Gzip  bool
			Error string
		}
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("scan --json: exit %d, %v:\n%s", code, err, out)
	}
	if code != 2 || len(r.Errors) == 0 || r.Errors[0].ID != "WSAECONNRESET" || r.Errors[0].Count != 8+1 || r.Errors[0].URL != "https://kb.example.org/sockerr/errors/WSAECONNRESET" ||
		r.Errors[0].First.File != fixture("mixed.log.gz") || r.Errors[0].First.Line != 3 || r.Errors[0].Last.File != fixture("truncated.log.gz") || r.Errors[0].Last.Line != 4 {
		t.Errorf("scan --json: exit %d, first row %+v", code, r.Errors[0])
	}
	if len(r.Inputs) != 2 || !r.Inputs[0].Gzip || r.Inputs[0].Error != "" || !strings.Contains(r.Inputs[1].Error, "truncated") || r.ErrorLines != 21+6 {
		t.Errorf("scan --json: %d lines with errors, inputs %+v", r.ErrorLines, r.Inputs)
	}
}

func TestProgressLine(t *testing.T) {
	for _, tc := range []struct {
		n, total int64
		elapsed  time.Duration
		want     string
	}{
		{250e6, 1e9, 2 * time.Second, "scanning [#####---------------]  25%  250.0 MB of 1.0 GB  125.0 MB/s  6s left"},
		{1e9, 1e9, 4 * time.Second, "scanning [####################] 100%  1.0 GB of 1.0 GB  250.0 MB/s  0s left"},
		{40e6, -1, time.Second, "scanning  40.0 MB  40.0 MB/s"},
	} {
		if got := progressLine(tc.n, tc.total, tc.elapsed); got != tc.want || columnsOf(got) > width {
			t.Errorf("progressLine(%d, %d, %v) = %q, want %q", tc.n, tc.total, tc.elapsed, got, tc.want)
		}
	}
}

func TestFitColumns(t *testing.T) {
	for _, tc := range []struct {
		s    string
		n    int
		want string
	}{
		{"abc", 3, "abc"},
		{"abcd", 3, "ab…"},
		{"远程主机", 8, "远程主机"},
		{"远程主机", 7, "远程主…"},
		{"远程主机", 6, "远程…"},
		{"", 3, ""},
	} {
		if got := fitColumns(tc.s, tc.n); got != tc.want {
			t.Errorf("fitColumns(%q, %d) = %q, want %q", tc.s, tc.n, got, tc.want)
		}
	}
	for _, tc := range []struct {
		s     string
		start int
		n     int
		want  string
	}{
		{"short ECONNRESET", 6, 20, "short ECONNRESET"},
		{"a long line of many words before the error ECONNRESET and after", 43, 30, "…error ECONNRESET and after"},
		{"x ECONNRESET and a long tail after it that is cut", 2, 20, "x ECONNRESET and a …"},
	} {
		if got := around(tc.s, tc.start, tc.n); got != tc.want {
			t.Errorf("around(%q, %d, %d) = %q, want %q", tc.s, tc.start, tc.n, got, tc.want)
		}
	}
}

// TestShowProgress draws the progress line a few times a second, clears it
// when stopped, and draws nothing for a small input.
func TestShowProgress(t *testing.T) {
	var w strings.Builder
	var read atomic.Int64
	read.Store(50e6)
	stop := showProgress(&w, &read, 100e6)
	time.Sleep(3 * progressEvery)
	stop()
	stop() // a second stop does nothing
	out := w.String()
	if !strings.HasPrefix(out, "\rscanning [##########----------]  50%  50.0 MB of 100.0 MB") || !strings.HasSuffix(out, "\r\x1b[K") || strings.Count(out, "\rscanning") < 2 {
		t.Errorf("progress for 50 of 100 MB: %q", out)
	}

	w.Reset()
	stop = showProgress(&w, &read, progressMinBytes-1)
	time.Sleep(2 * progressEvery)
	stop()
	if w.Len() != 0 {
		t.Errorf("progress for an input under %d bytes: %q", progressMinBytes, w.String())
	}
}
