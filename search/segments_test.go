package search

import (
	"math"
	"runtime"
	"testing"

	"github.com/blevesearch/bleve/v2/index/scorch"
)

// TestSegmentsAnswerAlike builds the built-in corpus's index in several
// parallel batches, as a large corpus is built, and checks that every
// query of the relevance suite gets the same articles with the same
// scores as from the one-segment index: scorch must score across its
// segments with index-wide counts.
func TestSegmentsAnswerAlike(t *testing.T) {
	one := index(t)
	defer func(n int) { splitDocs = n }(splitDocs)
	splitDocs = 10
	split, err := New(one.Corpus())
	if err != nil {
		t.Fatal(err)
	}
	defer split.Close()
	segments := func(x *Index) int {
		adv, err := x.bleve.Advanced()
		if err != nil {
			t.Fatal(err)
		}
		r, err := adv.Reader()
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		snap, ok := r.(*scorch.IndexSnapshot)
		if !ok {
			t.Fatalf("the index reader is a %T, not a scorch snapshot", r)
		}
		return len(snap.Segments())
	}
	if n := segments(one); n != 1 {
		t.Errorf("the built-in corpus is in %d segments, want 1", n)
	}
	if n := segments(split); n < 2 && runtime.GOMAXPROCS(0) > 1 {
		t.Errorf("built in parallel batches, the index has %d segments", n)
	}

	for _, c := range readQueries(t) {
		want, err1 := one.Search(c.query, 20)
		got, err2 := split.Search(c.query, 20)
		if (err1 == nil) != (err2 == nil) {
			t.Errorf("line %d %q: errors %v and %v", c.line, c.query, err1, err2)
			continue
		}
		if err1 != nil {
			continue
		}
		if got.Total != want.Total || len(got.Hits) != len(want.Hits) {
			t.Errorf("line %d %q: %d hits of %d in parallel batches, %d of %d in one", c.line, c.query, len(got.Hits), got.Total, len(want.Hits), want.Total)
			continue
		}
		for i := range want.Hits {
			g, w := got.Hits[i], want.Hits[i]
			if g.Article != w.Article || math.Abs(g.Score-w.Score) > 1e-9*math.Max(1, w.Score) || g.Snippet != w.Snippet {
				t.Errorf("line %d %q, hit %d: %s %.6f in parallel batches, %s %.6f in one", c.line, c.query, i+1, g.Article.ID, g.Score, w.Article.ID, w.Score)
				break
			}
		}
	}
}
