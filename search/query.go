package search

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/sockerr/sockerr/content"
)

// Limits on a query.
const (
	// MaxQueryBytes is the longest text searched: a whole stack trace or
	// log excerpt. Longer text is cut (at a character boundary), not
	// refused.
	MaxQueryBytes = 64 << 10
	DefaultLimit  = 10 // hits returned when the limit asked for is 0 or less
	MaxLimit      = 50 // larger limits are lowered to this
)

// ErrEmptyQuery is returned by Search when nothing searchable is left of
// the query once it is cleaned: it was empty, or only spaces, control
// characters or punctuation.
var ErrEmptyQuery = errors.New("search: nothing to search for: paste an error code, name or message")

// A Match says how sure a hit is.
type Match string

const (
	// Exact: the text names the error (an identifier such as 10054,
	// WSAECONNRESET or 0x80072746) or holds a message text Windows or a
	// runtime prints for it, in any language the corpus has.
	Exact Match = "exact"
	// Likely: most of what the text says is what the article's message,
	// runtime forms, title or symptoms say.
	Likely Match = "likely"
	// Possible: the text shares words with the article, no more.
	Possible Match = "possible"
)

// Result is the answer to a query.
type Result struct {
	Query string // the cleaned query actually searched
	Total int    // total matching articles
	Hits  []Hit

	// Other says what the text is when it is recognisably another kind of
	// error (a file-system error, an HTTP status, a TLS certificate
	// failure) and no socket error was recognised in it: "" otherwise.
	Other string
}

// Recognized reports whether some hit is exact or likely: whether the text
// was recognised as a socket error at all.
func (r *Result) Recognized() bool {
	return len(r.Hits) > 0 && r.Hits[0].Match != Possible
}

// Hit is one article in a result.
type Hit struct {
	Article *content.Article
	Score   float64 // the full-text score; exact hits come first whatever their score
	Match   Match
	Snippet string // HTML: escaped text with <mark> around matched words
}

// Search answers a query: the articles it names first, then full text.
// It returns [ErrEmptyQuery] when nothing searchable is left of q.
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
	exact, maybe := x.named(q, ws)
	// The recognizer reads the whole paste; the full-text stage, what
	// says the most of it.
	text := q
	if len(q) > maxFullText {
		text = errorLines(q)
		ws = wordsOf(text)
	}
	t := x.analyze(text, ws, len(exact) == 0)
	req := bleve.NewSearchRequestOptions(x.buildQuery(t, exact), limit+len(exact), 0, false)
	// Equal scores are ordered by id: bleve would order them as the
	// documents happen to lie in the index.
	req.SortBy([]string{"-_score", "_id"})
	req.IncludeLocations = true
	req.Highlight = bleve.NewHighlightWithStyle(html.Name)
	req.Highlight.Fields = snippetFields
	sr, err := x.bleve.Search(req)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}

	res := &Result{Query: q, Total: int(sr.Total)}
	lower := strings.ToLower(text)
	found := map[string]*search.DocumentMatch{}
	for _, h := range sr.Hits {
		found[h.ID] = h
	}
	for _, a := range exact {
		h := Hit{Article: a, Match: Exact}
		if dm := found[a.ID]; dm != nil {
			h.Score, h.Snippet = dm.Score, snippet(a, dm, lower)
		} else {
			h.Snippet = snippet(a, nil, lower)
			res.Total++
		}
		res.Hits = append(res.Hits, h)
	}
	var rest []Hit
	for _, dm := range sr.Hits {
		a := x.corpus.Article(dm.ID)
		if a == nil || slices.Contains(exact, a) {
			continue
		}
		m := x.match(a, dm, t)
		if m == Possible && slices.Contains(maybe, a) {
			m = Likely // a generic name, in a text not about sockets
		}
		rest = append(rest, Hit{Article: a, Score: dm.Score, Match: m, Snippet: snippet(a, dm, lower)})
	}
	if len(exact) == 0 {
		res.Other = other(text)
	}
	for i := range rest {
		if res.Other != "" && rest[i].Match != Possible {
			rest[i].Match = Possible // the text says what else it is
		}
		if len(exact) > 0 && rest[i].Match == Exact {
			rest[i].Match = Likely
		}
	}
	// Exact and likely first, each in score order (rest is already).
	slices.SortStableFunc(rest, func(a, b Hit) int { return rank(a.Match) - rank(b.Match) })
	res.Hits = append(res.Hits, rest...)
	if len(res.Hits) > limit {
		res.Hits = res.Hits[:limit]
	}
	if res.Total < len(res.Hits) {
		res.Total = len(res.Hits)
	}
	return res, nil
}

func rank(m Match) int {
	switch m {
	case Exact:
		return 0
	case Likely:
		return 1
	}
	return 2
}

// named returns the articles the query names for sure: the one it names
// as a whole, or else every one its mentions name, in the order they
// appear (the last "Caused by:" of a Java trace, its root cause, first);
// and those it only may name (see Mention.Sure).
func (x *Index) named(q string, ws []word) (sure, maybe []*content.Article) {
	if len(q) <= maxResolveBytes {
		if a := x.res.whole(q, ws); a != nil {
			return []*content.Article{a}, nil
		}
	}
	ms := recognize(x.rec, q, ws)
	// A code or a specific name tells more than a generic name
	// (BrokenPipeError beside [WinError 10058]); a Java trace's root cause
	// is its last "Caused by:".
	cause := strings.LastIndex(q, "Caused by:")
	slices.SortStableFunc(ms, func(a, b Mention) int {
		return cmp.Or(b2i(a.generic)-b2i(b.generic), b2i(cause >= 0 && a.Start < cause)-b2i(cause >= 0 && b.Start < cause))
	})
	for _, m := range ms {
		switch {
		case m.Sure && !slices.Contains(sure, m.Article):
			sure = append(sure, m.Article)
		case !m.Sure && !slices.Contains(maybe, m.Article):
			maybe = append(maybe, m.Article)
		}
	}
	return sure, maybe
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// clean makes user text safe to analyze: valid UTF-8 only, control and
// formatting characters turned into spaces (line breaks kept, for "Caused
// by:"), runs of spaces collapsed, and at most MaxQueryBytes long, cut at
// a character boundary.
func clean(q string) string {
	var b strings.Builder
	b.Grow(min(len(q), MaxQueryBytes))
	var space rune // the space to write before the next character, if any
	for _, r := range q {
		if r == utf8.RuneError || unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			if r == '\n' {
				space = '\n'
			} else if space == 0 {
				space = ' '
			}
			continue
		}
		n := utf8.RuneLen(r)
		if space != 0 && b.Len() > 0 {
			n++
		}
		if b.Len()+n > MaxQueryBytes {
			break
		}
		if space != 0 && b.Len() > 0 {
			b.WriteRune(space)
		}
		space = 0
		b.WriteRune(r)
	}
	return b.String()
}

// maxFullText bounds the text the full-text stage analyzes: a paste
// longer than this is searched by its error lines (see errorLines).
const maxFullText = 4 << 10

// errorWords mark the lines of a log or a trace that say what went wrong.
var errorWords = []string{"error", "exception", "caused by", "fail", "refused", "reset", "timed out", "timeout", "unreachable", "abort", "denied", "socket", "errno", "winerror"}

// errorLines returns the lines of a long paste that hold an error word, in
// order, up to maxFullText bytes; or its first maxFullText bytes when no
// line does. The rest is log noise: timestamps, frames, counters.
func errorLines(q string) string {
	var b strings.Builder
	for line := range strings.Lines(q) {
		lower := strings.ToLower(line)
		if !slices.ContainsFunc(errorWords, func(w string) bool { return strings.Contains(lower, w) }) {
			continue
		}
		if b.Len()+len(line) > maxFullText {
			break
		}
		b.WriteString(line)
	}
	if b.Len() == 0 {
		return cutUTF8(q, maxFullText)
	}
	return b.String()
}

// cutUTF8 returns at most n bytes of s, cut at a character boundary.
func cutUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// terms is a query taken apart for the full-text stage.
type terms struct {
	byAnalyzer map[string][]string // analyzer → distinct terms, in order
	synonyms   []string            // English terms the domain's synonyms add
	fuzzy      []fuzzyTerm         // words the index does not hold, to correct
	known      []string            // the informative terms with letters: what the query says
}

type fuzzyTerm struct {
	analyzer, term string
	fuzziness      int
}

// Bounds on the clauses of one query, so a 64 KB paste stays fast.
const (
	maxTerms     = 96 // distinct terms of each analyzer, the rarest kept
	maxCorrected = 4  // words corrected per query
	maxFuzzy     = 24 // longer words are not corrected: no identifier is longer, and bleve's automaton grows with the word
)

// analyze takes the query, cut into words ws, apart with each analyzer of
// the mapping. With fuzzy set, words that no field holds get corrections.
func (x *Index) analyze(q string, ws []word, fuzzy bool) *terms {
	t := &terms{byAnalyzer: map[string][]string{}}
	for _, name := range []string{analyzerIdent, analyzerText, analyzerPairs, analyzerIntl} {
		var list []string
		for _, tok := range x.analyzers[name].Analyze([]byte(q)) {
			list = append(list, string(tok.Term))
		}
		list = x.rarest(name, distinct(list))
		t.byAnalyzer[name] = list
		if name == analyzerText || name == analyzerIntl {
			for _, term := range list {
				// The cjk analyzer keeps English stop words: a text in
				// English is said by its English terms.
				if name == analyzerIntl && isASCIIString(term) && x.stop[term] {
					continue
				}
				if strings.ContainsFunc(term, isLetter) && x.informativeIn(name, term) && !slices.Contains(t.known, term) {
					t.known = append(t.known, term)
				}
			}
		}
	}
	t.synonyms = x.expand(q, t.byAnalyzer[analyzerText])
	if fuzzy {
		x.corrections(ws, t)
	}
	return t
}

// rarest keeps at most maxTerms of a list of terms, the ones the fewest
// articles hold (those no field holds are dropped too).
func (x *Index) rarest(analyzer string, list []string) []string {
	if len(list) <= maxTerms {
		return list
	}
	type tf struct {
		term string
		df   int
	}
	var held []tf
	for _, term := range list {
		if df := x.dfIn(analyzer, term); df > 0 {
			held = append(held, tf{term, df})
		}
	}
	slices.SortStableFunc(held, func(a, b tf) int { return a.df - b.df })
	out := make([]string, 0, maxTerms)
	for _, h := range held[:min(len(held), maxTerms)] {
		out = append(out, h.term)
	}
	return out
}

// dfIn is how many articles hold a term in the field of an analyzer that
// holds it most.
func (x *Index) dfIn(analyzer, term string) int {
	n := 0
	for _, f := range fields {
		if f.analyzer == analyzer {
			n = max(n, x.df[f.name][term])
		}
	}
	return n
}

func (x *Index) holds(analyzer, term string) bool { return x.dfIn(analyzer, term) > 0 }

// informativeIn reports whether a term is informative (see informative)
// in some strong field of an analyzer.
func (x *Index) informativeIn(analyzer, term string) bool {
	for _, f := range fields {
		if f.strong && f.analyzer == analyzer && x.informative(f.name, term) {
			return true
		}
	}
	return false
}

// isChineseOrJapanese reports whether r is of a script written without
// spaces between words. A "word" of such text is a run of several, which
// an edit or two does not correct; and the automaton of a run of
// multi-byte letters takes bleve tens of milliseconds to build.
func isChineseOrJapanese(r rune) bool {
	return r >= 0x3040 && unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana)
}

// corrections adds, for each word of the query that no field holds, its
// stem and its lower-cased form as fuzzy terms: bleve finds the terms of
// the index within an edit or two.
func (x *Index) corrections(ws []word, t *terms) {
	corrected := 0
	for _, w := range ws {
		if corrected == maxCorrected {
			return
		}
		n := utf8.RuneCountInString(w.lower)
		if n < 4 || n > maxFuzzy || strings.ContainsFunc(w.lower, unicode.IsDigit) || strings.ContainsFunc(w.lower, isChineseOrJapanese) || x.holds(analyzerIdent, w.lower) {
			continue
		}
		toks := x.analyzers[analyzerText].Analyze([]byte(w.s))
		if len(toks) != 1 || x.holds(analyzerText, string(toks[0].Term)) {
			continue // a stop word, or a word the index holds
		}
		fz := 1
		if n > 5 {
			fz = 2
		}
		t.fuzzy = append(t.fuzzy, fuzzyTerm{analyzerText, string(toks[0].Term), fz}, fuzzyTerm{analyzerIdent, w.lower, fz})
		corrected++
	}
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

// buildQuery builds the full-text query: a disjunction of term queries,
// one per term and field that holds it (and not too many articles do:
// such a word tells little), weighted by the field; the synonyms' terms
// at half weight; fuzzy queries for the words the index does not hold, at
// half weight or less; and the articles the text names, so they count in
// the total.
func (x *Index) buildQuery(t *terms, exact []*content.Article) query.Query {
	var qs []query.Query
	term := func(term, field string, boost float64) {
		if df := x.df[field][term]; df == 0 || df > x.maxDF && field != fieldIdent {
			return
		}
		q := query.NewTermQuery(term)
		q.SetField(field)
		q.SetBoost(boost)
		qs = append(qs, q)
	}
	for _, f := range fields {
		for _, s := range t.byAnalyzer[f.analyzer] {
			term(s, f.name, f.weight)
		}
		if f.analyzer == analyzerText {
			for _, s := range t.synonyms {
				term(s, f.name, f.weight/2)
			}
		}
	}
	for _, fz := range t.fuzzy {
		for _, f := range fields {
			if f.analyzer != fz.analyzer || f.name == fieldRelated {
				continue
			}
			q := query.NewFuzzyQuery(fz.term)
			q.SetField(f.name)
			q.SetFuzziness(fz.fuzziness)
			q.SetPrefix(1) // a typo is rarely in the first letter
			q.SetBoost(f.weight / float64(2*fz.fuzziness))
			qs = append(qs, q)
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

// match says how sure a full-text hit is, from which of the query's terms
// its strong fields (the message texts, runtime forms, symptoms and title)
// hold, and where:
//
//   - exact when they hold most of one of its message texts (three words
//     or more), or four or more words or pairs of characters of it that
//     are nearly all the query says: a message recognised in part (likely
//     for two or three);
//   - likely when one value holds most of its words (two or more) and
//     they are at least half of what the query says, or three or more of
//     them and most of what the query says; or when a misspelt identifier
//     was corrected to one of its names;
//   - possible otherwise.
//
// The title and message of an error that is not only a socket error
// (EACCES "Permission denied", EMFILE "Too many open files") make it likely
// only when they are all the query says.
func (x *Index) match(a *content.Article, dm *search.DocumentMatch, t *terms) Match {
	// An identifier the resolver did not take for a name: a misspelt one
	// corrected, or a class several articles share (BlockingIOError,
	// socket.gaierror), which names none of them.
	for term := range dm.Locations[fieldIdent] {
		if x.df[fieldIdent][term] == 1 {
			return Likely
		}
	}
	if len(t.known) == 0 {
		return Possible
	}
	generic := a.Errno != nil && generic[strings.ToUpper(a.Errno.Name)]
	lengths := x.lengths[a.ID]
	best := Possible
	share := func(n, of int) float64 { return float64(n) / float64(max(of, 1)) }
	for _, f := range fields {
		if !f.strong || f.name == fieldIdent {
			continue
		}
		perValue := map[int][]string{}
		for term, locs := range dm.Locations[f.name] {
			if !slices.Contains(t.known, term) {
				continue
			}
			for _, l := range locs {
				pos := 0
				if len(l.ArrayPositions) > 0 {
					pos = int(l.ArrayPositions[0])
				}
				if !slices.Contains(perValue[pos], term) {
					perValue[pos] = append(perValue[pos], term)
				}
			}
		}
		for pos, matched := range perValue {
			n := len(matched)
			if pos >= len(lengths[f.name]) {
				continue
			}
			cover := share(n, lengths[f.name][pos])
			message := f.name == fieldMessage || f.name == fieldMessages
			said := share(n, len(t.known))
			if generic && (f.name == fieldTitle || message) {
				// The text of an error that is not only a socket error says
				// only that it may be one: when it is all the query says.
				if cover == 1 && said == 1 && n >= 2 {
					best = Likely
				}
				continue
			}
			switch {
			case message && n >= 3 && cover >= 0.6:
				return Exact
			case message && n >= 4 && said >= 0.9:
				return Exact // a part of the message, and nothing else
			case message && n >= 3 && said >= 0.9,
				n >= 2 && cover >= 0.6 && said >= 0.5,
				n >= 3 && cover >= 0.4 && said >= 0.75:
				best = Likely
			}
		}
	}
	return best
}
