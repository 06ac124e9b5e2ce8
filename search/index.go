package search

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/sockerr/sockerr/content"
)

// Index answers queries over one corpus. It is immutable once built and
// safe for concurrent use.
type Index struct {
	corpus *content.Corpus
	bleve  bleve.Index
	res    *resolver

	text, ident, pairs analysis.Analyzer // the analyzers of the mapping, for the query side

	vocab map[string]termStats        // every term indexed in some field → how many articles hold it in each field
	norm  [numFields]float64          // field → square root of its average length in words
	lex   map[string]lexicon          // analyzer → its terms, for correcting typos
	maxDF int                         // a term that more articles hold in a field is not worth a clause on it
	idfs  []float64                   // document frequency → bleve's tf-idf idf
	snips map[*content.Article][]byte // article → the words of its snippet passages (see snippet.go)
	ids   termIDs                     // the terms of all snippet passages

	scratch sync.Pool // of *scratch, for snippets
}

// termStats counts the articles that hold a term, field by field (in the
// order of fields).
type termStats [numFields]int32

// df is the number of articles that hold the term in the fields of one
// analyzer: the most of any one of them.
func (s *termStats) df(analyzer string) int {
	n := int32(0)
	for i, f := range fields {
		if f.analyzer == analyzer {
			n = max(n, s[i])
		}
	}
	return int(n)
}

// splitDocs is the corpus size from which the index is built in parallel
// batches; below it, one segment is faster to build and to search.
var splitDocs = 2048

// New builds the index for a corpus: in memory, with scorch, in one batch
// (one per core for a large corpus).
//
// The articles are analyzed here, on every core, with the analyzers of
// the mapping, and handed to bleve analyzed: the same pass counts the
// terms of each field and records the words of the snippet passages, so
// nothing is analyzed twice and nothing is read back from bleve.
func New(c *content.Corpus) (*Index, error) {
	m, err := newMapping()
	if err != nil {
		return nil, fmt.Errorf("search: mapping: %w", err)
	}
	x := &Index{
		corpus: c,
		text:   m.AnalyzerNamed(analyzerText),
		ident:  m.AnalyzerNamed(analyzerIdent),
		pairs:  m.AnalyzerNamed(analyzerPairs),
		res:    newResolver(c),
	}
	if x.text == nil || x.ident == nil || x.pairs == nil {
		return nil, fmt.Errorf("search: analyzers missing from the mapping")
	}
	arts := c.Articles()
	docs, workers, err := analyzeAll(arts, [3]analysis.Analyzer{x.ident, x.text, x.pairs})
	if err != nil {
		return nil, err
	}

	bi, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("search: creating index: %w", err)
	}
	// bleve builds a batch's segment on the goroutine that hands it the
	// batch, in one thread: a large corpus goes in as one batch per core,
	// built side by side. Scorch searches its segments as one index, with
	// index-wide term counts, so the answers do not change (see
	// TestSegmentsAnswerAlike); the counts and the snippet words are
	// gathered meanwhile.
	parts := 1
	if len(docs) >= splitDocs {
		parts = runtime.GOMAXPROCS(0)
	}
	var wg sync.WaitGroup
	wg.Go(func() { x.gather(arts, docs, workers) })
	errs := make([]error, parts)
	for p := range parts {
		wg.Go(func() {
			b := bi.NewBatch()
			for _, d := range docs[p*len(docs)/parts : (p+1)*len(docs)/parts] {
				if err := b.IndexAdvanced(d.doc); err != nil {
					errs[p] = fmt.Errorf("search: indexing %s: %w", d.doc.ID(), err)
					return
				}
			}
			if err := bi.Batch(b); err != nil {
				errs[p] = fmt.Errorf("search: indexing: %w", err)
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		bi.Close()
		return nil, err
	}
	x.bleve = bi

	n := len(arts)
	x.maxDF = max(n/4, 2)
	x.idfs = make([]float64, 0, n+1)
	for df := 0; df <= n; df++ {
		x.idfs = append(x.idfs, 1+math.Log(float64(n)/float64(df+1))) // as bleve computes it
	}
	return x, nil
}

// gather merges what the workers counted: the terms of each field, the
// fields' lengths, the lexicons, and the snippet words with their terms
// numbered for the whole index.
func (x *Index) gather(arts []*content.Article, docs []analyzedDoc, workers []*analyzer) {
	var length, holders [numFields]int
	size := 0
	for _, w := range workers {
		for i := range fields {
			length[i] += w.length[i]
			holders[i] += w.holders[i]
		}
		size = max(size, len(w.terms))
	}
	for i := range fields {
		x.norm[i] = math.Sqrt(float64(length[i]) / float64(max(holders[i], 1)))
	}

	x.vocab = make(map[string]termStats, size)
	x.lex = map[string]lexicon{analyzerText: {}, analyzerIdent: {}}
	for _, w := range workers {
		for id, in := range w.info {
			st := in.stats
			if st == (termStats{}) {
				continue
			}
			term := w.terms[id]
			s := x.vocab[term]
			for i := range s {
				s[i] += st[i]
			}
			x.vocab[term] = s
		}
	}
	for term, s := range x.vocab {
		for _, a := range []string{analyzerText, analyzerIdent} {
			if s.df(a) > 0 {
				x.lex[a].add(term)
			}
		}
	}

	// Number the terms of the snippet words for the whole index, then
	// write the words in the final form.
	x.ids = termIDs{}
	remap := make([][]termID, len(workers))
	for i, w := range workers {
		remap[i] = make([]termID, len(w.terms))
		for j := range remap[i] {
			remap[i][j] = -1
		}
	}
	var refs []passageRef
	var counts []int
	var words []snipTok
	for _, d := range docs {
		w, rm := workers[d.worker], remap[d.worker]
		refs, counts, words = passagesOf(d.snip, refs[:0], counts[:0], words[:0])
		for _, t := range words {
			for _, id := range [2]termID{t.stem, t.lower} {
				if id >= 0 && rm[id] < 0 {
					rm[id] = x.ids.id(w.terms[id])
				}
			}
		}
	}
	width := idBytes(len(x.ids))
	x.snips = make(map[*content.Article][]byte, len(arts))
	var buf []byte
	for i, d := range docs {
		rm := remap[d.worker]
		refs, counts, words = passagesOf(d.snip, refs[:0], counts[:0], words[:0])
		buf = appendWords(buf[:0], refs, counts, words, width, func(id termID) termID { return rm[id] })
		x.snips[arts[i]] = bytes.Clone(buf)
	}
}

// Corpus returns the corpus the index was built from.
func (x *Index) Corpus() *content.Corpus { return x.corpus }

// Close releases the index. Searching a closed index returns an error.
func (x *Index) Close() error { return x.bleve.Close() }

// fieldValues is what is indexed for an article: the values of each
// field of [fields], in order. Fields with one value (message, title,
// summary, body) are indexed as a string, the others as a list.
type fieldValues [numFields][]string

// isList reports whether field fi is indexed as a list.
func (*fieldValues) isList(fi int) bool {
	switch fi {
	case fieldMessageN, fieldTitleN, fieldSummaryN, fieldBodyN:
		return false
	}
	return true
}

// fieldsOf is the document indexed for an article.
func fieldsOf(a *content.Article) *fieldValues {
	var ident, related, seen []string
	ident = append(ident, a.ID)
	ident = append(ident, a.Aliases...)
	switch a.Kind {
	case content.KindError:
		ident = append(ident, codeForms(a)...)
		if a.Errno != nil {
			ident = append(ident, a.Errno.Name)
		}
		if a.DotNet != "" {
			ident = append(ident, a.DotNet)
		}
		if a.Node != nil && a.Node.Code != "" {
			ident = append(ident, a.Node.Code)
		}
		if a.Python != "" {
			ident = append(ident, a.Python)
		}
		related = append(related, a.Functions...)
	case content.KindKB:
		ident = append(ident, "KB"+a.ID, "Q"+a.ID)
		for _, e := range a.ErrorArticles {
			related = append(related, e.ID)
			related = append(related, codeForms(e)...)
		}
	}
	seen = append(seen, a.SeenAs...)
	if a.Java != nil && a.Java.Exception != "" {
		seen = append(seen, strings.TrimSpace(a.Java.Exception+": "+a.Java.Message))
	}
	body := a.Text
	if len(a.AppliesTo) > 0 {
		body += "\n" + strings.Join(a.AppliesTo, "\n")
	}
	pairs := append([]string{a.Message, a.Title, a.Summary}, seen...)
	return &fieldValues{
		fieldIdentN:   ident,
		fieldRelatedN: related,
		fieldMessageN: {a.Message},
		fieldSeenAsN:  seen,
		fieldTitleN:   {a.Title},
		fieldSummaryN: {a.Summary},
		fieldBodyN:    {body},
		fieldPairsN:   pairs,
	}
}

// idf is bleve's inverse document frequency for a term in df articles.
func (x *Index) idf(df int) float64 {
	return x.idfs[min(max(df, 0), len(x.idfs)-1)]
}

// codeForms is an error's code as people write it: 10054, 0x2746, 2746,
// 0x80072746 and the HRESULT as a signed decimal (-2147014842).
func codeForms(a *content.Article) []string {
	h := content.HRESULT(a.Code)
	return []string{
		strconv.Itoa(a.Code),
		a.Hex(),
		fmt.Sprintf("%X", a.Code),
		a.HRESULT(),
		strconv.Itoa(int(int32(h))),
	}
}

// analyzedDoc is an article analyzed: the document for bleve, and the
// words of its snippet passages with the terms numbered by the worker
// that analyzed it.
type analyzedDoc struct {
	doc    *document.Document
	snip   []byte
	worker int
}
