package search

import (
	"flag"
	"testing"
)

var exploreQ = flag.String("q", "", "query to explore")

func TestExplore(t *testing.T) {
	if *exploreQ == "" {
		t.Skip()
	}
	x := index(t)
	r, err := x.Search(*exploreQ, 5)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("query %q total %d resolve=%v", r.Query, r.Total, x.Resolve(*exploreQ))
	for _, h := range r.Hits {
		t.Logf("%-28s %7.3f exact=%v  %s", h.Article.ID, h.Score, h.Exact, h.Snippet)
	}
}
