package search

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
	"unsafe"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/document"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/sockerr/sockerr/content"
)

// analyzeAll analyzes the articles on every core: see analyzer. The
// analyzers are those of the mapping (ident, text, pairs); docs[i] is
// arts[i].
func analyzeAll(arts []*content.Article, mapped [3]analysis.Analyzer) ([]analyzedDoc, []*analyzer, error) {
	n := min(runtime.GOMAXPROCS(0), (len(arts)+31)/32)
	workers := make([]*analyzer, max(n, 1))
	for i := range workers {
		w, err := newAnalyzer(i, mapped)
		if err != nil {
			return nil, nil, err
		}
		workers[i] = w
	}
	docs := make([]analyzedDoc, len(arts))
	const chunk = 16
	var next atomic.Int64
	var wg sync.WaitGroup
	for _, w := range workers {
		wg.Go(func() {
			for {
				from := int(next.Add(chunk)) - chunk
				if from >= len(arts) {
					return
				}
				for i := from; i < min(from+chunk, len(arts)); i++ {
					docs[i] = w.article(arts[i])
				}
			}
		})
	}
	wg.Wait()
	return docs, workers, nil
}

// An analyzer analyzes articles on one goroutine, with the analyzers of
// the mapping (only the Porter stemmer remembers the words it has
// stemmed), and makes of each the document bleve indexes: one field per
// field of [fields], with its terms counted. It numbers every term it
// meets, counts the articles that hold each term in each field and the
// words of each field, and records the words of the snippet passages.
type analyzer struct {
	id     int
	chains [3]chain // ident, text, pairs

	ids   map[string]termID // term → its number in this analyzer
	terms []string          // number → term
	info  []termInfo        // number → what is known of the term

	// The terms of the field being analyzed, in the order found.
	field    int32
	found    []*bindex.TokenFreq
	foundIDs []termID

	length, holders [numFields]int // words in each field, and articles with words in it

	buf    []byte // the text being analyzed (lower-cased in place)
	toks   []analysis.Token
	stream analysis.TokenStream
	stop   []bool
	pair   []byte
	lower  []byte
	freqs  []bindex.TokenFreq     // allocated in chunks
	locs   []bindex.TokenLocation // allocated in chunks
	pass   []snipTok              // the words of one passage
	snips  [4][]byte              // snippet words of summary, message, runtime forms, body
}

// termInfo is what an analyzer knows of a term.
type termInfo struct {
	stats termStats // articles that hold it, by field
	field int32     // the last field it was found in (see analyzer.field)
	slot  int32     // its place in analyzer.found, when field is the one being analyzed
}

// A chain is an analyzer of the mapping as its steps: the word
// tokenizer, then the token filters, the stemmer memoized. An analyzer
// that makes word pairs ends with the pair filter, done by pairsOf.
type chain struct {
	filters []analysis.TokenFilter
	pairs   *pairFilter
}

func newAnalyzer(id int, mapped [3]analysis.Analyzer) (*analyzer, error) {
	w := &analyzer{id: id, ids: map[string]termID{}}
	stem := &memoStemmer{memo: map[string][]byte{}}
	for i, a := range mapped {
		da, ok := a.(*analysis.DefaultAnalyzer)
		if !ok || len(da.CharFilters) > 0 {
			return nil, fmt.Errorf("search: analyzer %d is not a tokenizer and token filters", i)
		}
		if _, ok := da.Tokenizer.(wordTokenizer); !ok {
			return nil, fmt.Errorf("search: analyzer %d does not use the word tokenizer", i)
		}
		var ch chain
		for j, f := range da.TokenFilters {
			switch f := f.(type) {
			case *porter.PorterStemmer:
				ch.filters = append(ch.filters, stem)
			case pairFilter:
				if j != len(da.TokenFilters)-1 {
					return nil, fmt.Errorf("search: analyzer %d makes pairs before its last filter", i)
				}
				if _, ok := f.stem.(*porter.PorterStemmer); !ok {
					return nil, fmt.Errorf("search: the pair filter of analyzer %d does not use the Porter stemmer", i)
				}
				ch.pairs = &pairFilter{stop: f.stop, stem: stem}
			default:
				ch.filters = append(ch.filters, f)
			}
		}
		w.chains[i] = ch
	}
	return w, nil
}

func chainOf(analyzer string) int {
	switch analyzer {
	case analyzerIdent:
		return 0
	case analyzerText:
		return 1
	default:
		return 2
	}
}

// A memoStemmer is the Porter stemmer filter, remembering its stems. It
// is not safe for concurrent use.
type memoStemmer struct {
	memo map[string][]byte
	one  [1]*analysis.Token
}

func (m *memoStemmer) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, t := range input {
		if t.KeyWord {
			continue
		}
		if s, ok := m.memo[string(t.Term)]; ok {
			t.Term = s
			continue
		}
		key := string(t.Term)
		m.one[0] = t
		porter.NewPorterStemmer().Filter(m.one[:])
		m.memo[key] = t.Term[:len(t.Term):len(t.Term)]
	}
	return input
}

// term returns the number of a term, numbering it if it is new.
func (w *analyzer) term(t []byte) termID {
	if id, ok := w.ids[string(t)]; ok {
		return id
	}
	// One copy serves as the map's key and as bleve's TokenFreq.Term,
	// which nothing writes to.
	b := bytes.Clone(t)
	s := unsafe.String(unsafe.SliceData(b), len(b))
	id := termID(len(w.terms))
	w.ids[s] = id
	w.terms = append(w.terms, s)
	w.info = append(w.info, termInfo{})
	return id
}

// termBytes returns term id as bytes, for bleve's TokenFreq.Term.
func (w *analyzer) termBytes(id termID) []byte {
	s := w.terms[id]
	return unsafe.Slice(unsafe.StringData(s), len(s))
}

// run analyzes s with chain ch: the words of s through the filters. For
// the chain that makes pairs, the stream is the filtered words, not yet
// paired. words is how many words s has.
func (w *analyzer) run(ch *chain, s string) (stream analysis.TokenStream, words int) {
	w.buf = append(w.buf[:0], s...)
	w.toks = tokenize(w.buf, w.toks[:0])
	stream = w.stream[:0]
	for i := range w.toks {
		stream = append(stream, &w.toks[i])
	}
	w.stream = stream
	for _, f := range ch.filters {
		stream = f.Filter(stream)
	}
	return stream, len(w.toks)
}

// A field is analyzed already: bleve indexes its terms as they are.
type indexedField struct {
	name   string
	opts   bindex.FieldIndexingOptions
	length int
	freqs  bindex.TokenFrequencies
	bytes  uint64
}

var _ document.Field = (*indexedField)(nil)

func (f *indexedField) Name() string                                      { return f.name }
func (f *indexedField) ArrayPositions() []uint64                          { return nil }
func (f *indexedField) Options() bindex.FieldIndexingOptions              { return f.opts }
func (f *indexedField) Analyze()                                          {}
func (f *indexedField) Value() []byte                                     { return nil }
func (f *indexedField) NumPlainTextBytes() uint64                         { return f.bytes }
func (f *indexedField) Size() int                                         { return 64 + 80*len(f.freqs) }
func (f *indexedField) EncodedFieldType() byte                            { return 't' }
func (f *indexedField) AnalyzedLength() int                               { return f.length }
func (f *indexedField) AnalyzedTokenFrequencies() bindex.TokenFrequencies { return f.freqs }

// article analyzes one article.
//
// Each field is what bleve's mapping would make of fieldsOf(a), analyzed
// as bleve analyzes a text field (document.TextField.Analyze and
// analysis.TokenFrequency), the values of a list merged as the segment
// merges them: the same terms, frequencies, lengths and, on the fields
// with term vectors, locations. TestAnalyzedAsBleve checks it.
func (w *analyzer) article(a *content.Article) analyzedDoc {
	vals := fieldsOf(a)
	doc := document.NewDocument(a.ID)
	doc.Fields = make([]document.Field, 0, numFields)
	fds := new([numFields]indexedField)
	for i := range w.snips {
		w.snips[i] = w.snips[i][:0]
	}
	for fi, f := range fields {
		ch := &w.chains[chainOf(f.analyzer)]
		opts := bindex.IndexField
		if f.vectors() {
			opts |= bindex.IncludeTermVectors
		}
		fd := &fds[fi]
		fd.name, fd.opts = f.name, opts
		w.startField()
		words := 0
		for vi, v := range vals[fi] {
			fd.bytes += uint64(len(v))
			stream, n := w.run(ch, v)
			words += n
			var arrayPos []uint64 // where a list's value is, as bleve's mapping has it
			if opts.IncludeTermVectors() && vals.isList(fi) {
				arrayPos = []uint64{uint64(vi)}
			}
			if ch.pairs != nil {
				fd.length += w.pairsOf(ch, stream, func(term []byte, start, end, pos int) {
					var loc *bindex.TokenLocation
					if opts.IncludeTermVectors() {
						loc = w.loc()
						*loc = bindex.TokenLocation{ArrayPositions: arrayPos, Start: start, End: end, Position: pos}
					}
					w.count(fi, term, loc)
				})
				continue
			}
			fd.length += len(stream)
			for _, t := range stream {
				var loc *bindex.TokenLocation
				if opts.IncludeTermVectors() {
					loc = w.loc()
					*loc = bindex.TokenLocation{ArrayPositions: arrayPos, Start: t.Start, End: t.End, Position: t.Position}
				}
				w.count(fi, t.Term, loc)
			}
			switch {
			case fi == fieldSummaryN:
				w.passage(&w.snips[0], srcSummary, v, v, 0, stream)
			case fi == fieldMessageN:
				w.passage(&w.snips[1], srcMessage, v, v, 0, stream)
			case fi == fieldSeenAsN && vi < len(a.SeenAs):
				w.passage(&w.snips[2], srcSeenAs+vi, v, v, 0, stream)
			case fi == fieldBodyN:
				// The body's passages are the lines of a.Text, which
				// the value starts with.
				eachLine(a.Text, func(line string, off int) {
					i := 0
					for i < len(stream) && stream[i].Start < off {
						i++
					}
					stream = stream[i:]
					i = 0
					for i < len(stream) && stream[i].Start < off+len(line) {
						i++
					}
					w.passage(&w.snips[3], srcSeenAs+len(a.SeenAs), line, v, off, stream[:i])
					stream = stream[i:]
				})
			}
		}
		if words > 0 {
			w.length[fi] += words
			w.holders[fi]++
		}
		fd.freqs = w.endField()
		doc.AddField(fd)
	}
	size := 0
	for _, s := range w.snips {
		size += len(s)
	}
	snip := make([]byte, 0, size)
	for _, s := range w.snips {
		snip = append(snip, s...)
	}
	return analyzedDoc{doc: doc, snip: snip, worker: w.id}
}

// count adds an occurrence of term to the field being analyzed (number
// fi), at loc when the field keeps term vectors.
func (w *analyzer) count(fi int, term []byte, loc *bindex.TokenLocation) {
	id := w.term(term)
	var tf *bindex.TokenFreq
	if in := &w.info[id]; in.field == w.field {
		tf = w.found[in.slot]
	} else {
		if len(w.freqs) == cap(w.freqs) {
			w.freqs = make([]bindex.TokenFreq, 0, 1024)
		}
		w.freqs = append(w.freqs, bindex.TokenFreq{Term: w.termBytes(id)})
		tf = &w.freqs[len(w.freqs)-1]
		in.field, in.slot = w.field, int32(len(w.found))
		w.found, w.foundIDs = append(w.found, tf), append(w.foundIDs, id)
		in.stats[fi]++
	}
	if loc != nil {
		tf.Locations = append(tf.Locations, loc)
	}
	tf.SetFrequency(tf.Frequency() + 1)
}

// startField starts counting the terms of a field of an article.
func (w *analyzer) startField() {
	w.field++
	w.found, w.foundIDs = w.found[:0], w.foundIDs[:0]
}

// endField returns the terms of the field counted since startField.
func (w *analyzer) endField() bindex.TokenFrequencies {
	if len(w.found) == 0 {
		return nil
	}
	freqs := make(bindex.TokenFrequencies, len(w.found))
	for i, tf := range w.found {
		freqs[w.terms[w.foundIDs[i]]] = tf
	}
	return freqs
}

func (w *analyzer) loc() *bindex.TokenLocation {
	if len(w.locs) == cap(w.locs) {
		w.locs = make([]bindex.TokenLocation, 0, 256)
	}
	w.locs = append(w.locs, bindex.TokenLocation{})
	return &w.locs[len(w.locs)-1]
}

// pairsOf makes the word pairs of a stream of words as pairFilter does,
// calling fn with each (its term, offsets and position), and returns how
// many there are.
func (w *analyzer) pairsOf(ch *chain, input analysis.TokenStream, fn func(term []byte, start, end, pos int)) int {
	f := ch.pairs
	w.stop = w.stop[:0]
	for _, t := range input {
		w.stop = append(w.stop, f.stop[string(t.Term)])
	}
	input = f.stem.Filter(input)
	n := 0
	eachPair(input, w.stop, func(a, b *analysis.Token) {
		w.pair = append(append(append(w.pair[:0], a.Term...), ' '), b.Term...)
		n++
		fn(w.pair, a.Start, b.End, n)
	})
	return n
}

// passage records a snippet passage in dst: which text of the article
// it is cut from (src, see passageSource), where, and the text analyzer's
// tokens of it. The passage is text trimmed; the tokens' offsets are in
// value, where text starts at off (value is the source, or starts with
// it).
func (w *analyzer) passage(dst *[]byte, src int, text, value string, off int, stream analysis.TokenStream) {
	p, lead := trim(text)
	if p == "" {
		return
	}
	base := off + lead
	w.pass = w.pass[:0]
	for _, t := range stream {
		word := value[t.Start:t.End]
		stem := w.term(t.Term)
		var lower termID
		if isASCII(word) {
			w.lower = appendLowerASCII(w.lower[:0], word)
			lower = w.term(w.lower)
		} else {
			lower = w.term([]byte(strings.ToLower(word)))
		}
		if lower == stem {
			lower = -1
		}
		w.pass = append(w.pass, snipTok{start: t.Start - base, end: t.End - base, stem: stem, lower: lower})
	}
	*dst = appendPassage(*dst, passageRef{src, base, len(p)}, w.pass)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func appendLowerASCII(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}
