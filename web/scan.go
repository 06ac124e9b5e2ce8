package web

import (
	"bufio"
	"cmp"
	"errors"
	"html/template"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/sockerr/sockerr/scan"
)

// Scanning a log in the browser (/scan) and for tools (POST /api/v1/scan):
// the same report as `sockerr scan`, from package scan, which reads with
// the search's recognizer.

// maxScanBytes bounds what a scan reads of one log (after gzip, if the log
// is compressed): a log pasted or dropped into a page. The request's body
// may be a little larger, for its form encoding.
const (
	maxScanBytes     = 5 << 20
	maxScanBodyBytes = maxScanBytes + 64<<10
)

// A log may take longer to arrive than the server allows a request: a
// scan's request has scanUploadTime (5 MB in a minute is 700 kbit/s), and
// once the log is read, scanAnswerTime to write the answer.
const (
	scanUploadTime = 60 * time.Second
	scanAnswerTime = 10 * time.Second
)

type scanPage struct {
	basePage
	Report     *scan.Report // nil before a scan
	Rows       []scanRow
	LimitMB    int // maxScanBytes, for the page's words
	LimitBytes int // and for its script
}

// A scanRow is a row of the report as the page shows it.
type scanRow struct {
	scan.Row
	Path          string        // the article's page, under the base path
	Fix           template.HTML // its quick fix
	Before, Match string        // the sample, around the mention
	After         string
}

// scanLog serves POST /scan: a form with the log pasted into a text field
// ("log", which works without JavaScript) or attached as a file ("file").
func (s *Server) scanLog(w http.ResponseWriter, r *http.Request) error {
	rep, err := s.scanUpload(w, r)
	if err != nil {
		return err
	}
	return s.renderScan(w, r, rep)
}

// apiScan serves POST /api/v1/scan: the log as the body (text, or gzip),
// or as the "file" or "log" field of a multipart form. It answers the
// report as JSON, with absolute URLs.
func (s *Server) apiScan(w http.ResponseWriter, r *http.Request) error {
	rep, err := s.scanUpload(w, r)
	if err != nil {
		return err
	}
	for i := range rep.Errors {
		rep.Errors[i].URL = s.absURL(rep.Errors[i].URL)
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, r, http.StatusOK, rep)
	return nil
}

// scanUpload scans the log a request carries. A log that breaks off (a
// damaged gzip stream, a client gone) is reported up to where it broke,
// with why in its input's Error; a body over the limit is an error.
func (s *Server) scanUpload(w http.ResponseWriter, r *http.Request) (*scan.Report, error) {
	// Not supported by every ResponseWriter (httptest's), and then there
	// is no server deadline to lift either.
	rc := http.NewResponseController(w)
	rc.SetReadDeadline(time.Now().Add(scanUploadTime))
	defer rc.SetWriteDeadline(time.Now().Add(scanAnswerTime))

	log, name, err := uploadedLog(r)
	if err != nil {
		return nil, err
	}
	sc := scan.New(s.site.Load().index.Recognizer())
	if err := sc.Scan(name, log, maxScanBytes); tooLarge(err) {
		return nil, tooLargeError()
	}
	return sc.Report(), nil
}

const urlencodedLog = "log="

var errNoLog = badRequest("Paste a log into the box, or choose a file.")

// uploadedLog returns the log a request carries, and its name: the body,
// or the first non-empty "file" or "log" part of a multipart form, read
// as it arrives (nothing is buffered but the form's small fields).
//
// A URL-encoded body is the body too, as curl --data-binary @app.log
// sends it, unless it starts with "log=": then it is a form without
// enctype, and its log field is the log.
func uploadedLog(r *http.Request) (io.Reader, string, error) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "multipart/form-data":
	case "application/x-www-form-urlencoded":
		body := bufio.NewReader(r.Body)
		if start, _ := body.Peek(len(urlencodedLog)); string(start) != urlencodedLog {
			return body, "request body", nil
		}
		b, err := io.ReadAll(body)
		if tooLarge(err) {
			return nil, "", tooLargeError()
		}
		form, err2 := url.ParseQuery(string(b))
		if err = cmp.Or(err, err2); err != nil {
			return nil, "", badRequest("The form could not be read: %v", err)
		}
		if form.Get("log") == "" {
			return nil, "", errNoLog
		}
		return strings.NewReader(form.Get("log")), "pasted log", nil
	default:
		return r.Body, "request body", nil
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, "", badRequest("The form could not be read: %v", err)
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return nil, "", errNoLog
		}
		if tooLarge(err) {
			return nil, "", tooLargeError()
		}
		if err != nil {
			return nil, "", badRequest("The form could not be read: %v", err)
		}
		if field := part.FormName(); field == "file" || field == "log" {
			if first, ok := nonEmpty(part); ok {
				name := part.FileName()
				if name == "" {
					name = "pasted log"
				}
				return first, name, nil
			}
		}
	}
}

// nonEmpty returns a part's content when it has any.
func nonEmpty(part *multipart.Part) (io.Reader, bool) {
	var b [1]byte
	n, _ := io.ReadFull(part, b[:])
	if n == 0 {
		return nil, false
	}
	return io.MultiReader(strings.NewReader(string(b[:n])), part), true
}

func tooLarge(err error) bool {
	var mbe *http.MaxBytesError
	return errors.As(err, &mbe)
}

func tooLargeError() error {
	return &httpError{status: http.StatusRequestEntityTooLarge, msg: "The log is too large: send at most " + strconv.Itoa(maxScanBytes>>20) + " MB, or run sockerr scan on it."}
}

// scanPage returns the page for a report, or the form alone for nil.
func (s *Server) scanPage(rep *scan.Report) *scanPage {
	data := &scanPage{
		basePage:   s.pageBase("/scan", "Scan a log for socket errors · sockerr", "Paste or drop a log: every socket error in it, counted, explained and linked."),
		Report:     rep,
		LimitMB:    maxScanBytes >> 20,
		LimitBytes: maxScanBytes,
	}
	if rep == nil {
		return data
	}
	data.NoIndex = true
	for _, row := range rep.Errors {
		sr := scanRow{Row: row, Path: s.path(row.URL), Fix: template.HTML(s.linksUnderBase(row.Article.FixHTML))}
		if m := row.Mark; m[0] <= m[1] && m[1] <= len(row.Sample) {
			sr.Before, sr.Match, sr.After = row.Sample[:m[0]], row.Sample[m[0]:m[1]], row.Sample[m[1]:]
		} else {
			sr.Before = row.Sample
		}
		data.Rows = append(data.Rows, sr)
	}
	return data
}

// renderScan answers a report as a page, which no cache keeps.
func (s *Server) renderScan(w http.ResponseWriter, r *http.Request, rep *scan.Report) error {
	b, err := s.render("scan", s.scanPage(rep))
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(b)
	}
	return nil
}

// count writes n with the noun that agrees with it: "1 line", "9 lines".
// n is an int or an int64.
func count(n any, one, many string) string {
	var k int64
	switch n := n.(type) {
	case int:
		k = int64(n)
	case int64:
		k = n
	}
	if k == 1 {
		return "1 " + one
	}
	return strconv.FormatInt(k, 10) + " " + many
}
