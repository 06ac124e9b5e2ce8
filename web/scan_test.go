package web

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"
)

// scanLogFixture is a Windows service's log: four socket errors on six
// lines, two of them localized, and lines that name none.
func scanLogFixture(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("testdata/windows.log")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func gzipped(t *testing.T, s string) string {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(s))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// fileForm encodes a multipart form with a text field and a file,
// either of which may be empty.
func fileForm(t *testing.T, log, fileName, file string) (body, contentType string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	if err := w.WriteField("log", log); err != nil {
		t.Fatal(err)
	}
	fw, err := w.CreateFormFile("file", fileName)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write([]byte(file))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String(), w.FormDataContentType()
}

func post(t *testing.T, h http.Handler, target, contentType, body string) result {
	t.Helper()
	req := newRequest(target)
	req.Method = http.MethodPost
	req.Header.Set("Content-Type", contentType)
	req.Body = http.NoBody
	if body != "" {
		req.Body = readCloser{strings.NewReader(body)}
	}
	req.ContentLength = int64(len(body))
	return serve(h, req)
}

type readCloser struct{ *strings.Reader }

func (readCloser) Close() error { return nil }

// TestScanForm checks the form a browser without JavaScript can use: the
// log pasted into a field, or a file, posted as multipart to /scan.
func TestScanForm(t *testing.T) {
	s := newTestServer(t)
	r := get(t, s, "/scan")
	if r.status != http.StatusOK {
		t.Fatalf("GET /scan: status %d", r.status)
	}
	p := parsePage(t, "/scan", r.body)
	p.wantAttr("form.scan-form", "action", "/scan#report-title")
	p.wantAttr("form.scan-form", "method", "post")
	p.wantAttr("form.scan-form", "enctype", "multipart/form-data")
	p.wantAttr("form.scan-form", "data-scan", "5242880")
	p.wantAttr("textarea#log", "name", "log")
	p.wantAttr("label[for=log]", "for", "log")
	p.wantAttr("input#file[type=file]", "name", "file")
	p.wantCount(".report", 0)
	p.wantAttr(`.nav a[href="/scan"]`, "href", "/scan")
	if got := r.header.Get("Cache-Control"); got != pageCache {
		t.Errorf("GET /scan: Cache-Control %q, want %q", got, pageCache)
	}
}

// TestScanPage posts logs to /scan as the form does and reads the report.
func TestScanPage(t *testing.T) {
	s := newTestServer(t)
	log := scanLogFixture(t)
	pasted, pastedType := fileForm(t, log, "", "")
	attached, attachedType := fileForm(t, "", "service.log.gz", gzipped(t, log))
	for _, tc := range []struct {
		name, body, contentType string
	}{
		{"pasted", pasted, pastedType},
		{"a gzip file", attached, attachedType},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := post(t, s, "/scan", tc.contentType, tc.body)
			if r.status != http.StatusOK {
				t.Fatalf("status %d, body %.300s", r.status, r.body)
			}
			if got := r.header.Get("Cache-Control"); got != "no-store" {
				t.Errorf("Cache-Control %q, want no-store: a report is someone's log", got)
			}
			p := parsePage(t, "report", r.body)
			p.wantText("#report-title", "4 socket errors in 9 lines")
			p.wantAttr(`meta[name=robots]`, "content", "noindex")
			p.wantCount(".report-row", 4)
			// The most frequent first, linked, counted, with its sample
			// marked and its fix.
			first := p.all(".report-row")[0]
			row := &htmlPage{t: t, name: "the first row", doc: first}
			row.wantAttr("h3 a", "href", "/errors/WSAECONNREFUSED")
			row.wantText(".report-count", "3 lines, first line 3 (2024-05-02 08:00:02.000), last line 8 (2024-05-02 08:00:07.000)")
			if got := row.text(".report-sample mark"); !strings.HasPrefix(got, "No connection could be made") {
				t.Errorf("the first row's mark is %q, want the message that names the error", got)
			}
			if row.one(".report-fix ol") == nil {
				t.Errorf("the first row has no quick fix list")
			}
			// The form stays, for the next log.
			p.wantCount("form.scan-form", 1)
		})
	}
}

// TestScanPageAnswers covers what is not a report: a log with no socket
// error, an empty form, a form the page does not send, a body too large.
func TestScanPageAnswers(t *testing.T) {
	s := newTestServer(t)
	quiet, quietType := fileForm(t, "2024-05-02 08:00:00 [INF] Service started\nall good\n", "", "")
	empty, emptyType := fileForm(t, "", "", "")
	long, longType := fileForm(t, "", "big.log", strings.Repeat("connect: connection refused\n", maxScanBodyBytes/28+1))
	huge, hugeType := formBody(t, "comment", strings.Repeat("x", maxScanBodyBytes), "log", "10054")
	for _, tc := range []struct {
		name, body, contentType string
		status                  int
		want                    string // in the page's main text
	}{
		{"no socket error", quiet, quietType, 200, "No socket errors in 2 lines"},
		{"empty form", empty, emptyType, 400, "Paste a log into the box, or choose a file."},
		// A form without enctype.
		{"url-encoded form", "log=recv+failed%3A+WSAECONNRESET", "application/x-www-form-urlencoded", 200, "1 socket error in 1 line"},
		{"url-encoded, empty", "log=", "application/x-www-form-urlencoded", 400, "Paste a log into the box, or choose a file."},
		// A log over the limit is read to the limit, and the report says so.
		{"long log", long, longType, 200, "Only its first 5 MB were read."},
		// Anything else that large is refused.
		{"too large", huge, hugeType, 413, "run sockerr scan on it"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := post(t, s, "/scan", tc.contentType, tc.body)
			if r.status != tc.status {
				t.Fatalf("status %d, want %d; body %.300s", r.status, tc.status, r.body)
			}
			p := parsePage(t, tc.name, r.body)
			if got := p.text("main"); !strings.Contains(got, tc.want) {
				t.Errorf("the page says %.400q; want it to say %q", got, tc.want)
			}
		})
	}
}

// TestScanAPI posts logs to /api/v1/scan in each form it reads.
func TestScanAPI(t *testing.T) {
	s := newTestServer(t)
	log := scanLogFixture(t)
	form, formType := fileForm(t, "", "service.log", log)
	broken := gzipped(t, log)
	broken = broken[:len(broken)*2/3]
	for _, tc := range []struct {
		name, body, contentType string
		rows                    int
		input                   string // the input's name
		gzip                    bool
		err                     string // in the input's error
	}{
		{"text", log, "text/plain; charset=utf-8", 4, "request body", false, ""},
		{"no content type", log, "", 4, "request body", false, ""},
		{"curl --data-binary", log, "application/x-www-form-urlencoded", 4, "request body", false, ""},
		{"gzip", gzipped(t, log), "application/gzip", 4, "request body", true, ""},
		{"multipart file", form, formType, 4, "service.log", false, ""},
		{"broken gzip", broken, "application/octet-stream", -1, "request body", true, "gzip"},
		{"no socket error", "nothing to see\n", "text/plain", 0, "request body", false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := post(t, s, "/api/v1/scan", tc.contentType, tc.body)
			if r.status != http.StatusOK {
				t.Fatalf("status %d, body %.300s", r.status, r.body)
			}
			if got := r.header.Get("Cache-Control"); got != "no-store" {
				t.Errorf("Cache-Control %q, want no-store", got)
			}
			var rep struct {
				Errors []struct {
					ID, URL string
					Count   int
					Mark    [2]int
					Sample  string
				}
				Inputs []struct {
					Name  string
					Gzip  bool
					Error string
				}
			}
			if err := json.Unmarshal([]byte(r.body), &rep); err != nil {
				t.Fatalf("%v in %.300s", err, r.body)
			}
			if tc.rows >= 0 && len(rep.Errors) != tc.rows {
				t.Errorf("%d errors, want %d: %.400s", len(rep.Errors), tc.rows, r.body)
			}
			if len(rep.Inputs) != 1 {
				t.Fatalf("%d inputs, want 1", len(rep.Inputs))
			}
			in := rep.Inputs[0]
			if in.Name != tc.input || in.Gzip != tc.gzip || !strings.Contains(in.Error, tc.err) || (tc.err == "") != (in.Error == "") {
				t.Errorf("input %+v, want name %q, gzip %v, error with %q", in, tc.input, tc.gzip, tc.err)
			}
			for _, e := range rep.Errors {
				if !strings.HasPrefix(e.URL, testBase+"/") {
					t.Errorf("%s: url %q, want an absolute URL under %s", e.ID, e.URL, testBase)
				}
				if e.Mark[0] > e.Mark[1] || e.Mark[1] > len(e.Sample) {
					t.Errorf("%s: mark %v outside its sample of %d bytes", e.ID, e.Mark, len(e.Sample))
				}
			}
			if tc.rows > 0 && (rep.Errors[0].ID != "WSAECONNREFUSED" || rep.Errors[0].Count != 3) {
				t.Errorf("first row %s ×%d, want WSAECONNREFUSED ×3", rep.Errors[0].ID, rep.Errors[0].Count)
			}
		})
	}
}

// TestScanSlowUpload sends a log more slowly than the server allows a
// request: a scan's request has longer.
func TestScanSlowUpload(t *testing.T) {
	ts := httptest.NewUnstartedServer(newTestServer(t))
	ts.Config.ReadTimeout = 300 * time.Millisecond
	ts.Config.WriteTimeout = 300 * time.Millisecond
	ts.Start()
	defer ts.Close()

	pr, pw := io.Pipe()
	go func() {
		for i := range 8 {
			time.Sleep(100 * time.Millisecond)
			fmt.Fprintf(pw, "2024-05-02 08:00:0%d [ERR] recv failed: WSAECONNRESET\n", i)
		}
		pw.Close()
	}()
	resp, err := http.Post(ts.URL+"/api/v1/scan", "text/plain", pr)
	if err != nil {
		t.Fatalf("a log sent over 800 ms to a server that reads a request in 300: %v", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"count":8`) {
		t.Errorf("status %d, body %.300s; want 200 and the 8 lines counted", resp.StatusCode, body)
	}
}
