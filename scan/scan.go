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
	x      *search.Index
	rows   map[*content.Article]*Row
	totals Report // all but Errors
	seq    int64  // lines read, over all inputs

	src   *bufio.Reader // in front of the decompressor
	lines *bufio.Reader // the log's lines
	gz    *gzip.Reader
	seen  []*content.Article // the articles of the current line
}

// New returns a scanner that recognises socket errors with x.
func New(x *search.Index) *Scanner {
	return &Scanner{x: x, rows: map[*content.Article]*Row{}, totals: Report{Inputs: []Input{}}}
}

// Log scans one log, reading at most limit bytes of it (after
// decompression; no limit when limit ≤ 0). The report holds what was read
// even when the error is not nil.
func Log(x *search.Index, r io.Reader, limit int64) (*Report, error) {
	s := New(x)
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
		s.lines = bufio.NewReaderSize(nil, MaxLineBytes)
	} else {
		s.src.Reset(r)
	}
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
	s.lines.Reset(log)
	defer s.lines.Reset(nil) // let go of r

	for {
		line, err := s.lines.ReadSlice('\n')
		if len(line) == 0 && err != nil {
			return s.end(in, err, lim)
		}
		in.Lines++
		s.seq++
		in.Bytes += int64(len(line))
		if err == bufio.ErrBufferFull {
			// Longer than MaxLineBytes: its start is examined, the rest
			// only read.
			s.totals.LongLines++
			s.line(in, line)
			for err == bufio.ErrBufferFull {
				line, err = s.lines.ReadSlice('\n')
				in.Bytes += int64(len(line))
			}
		} else {
			line = bytes.TrimSuffix(line, []byte{'\n'})
			s.line(in, bytes.TrimSuffix(line, []byte{'\r'}))
		}
		if err != nil {
			return s.end(in, err, lim)
		}
	}
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

// line adds what one line mentions, for sure, to the report.
func (s *Scanner) line(in *Input, text []byte) {
	ms := s.x.RecognizeBytes(text)
	if len(ms) == 0 {
		return
	}
	s.seen = s.seen[:0]
	var at Place
	for _, m := range ms {
		if !m.Sure || slices.Contains(s.seen, m.Article) {
			continue
		}
		if len(s.seen) == 0 {
			at = Place{File: in.Name, Line: in.Lines, Time: timestamp(text)}
			s.totals.ErrorLines++
		}
		s.seen = append(s.seen, m.Article)
		row := s.rows[m.Article]
		if row == nil {
			a := m.Article
			row = &Row{Article: a, ID: a.ID, Code: a.Code, Title: a.Title, URL: a.URL(), First: at, seq: s.seq}
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
