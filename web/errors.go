package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/sockerr/sockerr/search"
)

// An httpError is an error a handler returns to choose the status and the
// message a user sees. Any other error is a fault: the user sees a 500 page
// that reveals nothing, and the error is logged.
type httpError struct {
	status int
	msg    string // shown to the user
	query  string // for 404s: what to search for on the error page
}

func (e *httpError) Error() string { return fmt.Sprintf("%d %s", e.status, e.msg) }

func notFound(query string) *httpError {
	return &httpError{status: http.StatusNotFound, msg: "There is no page at this address.", query: query}
}

func badRequest(format string, args ...any) *httpError {
	return &httpError{status: http.StatusBadRequest, msg: fmt.Sprintf(format, args...)}
}

// handlerFunc is an HTTP handler that returns an error instead of writing
// one; [Server.handle] turns it into a page.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

func (s *Server) handle(h handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.serveError(w, r, err)
		}
	}
}

// serveError is the one place errors become responses: JSON under /api/,
// a page everywhere else.
func (s *Server) serveError(w http.ResponseWriter, r *http.Request, err error) {
	var he *httpError
	switch {
	case errors.Is(err, search.ErrEmptyQuery):
		he = badRequest("Nothing to search for: paste an error code, name or message.")
	case !errors.As(err, &he):
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "request_id", requestID(r), "err", err)
		he = &httpError{status: http.StatusInternalServerError, msg: "Something went wrong on our side. Please try again."}
	}
	h := w.Header()
	h.Del("Content-Length")
	h.Del("Content-Encoding")
	h.Del("ETag")
	h.Set("Cache-Control", "no-store")
	if he.status == http.StatusServiceUnavailable {
		h.Set("Retry-After", "1") // starting, or busy: either passes in moments
	}
	if strings.HasPrefix(r.URL.Path, "/api/") {
		writeJSON(w, r, he.status, map[string]string{"error": he.msg})
		return
	}
	// A 404 page shows what its path finds as a search: that is a search,
	// so it counts against the client's search budget (and is left out,
	// not refused, when the budget is spent).
	var hits []search.Hit
	if he.status == http.StatusNotFound && he.query != "" && s.site.Load() != nil && s.allowSearch(r) {
		if res, err := s.search(he.query, 5); err == nil && res.Recognized() {
			hits = res.Hits
		}
	}
	b, err := s.problemPage(he, hits)
	if err != nil {
		s.log.Error("rendering error page", "err", err)
		http.Error(w, http.StatusText(he.status), he.status)
		return
	}
	h.Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(he.status)
	if r.Method != http.MethodHead {
		w.Write(b)
	}
}

// problemPage renders the page of an error, with the articles its path
// finds when it is a 404.
func (s *Server) problemPage(he *httpError, hits []search.Hit) ([]byte, error) {
	data := &problemPage{
		basePage: s.requestBase(http.StatusText(he.status), he.query),
		Status:   he.status,
		Heading:  problemHeading(he.status),
		Message:  he.msg,
		Hits:     hits,
	}
	if len(hits) > 0 {
		data.Message = "There is no page at this address, but these articles match what it says."
	}
	return s.render("problem", data)
}

func problemHeading(status int) string {
	switch status {
	case http.StatusNotFound:
		return "Page not found"
	case http.StatusBadRequest:
		return "That request could not be understood"
	case http.StatusMethodNotAllowed:
		return "Method not allowed"
	case http.StatusTooManyRequests:
		return "Too many searches"
	case http.StatusServiceUnavailable:
		return "Try again in a moment"
	}
	if status >= 500 {
		return "Something went wrong"
	}
	return http.StatusText(status)
}
