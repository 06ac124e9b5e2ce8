package search

import (
	"flag"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"

	"github.com/sockerr/sockerr/content"
)

var explainQuery = flag.String("explain", "", "TestExplain: show how this query is answered")

// TestExplain shows how a query is answered, for tuning: how it is taken
// apart, what resolves, the hits with their snippets, and the clauses
// that scored most for each. Run it with
//
//	go test ./search -run TestExplain -v -explain 'java.net.SocketException: Connection reset'
func TestExplain(t *testing.T) {
	if *explainQuery == "" {
		t.Skip("no -explain query")
	}
	x := index(t)
	q := clean(*explainQuery)
	ws := wordsOf(q)
	exact := x.exact(q, ws)
	tm := x.analyze(q, ws, len(exact) == 0)
	near := x.near(tm)
	t.Logf("query %q: text %q, ident %q, pairs %q, phrases %q, corrections %v", q, tm.text, tm.ident, tm.pairs, tm.phrases, tm.fixes)
	t.Logf("resolved %v, near %v", ids(exact), ids(near))

	res, err := x.Search(q, 5)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("total %d", res.Total)
	for _, h := range res.Hits {
		t.Logf("%-26s %7.3f exact=%-5v %s", h.Article.ID, h.Score, h.Exact, h.Snippet)
	}

	req := bleve.NewSearchRequestOptions(x.buildQuery(tm, append(exact, near...)), 5, 0, true)
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
			if strings.HasPrefix(e.Message, "weight(") || strings.Contains(e.Message, "phrase") {
				m := e.Message
				if i := strings.Index(m, " in "); i > 0 {
					m = m[:i] + ")"
				}
				sums[m] += e.Value
				return
			}
			for _, c := range e.Children {
				walk(c)
			}
		}
		walk(h.Expl)
		keys := make([]string, 0, len(sums))
		for k := range sums {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool { return sums[keys[i]] > sums[keys[j]] })
		var b strings.Builder
		for _, k := range keys[:min(len(keys), 8)] {
			b.WriteString("\n    ")
			b.WriteString(strings.TrimSpace(strings.Split(k, ", product of")[0]))
			b.WriteString(" = ")
			b.WriteString(strconv.FormatFloat(sums[k], 'f', 3, 64))
		}
		t.Logf("%s %.3f (%s)%s", h.ID, h.Score, h.Expl.Message, b.String())
	}
}

func ids(as []*content.Article) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.ID
	}
	return out
}
