package search

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// A lexicon is every term one analyzer put in the index, grouped by first
// byte, for correcting typos: a typo is rarely in the first letter, and
// the grouping keeps a lookup to a few hundred comparisons.
type lexicon map[byte][]string

func (l lexicon) add(term string) {
	if term != "" {
		l[term[0]] = append(l[term[0]], term)
	}
}

// maxExpansions bounds the corrections tried for one word.
const maxExpansions = 6

// correct returns the terms of the lexicon within maxEdits(term) edits of
// term (insertions, deletions, substitutions and swaps of two adjacent
// letters), nearest first, with their distances.
func (l lexicon) correct(term string) (terms []string, dists []int) {
	if term == "" {
		return nil, nil
	}
	k := maxEdits(term)
	type cand struct {
		term string
		d    int
	}
	var cands []cand
	for _, t := range l[term[0]] {
		if abs(len(t)-len(term)) > k || t == term {
			continue
		}
		if d := editDistance(term, t, k); d <= k {
			cands = append(cands, cand{t, d})
		}
	}
	slices.SortFunc(cands, func(a, b cand) int {
		if a.d != b.d {
			return a.d - b.d
		}
		return strings.Compare(a.term, b.term)
	})
	for _, c := range cands[:min(len(cands), maxExpansions)] {
		terms = append(terms, c.term)
		dists = append(dists, c.d)
	}
	return terms, dists
}

// maxEdits is how many edits a word may be from what it is meant to be:
// one for words of up to five letters, two for longer ones.
func maxEdits(term string) int {
	if utf8.RuneCountInString(term) <= 5 {
		return 1
	}
	return 2
}

// editDistance is the optimal-string-alignment distance between a and b
// (Levenshtein plus swaps of adjacent bytes), or max+1 as soon as it is
// certain to exceed max.
func editDistance(a, b string, max int) int {
	if len(a) > 64 || len(b) > 64 {
		return max + 1
	}
	var rows [3][65]int
	prev2, prev, cur := &rows[0], &rows[1], &rows[2]
	for j := 0; j <= len(b); j++ {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			best = min(best, v)
		}
		if best > max {
			return max + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
