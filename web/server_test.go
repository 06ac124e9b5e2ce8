package web

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/andybalholm/brotli"

	"github.com/sockerr/sockerr/content"
)

const testBase = "https://sockerr.example"

var (
	testServerOnce sync.Once
	testServer     *Server
	testServerErr  error
)

// newTestServer returns a Server over the built-in corpus, built once for
// all tests (building renders every page).
// builtIn loads the built-in corpus, for tests that count its articles.
func builtIn(t testing.TB) *content.Corpus {
	t.Helper()
	c, err := content.Load(content.FS)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// builtInErrors is the number of error articles in the built-in corpus.
func builtInErrors(t testing.TB) int { return len(builtIn(t).Errors()) }

func newTestServer(t testing.TB) *Server {
	t.Helper()
	testServerOnce.Do(func() {
		testServer, testServerErr = New(Config{BaseURL: testBase, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if testServerErr == nil {
			testServerErr = testServer.Load(content.FS)
		}
		if testServerErr == nil {
			testServer.WaitCompressed()
		}
	})
	if testServerErr != nil {
		t.Fatalf("building the server: %v", testServerErr)
	}
	return testServer
}

type result struct {
	status int
	header http.Header
	body   string
}

func get(t testing.TB, h http.Handler, target string, headers ...string) result {
	t.Helper()
	return do(t, h, http.MethodGet, target, headers...)
}

func do(t testing.TB, h http.Handler, method, target string, headers ...string) result {
	t.Helper()
	req := newRequest(target)
	req.Method = method
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i] == "Host" {
			req.Host = headers[i+1]
		}
		req.Header.Set(headers[i], headers[i+1])
		if headers[i] == "Content-Length" {
			req.ContentLength, _ = strconv.ParseInt(headers[i+1], 10, 64)
			req.Body = io.NopCloser(strings.NewReader(strings.Repeat("x", int(req.ContentLength))))
		}
	}
	return serve(h, req)
}

// newRequest makes a GET request for target exactly as a client sent it:
// hostile paths reach the router unchanged.
func newRequest(target string) *http.Request {
	req := httptest.NewRequest(http.MethodGet, "http://sockerr.test/", nil)
	if u, err := url.ParseRequestURI(target); err == nil {
		req.URL = u
	} else {
		req.URL = &url.URL{Path: target}
	}
	req.RequestURI = target
	return req
}

func serve(h http.Handler, req *http.Request) result {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return result{rec.Code, rec.Header(), rec.Body.String()}
}

var linkAttr = regexp.MustCompile(`(?:href|src)="([^"]*)"`)
var idAttr = regexp.MustCompile(`\sid="([^"]*)"`)

// TestCrawl renders every page through the real handler, starting at the
// home page, follows every internal link, and fails on any that does not
// answer 200 or points at a missing #fragment.
func TestCrawl(t *testing.T) {
	s := newTestServer(t)
	type link struct{ from, to string }
	seen := map[string]bool{}
	ids := map[string]map[string]bool{}
	queue := []link{{"(start)", "/"}}
	var fragments []link
	for len(queue) > 0 {
		l := queue[0]
		queue = queue[1:]
		target, frag, _ := strings.Cut(l.to, "#")
		if frag != "" {
			fragments = append(fragments, l)
		}
		if target == "" || seen[target] {
			continue
		}
		seen[target] = true
		r := get(t, s, target)
		if r.status != http.StatusOK {
			t.Errorf("%s links to %s: status %d, want 200", l.from, target, r.status)
			continue
		}
		if !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
			continue
		}
		ids[target] = map[string]bool{}
		for _, m := range idAttr.FindAllStringSubmatch(r.body, -1) {
			ids[target][m[1]] = true
		}
		for _, m := range linkAttr.FindAllStringSubmatch(r.body, -1) {
			href := html.UnescapeString(m[1])
			href = strings.TrimPrefix(href, testBase)
			if strings.HasPrefix(href, "#") {
				href = target + href
			}
			if !strings.HasPrefix(href, "/") || strings.HasPrefix(href, "//") {
				continue // external
			}
			queue = append(queue, link{target, href})
		}
	}
	for _, l := range fragments {
		target, frag, _ := strings.Cut(l.to, "#")
		if set, ok := ids[target]; ok && !set[frag] {
			t.Errorf("%s links to %s: no element with id %q", l.from, l.to, frag)
		}
	}
	c := s.site.Load().corpus
	for _, a := range c.Articles() {
		if !seen[a.URL()] {
			t.Errorf("%s is not reachable by links from the home page", a.URL())
		}
	}
	t.Logf("crawled %d pages and assets", len(seen))
}

func TestPages(t *testing.T) {
	s := newTestServer(t)
	c := builtIn(t)
	load := func(path string) *htmlPage {
		t.Helper()
		r := get(t, s, path)
		if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
			t.Fatalf("GET %s: %d %s", path, r.status, r.header.Get("Content-Type"))
		}
		return parsePage(t, path, r.body)
	}

	home := load("/")
	home.wantText("title", "sockerr — Winsock and socket errors explained")
	home.wantAttr(`form[role=search] input[name=q]`, "type", "search")
	home.wantText(`table.codes a[href="/errors/WSAECONNRESET"]`, "WSAECONNRESET")
	home.wantText(`table.codes tr:has(a[href="/errors/WSAECONNRESET"]) td.msg`, "An existing connection was forcibly closed by the remote host.")
	home.one(`#posix ~ ul a[href="/errors/EPIPE"]`)
	home.one(`#known-issues ~ ul a[href="/kb/196271"]`)

	reset := c.Article("WSAECONNRESET")
	e := load("/errors/WSAECONNRESET")
	e.wantText("title", "WSAECONNRESET (10054) — Connection reset by peer · sockerr")
	e.wantAttr(`link[rel=canonical]`, "href", testBase+"/errors/WSAECONNRESET")
	e.wantText(`.codes-line .pill:first-child`, "10054")
	e.wantText(`h1 .name`, "WSAECONNRESET")
	e.wantText(`#message`, reset.Message)
	e.wantText(`details.l10n div[lang="zh-CN"] dd`, "远程主机强迫关闭了一个现有的连接。")
	e.wantCount(`.quickfix ol > li`, len(reset.Fix))
	e.wantCount(`#seen-as ~ ul code[data-copy]`, len(reset.SeenAs))
	e.wantText(`.facts dd code:first-child`, "10054")
	e.one(`.facts a[href="https://learn.microsoft.com/en-us/windows/win32/api/winsock2/nf-winsock2-recv"]`)
	load("/errors/WSATRY_AGAIN").one(`.facts a[href="/errors/EAI_AGAIN"]`) // equivalents, both ways
	e.one(`#known-issues ~ ul a[href="/kb/263823"]`)
	e.one(`details.historical a[href="/kb/152474"]`) // Windows NT 3.51: quiet, at the end
	e.one(`#see-also ~ ul a[href="/errors/WSAECONNABORTED"]`)
	e.one(`#referenced-by`)
	e.wantAttr(`h2#what-it-means a.anchor`, "href", "#what-it-means")
	for _, id := range []string{"quick-fix", "seen-as", "what-it-means", "how-to-fix", "known-issues"} {
		e.one(`.toc a[href="#` + id + `"]`)
	}
	// The fix comes first: the quick fix and how it shows up before the
	// explanation, the known issues after it.
	order := []string{"#message", "#quick-fix", "#seen-as", "#what-it-means", "#known-issues"}
	if got := documentOrder(e, order); !slices.Equal(got, order) {
		t.Errorf("/errors/WSAECONNRESET: sections in the order %v, want %v", got, order)
	}
	for _, pre := range e.all("pre") {
		if attr(pre, "tabindex") != "0" {
			t.Errorf("/errors/WSAECONNRESET: a code block without tabindex=0: it may scroll, so it must take the keyboard's focus")
			break
		}
	}

	pipe := load("/errors/EPIPE")
	pipe.wantText("title", "EPIPE — Broken pipe · sockerr")
	pipe.wantText(`figure.winmsg figcaption`, "The system says")
	pipe.one(`.facts a[href="/errors/WSAESHUTDOWN"]`)

	kb := load("/kb/196271")
	kb.wantText(`.codes-line .pill`, "KB 196271")
	kb.wantText(`#errors-concerned ~ ul a[href="/errors/WSAENOBUFS"] code`, "WSAENOBUFS")
	kb.one(`.quickfix ol > li`)

	list := load("/errors")
	list.wantCount(`#errors-list li[data-item]`, len(c.Errors()))
	list.one(`#connection ~ ul a[href="/errors/WSAECONNRESET"]`)
	list.one(`#name-resolution ~ ul a[href="/errors/EAI_AGAIN"]`)
	list.one(`nav.families a[href="#qos"]`)

	kbs := load("/kb")
	kbs.wantCount(`ul.issues li`, len(c.KnownIssues()))
	kbs.one(`#historical ~ ul a[href="/kb/152474"]`)

	for _, tc := range []struct {
		path, ctype, want string
		status            int
	}{
		{"/healthz", "text/plain", "ok", 200},
		{"/readyz", "text/plain", fmt.Sprintf("ready: serving %d articles", len(c.Articles())), 200},
	} {
		r := get(t, s, tc.path)
		if r.status != tc.status || !strings.HasPrefix(r.header.Get("Content-Type"), tc.ctype) || !strings.Contains(r.body, tc.want) {
			t.Errorf("GET %s: %d %s %q, want %d %s with %q", tc.path, r.status, r.header.Get("Content-Type"), r.body, tc.status, tc.ctype, tc.want)
		}
	}
	for _, path := range []string{"/no/such/page", "/errors/WSAENOSUCHTHING"} {
		r := get(t, s, path)
		p := parsePage(t, path, r.body)
		if r.status != 404 {
			t.Errorf("GET %s: %d, want 404", path, r.status)
		}
		p.wantText("h1", "Page not found")
		p.wantAttr(`meta[name=robots]`, "content", "noindex")
	}
}

func TestEncodingsAndValidators(t *testing.T) {
	s := newTestServer(t)
	plain := get(t, s, "/errors/WSAECONNRESET")
	etag := plain.header.Get("ETag")
	if !regexp.MustCompile(`^"[0-9a-f]{24}"$`).MatchString(etag) {
		t.Fatalf("ETag = %q, want a strong quoted validator", etag)
	}
	if v := plain.header.Get("Vary"); v != "Accept-Encoding" {
		t.Errorf("Vary = %q, want Accept-Encoding", v)
	}
	for _, tc := range []struct {
		accept, enc string
	}{
		{"gzip", "gzip"},
		{"gzip, deflate, br", "br"},
		{"br;q=0, gzip", "gzip"},
		{"gzip;q=0", ""},
		{"identity", ""},
		{"*", "br"},
	} {
		r := get(t, s, "/errors/WSAECONNRESET", "Accept-Encoding", tc.accept)
		if got := r.header.Get("Content-Encoding"); got != tc.enc {
			t.Errorf("Accept-Encoding %q: Content-Encoding = %q, want %q", tc.accept, got, tc.enc)
			continue
		}
		var body []byte
		var err error
		switch tc.enc {
		case "gzip":
			var zr *gzip.Reader
			if zr, err = gzip.NewReader(strings.NewReader(r.body)); err == nil {
				body, err = io.ReadAll(zr)
			}
		case "br":
			body, err = io.ReadAll(brotli.NewReader(strings.NewReader(r.body)))
		default:
			body = []byte(r.body)
		}
		if err != nil || !bytes.Equal(body, []byte(plain.body)) {
			t.Errorf("Accept-Encoding %q: decoded body differs from the plain one (err %v)", tc.accept, err)
		}
		// Every representation revalidates with any of the page's ETags.
		if nm := get(t, s, "/errors/WSAECONNRESET", "Accept-Encoding", tc.accept, "If-None-Match", etag); nm.status != http.StatusNotModified || nm.body != "" {
			t.Errorf("Accept-Encoding %q, If-None-Match %s: status %d with %d bytes, want 304 and no body", tc.accept, etag, nm.status, len(nm.body))
		}
	}
	if r := get(t, s, "/errors/WSAECONNRESET", "If-None-Match", `"nope"`); r.status != http.StatusOK {
		t.Errorf("If-None-Match with another ETag: status %d, want 200", r.status)
	}
}

func TestHashedAssets(t *testing.T) {
	s := newTestServer(t)
	home := get(t, s, "/")
	m := regexp.MustCompile(`href="(/static/style\.[0-9a-f]{10}\.css)"`).FindStringSubmatch(home.body)
	if m == nil {
		t.Fatalf("the home page does not link a hashed style sheet")
	}
	r := get(t, s, m[1])
	if r.status != 200 || r.header.Get("Cache-Control") != "public, max-age=31536000, immutable" {
		t.Errorf("GET %s: status %d, Cache-Control %q; want 200, immutable", m[1], r.status, r.header.Get("Cache-Control"))
	}
	if !strings.Contains(r.body, ".chroma .k") {
		t.Errorf("the style sheet does not include the syntax colours")
	}
	if r := get(t, s, "/static/style.0000000000.css"); r.status != 404 {
		t.Errorf("an asset with a wrong hash: status %d, want 404", r.status)
	}
}

func TestSecurityHeaders(t *testing.T) {
	s := newTestServer(t)
	for _, path := range []string{"/", "/errors/WSAECONNRESET", "/nope", "/api/v1/errors", "/search?q=reset"} {
		r := get(t, s, path)
		csp := r.header.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'self'", "frame-ancestors 'none'", "base-uri 'none'", "object-src 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("GET %s: CSP %q lacks %q", path, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-") {
			t.Errorf("GET %s: CSP %q allows unsafe code", path, csp)
		}
		for _, h := range []string{"X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy", "Cross-Origin-Opener-Policy", "Strict-Transport-Security"} {
			if r.header.Get(h) == "" {
				t.Errorf("GET %s: no %s header", path, h)
			}
		}
		if strings.Contains(r.body, " style=") || regexp.MustCompile(`<script>|<script [^>]*>[^<]`).MatchString(strings.ReplaceAll(r.body, `<script type="application/ld+json">`, "")) {
			t.Errorf("GET %s: the page has inline style or script", path)
		}
	}
}

func TestMethods(t *testing.T) {
	s := newTestServer(t)
	for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch} {
		r := do(t, s, m, "/")
		if r.status != http.StatusMethodNotAllowed || r.header.Get("Allow") != "GET, HEAD" {
			t.Errorf("%s /: status %d, Allow %q; want 405, GET, HEAD", m, r.status, r.header.Get("Allow"))
		}
	}
	r := do(t, s, http.MethodHead, "/errors/WSAECONNRESET")
	if r.status != 200 || r.body != "" || r.header.Get("Content-Length") == "" {
		t.Errorf("HEAD: status %d, %d body bytes, Content-Length %q; want 200, none, set", r.status, len(r.body), r.header.Get("Content-Length"))
	}
}

func TestNotReady(t *testing.T) {
	s, err := New(Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	if r := get(t, s, "/readyz"); r.status != http.StatusServiceUnavailable {
		t.Errorf("/readyz before Load: %d, want 503", r.status)
	}
	if r := get(t, s, "/healthz"); r.status != http.StatusOK {
		t.Errorf("/healthz before Load: %d, want 200", r.status)
	}
	if r := get(t, s, "/"); r.status != http.StatusServiceUnavailable {
		t.Errorf("/ before Load: %d, want 503", r.status)
	}
}

// TestPageWeight keeps every kind of page small: its HTML, style sheet
// and script, compressed, under 30 KB, and nothing in its head that holds
// up the first paint but the one style sheet. It logs each page's figure.
func TestPageWeight(t *testing.T) {
	s := newTestServer(t)
	const budget = 30 << 10
	gz := func(b []byte) int {
		var buf bytes.Buffer
		w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		w.Write(b)
		w.Close()
		return buf.Len()
	}
	for _, path := range []string{"/", "/errors/WSAECONNRESET", "/errors/EAI_AGAIN", "/kb/196271", "/errors", "/kb",
		"/scan", "/search?q=java.net.SocketException%3A+Connection+reset", "/search?q=zzyzx", "/no/such/page"} {
		r := get(t, s, path)
		p := parsePage(t, path, r.body)
		total, parts := gz([]byte(r.body)), []string{fmt.Sprintf("HTML %d", gz([]byte(r.body)))}
		sheets := p.all(`head link[rel=stylesheet]`)
		if len(sheets) != 1 {
			t.Errorf("%s: %d style sheets, want one", path, len(sheets))
		}
		for _, n := range append(sheets, p.all(`script[src]`)...) {
			src := attr(n, "href") + attr(n, "src")
			total += gz([]byte(get(t, s, src).body))
			parts = append(parts, fmt.Sprintf("%s %d", src, gz([]byte(get(t, s, src).body))))
		}
		for _, sc := range p.all(`head script`) {
			if attr(sc, "src") != "" && !hasAttr(sc, "defer") && !hasAttr(sc, "async") {
				t.Errorf("%s: the script %s holds up the first paint (no defer or async)", path, attr(sc, "src"))
			}
		}
		if total > budget {
			t.Errorf("%s: %d bytes compressed (%s), want under %d", path, total, strings.Join(parts, ", "), budget)
		}
		t.Logf("%-60s %6d bytes gzipped (%s)", path, total, strings.Join(parts, ", "))
	}
}
