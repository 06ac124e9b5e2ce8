package scan

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

// FuzzScan scans any bytes. It must never panic; every mention the
// recognizer reports must lie inside its line; and the report must agree
// with the plainest reading of the log: split at "\n", "\r" dropped,
// lines cut at MaxLineBytes.
func FuzzScan(f *testing.F) {
	// Short seeds: the fuzzer minimizes every input that finds new
	// code, and a long one takes it the best part of a minute.
	for _, name := range []string{"mixed.log", "windows.log"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		for _, line := range bytes.SplitAfter(b, []byte{'\n'}) {
			f.Add(line)
		}
	}
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write([]byte("2024-05-01T10:00:00Z Error: read ECONNRESET\n"))
	w.Close()
	f.Add(gz.Bytes())
	for _, s := range []string{"", "\n", "\r\n\r\n", "ECONNRESET\r", "x\nWSAECONNRESET", "\x1f\x8b", "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", "\xff\xfe\x00 10054 \x00", "error 6\nerror 8ms"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rec := recognizer(t)
		r, err := Log(rec, bytes.NewReader(data), 0)
		for _, row := range r.Errors {
			if row.Count < 1 || row.First.Line < 1 || row.First.Line > row.Last.Line || row.Last.Line > r.Lines {
				t.Fatalf("row %+v in a report of %d lines", row, r.Lines)
			}
			if !utf8.ValidString(row.Sample) || utf8.RuneCountInString(row.Sample) > maxSampleBytes+2 || row.Mark[0] < 0 || row.Mark[0] > row.Mark[1] || row.Mark[1] > len(row.Sample) {
				t.Fatalf("row %s: sample %q, mark %v", row.ID, row.Sample, row.Mark)
			}
		}
		if bytes.HasPrefix(data, gzipMagic) {
			return
		}
		if err != nil {
			t.Fatalf("Log(%q): %v", data, err)
		}

		var lines, errorLines int64
		counts := map[string]int64{}
		for rest := data; len(rest) > 0; {
			line, after, nl := bytes.Cut(rest, []byte{'\n'})
			rest = after
			lines++
			if nl && len(line)+1 > MaxLineBytes || !nl && len(line) >= MaxLineBytes {
				line = line[:MaxLineBytes]
			} else {
				line = bytes.TrimSuffix(line, []byte{'\r'})
			}
			seen := map[string]bool{}
			for _, m := range rec.RecognizeBytes(line) {
				if m.Start < 0 || m.Start >= m.End || m.End > len(line) {
					t.Fatalf("RecognizeBytes(%q): %s at [%d, %d), outside the line", line, m.Article.ID, m.Start, m.End)
				}
				if m.Sure && !seen[m.Article.ID] {
					seen[m.Article.ID] = true
					counts[m.Article.ID]++
				}
			}
			if len(seen) > 0 {
				errorLines++
			}
		}
		got := map[string]int64{}
		for _, row := range r.Errors {
			got[row.ID] = row.Count
		}
		if r.Lines != lines || r.ErrorLines != errorLines || r.Bytes != int64(len(data)) || len(got) != len(counts) {
			t.Fatalf("Log(%q): %d lines, %d with errors, %d bytes, rows %v; want %d, %d, %d, %v", data, r.Lines, r.ErrorLines, r.Bytes, got, lines, errorLines, len(data), counts)
		}
		for id, n := range counts {
			if got[id] != n {
				t.Fatalf("Log(%q): rows %v, want %v", data, got, counts)
			}
		}
	})
}
