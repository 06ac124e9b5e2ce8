package web

import (
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/sockerr/sockerr/content"
	"github.com/sockerr/sockerr/search"
)

// The JSON API (contract: DESIGN.md). Articles are marshalled once at
// start-up; only search answers are computed per request.

type apiRef struct {
	ID    string `json:"id"`
	Kind  string `json:"kind"`
	Code  int    `json:"code,omitempty"`
	Title string `json:"title"`
	URL   string `json:"url"`
}

type apiSummary struct {
	apiRef
	Message string `json:"message,omitempty"`
	Summary string `json:"summary"`
	API     string `json:"api"`
}

type apiList struct {
	Total       int          `json:"total"`
	Errors      []apiSummary `json:"errors"`
	KnownIssues []apiSummary `json:"known_issues"`
}

type apiArticle struct {
	apiRef
	Summary      string             `json:"summary"`
	Fix          []string           `json:"fix,omitempty"` // the fix in brief, as plain text
	Family       string             `json:"family,omitempty"`
	Hex          string             `json:"hex,omitempty"`
	HRESULT      string             `json:"hresult,omitempty"`
	Message      string             `json:"message,omitempty"`
	Messages     []content.Message  `json:"messages,omitempty"` // Windows' message in other languages
	Aliases      []string           `json:"aliases,omitempty"`
	Symptoms     []string           `json:"symptoms,omitempty"`
	Errno        *content.Errno     `json:"errno,omitempty"`
	GAI          *content.GAI       `json:"gai,omitempty"`
	Equivalents  []apiRef           `json:"equivalents,omitempty"` // the same condition on another system
	DotNet       string             `json:"dotnet,omitempty"`
	Node         *content.NodeError `json:"node,omitempty"`
	Python       string             `json:"python,omitempty"`
	Java         *content.JavaError `json:"java,omitempty"`
	SeenAs       []string           `json:"seen_as,omitempty"`
	Functions    []string           `json:"functions,omitempty"`
	AppliesTo    []string           `json:"applies_to,omitempty"`
	Historical   bool               `json:"historical,omitempty"`
	Reviewed     string             `json:"reviewed,omitempty"`
	Preview      string             `json:"preview"` // a 1200×630 PNG for link previews
	Badge        string             `json:"badge"`   // an SVG badge
	Errors       []apiRef           `json:"errors,omitempty"`
	SeeAlso      []apiRef           `json:"see_also,omitempty"`
	KnownIssues  []apiRef           `json:"known_issues,omitempty"`
	ReferencedBy []apiRef           `json:"referenced_by,omitempty"`
	HTML         string             `json:"html"`
}

type apiSearchResult struct {
	Query      string         `json:"query"`
	Total      int            `json:"total"`
	Recognized bool           `json:"recognized"`      // some hit is exact or likely
	Other      string         `json:"other,omitempty"` // what else the text is, when not a socket error
	Hits       []apiSearchHit `json:"hits"`
}

type apiSearchHit struct {
	ID      string  `json:"id"`
	Kind    string  `json:"kind"`
	Title   string  `json:"title"`
	URL     string  `json:"url"`
	Code    int     `json:"code,omitempty"`
	Match   string  `json:"match"`
	Score   float64 `json:"score"`
	Snippet string  `json:"snippet"`
}

func (s urls) ref(a *content.Article) apiRef {
	return apiRef{ID: a.ID, Kind: string(a.Kind), Code: a.Code, Title: a.Title, URL: s.absURL(a.URL())}
}

func (s urls) refs(as []*content.Article) []apiRef {
	out := make([]apiRef, len(as))
	for i, a := range as {
		out[i] = s.ref(a)
	}
	return out
}

func (s urls) apiSummaryJSON(a *content.Article) apiSummary {
	return apiSummary{apiRef: s.ref(a), Message: a.Message, Summary: a.Summary, API: s.absURL(apiPath(a))}
}

func (s urls) apiArticleJSON(a *content.Article) apiArticle {
	return apiArticle{
		apiRef:       s.ref(a),
		Summary:      a.Summary,
		Fix:          a.FixText,
		Family:       a.Family,
		Hex:          a.Hex(),
		HRESULT:      a.HRESULT(),
		Message:      a.Message,
		Messages:     a.Messages,
		Aliases:      a.Aliases,
		Symptoms:     a.Symptoms,
		Errno:        a.Errno,
		GAI:          a.GAI,
		Equivalents:  s.refs(a.EquivalentArticles),
		DotNet:       a.DotNet,
		Node:         a.Node,
		Python:       a.Python,
		Java:         a.Java,
		SeenAs:       a.SeenAs,
		Functions:    a.Functions,
		AppliesTo:    a.AppliesTo,
		Historical:   a.Historical,
		Reviewed:     a.Reviewed,
		Preview:      s.absURL(previewPath(a)),
		Badge:        s.absURL(badgePath(a)),
		Errors:       s.refs(a.ErrorArticles),
		SeeAlso:      s.refs(a.SeeAlsoArticles),
		KnownIssues:  s.refs(a.KnownIssues),
		ReferencedBy: s.refs(a.ReferencedBy),
		HTML:         s.linksUnderBase(a.HTML), // as the page has it
	}
}

// apiArticle serves /api/v1/errors/{anything} and /api/v1/kb/{anything}:
// the article the path names, resolved like the short URLs but answered
// in place, so a bot gets its JSON without following a redirect.
func (s *Server) apiArticle(w http.ResponseWriter, r *http.Request) error {
	p := s.lookup(r.URL.Path)
	if p == nil {
		if a := s.site.Load().index.Resolve(chi.URLParam(r, "id")); a != nil {
			p = s.lookup(apiPath(a))
		}
	}
	if p == nil {
		return &httpError{status: http.StatusNotFound, msg: "No article matches that id. Try /api/v1/search?q=..."}
	}
	p.serve(w, r)
	return nil
}

// searchJSON is the API's answer to a search, with absolute URLs.
func (s urls) searchJSON(res *search.Result) apiSearchResult {
	out := apiSearchResult{Query: res.Query, Total: res.Total, Recognized: res.Recognized(), Other: res.Other, Hits: []apiSearchHit{}}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, apiSearchHit{
			ID: h.Article.ID, Kind: string(h.Article.Kind), Title: h.Article.Title, URL: s.absURL(h.Article.URL()),
			Code: h.Article.Code, Match: string(h.Match), Score: h.Score, Snippet: h.Snippet,
		})
	}
	return out
}

// apiLookup is what `sockerr lookup --json` prints for a query: the API's
// answer to the search, and the document of the article it recognised.
type apiLookup struct {
	apiSearchResult
	Article *apiArticle `json:"article,omitempty"`
}

// LookupJSON returns what `sockerr lookup --json` prints for a search
// result: the API's search answer ({"query", "total", "recognized",
// "other", "hits"}) and, when the text was recognised, the first hit's
// article document as /api/v1/errors/{id} serves it ("article"), with
// absolute URLs under baseURL.
func LookupJSON(baseURL string, res *search.Result) ([]byte, error) {
	base, err := parseBase(baseURL)
	if err != nil {
		return nil, err
	}
	u := urls{base}
	out := apiLookup{apiSearchResult: u.searchJSON(res)}
	if res.Recognized() {
		doc := u.apiArticleJSON(res.Hits[0].Article)
		out.Article = &doc
	}
	return jsonBytes(out)
}

// apiSearch serves /api/v1/search?q=&limit= (and the same as a POST).
func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) error {
	sr, err := readSearch(r)
	if err != nil {
		return err
	}
	res, err := s.search(sr.Query, sr.Limit)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", searchCache)
	writeJSON(w, r, http.StatusOK, s.searchJSON(res))
	return nil
}

func cors(w http.ResponseWriter) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
}

// writeJSON writes v as a JSON response computed for this request, with an
// ETag so clients can revalidate.
func writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	b, err := jsonBytes(v)
	if err != nil {
		http.Error(w, `{"error":"internal error"}`, http.StatusInternalServerError)
		return
	}
	if status == http.StatusOK {
		p := newResponse("application/json", w.Header().Get("Cache-Control"), b)
		p.cors = true
		p.serve(w, r)
		return
	}
	cors(w)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(b)
	}
}
