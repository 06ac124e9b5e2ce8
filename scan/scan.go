package scan

import (
	"bufio"
	"bytes"
	"cmp"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/sockerr/sockerr/content"
	"github.com/sockerr/sockerr/search"
)

// MaxLineBytes is how much of a line is examined: its first 64 KiB. A
// longer line is a dump (a base64 blob, a minified payload), not a
// message a runtime printed; reading it whole would make memory depend on
// the input.
const MaxLineBytes = 64 << 10

// peekBytes is the buffer in front of the decompressor, from which the
// magic bytes are read.
const peekBytes = 32 << 10

// gzipMagic starts every gzip stream (RFC 1952).
var gzipMagic = []byte{0x1f, 0x8b}

// ErrTruncated is the error for a gzip stream that ends before its end.
var ErrTruncated = errors.New("the gzip stream ends early: the file is truncated")

// A Report is what a scan found. See the package doc for its JSON.
type Report struct {
	Errors     []Row   `json:"errors"` // most frequent first
	Lines      int64   `json:"lines"`
	Bytes      int64   `json:"bytes"`
	ErrorLines int64   `json:"error_lines"`
	LongLines  int64   `json:"long_lines"`
	Inputs     []Input `json:"inputs"`
}

// A Row is one article found in the log.
type Row struct {
	Article *content.Article `json:"-"`
	ID      string           `json:"id"`
	Code    int              `json:"code,omitempty"`
	Title   string           `json:"title"`
	URL     string           `json:"url"` // the page's path; prefix the site's address

	Count int64 `json:"count"` // lines that mention it
	First Place `json:"first"`
	Last  Place `json:"last"`

	// Sample is the first line that mentions it, printable: invalid
	// UTF-8 shows as U+FFFD, control characters as spaces, and a line
	// longer than maxSampleBytes is cut around the mention, "…" marking
	// each cut.
	Sample string `json:"sample"`
	// Mark is where the mention is in Sample: byte offsets [start, end).
	Mark [2]int `json:"mark"`

	seq int64 // the first line's number over all inputs, to order equal counts
}

// A Place is a line of a log.
type Place struct {
	File string `json:"file,omitempty"` // the input's name; "" when it has none
	Line int64  `json:"line"`
	Time string `json:"time,omitempty"` // the timestamp the line starts with, as written
}

// An Input is one log read.
type Input struct {
	Name    string `json:"name"`
	Gzip    bool   `json:"gzip"`
	Lines   int64  `json:"lines"`
	Bytes   int64  `json:"bytes"` // of log, after decompression
	Limited bool   `json:"limited,omitempty"`
	Error   string `json:"error,omitempty"`
}

// A Scanner reads logs and adds up the socket errors in them. Its buffers
// are reused from one log to the next. It is not safe for concurrent use.
type Scanner struct {
	r      *search.Recognizer
	rows   map[*content.Article]*Row
	totals Report // all but Errors; Lines counts the inputs read before

	src  *bufio.Reader // in front of the decompressor
	gz   *gzip.Reader
	buf  []byte             // the log's lines
	seen []*content.Article // the articles of the current line
}

// New returns a scanner that recognises socket errors with r: an index's
// ([search.Index.Recognizer]), or one of its own ([search.NewRecognizer]).
func New(r *search.Recognizer) *Scanner {
	return &Scanner{r: r, rows: map[*content.Article]*Row{}, totals: Report{Inputs: []Input{}}}
}

// Log scans one log, reading at most limit bytes of it (after
// decompression; no limit when limit ≤ 0). The report holds what was read
// even when the error is not nil.
func Log(rec *search.Recognizer, r io.Reader, limit int64) (*Report, error) {
	s := New(rec)
	err := s.Scan("", r, limit)
	return s.Report(), err
}

// Scan reads one log from r, named name in the report's places (a file
// name, or "" for none), and adds what it finds to the report. It reads
// at most limit bytes of log, counted after decompression; no limit when
// limit ≤ 0. When reading fails, it returns the error, naming the log and
// the last line read, and the report keeps every line read before.
func (s *Scanner) Scan(name string, r io.Reader, limit int64) error {
	s.totals.Inputs = append(s.totals.Inputs, Input{Name: name})
	in := &s.totals.Inputs[len(s.totals.Inputs)-1]
	err := s.scan(in, r, limit)
	s.totals.Lines += in.Lines
	s.totals.Bytes += in.Bytes
	if err != nil {
		if name != "" {
			err = fmt.Errorf("%s: %w", name, err)
		}
		in.Error = err.Error()
	}
	return err
}

func (s *Scanner) scan(in *Input, r io.Reader, limit int64) error {
	if s.src == nil {
		s.src = bufio.NewReaderSize(r, peekBytes)
		s.buf = make([]byte, MaxLineBytes)
	} else {
		s.src.Reset(r)
	}
	defer s.src.Reset(nil) // let go of r
	var log io.Reader = s.src
	magic, err := s.src.Peek(len(gzipMagic))
	if err != nil && err != io.EOF {
		return err
	}
	if bytes.Equal(magic, gzipMagic) {
		in.Gzip = true
		if s.gz == nil {
			s.gz, err = gzip.NewReader(s.src)
		} else {
			err = s.gz.Reset(s.src)
		}
		if err != nil {
			return gzipError(err)
		}
		log = s.gz
	}
	var lim *limitedReader
	if limit > 0 {
		lim = &limitedReader{r: log, n: limit}
		log = lim
	}

	// The buffer holds MaxLineBytes: what ends at a line feed in it is
	// whole lines, none longer than that; a full buffer without one is
	// the start of a longer line.
	buf, n := s.buf, 0
	err = nil
	for {
		for n < len(buf) && err == nil {
			var k int
			k, err = log.Read(buf[n:])
			n += k
		}
		lines := buf[:bytes.LastIndexByte(buf[:n], '\n')+1]
		switch {
		case err != nil:
			lines = buf[:n] // and the last line, which has no line feed
		case len(lines) == 0:
			// Longer than MaxLineBytes: its start is examined, the rest
			// only read.
			s.totals.LongLines++
			s.lines(in, buf)
			n, err = skipLine(log, buf, in)
			continue // with what follows the line
		}
		s.lines(in, lines)
		n = copy(buf, buf[len(lines):n])
		if err != nil {
			return s.end(in, err, lim)
		}
	}
}

// skipLine reads the rest of a long line from log, counting its bytes, and
// returns how much of what follows it is left at the start of buf.
func skipLine(log io.Reader, buf []byte, in *Input) (int, error) {
	for {
		k, err := log.Read(buf)
		if i := bytes.IndexByte(buf[:k], '\n'); i >= 0 {
			in.Bytes += int64(i + 1)
			return copy(buf, buf[i+1:k]), err
		}
		in.Bytes += int64(k)
		if err != nil {
			return 0, err
		}
	}
}

// lines adds what the lines of text mention, for sure, to the report.
// text holds whole lines, the last one with or without its line feed.
func (s *Scanner) lines(in *Input, text []byte) {
	if len(text) == 0 {
		return
	}
	first := in.Lines + 1 // the number of text's first line
	counted, pos := int64(0), 0
	s.r.RecognizeLines(text, func(start int, line []byte, ms []search.Mention) {
		counted += int64(bytes.Count(text[pos:start], []byte{'\n'}))
		pos = start
		s.line(in, first+counted, line, ms)
	})
	in.Lines += int64(bytes.Count(text, []byte{'\n'}))
	if text[len(text)-1] != '\n' {
		in.Lines++
	}
	in.Bytes += int64(len(text))
}

// end returns what the error that stopped reading means for the caller:
// nil at the end of the log.
func (s *Scanner) end(in *Input, err error, lim *limitedReader) error {
	if lim != nil {
		in.Limited = lim.more
	}
	if err == io.EOF {
		return nil
	}
	if in.Gzip {
		err = gzipError(err)
	}
	return fmt.Errorf("after line %d: %w", in.Lines, err)
}

// gzipError says what a gzip reader's error means.
func gzipError(err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return ErrTruncated
	}
	return err
}

// line adds what one line, number n of its input, mentions for sure to
// the report.
func (s *Scanner) line(in *Input, n int64, text []byte, ms []search.Mention) {
	s.seen = s.seen[:0]
	var at Place
	for _, m := range ms {
		if !m.Sure || slices.Contains(s.seen, m.Article) {
			continue
		}
		if len(s.seen) == 0 {
			at = Place{File: in.Name, Line: n, Time: timestamp(text)}
			s.totals.ErrorLines++
		}
		s.seen = append(s.seen, m.Article)
		row := s.rows[m.Article]
		if row == nil {
			a := m.Article
			row = &Row{Article: a, ID: a.ID, Code: a.Code, Title: a.Title, URL: a.URL(), First: at, seq: s.totals.Lines + n}
			row.Sample, row.Mark = sample(text, m.Start, m.End)
			s.rows[a] = row
		}
		row.Count++
		row.Last = at
	}
}

// Report returns what the scanner has found so far: totals, inputs, and
// the rows, most frequent first (of equal counts, the one seen first).
func (s *Scanner) Report() *Report {
	r := s.totals
	r.Inputs = slices.Clone(s.totals.Inputs)
	r.Errors = make([]Row, 0, len(s.rows))
	for _, row := range s.rows {
		r.Errors = append(r.Errors, *row)
	}
	slices.SortFunc(r.Errors, func(a, b Row) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.seq, b.seq))
	})
	return &r
}

// A limitedReader reads at most n bytes, and then whether there was more.
type limitedReader struct {
	r    io.Reader
	n    int64
	more bool
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		var b [1]byte
		k, _ := io.ReadFull(l.r, b[:])
		l.more = l.more || k > 0
		return 0, io.EOF
	}
	p = p[:min(int64(len(p)), l.n)]
	k, err := l.r.Read(p)
	l.n -= int64(k)
	return k, err
}
