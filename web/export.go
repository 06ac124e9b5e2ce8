package web

import (
	"slices"

	"github.com/sockerr/sockerr/content"
)

// An ExportedFile is one file of the static export of the site.
type ExportedFile struct {
	Path        string // URL path: "/", "/errors/WSAECONNRESET", "/static/style.1a2b3c4d5e.css"
	ContentType string
	Body        []byte // identity encoding
	Gzip        []byte // nil when not worth compressing
	Brotli      []byte
}

// Export calls write for every page the site serves from memory, the hashed
// assets, the icons, every article's preview, badge and embeddable card,
// and a generic 404 page ("/404.html"), in path order. The bytes are
// exactly those the server sends. Paths are the site's own, without the
// base URL's path: the export is the site's root.
func (s *Server) Export(write func(ExportedFile) error) error {
	st := s.site.Load()
	if st == nil {
		return errNoSite
	}
	files := map[string]*response{}
	for p, r := range st.pages {
		files[p] = r
	}
	for _, u := range s.assets.urls {
		files[u] = s.assets.files[u]
	}
	for p, r := range s.iconFiles() {
		files[p] = r
	}
	site, err := st.previewOf(nil)
	if err != nil {
		return err
	}
	files[sitePreview] = site
	for _, a := range st.corpus.Articles() {
		preview, err := st.previewOf(a)
		if err != nil {
			return err
		}
		embed, err := s.embedOf(st, a)
		if err != nil {
			return err
		}
		files[previewPath(a)], files[badgePath(a)], files[embedPath(a)] = preview, st.badgeOf(a), embed
	}
	compressAll(files)
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, p := range paths {
		r := files[p]
		f := ExportedFile{Path: p, ContentType: r.contentType, Body: r.raw}
		if e := r.enc.Load(); e != nil {
			f.Gzip, f.Brotli = e.gz.body, e.br.body
		}
		if err := write(f); err != nil {
			return err
		}
	}
	// The 404 page, without the search results a live server adds.
	b, err := s.problemPage(notFound(""), nil)
	if err != nil {
		return err
	}
	return write(ExportedFile{Path: "/404.html", ContentType: "text/html; charset=utf-8", Body: b})
}

// ArticleJSON returns the API's JSON for one article, as served at
// /api/v1/errors/{id} or /api/v1/kb/{id}, with absolute URLs under baseURL.
func ArticleJSON(baseURL string, a *content.Article) ([]byte, error) {
	base, err := parseBase(baseURL)
	if err != nil {
		return nil, err
	}
	return jsonBytes(urls{base}.apiArticleJSON(a))
}
