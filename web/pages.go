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
	Image       string // absolute URL of the link preview, 1200×630
	ImageAlt    string
	OEmbed      string // absolute URL of the page's oEmbed document
	JSONLD      template.JS
	Query       string // the search box's value
	Home        bool   // the home page has its own, larger search box
	NoIndex     bool
}

type homePage struct {
	basePage
	Common      []*content.Article
	Errors      []*content.Article // Winsock errors, by code
	Others      []*content.Article // POSIX and resolver errors
	KnownIssues []*content.Article
}

// listPage is /errors (every error, by family) or /kb (every known issue).
type listPage struct {
	basePage
	Groups     []group
	Current    []*content.Article // known issues that still bite
	Historical []*content.Article
	Total      int
}

// A group is the errors of one family.
type group struct {
	Key, Name string
	Articles  []*content.Article
}

type articlePage struct {
	basePage
	Article       *content.Article
	Share         []shareLink // ways to link to the page
	Body          template.HTML
	Fix           template.HTML // the fix in brief, an ordered list
	TOC           []tocEntry
	Messages      []localized // Windows' message in other languages
	Functions     []docLink
	Family        string // its display name
	Reviewed      string // "4 December 2026"
	Current       []*content.Article
	Historical    []*content.Article
	SignedHRESULT int32
}

// A shareLink is one way to link to an article: what it is for and the
// text to copy.
type shareLink struct{ Label, Text string }

// A tocEntry is a line of "On this page".
type tocEntry struct{ ID, Title string }

type localized struct{ Lang, Name, Text string }

// A docLink is a function, with Microsoft's page for it when there is one.
type docLink struct{ Name, Doc string }

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
		Image:       s.absURL(sitePreview),
		ImageAlt:    sitePreviewAlt,
	}
}

const sitePreviewAlt = "sockerr: socket errors explained"

// requestBase is the frame of a page rendered for one request (search
// results, error pages). Such pages are not indexed and name no canonical
// URL: the path may be anything a client sent.
func (s *Server) requestBase(title, query string) basePage {
	return basePage{Title: title + " · sockerr", OGTitle: title, OGType: "website", Query: query, NoIndex: true,
		Image: s.absURL(sitePreview), ImageAlt: sitePreviewAlt}
}
