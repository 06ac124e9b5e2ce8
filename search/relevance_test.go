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

// Gates on testdata/queries.tsv: the share of queries whose expected
// article comes first, overall and in each language of the localized
// messages, and the share of texts that are not socket errors answered
// as such.
const (
	minTop1         = 0.95
	minTop1Language = 0.90
	minNegatives    = 0.90
)

// notSocket is the expected answer of a query that is not a socket error.
const notSocket = "-"

type relevanceCase struct {
	line                int
	category, query, id string
}

// readQueries reads testdata/queries.tsv: category, query (\n for a line
// break) and the expected article id, or "-" when the text is not a socket
// error.
func readQueries(t testing.TB) []relevanceCase {
	f, err := os.Open("testdata/queries.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []relevanceCase
	s := bufio.NewScanner(f)
	s.Buffer(make([]byte, 64<<10), 1<<20)
	for n := 1; s.Scan(); n++ {
		line := s.Text()
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "category\t") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 3 {
			t.Fatalf("testdata/queries.tsv:%d: %d columns, want 3 (category, query, id)", n, len(cols))
		}
		cases = append(cases, relevanceCase{n, cols[0], strings.ReplaceAll(cols[1], `\n`, "\n"), cols[2]})
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	return cases
}

// TestRelevance measures how well Search answers the queries in
// testdata/queries.tsv: for each category, top-1, top-3 and mean
// reciprocal rank of the expected article, and how many of the texts were
// recognised as socket errors (for the negatives: how many were not). It
// fails below the gates above.
func TestRelevance(t *testing.T) {
	x := index(t)
	cases := readQueries(t)
	type stats struct {
		n, top1, top3, recognized int
		rr                        float64
	}
	per := map[string]*stats{}
	var all, neg stats
	for _, c := range cases {
		if c.id != notSocket && x.Corpus().Article(c.id) == nil {
			t.Errorf("testdata/queries.tsv:%d: no article %q in the corpus", c.line, c.id)
			continue
		}
		res, err := x.Search(c.query, 10)
		if err != nil {
			t.Errorf("testdata/queries.tsv:%d: Search(%.60q): %v", c.line, c.query, err)
			continue
		}
		var got []string
		for i, h := range res.Hits {
			if i < 3 {
				got = append(got, fmt.Sprintf("%s(%s)", h.Article.ID, h.Match))
			}
		}
		s := per[c.category]
		if s == nil {
			s = &stats{}
			per[c.category] = s
		}
		if c.id == notSocket {
			for _, s := range []*stats{s, &neg} {
				s.n++
				if res.Recognized() {
					s.recognized++
				}
			}
			if res.Recognized() {
				t.Logf("miss (%s) line %d: Search(%.80q) recognised %v, want not a socket error", c.category, c.line, c.query, got)
			}
			continue
		}
		rank := 0
		for i, h := range res.Hits {
			if h.Article.ID == c.id {
				rank = i + 1
				break
			}
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
			if res.Recognized() {
				s.recognized++
			}
		}
		if rank != 1 {
			t.Logf("miss (%s) line %d: Search(%.80q): %s at rank %d, top 3 %v", c.category, c.line, c.query, c.id, rank, got)
		}
	}

	var b strings.Builder
	w := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(w, "category\tqueries\ttop-1\ttop-3\tMRR\trecognised\t\n")
	ratio := func(a, n int) float64 { return float64(a) / float64(max(n, 1)) }
	row := func(name string, s *stats) {
		if s == &neg || strings.HasPrefix(name, "negative") {
			fmt.Fprintf(w, "%s\t%d\t\t\t\t%.3f not\t\n", name, s.n, 1-ratio(s.recognized, s.n))
			return
		}
		fmt.Fprintf(w, "%s\t%d\t%.3f\t%.3f\t%.3f\t%.3f\t\n", name, s.n, ratio(s.top1, s.n), ratio(s.top3, s.n), s.rr/float64(max(s.n, 1)), ratio(s.recognized, s.n))
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
	row("not socket errors", &neg)
	w.Flush()
	t.Logf("relevance over %d queries:\n%s", all.n+neg.n, b.String())

	if top1 := ratio(all.top1, all.n); top1 < minTop1 {
		t.Errorf("top-1 = %.3f over %d queries, want at least %.2f", top1, all.n, minTop1)
	}
	for _, name := range names {
		if s := per[name]; strings.HasPrefix(name, "l10n-") && ratio(s.top1, s.n) < minTop1Language {
			t.Errorf("%s: top-1 = %.3f over %d queries, want at least %.2f", name, ratio(s.top1, s.n), s.n, minTop1Language)
		}
	}
	if not := 1 - ratio(neg.recognized, neg.n); neg.n < 100 || not < minNegatives {
		t.Errorf("%d texts that are not socket errors, %.3f answered as such; want at least 100 and %.2f", neg.n, not, minNegatives)
	}
}
