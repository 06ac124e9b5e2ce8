package web

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html/template"
	"io/fs"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/sockerr/sockerr/content"
	"github.com/sockerr/sockerr/internal/par"
	"github.com/sockerr/sockerr/search"
)

// site is everything served from one corpus, built once and never changed:
// every page that does not depend on the query string is rendered here.
type site struct {
	corpus *content.Corpus
	index  *search.Index
	pages  map[string]*response // URL path → prepared response
	loaded time.Time

	pictures pictures // previews and badges, drawn on demand

	compressOnce sync.Once
	compressed   chan struct{} // closed when every page has its encodings

	// Searches hold mu for reading; retire takes it to close the index,
	// once the searches that loaded this site before it was replaced are
	// done.
	mu      sync.RWMutex
	retired bool
}

// search runs a query on the site's index. It reports false when the site
// was replaced and its index closed: search the current site instead.
func (st *site) search(q string, limit int) (*search.Result, bool, error) {
	st.mu.RLock()
	defer st.mu.RUnlock()
	if st.retired {
		return nil, false, nil
	}
	res, err := st.index.Search(q, limit)
	return res, true, err
}

// retire closes the index of a replaced site, its goroutines and memory
// going with it, once no search uses it.
func (st *site) retire() {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.retired = true
	st.index.Close()
}

// compress adds the gzip and brotli encodings of every page and asset. It
// runs once per site; later calls wait for the first.
func (st *site) compress(assets *assets) {
	st.compressOnce.Do(func() {
		all := make(map[string]*response, len(st.pages)+len(assets.files))
		for p, r := range st.pages {
			all[p] = r
		}
		for p, r := range assets.files {
			all[p] = r
		}
		compressAll(all)
		close(st.compressed)
	})
	<-st.compressed
}

// compressAll adds the compressed encodings of responses, on every core.
func compressAll(rs map[string]*response) {
	list := make([]*response, 0, len(rs))
	for _, r := range rs {
		list = append(list, r)
	}
	par.Each(len(list), func(i int) { list[i].compress() })
}

// Cache lifetimes. Pages may change when the content does, so they are
// revalidated with their ETag after a short while; hashed assets never
// change.
const (
	pageCache   = "public, max-age=300"
	apiCache    = "public, max-age=300"
	searchCache = "public, max-age=60"
)

// commonErrors are shown first on the home page: the errors people look up
// most.
var commonErrors = []string{
	"WSAECONNRESET", "WSAECONNABORTED", "WSAETIMEDOUT", "WSAECONNREFUSED",
	"WSAEADDRINUSE", "WSAEACCES", "WSAENOBUFS", "WSAHOST_NOT_FOUND",
}

func (s *Server) build(fsys fs.FS) (*site, error) {
	corpus, err := content.Load(fsys)
	if err != nil {
		return nil, err
	}
	// The index and the pages need only the corpus: build them side by side.
	var index *search.Index
	indexErr := make(chan error, 1)
	go func() {
		// A fault in the index is this load's failure, not the process's:
		// the site being served stays up.
		defer func() {
			if v := recover(); v != nil {
				indexErr <- fmt.Errorf("panic: %v", v)
			}
		}()
		var err error
		index, err = search.New(corpus)
		indexErr <- err
	}()
	st := &site{corpus: corpus, pages: map[string]*response{}, compressed: make(chan struct{})}
	if err := s.renderPages(st); err != nil {
		if err := <-indexErr; err == nil {
			index.Close()
		}
		return nil, err
	}
	if err := <-indexErr; err != nil {
		return nil, fmt.Errorf("building the search index: %w", err)
	}
	st.index = index
	st.loaded = time.Now()
	return st, nil
}

// renderPages renders every page and document that does not depend on the
// query string into st.pages.
func (s *Server) renderPages(st *site) error {
	corpus := st.corpus

	html := func(path, tmpl string, data any) error {
		b, err := s.render(tmpl, data)
		if err != nil {
			return err
		}
		st.pages[path] = newResponse("text/html; charset=utf-8", pageCache, b)
		return nil
	}
	defer func() {
		// Anyone may fetch the API's documents.
		for path, p := range st.pages {
			p.cors = strings.HasPrefix(path, "/api/")
		}
	}()

	home := &homePage{
		basePage:    s.pageBase("/", "sockerr — Winsock and socket errors explained", "What every Winsock error means, why it happens and how to fix it. Paste an error code, a message or a stack-trace line."),
		KnownIssues: corpus.KnownIssues(),
	}
	home.Home = true
	for _, a := range corpus.Errors() {
		if a.Winsock() {
			home.Errors = append(home.Errors, a)
		} else {
			home.Others = append(home.Others, a)
		}
	}
	for _, id := range commonErrors {
		if a := corpus.Article(id); a != nil {
			home.Common = append(home.Common, a)
		}
	}
	if err := html("/", "home", home); err != nil {
		return err
	}
	errs := &listPage{
		basePage: s.pageBase("/errors", "Every socket error, by family · sockerr", "Every Winsock error and the POSIX and resolver errors programs print on Linux and macOS, grouped by what goes wrong."),
		Total:    len(corpus.Errors()),
	}
	for _, f := range content.Families {
		g := group{Key: f.Key, Name: f.Name}
		for _, a := range corpus.Errors() {
			if a.Family == f.Key {
				g.Articles = append(g.Articles, a)
			}
		}
		if len(g.Articles) > 0 {
			errs.Groups = append(errs.Groups, g)
		}
	}
	if err := html("/errors", "errors", errs); err != nil {
		return err
	}
	kbs := &listPage{
		basePage: s.pageBase("/kb", "Known issues · sockerr", "Microsoft's known issues behind socket errors: what triggers them, which systems they affect, and the fix."),
		Total:    len(corpus.KnownIssues()),
	}
	kbs.Current, kbs.Historical = byHistory(corpus.KnownIssues())
	if err := html("/kb", "kbs", kbs); err != nil {
		return err
	}

	if err := html("/scan", "scan", s.scanPage(nil)); err != nil {
		return err
	}

	// An article's page and JSON depend on nothing but the article, and
	// rendering them is most of this function's time: spread it over the
	// cores, then store the results in one goroutine.
	articles := corpus.Articles()
	type rendered struct{ page, json *response }
	out := make([]rendered, len(articles))
	failed := make([]error, len(articles))
	par.Each(len(articles), func(i int) {
		page, doc, err := s.renderArticle(articles[i], corpus)
		out[i], failed[i] = rendered{page, doc}, err
	})
	for i, a := range articles {
		if failed[i] != nil {
			return fmt.Errorf("%s: %w", a.Path, failed[i])
		}
		st.pages[a.URL()] = out[i].page
		st.pages[apiPath(a)] = out[i].json
	}

	// Empty lists are [], never null.
	list := apiList{Total: len(corpus.Errors()), Errors: []apiSummary{}, KnownIssues: []apiSummary{}}
	for _, a := range corpus.Errors() {
		list.Errors = append(list.Errors, s.apiSummaryJSON(a))
	}
	for _, a := range corpus.KnownIssues() {
		list.KnownIssues = append(list.KnownIssues, s.apiSummaryJSON(a))
	}
	js, err := jsonBytes(list)
	if err != nil {
		return err
	}
	st.pages["/api/v1/errors"] = newResponse("application/json", apiCache, js)
	st.pages["/api/v1/openapi.json"] = newResponse("application/json", apiCache, s.openAPI)

	st.pages["/sitemap.xml"] = newResponse("application/xml; charset=utf-8", pageCache, s.sitemap(corpus))
	st.pages["/opensearch.xml"] = newResponse("application/opensearchdescription+xml; charset=utf-8", pageCache, s.openSearch())
	st.pages["/robots.txt"] = newResponse("text/plain; charset=utf-8", pageCache,
		[]byte("User-agent: *\nDisallow: /search\nDisallow: /api/\nSitemap: "+s.absURL("/sitemap.xml")+"\n"))
	return nil
}

// renderArticle renders an article's page and its API document.
func (s *Server) renderArticle(a *content.Article, c *content.Corpus) (page, doc *response, err error) {
	tmpl := "error"
	if a.Kind == content.KindKB {
		tmpl = "kb"
	}
	b, err := s.render(tmpl, s.articlePage(a, c))
	if err != nil {
		return nil, nil, err
	}
	js, err := jsonBytes(s.apiArticleJSON(a))
	if err != nil {
		return nil, nil, err
	}
	return newResponse("text/html; charset=utf-8", pageCache, b), newResponse("application/json", apiCache, js), nil
}

func apiPath(a *content.Article) string { return "/api/v1" + a.URL() }

// ogTitle is how a link to an article is titled where it is shared:
// "WSAECONNRESET (10054): Connection reset by peer".
func ogTitle(a *content.Article) string {
	switch {
	case a.Kind == content.KindKB:
		return "KB " + a.ID + ": " + a.Title
	case !a.Winsock():
		return a.ID + ": " + a.Title
	}
	return a.ID + " (" + fmt.Sprint(a.Code) + "): " + a.Title
}

// imageAlt describes an article's preview image.
func imageAlt(a *content.Article) string {
	if a.Message != "" {
		return ogTitle(a) + ". " + a.Message
	}
	return ogTitle(a)
}

func (s *Server) articlePage(a *content.Article, c *content.Corpus) *articlePage {
	title := a.ID + " (" + fmt.Sprint(a.Code) + ") — " + a.Title + " · sockerr"
	og := ogTitle(a)
	switch {
	case a.Kind == content.KindKB:
		title = "KB " + a.ID + ": " + a.Title + " · sockerr"
	case !a.Winsock():
		title = a.ID + " — " + a.Title + " · sockerr"
	}
	p := &articlePage{
		basePage: s.pageBase(a.URL(), title, a.Summary),
		Article:  a,
		Body:     template.HTML(s.linksUnderBase(a.HTML)),    // rendered by goldmark with raw HTML off
		Fix:      template.HTML(s.linksUnderBase(a.FixHTML)), // likewise
		Family:   content.FamilyName(a.Family),
	}
	p.OGTitle = og
	p.OGType = "article"
	p.Image = s.absURL(previewPath(a))
	p.ImageAlt = imageAlt(a)
	p.OEmbed = s.absURL("/oembed?format=json&url=" + url.QueryEscape(p.Canonical))
	p.Share = s.shareLinks(a, og)
	if a.Winsock() {
		p.SignedHRESULT = int32(content.HRESULT(a.Code))
	}
	if t, err := time.Parse(time.DateOnly, a.Reviewed); err == nil {
		p.Reviewed = t.Format("2 January 2006")
	}
	for _, m := range a.Messages {
		p.Messages = append(p.Messages, localized{m.Lang, content.LanguageName(m.Lang), m.Text})
	}
	for _, f := range a.Functions {
		p.Functions = append(p.Functions, docLink{f, c.FunctionDoc(f)})
	}
	p.Current, p.Historical = byHistory(a.KnownIssues)
	// "On this page": the sections the page puts around the body, and the
	// body's own.
	if a.FixHTML != "" {
		p.TOC = append(p.TOC, tocEntry{"quick-fix", "Quick fix"})
	}
	if len(a.SeenAs) > 0 {
		p.TOC = append(p.TOC, tocEntry{"seen-as", "How it shows up"})
	}
	for _, h := range a.Headings {
		if h.Level == 2 && h.ID != "" {
			p.TOC = append(p.TOC, tocEntry{h.ID, h.Title})
		}
	}
	if len(a.KnownIssues) > 0 {
		p.TOC = append(p.TOC, tocEntry{"known-issues", "Known issues"})
	}
	ld := map[string]any{
		"@context":         "https://schema.org",
		"@type":            "TechArticle",
		"headline":         og,
		"description":      a.Summary,
		"url":              p.Canonical,
		"mainEntityOfPage": p.Canonical,
		"inLanguage":       "en",
		"isPartOf":         map[string]any{"@type": "WebSite", "name": "sockerr", "url": s.absURL("/")},
		"publisher":        map[string]any{"@type": "Organization", "name": "sockerr"},
	}
	if a.Reviewed != "" {
		ld["dateModified"] = a.Reviewed
	}
	if a.Winsock() {
		ld["about"] = map[string]any{"@type": "Thing", "name": a.ID, "alternateName": []string{fmt.Sprint(a.Code), a.Hex(), a.HRESULT()}, "description": a.Message}
		ld["keywords"] = append([]string{a.ID, fmt.Sprint(a.Code), a.Hex(), a.HRESULT()}, a.Aliases...)
	}
	b, _ := json.Marshal(ld)
	p.JSONLD = template.JS(b) // json.Marshal escapes <, > and &
	return p
}

// shareLinks are the ways to link to an article from a ticket, a wiki or
// chat: the short link, and links in Markdown, HTML, Confluence's wiki
// markup, and a badge for Markdown.
func (s *Server) shareLinks(a *content.Article, label string) []shareLink {
	short := s.absURL("/" + a.ID)
	if a.Winsock() {
		short = s.absURL("/" + fmt.Sprint(a.Code))
	} else if a.Kind == content.KindKB {
		short = s.absURL("/KB" + a.ID)
	}
	page := s.absURL(a.URL())
	return []shareLink{
		{"Short link", short},
		{"Markdown", "[" + label + "](" + page + ")"},
		{"HTML", `<a href="` + template.HTMLEscapeString(page) + `">` + template.HTMLEscapeString(label) + `</a>`},
		{"Confluence wiki markup", "[" + strings.ReplaceAll(label, "|", "-") + "|" + page + "]"},
		{"Badge (Markdown)", "[![" + strings.ReplaceAll(label, "]", ")") + "](" + s.absURL(badgePath(a)) + ")](" + page + ")"},
	}
}

// linksUnderBase puts the site's own links in a rendered body (href="/…",
// which only the cross-linker writes: goldmark keeps raw HTML out) under
// the base URL's path.
func (u urls) linksUnderBase(html string) string {
	if u.base.Path == "" {
		return html
	}
	return strings.ReplaceAll(html, `href="/`, `href="`+u.base.Path+`/`)
}

// byHistory splits known issues into those that still bite and the
// historical ones.
func byHistory(kbs []*content.Article) (current, historical []*content.Article) {
	for _, k := range kbs {
		if k.Historical {
			historical = append(historical, k)
		} else {
			current = append(current, k)
		}
	}
	return current, historical
}

// jsonBytes encodes an API document: compact (indenting was a tenth of the
// time to render a large corpus; `| jq` shows it indented), with a newline
// at the end for terminals.
func jsonBytes(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

func (s *Server) sitemap(c *content.Corpus) []byte {
	type u struct {
		Loc string `xml:"loc"`
	}
	type urlset struct {
		XMLName xml.Name `xml:"urlset"`
		NS      string   `xml:"xmlns,attr"`
		URLs    []u      `xml:"url"`
	}
	set := urlset{NS: "http://www.sitemaps.org/schemas/sitemap/0.9", URLs: []u{{s.absURL("/")}, {s.absURL("/errors")}, {s.absURL("/kb")}}}
	for _, a := range c.Articles() {
		set.URLs = append(set.URLs, u{s.absURL(a.URL())})
	}
	b, _ := xml.MarshalIndent(set, "", "  ")
	return append([]byte(xml.Header), append(b, '\n')...)
}

func (s *Server) openSearch() []byte {
	type urlT struct {
		Type     string `xml:"type,attr"`
		Method   string `xml:"method,attr,omitempty"`
		Template string `xml:"template,attr"`
		Rel      string `xml:"rel,attr,omitempty"`
	}
	type image struct {
		Width  int    `xml:"width,attr"`
		Height int    `xml:"height,attr"`
		Type   string `xml:"type,attr"`
		URL    string `xml:",chardata"`
	}
	type desc struct {
		XMLName       xml.Name `xml:"OpenSearchDescription"`
		NS            string   `xml:"xmlns,attr"`
		ShortName     string   `xml:"ShortName"`
		Description   string   `xml:"Description"`
		InputEncoding string   `xml:"InputEncoding"`
		Image         image    `xml:"Image"`
		URLs          []urlT   `xml:"Url"`
	}
	favicon, _ := s.assets.url("favicon.svg")
	d := desc{
		NS:            "http://a9.com/-/spec/opensearch/1.1/",
		ShortName:     "sockerr",
		Description:   "Look up a Winsock or socket error by code, name or message",
		InputEncoding: "UTF-8",
		Image:         image{Width: 32, Height: 32, Type: "image/svg+xml", URL: s.absURL(favicon)},
		URLs: []urlT{
			{Type: "text/html", Method: "get", Template: s.absURL("/search?q={searchTerms}")},
			{Type: "application/json", Method: "get", Template: s.absURL("/api/v1/search?q={searchTerms}"), Rel: "results"},
		},
	}
	b, _ := xml.MarshalIndent(d, "", "  ")
	return append([]byte(xml.Header), append(b, '\n')...)
}
