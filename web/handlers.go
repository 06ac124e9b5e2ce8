package web

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"

	"github.com/sockerr/sockerr/search"
)

// maxBodyBytes bounds the body of a search POST: a paste of
// search.MaxQueryBytes, form-encoded (a byte may take three), with room
// for the other fields.
const maxBodyBytes = 3*search.MaxQueryBytes + 1024

// prepared serves a response rendered when the content loaded (a page, an
// API document, an asset) for the request's path.
func (s *Server) prepared(w http.ResponseWriter, r *http.Request) error {
	p := s.lookup(r.URL.Path)
	if p == nil {
		return notFound("")
	}
	p.serve(w, r)
	return nil
}

// asset serves a static file under an address of its own, with the short
// cache lifetime of an unhashed name.
func (s *Server) asset(name string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		p := s.assets.files["/static/"+name]
		if p == nil {
			return notFound("")
		}
		p.serve(w, r)
		return nil
	}
}

// lookup returns the prepared response for a path, or nil.
func (s *Server) lookup(path string) *response {
	if p := s.assets.files[path]; p != nil {
		return p
	}
	if st := s.site.Load(); st != nil {
		return st.pages[path]
	}
	return nil
}

// article serves /errors/{id} and /kb/{id}: the canonical page as it is,
// anything that names one article as a redirect to it.
func (s *Server) article(w http.ResponseWriter, r *http.Request) error {
	if p := s.lookup(r.URL.Path); p != nil {
		p.serve(w, r)
		return nil
	}
	return s.resolve(w, r, chi.URLParam(r, "id"))
}

// shortURL serves every path no route claims: /10054, /WSAECONNRESET,
// /KB196271, and a page's path with a slash at the end. Paths that name
// one article redirect to it; anything else is a 404 page that shows what
// the path would find as a search.
func (s *Server) shortURL(w http.ResponseWriter, r *http.Request) error {
	if s.site.Load() == nil {
		return notFound("")
	}
	if trimmed := strings.TrimRight(r.URL.Path, "/"); trimmed != r.URL.Path && trimmed != "" && s.lookup(trimmed) != nil {
		return s.redirect(w, r, trimmed) // trimmed is a page's own path
	}
	p := strings.Trim(r.URL.Path, "/")
	if p == "" || strings.Contains(p, "/") {
		return notFound(p)
	}
	return s.resolve(w, r, p)
}

// resolve redirects to the article that name identifies, or answers 404.
// The redirect target is always an article's own path: never anything taken
// from the request.
func (s *Server) resolve(w http.ResponseWriter, r *http.Request, name string) error {
	if !utf8.ValidString(name) || len(name) > maxNameBytes {
		return notFound("")
	}
	a := s.site.Load().index.Resolve(name)
	if a == nil {
		return notFound(name)
	}
	return s.redirect(w, r, a.URL())
}

// maxNameBytes bounds what a short URL may be: no identifier is longer.
const maxNameBytes = 256

func (s *Server) redirect(w http.ResponseWriter, r *http.Request, path string) error {
	w.Header().Set("Cache-Control", pageCache)
	http.Redirect(w, r, s.path(path), http.StatusMovedPermanently)
	return nil
}

// A searchRequest is what a search page or API request asks.
type searchRequest struct {
	Query string
	Limit int // 0: the default
}

// readSearch reads a search request: from the query string of a GET, or
// from the body of a POST, for pastes too long for a URL (form fields q
// and limit, a JSON object {"q": …, "limit": …}, or the paste itself as
// text/plain).
func readSearch(r *http.Request) (searchRequest, error) {
	var sr searchRequest
	limit := ""
	if r.Method != http.MethodPost {
		v := r.URL.Query()
		sr.Query, limit = v.Get("q"), v.Get("limit")
	} else {
		ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		var err error
		switch ct {
		case "application/x-www-form-urlencoded":
			// ParseForm, not ParseMultipartForm: that one drops the
			// error of a form it does not parse itself, such as a
			// body over the limit.
			err = r.ParseForm()
			sr.Query, limit = r.PostFormValue("q"), r.PostFormValue("limit")
		case "multipart/form-data":
			err = r.ParseMultipartForm(maxBodyBytes)
			sr.Query, limit = r.PostFormValue("q"), r.PostFormValue("limit")
		case "application/json":
			// A limit in JSON is held to the same rule as one in a
			// query or a form.
			var body struct {
				Query string `json:"q"`
				Limit *int   `json:"limit"`
			}
			err = json.NewDecoder(r.Body).Decode(&body)
			sr.Query = body.Query
			if body.Limit != nil {
				limit = strconv.Itoa(*body.Limit)
			}
		case "text/plain", "":
			var b []byte
			b, err = io.ReadAll(r.Body)
			sr.Query = string(b)
		default:
			return sr, &httpError{status: http.StatusUnsupportedMediaType, msg: "Send the paste as a form (q=…), as JSON ({\"q\": \"…\"}) or as text/plain."}
		}
		var tooBig *http.MaxBytesError
		switch {
		case errors.As(err, &tooBig):
			return sr, &httpError{status: http.StatusRequestEntityTooLarge, msg: "The paste is too long: send at most " + strconv.Itoa(search.MaxQueryBytes>>10) + " KB."}
		case err != nil:
			return sr, badRequest("The request body could not be read: %v", err)
		}
	}
	if limit != "" {
		n, err := strconv.Atoi(limit)
		if err != nil || n < 1 {
			return sr, badRequest("limit must be a whole number of at least 1 (more than %d is taken as %d)", search.MaxLimit, search.MaxLimit)
		}
		sr.Limit = n
	}
	return sr, nil
}

func (s *Server) searchPage(w http.ResponseWriter, r *http.Request) error {
	sr, err := readSearch(r)
	if err != nil {
		return err
	}
	data := &searchPage{basePage: s.requestBase("Search", sr.Query)}
	if strings.TrimSpace(sr.Query) != "" {
		data.Title = "Search: " + truncate(sr.Query, 60) + " · sockerr"
		res, err := s.search(sr.Query, pageHits)
		if err != nil {
			return err
		}
		data.Result = res
		// A search's link, shared, unfurls as its answer.
		data.OGTitle = "Search: " + truncate(sr.Query, 60)
		switch {
		case res.Recognized():
			a := res.Hits[0].Article
			data.OGTitle, data.Description = ogTitle(a), a.Summary
			data.Image, data.ImageAlt = s.absURL(previewPath(a)), imageAlt(a)
		case res.Other != "":
			data.Description = "Not a socket error: " + res.Other + "."
		default:
			data.Description = "No socket error recognised in this text."
		}
	}
	b, err := s.render("search", data)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", searchCache)
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(b)
	}
	return nil
}

// pageHits is how many hits a search page shows.
const pageHits = 20

// searchWait is the longest a search waits for a slot (see
// Server.searching) before it is refused with 503: long enough that a
// burst of searches queues rather than fails, short enough that a
// flood's searches give up (and free their connections) in moments.
const searchWait = time.Second

// errBusy refuses a search when every slot stayed taken for searchWait.
var errBusy = &httpError{status: http.StatusServiceUnavailable, msg: "The server is busy with other searches. Try again in a moment."}

// search runs a query on the current site's index, and counts it.
func (s *Server) search(q string, limit int) (*search.Result, error) {
	select {
	case s.searching <- struct{}{}:
		defer func() { <-s.searching }()
	case <-time.After(searchWait):
		return nil, errBusy
	}
	start := time.Now()
	defer s.metrics.observeSearch(start)
	for {
		res, ok, err := s.site.Load().search(q, limit)
		if ok {
			return res, err
		}
		// The site was replaced meanwhile: search the new one.
	}
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
