package search

import (
	"math/bits"
	"slices"
	"strings"
	"unicode/utf8"
)

// A lexicon is every term one analyzer put in the index, grouped by first
// byte, for correcting typos: a typo is rarely in the first letter, and
// the grouping keeps a lookup to a few hundred comparisons. Each term
// comes with the set of its characters (see charSet), which rules most
// terms out before their distance is computed.
type lexicon map[byte][]lexTerm

type lexTerm struct {
	term  string
	chars uint64
}

func (l lexicon) add(term string) {
	if term != "" {
		l[term[0]] = append(l[term[0]], lexTerm{term, charSet(term)})
	}
}

// charSet is the set of the bytes of s, each byte one of 64 bits (some
// bytes share one). Every byte of a that b lacks costs an edit to turn a
// into b, and so does every byte of b that a lacks: the larger of the two
// counts, taken from the sets, is never more than the edit distance.
func charSet(s string) uint64 {
	var set uint64
	for i := 0; i < len(s); i++ {
		switch b := s[i]; {
		case 'a' <= b && b <= 'z':
			set |= 1 << (b - 'a')
		case '0' <= b && b <= '9':
			set |= 1 << (26 + b - '0')
		default:
			set |= 1 << (36 + b%28)
		}
	}
	return set
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
	chars := charSet(term)
	for _, lt := range l[term[0]] {
		t := lt.term
		if abs(len(t)-len(term)) > k || t == term ||
			bits.OnesCount64(chars&^lt.chars) > k || bits.OnesCount64(lt.chars&^chars) > k {
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
