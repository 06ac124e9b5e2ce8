package search

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/sockerr/sockerr/content"
)

// TestAnalyzedAsBleve checks that the documents New hands bleve are what
// bleve's mapping would make of the articles: for every field, the same
// terms with the same frequencies, the same length and, where the field
// keeps term vectors, the same locations; and that the words counted for
// the fields' average lengths are the words of their values.
func TestAnalyzedAsBleve(t *testing.T) {
	c := index(t).Corpus()
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	w, err := newAnalyzer(0, [3]analysis.Analyzer{m.AnalyzerNamed(analyzerIdent), m.AnalyzerNamed(analyzerText), m.AnalyzerNamed(analyzerPairs)})
	if err != nil {
		t.Fatal(err)
	}
	var words [numFields]int
	for _, a := range c.Articles() {
		got := fieldsByName(t, w.article(a).doc)
		want := fieldsByName(t, bleveDocument(t, m, a))
		for _, f := range fields {
			if err := sameField(got[f.name], want[f.name]); err != nil {
				t.Errorf("%s, field %s: %v", a.ID, f.name, err)
			}
		}
		for i, vs := range fieldsOf(a) {
			for _, v := range vs {
				eachWord(v, func(int, int) { words[i]++ })
			}
		}
	}
	if w.length != words {
		t.Errorf("words counted by field: %v, want %v", w.length, words)
	}
}

// analyzedField is a field of a document as the segment sees it: its
// values merged.
type analyzedField struct {
	length int
	freqs  map[string]*bindex.TokenFreq
	opts   bindex.FieldIndexingOptions
}

func fieldsByName(t *testing.T, doc *document.Document) map[string]*analyzedField {
	t.Helper()
	out := map[string]*analyzedField{}
	doc.VisitFields(func(f bindex.Field) {
		f.Analyze()
		af := out[f.Name()]
		if af == nil {
			af = &analyzedField{freqs: map[string]*bindex.TokenFreq{}, opts: f.Options()}
			out[f.Name()] = af
		}
		af.length += f.AnalyzedLength()
		for term, tf := range f.AnalyzedTokenFrequencies() {
			if old := af.freqs[term]; old != nil {
				merged := &bindex.TokenFreq{Term: old.Term, Locations: slices.Concat(old.Locations, tf.Locations)}
				merged.SetFrequency(old.Frequency() + tf.Frequency())
				af.freqs[term] = merged
			} else {
				af.freqs[term] = tf
			}
		}
	})
	return out
}

// bleveDocument is the document bleve's mapping makes of an article.
func bleveDocument(t *testing.T, m mapping.IndexMapping, a *content.Article) *document.Document {
	t.Helper()
	vals := fieldsOf(a)
	data := map[string]any{}
	for i, f := range fields {
		if vals.isList(i) {
			data[f.name] = vals[i]
		} else {
			data[f.name] = vals[i][0]
		}
	}
	doc := document.NewDocument(a.ID)
	if err := m.MapDocument(doc, data); err != nil {
		t.Fatal(err)
	}
	return doc
}

func sameField(got, want *analyzedField) error {
	switch {
	case want == nil && (got == nil || got.length == 0 && len(got.freqs) == 0):
		return nil
	case got == nil || want == nil:
		return fmt.Errorf("field in one document only (got %v, want %v)", got != nil, want != nil)
	case got.length != want.length:
		return fmt.Errorf("length %d, want %d", got.length, want.length)
	case got.opts != want.opts:
		return fmt.Errorf("options %v, want %v", got.opts, want.opts)
	case len(got.freqs) != len(want.freqs):
		return fmt.Errorf("%d terms, want %d", len(got.freqs), len(want.freqs))
	}
	for term, wtf := range want.freqs {
		gtf := got.freqs[term]
		switch {
		case gtf == nil:
			return fmt.Errorf("term %q missing", term)
		case string(gtf.Term) != term:
			return fmt.Errorf("term %q holds %q", term, gtf.Term)
		case gtf.Frequency() != wtf.Frequency():
			return fmt.Errorf("term %q: frequency %d, want %d", term, gtf.Frequency(), wtf.Frequency())
		case len(gtf.Locations) != len(wtf.Locations):
			return fmt.Errorf("term %q: %d locations, want %d", term, len(gtf.Locations), len(wtf.Locations))
		}
		for i, wl := range wtf.Locations {
			gl := gtf.Locations[i]
			if gl.Start != wl.Start || gl.End != wl.End || gl.Position != wl.Position || !slices.Equal(gl.ArrayPositions, wl.ArrayPositions) {
				return fmt.Errorf("term %q: location %d is %+v, want %+v", term, i, *gl, *wl)
			}
		}
	}
	return nil
}

// TestSnippetWords checks the words kept for snippets against the
// passages analyzed afresh: every passage of every article (summary,
// message, runtime forms, body paragraphs, trimmed, the empty ones left
// out), and for each word its offsets, its stem and its lower-cased form.
func TestSnippetWords(t *testing.T) {
	x := index(t)
	var d doc
	for _, a := range x.Corpus().Articles() {
		d.load(a, x.snips[a])
		var want []string
		add := func(s string) {
			if s = strings.TrimSpace(s); s != "" {
				want = append(want, s)
			}
		}
		add(a.Summary)
		add(a.Message)
		for _, s := range a.SeenAs {
			add(s)
		}
		for _, s := range strings.Split(a.Text, "\n") {
			add(s)
		}
		if len(d.passages) != len(want) {
			t.Errorf("%s: %d passages, want %d", a.ID, len(d.passages), len(want))
			continue
		}
		for p, text := range want {
			ps := d.passages[p]
			if ps.text != text {
				t.Errorf("%s: passage %d is %q, want %q", a.ID, p, ps.text, text)
				continue
			}
			toks := x.text.Analyze([]byte(text))
			if ps.last-ps.first != len(toks) {
				t.Errorf("%s: passage %d has %d words, want %d", a.ID, p, ps.last-ps.first, len(toks))
				continue
			}
			for i, tok := range toks {
				k := ps.first + i
				got := d.word(k, p)
				stem := termID(readUint(d.stems, k*d.w, d.w))
				lower := termID(readUint(d.lowers, k*d.w, d.w))
				wantLower := termID(1<<(8*d.w) - 1)
				if l := strings.ToLower(text[tok.Start:tok.End]); l != string(tok.Term) {
					wantLower = x.ids[l]
				}
				if int(got.start) != tok.Start || int(got.end) != tok.End || stem != x.ids[string(tok.Term)] || lower != wantLower {
					t.Errorf("%s: passage %d, word %d (%q): offsets %d-%d, terms %d %d; want %d-%d, %d %d",
						a.ID, p, i, text[tok.Start:tok.End], got.start, got.end, stem, lower, tok.Start, tok.End, x.ids[string(tok.Term)], wantLower)
				}
			}
		}
	}
}

// eachWordRegexp is eachWord as it was, trying netAddress at every word
// start that may be an address; eachWord tries it only where an address
// can start, on the text an address can span.
func eachWordRegexp(s string, fn func(start, end int)) {
	start := -1
	prevLetter := false
	for i := 0; i < len(s); {
		if start < 0 && (s[i] == '[' || s[i] == ':' || '0' <= s[i] && s[i] <= '9' || 'a' <= s[i] && s[i] <= 'f' || 'A' <= s[i] && s[i] <= 'F') && (i == 0 || !isWordByte(s[i-1])) {
			if m := netAddress.FindStringIndex(s[i:]); m != nil && m[1] > 2 && (i+m[1] == len(s) || !isWordByte(s[i+m[1]])) && strings.ContainsAny(s[i:i+m[1]], ".:") && !isPlainWord(s[i:i+m[1]]) {
				i += m[1]
				prevLetter = false
				continue
			}
		}
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		switch {
		case isWordRune(r):
			if start < 0 {
				start = i
			}
			prevLetter = unicode.IsLetter(r)
		case start >= 0 && (r == '\'' || r == '’') && prevLetter && letterAt(s, i+size):
			prevLetter = false
		default:
			if start >= 0 {
				fn(start, i)
				start = -1
			}
			prevLetter = false
		}
		i += size
	}
	if start >= 0 {
		fn(start, len(s))
	}
}

func TestEachWordAsRegexp(t *testing.T) {
	texts := slices.Clone(fuzzSeeds)
	texts = append(texts,
		"dial tcp 10.0.0.5:10050: i/o timeout", "[::1]:6379", "fe80::1%eth0:22 and ::ffff:192.0.2.1",
		"2001:db8::ff00:42:8329 abc:def 12.34 1.2.3.4.5 a1b2:c3d4:e5f6:0789 bad:cafe: add: 0x2746:",
		"[fe80::1%eth0]:80, [x]: [::]:0 :8080 ::", "peer's don't ’tis o’clock 10054/tcp",
		"deadbeef.cafe 1234.5678 abcd:1234 ab:cd:ef:01 1:2:3:4")
	for _, a := range index(t).Corpus().Articles() {
		texts = append(texts, a.Text, a.Message, a.Summary, a.Title)
		texts = append(texts, a.SeenAs...)
	}
	r := rand.New(rand.NewPCG(1, 2))
	const alphabet = "0123456789abcdefABCDEFxyz:.[]%_- '’é\n"
	for range 20000 {
		b := make([]rune, r.IntN(24))
		for i := range b {
			b[i] = []rune(alphabet)[r.IntN(len([]rune(alphabet)))]
		}
		texts = append(texts, string(b))
	}
	for _, s := range texts {
		var got, want [][2]int
		eachWord(s, func(i, j int) { got = append(got, [2]int{i, j}) })
		eachWordRegexp(s, func(i, j int) { want = append(want, [2]int{i, j}) })
		if !slices.Equal(got, want) {
			t.Errorf("eachWord(%.60q) = %v, want %v", s, got, want)
		}
	}
}

// TestCorrectAsBruteForce checks that ruling terms out by their characters
// changes no correction.
func TestCorrectAsBruteForce(t *testing.T) {
	x := index(t)
	r := rand.New(rand.NewPCG(3, 4))
	for _, an := range []string{analyzerText, analyzerIdent} {
		lex := x.lex[an]
		var words []string
		for _, group := range lex {
			for _, lt := range group {
				w := []byte(lt.term)
				if len(w) < 3 || r.IntN(4) != 0 {
					continue
				}
				switch i := 1 + r.IntN(len(w)-2); r.IntN(3) {
				case 0:
					w[i], w[i+1] = w[i+1], w[i]
				case 1:
					w = slices.Delete(w, i, i+1)
				default:
					w[i] = 'a' + byte(r.IntN(26))
				}
				words = append(words, string(w))
			}
		}
		for _, w := range words {
			got, gotD := lex.correct(w)
			want, wantD := bruteCorrect(lex, w)
			if !slices.Equal(got, want) || !slices.Equal(gotD, wantD) {
				t.Errorf("%s: correct(%q) = %v %v, want %v %v", an, w, got, gotD, want, wantD)
			}
		}
	}
}

func bruteCorrect(l lexicon, term string) ([]string, []int) {
	k := maxEdits(term)
	type cand struct {
		term string
		d    int
	}
	var cands []cand
	for _, lt := range l[term[0]] {
		if lt.term == term {
			continue
		}
		if d := editDistance(term, lt.term, k); d <= k {
			cands = append(cands, cand{lt.term, d})
		}
	}
	slices.SortFunc(cands, func(a, b cand) int {
		if a.d != b.d {
			return a.d - b.d
		}
		return strings.Compare(a.term, b.term)
	})
	var terms []string
	var dists []int
	for _, c := range cands[:min(len(cands), maxExpansions)] {
		terms, dists = append(terms, c.term), append(dists, c.d)
	}
	return terms, dists
}

func TestPostingsLimit(t *testing.T) {
	x := &Index{maxDF: 2500}
	for _, tt := range []struct {
		dfs  []int
		want int
	}{
		{nil, 2500},
		{[]int{4096}, 2500},
		{[]int{1, 2, 3}, 2500},
		{[]int{2000, 2000, 100, 5}, 1999},       // both 2000s go
		{[]int{2000, 1500, 1000, 900, 5}, 1999}, // the 2000 goes: 3405 left
		{[]int{3000, 3000}, 2500},               // the rarest stay, however common
		{[]int{5000, 3000, 3000}, 4999},
	} {
		if got := x.postingsLimit(tt.dfs); got != tt.want {
			t.Errorf("postingsLimit(%v) = %d, want %d", tt.dfs, got, tt.want)
		}
	}
}
