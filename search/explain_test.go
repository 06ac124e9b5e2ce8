package search

import (
	"flag"
	"sort"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
)

var (
	explainQ    = flag.String("explain", "", "query to explain")
	explainTerm = flag.String("term", "", "term to explain in detail")
)

func TestExplain(t *testing.T) {
	if *explainQ == "" {
		t.Skip()
	}
	x := index(t)
	q := clean(*explainQ)
	tm := x.analyze(q, true)
	t.Logf("text=%v ident=%v pairs=%v phrases=%v unknown=%v", tm.text, tm.ident, tm.pairs, tm.phrases, tm.fixes)
	req := bleve.NewSearchRequestOptions(x.buildQuery(tm, nil, ), 5, 0, true)
	sr, err := x.bleve.Search(req)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range sr.Hits {
		sums := map[string]float64{}
		var walk func(e *search.Explanation)
		walk = func(e *search.Explanation) {
			if e == nil {
				return
			}
			if strings.HasPrefix(e.Message, "weight(") || strings.HasPrefix(e.Message, "fuzzy") || strings.Contains(e.Message, "phrase") {
				sums[e.Message] += e.Value
				return
			}
			for _, c := range e.Children {
				walk(c)
			}
		}
		walk(h.Expl)
		if *explainTerm != "" {
			var dump func(e *search.Explanation, depth int)
			dump = func(e *search.Explanation, depth int) {
				t.Logf("%s%.4f %s", strings.Repeat("  ", depth), e.Value, e.Message)
				for _, c := range e.Children {
					dump(c, depth+1)
				}
			}
			var find func(e *search.Explanation)
			find = func(e *search.Explanation) {
				if strings.Contains(e.Message, *explainTerm) && strings.HasPrefix(e.Message, "weight(") {
					dump(e, 2)
					return
				}
				for _, c := range e.Children {
					find(c)
				}
			}
			find(h.Expl)
			t.Logf("top: %.4f %s", h.Expl.Value, h.Expl.Message)
			for _, c := range h.Expl.Children {
				t.Logf("  %.4f %s", c.Value, c.Message)
			}
		}
		var keys []string
		for k := range sums {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool { return sums[keys[i]] > sums[keys[j]] })
		t.Logf("%s %.3f (%s)", h.ID, h.Score, h.Expl.Message)
		for _, k := range keys[:min(len(keys), 8)] {
			m := k
			if i := strings.Index(m, "), product"); i > 0 {
				m = m[:i+1]
			}
			t.Logf("    %.3f %s", sums[k], m[:min(len(m), 100)])
		}
	}
}
