package web

import (
	"html/template"

	"github.com/sockerr/sockerr/content"
	"github.com/sockerr/sockerr/search"
)

// basePage is what the frame (base.html) of every page needs.
type basePage struct {
	Title       string // <title>
	OGTitle     string // title for link previews
	Description string
	Canonical   string // absolute URL
	OGType      string
	JSONLD      template.JS
	Query       string // the search box's value
	Home        bool   // the home page has its own, larger search box
	NoIndex     bool
}

type homePage struct {
	basePage
	Common      []*content.Article
	Errors      []*content.Article
	KnownIssues []*content.Article
}

type articlePage struct {
	basePage
	Article       *content.Article
	Body          template.HTML
	SignedHRESULT int32
}

type searchPage struct {
	basePage
	Result *search.Result // nil before a query
}

type problemPage struct {
	basePage
	Status  int
	Heading string
	Message string
	Hits    []search.Hit
}

func (s *Server) pageBase(path, title, description string) basePage {
	return basePage{
		Title:       title,
		OGTitle:     title,
		Description: description,
		Canonical:   s.absURL(path),
		OGType:      "website",
	}
}

// requestBase is the frame of a page rendered for one request (search
// results, error pages). Such pages are not indexed and name no canonical
// URL: the path may be anything a client sent.
func (s *Server) requestBase(title, query string) basePage {
	return basePage{Title: title + " · sockerr", OGTitle: title, OGType: "website", Query: query, NoIndex: true}
}
