package search

import (
	"bufio"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
	"text/tabwriter"
)

// minTop1 is the share of queries in testdata/queries.tsv whose expected
// article must come first.
const minTop1 = 0.95

type relevanceCase struct {
	line                int
	category, query, id string
}

func readQueries(t testing.TB) []relevanceCase {
	f, err := os.Open("testdata/queries.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []relevanceCase
	s := bufio.NewScanner(f)
	for n := 1; s.Scan(); n++ {
		line := s.Text()
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "category\t") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 3 {
			t.Fatalf("testdata/queries.tsv:%d: %d columns, want 3 (category, query, id)", n, len(cols))
		}
		cases = append(cases, relevanceCase{n, cols[0], cols[1], cols[2]})
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	return cases
}

// TestRelevance measures how well Search ranks the expected article for
// the queries in testdata/queries.tsv: top-1, top-3 and mean reciprocal
// rank per category, and fails when top-1 overall falls below minTop1.
func TestRelevance(t *testing.T) {
	x := index(t)
	cases := readQueries(t)
	if len(cases) < 150 {
		t.Errorf("testdata/queries.tsv has %d queries, want at least 150", len(cases))
	}
	type stats struct {
		n, top1, top3 int
		rr            float64
	}
	per := map[string]*stats{}
	var all stats
	for _, c := range cases {
		if x.Corpus().Article(c.id) == nil {
			t.Errorf("testdata/queries.tsv:%d: no article %q in the corpus", c.line, c.id)
			continue
		}
		res, err := x.Search(c.query, 10)
		if err != nil {
			t.Errorf("testdata/queries.tsv:%d: Search(%q): %v", c.line, c.query, err)
			continue
		}
		rank := 0
		var got []string
		for i, h := range res.Hits {
			if h.Article.ID == c.id && rank == 0 {
				rank = i + 1
			}
			if i < 3 {
				got = append(got, h.Article.ID)
			}
		}
		s := per[c.category]
		if s == nil {
			s = &stats{}
			per[c.category] = s
		}
		for _, s := range []*stats{s, &all} {
			s.n++
			if rank == 1 {
				s.top1++
			}
			if rank >= 1 && rank <= 3 {
				s.top3++
			}
			if rank > 0 {
				s.rr += 1 / float64(rank)
			}
		}
		if rank != 1 {
			t.Logf("miss (%s) line %d: Search(%q): %s at rank %d, top 3 %v", c.category, c.line, c.query, c.id, rank, got)
		}
	}

	var b strings.Builder
	w := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(w, "category\tqueries\ttop-1\ttop-3\tMRR\t\n")
	row := func(name string, s *stats) {
		n := float64(max(s.n, 1))
		fmt.Fprintf(w, "%s\t%d\t%.3f\t%.3f\t%.3f\t\n", name, s.n, float64(s.top1)/n, float64(s.top3)/n, s.rr/n)
	}
	names := make([]string, 0, len(per))
	for name := range per {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		row(name, per[name])
	}
	row("all", &all)
	w.Flush()
	t.Logf("relevance over %d queries:\n%s", all.n, b.String())

	if top1 := float64(all.top1) / float64(max(all.n, 1)); top1 < minTop1 {
		t.Errorf("top-1 = %.3f over %d queries, want at least %.2f", top1, all.n, minTop1)
	}
}
