package search

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/sockerr/sockerr/content"
)

// Index answers queries over one corpus. It is immutable once built and
// safe for concurrent use.
type Index struct {
	corpus *content.Corpus
	bleve  bleve.Index
	res    *resolver

	text, ident, pairs analysis.Analyzer // the analyzers of the mapping, for the query side

	vocab map[string]map[string]int // field → every term indexed in it → how many articles hold it there
	df    map[dfKey]int             // analyzer and term → how many articles hold it in the fields of the analyzer (the most of any one field)
	norm  map[string]float64        // field → square root of its average length in words
	lex   map[string]lexicon        // analyzer → its terms, for correcting typos
	maxDF int                       // a term that more articles hold in a field is not worth a clause on it
	idfs  []float64                 // document frequency → bleve's tf-idf idf
	docs  map[string]*doc           // article id → its snippet passages
	ids   termIDs                   // the terms of all snippet passages
}

// New builds the index for a corpus: in memory, with scorch, in one batch.
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
		vocab:  map[string]map[string]int{},
		df:     map[dfKey]int{},
		norm:   map[string]float64{},
		lex:    map[string]lexicon{analyzerText: {}, analyzerIdent: {}},
		docs:   map[string]*doc{},
		ids:    termIDs{},
		res:    newResolver(c),
	}
	if x.text == nil || x.ident == nil || x.pairs == nil {
		return nil, fmt.Errorf("search: analyzers missing from the mapping")
	}

	// Cut the snippet passages while bleve indexes.
	docs := make([]*doc, len(c.Articles()))
	var wg sync.WaitGroup
	wg.Go(func() {
		for i, a := range c.Articles() {
			docs[i] = newDoc(a, x.text, x.ids)
		}
	})
	err = x.build(m, c)
	wg.Wait()
	if err != nil {
		return nil, err
	}
	for i, a := range c.Articles() {
		x.docs[a.ID] = docs[i]
	}

	n := len(c.Articles())
	x.maxDF = max(n/4, 2)
	for df := 0; df <= n; df++ {
		x.idfs = append(x.idfs, 1+math.Log(float64(n)/float64(df+1))) // as bleve computes it
	}
	return x, nil
}

// build indexes the articles in one batch and reads back, for each field,
// its terms and their document frequencies.
func (x *Index) build(m mapping.IndexMapping, c *content.Corpus) error {
	bi, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return fmt.Errorf("search: creating index: %w", err)
	}
	b := bi.NewBatch()
	length := map[string]int{}  // field → words in it, over all articles
	holders := map[string]int{} // field → articles with words in it
	for _, a := range c.Articles() {
		doc := fieldsOf(a)
		if err := b.Index(a.ID, doc); err != nil {
			bi.Close()
			return fmt.Errorf("search: indexing %s: %w", a.ID, err)
		}
		for _, f := range fields {
			if n := words(doc[f.name]); n > 0 {
				length[f.name] += n
				holders[f.name]++
			}
		}
	}
	if err := bi.Batch(b); err != nil {
		bi.Close()
		return fmt.Errorf("search: indexing: %w", err)
	}
	for _, f := range fields {
		x.norm[f.name] = math.Sqrt(float64(length[f.name]) / float64(max(holders[f.name], 1)))
		terms, err := fieldTerms(bi, f.name)
		if err != nil {
			bi.Close()
			return fmt.Errorf("search: reading terms of %s: %w", f.name, err)
		}
		x.vocab[f.name] = terms
		for t, n := range terms {
			key := dfKey{f.analyzer, t}
			if _, ok := x.df[key]; !ok && x.lex[f.analyzer] != nil {
				x.lex[f.analyzer].add(t)
			}
			x.df[key] = max(x.df[key], n)
		}
	}
	x.bleve = bi
	return nil
}

// Corpus returns the corpus the index was built from.
func (x *Index) Corpus() *content.Corpus { return x.corpus }

// Close releases the index. Searching a closed index returns an error.
func (x *Index) Close() error { return x.bleve.Close() }

// fieldsOf is the document indexed for an article: a value (or list of
// values) per field of [fields].
func fieldsOf(a *content.Article) map[string]any {
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
	return map[string]any{
		fieldIdent:   ident,
		fieldRelated: related,
		fieldMessage: a.Message,
		fieldSeenAs:  seen,
		fieldTitle:   a.Title,
		fieldSummary: a.Summary,
		fieldBody:    body,
		fieldPairs:   pairs,
	}
}

type dfKey struct{ analyzer, term string }

// idf is bleve's inverse document frequency for a term in df articles.
func (x *Index) idf(df int) float64 {
	return x.idfs[min(max(df, 0), len(x.idfs)-1)]
}

// words counts the words of a field's value (or values). It stands in
// for the number of terms bleve makes of them: close enough to compare
// fields' average lengths, at a fraction of the cost of analyzing again.
func words(v any) int {
	n := 0
	count := func(s string) { eachWord(s, func(int, int) { n++ }) }
	switch v := v.(type) {
	case string:
		count(v)
	case []string:
		for _, s := range v {
			count(s)
		}
	}
	return n
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

// fieldTerms returns every term indexed in a field, with the number of
// articles that hold it there.
func fieldTerms(bi bleve.Index, field string) (map[string]int, error) {
	d, err := bi.FieldDict(field)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	terms := map[string]int{}
	for {
		e, err := d.Next()
		if err != nil {
			return nil, err
		}
		if e == nil {
			return terms, nil
		}
		terms[e.Term] = int(e.Count)
	}
}
