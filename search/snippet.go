package search

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"

	"github.com/sockerr/sockerr/content"
)

// snippetBytes is about how long a snippet is, before HTML escaping.
const snippetBytes = 200

// escaper escapes text for HTML as html.EscapeString does, straight into
// a buffer.
var escaper = strings.NewReplacer(`&`, "&amp;", `'`, "&#39;", `<`, "&lt;", `>`, "&gt;", `"`, "&#34;")

// A doc holds what an article's snippets are cut from, analyzed once when
// the index is built: its passages (summary, Windows message, runtime
// forms, body paragraphs), every word in them and, for each term, where
// it occurs.
type doc struct {
	passages []passage
	toks     []ptok
	post     map[termID][]int32 // term (stemmed, and lower-cased as written) → indexes into toks
	own      []string           // the article's identifiers, marked when it was found by one
}

// A termID numbers a term of the snippet passages; the numbers are shared
// by all articles, so a query's terms are looked up once, not per hit.
type termID int32

type termIDs map[string]termID

func (ids termIDs) id(term string) termID {
	id, ok := ids[term]
	if !ok {
		id = termID(len(ids))
		ids[term] = id
	}
	return id
}

// lookup returns the ids of the terms that occur in some passage.
func (ids termIDs) lookup(terms []string) []termID {
	out := make([]termID, 0, len(terms))
	for _, t := range terms {
		if id, ok := ids[t]; ok {
			out = append(out, id)
		}
	}
	return out
}

type passage struct {
	text        string
	bonus       float64 // preference among passages that match as well
	first, last int     // its words: toks[first:last]
}

type ptok struct {
	start, end int // byte offsets in the passage text
	passage    int
}

func newDoc(a *content.Article, text analysis.Analyzer, ids termIDs) *doc {
	d := &doc{post: map[termID][]int32{}}
	d.own = append(d.own, strings.ToLower(a.ID))
	for _, al := range a.Aliases {
		d.own = append(d.own, strings.ToLower(al))
	}
	if a.Kind == content.KindError {
		d.own = append(d.own, strconv.Itoa(a.Code))
	}
	add := func(s string, bonus float64) {
		s = strings.TrimSpace(s)
		if s == "" {
			return
		}
		p := passage{text: s, bonus: bonus, first: len(d.toks)}
		for _, tok := range text.Analyze([]byte(s)) {
			i := int32(len(d.toks))
			d.toks = append(d.toks, ptok{tok.Start, tok.End, len(d.passages)})
			stem := string(tok.Term)
			d.post[ids.id(stem)] = append(d.post[ids.id(stem)], i)
			if lower := strings.ToLower(s[tok.Start:tok.End]); lower != stem {
				d.post[ids.id(lower)] = append(d.post[ids.id(lower)], i)
			}
		}
		p.last = len(d.toks)
		d.passages = append(d.passages, p)
	}
	add(a.Summary, 0.3)
	add(a.Message, 0.2)
	for _, s := range a.SeenAs {
		add(s, 0.1)
	}
	for _, para := range strings.Split(a.Text, "\n") {
		add(para, 0)
	}
	return d
}

// A scratch holds the buffers of snippet, reused across the hits of one
// query.
type scratch struct {
	hits   []snipHit
	count  []int
	marked []int32
}

type snipHit struct {
	tok  int32 // index into doc.toks
	term int   // index into the query's terms
}

// snippet returns the best short passage for the terms, as HTML: escaped
// text with <mark> around every occurrence of a term. The best passage
// holds the most distinct terms within snippetBytes; without any, it is
// the start of the summary.
func (d *doc) snippet(terms []termID, sc *scratch) string {
	if len(d.passages) == 0 {
		return ""
	}
	hits := sc.hits[:0]
	for ti, term := range terms {
		for _, i := range d.post[term] {
			hits = append(hits, snipHit{i, ti})
		}
	}
	sc.hits = hits
	if len(hits) == 0 {
		return d.render(0, 0, 0, nil)
	}
	slices.SortFunc(hits, func(a, b snipHit) int { return int(a.tok - b.tok) })

	// Slide a window over the hits of each passage; keep the window with
	// the most distinct terms.
	count := append(sc.count[:0], make([]int, len(terms))...)
	sc.count = count
	bestScore, bestFrom, bestTo := -1.0, 0, 0
	for from, to, distinct := 0, 0, 0; to < len(hits); to++ {
		t := d.toks[hits[to].tok]
		if count[hits[to].term] == 0 {
			distinct++
		}
		count[hits[to].term]++
		for {
			f := d.toks[hits[from].tok]
			if f.passage == t.passage && t.end-f.start <= snippetBytes {
				break
			}
			count[hits[from].term]--
			if count[hits[from].term] == 0 {
				distinct--
			}
			from++
		}
		if s := float64(distinct) + d.passages[t.passage].bonus; s > bestScore {
			bestScore, bestFrom, bestTo = s, from, to
		}
	}
	marked := sc.marked[:0]
	for _, h := range hits[bestFrom : bestTo+1] {
		marked = append(marked, h.tok)
	}
	sc.marked = marked
	first, last := d.toks[hits[bestFrom].tok], d.toks[hits[bestTo].tok]
	return d.render(first.passage, first.start, last.end, marked)
}

// render cuts about snippetBytes of passage p around the bytes [from, to),
// on word boundaries, and marks the words whose indexes are in marked
// (sorted).
func (d *doc) render(p int, from, to int, marked []int32) string {
	ps := d.passages[p]
	start, end := 0, len(ps.text)
	if end > snippetBytes {
		// Start a little before the first mark, at a word.
		lead := min(snippetBytes/5, max(0, snippetBytes-(to-from))/2)
		start = max(0, min(from-lead, len(ps.text)-snippetBytes))
		toks := d.toks[ps.first:ps.last]
		i := sort.Search(len(toks), func(i int) bool { return toks[i].start >= start })
		if i < len(toks) {
			start = toks[i].start
		}
		if i == 0 {
			start = 0
		}
		// End at the last word that fits.
		end = start
		for _, t := range toks[i:] {
			if t.end-start > snippetBytes {
				break
			}
			end = t.end
		}
		if end == start { // one very long word: cut it
			end = start + snippetBytes
			for end > start && !utf8.RuneStart(ps.text[end]) {
				end--
			}
		}
	}
	var b strings.Builder
	b.Grow(end - start + 32)
	if start > 0 {
		b.WriteString("…")
	}
	pos := start
	for _, i := range marked {
		t := d.toks[i]
		if t.start < pos || t.end > end {
			continue
		}
		escaper.WriteString(&b, ps.text[pos:t.start])
		b.WriteString("<mark>")
		escaper.WriteString(&b, ps.text[t.start:t.end])
		b.WriteString("</mark>")
		pos = t.end
	}
	escaper.WriteString(&b, ps.text[pos:end])
	if end < len(ps.text) {
		b.WriteString("…")
	}
	return b.String()
}
