package search

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/sockerr/sockerr/content"
)

// Limits on a query.
const (
	MaxQueryBytes = 512 // longer queries are cut (at a character boundary), not refused
	DefaultLimit  = 10  // hits returned when the limit asked for is 0 or less
	MaxLimit      = 50  // larger limits are lowered to this
)

// ErrEmptyQuery is returned by Search when nothing searchable is left of
// the query once it is cleaned: it was empty, or only spaces, control
// characters or punctuation.
var ErrEmptyQuery = errors.New("search: empty query")

// Result is the answer to a query.
type Result struct {
	Query string // the cleaned query actually searched
	Total int    // total matching articles
	Hits  []Hit
}

// Hit is one article in a result.
type Hit struct {
	Article *content.Article
	Score   float64 // the full-text score; hits found by identifier come first whatever their score
	Snippet string  // HTML: escaped text with <mark> around matched terms
	Exact   bool    // found by identifier resolution
}

// Search answers a query: resolved identifiers first, then full text. It
// returns [ErrEmptyQuery] when nothing searchable is left of q.
func (x *Index) Search(q string, limit int) (*Result, error) {
	q = clean(q)
	if !strings.ContainsFunc(q, isWordRune) {
		return nil, ErrEmptyQuery
	}
	switch {
	case limit <= 0:
		limit = DefaultLimit
	case limit > MaxLimit:
		limit = MaxLimit
	}

	ws := wordsOf(q)
	exact := x.exact(q, ws)
	t := x.analyze(q, ws, len(exact) == 0)
	near := x.near(t)
	first := append(exact[:len(exact):len(exact)], near...)
	req := bleve.NewSearchRequestOptions(x.buildQuery(t, first), limit+len(first), 0, false)
	// Equal scores are ordered by id: bleve would order them as the
	// documents happen to lie in the index, which differs from one build
	// (one replica) to the next.
	req.SortBy([]string{"-_score", "_id"})
	sr, err := x.bleve.Search(req)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}

	// Scores that are equal in theory can differ in their last bit, as the
	// order of floating-point sums depends on how the index is segmented
	// and on scheduling: compare them at float32 precision, so such ties
	// are ordered by id too.
	slices.SortStableFunc(sr.Hits, func(a, b *bsearch.DocumentMatch) int {
		return cmp.Or(cmp.Compare(float32(b.Score), float32(a.Score)), strings.Compare(a.ID, b.ID))
	})

	res := &Result{Query: q, Total: int(sr.Total)}
	scores := map[string]float64{}
	for _, h := range sr.Hits {
		scores[h.ID] = h.Score
	}
	marks := x.ids.lookup(t.marks)
	sc, _ := x.scratch.Get().(*scratch)
	if sc == nil {
		sc = new(scratch)
	}
	defer x.scratch.Put(sc)
	for i, a := range first {
		if len(res.Hits) == limit {
			break
		}
		own := marks[:len(marks):len(marks)]
		for _, id := range x.ids.lookup(ownTerms(a)) {
			if !slices.Contains(own, id) {
				own = append(own, id)
			}
		}
		res.Hits = append(res.Hits, Hit{Article: a, Score: scores[a.ID], Exact: i < len(exact), Snippet: x.snippet(a, own, sc)})
	}
	for _, h := range sr.Hits {
		if len(res.Hits) == limit {
			break
		}
		a := x.corpus.Article(h.ID)
		if a == nil || slices.Contains(first, a) {
			continue
		}
		res.Hits = append(res.Hits, Hit{Article: a, Score: h.Score, Snippet: x.snippet(a, marks, sc)})
	}
	if res.Total < len(res.Hits) {
		res.Total = len(res.Hits)
	}
	return res, nil
}

// ownTerms are an article's identifiers as snippets mark them when it was
// found by one: its id, its aliases and its code, lower-cased.
func ownTerms(a *content.Article) []string {
	own := []string{strings.ToLower(a.ID)}
	for _, al := range a.Aliases {
		own = append(own, strings.ToLower(al))
	}
	if a.Winsock() {
		own = append(own, strconv.Itoa(a.Code))
	}
	return own
}

// exact returns the articles the query names by identifier: the one it
// names as a whole, or else every identifier in it that names one article,
// in the order they appear.
func (x *Index) exact(q string, ws []word) []*content.Article {
	if len(q) <= maxResolveBytes {
		if a := x.res.whole(q, ws); a != nil {
			return []*content.Article{a}
		}
	}
	ms, _ := x.res.scan(q, ws, false)
	var out []*content.Article
	for _, m := range ms {
		if len(m.arts) == 1 && !slices.Contains(out, m.arts[0]) {
			out = append(out, m.arts[0])
		}
	}
	return out
}

// near returns the articles that misspelled identifiers name: for each
// word the index does not hold, the identifiers nearest to it, if they all
// name one article ("WSAETIMEOUT" is one edit from WSAETIMEDOUT).
func (x *Index) near(t *terms) []*content.Article {
	var out []*content.Article
	for i := 0; i < len(t.fixes); {
		word, best := t.fixes[i].word, -1
		var arts []*content.Article
		for ; i < len(t.fixes) && t.fixes[i].word == word; i++ {
			fx := t.fixes[i]
			if fx.analyzer != analyzerIdent || best >= 0 && fx.dist > best {
				continue
			}
			for _, a := range x.res.name(fx.term, true) {
				best = fx.dist
				if !slices.Contains(arts, a) {
					arts = append(arts, a)
				}
			}
		}
		if len(arts) == 1 && !slices.Contains(out, arts[0]) {
			out = append(out, arts[0])
		}
	}
	return out
}

// clean makes user text safe to analyze: valid UTF-8 only, control and
// formatting characters turned into spaces, runs of spaces collapsed,
// and at most MaxQueryBytes long, cut at a character boundary.
func clean(q string) string {
	var b strings.Builder
	b.Grow(min(len(q), MaxQueryBytes))
	space := false
	for _, r := range q {
		if r == utf8.RuneError || unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			space = true
			continue
		}
		n := utf8.RuneLen(r)
		if space && b.Len() > 0 {
			n++
		}
		if b.Len()+n > MaxQueryBytes {
			break
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// terms is a query taken apart for the full-text stage.
type terms struct {
	text    []string   // distinct English terms (stemmed, no stop words)
	ident   []string   // distinct lower-cased words
	pairs   []string   // distinct stemmed word pairs
	phrases [][]string // runs of English terms between punctuation, with gaps for stop words
	fixes   []fix      // corrections of words that occur in no field of the index
	marks   []string   // terms to highlight in snippets
}

// A fix is a term of the index close to a word of the query that the
// index does not hold: what the word may have been meant to be.
type fix struct {
	analyzer string
	term     string
	dist     int // edits from the word
	word     int // which unknown word of the query it corrects
}

// Bounds on the clauses of one query.
const (
	maxTerms     = 48 // distinct terms of each kind, so a long paste stays fast
	maxPhrases   = 1  // word pairs do most of a phrase's work, for less
	maxCorrected = 4  // words corrected per query
)

// analyze takes the query, cut into words ws, apart. With fuzzy set, each word that occurs in
// no field of the index gets the corrections the index holds.
func (x *Index) analyze(q string, ws []word, fuzzy bool) *terms {
	t := &terms{}
	toks := x.text.Analyze([]byte(q))
	stemAt := make(map[int]string, len(toks)) // word start → its English term
	unknown := 0
	for _, tok := range toks {
		stemAt[tok.Start] = string(tok.Term)
		t.text = append(t.text, string(tok.Term))
	}
	for _, w := range ws {
		t.ident = append(t.ident, w.lower)
		stem, ok := stemAt[w.start]
		if !ok {
			continue // a stop word
		}
		t.marks = append(t.marks, stem, w.lower)
		if fuzzy && unknown < maxCorrected && fuzzable(w.lower) && !x.known(stem, w.lower) {
			for _, c := range []struct{ analyzer, word string }{{analyzerText, stem}, {analyzerIdent, w.lower}} {
				terms, dists := x.lex[c.analyzer].correct(c.word)
				for i, term := range terms {
					t.fixes = append(t.fixes, fix{c.analyzer, term, dists[i], unknown})
					t.marks = append(t.marks, term)
				}
			}
			unknown++
		}
	}
	for _, tok := range x.pairs.Analyze([]byte(q)) {
		t.pairs = append(t.pairs, string(tok.Term))
	}
	t.text = capped(distinct(t.text))
	t.ident = capped(distinct(t.ident))
	t.pairs = capped(distinct(t.pairs))
	t.marks = distinct(t.marks)
	t.phrases = phrases(q, ws, toks)
	return t
}

// capped returns at most the first maxTerms terms of list.
func capped(list []string) []string {
	return list[:min(len(list), maxTerms)]
}

// distinct removes repeats from list, keeping the first of each.
func distinct(list []string) []string {
	seen := make(map[string]bool, len(list))
	out := list[:0]
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// known reports whether a word occurs in any field.
func (x *Index) known(stem, lower string) bool {
	return x.df(analyzerText, stem) > 0 || x.df(analyzerIdent, lower) > 0
}

// fuzzable reports whether a word is worth correcting: long enough to
// have a typo, and not a number, an address or a hex value.
func fuzzable(lower string) bool {
	return utf8.RuneCountInString(lower) >= 4 && !strings.ContainsFunc(lower, unicode.IsDigit)
}

// phrases splits the query at punctuation other than hyphens and
// apostrophes, and returns the runs of at least three English terms as
// phrases, longest first, at most maxPhrases of them.
func phrases(q string, ws []word, toks analysis.TokenStream) [][]string {
	var out [][]string
	ti := 0
	segStart := 0
	flush := func(end int) { // words [segStart, end)
		var toksIn analysis.TokenStream
		for ti < len(toks) && toks[ti].Start < ws[end-1].end {
			if toks[ti].Start >= ws[segStart].start {
				toksIn = append(toksIn, toks[ti])
			}
			ti++
		}
		if len(toksIn) >= 3 {
			first := toksIn[0].Position
			p := make([]string, toksIn[len(toksIn)-1].Position-first+1)
			for _, tok := range toksIn {
				p[tok.Position-first] = string(tok.Term)
			}
			out = append(out, p)
		}
		segStart = end
	}
	for i := 1; i < len(ws); i++ {
		if strings.TrimFunc(q[ws[i-1].end:ws[i].start], weakSeparator) != "" {
			flush(i)
		}
	}
	if len(ws) > 0 {
		flush(len(ws))
	}
	slices.SortStableFunc(out, func(a, b []string) int { return len(b) - len(a) })
	if len(out) > maxPhrases {
		out = out[:maxPhrases]
	}
	return out
}

func weakSeparator(r rune) bool {
	return r == ' ' || r == '-' || r == '\'' || r == '’'
}

// buildQuery builds the full-text query: a disjunction of term queries on
// every field (only for terms the field holds, and not too many articles
// hold: see maxDF and postingsLimit), phrase queries for runs of
// words on the Windows message and the runtime forms, term queries for the
// corrections of unknown words (at half weight or less), and the exact
// hits, so they count in the total.
func (x *Index) buildQuery(t *terms, exact []*content.Article) query.Query {
	var qs []query.Query
	add := func(q interface {
		query.Query
		SetField(string)
		SetBoost(float64)
	}, field string, boost float64) {
		q.SetField(field)
		q.SetBoost(boost)
		qs = append(qs, q)
	}
	type clause struct {
		fi   int
		term string
		st   termStats
	}
	var terms []clause
	var dfs []int
	for fi, f := range fields {
		var list []string
		switch f.analyzer {
		case analyzerIdent:
			list = t.ident
		case analyzerText:
			list = t.text
		case analyzerPairs:
			list = t.pairs
		}
		for _, term := range list {
			if st := x.vocab[term]; st[fi] > 0 && int(st[fi]) <= x.maxDF {
				terms = append(terms, clause{fi, term, st})
				dfs = append(dfs, int(st[fi]))
			}
		}
	}
	limit := x.postingsLimit(dfs)
	for _, c := range terms {
		if int(c.st[c.fi]) <= limit {
			add(query.NewTermQuery(c.term), fields[c.fi].name, x.boost(c.fi)*x.blend(c.fi, &c.st))
		}
	}
	for _, p := range t.phrases {
		add(query.NewMultiPhraseQuery(phraseTerms(p), fieldMessage), fieldMessage, 2*x.boost(fieldMessageN))
	}
	for _, fx := range t.fixes {
		st := x.vocab[fx.term]
		for fi, f := range fields {
			if f.analyzer == fx.analyzer && st[fi] > 0 {
				add(query.NewTermQuery(fx.term), f.name, x.boost(fi)*x.blend(fi, &st)/float64(2*fx.dist))
			}
		}
	}
	if len(exact) > 0 {
		ids := make([]string, len(exact))
		for i, a := range exact {
			ids[i] = a.ID
		}
		dq := query.NewDocIDQuery(ids)
		dq.SetBoost(0.001)
		qs = append(qs, dq)
	}
	if len(qs) == 0 {
		return query.NewMatchNoneQuery()
	}
	return query.NewDisjunctionQuery(qs)
}

// maxPostings bounds the work of one query: the articles its term
// clauses match, added up over the clauses. In the built-in corpus no
// query comes near it (the most is about 450); in a large one a pasted
// line of common words would otherwise match tens of thousands.
const maxPostings = 4096

// postingsLimit returns the largest document frequency a term clause may
// have, given the document frequencies of all of them: the commonest are
// left out, all those of one frequency at a time, until the rest match at
// most maxPostings articles in all; the rarest are always kept.
func (x *Index) postingsLimit(dfs []int) int {
	total := 0
	for _, df := range dfs {
		total += df
	}
	if total <= maxPostings {
		return x.maxDF
	}
	dfs = slices.Clone(dfs)
	slices.Sort(dfs)
	limit := x.maxDF
	for i := len(dfs) - 1; i >= 0 && total > maxPostings && dfs[i] > dfs[0]; {
		limit = dfs[i] - 1
		for df := dfs[i]; i >= 0 && dfs[i] == df; i-- {
			total -= df
		}
	}
	return limit
}

// boost is the boost of a clause on a field: the field's weight, times
// the square root of its average length. bleve divides a match by the
// square root of the field's length, so a long body would count for far
// less than its weight says next to a short title; this makes an
// average-length field count at its weight.
func (x *Index) boost(fi int) float64 {
	return fields[fi].weight * x.norm[fi]
}

// blend corrects bleve's weighing of a term to the whole corpus. bleve
// weighs a term by how rare it is in one field (idf squared, once for the
// query and once for the match), so a word most articles use, such as
// "socket" or "raise", looks rare among titles and wins there over the one
// rare word of a query that only bodies hold. The factor swaps the field's
// idf for the corpus's: the rarity of the term in whichever field of its
// analyzer holds it most often. st counts the articles that hold the term.
func (x *Index) blend(fi int, st *termStats) float64 {
	r := x.idf(st.df(fields[fi].analyzer)) / x.idf(int(st[fi]))
	return r * r
}

// df is the number of articles that hold a term in the fields of an
// analyzer (the most of any one field).
func (x *Index) df(analyzer, term string) int {
	st := x.vocab[term]
	return st.df(analyzer)
}

func phraseTerms(p []string) [][]string {
	out := make([][]string, len(p))
	for i, t := range p {
		if t != "" {
			out[i] = []string{t}
		}
	}
	return out
}
