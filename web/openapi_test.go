package web

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/go-chi/chi/v5"
	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
	valerrors "github.com/pb33f/libopenapi-validator/errors"

	"github.com/sockerr/sockerr/content"
	"github.com/sockerr/sockerr/search"
)

// Issue 13: the API is described as OpenAPI 3.1 at /api/v1/openapi.json,
// and every answer of every endpoint it describes is checked against it
// by a validator (libopenapi-validator), not by hand.

// openAPIDoc is the document the test server serves, parsed.
type openAPIDoc struct {
	raw  []byte
	tree map[string]any // the JSON, for the tests that read it
	v    validator.Validator
}

// loadOpenAPI fetches /api/v1/openapi.json from the server, checks it
// against the OpenAPI 3.1 schema and builds a validator from it.
func loadOpenAPI(t *testing.T, s *Server) *openAPIDoc {
	t.Helper()
	r := get(t, s, s.path("/api/v1/openapi.json"))
	if r.status != http.StatusOK {
		t.Fatalf("GET /api/v1/openapi.json: status %d, want 200", r.status)
	}
	doc := &openAPIDoc{raw: []byte(r.body)}
	if err := json.Unmarshal(doc.raw, &doc.tree); err != nil {
		t.Fatalf("GET /api/v1/openapi.json: %v", err)
	}
	d, err := libopenapi.NewDocument(doc.raw)
	if err != nil {
		t.Fatalf("parsing /api/v1/openapi.json: %v", err)
	}
	v, errs := validator.NewValidator(d, config.WithFormatAssertions(), config.WithURLEncodedBodyValidation())
	if len(errs) > 0 {
		t.Fatalf("building a validator from /api/v1/openapi.json: %v", errs)
	}
	if ok, verrs := v.ValidateDocument(); !ok {
		t.Fatalf("/api/v1/openapi.json is not a valid OpenAPI document:\n%s", describe(verrs))
	}
	doc.v = v
	return doc
}

// describe lists validation errors one to a line, with where they are.
func describe(errs []*valerrors.ValidationError) string {
	var b strings.Builder
	for _, e := range errs {
		fmt.Fprintf(&b, "\t%s: %s", e.Message, e.Reason)
		for _, f := range e.SchemaValidationErrors {
			fmt.Fprintf(&b, "\n\t\tat %s (%s): %s", f.FieldPath, f.KeywordLocation, f.Reason)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// at returns the value at a path of keys in a JSON tree, or nil.
func at(tree any, keys ...string) any {
	for _, k := range keys {
		m, ok := tree.(map[string]any)
		if !ok {
			return nil
		}
		tree = m[k]
	}
	return tree
}

// operations are the documented operations ("GET /api/v1/errors/{id}"),
// each with its documented statuses.
func (d *openAPIDoc) operations() map[string][]string {
	ops := map[string][]string{}
	for path, item := range at(d.tree, "paths").(map[string]any) {
		for method, op := range item.(map[string]any) {
			responses, ok := at(op, "responses").(map[string]any)
			if !ok {
				continue
			}
			ops[strings.ToUpper(method)+" "+path] = slices.Sorted(maps.Keys(responses))
		}
	}
	return ops
}

// An apiCase is one request to the real handler, and the documented
// operation and status it should get.
type apiCase struct {
	op     string // the documented operation: "GET /api/v1/errors/{id}"
	target string
	status int

	header      []string // name, value, …
	body        string
	revalidate  bool // send the ETag of a first answer back in If-None-Match
	server      *Server
	serverLabel string // for messages: which server, when not the shared one
}

func (c apiCase) method() string { m, _, _ := strings.Cut(c.op, " "); return m }

func (c apiCase) String() string {
	s := c.method() + " " + truncate(c.target, 80)
	for i := 0; i+1 < len(c.header); i += 2 {
		s += fmt.Sprintf(" [%s: %s]", c.header[i], truncate(c.header[i+1], 40))
	}
	if c.body != "" {
		s += fmt.Sprintf(" body %q", truncate(c.body, 40))
	}
	if c.revalidate {
		s += " [If-None-Match: its ETag]"
	}
	if c.serverLabel != "" {
		s += " on " + c.serverLabel
	}
	return s
}

// request makes the case's request, afresh each time: the handler reads
// its body, and the validator reads it again.
func (c apiCase) request(etag string) *http.Request {
	req := newRequest(c.target)
	req.Method = c.method()
	if c.body != "" {
		req.Body = io.NopCloser(strings.NewReader(c.body))
		req.ContentLength = int64(len(c.body))
	}
	for i := 0; i+1 < len(c.header); i += 2 {
		req.Header.Set(c.header[i], c.header[i+1])
	}
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	return req
}

// newUnloadedServer returns a server whose content has not loaded: it
// answers 503.
func newUnloadedServer(t *testing.T) *Server {
	t.Helper()
	s, err := New(Config{BaseURL: testBase, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatalf("building a server: %v", err)
	}
	return s
}

// newLimitedServer returns a server that allows one search a minute, with
// that search made: it answers the next with 429.
func newLimitedServer(t *testing.T) *Server {
	t.Helper()
	s, err := New(Config{BaseURL: testBase, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), SearchPerMinute: 1, SearchBurst: 1})
	if err == nil {
		err = s.Load(content.FS)
	}
	if err != nil {
		t.Fatalf("building a rate-limited server: %v", err)
	}
	if r := get(t, s, "/api/v1/search?q=reset"); r.status != http.StatusOK {
		t.Fatalf("the rate-limited server's first search: status %d, want 200", r.status)
	}
	return s
}

// formBody encodes fields as multipart/form-data, returning the body and
// its Content-Type.
func formBody(t *testing.T, fields ...string) (body, contentType string) {
	t.Helper()
	var b strings.Builder
	w := multipart.NewWriter(&b)
	for i := 0; i+1 < len(fields); i += 2 {
		if err := w.WriteField(fields[i], fields[i+1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String(), w.FormDataContentType()
}

// apiCases are the requests TestOpenAPIResponses makes: every documented
// operation, for success and for every documented error.
func apiCases(t *testing.T, s *Server) []apiCase {
	unloaded, limited := newUnloadedServer(t), newLimitedServer(t)
	const (
		form = "application/x-www-form-urlencoded"
		js   = "application/json"
		text = "text/plain; charset=utf-8"
	)
	// A body a byte over the limit, in each form the search reads.
	huge := strings.Repeat("x", maxBodyBytes+1)
	multi, multiType := formBody(t, "q", "wsarecv: An existing connection was forcibly closed by the remote host.", "limit", "2")
	hugeMulti, hugeMultiType := formBody(t, "q", huge)
	withBody := []string{"Content-Type", text} // a GET with a body: 400
	multiLog, multiLogType := formBody(t, "log", "System.Net.Sockets.SocketException (10054): An existing connection was forcibly closed by the remote host.")
	emptyMulti, emptyMultiType := formBody(t, "log", "")
	hugeScan, hugeScanType := formBody(t, "comment", strings.Repeat("x", maxScanBodyBytes), "log", "10054")
	cases := []apiCase{
		{op: "GET /api/v1/errors", target: "/api/v1/errors", status: 200},
		{op: "GET /api/v1/errors", target: "/api/v1/errors", revalidate: true, status: 304},
		{op: "GET /api/v1/errors", target: "/api/v1/errors", header: withBody, body: "x", status: 400},
		{op: "GET /api/v1/errors", target: "/api/v1/errors", server: unloaded, serverLabel: "a server still loading", status: 503},

		{op: "GET /api/v1/errors/{id}", target: "/api/v1/errors/10054", status: 200},
		{op: "GET /api/v1/errors/{id}", target: "/api/v1/errors/0x80072746", status: 200},
		{op: "GET /api/v1/errors/{id}", target: "/api/v1/errors/econnreset", status: 200},
		{op: "GET /api/v1/errors/{id}", target: "/api/v1/errors/Q196271", status: 200}, // a known issue, resolved
		{op: "GET /api/v1/errors/{id}", target: "/api/v1/errors/WSAECONNRESET", revalidate: true, status: 304},
		{op: "GET /api/v1/errors/{id}", target: "/api/v1/errors/WSAENOTHING", status: 404},
		{op: "GET /api/v1/errors/{id}", target: "/api/v1/errors/WSAECONNRESET", header: withBody, body: "x", status: 400},
		{op: "GET /api/v1/errors/{id}", target: "/api/v1/errors/WSAECONNRESET", server: unloaded, serverLabel: "a server still loading", status: 503},

		{op: "GET /api/v1/kb/{id}", target: "/api/v1/kb/Q196271", status: 200},
		{op: "GET /api/v1/kb/{id}", target: "/api/v1/kb/KB196271", status: 200},
		{op: "GET /api/v1/kb/{id}", target: "/api/v1/kb/196271", revalidate: true, status: 304},
		{op: "GET /api/v1/kb/{id}", target: "/api/v1/kb/1", status: 404},
		{op: "GET /api/v1/kb/{id}", target: "/api/v1/kb/196271", header: withBody, body: "x", status: 400},
		{op: "GET /api/v1/kb/{id}", target: "/api/v1/kb/196271", server: unloaded, serverLabel: "a server still loading", status: 503},

		{op: "GET /api/v1/search", target: "/api/v1/search?q=connectex+actively+refused&limit=3", status: 200},
		{op: "GET /api/v1/search", target: "/api/v1/search?q=10054", status: 200},
		{op: "GET /api/v1/search", target: "/api/v1/search?q=" + url.QueryEscape("FileNotFoundError: [Errno 2] No such file or directory: 'config.yaml'"), status: 200},
		{op: "GET /api/v1/search", target: "/api/v1/search?q=wsarecv&limit=100000", status: 200},
		{op: "GET /api/v1/search", target: "/api/v1/search?q=reset", revalidate: true, status: 304},
		{op: "GET /api/v1/search", target: "/api/v1/search", status: 400},
		{op: "GET /api/v1/search", target: "/api/v1/search?q=", status: 400},
		{op: "GET /api/v1/search", target: "/api/v1/search?q=reset&limit=0", status: 400},
		{op: "GET /api/v1/search", target: "/api/v1/search?q=reset&limit=abc", status: 400},
		{op: "GET /api/v1/search", target: "/api/v1/search?q=reset", header: withBody, body: "x", status: 400},
		{op: "GET /api/v1/search", target: "/api/v1/search?q=reset", server: limited, serverLabel: "a server whose search limit is spent", status: 429},
		{op: "GET /api/v1/search", target: "/api/v1/search?q=reset", server: unloaded, serverLabel: "a server still loading", status: 503},

		{op: "POST /api/v1/search", target: "/api/v1/search", header: []string{"Content-Type", form}, body: "q=connectex+actively+refused&limit=3", status: 200},
		{op: "POST /api/v1/search", target: "/api/v1/search", header: []string{"Content-Type", multiType}, body: multi, status: 200},
		{op: "POST /api/v1/search", target: "/api/v1/search", header: []string{"Content-Type", js}, body: `{"q": "java.net.SocketException: Connection reset", "limit": 2}`, status: 200},
		{op: "POST /api/v1/search", target: "/api/v1/search", header: []string{"Content-Type", text}, body: "Traceback (most recent call last):\nConnectionResetError: [WinError 10054] An existing connection was forcibly closed by the remote host", status: 200},
		{op: "POST /api/v1/search", target: "/api/v1/search", header: []string{"Content-Type", form}, body: "limit=3", status: 400},
		{op: "POST /api/v1/search", target: "/api/v1/search", header: []string{"Content-Type", form}, body: "q=reset&limit=0", status: 400},
		{op: "POST /api/v1/search", target: "/api/v1/search", header: []string{"Content-Type", js}, body: `{"q": "reset", "limit": 0}`, status: 400},
		{op: "POST /api/v1/search", target: "/api/v1/search", header: []string{"Content-Type", js}, body: `{"q": "reset", "limit": -1}`, status: 400},
		{op: "POST /api/v1/search", target: "/api/v1/search", header: []string{"Content-Type", js}, body: `{"q": "reset", "limit": "3"}`, status: 400},
		{op: "POST /api/v1/search", target: "/api/v1/search", header: []string{"Content-Type", js}, body: `{"q": `, status: 400},
		{op: "POST /api/v1/search", target: "/api/v1/search", header: []string{"Content-Type", text}, body: "   ", status: 400},
		{op: "POST /api/v1/search", target: "/api/v1/search", header: []string{"Content-Type", text}, body: huge, status: 413},
		{op: "POST /api/v1/search", target: "/api/v1/search", header: []string{"Content-Type", js}, body: `{"q": "` + huge + `"}`, status: 413},
		{op: "POST /api/v1/search", target: "/api/v1/search", header: []string{"Content-Type", form}, body: "q=" + huge, status: 413},
		{op: "POST /api/v1/search", target: "/api/v1/search", header: []string{"Content-Type", hugeMultiType}, body: hugeMulti, status: 413},
		{op: "POST /api/v1/search", target: "/api/v1/search", header: []string{"Content-Type", "application/xml"}, body: "<q>reset</q>", status: 415},
		{op: "POST /api/v1/search", target: "/api/v1/search", header: []string{"Content-Type", text}, body: "reset", server: limited, serverLabel: "a server whose search limit is spent", status: 429},
		{op: "POST /api/v1/search", target: "/api/v1/search", header: []string{"Content-Type", text}, body: "reset", server: unloaded, serverLabel: "a server still loading", status: 503},

		{op: "POST /api/v1/scan", target: "/api/v1/scan", header: []string{"Content-Type", text}, body: "2024-05-02 08:00:01 [ERR] recv failed: WSAECONNRESET\nall good\n", status: 200},
		{op: "POST /api/v1/scan", target: "/api/v1/scan", header: []string{"Content-Type", "application/gzip"}, body: gzipped(t, "dial tcp 10.0.0.5:443: connect: connection refused\n"), status: 200},
		{op: "POST /api/v1/scan", target: "/api/v1/scan", header: []string{"Content-Type", multiLogType}, body: multiLog, status: 200},
		{op: "POST /api/v1/scan", target: "/api/v1/scan", header: []string{"Content-Type", emptyMultiType}, body: emptyMulti, status: 400},
		{op: "POST /api/v1/scan", target: "/api/v1/scan", header: []string{"Content-Type", hugeScanType}, body: hugeScan, status: 413},
		{op: "POST /api/v1/scan", target: "/api/v1/scan", header: []string{"Content-Type", form}, body: "log=" + url.QueryEscape("recv failed: WSAECONNRESET"), status: 200},
		{op: "POST /api/v1/scan", target: "/api/v1/scan", header: []string{"Content-Type", text}, body: "10054", server: limited, serverLabel: "a server whose search limit is spent", status: 429},
		{op: "POST /api/v1/scan", target: "/api/v1/scan", header: []string{"Content-Type", text}, body: "10054", server: unloaded, serverLabel: "a server still loading", status: 503},

		{op: "GET /api/v1/openapi.json", target: "/api/v1/openapi.json", status: 200},
		{op: "GET /api/v1/openapi.json", target: "/api/v1/openapi.json", revalidate: true, status: 304},
		{op: "GET /api/v1/openapi.json", target: "/api/v1/openapi.json", header: withBody, body: "x", status: 400},
		{op: "GET /api/v1/openapi.json", target: "/api/v1/openapi.json", server: unloaded, serverLabel: "a server still loading", status: 503},

		{op: "GET /oembed", target: "/oembed?format=json&url=" + url.QueryEscape(testBase+"/errors/WSAECONNRESET"), status: 200},
		{op: "GET /oembed", target: "/oembed?maxwidth=300&maxheight=100&url=" + url.QueryEscape(testBase+"/KB196271"), status: 200},
		{op: "GET /oembed", target: "/oembed?url=" + url.QueryEscape(testBase+"/10054"), revalidate: true, status: 304},
		{op: "GET /oembed", target: "/oembed?maxwidth=wide&url=" + url.QueryEscape(testBase+"/10054"), status: 400},
		{op: "GET /oembed", target: "/oembed?url=" + url.QueryEscape("https://elsewhere.example/errors/WSAECONNRESET"), status: 404},
		{op: "GET /oembed", target: "/oembed?format=xml&url=" + url.QueryEscape(testBase+"/10054"), status: 501},
		{op: "GET /oembed", target: "/oembed?url=" + url.QueryEscape(testBase+"/10054"), server: unloaded, serverLabel: "a server still loading", status: 503},

		{op: "GET /badge/{name}.svg", target: "/badge/10054.svg", status: 200},
		{op: "GET /badge/{name}.svg", target: "/badge/KB196271.svg", status: 200},
		{op: "GET /badge/{name}.svg", target: "/badge/WSAECONNRESET.svg", revalidate: true, status: 304},
		{op: "GET /badge/{name}.svg", target: "/badge/WSAECONNRESET.svg", header: withBody, body: "x", status: 400},
		{op: "GET /badge/{name}.svg", target: "/badge/WSAENOTHING.svg", status: 404},
		{op: "GET /badge/{name}.svg", target: "/badge/10054.svg", server: unloaded, serverLabel: "a server still loading", status: 503},

		{op: "GET /preview/{id}.png", target: "/preview/WSAECONNRESET.png", status: 200},
		{op: "GET /preview/{id}.png", target: "/preview/sockerr.png", status: 200},
		{op: "GET /preview/{id}.png", target: "/preview/196271.png", revalidate: true, status: 304},
		{op: "GET /preview/{id}.png", target: "/preview/196271.png", header: withBody, body: "x", status: 400},
		{op: "GET /preview/{id}.png", target: "/preview/10054.png", status: 404}, // previews are by id only
		{op: "GET /preview/{id}.png", target: "/preview/sockerr.png", server: unloaded, serverLabel: "a server still loading", status: 503},
	}
	// Every article's document, so that every field the corpus uses is
	// checked against the schema.
	for _, a := range s.site.Load().corpus.Articles() {
		op := "GET /api/v1/errors/{id}"
		if a.Kind == content.KindKB {
			op = "GET /api/v1/kb/{id}"
		}
		cases = append(cases, apiCase{op: op, target: apiPath(a), status: 200})
	}
	return cases
}

// TestOpenAPIResponses makes every request of apiCases through the real
// handler and validates each answer (status, documented headers, body)
// against the served document; the request too, when it succeeds. Then it
// checks that every documented status of every operation was seen.
func TestOpenAPIResponses(t *testing.T) {
	s := newTestServer(t)
	doc := loadOpenAPI(t, s)
	ops := doc.operations()
	seen := map[string]bool{} // "GET /api/v1/errors/{id} 404"
	for _, c := range apiCases(t, s) {
		if _, ok := ops[c.op]; !ok {
			t.Errorf("%s: the case names %q, which the document does not describe", c, c.op)
			continue
		}
		h := c.server
		if h == nil {
			h = s
		}
		etag := ""
		if c.revalidate {
			first := serve(h, c.request(""))
			if etag = first.header.Get("ETag"); etag == "" {
				t.Errorf("%s: the first answer (%d) has no ETag to revalidate with", c, first.status)
				continue
			}
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, c.request(etag))
		resp := rec.Result()
		if resp.StatusCode != c.status {
			t.Errorf("%s: status %d, want %d (body %.200q)", c, resp.StatusCode, c.status, rec.Body.String())
			continue
		}
		seen[fmt.Sprintf("%s %d", c.op, resp.StatusCode)] = true
		if ok, errs := doc.v.ValidateHttpResponse(c.request(etag), resp); !ok {
			t.Errorf("%s: the %d answer does not match the document:\n%s\tbody: %.300s", c, resp.StatusCode, describe(errs), rec.Body.String())
		}
		if c.status < 400 {
			if ok, errs := doc.v.ValidateHttpRequest(c.request(etag)); !ok {
				t.Errorf("%s: answered %d, but the document says the request is not valid:\n%s", c, c.status, describe(errs))
			}
		}
	}
	if t.Failed() {
		return
	}
	for _, op := range slices.Sorted(maps.Keys(ops)) {
		for _, status := range ops[op] {
			if !seen[op+" "+status] {
				t.Errorf("%s: the document says it may answer %s, and no case gets that answer: add one to apiCases", op, status)
			}
		}
	}
}

// TestOpenAPIServer checks that the document's server is the site's base
// URL, under which its paths are the site's paths.
func TestOpenAPIServer(t *testing.T) {
	doc := loadOpenAPI(t, newTestServer(t))
	if got := at(doc.tree, "servers").([]any)[0].(map[string]any)["url"]; got != testBase {
		t.Errorf("served at %s: servers[0].url = %v, want %s", testBase, got, testBase)
	}
	if got := at(doc.tree, "openapi"); got != "3.1.0" {
		t.Errorf("openapi = %v, want 3.1.0", got)
	}
	for _, base := range []string{"https://org.example/kb/sockerr", `https://sockerr.example:8443`} {
		b, err := openAPIDocument(base)
		if err != nil {
			t.Fatalf("openAPIDocument(%q): %v", base, err)
		}
		var tree map[string]any
		if err := json.Unmarshal(b, &tree); err != nil {
			t.Fatalf("openAPIDocument(%q): %v", base, err)
		}
		if got := at(tree, "servers").([]any)[0].(map[string]any)["url"]; got != base {
			t.Errorf("openAPIDocument(%q): servers[0].url = %v, want %s", base, got, base)
		}
	}
}

// TestOpenAPIRoutes fails when a route under /api/ is not described by the
// document, or an operation the document describes is not routed.
func TestOpenAPIRoutes(t *testing.T) {
	s := newTestServer(t)
	doc := loadOpenAPI(t, s)
	ops := doc.operations()
	mux, ok := s.handler.(*chi.Mux)
	if !ok {
		t.Fatalf("the server's handler is a %T, want a *chi.Mux", s.handler)
	}
	routed := 0
	err := chi.Walk(mux, func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		if !strings.HasPrefix(route, "/api/") {
			return nil
		}
		routed++
		if _, ok := ops[method+" "+route]; !ok {
			t.Errorf("%s %s is routed (web/server.go) but static/openapi.json does not describe it", method, route)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if routed == 0 {
		t.Fatal("no route under /api/: has the router changed?")
	}
	// And the other way: each documented operation reaches a route, with
	// its path parameters filled in.
	param := regexp.MustCompile(`\{[^}]+\}`)
	for op := range ops {
		method, path, _ := strings.Cut(op, " ")
		concrete := param.ReplaceAllString(path, "x")
		if route := mux.Find(chi.NewRouteContext(), method, concrete); route == "" {
			t.Errorf("static/openapi.json describes %s, but no route answers %s %s", op, method, concrete)
		}
	}
}

// TestOpenAPISchemas holds the document's schemas to the Go types the
// server marshals: the same keys, every key the type always emits
// required, and each object closed (additionalProperties: false), so a
// field added, renamed or removed in Go fails here, whether or not the
// corpus uses it. Keys Go may omit are required only where the content
// loader guarantees them (listed here).
func TestOpenAPISchemas(t *testing.T) {
	doc := loadOpenAPI(t, newTestServer(t))
	for _, tc := range []struct {
		schema     string
		typ        any
		guaranteed []string // omitempty in Go, but never empty: the loader refuses articles without them
	}{
		{"Error", map[string]string{"error": ""}, nil},
		{"ArticleRef", apiRef{}, nil},
		{"ArticleSummary", apiSummary{}, nil},
		{"ArticleList", apiList{}, nil},
		{"Article", apiArticle{}, nil},
		{"LocalizedMessage", content.Message{}, []string{"lang", "text", "source"}},
		{"Errno", content.Errno{}, []string{"name"}},
		{"GAI", content.GAI{}, []string{"name"}},
		{"NodeError", content.NodeError{}, nil},
		{"JavaError", content.JavaError{}, nil},
		{"SearchResult", apiSearchResult{}, nil},
		{"SearchHit", apiSearchHit{}, nil},
	} {
		schema, ok := at(doc.tree, "components", "schemas", tc.schema).(map[string]any)
		if !ok {
			t.Errorf("components.schemas.%s: missing", tc.schema)
			continue
		}
		var always, omitted []string
		if m, ok := tc.typ.(map[string]string); ok {
			always = slices.Collect(maps.Keys(m))
		} else {
			always, omitted = jsonKeys(reflect.TypeOf(tc.typ))
		}
		props := slices.Sorted(maps.Keys(at(schema, "properties").(map[string]any)))
		if want := slices.Sorted(slices.Values(append(slices.Clone(always), omitted...))); !slices.Equal(props, want) {
			t.Errorf("components.schemas.%s has the properties %v; the Go type emits %v", tc.schema, props, want)
		}
		var required []string
		list, _ := at(schema, "required").([]any)
		for _, r := range list {
			required = append(required, r.(string))
		}
		slices.Sort(required)
		if want := slices.Sorted(slices.Values(append(slices.Clone(always), tc.guaranteed...))); !slices.Equal(required, want) {
			t.Errorf("components.schemas.%s requires %v, want %v: the keys the Go type always emits, and %v", tc.schema, required, want, tc.guaranteed)
		}
		if at(schema, "additionalProperties") != false {
			t.Errorf("components.schemas.%s: want additionalProperties: false, so a key the document does not name fails validation", tc.schema)
		}
	}
}

// jsonKeys returns the keys encoding/json writes for a struct type: those
// it always writes, and those it leaves out when empty.
func jsonKeys(t reflect.Type) (always, omitted []string) {
	for f := range t.Fields() {
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Anonymous && name == "" {
			a, o := jsonKeys(f.Type)
			always, omitted = append(always, a...), append(omitted, o...)
			continue
		}
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if strings.Contains(opts, "omitempty") {
			omitted = append(omitted, name)
		} else {
			always = append(always, name)
		}
	}
	return always, omitted
}

// TestOpenAPIEnums holds the document's closed lists to the Go values
// they list.
func TestOpenAPIEnums(t *testing.T) {
	doc := loadOpenAPI(t, newTestServer(t))
	var families, langs []string
	for _, f := range content.Families {
		families = append(families, f.Key)
	}
	for _, l := range content.Languages {
		langs = append(langs, l.Tag)
	}
	for _, tc := range []struct {
		where []string
		want  []string
	}{
		{[]string{"Article", "properties", "family", "enum"}, families},
		{[]string{"LocalizedMessage", "properties", "lang", "enum"}, langs},
		{[]string{"Kind", "enum"}, []string{string(content.KindError), string(content.KindKB)}},
		{[]string{"SearchHit", "properties", "match", "enum"}, []string{string(search.Exact), string(search.Likely), string(search.Possible)}},
	} {
		var got []string
		list, _ := at(doc.tree, append([]string{"components", "schemas"}, tc.where...)...).([]any)
		for _, v := range list {
			got = append(got, fmt.Sprint(v))
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("components.schemas.%s = %v, want %v", strings.Join(tc.where, "."), got, tc.want)
		}
	}
}

// TestOpenAPIUnderBasePath serves a small corpus, without known issues,
// under a base URL with a path, and validates its answers against the
// document it serves there: the paths are under the server's URL, an
// empty list is [] (it was null), and the links in an article's HTML are
// under the base path, as the page's are.
func TestOpenAPIUnderBasePath(t *testing.T) {
	const base = "https://org.example/kb/sockerr"
	s, err := New(Config{BaseURL: base, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	article := func(id, extra, body string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\nid: " + id + "\nkind: error\n" + extra +
			"title: t\nsummary: s\nmessage: m\n---\n" + body)}
	}
	err = s.Load(fstest.MapFS{
		"errors/EAI_FAIL.md":       article("EAI_FAIL", "gai: {name: EAI_FAIL, glibc: -4}\n", "Body.\n"),
		"errors/WSANO_RECOVERY.md": article("WSANO_RECOVERY", "code: 11003\n", "## Next\n\nSee EAI_FAIL.\n"),
	})
	if err != nil {
		t.Fatal(err)
	}
	doc := loadOpenAPI(t, s)
	if got := at(doc.tree, "servers").([]any)[0].(map[string]any)["url"]; got != base {
		t.Errorf("servers[0].url = %v, want %s", got, base)
	}
	for _, target := range []string{"/kb/sockerr/api/v1/errors", "/kb/sockerr/api/v1/errors/WSANO_RECOVERY", "/kb/sockerr/api/v1/search?q=11003"} {
		req := newRequest(target)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		resp := rec.Result()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: status %d, want 200", target, resp.StatusCode)
			continue
		}
		if ok, errs := doc.v.ValidateHttpResponse(newRequest(target), resp); !ok {
			t.Errorf("GET %s: the answer does not match the document:\n%s\tbody: %.300s", target, describe(errs), rec.Body.String())
		}
	}
	if r := get(t, s, "/kb/sockerr/api/v1/errors"); !strings.Contains(r.body, `"known_issues":[]`) {
		t.Errorf("GET /kb/sockerr/api/v1/errors without known issues = %.300s, want \"known_issues\":[]", r.body)
	}
	var a struct{ HTML string }
	if r := get(t, s, "/kb/sockerr/api/v1/errors/WSANO_RECOVERY"); json.Unmarshal([]byte(r.body), &a) != nil || !strings.Contains(a.HTML, `href="/kb/sockerr/errors/EAI_FAIL"`) {
		t.Errorf("GET /kb/sockerr/api/v1/errors/WSANO_RECOVERY: html %q, want a link to /kb/sockerr/errors/EAI_FAIL", a.HTML)
	}
}
