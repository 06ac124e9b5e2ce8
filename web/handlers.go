package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"

	"github.com/sockerr/sockerr/search"
)

// maxQueryBytes bounds the query a page or the API accepts; the search
// package cleans and shortens it further.
const maxQueryBytes = 4096

// page serves a response prepared at start-up for the request's path.
func (s *Server) page(w http.ResponseWriter, r *http.Request) error {
	p := s.site.Load().pages[r.URL.Path]
	if p == nil {
		return notFound("")
	}
	if p.cors {
		cors(w)
	}
	p.serve(w, r)
	return nil
}

// article serves /errors/{id} and /kb/{id}: the canonical page as it is,
// anything that names one article as a redirect to it.
func (s *Server) article(w http.ResponseWriter, r *http.Request) error {
	st := s.site.Load()
	if p := st.pages[r.URL.Path]; p != nil {
		p.serve(w, r)
		return nil
	}
	return s.resolve(w, r, st, chi.URLParam(r, "id"))
}

// shortURL serves every path no route claims: /10054, /WSAECONNRESET,
// /KB196271. Paths that name one article redirect to it; anything else is a
// 404 page that shows what the path would find as a search.
func (s *Server) shortURL(w http.ResponseWriter, r *http.Request) error {
	st := s.site.Load()
	if st == nil {
		return notFound("")
	}
	p := strings.Trim(r.URL.Path, "/")
	if p == "" || strings.Contains(p, "/") {
		return notFound(p)
	}
	return s.resolve(w, r, st, p)
}

// resolve redirects to the article that name identifies, or answers 404.
// The redirect target is always an article's own path: never anything taken
// from the request.
func (s *Server) resolve(w http.ResponseWriter, r *http.Request, st *site, name string) error {
	if !utf8.ValidString(name) || len(name) > 256 {
		return notFound("")
	}
	a := st.index.Resolve(name)
	if a == nil {
		return notFound(name)
	}
	w.Header().Set("Cache-Control", pageCache)
	http.Redirect(w, r, a.URL(), http.StatusMovedPermanently)
	return nil
}

func (s *Server) static(w http.ResponseWriter, r *http.Request) error {
	p := s.assets.files[r.URL.Path]
	if p == nil {
		return notFound("")
	}
	p.serve(w, r)
	return nil
}

// query returns the q parameter, or an error a user can act on.
func query(r *http.Request) (string, error) {
	q := r.URL.Query().Get("q")
	if len(q) > maxQueryBytes {
		return "", badRequest("The query is too long: %d bytes, at most %d. Paste the error message alone.", len(q), maxQueryBytes)
	}
	return q, nil
}

func (s *Server) searchPage(w http.ResponseWriter, r *http.Request) error {
	st := s.site.Load()
	q, err := query(r)
	if err != nil {
		return err
	}
	data := &searchPage{}
	status := http.StatusOK
	if strings.TrimSpace(q) != "" {
		start := time.Now()
		res, err := st.index.Search(q, 20)
		s.metrics.observeSearch(start)
		switch {
		case errors.Is(err, search.ErrEmptyQuery):
			status = http.StatusBadRequest
			data.Message = "Nothing searchable is left in that query once control characters are removed. Paste an error code, name or message."
		case err != nil:
			return err
		default:
			data.Total, data.Hits = res.Total, res.Hits
		}
	}
	title := "Search"
	if q != "" {
		title = "Search: " + truncate(q, 60)
	}
	data.basePage = s.requestBase(title, q)
	data.NoIndex = true
	b, err := s.render("search", data)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "public, max-age=60")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(b)
	}
	return nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
