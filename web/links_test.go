package web

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"strings"
	"testing"
)

// TestShortURLs checks that every form of identifier redirects to its
// canonical page, canonical pages answer as they are, and nothing else
// redirects — least of all to another host.
func TestShortURLs(t *testing.T) {
	s := newTestServer(t)
	const (
		reset   = "/errors/WSAECONNRESET"
		abort   = "/errors/WSAECONNABORTED"
		kb196   = "/kb/196271"
		kb159   = "/kb/159254"
		pending = "/errors/WSA_IO_PENDING"
	)
	for _, tc := range []struct {
		path     string
		status   int
		location string
	}{
		// Canonical pages.
		{reset, 200, ""},
		{kb196, 200, ""},
		{"/errors/WSA_IO_PENDING", 200, ""},
		// Decimal, hex, HRESULT.
		{"/10054", 301, reset},
		{"/10053", 301, abort},
		{"/0x2746", 301, reset},
		{"/0X2746", 301, reset},
		{"/2746", 301, reset},
		{"/0x80072746", 301, reset},
		{"/-2147014842", 301, reset},
		{"/997", 301, pending},
		{"/0x3E5", 301, pending},
		// Names in any case, POSIX names, .NET members, aliases.
		{"/WSAECONNRESET", 301, reset},
		{"/wsaeconnreset", 301, reset},
		{"/WsaEConnReset", 301, reset},
		{"/ECONNRESET", 301, reset},
		{"/econnreset", 301, reset},
		{"/ConnectionReset", 301, reset},
		{"/SocketError.ConnectionReset", 301, reset},
		{"/ERROR_IO_PENDING", 301, pending},
		{"/errors/wsaeconnreset", 301, reset},
		{"/errors/10054", 301, reset},
		{"/errors/0x2746", 301, reset},
		{"/errors/ECONNRESET", 301, reset},
		// KB forms.
		{"/KB196271", 301, kb196},
		{"/kb196271", 301, kb196},
		{"/Q196271", 301, kb196},
		{"/q159254", 301, kb159},
		{"/kb/Q196271", 301, kb196},
		{"/kb/KB196271", 301, kb196},
		{"/kb/q159254", 301, kb159},
		{"/196271", 301, kb196},
		// Unknown inputs: a 404 page, never a redirect.
		{"/WSAENOTHING", 404, ""},
		{"/12345678", 404, ""},
		{"/0x80070005", 404, ""},
		{"/kb/123", 404, ""},
		// A page's path with a slash at the end.
		{"/errors/", 301, "/errors"},
		{"/kb/", 301, "/kb"},
		{"/errors/WSAECONNRESET/", 301, reset},
		{"/kb/196271/", 301, kb196},
		{"/errors/EPIPE", 200, ""},
		{"/EPIPE", 301, "/errors/EPIPE"},
		{"/EAI_AGAIN", 301, "/errors/EAI_AGAIN"},
		{"/errors/WSAECONNRESET/extra", 404, ""},
		{"/KB", 404, ""},
		// Hostile inputs: never a redirect off the site.
		{"//example.com", 404, ""},
		{"//example.com/10054", 404, ""},
		{"/%2F%2Fexample.com", 404, ""},
		{"/%5Cexample.com", 404, ""},
		{"/%0D%0ALocation:%20http://evil.example", 404, ""},
		{"/http://example.com", 404, ""},
		{"/errors/%2e%2e%2f%2e%2e%2fetc%2fpasswd", 404, ""},
		{"/..%2F..%2Fetc%2Fpasswd", 404, ""},
		{"/%E2%80%AE10054", 301, reset}, // format characters are ignored; the target is still canonical
		{"/%ff%fe", 404, ""},
		{"/" + strings.Repeat("A", 5000), 404, ""},
	} {
		r := get(t, s, tc.path)
		if r.status != tc.status {
			t.Errorf("GET %.80s: status %d, want %d", tc.path, r.status, tc.status)
			continue
		}
		if loc := r.header.Get("Location"); loc != tc.location {
			t.Errorf("GET %.80s: Location %q, want %q", tc.path, loc, tc.location)
		}
		if tc.status == 404 && !strings.Contains(r.body, "Page not found") {
			t.Errorf("GET %.80s: 404 without the not-found page", tc.path)
		}
	}

	// A 404 for something searchable shows what the search finds.
	r := get(t, s, "/connection-reset")
	if r.status != 404 || !strings.Contains(r.body, `href="/errors/WSAECONNRESET"`) || !strings.Contains(r.body, `value="connection-reset"`) {
		t.Errorf("GET /connection-reset: status %d; want a 404 that lists WSAECONNRESET and fills the search box", r.status)
	}
}

func TestDiscovery(t *testing.T) {
	s := newTestServer(t)
	r := get(t, s, "/opensearch.xml")
	if r.header.Get("Content-Type") != "application/opensearchdescription+xml; charset=utf-8" {
		t.Errorf("/opensearch.xml: Content-Type %q", r.header.Get("Content-Type"))
	}
	var osd struct {
		ShortName string `xml:"ShortName"`
		URLs      []struct {
			Type     string `xml:"type,attr"`
			Template string `xml:"template,attr"`
		} `xml:"Url"`
	}
	if err := xml.Unmarshal([]byte(r.body), &osd); err != nil || osd.ShortName != "sockerr" || len(osd.URLs) == 0 || osd.URLs[0].Template != "https://sockerr.example/search?q={searchTerms}" {
		t.Errorf("/opensearch.xml = %+v (err %v)", osd, err)
	}

	var sm struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal([]byte(get(t, s, "/sitemap.xml").body), &sm); err != nil {
		t.Fatalf("/sitemap.xml: %v", err)
	}
	listed := map[string]bool{}
	for _, u := range sm.URLs {
		path, ok := strings.CutPrefix(u.Loc, testBase)
		if !ok {
			t.Errorf("sitemap URL %q is not under the base URL", u.Loc)
			continue
		}
		listed[path] = true
		if r := get(t, s, path); r.status != 200 {
			t.Errorf("sitemap URL %s: status %d", u.Loc, r.status)
		}
	}
	for _, a := range s.site.Load().corpus.Articles() {
		if !listed[a.URL()] {
			t.Errorf("sitemap lacks %s", a.URL())
		}
	}
	if r := get(t, s, "/robots.txt"); !strings.Contains(r.body, "Sitemap: https://sockerr.example/sitemap.xml") {
		t.Errorf("/robots.txt = %q", r.body)
	}
}

func TestAPI(t *testing.T) {
	s := newTestServer(t)
	type article struct {
		ID, Kind, Title, URL, Message, Summary, Hex, HRESULT, DotNet, HTML string
		Code                                                               int
		Errno                                                              struct{ Name string }
		SeeAlso                                                            []struct{ ID string } `json:"see_also"`
		KnownIssues                                                        []struct{ ID string } `json:"known_issues"`
	}
	for _, path := range []string{"/api/v1/errors/WSAECONNRESET", "/api/v1/errors/10054", "/api/v1/errors/0x80072746", "/api/v1/errors/econnreset"} {
		r := get(t, s, path)
		var a article
		if r.status != 200 || json.Unmarshal([]byte(r.body), &a) != nil {
			t.Errorf("GET %s: status %d, body %.100s", path, r.status, r.body)
			continue
		}
		if a.ID != "WSAECONNRESET" || a.Code != 10054 || a.Hex != "0x2746" || a.HRESULT != "0x80072746" || a.Errno.Name != "ECONNRESET" ||
			a.DotNet != "ConnectionReset" || a.URL != "https://sockerr.example/errors/WSAECONNRESET" || len(a.SeeAlso) == 0 ||
			len(a.KnownIssues) == 0 || !strings.Contains(a.HTML, "<h2") || a.Message != "An existing connection was forcibly closed by the remote host." {
			t.Errorf("GET %s = %+v", path, a)
		}
		if r.header.Get("Access-Control-Allow-Origin") != "*" || r.header.Get("ETag") == "" || r.header.Get("Cache-Control") == "" {
			t.Errorf("GET %s: headers %v", path, r.header)
		}
		if nm := get(t, s, path, "If-None-Match", r.header.Get("ETag")); nm.status != http.StatusNotModified {
			t.Errorf("GET %s with If-None-Match: %d, want 304", path, nm.status)
		}
	}
	var kb article
	if r := get(t, s, "/api/v1/kb/Q196271"); r.status != 200 || json.Unmarshal([]byte(r.body), &kb) != nil || kb.ID != "196271" || kb.Kind != "kb" {
		t.Errorf("GET /api/v1/kb/Q196271: %d %+v", r.status, kb)
	}

	var list struct {
		Total       int
		Errors      []struct{ ID, API string }
		KnownIssues []struct{ ID string } `json:"known_issues"`
	}
	if r, n := get(t, s, "/api/v1/errors"), builtInErrors(t); json.Unmarshal([]byte(r.body), &list) != nil || list.Total != n || len(list.Errors) != n || len(list.KnownIssues) == 0 {
		t.Errorf("GET /api/v1/errors: total %d, %d errors, %d known issues", list.Total, len(list.Errors), len(list.KnownIssues))
	}

	var res struct {
		Query string
		Total int
		Hits  []struct {
			ID, Kind, Title, URL, Snippet, Match string
			Code                                 int
			Score                                float64
		}
	}
	r := get(t, s, "/api/v1/search?q=java.net.SocketException:+Connection+reset&limit=3")
	if r.status != 200 || json.Unmarshal([]byte(r.body), &res) != nil || len(res.Hits) == 0 || len(res.Hits) > 3 ||
		res.Hits[0].ID != "WSAECONNRESET" || res.Hits[0].URL != testBase+"/errors/WSAECONNRESET" || res.Hits[0].Code != 10054 ||
		res.Hits[0].Match != "exact" || res.Query == "" {
		t.Errorf("GET /api/v1/search: %d %+v", r.status, res)
	}
	if nm := get(t, s, "/api/v1/search?q=java.net.SocketException:+Connection+reset&limit=3", "If-None-Match", r.header.Get("ETag")); nm.status != http.StatusNotModified {
		t.Errorf("search with If-None-Match: %d, want 304", nm.status)
	}

	for _, tc := range []struct {
		path   string
		status int
	}{
		{"/api/v1/errors/WSAENOTHING", 404},
		{"/api/v1/kb/1", 404},
		{"/api/v1/search", 400},
		{"/api/v1/search?q=", 400},
		{"/api/v1/search?q=reset&limit=0", 400},
		{"/api/v1/search?q=reset&limit=abc", 400},
		{"/api/v1/search?q=reset&limit=100000", 200},
		{"/api/v1/search?q=%00%01%02", 400},
		{"/api/v1/nothing", 404},
	} {
		r := get(t, s, tc.path)
		var e struct{ Error string }
		if r.status != tc.status {
			t.Errorf("GET %s: status %d, want %d", tc.path, r.status, tc.status)
		}
		if !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
			t.Errorf("GET %s: Content-Type %q, want JSON", tc.path, r.header.Get("Content-Type"))
		}
		if tc.status != 200 && (json.Unmarshal([]byte(r.body), &e) != nil || e.Error == "") {
			t.Errorf("GET %s: body %q, want {\"error\": ...}", tc.path, r.body)
		}
	}
}
