package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sockerr/sockerr/content"
	"github.com/sockerr/sockerr/scan"
	"github.com/sockerr/sockerr/search"
	"github.com/sockerr/sockerr/web"
)

func scanFlags(fs *flag.FlagSet) reportOptions {
	return reportFlags(fs, "print the report as JSON (its keys: go doc ./scan), with absolute links")
}

// stdinName is standard input's name in the report.
const stdinName = "stdin"

// scanLogs reads logs (the files named, "-" for standard input, or
// standard input alone when there are no arguments and it is not a
// terminal), plain or gzip, and prints every socket error in them, counted,
// with its first and last line, the fix in brief, its link and a sample
// line; several logs make one report. It exits 0 when it found socket
// errors, 1 when it found none, and 2 on a usage error or when a log could
// not be read to its end, after printing what was read.
func scanLogs(_ context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	flags := newFlagSet("scan", stderr)
	o := scanFlags(flags)
	names, code, ok := parseFlags(flags, args)
	if !ok {
		return code
	}
	if len(names) == 0 {
		if isTerminal(stdin) {
			flags.Usage()
			return 2
		}
		names = []string{"-"}
	}
	if _, err := web.LookupJSON(*o.baseURL, &search.Result{}); err != nil {
		fmt.Fprintf(stderr, "sockerr scan: %v\n", err)
		return 2
	}
	baseURL := strings.TrimSuffix(*o.baseURL, "/")

	// Open every log first: a name that cannot be read is said at once,
	// and the progress bar knows the total.
	var inputs []logFile
	var total int64
	exit := 0
	for _, name := range names {
		in, err := openLog(name, stdin)
		if err != nil {
			fmt.Fprintf(stderr, "sockerr scan: %v\n", err)
			exit = 2
			continue
		}
		if c, ok := in.r.(io.Closer); ok && in.r != stdin {
			defer c.Close()
		}
		inputs = append(inputs, in)
		if total >= 0 && in.size >= 0 {
			total += in.size
		} else {
			total = -1
		}
	}
	if len(inputs) == 0 {
		return 2
	}

	c, err := content.Load(content.FS)
	if err != nil {
		fmt.Fprintf(stderr, "sockerr scan: the built-in content failed to load:\n%v\n", err)
		return 2
	}

	var read atomic.Int64
	stop := func() {}
	if isTerminal(stderr) {
		stop = showProgress(stderr, &read, total)
	}
	s := scan.New(search.NewRecognizer(c))
	var readErrs []error
	for _, in := range inputs {
		if err := s.Scan(in.name, countingReader{in.r, &read}, 0); err != nil {
			readErrs = append(readErrs, err)
		}
	}
	stop()
	r := s.Report()
	// What could not be read is said after the report, where it is seen.
	defer func() {
		for _, err := range readErrs {
			fmt.Fprintf(stderr, "sockerr scan: %v\n", err)
		}
	}()
	if len(readErrs) > 0 {
		exit = 2
	}

	if *o.json {
		for i := range r.Errors {
			r.Errors[i].URL = baseURL + r.Errors[i].URL
		}
		b, err := json.MarshalIndent(r, "", "  ")
		if err != nil {
			fmt.Fprintf(stderr, "sockerr scan: %v\n", err)
			return 2
		}
		stdout.Write(append(b, '\n'))
	} else {
		printReport(stdout, r, baseURL)
	}
	switch {
	case exit != 0:
		return exit
	case len(r.Errors) == 0:
		return 1
	}
	return 0
}

// A logFile is a log to read, and its size when known (-1 otherwise).
type logFile struct {
	name string
	r    io.Reader
	size int64
}

// openLog opens a log named on the command line: a file, or "-" for
// standard input.
func openLog(name string, stdin io.Reader) (logFile, error) {
	if name == "-" {
		size := int64(-1)
		if f, ok := stdin.(*os.File); ok {
			if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
				size = st.Size()
			}
		}
		return logFile{stdinName, stdin, size}, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return logFile{}, err
	}
	st, err := f.Stat()
	switch {
	case err != nil:
		f.Close()
		return logFile{}, err
	case st.IsDir():
		f.Close()
		return logFile{}, fmt.Errorf("%s: is a directory, not a log", name)
	}
	size := int64(-1)
	if st.Mode().IsRegular() {
		size = st.Size()
	}
	return logFile{name, f, size}, nil
}

// countingReader adds what it reads to n, for the progress bar.
type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c countingReader) Read(p []byte) (int, error) {
	k, err := c.r.Read(p)
	c.n.Add(int64(k))
	return k, err
}

// The progress bar shows for inputs of at least progressMinBytes (or, of
// unknown size, once that much is read), redrawn every progressEvery.
const (
	progressMinBytes = 8 << 20
	progressEvery    = 250 * time.Millisecond
)

// showProgress draws a progress line on w (a terminal) while read grows
// towards total (-1: unknown): bytes read, rate, and time left. It
// returns a function that stops it and clears the line.
func showProgress(w io.Writer, read *atomic.Int64, total int64) (stop func()) {
	if total >= 0 && total < progressMinBytes {
		return func() {}
	}
	start := time.Now()
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(progressEvery)
		defer t.Stop()
		drawn := false
		for {
			select {
			case <-done:
				if drawn {
					fmt.Fprint(w, "\r\x1b[K")
				}
				return
			case <-t.C:
			}
			n := read.Load()
			if total < 0 && n < progressMinBytes {
				continue
			}
			fmt.Fprint(w, "\r"+progressLine(n, total, time.Since(start))+"\x1b[K")
			drawn = true
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			close(done)
			wg.Wait()
		})
	}
}

// progressLine is what the progress bar says after reading n of total
// bytes (-1: unknown) in elapsed.
func progressLine(n, total int64, elapsed time.Duration) string {
	rate := float64(n) / max(elapsed.Seconds(), 1e-3)
	if total <= 0 {
		return fmt.Sprintf("scanning  %s  %s/s", size(n), size(int64(rate)))
	}
	const barWidth = 20
	frac := min(float64(n)/float64(total), 1)
	full := int(frac * barWidth)
	left := "?"
	if rate > 0 {
		left = time.Duration(float64(total-n) / rate * float64(time.Second)).Round(time.Second).String()
	}
	return fmt.Sprintf("scanning [%s%s] %3.0f%%  %s of %s  %s/s  %s left",
		strings.Repeat("#", full), strings.Repeat("-", barWidth-full), 100*frac, size(n), size(total), size(int64(rate)), left)
}

// size is a byte count for people: 812 B, 3.9 KB, 1.2 GB.
func size(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	v, prefix := float64(n), 0
	for v >= unit && prefix < 4 {
		v /= unit
		prefix++
	}
	return fmt.Sprintf("%.1f %cB", v, "kMGT"[prefix-1])
}

// printReport writes the report for a terminal, in width columns: a
// summary line, a table of the errors, then each error: its first and
// last place, the fix in brief, the link and a sample line.
func printReport(w io.Writer, r *scan.Report, baseURL string) {
	files := ""
	if len(r.Inputs) > 1 {
		files = fmt.Sprintf(" in %d logs", len(r.Inputs))
	}
	fmt.Fprintf(w, "%d lines (%s)%s; %d with socket errors.\n", r.Lines, size(r.Bytes), files, r.ErrorLines)
	if r.LongLines > 0 {
		fmt.Fprintf(w, "%d lines longer than %d KiB: only their start was examined.\n", r.LongLines, scan.MaxLineBytes>>10)
	}
	if len(r.Errors) == 0 {
		fmt.Fprintln(w, "No socket errors found.")
		return
	}
	many := len(r.Inputs) > 1
	place := func(p scan.Place) string {
		if many {
			return fmt.Sprintf("%s:%d", p.File, p.Line)
		}
		return fmt.Sprintf("line %d", p.Line)
	}
	nameWidth := len("ERROR")
	for _, row := range r.Errors {
		nameWidth = max(nameWidth, len(rowName(row)))
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "%8s  %-*s  %5s  %s\n", "COUNT", nameWidth, "ERROR", "CODE", "LINES")
	for _, row := range r.Errors {
		code := ""
		if row.Code != 0 {
			code = fmt.Sprint(row.Code)
		}
		lines := fmt.Sprint(row.First.Line)
		if many {
			lines = place(row.First)
		}
		if row.Count > 1 {
			lines += "–" + strings.TrimPrefix(place(row.Last), "line ")
		}
		fmt.Fprintln(w, fitColumns(fmt.Sprintf("%8d  %-*s  %5s  %s", row.Count, nameWidth, rowName(row), code, lines), width))
	}
	const indent = "         " // under the values of the fields below
	for _, row := range r.Errors {
		fmt.Fprintln(w)
		head := rowName(row)
		if row.Article.Winsock() {
			head += fmt.Sprintf("  %d (%s)", row.Code, row.Article.Hex())
		}
		fmt.Fprintln(w, fitColumns(fmt.Sprintf("%s  ×%d  %s", head, row.Count, row.Title), width))
		field := func(label, value string) {
			fmt.Fprintln(w, fitColumns(fmt.Sprintf("  %-5s  %s", label, value), width))
		}
		first, last := place(row.First), place(row.Last)
		pw := max(len(first), len(last))
		field("first", strings.TrimSpace(fmt.Sprintf("%-*s  %s", pw, first, row.First.Time)))
		if row.Count > 1 {
			field("last", strings.TrimSpace(fmt.Sprintf("%-*s  %s", pw, last, row.Last.Time)))
		}
		for i, step := range row.Article.FixText {
			label := ""
			if i == 0 {
				label = "fix"
			}
			field(label, fmt.Sprintf("%d. %s", i+1, step))
		}
		field("link", baseURL+row.URL)
		field("line", around(row.Sample, row.Mark[0], width-len(indent)))
	}
}

// around returns s cut to n columns so that the part from byte start on
// shows: when what comes before it is long, the start of s gives way to
// "…", at a space when there is one not far before.
func around(s string, start, n int) string {
	before := columnsOf(s[:start])
	if columnsOf(s) <= n || before < n/3 {
		return fitColumns(s, n)
	}
	// Keep a sixth to a third of the width for what leads up to the
	// mention.
	cut, cols := 0, 0
	for i, r := range s[:start] {
		if before-cols <= n/3 && (r == ' ' || cut == 0) {
			cut = i
		}
		if before-cols <= n/6 {
			break
		}
		cols += columns(r)
	}
	return fitColumns("…"+strings.TrimLeft(s[cut:], " "), n)
}

// rowName is how a row's article is named: its id, or "KB 196271".
func rowName(row scan.Row) string {
	if row.Article != nil && row.Article.Kind == content.KindKB {
		return "KB " + row.ID
	}
	return row.ID
}

// fitColumns cuts s to at most n columns of a terminal, "…" marking the
// cut: East Asian wide characters take two.
func fitColumns(s string, n int) string {
	if columnsOf(s) <= n {
		return s
	}
	cols := 0
	for i, r := range s {
		if cols += columns(r); cols > n-1 {
			return s[:i] + "…"
		}
	}
	return s
}

func columnsOf(s string) int {
	n := 0
	for _, r := range s {
		n += columns(r)
	}
	return n
}

// columns is how many columns a terminal gives a character: two for the
// East Asian wide and full-width ranges (CJK, Hangul, full-width forms),
// one for the rest.
func columns(r rune) int {
	switch {
	case 0x1100 <= r && r <= 0x115F, 0x2E80 <= r && r <= 0xA4CF && r != 0x303F, 0xAC00 <= r && r <= 0xD7A3,
		0xF900 <= r && r <= 0xFAFF, 0xFE30 <= r && r <= 0xFE4F, 0xFF00 <= r && r <= 0xFF60,
		0xFFE0 <= r && r <= 0xFFE6, 0x20000 <= r && r <= 0x3FFFD:
		return 2
	}
	return 1
}
