package search

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestLiterals checks the matcher against the obvious search: every
// occurrence of every string, ignoring the case of ASCII letters, that
// starts at a word boundary.
func TestLiterals(t *testing.T) {
	pats := []string{"ab", "b", "a b", "ba", "bab", "-4", "x.", "aé", "é", "b.c", "_a", "6", "a6", "6ms", "x", "a-b"}
	l := newLiterals(pats)
	alphabet := []string{"a", "A", "b", "B", " ", ".", "-", "4", "6", "c", "x", "_", "é", "\xc3", "\xff", "\n", "ms"}
	rng := rand.New(rand.NewPCG(1, 2))
	texts := []string{"", "ab", "bab", "xab", "x ab", "a bab", "6ms", "a6ms", "-4", "x-4", "é", "xé", "aé", "Ab.C", "_ab"}
	for range 3000 {
		var b strings.Builder
		for range rng.IntN(20) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		texts = append(texts, b.String())
	}
	checkBlock(t, l, pats, texts)
	for _, text := range texts {
		var got, gotBytes []string
		eachLiteral(l, text, func(id, end int) { got = append(got, fmt.Sprintf("%s@%d", pats[id], end)) })
		eachLiteral(l, []byte(text), func(id, end int) { gotBytes = append(gotBytes, fmt.Sprintf("%s@%d", pats[id], end)) })
		if want := naiveLiterals(pats, text); !slices.Equal(got, want) || !slices.Equal(gotBytes, want) {
			t.Fatalf("eachLiteral(%q) = %q (as bytes %q), want %q", text, got, gotBytes, want)
		}
	}
}

// naiveLiterals is what each should find: pattern@end, by end, longest
// first.
func naiveLiterals(pats []string, text string) []string {
	type occ struct{ id, end int }
	var occs []occ
	for id, p := range pats {
		for i := 0; i+len(p) <= len(text); i++ {
			if (i == 0 || !isWordByte(text[i-1])) && toLowerASCII(text[i:i+len(p)]) == toLowerASCII(p) {
				occs = append(occs, occ{id, i + len(p)})
			}
		}
	}
	slices.SortStableFunc(occs, func(a, b occ) int {
		if a.end != b.end {
			return a.end - b.end
		}
		return len(pats[b.id]) - len(pats[a.id])
	})
	var out []string
	for _, o := range occs {
		out = append(out, fmt.Sprintf("%s@%d", pats[o.id], o.end))
	}
	return out
}

// checkBlock checks eachLiteralBlock over texts joined into lines against
// eachLiteral on each line: over every count of lines, so that the four
// stretches come in every shape.
func checkBlock(t *testing.T, l *literals, pats, texts []string) {
	t.Helper()
	for n := range 40 {
		var want []string
		var block strings.Builder
		for _, text := range texts[:n] {
			text = strings.ReplaceAll(text, "\n", " ")
			start := block.Len()
			eachLiteral(l, text, func(id, end int) { want = append(want, fmt.Sprintf("%s@%d", pats[id], start+end)) })
			block.WriteString(text + "\n")
		}
		var got []string
		for _, m := range eachLiteralBlock(l, []byte(block.String()), nil) {
			got = append(got, fmt.Sprintf("%s@%d", pats[m.id], m.end))
		}
		if !slices.Equal(got, want) {
			t.Fatalf("eachLiteralBlock(%q) = %q, want %q (as eachLiteral, line by line)", block.String(), got, want)
		}
	}
}
