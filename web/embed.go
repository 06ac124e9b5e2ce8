package web

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/sockerr/sockerr/content"
	"github.com/sockerr/sockerr/templates"
)

// Embeds: oEmbed (https://oembed.com) for wikis and chat tools that
// unfurl links into cards, and the card itself, /embed/{id}, a small
// self-contained page that other sites may frame, but only the origins
// the operator allows (Config.EmbedOrigins).

// The size of an embedded card, and the least a consumer may ask for.
const (
	embedWidth, embedHeight = 560, 360
	minEmbedWidth           = 240
	minEmbedHeight          = 160
)

type embedPage struct {
	Article   *content.Article
	Label     string
	Canonical string
	Fix       template.HTML
}

func parseEmbed(funcs template.FuncMap) (*template.Template, error) {
	return template.New("embed").Funcs(funcs).ParseFS(templates.FS, "embed.html")
}

// embed serves /embed/{id}: the card of the article the id names.
func (s *Server) embed(w http.ResponseWriter, r *http.Request) error {
	st := s.site.Load()
	a := st.index.Resolve(chi.URLParam(r, "id"))
	if a == nil {
		return notFound("")
	}
	p, err := s.embedOf(st, a)
	if err != nil {
		return err
	}
	if len(s.cfg.EmbedOrigins) > 0 {
		// Framing by the allowed origins only: X-Frame-Options cannot
		// name origins, so frame-ancestors alone says it.
		h := w.Header()
		h.Del("X-Frame-Options")
		h.Set("Content-Security-Policy", s.embedCSP)
	}
	p.serve(w, r)
	return nil
}

// embedOf returns an article's card, rendered on first use.
func (s *Server) embedOf(st *site, a *content.Article) (*response, error) {
	return st.pictures.get(embedPath(a), func() (*response, error) {
		var buf bytes.Buffer
		err := s.embedTmpl.ExecuteTemplate(&buf, "embed", &embedPage{
			Article: a, Label: a.Label(), Canonical: s.absURL(a.URL()), Fix: template.HTML(s.absLinks(a.FixHTML)),
		})
		if err != nil {
			return nil, fmt.Errorf("template embed: %w", err)
		}
		return newResponse("text/html; charset=utf-8", pageCache, buf.Bytes()), nil
	})
}

func embedPath(a *content.Article) string { return "/embed/" + a.ID }

// absLinks makes the site's own links in rendered HTML absolute and open
// in a new tab, for a card shown in a frame on another site.
func (s *Server) absLinks(html string) string {
	return strings.ReplaceAll(html, `<a href="/`, `<a target="_blank" rel="noopener" href="`+s.base.String()+`/`)
}

// oembed serves /oembed?url=&format=json[&maxwidth=&maxheight=]: the
// oEmbed document of the article page url is.
func (s *Server) oembed(w http.ResponseWriter, r *http.Request) error {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return badRequest("The query could not be read: %v", err)
	}
	if f := q.Get("format"); f != "" && f != "json" {
		return &httpError{status: http.StatusNotImplemented, msg: "Only format=json is served."}
	}
	a := s.articleAt(q.Get("url"))
	if a == nil {
		return &httpError{status: http.StatusNotFound, msg: "url must be the address of one of this site's articles."}
	}
	width, height := embedWidth, embedHeight
	for _, lim := range []struct {
		param string
		v     *int
		least int
	}{{"maxwidth", &width, minEmbedWidth}, {"maxheight", &height, minEmbedHeight}} {
		if v := q.Get(lim.param); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				return badRequest("%s must be a positive whole number", lim.param)
			}
			*lim.v = max(min(*lim.v, n), lim.least)
		}
	}
	title := a.Label() + ": " + a.Title
	src := s.absURL(embedPath(a))
	frame := fmt.Sprintf(`<iframe src="%s" width="%d" height="%d" title="%s" loading="lazy"></iframe>`,
		template.HTMLEscapeString(src), width, height, template.HTMLEscapeString(title))
	doc := map[string]any{
		"version":          "1.0",
		"type":             "rich",
		"provider_name":    "sockerr",
		"provider_url":     s.absURL("/"),
		"title":            title,
		"html":             frame,
		"width":            width,
		"height":           height,
		"thumbnail_url":    s.absURL(previewPath(a)),
		"thumbnail_width":  1200,
		"thumbnail_height": 630,
		"cache_age":        86400,
	}
	w.Header().Set("Cache-Control", pageCache)
	writeJSON(w, r, http.StatusOK, doc)
	return nil
}

// articleAt returns the article an absolute URL of this site names: its
// page, or any short URL of it; nil for anything else.
func (s *Server) articleAt(raw string) *content.Article {
	u, err := url.Parse(raw)
	if err != nil || !strings.EqualFold(u.Host, s.base.Host) || u.Scheme != "http" && u.Scheme != "https" {
		return nil
	}
	p, ok := strings.CutPrefix(u.Path, s.base.Path)
	if !ok || !strings.HasPrefix(p, "/") {
		return nil
	}
	st := s.site.Load()
	for _, prefix := range []string{"/errors/", "/kb/", "/"} {
		if name, ok := strings.CutPrefix(p, prefix); ok && name != "" && !strings.Contains(name, "/") {
			return st.index.Resolve(name)
		}
	}
	return nil
}
