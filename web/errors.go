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

func notFound(query string) error {
	return &httpError{status: http.StatusNotFound, msg: "There is no page at this address.", query: query}
}

func badRequest(format string, args ...any) error {
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
	if errors.Is(err, search.ErrEmptyQuery) {
		he = &httpError{status: http.StatusBadRequest, msg: "The query is empty: paste an error code, name or message."}
	} else if !errors.As(err, &he) {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "request_id", requestID(r), "err", err)
		he = &httpError{status: http.StatusInternalServerError, msg: "Something went wrong on our side. Please try again."}
	}
	h := w.Header()
	h.Del("Content-Length")
	h.Del("Content-Encoding")
	h.Del("ETag")
	h.Set("Cache-Control", "no-store")
	if strings.HasPrefix(r.URL.Path, "/api/") {
		writeJSON(w, r, he.status, map[string]string{"error": he.msg})
		return
	}
	st := s.site.Load()
	data := &problemPage{
		basePage: s.requestBase(http.StatusText(he.status), he.query),
		Status:   he.status,
		Heading:  problemHeading(he.status),
		Message:  he.msg,
	}
	data.NoIndex = true
	// A 404 page shows what its path finds as a search: that is a search,
	// so it counts against the client's search budget (and is left out,
	// not refused, when the budget is spent).
	if he.status == http.StatusNotFound && he.query != "" && st != nil && st.index != nil && s.allowSearch(r) {
		if res, err := st.index.Search(he.query, 5); err == nil {
			data.Hits = res.Hits
		}
		if len(data.Hits) > 0 {
			data.Message = "There is no page at this address, but these articles match what it says."
		}
	}
	b, err := s.render("problem", data)
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
		return "Starting up"
	}
	if status >= 500 {
		return "Something went wrong"
	}
	return http.StatusText(status)
}
