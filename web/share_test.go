package web

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"image/png"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/sockerr/sockerr/content"
)

// TestPreviews checks what a chat tool or a wiki unfurls from a page's
// head: title, description, canonical URL, the preview image with its size
// and alt text, oEmbed discovery and JSON-LD, early in the page.
func TestPreviews(t *testing.T) {
	s := newTestServer(t)
	for _, tc := range []struct {
		path, title, canonical, image string
	}{
		{"/errors/WSAECONNRESET", "WSAECONNRESET (10054): Connection reset by peer", testBase + "/errors/WSAECONNRESET", testBase + "/preview/WSAECONNRESET.png"},
		{"/kb/196271", "KB 196271: WSAENOBUFS when outgoing TCP connections need ports above 5000", testBase + "/kb/196271", testBase + "/preview/196271.png"},
		{"/errors/EPIPE", "EPIPE: Broken pipe", testBase + "/errors/EPIPE", testBase + "/preview/EPIPE.png"},
		{"/", "sockerr — Winsock and socket errors explained", testBase + "/", testBase + "/preview/sockerr.png"},
		{"/errors", "Every socket error, by family · sockerr", testBase + "/errors", testBase + "/preview/sockerr.png"},
	} {
		body := get(t, s, tc.path).body
		p := parsePage(t, tc.path, body)
		p.wantAttr(`meta[property="og:title"]`, "content", tc.title)
		p.wantAttr(`meta[property="og:url"]`, "content", tc.canonical)
		p.wantAttr(`link[rel=canonical]`, "href", tc.canonical)
		p.wantAttr(`meta[property="og:image"]`, "content", tc.image)
		p.wantAttr(`meta[property="og:image:width"]`, "content", "1200")
		p.wantAttr(`meta[property="og:image:height"]`, "content", "630")
		p.wantAttr(`meta[name="twitter:card"]`, "content", "summary_large_image")
		p.wantAttr(`meta[name="twitter:image"]`, "content", tc.image)
		if alt := attr(p.one(`meta[property="og:image:alt"]`), "content"); alt == "" {
			t.Errorf("%s: the preview image has no alt text", tc.path)
		}
		if d := attr(p.one(`meta[property="og:description"]`), "content"); d == "" || d != attr(p.one(`meta[name=description]`), "content") {
			t.Errorf("%s: og:description %q, description %q", tc.path, d, attr(p.one(`meta[name=description]`), "content"))
		}
		// Chat unfurlers read only the start of a page.
		if i := strings.Index(body, `og:image:alt`); i < 0 || i > 4096 {
			t.Errorf("%s: the preview tags end at byte %d, want within the first 4 KB", tc.path, i)
		}
		if !strings.HasPrefix(tc.path, "/errors/") && !strings.HasPrefix(tc.path, "/kb/") {
			continue
		}
		p.wantAttr(`meta[property="og:type"]`, "content", "article")
		oembed := attr(p.one(`link[rel=alternate][type="application/json+oembed"]`), "href")
		if want := testBase + "/oembed?format=json&url=" + url.QueryEscape(tc.canonical); oembed != want {
			t.Errorf("%s: oEmbed discovery %q, want %q", tc.path, oembed, want)
		}
		var ld map[string]any
		if err := json.Unmarshal([]byte(textOf(p.one(`script[type="application/ld+json"]`))), &ld); err != nil || ld["@type"] != "TechArticle" || ld["url"] != tc.canonical {
			t.Errorf("%s: JSON-LD %v (%v)", tc.path, ld, err)
		}
	}
}

// TestSearchUnfurls checks what a shared link to a search shows in chat:
// the article it recognised, or plainly that it recognised none; and
// that a page for one request (a search, a 404) names no canonical URL.
func TestSearchUnfurls(t *testing.T) {
	s := newTestServer(t)
	for _, tc := range []struct {
		path, status       string
		title, description string
		image              string
	}{
		{"/search?q=" + url.QueryEscape("wsarecv: An existing connection was forcibly closed by the remote host."), "200",
			"WSAECONNRESET (10054): Connection reset by peer", "The other end", testBase + "/preview/WSAECONNRESET.png"},
		{"/search?q=" + url.QueryEscape("ModuleNotFoundError: No module named 'numpy'"), "200",
			"Search: ModuleNotFoundError: No module named 'numpy'", "Not a socket error: ", testBase + "/preview/sockerr.png"},
		{"/search?q=zzyzx+qwxv", "200", "Search: zzyzx qwxv", "No socket error recognised in this text.", testBase + "/preview/sockerr.png"},
		{"/connection/reset", "404", "Not Found", "", testBase + "/preview/sockerr.png"},
	} {
		r := get(t, s, tc.path)
		if fmt.Sprint(r.status) != tc.status {
			t.Errorf("%s: status %d, want %s", tc.path, r.status, tc.status)
			continue
		}
		p := parsePage(t, tc.path, r.body)
		p.wantAttr(`meta[property="og:title"]`, "content", tc.title)
		p.wantAttr(`meta[property="og:image"]`, "content", tc.image)
		if tc.description == "" {
			p.wantCount(`meta[property="og:description"]`, 0)
		} else if d := attr(p.one(`meta[property="og:description"]`), "content"); !strings.HasPrefix(d, tc.description) {
			t.Errorf("%s: og:description %q, want it to start %q", tc.path, d, tc.description)
		}
		p.wantCount(`link[rel=canonical]`, 0)
		p.wantCount(`meta[property="og:url"]`, 0)
	}
}

// TestPictures checks the pictures: previews are 1200×630 PNGs, badges
// valid and accessible SVG, and the icons and manifest what browsers ask
// for.
func TestPictures(t *testing.T) {
	s := newTestServer(t)
	for _, path := range []string{"/preview/WSAECONNRESET.png", "/preview/196271.png", "/preview/EAI_AGAIN.png", "/preview/sockerr.png"} {
		r := get(t, s, path)
		if r.status != 200 || r.header.Get("Content-Type") != "image/png" || r.header.Get("ETag") == "" || !strings.Contains(r.header.Get("Cache-Control"), "max-age") {
			t.Errorf("GET %s: %d %q, ETag %q, Cache-Control %q", path, r.status, r.header.Get("Content-Type"), r.header.Get("ETag"), r.header.Get("Cache-Control"))
			continue
		}
		cfg, err := png.DecodeConfig(strings.NewReader(r.body))
		if err != nil || cfg.Width != 1200 || cfg.Height != 630 {
			t.Errorf("GET %s: %dx%d (%v), want a 1200x630 PNG", path, cfg.Width, cfg.Height, err)
		}
	}
	for _, path := range []string{"/preview/wsaeconnreset.png", "/preview/10054.png", "/preview/WSAECONNRESET.jpg", "/preview/NOPE.png"} {
		if r := get(t, s, path); r.status != 404 {
			t.Errorf("GET %s: %d, want 404 (previews only at their canonical names)", path, r.status)
		}
	}

	for _, tc := range []struct{ path, label string }{
		{"/badge/WSAECONNRESET.svg", "WSAECONNRESET 10054"},
		{"/badge/10054.svg", "WSAECONNRESET 10054"}, // anything a short URL resolves
		{"/badge/KB196271.svg", "KB 196271 known issue"},
		{"/badge/EPIPE.svg", "EPIPE errno"},
	} {
		r := get(t, s, tc.path)
		if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "image/svg+xml") || r.header.Get("ETag") == "" || !strings.Contains(r.header.Get("Cache-Control"), "max-age") {
			t.Errorf("GET %s: %d %q, ETag %q, Cache-Control %q", tc.path, r.status, r.header.Get("Content-Type"), r.header.Get("ETag"), r.header.Get("Cache-Control"))
		}
		var svg struct {
			XMLName xml.Name `xml:"svg"`
			Role    string   `xml:"role,attr"`
			Label   string   `xml:"aria-label,attr"`
			Title   string   `xml:"title"`
		}
		if err := xml.Unmarshal([]byte(r.body), &svg); err != nil || svg.Role != "img" || svg.Label != tc.label || svg.Title != tc.label {
			t.Errorf("GET %s: %+v (%v), want an SVG image labelled %q", tc.path, svg, err, tc.label)
		}
	}
	if r := get(t, s, "/badge/WSAENOTHING.svg"); r.status != 404 || !strings.HasPrefix(r.header.Get("Content-Type"), "image/svg+xml") || !strings.Contains(r.body, "not found") {
		t.Errorf("GET /badge/WSAENOTHING.svg: %d %q, want a 404 badge that says not found", r.status, r.header.Get("Content-Type"))
	}

	for _, tc := range []struct {
		path, ctype string
		size        int
	}{
		{"/icon-32.png", "image/png", 32},
		{"/apple-touch-icon.png", "image/png", 180},
		{"/icon-192.png", "image/png", 192},
		{"/icon-512.png", "image/png", 512},
		{"/icon-maskable-512.png", "image/png", 512},
	} {
		r := get(t, s, tc.path)
		cfg, err := png.DecodeConfig(strings.NewReader(r.body))
		if r.status != 200 || r.header.Get("Content-Type") != tc.ctype || err != nil || cfg.Width != tc.size || cfg.Height != tc.size {
			t.Errorf("GET %s: %d %q %dx%d (%v), want a %dx%d PNG", tc.path, r.status, r.header.Get("Content-Type"), cfg.Width, cfg.Height, err, tc.size, tc.size)
		}
	}
	if r := get(t, s, "/favicon.ico"); r.status != 200 || r.header.Get("Content-Type") != "image/x-icon" || !strings.HasPrefix(r.body, "\x00\x00\x01\x00") {
		t.Errorf("GET /favicon.ico: %d %q", r.status, r.header.Get("Content-Type"))
	}
	var manifest struct {
		Name     string
		StartURL string `json:"start_url"`
		Icons    []struct{ Src, Sizes, Purpose string }
	}
	r := get(t, s, "/manifest.webmanifest")
	if err := json.Unmarshal([]byte(r.body), &manifest); err != nil || r.header.Get("Content-Type") != "application/manifest+json" || len(manifest.Icons) != 3 {
		t.Errorf("GET /manifest.webmanifest: %q %+v (%v)", r.header.Get("Content-Type"), manifest, err)
	}
	for _, ic := range manifest.Icons {
		if get(t, s, ic.Src).status != 200 {
			t.Errorf("the manifest names %s, which is not served", ic.Src)
		}
	}
	home := parsePage(t, "/", get(t, s, "/").body)
	for _, sel := range []string{`link[rel=manifest]`, `link[rel=apple-touch-icon]`, `link[rel=icon][sizes="32x32"]`} {
		if href := attr(home.one(sel), "href"); href == "" || get(t, s, href).status != 200 {
			t.Errorf("%s: %q is not served", sel, href)
		}
	}
}

// TestOEmbed checks the oEmbed documents, and that the card they frame
// may be framed only by the origins the operator names.
func TestOEmbed(t *testing.T) {
	s := newTestServer(t)
	type oembedDoc struct {
		Version, Type, Title, HTML string
		ProviderName               string `json:"provider_name"`
		ThumbnailURL               string `json:"thumbnail_url"`
		Width, Height              int
	}
	for _, u := range []string{testBase + "/errors/WSAECONNRESET", testBase + "/10054", testBase + "/errors/wsaeconnreset"} {
		r := get(t, s, "/oembed?format=json&url="+url.QueryEscape(u)+"&maxwidth=400")
		var doc oembedDoc
		if err := json.Unmarshal([]byte(r.body), &doc); err != nil || r.status != 200 || r.header.Get("Access-Control-Allow-Origin") != "*" {
			t.Errorf("oEmbed of %s: %d %v", u, r.status, err)
			continue
		}
		if doc.Version != "1.0" || doc.Type != "rich" || doc.ProviderName != "sockerr" || doc.Width != 400 || doc.Height != embedHeight ||
			doc.Title != "WSAECONNRESET (10054): Connection reset by peer" || doc.ThumbnailURL != testBase+"/preview/WSAECONNRESET.png" {
			t.Errorf("oEmbed of %s: %+v", u, doc)
		}
		frame := parsePage(t, "oEmbed html", doc.HTML)
		frame.wantAttr("iframe", "src", testBase+"/embed/WSAECONNRESET")
		frame.wantAttr("iframe", "width", "400")
	}
	for _, tc := range []struct {
		query  string
		status int
	}{
		{"url=" + url.QueryEscape(testBase+"/errors/WSAECONNRESET") + "&format=xml", http.StatusNotImplemented},
		{"url=" + url.QueryEscape("https://evil.example/errors/WSAECONNRESET"), http.StatusNotFound},
		{"url=" + url.QueryEscape(testBase+"/errors/NOPE"), http.StatusNotFound},
		{"url=%zz", http.StatusBadRequest},
		{"", http.StatusNotFound},
		{"url=" + url.QueryEscape(testBase+"/errors/WSAECONNRESET") + "&maxwidth=-3", http.StatusBadRequest},
	} {
		if r := get(t, s, "/oembed?"+tc.query); r.status != tc.status {
			t.Errorf("GET /oembed?%s: %d, want %d", tc.query, r.status, tc.status)
		}
	}

	// By default nothing may frame anything.
	card := get(t, s, "/embed/WSAECONNRESET")
	if card.status != 200 || card.header.Get("X-Frame-Options") != "DENY" || !strings.Contains(card.header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
		t.Errorf("GET /embed/WSAECONNRESET without embed origins: %d, X-Frame-Options %q, CSP %q", card.status, card.header.Get("X-Frame-Options"), card.header.Get("Content-Security-Policy"))
	}
	p := parsePage(t, "/embed/WSAECONNRESET", card.body)
	p.wantText("h1 .name", "WSAECONNRESET (10054)")
	p.wantText(".embed-msg", "An existing connection was forcibly closed by the remote host.")
	p.one(".embed-fix ol > li")
	for _, a := range p.all("a") {
		if attr(a, "target") != "_blank" || !strings.HasPrefix(attr(a, "href"), testBase+"/") {
			t.Errorf("/embed/WSAECONNRESET: a link to %q that does not open the site in a new tab", attr(a, "href"))
		}
	}

	// With an allowed origin, the cards (and only the cards) may be framed
	// by it.
	framed, err := New(Config{BaseURL: testBase, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), EmbedOrigins: []string{"https://wiki.example.org"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := framed.Load(content.FS); err != nil {
		t.Fatal(err)
	}
	card = get(t, framed, "/embed/WSAECONNRESET")
	if csp := card.header.Get("Content-Security-Policy"); card.header.Get("X-Frame-Options") != "" || !strings.Contains(csp, "frame-ancestors 'self' https://wiki.example.org") || strings.Contains(csp, "'none'; ") && strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("GET /embed/WSAECONNRESET with an embed origin: X-Frame-Options %q, CSP %q", card.header.Get("X-Frame-Options"), csp)
	}
	if page := get(t, framed, "/errors/WSAECONNRESET"); page.header.Get("X-Frame-Options") != "DENY" || !strings.Contains(page.header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
		t.Errorf("an article page may be framed when only cards should")
	}
	for _, bad := range []string{"wiki.example.org", "https://wiki.example.org/path", "ftp://x.example", "https://x.example; script-src *"} {
		if _, err := New(Config{EmbedOrigins: []string{bad}}); err == nil {
			t.Errorf("New with embed origin %q: no error", bad)
		}
	}
}

// TestShareLinks checks the share menu: each way to link to an article
// points at it.
func TestShareLinks(t *testing.T) {
	s := newTestServer(t)
	p := parsePage(t, "/errors/WSAECONNRESET", get(t, s, "/errors/WSAECONNRESET").body)
	page := testBase + "/errors/WSAECONNRESET"
	want := []string{
		testBase + "/10054",
		"[WSAECONNRESET (10054): Connection reset by peer](" + page + ")",
		`<a href="` + page + `">WSAECONNRESET (10054): Connection reset by peer</a>`,
		"[WSAECONNRESET (10054): Connection reset by peer|" + page + "]",
		"[![WSAECONNRESET (10054): Connection reset by peer](" + testBase + "/badge/WSAECONNRESET.svg)](" + page + ")",
	}
	got := p.all("details.share dd code[data-copy]")
	if len(got) != len(want) {
		t.Fatalf("%d share links, want %d", len(got), len(want))
	}
	for i, n := range got {
		if textOf(n) != want[i] {
			t.Errorf("share link %d = %q, want %q", i, textOf(n), want[i])
		}
	}
	if r := get(t, s, "/10054"); r.header.Get("Location") != "/errors/WSAECONNRESET" {
		t.Errorf("the short link does not lead to the page: %q", r.header.Get("Location"))
	}
}
