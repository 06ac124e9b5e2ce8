package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/go-chi/chi/v5"

	"github.com/sockerr/sockerr/content"
	"github.com/sockerr/sockerr/internal/card"
)

// The pictures: link previews and badges, drawn on first request and kept
// for the site they belong to (there are as many as articles), and the
// site's icons, drawn once.

func previewPath(a *content.Article) string { return "/preview/" + a.ID + ".png" }
func badgePath(a *content.Article) string   { return "/badge/" + a.ID + ".svg" }

// sitePreview is the preview of the pages that are not an article's.
const sitePreview = "/preview/sockerr.png"

// pictureCache is how long browsers and CDNs keep a preview or a badge
// before they revalidate it: they change only when the content does.
const pictureCache = "public, max-age=86400"

// pictures holds a site's previews and badges, drawn on demand.
type pictures struct {
	drawn sync.Map // path → *response
}

func (p *pictures) get(path string, draw func() (*response, error)) (*response, error) {
	if r, ok := p.drawn.Load(path); ok {
		return r.(*response), nil
	}
	r, err := draw()
	if err != nil {
		return nil, err
	}
	got, _ := p.drawn.LoadOrStore(path, r)
	return got.(*response), nil
}

// cardOf is what an article's preview shows.
func cardOf(a *content.Article) card.Card {
	c := card.Card{Name: a.ID, Title: a.Title, Message: a.Message}
	switch {
	case a.Kind == content.KindKB:
		c.Kind, c.Code, c.Name, c.Message = "Known issue", "KB "+a.ID, "", a.Summary
	case a.Winsock():
		c.Kind, c.Code = "Winsock error", fmt.Sprint(a.Code)
	case a.GAI != nil:
		c.Kind = "getaddrinfo error"
	default:
		c.Kind = "POSIX error"
	}
	return c
}

// preview serves /preview/{file}: an article's link preview, a 1200×630
// PNG, or the site's.
func (s *Server) preview(w http.ResponseWriter, r *http.Request) error {
	st := s.site.Load()
	var a *content.Article
	if r.URL.Path != sitePreview {
		id, _ := strings.CutSuffix(chi.URLParam(r, "file"), ".png")
		if a = st.corpus.Article(id); a == nil || previewPath(a) != r.URL.Path {
			return notFound("")
		}
	}
	p, err := st.previewOf(a)
	if err != nil {
		return err
	}
	p.serve(w, r)
	return nil
}

// previewOf returns an article's preview; the site's for nil.
func (st *site) previewOf(a *content.Article) (*response, error) {
	path, c := sitePreview, card.Card{Kind: "Knowledge base", Name: "sockerr", Title: "Socket errors explained", Message: "What every Winsock and socket error means, why it happens and how to fix it."}
	if a != nil {
		path, c = previewPath(a), cardOf(a)
	}
	return st.pictures.get(path, func() (*response, error) {
		b, err := card.PreviewPNG(c)
		if err != nil {
			return nil, err
		}
		return newResponse("image/png", pictureCache, b), nil
	})
}

// badge serves /badge/{anything}.svg: a badge of the article the name
// resolves to, as short URLs resolve; or a "not found" badge with a 404,
// so an image in a wiki shows what went wrong.
func (s *Server) badge(w http.ResponseWriter, r *http.Request) error {
	st := s.site.Load()
	name, _ := strings.CutSuffix(chi.URLParam(r, "file"), ".svg")
	a := st.index.Resolve(name)
	if a == nil || len(name) > maxNameBytes {
		h := w.Header()
		h.Set("Content-Type", "image/svg+xml; charset=utf-8")
		h.Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusNotFound)
		if r.Method != http.MethodHead {
			w.Write(card.Badge("sockerr", "not found"))
		}
		return nil
	}
	st.badgeOf(a).serve(w, r)
	return nil
}

// badgeOf returns an article's badge: its name and code, or what it is.
func (st *site) badgeOf(a *content.Article) *response {
	p, _ := st.pictures.get(badgePath(a), func() (*response, error) {
		label, value := a.ID, fmt.Sprint(a.Code)
		switch {
		case a.Kind == content.KindKB:
			label, value = "KB "+a.ID, "known issue"
		case a.Errno != nil && !a.Winsock():
			value = "errno"
		case a.GAI != nil && !a.Winsock():
			value = "getaddrinfo"
		}
		return newResponse("image/svg+xml; charset=utf-8", pictureCache, card.Badge(label, value)), nil
	})
	return p
}

// icons are the site's icons and its web app manifest, drawn once, on the
// first request for one of them: path → response.
type icons struct {
	once  sync.Once
	files map[string]*response
}

// iconFiles lists the icons: path, picture.
var iconFiles = []struct {
	path, sizes, purpose string
	draw                 func() []byte
}{
	{"/favicon.ico", "32x32", "", card.FaviconICO},
	{"/icon-32.png", "32x32", "", func() []byte { return card.IconPNG(32) }},
	{"/apple-touch-icon.png", "180x180", "", func() []byte { return card.TouchIconPNG(180) }},
	{"/icon-192.png", "192x192", "any", func() []byte { return card.IconPNG(192) }},
	{"/icon-512.png", "512x512", "any", func() []byte { return card.IconPNG(512) }},
	{"/icon-maskable-512.png", "512x512", "maskable", func() []byte { return card.TouchIconPNG(512) }},
}

func (s *Server) iconFiles() map[string]*response {
	s.icons.once.Do(func() {
		files := map[string]*response{}
		type icon struct {
			Src     string `json:"src"`
			Sizes   string `json:"sizes"`
			Type    string `json:"type"`
			Purpose string `json:"purpose"`
		}
		var manifest []icon
		for _, f := range iconFiles {
			ctype := "image/png"
			if strings.HasSuffix(f.path, ".ico") {
				ctype = "image/x-icon"
			}
			files[f.path] = newResponse(ctype, "public, max-age=604800", f.draw())
			if f.purpose != "" {
				manifest = append(manifest, icon{s.path(f.path), f.sizes, ctype, f.purpose})
			}
		}
		b, _ := json.MarshalIndent(map[string]any{
			"name":             "sockerr — socket errors explained",
			"short_name":       "sockerr",
			"description":      "What every Winsock and socket error means, why it happens and how to fix it.",
			"start_url":        s.path("/"),
			"scope":            s.path("/"),
			"display":          "standalone",
			"background_color": "#ffffff",
			"theme_color":      "#2456d6",
			"icons":            manifest,
		}, "", "  ")
		files["/manifest.webmanifest"] = newResponse("application/manifest+json", "public, max-age=604800", append(b, '\n'))
		s.icons.files = files
	})
	return s.icons.files
}

// icon serves one of the icons or the manifest.
func (s *Server) icon(w http.ResponseWriter, r *http.Request) error {
	p := s.iconFiles()[r.URL.Path]
	if p == nil {
		return notFound("")
	}
	p.serve(w, r)
	return nil
}
